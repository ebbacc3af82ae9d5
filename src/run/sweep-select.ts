// The seam where a sweep picks "the cheapest point that meets the SLO": a function of every
// point × alternative's replication samples. This one compares means (the feasible candidate of
// smallest mean cost); a ranking-and-selection procedure (run/selection.ts) replaces it here, with
// the same inputs, when it lands.

import type { ReplicationSample } from '../domain/result.js';
import type { SweepSelection } from '../domain/sweep.js';

export interface SelectionCandidate {
  point: number;
  alternative: string;
  /** One per replication, in replication order (common random numbers: sample k of every candidate shares seed k). */
  samples: readonly ReplicationSample[];
  /** The SLO's allowance of minutes over target, as a share. */
  maxMinutesOverShare: number;
  /** The drop budget (null: none applies). */
  maxDroppedShare: number | null;
  /** Converts a total in USD over the point's horizon to USD per month (730 h). */
  perMonth: (totalUsd: number) => number;
  /**
   * What a sample's totalUsd is multiplied by before candidates are compared: the scenario's
   * horizon (as written) over the point's, so a sweep whose points have different horizons (a
   * `horizon` parameter) ranks on cost per month, in USD over the scenario's horizon. Default 1
   * (every point on the scenario's horizon: the totals compare as they are).
   */
  costScale?: number;
}

/** Whether some candidates are on another horizon than the scenario's (their costs are scaled to it). */
export function mixedHorizons(candidates: readonly SelectionCandidate[]): boolean {
  return candidates.some((c) => (c.costScale ?? 1) !== 1);
}

export type SelectCheapestFeasible = (candidates: readonly SelectionCandidate[]) => SweepSelection | null;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Feasible on the means: mean SLO misses within the allowance and mean dropped share within the budget. */
export function feasibleOnMeans(c: SelectionCandidate): boolean {
  const over = mean(c.samples.map((s) => s.minutesOverShare));
  const dropped = mean(c.samples.map((s) => s.droppedShare));
  return over <= c.maxMinutesOverShare && (c.maxDroppedShare === null || dropped <= c.maxDroppedShare);
}

/** The feasible candidate with the smallest mean cost per month (mean total × costScale); ties go to the earlier point, then the earlier alternative (input order). */
export const selectByMeans: SelectCheapestFeasible = (candidates) => {
  let best: { c: SelectionCandidate; usd: number; ranked: number } | null = null;
  for (const c of candidates) {
    if (!feasibleOnMeans(c)) continue;
    const usd = mean(c.samples.map((s) => s.totalUsd));
    const ranked = usd * (c.costScale ?? 1);
    if (best === null || ranked < best.ranked) best = { c, usd, ranked };
  }
  if (best === null) return null;
  const n = best.c.samples.length;
  return {
    point: best.c.point,
    alternative: best.c.alternative,
    usdPerMonth: best.c.perMonth(best.usd),
    procedure: 'mean',
    note: `smallest mean cost per month among the point × alternative pairs whose mean SLO misses and dropped share are within their limits, over ${n} replication${n === 1 ? '' : 's'} each${mixedHorizons(candidates) ? " (the points' horizons differ: compared per month, not on their totals)" : ''} (no stated probability of correct selection)`,
    replicationsSpent: candidates.reduce((a, c) => a + c.samples.length, 0),
  };
};
