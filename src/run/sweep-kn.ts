// `sweep.select`: the sweep's "cheapest point that meets the SLO" by the ranking-and-selection
// procedure of run/selection.ts (KN with a feasibility check), each point × alternative a
// candidate. The choice is a pure replay of the procedure over the samples the rows hold, so a
// sweep, its merged shards and a re-assembly agree; `extendForSelection` first runs the extra
// replications the replay asks for (only where the decision is still close), round by round, on
// the sweep's worker processes or in this one.

import type { ReplicationSample } from '../domain/result.js';
import type { PointRun, SweepHeader, SweepSelection, SweepSelectOptions } from '../domain/sweep.js';
import type { Scenario } from '../domain/scenario.js';
import { DROP_BUDGET_MARGIN } from '../domain/result.js';
import { DemandCache, runJob } from './compare.js';
import { replicationSeed } from './replications.js';
import { SequentialSelection, type SampleRequest } from './selection.js';
import { mixedHorizons, type SelectCheapestFeasible, type SelectionCandidate } from './sweep-select.js';

/** The procedure replayed over the candidates' samples: its result, or the samples it still needs. */
function replay(candidates: readonly SelectionCandidate[], opts: SweepSelectOptions, n0: number): { sel: SequentialSelection; missing: SampleRequest[] } {
  const budget = candidates.find((c) => c.maxDroppedShare !== null)?.maxDroppedShare ?? null;
  // Per-point allowances differ (a sweep may set slo.*): each constraint is the excess over the row's own limit, ≤ 0.
  const constraints = [{ name: 'SLO', threshold: 0, tolerance: opts.sloTolerance, text: `the SLO (mean share of minutes over target within its allowance, ± ${opts.sloTolerance})` }];
  // The drop budget's tolerance is its own margin: the tiny differences capsim run does not count.
  if (budget !== null) {
    const tolerance = Math.max(DROP_BUDGET_MARGIN.absolute, DROP_BUDGET_MARGIN.relative * budget);
    constraints.push({ name: 'drop budget', threshold: 0, tolerance, text: `the drop budget (mean dropped share ≤ ${+budget.toPrecision(6)}, ± ${+tolerance.toPrecision(6)})` });
  }
  const sel = new SequentialSelection(candidates.length, { confidence: opts.confidence, indifferenceUsd: opts.indifferenceUsd, constraints, initialReplications: n0, maxReplications: opts.maxReplications });
  const toSample = (c: SelectionCandidate, s: ReplicationSample) => ({
    // Cost per month, in USD over the scenario's horizon (1 × the total when the point is on it): δ keeps its unit.
    costUsd: s.totalUsd * (c.costScale ?? 1),
    constraints: budget !== null ? [s.minutesOverShare - c.maxMinutesOverShare, s.droppedShare - budget] : [s.minutesOverShare - c.maxMinutesOverShare],
  });
  for (;;) {
    if (sel.done()) return { sel, missing: [] };
    const needed = sel.needed();
    const missing = needed.filter(({ point, replication }) => replication >= candidates[point].samples.length);
    if (missing.length > 0) return { sel, missing };
    for (const { point, replication } of needed) sel.add(point, replication, toSample(candidates[point], candidates[point].samples[replication]));
  }
}

/** The selection as the sweep reports it. */
function selection(candidates: readonly SelectionCandidate[], sel: SequentialSelection, opts: SweepSelectOptions): SweepSelection | null {
  const r = sel.result();
  const name = (i: number) => `${candidates[i].alternative} at point ${candidates[i].point}`;
  const eliminated = r.eliminated.map((e) => ({ point: candidates[e.point].point, alternative: candidates[e.point].alternative, replications: e.replications, reason: e.reason, by: typeof e.by === 'number' ? name(e.by) : e.by }));
  if (r.selected === null) return null;
  const c = candidates[r.selected];
  const scale = (x: SelectionCandidate) => x.costScale ?? 1;
  // δ is USD over the scenario's horizon; as a monthly figure through any candidate (its total over its own horizon is δ / its scale).
  const deltaPerMonth = c.perMonth(opts.indifferenceUsd / scale(c));
  const basis = mixedHorizons(candidates) ? "cost per month (the points' horizons differ: each row's costs are scaled to the scenario's horizon, so rows compare as their costs per month do)" : 'cost per month';
  return {
    point: c.point,
    alternative: c.alternative,
    usdPerMonth: c.perMonth(r.meanUsd[r.selected] / scale(c)),
    procedure: 'kn',
    note: `Kim–Nelson fully sequential selection with a feasibility check (docs/model.md), ranked on ${basis}: ${r.statement} δ = $${opts.indifferenceUsd} over the scenario's horizon ($${deltaPerMonth} per month); ${r.totalReplications} replications in all over ${candidates.length} point × alternative rows (first stage ${r.initialReplications} each, at most ${opts.maxReplications})`,
    pcs: opts.confidence,
    indifferenceUsd: opts.indifferenceUsd,
    replicationsSpent: r.totalReplications,
    guaranteed: r.guaranteed,
    eliminated,
  };
}

