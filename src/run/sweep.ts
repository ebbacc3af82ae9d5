// Runs a sweep: every point × alternative × replication, on the worker pool of run/parallel.ts,
// each replication on the same seed at every point and for every alternative (common random
// numbers, so differences between points are paired). Then puts the samples together: per-row
// means, the drop budget, the Pareto front of cost against SLO misses, the selected point and,
// one at a time, the sensitivity bars. Assembly is a pure function of the samples, so a merged
// set of shards assembles to the same bytes as an unsharded run.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DROP_BUDGET_MARGIN, type DropBudget, type ReplicationSample } from '../domain/result.js';
import type { Scenario } from '../domain/scenario.js';
import { SWEEP_SCHEMA_VERSION, type PointRun, type SensitivityBar, type SensitivityResult, type SweepHeader, type SweepPart, type SweepResult, type SweepRow } from '../domain/sweep.js';
import type { LoadedSweep } from '../scenario/sweep-load.js';
import { pointSets } from '../scenario/override.js';
import { CAPSIM_VERSION } from '../domain/version.js';
import { DemandCache, recordedPath, runJob, scenarioHash, type RunJob, type StoredOutput } from './compare.js';
import { RunAborted, WorkerSet } from './parallel.js';
import { estimate, replicationSeed } from './replications.js';
import { selectByMeans, type SelectCheapestFeasible, type SelectionCandidate } from './sweep-select.js';
import { extendForSelection, knSelect, roundsInProcess, type RoundRunner } from './sweep-kn.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Hours in the month the reports quote (AWS's pricing pages use 730). */
const HOURS_PER_MONTH = 730;

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

export interface SweepProgress {
  runsDone: number;
  runsTotal: number;
  pointsDone: number;
  pointsTotal: number;
}

export interface SweepRunOptions {
  seed?: number;
  /** Worker processes (1: this process). */
  jobs?: number;
  shard?: Shard;
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  /**
   * The sweep's header, when it has `select` (an unsharded sweep: with `shard` it is refused):
   * after the first stage, the extra replications the selection procedure asks for run too,
   * round by round, on the same worker processes.
   */
  selection?: SweepHeader;
  /** Called once the selection's extra replications are done, with how many there were. */
  onSelectionDone?: (added: number) => void;
}

/** The points of shard `i` of `n`: a contiguous block, sizes differing by at most one. */
export function shardRange(pointCount: number, shard: Shard): [number, number] {
  return [Math.floor((shard.index * pointCount) / shard.count), Math.floor(((shard.index + 1) * pointCount) / shard.count)];
}

export function sweepHeader(sweep: LoadedSweep, seed?: number): SweepHeader {
  const base = sweep.base;
  return {
    scenario: {
      name: base.name,
      file: recordedPath(base.file),
      scenarioHash: scenarioHash(base),
      seed: seed ?? base.seed,
      replications: Math.max(1, sweep.points[0]?.scenario.replications ?? base.replications),
      horizonSeconds: base.horizonSeconds,
      sloLatencyP95Ms: base.slo.latencyP95Seconds * 1000,
      maxMinutesOverShare: base.slo.maxMinutesOverShare,
    },
    mode: sweep.mode,
    parameters: sweep.parameters.map((p) => ({ name: p.name, values: p.values.map((v) => ({ label: v.label, sets: v.sets })) })),
    alternatives: base.alternatives.map((a) => a.name),
    pointCount: sweep.points.length,
    ...(sweep.select ? { select: sweep.select } : {}),
  };
}

/** Points whose demand is realised alike (the same workload, horizon and tick assignments) share one realisation: the first such point's index. */
function demandGroups(sweep: LoadedSweep, points: readonly number[]): number[] {
  const first = new Map<string, number>();
  return points.map((p, local) => {
    const sets = pointSets(sweep.parameters, sweep.points[p].indices).filter((s) => /^(workload|horizon|tick)\b/.test(s.path));
    const key = JSON.stringify(sets);
    if (!first.has(key)) first.set(key, local);
    return first.get(key)!;
  });
}

