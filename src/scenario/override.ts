// Overrides of a scenario document: "set this path to that value" on the raw (parsed, not yet
// validated) scenario, and the sweep parameters built from them (`--set path=v1,v2`, the
// `sweep:` block). Pure functions of plain data: the loader validates each overridden document
// with the same schema as any scenario, so a value the schema refuses is refused here too.
// Deliberately not here: reading files, running points (run/sweep.ts).

import { parse as parseYaml } from 'yaml';
import { FieldError } from '../domain/errors.js';

/** Keys of a path: `alternatives.1.capacity.instanceType` → ['alternatives', 1, 'capacity', 'instanceType']. */
export type PathKeys = (string | number)[];

/** More points than any sweep here can run; a typo in a range (step 0.001 for 1) is refused, not run for days. */
export const MAX_SWEEP_POINTS = 10_000;

/** `a.b.0.c` or `a.b[0].c` → keys; a whole-number segment is a list index. */
export function parsePath(path: string): PathKeys {
  const text = path.trim();
  if (text === '' || /(^\.)|(\.\.)|(\.$)/.test(text.replace(/\[(\d+)\]/g, '.$1'))) {
    throw new FieldError(`"${path}" is not a scenario path`, 'dotted field names with list indexes, e.g. service.task.cpu or service.autoscaling.targetTracking.0.target');
  }
  return text
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** Keys back to the dotted form used in sweep output: ['a', 0, 'b'] → `a.0.b`. */
export function formatKeys(keys: readonly (string | number)[]): string {
  return keys.join('.');
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What a node offers at the next step of a path, for the "allowed" part of a message. */
function offered(node: unknown): string {
  if (Array.isArray(node)) return node.length === 0 ? 'nothing (the list is empty)' : `an index from 0 to ${node.length - 1}`;
  if (isMapping(node)) return Object.keys(node).length === 0 ? 'nothing (the mapping is empty)' : `the fields it has: ${Object.keys(node).join(', ')}`;
  return `nothing: it is a single value (${JSON.stringify(node)}), not a mapping or a list`;
}

/**
 * `doc` with the value at `path` replaced (a copy along the path; the rest is shared, not
 * copied). Every step before the last must exist in the document; the last may be a field the
 * document leaves out (the schema then says whether it is one), but not a list index past the end.
 */
export function applyOverride(doc: unknown, path: string, value: unknown): unknown {
  const keys = parsePath(path);
  const set = (node: unknown, i: number): unknown => {
    const key = keys[i];
    const last = i === keys.length - 1;
    const here = formatKeys(keys.slice(0, i)) || '(top level)';
    if (Array.isArray(node)) {
      if (typeof key !== 'number' || key >= node.length) throw new FieldError(`${path}: ${here} has no item ${JSON.stringify(key)}`, offered(node));
      const copy = node.slice();
      copy[key] = last ? value : set(node[key], i + 1);
      return copy;
    }
    if (isMapping(node)) {
      const k = String(key);
      if (!last && !(k in node)) throw new FieldError(`${path}: ${here} has no field "${k}" (the scenario does not set it)`, offered(node));
      return { ...node, [k]: last ? value : set(node[k], i + 1) };
    }
    throw new FieldError(`${path}: ${here} has no field "${key}"`, offered(node));
  };
  return set(doc, 0);
}

/** The value at `path`, or undefined. */
export function valueAtPath(doc: unknown, path: string): unknown {
  let node = doc;
  for (const key of parsePath(path)) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isMapping(node)) node = node[String(key)];
    else return undefined;
  }
  return node;
}

/** One value a parameter takes: the paths it sets (one, or several set together) and a label for tables. */
export interface ParameterValue {
  label: string;
  sets: { path: string; value: unknown }[];
}

/** A swept parameter: a path (or a name for linked paths) and the values it takes, in order. */
export interface SweepParameter {
  name: string;
  values: ParameterValue[];
}

/** A value as a table shows it: strings as written, numbers plainly, anything else as flow YAML-ish JSON. */
export function labelOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Ten decimal places: 0.1 + 0.2 steps give 0.3, not 0.30000000000000004. */
function tidy(x: number): number {
  return Number(x.toFixed(10));
}

/** The values of `{ from, to, step }`, both ends included when the step lands on `to`. */
export function expandRange(range: { from: number; to: number; step?: number }, name: string): number[] {
  const { from, to } = range;
  const step = range.step ?? 1;
  const allowed = 'a range { from: a, to: b, step: s } with numbers a ≤ b and s > 0, e.g. { from: 40, to: 70, step: 10 }';
  if (![from, to, step].every((x) => typeof x === 'number' && Number.isFinite(x))) throw new FieldError(`${name}: a range needs numbers for from, to and step`, allowed);
  if (step <= 0) throw new FieldError(`${name}: the step of a range must be above 0 (got ${step})`, allowed);
  if (to < from) throw new FieldError(`${name}: a range goes up: from ${from} is above to ${to}`, allowed);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_SWEEP_POINTS) throw new FieldError(`${name}: the range has ${count} values, more than a sweep runs`, `at most ${MAX_SWEEP_POINTS} values`);
  return Array.from({ length: count }, (_, i) => tidy(from + i * step));
}

