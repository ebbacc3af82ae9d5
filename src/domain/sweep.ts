// The result of a sweep (capsim sweep / sensitivity): per point × alternative, the replication
// samples and their means, the Pareto front of cost against SLO misses, the selected point and,
// one at a time, the sensitivity of each parameter. Reports read it; they never re-run anything.

import type { DropBudget, ReplicationSample } from './result.js';

export const SWEEP_SCHEMA_VERSION = 1;

/** A swept parameter as results keep it: its name (a path, or a name for linked paths) and each value's label and assignments. */
export interface SweepParameterRecord {
  name: string;
  values: { label: string; sets: { path: string; value: unknown }[] }[];
}

/** What every point shares, and what a shard must agree on to be merged with the others. */
export interface SweepHeader {
  scenario: {
    name: string;
    file: string;
    /** sha256 of the base scenario as resolved (run/compare.ts scenarioHash). */
    scenarioHash: string;
    seed: number;
    replications: number;
    horizonSeconds: number;
    sloLatencyP95Ms: number;
    /** The SLO's allowance of minutes over target, as a share (the base scenario's). */
    maxMinutesOverShare: number;
  };
  mode: 'grid' | 'one-at-a-time';
  parameters: SweepParameterRecord[];
  alternatives: string[];
  /** Points in the whole sweep (every shard's). */
  pointCount: number;
  /** `sweep.select`: the selection procedure and its parameters (absent: the cheapest feasible mean). */
  select?: SweepSelectOptions;
}

/** One point's runs: per alternative, one sample per replication (in replication order). */
export interface PointRun {
  index: number;
  /** Index into each parameter's values; -1: as the scenario has it. */
  indices: number[];
  horizonSeconds: number;
  maxMinutesOverShare: number;
  /** The point's `slo.maxDroppedShare` when declared. */
  maxDroppedShare: number | null;
  alternatives: { name: string; samples: ReplicationSample[] }[];
}

/** A shard's file: the header, which share it ran, and its points' runs. */
export interface SweepPart {
  kind: 'capsim-sweep-part';
  schemaVersion: number;
  capsimVersion: string;
  shard: { index: number; count: number };
  header: SweepHeader;
  points: PointRun[];
}

/** One row of sweep.csv: a point × an alternative, judged on its means over the replications. */
export interface SweepRow {
  point: number;
  /** Each parameter's value label, in parameter order ('' where the point leaves it as written). */
  values: string[];
  alternative: string;
  replications: number;
  totalUsd: number;
  /** Half-width of the 95 % confidence interval of totalUsd (0 with one replication). */
  totalUsdCi95: number;
  usdPerMonth: number;
  minutesOverShare: number;
  droppedShare: number;
  dropped: number;
  latencyP95Ms: number;
  meetsSlo: boolean;
  withinDropBudget: boolean;
  pareto: boolean;
}

/** `sweep.select`: the ranking-and-selection procedure's parameters (run/sweep-kn.ts, docs/model.md). */
export interface SweepSelectOptions {
  /** 1 − α: the probability of correct selection. */
  confidence: number;
  /** δ, USD over the scenario's horizon (as written; rows of other horizons compare on their costs scaled to it, i.e. per month). */
  indifferenceUsd: number;
  /** The most replications any point × alternative gets (the first stage is the scenario's replications). */
  maxReplications: number;
  /** ε of the SLO constraint: a share of minutes over target within it of the allowance may be judged either way. */
  sloTolerance: number;
}

/** The cheapest point × alternative that meets the SLO and the drop budget, and how it was chosen. */
export interface SweepSelection {
  point: number;
  alternative: string;
  usdPerMonth: number;
  /** `mean`: the smallest mean cost among the feasible means; other procedures name themselves. */
  procedure: string;
  /** One line on the procedure and its parameters, for the reports. */
  note: string;
  /** Probability of correct selection the procedure guarantees, when it states one. */
  pcs?: number;
  indifferenceUsd?: number;
  replicationsSpent?: number;
  /** `kn`: false when the procedure hit `maxReplications` (or a merge had too few samples) before it decided. */
  guaranteed?: boolean;
  /** `kn`: the rows it put out, with the replications each had then, and why. */
  eliminated?: { point: number; alternative: string; replications: number; reason: 'infeasible' | 'costlier'; by: string }[];
}

/** One parameter's effect, one at a time (a tornado bar). */
export interface SensitivityBar {
  parameter: string;
  /** The alternative recommended at the base point; its cost and SLO misses are what the bar spans. */
  alternative: string;
  values: {
    label: string;
    point: number;
    usdPerMonth: number;
    minutesOverShare: number;
    /** The alternative recommended at this value (null: none meets the SLO). */
    recommended: string | null;
    /** The cheapest alternative at this value, the SLO and drops ignored. */
    cheapest: string;
  }[];
  low: { label: string; usdPerMonth: number };
  high: { label: string; usdPerMonth: number };
  minutesOverLow: number;
  minutesOverHigh: number;
  /** Values at which the recommendation differs from the one at the value before (flip points). */
  flips: { from: string; to: string; fromRecommended: string | null; toRecommended: string | null }[];
  /** Values at which the cheapest alternative, the SLO and drops ignored, differs from the one before. */
  cheapestFlips: { from: string; to: string; fromCheapest: string; toCheapest: string }[];
}

export interface SensitivityResult {
  basePoint: number;
  baseRecommended: string | null;
  baseUsdPerMonth: number | null;
  bars: SensitivityBar[];
}

export interface SweepResult {
  kind: 'capsim-sweep';
  schemaVersion: number;
  capsimVersion: string;
  header: SweepHeader;
  rows: SweepRow[];
  dropBudget: DropBudget | null;
  /** Rows on the Pareto front of (mean cost, mean SLO misses), cheapest first. */
  pareto: { point: number; alternative: string }[];
  selected: SweepSelection | null;
  sensitivity: SensitivityResult | null;
}