/** Runs the points of `opts.shard` (default all): their samples per alternative, point by point. */
export async function runSweepPoints(sweep: LoadedSweep, opts: SweepRunOptions = {}): Promise<PointRun[]> {
  if (opts.selection?.select && opts.shard) throw new Error('runSweepPoints: the selection needs every point, so it cannot run on a shard (capsim merge replays it)');
  const seed = opts.seed ?? sweep.base.seed;
  const [from, to] = shardRange(sweep.points.length, opts.shard ?? { index: 0, count: 1 });
  const mine = sweep.points.slice(from, to);
  const scenarios: Scenario[] = mine.map((p) => p.scenario);
  const runs: RunJob[] = [];
  mine.forEach((p, local) => {
    for (let rep = 0; rep < Math.max(1, p.scenario.replications); rep++) {
      p.scenario.alternatives.forEach((_, alt) => runs.push({ alt, rep, seed: replicationSeed(seed, rep), full: false, point: local }));
    }
  });
  const groups = demandGroups(
    sweep,
    mine.map((p) => p.index),
  );
  const perPoint = mine.map((p) => p.scenario.alternatives.length * Math.max(1, p.scenario.replications));
  const left = perPoint.slice();
  let pointsDone = 0;
  let runsDone = 0;
  const tick = (job: RunJob) => {
    runsDone++;
    if (--left[job.point!] === 0) pointsDone++;
    opts.onProgress?.({ runsDone, runsTotal: runs.length, pointsDone, pointsTotal: mine.length });
  };
  opts.onProgress?.({ runsDone: 0, runsTotal: runs.length, pointsDone: 0, pointsTotal: mine.length });
  let outputs: StoredOutput[];
  const jobs = Math.max(1, Math.min(runs.length, opts.jobs ?? 1));
  if (jobs > 1 && existsSync(WORKER) && runs.length > 0) {
    if (opts.signal?.aborted) throw new RunAborted(opts.signal.reason);
    const workers = new WorkerSet(scenarios[0], jobs, { points: scenarios, demandGroups: groups });
    let failed = true;
    try {
      // Replies arrive in any order; progress counts them as they come.
      outputs = await workers.run(runs, { signal: opts.signal, onDone: (id) => tick(runs[id]) });
      const points = pointRuns(mine, outputs);
      await extendOn(points, (round) => workers.run(round.map(({ local, alt, replication, seed }) => ({ alt, rep: replication, seed, full: false, point: local })), { signal: opts.signal }) as Promise<ReplicationSample[]>);
      failed = false;
      return points;
    } finally {
      workers.close(failed);
    }
  } else {
    outputs = [];
    const caches = new Map<number, DemandCache>();
    for (const job of runs) {
      await turnOrStop();
      const group = groups[job.point!];
      let cache = caches.get(group);
      if (!cache) {
        cache = new DemandCache(scenarios[group]);
        caches.set(group, cache);
        if (caches.size > 2) caches.delete(caches.keys().next().value!);
      }
      const out = runJob(scenarios[job.point!], job, cache);
      outputs.push(out.kind === 'sample' ? out.sample : (out.result as never));
      tick(job);
    }
  }
  const points = pointRuns(mine, outputs);
  await extendOn(points, roundsInProcess(scenarios, turnOrStop));
  return points;

  /** Between runs in this process the event loop turns, so a signal can stop an in-process sweep too. */
  async function turnOrStop(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new RunAborted(opts.signal.reason);
  }

  /** The selection's extra replications, when asked for, with `runRound`. */
  async function extendOn(points: PointRun[], runRound: RoundRunner): Promise<void> {
    if (!opts.selection?.select) return;
    // Not inside the optional call: `f?.(x)` does not evaluate x when f is absent.
    const added = await extendSelection(opts.selection, points, runRound);
    opts.onSelectionDone?.(added);
  }
}

