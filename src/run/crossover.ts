// Where the choice flips as traffic grows: a comparison's outcome at one traffic level as a row,
// and the traffic levels between which the cheapest alternative, or the recommended one, changes,
// narrowed by bisection. scripts/containers-vs-functions.mjs runs the simulations; this file holds
// the logic it reports, so the crossover note in docs/model.md rests on tested code.

import { instanceType } from '../catalog/index.js';
import { judgedCostRates, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import { judged } from './compare.js';
import { registeredMemoryMiB, type Scenario } from '../domain/scenario.js';
import { validateScenario } from '../scenario/load.js';
import { realiseDemand } from '../workload/demand.js';

/** One traffic level's comparison, as the crossover report reads it. */
export interface LevelRow {
  /** The traffic level (the script's peak rps). */
  level: number;
  /** Cost per 730-hour month, by alternative (the mean over replications when there are some). */
  monthly: Record<string, number>;
  /** Whether each alternative meets the SLO's latency rule (minutes over within the allowance). */
  meetsSlo: Record<string, boolean>;
  /** Whether each alternative's dropped share is within the comparison's drop budget. */
  withinDropBudget: Record<string, boolean>;
  /** The cheapest alternative over the run, SLO and drops ignored. */
  cheapest: string;
  /** The cheapest meeting the SLO and the drop budget (capsim's recommendation), or null. */
  recommended: string | null;
}

/** What a flip is about: the cheapest alternative, or the recommended one. */
export type LevelPick = (row: LevelRow) => string;

export const PICK_CHEAPEST: LevelPick = (row) => row.cheapest;
export const PICK_RECOMMENDED: LevelPick = (row) => row.recommended ?? '(none)';

/** A comparison's outcome at one traffic level. */
export function levelRow(level: number, result: ComparisonResult): LevelRow {
  const alts = result.alternatives;
  const verdicts = new Map(alts.map((a) => [a.name, judged(a, result.dropBudget ?? null)]));
  const v = (a: AlternativeResult) => verdicts.get(a.name)!;
  const cheapest = [...alts].sort((x, y) => v(x).usd - v(y).usd || x.name.localeCompare(y.name))[0];
  return {
    level,
    monthly: Object.fromEntries(alts.map((a) => [a.name, judgedCostRates(a).usdPerMonth])),
    meetsSlo: Object.fromEntries(alts.map((a) => [a.name, v(a).met])),
    withinDropBudget: Object.fromEntries(alts.map((a) => [a.name, v(a).withinBudget])),
    cheapest: cheapest?.name ?? '(none)',
    recommended: result.recommended,
  };
}

/** A change of the picked alternative between two traffic levels less than `ratio` apart. */
export interface Flip {
  below: string;
  above: string;
  /** The highest level found with `below` picked. */
  from: number;
  /** The lowest level found with `above` picked. */
  to: number;
}

/**
 * Narrows a flip between `lo` and `hi` (whose picks differ) by bisection on a log scale until
 * hi ÷ lo ≤ `ratio`, keeping pick(lo) as found at `lo`. With several flips inside (lo, hi) it finds
 * one of them; `findFlips` keeps the levels it is given close enough for that not to matter.
 */
export function bisectFlip(lo: number, hi: number, at: (level: number) => LevelRow, pick: LevelPick, ratio = 1.02): Flip {
  if (!(lo > 0 && hi > lo)) throw new Error(`bisectFlip needs 0 < lo < hi (got ${lo}, ${hi})`);
  if (!(ratio > 1)) throw new Error(`bisectFlip needs a ratio above 1 (got ${ratio})`);
  const low = pick(at(lo));
  let a = lo;
  let b = hi;
  while (b / a > ratio) {
    const mid = Math.sqrt(a * b);
    if (pick(at(mid)) === low) a = mid;
    else b = mid;
  }
  return { below: low, above: pick(at(b)), from: a, to: b };
}

/** Every flip of `pick` between consecutive `levels` (ascending), each narrowed by `bisectFlip`. */
export function findFlips(levels: readonly number[], at: (level: number) => LevelRow, pick: LevelPick, ratio = 1.02): Flip[] {
  const out: Flip[] = [];
  for (let i = 1; i < levels.length; i++) {
    if (!(levels[i] > levels[i - 1])) throw new Error(`findFlips needs ascending levels (got ${levels[i - 1]} then ${levels[i]})`);
    if (pick(at(levels[i - 1])) !== pick(at(levels[i]))) out.push(bisectFlip(levels[i - 1], levels[i], at, pick, ratio));
  }
  return out;
}

/**
 * The task count target tracking holds in steady state at `rps`: the fewest tasks whose CPU stays
 * at or under `targetPct` (a task at 100 % CPU serves `taskCapacityRps`), within [min, max]. A
 * service already serving that traffic starts a run this size, not at a count sized for another
 * traffic level.
 */
export function steadyTaskCount(rps: number, taskCapacityRps: number, targetPct: number, min: number, max: number): number {
  const need = Math.ceil(rps / ((taskCapacityRps * targetPct) / 100) - 1e-9);
  return Math.min(max, Math.max(min, need));
}

type Raw = { [key: string]: unknown };

/** The mapping at `path` of a parsed document (an error naming the path when it is not one). */
function mapping(root: unknown, path: (string | number)[], file: string): Raw {
  let v: unknown = root;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${file}: ${path.join('.')} is not a mapping`);
  return v as Raw;
}

/**
 * A scenario document (as parsed from YAML) with its diurnal curve scaled to `peak` rps, base
 * `baseShare` of it, and the fleet a service already serving that traffic starts the run with:
 * the service at `steadyTaskCount` for the first minute's realised rate under its first
 * target-tracking policy (never below the file's desiredCount), and each Auto Scaling group with
 * the instances those tasks need (tasks per instance by the first listed type's vCPU and
 * ECS-registered memory, within the group's max). Without this, a level far above the file's own
 * opens its run with the file's small fleet overloaded, and minutes of drops that only the start
 * of the run causes decide the comparison.
 */
export function atTrafficLevel(source: unknown, peak: number, baseShare: number, file = '<inline>'): { doc: Raw; scenario: Scenario } {
  const doc = mapping([structuredClone(source)], [0], file);
  const rps = mapping(doc, ['workload', 'rps'], file);
  if (rps.type !== 'diurnal') throw new Error(`${file}: atTrafficLevel scales a diurnal workload.rps curve (got ${String(rps.type)})`);
  rps.base = `${(peak * baseShare).toPrecision(6)} rps`;
  rps.peak = `${peak.toPrecision(6)} rps`;
  const first = validateScenario(doc, file);
  const svc = first.alternatives.find((a) => a.service)?.service;
  const tt = svc?.autoscaling?.targetTracking.find((t) => t.metric === 'cpu');
  if (!svc || !svc.autoscaling || !tt || doc.service === undefined) return { doc, scenario: first };
  const rate = realiseDemand(first, 60, first.tickSeconds, first.seed).rpsAt(0);
  const tasks = Math.max(svc.desiredCount, steadyTaskCount(rate, svc.taskCapacityRps, tt.target, svc.autoscaling.minCapacity, svc.autoscaling.maxCapacity));
  mapping(doc, ['service'], file).desiredCount = tasks;
  first.alternatives.forEach((alt, i) => {
    if (alt.capacity.type !== 'cluster' || alt.capacity.orchestrator !== 'ecs') return;
    alt.capacity.providers.forEach((p, j) => {
      if (p.kind !== 'asg') return;
      const t = instanceType(p.instanceTypes[0], first.instanceTypes);
      const registered = registeredMemoryMiB(p, t.memoryGiB);
      const perInstance = Math.min(Math.floor((t.vcpu * 1024 - p.reservedCpuUnits) / svc.task.cpuUnits), Math.floor(registered / svc.task.memoryMiB));
      if (perInstance < 1) return;
      const asg = mapping(doc, ['alternatives', i, 'capacity', 'providers', j, 'asg'], file);
      asg.desired = Math.min(p.maxSize, Math.max(p.desiredSize, Math.ceil(tasks / perInstance)));
    });
  });
  return { doc, scenario: validateScenario(doc, file) };
}