/** One value of a parameter on one path. */
function single(path: string, value: unknown): ParameterValue {
  return { label: labelOf(value), sets: [{ path, value }] };
}

/** A scalar as YAML reads it: `60` a number, `true` a boolean, `0.5 vCPU` text. */
function scalar(text: string): unknown {
  const t = text.trim();
  if (t === '') return '';
  try {
    const v: unknown = parseYaml(t);
    return v === null || typeof v === 'object' ? t : v;
  } catch {
    return t;
  }
}

const RANGE = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*(?::\s*(\d+(?:\.\d+)?)\s*)?$/;

/**
 * `--set path=v1,v2,...` or `--set path=from..to:step` (numbers; the step defaults to 1). Values
 * are read as YAML scalars, so `60` is a number and `0.5 vCPU` is text; a value cannot hold a comma.
 */
export function parseSetFlag(text: string): SweepParameter {
  const allowed = 'path=v1,v2,... or path=from..to:step, e.g. service.task.cpu="0.5 vCPU,1 vCPU" or service.autoscaling.targetTracking.0.target=40..70:10';
  const eq = text.indexOf('=');
  if (eq <= 0) throw new FieldError(`--set "${text}" has no "path=" before its values`, allowed);
  const path = text.slice(0, eq).trim();
  parsePath(path);
  const rest = text.slice(eq + 1);
  const range = RANGE.exec(rest);
  if (range) {
    const values = expandRange({ from: Number(range[1]), to: Number(range[2]), step: range[3] === undefined ? 1 : Number(range[3]) }, path);
    return { name: path, values: values.map((v) => single(path, v)) };
  }
  const parts = rest.split(',');
  if (parts.some((p) => p.trim() === '')) throw new FieldError(`--set ${path}: an empty value in "${rest}"`, allowed);
  return { name: path, values: parts.map((p) => single(path, scalar(p))) };
}

/**
 * The `sweep.parameters` mapping of a scenario: each key a path with a list of values, a range
 * `{ from, to, step }`, or a name with `{ linked: [{ path: value, ... }, ...] }` (paths set
 * together, e.g. a task size's CPU, memory and capacity).
 */
export function parseSweepParameters(parameters: Record<string, unknown>): SweepParameter[] {
  return Object.entries(parameters).map(([name, spec]) => {
    if (Array.isArray(spec)) {
      parsePath(name);
      return { name, values: spec.map((v) => single(name, v)) };
    }
    if (isMapping(spec) && 'linked' in spec) {
      const linked = spec.linked as Record<string, unknown>[];
      return {
        name,
        values: linked.map((sets) => {
          const entries = Object.entries(sets);
          entries.forEach(([p]) => parsePath(p));
          const label = typeof sets.label === 'string' ? sets.label : entries.map(([, v]) => labelOf(v)).join(' ');
          return { label, sets: entries.filter(([p]) => p !== 'label').map(([path, value]) => ({ path, value })) };
        }),
      };
    }
    parsePath(name);
    return { name, values: expandRange(spec as { from: number; to: number; step?: number }, name).map((v) => single(name, v)) };
  });
}

/** One point of a sweep: the index into each parameter's values. */
export type PointIndex = number[];

/** Every combination (the cartesian product), the first parameter changing slowest. */
export function gridPoints(parameters: readonly SweepParameter[]): PointIndex[] {
  const total = parameters.reduce((n, p) => n * p.values.length, 1);
  if (total > MAX_SWEEP_POINTS) throw new FieldError(`the sweep has ${total} points (${parameters.map((p) => p.values.length).join(' × ')}), more than a sweep runs`, `at most ${MAX_SWEEP_POINTS} points: fewer values or fewer parameters`);
  const points: PointIndex[] = [];
  for (let i = 0; i < total; i++) {
    const point: number[] = new Array<number>(parameters.length);
    let rest = i;
    for (let p = parameters.length - 1; p >= 0; p--) {
      point[p] = rest % parameters[p].values.length;
      rest = Math.floor(rest / parameters[p].values.length);
    }
    points.push(point);
  }
  return points;
}

/**
 * One parameter at a time around the base scenario: the base (every index -1: nothing set),
 * then each parameter through its values with the others left as the scenario has them.
 */
export function oneAtATimePoints(parameters: readonly SweepParameter[]): PointIndex[] {
  const points: PointIndex[] = [parameters.map(() => -1)];
  parameters.forEach((p, i) => {
    p.values.forEach((_, v) => points.push(parameters.map((_, j) => (j === i ? v : -1))));
  });
  return points;
}

/** The assignments of a point (an index of -1 leaves that parameter as the scenario has it). */
export function pointSets(parameters: readonly SweepParameter[], point: PointIndex): { path: string; value: unknown }[] {
  return parameters.flatMap((p, i) => (point[i] < 0 ? [] : p.values[point[i]].sets));
}

/** `doc` with every assignment of a point applied in order. */
export function applyPoint(doc: unknown, parameters: readonly SweepParameter[], point: PointIndex): unknown {
  return pointSets(parameters, point).reduce((d, s) => applyOverride(d, s.path, s.value), doc);
}