/** The first stage's outputs (in `runSweepPoints`' job order) as each point's samples per alternative. */
function pointRuns(mine: LoadedSweep['points'], outputs: readonly StoredOutput[]): PointRun[] {
  let k = 0;
  return mine.map((p) => {
    const reps = Math.max(1, p.scenario.replications);
    const samples: ReplicationSample[][] = p.scenario.alternatives.map(() => []);
    for (let rep = 0; rep < reps; rep++) for (let alt = 0; alt < samples.length; alt++) samples[alt].push(outputs[k++] as ReplicationSample);
    return {
      index: p.index,
      indices: p.indices,
      horizonSeconds: p.scenario.horizonSeconds,
      maxMinutesOverShare: p.scenario.slo.maxMinutesOverShare,
      maxDroppedShare: p.scenario.slo.maxDroppedShare ?? null,
      alternatives: p.scenario.alternatives.map((a, i) => ({ name: a.name, samples: samples[i] })),
    };
  });
}

export function sweepPart(header: SweepHeader, shard: Shard, points: PointRun[]): SweepPart {
  return { kind: 'capsim-sweep-part', schemaVersion: SWEEP_SCHEMA_VERSION, capsimVersion: CAPSIM_VERSION, shard, header, points };
}

/** Parts that do not fit together (another scenario, a missing or repeated shard). */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/** The header and every point of a complete set of parts, in point order. */
export function mergeParts(parts: readonly { file: string; part: SweepPart }[]): { header: SweepHeader; points: PointRun[] } {
  if (parts.length === 0) throw new MergeError('no parts to merge');
  const first = parts[0];
  const header = JSON.stringify(first.part.header);
  const count = first.part.shard.count;
  const seen = new Map<number, string>();
  for (const { file, part } of parts) {
    if (JSON.stringify(part.header) !== header) throw new MergeError(`${file} is a part of another sweep than ${first.file} (scenario, seed, parameters or alternatives differ)`);
    if (part.shard.count !== count) throw new MergeError(`${file} is shard ${part.shard.index + 1} of ${part.shard.count}, ${first.file} one of ${count}: merge the parts of one split`);
    if (seen.has(part.shard.index)) throw new MergeError(`${file} and ${seen.get(part.shard.index)} are both shard ${part.shard.index + 1} of ${count}`);
    seen.set(part.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i + 1}/${count}`).join(', ')} missing: every part of the split is needed`);
  const points = parts
    .flatMap((p) => p.part.points)
    .sort((a, b) => a.index - b.index);
  if (points.length !== first.part.header.pointCount || points.some((p, i) => p.index !== i)) throw new MergeError(`the parts hold ${points.length} points, the sweep has ${first.part.header.pointCount}`);
  return { header: first.part.header, points };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const perMonth = (totalUsd: number, horizonSeconds: number) => Math.round((totalUsd / horizonSeconds) * HOURS_PER_MONTH * 3600 * 100) / 100;

/** Mean cost per month over the samples, from their unrounded totals (as `capsim run`'s replications), rounded to the cent. */
function monthly(samples: readonly ReplicationSample[], horizonSeconds: number): number {
  return perMonth(mean(samples.map((s) => s.totalUsd)), horizonSeconds);
}

/** The scenario's declared drop budget, else the best share among rows meeting the SLO plus the margin `run` uses. */
function sweepDropBudget(points: readonly PointRun[], rows: readonly SweepRow[]): DropBudget | null {
  if (points.length === 0) return null;
  const declared = points[0].maxDroppedShare;
  if (declared !== null) return { maxDroppedShare: declared, basis: 'scenario', best: null };
  let best: SweepRow | null = null;
  for (const r of rows) if (r.meetsSlo && (best === null || r.droppedShare < best.droppedShare)) best = r;
  if (best === null) return { maxDroppedShare: DROP_BUDGET_MARGIN.absolute, basis: 'best', best: null };
  return { maxDroppedShare: best.droppedShare * (1 + DROP_BUDGET_MARGIN.relative) + DROP_BUDGET_MARGIN.absolute, basis: 'best', best: `${best.alternative} at point ${best.point}` };
}

/**
 * Rows not beaten on both mean cost and mean SLO misses by another row, cheapest first. `cost` is
 * what is compared (default the mean total; a sweep whose points differ in horizon passes the
 * total scaled to one horizon, so rows compare per month).
 */
export function paretoFront(rows: readonly SweepRow[], cost: (r: SweepRow) => number = (r) => r.totalUsd): SweepRow[] {
  const sorted = [...rows].sort((a, b) => cost(a) - cost(b) || a.minutesOverShare - b.minutesOverShare || a.point - b.point);
  const front: SweepRow[] = [];
  let bestOver = Infinity;
  for (const r of sorted) {
    const last = front[front.length - 1];
    if (r.minutesOverShare < bestOver || (last && cost(last) === cost(r) && last.minutesOverShare === r.minutesOverShare)) {
      front.push(r);
      bestOver = Math.min(bestOver, r.minutesOverShare);
    }
  }
  return front;
}

/** The cheapest alternative at one point (mean), whatever its SLO misses and drops; ties to the first listed. */
function cheapestAt(rows: readonly SweepRow[], point: number): string {
  let best: SweepRow | null = null;
  for (const r of rows) if (r.point === point && (best === null || r.totalUsd < best.totalUsd)) best = r;
  return best!.alternative;
}

/** The alternative recommended at one point: the cheapest (mean) meeting the SLO and the drop budget. */
function recommendedAt(rows: readonly SweepRow[], point: number): SweepRow | null {
  let best: SweepRow | null = null;
  for (const r of rows) if (r.point === point && r.meetsSlo && r.withinDropBudget && (best === null || r.totalUsd < best.totalUsd)) best = r;
  return best;
}

function sensitivity(header: SweepHeader, points: readonly PointRun[], rows: readonly SweepRow[]): SensitivityResult | null {
  if (header.mode !== 'one-at-a-time') return null;
  const basePoint = points.find((p) => p.indices.every((i) => i < 0))?.index ?? 0;
  const baseRec = recommendedAt(rows, basePoint);
  const alternative = baseRec?.alternative ?? header.alternatives[0];
  const bars: SensitivityBar[] = header.parameters.map((param, i) => {
    const mine = points.filter((p) => p.indices[i] >= 0 && p.indices.every((x, j) => j === i || x < 0)).sort((a, b) => a.indices[i] - b.indices[i]);
    const values = mine.map((p) => {
      const row = rows.find((r) => r.point === p.index && r.alternative === alternative)!;
      return {
        label: param.values[p.indices[i]].label,
        point: p.index,
        usdPerMonth: row.usdPerMonth,
        minutesOverShare: row.minutesOverShare,
        recommended: recommendedAt(rows, p.index)?.alternative ?? null,
        cheapest: cheapestAt(rows, p.index),
      };
    });
    const byCost = [...values].sort((a, b) => a.usdPerMonth - b.usdPerMonth);
    const flips = values.slice(1).flatMap((v, k) => (v.recommended === values[k].recommended ? [] : [{ from: values[k].label, to: v.label, fromRecommended: values[k].recommended, toRecommended: v.recommended }]));
    return {
      parameter: param.name,
      alternative,
      values,
      low: { label: byCost[0]?.label ?? '', usdPerMonth: byCost[0]?.usdPerMonth ?? 0 },
      high: { label: byCost[byCost.length - 1]?.label ?? '', usdPerMonth: byCost[byCost.length - 1]?.usdPerMonth ?? 0 },
      minutesOverLow: Math.min(...values.map((v) => v.minutesOverShare)),
      minutesOverHigh: Math.max(...values.map((v) => v.minutesOverShare)),
      flips,
      cheapestFlips: values.slice(1).flatMap((v, k) => (v.cheapest === values[k].cheapest ? [] : [{ from: values[k].label, to: v.label, fromCheapest: values[k].cheapest, toCheapest: v.cheapest }])),
    };
  });
  // The widest cost swing on top, as a tornado chart draws it.
  bars.sort((a, b) => b.high.usdPerMonth - b.low.usdPerMonth - (a.high.usdPerMonth - a.low.usdPerMonth) || a.parameter.localeCompare(b.parameter));
  return { basePoint, baseRecommended: baseRec?.alternative ?? null, baseUsdPerMonth: baseRec?.usdPerMonth ?? null, bars };
}

/** The whole result from every point's samples (in point order); `select` is the selection procedure. */
export function assembleSweep(header: SweepHeader, points: readonly PointRun[], select: SelectCheapestFeasible = header.select ? knSelect(header.select, header.scenario.replications) : selectByMeans): SweepResult {
  const rows: SweepRow[] = points.flatMap((p) =>
    p.alternatives.map((a) => {
      const cost = estimate(a.samples.map((s) => s.totalUsd));
      const minutesOverShare = round6(mean(a.samples.map((s) => s.minutesOverShare)));
      return {
        point: p.index,
        values: header.parameters.map((param, i) => (p.indices[i] < 0 ? '' : param.values[p.indices[i]].label)),
        alternative: a.name,
        replications: a.samples.length,
        totalUsd: cost.mean,
        totalUsdCi95: cost.ci95,
        usdPerMonth: monthly(a.samples, p.horizonSeconds),
        minutesOverShare,
        droppedShare: round6(mean(a.samples.map((s) => s.droppedShare))),
        dropped: round6(mean(a.samples.map((s) => s.dropped))),
        latencyP95Ms: round6(mean(a.samples.map((s) => s.latencyP95Ms))),
        meetsSlo: minutesOverShare <= p.maxMinutesOverShare,
        withinDropBudget: true,
        pareto: false,
      };
    }),
  );
  const budget = sweepDropBudget(points, rows);
  for (const r of rows) r.withinDropBudget = budget === null || r.droppedShare <= budget.maxDroppedShare;
  const byPoint = new Map(points.map((p) => [p.index, p]));
  // Points of another horizon than the scenario's (a swept `horizon`) compare on cost per month:
  // their totals scaled to the scenario's horizon (exactly 1 × the total for a point on it).
  const costScale = (point: number) => header.scenario.horizonSeconds / byPoint.get(point)!.horizonSeconds;
  const front = paretoFront(rows, (r) => r.totalUsd * costScale(r.point));
  for (const r of front) r.pareto = true;
  const candidates: SelectionCandidate[] = points.flatMap((p) =>
    p.alternatives.map((a) => ({
      point: p.index,
      alternative: a.name,
      samples: a.samples,
      maxMinutesOverShare: p.maxMinutesOverShare,
      maxDroppedShare: budget?.maxDroppedShare ?? null,
      perMonth: (usd: number) => perMonth(usd, byPoint.get(p.index)!.horizonSeconds),
      costScale: costScale(p.index),
    })),
  );
  const selected = select(candidates);
  // The reports quote the row's monthly figure, whatever the procedure computed.
  if (selected) selected.usdPerMonth = rows.find((r) => r.point === selected.point && r.alternative === selected.alternative)?.usdPerMonth ?? selected.usdPerMonth;
  return {
    kind: 'capsim-sweep',
    schemaVersion: SWEEP_SCHEMA_VERSION,
    capsimVersion: CAPSIM_VERSION,
    header,
    rows,
    dropBudget: budget,
    pareto: front.map((r) => ({ point: r.point, alternative: r.alternative })),
    selected,
    sensitivity: sensitivity(header, points, rows),
  };
}

/** Loads nothing, runs everything: the sweep's result (all points) in one call, for the library API. */
export async function sweep(loaded: LoadedSweep, opts: Omit<SweepRunOptions, 'shard'> = {}): Promise<SweepResult> {
  const header = sweepHeader(loaded, opts.seed);
  const points = await runSweepPoints(loaded, { ...opts, selection: header });
  return assembleSweep(header, points);
}

/**
 * With `sweep.select` (an unsharded sweep): runs the extra replications the selection procedure
 * asks for where the decision is close, appending them to the rows' samples; returns how many.
 */
function extendSelection(header: SweepHeader, points: PointRun[], runRound: RoundRunner): Promise<number> {
  const candidatesOf = (ps: readonly PointRun[]): SelectionCandidate[] => {
    let captured: SelectionCandidate[] = [];
    assembleSweep(header, ps, (c) => {
      captured = [...c];
      return null;
    });
    return captured;
  };
  return extendForSelection(header, points, header.scenario.seed, candidatesOf, runRound);
}