/** A `SelectCheapestFeasible` for `sweep.select`: the procedure over the samples there are (stopping short, and saying so, if it needs more). */
export function knSelect(opts: SweepSelectOptions, n0: number): SelectCheapestFeasible {
  return (candidates) => {
    if (candidates.length === 0) return null;
    const { sel, missing } = replay(candidates, opts, n0);
    if (missing.length > 0) sel.stop();
    return selection(candidates, sel, opts);
  };
}

/** One extra replication a round asks for: row `alt` of point `local` (an index into the points run), on `seed`. */
export interface RoundJob {
  local: number;
  alt: number;
  replication: number;
  seed: number | string;
}

/** Runs a round's jobs and returns their samples in the same order. */
export type RoundRunner = (jobs: readonly RoundJob[]) => Promise<ReplicationSample[]>;

/**
 * A `RoundRunner` in this process: each point's demand realised once per seed (the last two
 * points' kept). `beforeEach` runs before every job (the caller turns its event loop there and
 * stops on a signal).
 */
export function roundsInProcess(scenarios: readonly Scenario[], beforeEach: () => Promise<void>): RoundRunner {
  const caches = new Map<number, DemandCache>();
  return async (jobs) => {
    const samples: ReplicationSample[] = [];
    for (const { local, alt, replication, seed } of jobs) {
      await beforeEach();
      let cache = caches.get(local);
      if (!cache) {
        cache = new DemandCache(scenarios[local]);
        caches.set(local, cache);
        if (caches.size > 2) caches.delete(caches.keys().next().value!);
      }
      const out = runJob(scenarios[local], { alt, rep: replication, seed, full: false }, cache);
      if (out.kind !== 'sample') throw new Error('extendForSelection: expected a sample');
      samples.push(out.sample);
    }
    return samples;
  };
}

/**
 * Runs the replications the procedure still needs, round by round (each round one batch for
 * `runRound`: in this process, or on the sweep's workers), appending each to its row's samples
 * (replication k on the seed every row uses for k: common random numbers), until a replay over
 * the rows decides or hits the cap. `candidatesOf` gives the candidates as assembly would (the
 * drop budget is recomputed from the samples each time, so the final replay is the same).
 */
export async function extendForSelection(
  header: SweepHeader,
  points: PointRun[],
  seed: number,
  candidatesOf: (points: readonly PointRun[]) => SelectionCandidate[],
  runRound: RoundRunner,
): Promise<number> {
  const opts = header.select;
  if (!opts) return 0;
  const n0 = header.scenario.replications;
  let added = 0;
  for (;;) {
    const candidates = candidatesOf(points);
    const { missing } = replay(candidates, opts, n0);
    if (missing.length === 0) return added;
    // In replication order, so each row's samples stay in replication order.
    const round = [...missing]
      .sort((a, b) => a.replication - b.replication || a.point - b.point)
      .map(({ point: i, replication }) => {
        const c = candidates[i];
        const local = points.findIndex((p) => p.index === c.point);
        return { local, alt: points[local].alternatives.findIndex((a) => a.name === c.alternative), replication, seed: replicationSeed(seed, replication) };
      });
    const samples = await runRound(round);
    round.forEach(({ local, alt, replication }, k) => {
      const row = points[local].alternatives[alt];
      if (row.samples.length !== replication) throw new Error(`extendForSelection: replication ${replication} of ${row.name} at point ${points[local].index} out of order`);
      row.samples.push(samples[k]);
      added++;
    });
  }
}
