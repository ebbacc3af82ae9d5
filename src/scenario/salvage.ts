// "Every problem at once" across both passes: when the first pass (shape and units) fails, the
// second (cross-field and catalog checks: min > max, Fargate sizes, instance types, …) still runs
// on what can be kept. Fields the schema refused are taken out (a list as a whole; an alternative
// as a whole), top-level essentials get a placeholder, and a second-pass problem is reported only
// when nothing it depends on was taken out, so the salvage never invents a problem.

import { formatPath, type ScenarioIssue } from '../domain/errors.js';
import type { Issues } from './defaults.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema, type ScenarioParsed } from './schema.js';

type Key = PropertyKey;
type Json = Record<string, unknown>;

/** Values for required top-level fields that could not be read, so the rest can still be checked. */
const PLACEHOLDERS: Record<string, unknown> = { name: 'scenario', horizon: 3600 };

/** An alternative standing in when none could be read: only its capacity-independent checks count. */
const STUB = { name: '\u0000salvage', capacity: { type: 'fargate' } };
const STUB_CHECKS = /^\.(service|jobs)\.(autoscaling|lifecycle|startLatency|duration|taskCapacity|deployments)\b/;

interface Salvaged {
  data: ScenarioParsed;
  /** What was taken out, as paths in the original file. */
  removed: string[];
  /** Original index of each kept alternative; -1 for the stub. */
  alternatives: number[];
}

function isObject(x: unknown): x is Json {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function at(root: unknown, path: readonly Key[]): unknown {
  let node = root;
  for (const k of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<Key, unknown>)[k];
  }
  return node;
}

function salvage(raw: Json): Salvaged | null {
  const work = structuredClone(raw);
  let alternatives = Array.isArray(work.alternatives) ? work.alternatives.map((_, i) => i) : [];
  const removed = new Set<string>();
  for (let round = 0; round < 32; round++) {
    const result = scenarioSchema.safeParse(work);
    if (result.success) return { data: result.data, removed: [...removed], alternatives };
    const dropAlternatives = new Set<number>();
    let changed = false;
    for (const issue of result.error.issues) {
      const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (let target of targets) {
        // Missing: its parent goes (but an empty slot of a list is the element itself).
        if (at(work, target) === undefined && typeof target[target.length - 1] !== 'number') target = target.slice(0, -1);
        if (target.length === 0) return null;
        if (target[0] === 'alternatives' && typeof target[1] === 'number' && Array.isArray(work.alternatives)) {
          dropAlternatives.add(target[1]);
          continue;
        }
        // A list is kept or taken out whole: no index of what is kept shifts.
        const list = target.findIndex((k) => typeof k === 'number');
        if (list > 0) target = target.slice(0, list);
        if (target.length === 1 && String(target[0]) in PLACEHOLDERS && work[String(target[0])] !== PLACEHOLDERS[String(target[0])]) {
          work[String(target[0])] = PLACEHOLDERS[String(target[0])];
        } else {
          const parent = at(work, target.slice(0, -1));
          if (!isObject(parent) || !(String(target.at(-1)) in parent)) continue;
          delete parent[String(target.at(-1))];
        }
        removed.add(formatPath(target));
        changed = true;
      }
    }
    if (dropAlternatives.size > 0 && Array.isArray(work.alternatives)) {
      const list = work.alternatives;
      for (const i of [...dropAlternatives].sort((a, b) => b - a)) {
        if (alternatives[i] >= 0) removed.add(`alternatives[${alternatives[i]}]`);
        list.splice(i, 1);
        alternatives.splice(i, 1);
      }
      if (list.length === 0) {
        list.push(structuredClone(STUB));
        alternatives = [-1];
      }
      changed = true;
    }
    if (!changed) return null;
  }
  return null;
}

/** Paths in the original file whose removal could change (or invent) the problem at `path`. */
function dependsOn(path: string): string[] {
  const alt = /^alternatives\[\d+\]((\.[\w$]+).*)?$/.exec(path);
  if (alt) {
    const rest = alt[1] ?? '';
    const section = alt[2] ?? '';
    if (section === '.service' || section === '.jobs') {
      const field = rest.slice(1); // e.g. service.autoscaling.maxCapacity
      const extra = /^service\.task\b|^jobs\.task\b/.test(field) ? ['service.task', 'jobs.task'] : /^service\.taskCapacity/.test(field) ? ['service.baseLatency', 'service.concurrency'] : [];
      return [field, ...extra];
    }
    if (section === '.capacity') return ['service.task', 'jobs.task', 'rates', 'region'];
    if (section === '.extras') return ['extras', 'rates', 'region'];
    if (section === '.commitments' || section === '.name') return ['region', 'rates'];
    return [''];
  }
  if (path === 'region') return ['region', 'alternatives']; // checked only when some alternative uses Fargate
  if (path === 'tick' || path === 'thresholds') return [path];
  if (path.startsWith('rates')) return ['rates'];
  if (path.startsWith('workload.')) return ['workload', 'horizon'];
  if (path === 'jobs.name') return ['jobs.name', 'service.name'];
  return [''];
}

function related(a: string, b: string): boolean {
  const under = (x: string, y: string) => y === '' || x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return under(a, b) || under(b, a);
}

/**
 * Second-pass problems of a scenario whose first pass failed, in the file's paths; those that
 * could owe anything to what the first pass refused are left out.
 */
export function secondPassDespite(raw: unknown, file: string): ScenarioIssue[] {
  if (!isObject(raw)) return [];
  const issues: Issues = [];
  let kept: Salvaged | null;
  try {
    kept = salvage(raw);
    // Not sized: placeholders and defaults for what was refused would size another run.
    if (kept) resolveScenario(kept.data, file, issues, { estimate: false });
  } catch {
    return []; // the salvage is a courtesy: never let it hide the first pass
  }
  if (!kept) return [];
  const out: ScenarioIssue[] = [];
  for (const issue of issues) {
    const deps = dependsOn(issue.path);
    if (kept.removed.some((r) => deps.some((d) => related(r, d)))) continue;
    let path = issue.path;
    const alt = /^alternatives\[(\d+)\]/.exec(path);
    if (alt) {
      const original = kept.alternatives[Number(alt[1])];
      const rest = path.slice(alt[0].length);
      if (original >= 0) path = `alternatives[${original}]${rest}`;
      else if (STUB_CHECKS.test(rest)) path = rest.slice(1);
      else continue; // the stub stands for every alternative: only what holds whatever the capacity
    }
    if (!out.some((o) => o.path === path && o.message === issue.message)) out.push({ ...issue, path });
  }
  return out;
}
