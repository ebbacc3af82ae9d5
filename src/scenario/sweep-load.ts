// Loads a sweep: the scenario file, its `sweep:` block and the `--set` flags, expanded into one
// validated Scenario per point. A path that does not exist, or a value the schema refuses, is a
// ScenarioError naming the path, the point and what is allowed, before anything runs.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FieldError, ScenarioError, type ScenarioIssue } from '../domain/errors.js';
import type { Scenario } from '../domain/scenario.js';
import { loadScenario, validateScenario } from './load.js';
import { applyOverride, gridPoints, oneAtATimePoints, parseSetFlag, parseSweepParameters, pointSets, type PointIndex, type SweepParameter } from './override.js';

export type SweepMode = 'grid' | 'one-at-a-time';

export interface SweepPoint {
  /** Position in the whole sweep (stable across shards). */
  index: number;
  /** Index into each parameter's values; -1: as the scenario has it (one-at-a-time only). */
  indices: PointIndex;
  scenario: Scenario;
}

export interface LoadedSweep {
  base: Scenario;
  mode: SweepMode;
  parameters: SweepParameter[];
  points: SweepPoint[];
}

export interface SweepLoadOptions {
  /** `--set path=values`, each a parameter; a path also in the `sweep:` block replaces it there. */
  sets?: readonly string[];
  /** Overrides `sweep.mode`. */
  mode?: SweepMode;
  /** Overrides every point's `replications`. */
  replications?: number;
}

function wrapField(file: string, path: string, err: unknown): never {
  if (err instanceof FieldError) throw new ScenarioError(file, [{ path, message: err.message, allowed: err.allowed }]);
  throw err;
}

/** `service.task.cpu=0.5 vCPU, …`: how a message and a table name a point. */
export function describePoint(parameters: readonly SweepParameter[], indices: PointIndex): string {
  const parts = parameters.flatMap((p, i) => (indices[i] < 0 ? [] : [`${p.name}=${p.values[indices[i]].label}`]));
  return parts.length === 0 ? 'the scenario as written' : parts.join(', ');
}

/** The parameters of a scenario document's `sweep:` block and the flags, the flags last. */
export function sweepParameters(file: string, doc: Record<string, unknown>, sets: readonly string[]): SweepParameter[] {
  const block = (doc.sweep as { parameters?: Record<string, unknown> } | undefined)?.parameters ?? {};
  let fromBlock: SweepParameter[];
  try {
    fromBlock = parseSweepParameters(block);
  } catch (err) {
    wrapField(file, 'sweep.parameters', err);
  }
  const fromFlags = sets.map((s) => {
    try {
      return parseSetFlag(s);
    } catch (err) {
      wrapField(file, `--set ${s}`, err);
    }
  });
  const flagged = new Set(fromFlags.map((p) => p.name));
  return [...fromBlock.filter((p) => !flagged.has(p.name)), ...fromFlags];
}

/** Validates one point's document; its problems come back naming the point. */
function validatePoint(file: string, doc: unknown, what: string, index: number): Scenario {
  try {
    return validateScenario(doc, file);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const issues: ScenarioIssue[] = err.issues.map(({ line: _l, column: _c, ...issue }) => ({ ...issue, message: `at sweep point ${index} (${what}): ${issue.message}` }));
    throw new ScenarioError(file, issues);
  }
}

export function loadSweep(file: string, opts: SweepLoadOptions = {}): LoadedSweep {
  // The scenario as written first: its own errors come with lines and columns.
  const base = loadScenario(file);
  const doc = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 100 }) as Record<string, unknown>;
  const parameters = sweepParameters(file, doc, opts.sets ?? []);
  if (parameters.length === 0) {
    throw new ScenarioError(file, [{ path: 'sweep', message: 'nothing to sweep: the scenario has no sweep.parameters and no --set was given', allowed: 'a sweep: block with parameters, or --set path=v1,v2,...' }]);
  }
  const mode: SweepMode = opts.mode ?? ((doc.sweep as { mode?: SweepMode } | undefined)?.mode ?? 'grid');
  const { sweep: _sweep, ...plain } = doc;
  const document = opts.replications === undefined ? plain : { ...plain, replications: opts.replications };
  let indices: PointIndex[];
  try {
    indices = mode === 'grid' ? gridPoints(parameters) : oneAtATimePoints(parameters);
  } catch (err) {
    wrapField(file, 'sweep', err);
  }
  const points = indices.map((idx, index) => {
    const what = describePoint(parameters, idx);
    let pointDoc: unknown = document;
    for (const set of pointSets(parameters, idx)) {
      try {
        pointDoc = applyOverride(pointDoc, set.path, set.value);
      } catch (err) {
        if (err instanceof FieldError) throw new ScenarioError(file, [{ path: set.path, message: `at sweep point ${index} (${what}): ${err.message}`, allowed: err.allowed }]);
        throw err;
      }
    }
    const scenario = validatePoint(file, pointDoc, what, index);
    if (scenario.alternatives.length !== base.alternatives.length || scenario.alternatives.some((a, i) => a.name !== base.alternatives[i].name)) {
      throw new ScenarioError(file, [{ path: 'alternatives', message: `at sweep point ${index} (${what}): the alternatives differ from the scenario's`, allowed: `the same alternatives at every point (${base.alternatives.map((a) => a.name).join(', ')}); sweep their fields, not their names` }]);
    }
    return { index, indices: idx, scenario };
  });
  return { base, mode, parameters, points };
}
