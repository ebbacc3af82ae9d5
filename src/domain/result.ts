// The typed, versioned result of a run. Every report format (terminal table, JSON, CSV,
// Markdown, HTML) is a pure function of a `ComparisonResult`; no report recomputes the model.

export const SCHEMA_VERSION = 1;

/** Mean and 95 % confidence interval over replications (run/replications.ts). */
export interface Estimate {
  mean: number;
  /** Half-width of the 95 % confidence interval (0 with one replication). */
  ci95: number;
  min: number;
  max: number;
}

/**
 * What a replication after the first keeps (DESIGN §5): the figures its summary needs, not its
 * series or events, so N replications cost one result plus N small records.
 */
export interface ReplicationSample {
  /**
   * The run's total, USD, before rounding to the cent (its exact line items' sum, as a double):
   * means over replications are taken over these and rounded only for display. (A sweep part
   * saved by an older capsim holds the cent-rounded total.)
   */
  totalUsd: number;
  minutesOverShare: number;
  droppedShare: number;
  interruptions: number;
  minutesOver: number;
  dropped: number;
  latencyP95Ms: number;
  sloMet: boolean;
  /** Cost per million requests served, from the unrounded total; null when none were served (absent in older samples). */
  usdPerMillionRequests?: number | null;
  /** Cost per completed job, from the unrounded total; null without a completed job (absent in older samples). */
  usdPerJob?: number | null;
  /** p95 wait of a batch job for its task, seconds; null without jobs or without a job started (absent in older samples). */
  jobWaitP95Seconds?: number | null;
}

export interface ReplicationStats {
  n: number;
  /** Total cost over the horizon, from each replication's unrounded total. */
  totalUsd: Estimate;
  /**
   * The cost rates over the replications, each replication's from its unrounded total: what the
   * reports show as per hour, per month (730 h), per M requests and per job when there are
   * replications. Absent in results saved before they existed (reports then show replication 0's).
   */
  usdPerHour?: Estimate;
  usdPerMonth?: Estimate;
  /** Over the replications that served requests; null when none did. */
  usdPerMillionRequests?: Estimate | null;
  /** Over the replications that completed a job; null when none did (or there are no jobs). */
  usdPerJob?: Estimate | null;
  /**
   * p95 wait of a batch job for its task (s), over the replications that started a job; null when
   * none did (or there are no jobs). The jobs scatter's vertical axis. Absent in older results.
   */
  jobWaitP95Seconds?: Estimate | null;
  minutesOverShare: Estimate;
  droppedShare: Estimate;
  interruptions: Estimate;
  /** Minutes over the SLO, requests dropped and the run's p95 latency (ms): what regression gates compare. */
  minutesOver: Estimate;
  dropped: Estimate;
  latencyP95Ms: Estimate;
  /** Share of replications in which the SLO held. */
  sloMetShare: number;
  /**
   * Each replication's own figures, replication k run on seed `replicationSeed(seed, k)`, in
   * order: what the means and intervals above are computed from, so a reader can recompute them.
   * Absent in results saved before it was recorded.
   */
  samples?: ReplicationSample[];
}

/**
 * One alternative against the baseline under common random numbers: per replication, the
 * alternative's figure minus the baseline's (both ran on that replication's seed), summarised as
 * the mean difference and its 95 % t-interval (run/replications.ts `pairedDifferences`).
 */
export interface PairedDifference {
  alternative: string;
  /** Replications paired. */
  n: number;
  /** Total cost over the horizon, USD: alternative − baseline. */
  totalUsd: Estimate;
  /** Share of minutes over the SLO: alternative − baseline. */
  minutesOverShare: Estimate;
  /** Requests dropped: alternative − baseline. */
  dropped: Estimate;
}

/** Paired differences of every other alternative against one baseline. */
export interface PairedComparison {
  /** The recommended alternative, or the first ranked when none is recommended. */
  baseline: string;
  differences: PairedDifference[];
}

export interface LineItem {
  /** Stable id, e.g. `fargate.vcpu`, `ec2.instance.m5.large`. */
  id: string;
  description: string;
  /** Billed quantity in `unit` (e.g. vCPU-hours), full precision as a decimal string. */
  quantity: string;
  unit: string;
  /** Price per `unit`, decimal string as in the rate card. */
  usdPerUnit: string;
  /** Exact amount, decimal string (quantity × rate, unrounded). */
  usdExact: string;
  /** Amount rounded to the cent. */
  usd: number;
  source: string;
}

export interface Cost {
  /** Sum of the exact line items, rounded to the cent once. */
  totalUsd: number;
  usdPerHour: number;
  usdPerMonth: number;
  /** Cost per million requests served; null when none were served. */
  usdPerMillionRequests: number | null;
  lineItems: LineItem[];
}

export interface Usage {
  avgTasks: number;
  maxTasks: number;
  avgInstances: number;
  /** Time-averaged vCPU paid for (Fargate: task size × tasks billed; EC2: instance vCPU). */
  avgPaidVcpu: number;
  /** Time-averaged vCPU actually busy serving load. */
  avgUsedVcpu: number;
  avgPaidMemoryGiB: number;
  avgUsedMemoryGiB: number;
  /** 1 − used/paid vCPU. */
  idleVcpuShare: number;
  /** Estimate of money paid for idle capacity: total cost × idleVcpuShare. */
  idleUsd: number;
  /** Tasks that could not be placed (EC2: no instance had room), task-seconds. */
  pendingTaskSeconds: number;
  maxPendingTasks: number;
}

export interface Requests {
  offered: number;
  served: number;
  dropped: number;
}

export interface Slo {
  latencyP95TargetMs: number;
  /** The SLO holds when minutesOverShare ≤ this. */
  maxMinutesOverShare: number;
  /** Share of minutes whose p95 latency exceeded the target (dropped requests count as misses). */
  minutesOverShare: number;
  minutesOver: number;
  droppedShare: number;
  met: boolean;
  /**
   * The run's p95 latency, ms: the 95th percentile (nearest rank) of the per-minute p95 latencies
   * over the minutes that served requests; 0 when none did. A regression gate's `p95`.
   */
  latencyP95Ms: number;
  /**
   * Mean response time (queue wait + service) and mean queue wait of every request served in the
   * run, ms: each minute's mean weighted by its served requests; 0 when none were served.
   */
  latencyMeanMs: number;
  queueWaitMeanMs: number;
}

export type EventKind = 'task-launch' | 'task-running' | 'task-stopped' | 'placement-failed' | 'scaling' | 'interruption' | 'instance-launch' | 'instance-terminate' | 'deployment';

export interface SimEvent {
  /** Seconds from scenario start. */
  t: number;
  kind: EventKind;
  detail: string;
}

/** A per-minute column holding its own ArrayBuffer (never a view or a shared buffer). */
export type Minutes32 = Float32Array<ArrayBuffer>;
export type Minutes64 = Float64Array<ArrayBuffer>;

/**
 * Per-minute series, column-oriented: every column has one entry per simulated minute, and minute
 * m starts at m × 60 s (`minuteSeconds` in domain/series.ts: no time column is stored). Values are
 * float32 rounded to the column's grid (≤ 4 decimals, 3 for % and ms, ≤ 6 significant digits; see
 * docs/reports.md), except the cumulative cost, a float64 at 4 decimals. Each column owns its
 * ArrayBuffer, so a worker can transfer a series (`seriesBuffers`).
 */
export interface TimeSeries {
  /** Number of minutes: the length of every column. */
  minutes: number;
  offeredRps: Minutes32;
  servedRps: Minutes32;
  droppedRps: Minutes32;
  cpuPct: Minutes32;
  memoryPct: Minutes32;
  latencyP50Ms: Minutes32;
  latencyP95Ms: Minutes32;
  latencyP99Ms: Minutes32;
  /** Mean response time (queue wait + service) and mean wait in line, ms, of the minute's requests. */
  latencyMeanMs: Minutes32;
  queueWaitMeanMs: Minutes32;
  desiredTasks: Minutes32;
  runningTasks: Minutes32;
  /** Tasks billed but not serving (starting, draining). */
  startingTasks: Minutes32;
  pendingTasks: Minutes32;
  /** Tasks in each ECS lifecycle state (time-averaged per minute); RUNNING is `runningTasks`. */
  tasksProvisioning: Minutes32;
  tasksPending: Minutes32;
  tasksActivating: Minutes32;
  tasksDeactivating: Minutes32;
  tasksStopping: Minutes32;
  instances: Minutes32;
  servingCapacityRps: Minutes32;
  paidVcpu: Minutes32;
  usedVcpu: Minutes32;
  paidMemoryGiB: Minutes32;
  usedMemoryGiB: Minutes32;
  /**
   * Cost accrued to the end of the minute, USD, 4 decimals: the hourly ledger's running sum
   * (`HourlyCosts`), exact at each clock hour's end and linear within the hour; the last minute
   * holds the exact total.
   */
  cumulativeUsd: Minutes64;
}

export interface StartLatency {
  count: number;
  p50Seconds: number;
  p95Seconds: number;
}

/** Batch jobs (standalone tasks), when the scenario has them. */
export interface JobStats {
  submitted: number;
  started: number;
  completed: number;
  /** Jobs still waiting for a task at the horizon. */
  queuedAtEnd: number;
  /** Job runs cut short by a stopped task (Spot interruptions), and the work-seconds redone. */
  restarts: number;
  lostWorkSeconds: number;
  /** Wait from arrival until the job's task is RUNNING. */
  waitP50Seconds: number;
  waitP95Seconds: number;
  /** Arrival to completion, completed jobs. */
  turnaroundP95Seconds: number;
  /** Total cost of the alternative over completed jobs (null when none completed). */
  usdPerJob: number | null;
}

/** How commitments covered the run, and what capsim recommends buying for this usage. */
export interface CommitmentSummary {
  /** Share of eligible on-demand usage ($) covered by RIs or Savings Plans. */
  coveredShare: number;
  riUtilisation: number;
  spUtilisation: number;
  recommendation: {
    /** RI count per on-demand instance type, with the utilisation at which each breaks even. */
    reservedInstances: { instanceType: string; count: number; breakEvenUtilisation: number }[];
    computeSavingsPlanUsdPerHour: string;
    /** The coverable usage (EC2 and Fargate on-demand) billed without vs with the recommended commitments (fees for the run's hours); Spot and other items excluded. */
    onDemandUsd: number;
    withRecommendedUsd: number;
    savingsShare: number;
    note: string;
  };
}

/**
 * The bill by clock hour of the run (hour h is [3600 h, 3600 (h + 1)) s; the last one ends at the
 * horizon): each line item's amount in each hour, exact decimal text. An item's hours add up
 * exactly to its `usdExact`. Written to costs.csv (not results.json); see docs/reports.md.
 */
export interface HourlyCosts {
  /** Clock hours of the run: ⌈horizon / 3600 s⌉. */
  hours: number;
  /** One per line item, in `cost.lineItems` order: its id and its $ in each hour (`hours` entries). */
  items: { id: string; usd: string[] }[];
}

export interface AlternativeResult {
  name: string;
  /** e.g. "Fargate x86_64 0.5 vCPU/1 GB" or "EC2 4 × m5.large". */
  platform: string;
  capacityType: 'fargate' | 'fargate-spot' | 'ec2' | 'mixed' | 'lambda' | 'app-runner';
  cost: Cost;
  usage: Usage;
  requests: Requests;
  slo: Slo;
  startLatency: StartLatency;
  jobs: JobStats | null;
  commitments: CommitmentSummary;
  /** With `replications: N > 1`: mean and 95 % CI over N seeds (the rest of this result is replication 0). */
  replications: ReplicationStats | null;
  events: SimEvent[];
  /** Count of events by kind (events may be capped; counts are not). */
  eventCounts: Partial<Record<EventKind, number>>;
  /**
   * Why tasks could not be placed: each distinct cause (a full subnet, no instance with room …)
   * with how often, uncapped, most frequent first; absent when none failed (and in results saved
   * before it existed: reports then read the causes off the recorded events).
   */
  placementFailures?: PlacementFailureCount[];
  series: TimeSeries;
  /**
   * The line items hour by hour (costs.csv). Absent where no series is kept (a replication's
   * sample) and in a saved report without costs.csv.
   */
  hourlyCosts?: HourlyCosts;
}

/** One cause of placement failures and how many tasks failed for it. */
export interface PlacementFailureCount {
  reason: string;
  count: number;
}

/** Counts by cause as a result lists them: most frequent first, ties by cause. */
export function placementFailureCounts(byCause: ReadonlyMap<string, number>): PlacementFailureCount[] {
  return [...byCause].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/**
 * The drop budget of the default rule: an alternative is within it when its dropped share is at
 * most the best (lowest) share among the alternatives that meet the SLO, plus 10 % of that share
 * plus 0.01 percentage points, so tiny differences do not count.
 */
export const DROP_BUDGET_MARGIN = { relative: 0.1, absolute: 0.0001 } as const;

/** The dropped-requests budget the recommendation was held to (compare.ts `dropBudget`). */
export interface DropBudget {
  /** An alternative is within the budget when its dropped share (the mean with replications) is at most this. */
  maxDroppedShare: number;
  /** `scenario`: declared as `slo.maxDroppedShare`; `best`: the best alternative's share plus `DROP_BUDGET_MARGIN`. */
  basis: 'scenario' | 'best';
  /** With basis `best`: the alternative meeting the SLO that dropped the smallest share (null when none met it). */
  best: string | null;
}

/** The cost rates a reader compares: per hour, per month (730 h), per million requests served, per completed job. */
export interface CostRates {
  usdPerHour: number;
  usdPerMonth: number;
  usdPerMillionRequests: number | null;
  usdPerJob: number | null;
}

/**
 * The cost rates an alternative is shown and compared at: with replications, the means over them
 * (as the ranking judges its mean total); else its one run's. A result saved before the means
 * existed has only replication 0's.
 */
export function judgedCostRates(a: AlternativeResult): CostRates {
  const run: CostRates = { usdPerHour: a.cost.usdPerHour, usdPerMonth: a.cost.usdPerMonth, usdPerMillionRequests: a.cost.usdPerMillionRequests, usdPerJob: a.jobs?.usdPerJob ?? null };
  const r = a.replications;
  if (!r || r.n <= 1) return run;
  return {
    usdPerHour: r.usdPerHour?.mean ?? run.usdPerHour,
    usdPerMonth: r.usdPerMonth?.mean ?? run.usdPerMonth,
    usdPerMillionRequests: r.usdPerMillionRequests === undefined ? run.usdPerMillionRequests : (r.usdPerMillionRequests?.mean ?? null),
    usdPerJob: r.usdPerJob === undefined ? run.usdPerJob : (r.usdPerJob?.mean ?? null),
  };
}

/** The result's replications carry the mean cost rates (false for one run, and for results saved before they existed). */
export function hasMeanCostRates(a: AlternativeResult): boolean {
  return a.replications !== null && a.replications.n > 1 && a.replications.usdPerMonth !== undefined;
}

// What the ranking judges an alternative on (run/compare.ts `judged`) and every report quotes:
// with replications the means over them, else its one run. One place, so a sentence cannot judge
// on replication 0 while the table and the ranking judge on the means.

/** The total an alternative is ranked on: the mean over replications (of their exact totals), else its one run's. */
export function judgedTotalUsd(a: AlternativeResult): number {
  return a.replications ? a.replications.totalUsd.mean : a.cost.totalUsd;
}

/** The share of minutes over the SLO an alternative is judged on: the mean over replications, else its one run's. */
export function judgedMinutesOverShare(a: AlternativeResult): number {
  return a.replications ? a.replications.minutesOverShare.mean : a.slo.minutesOverShare;
}

/** Whether an alternative meets the SLO as the ranking judges it: the mean share of minutes over target within the allowance, else its one run's verdict. */
export function judgedSloMet(a: AlternativeResult): boolean {
  return a.replications ? judgedMinutesOverShare(a) <= a.slo.maxMinutesOverShare : a.slo.met;
}

/** The dropped share an alternative is judged on: the mean over replications, else its one run's. */
export function judgedDroppedShare(a: AlternativeResult): number {
  return a.replications ? a.replications.droppedShare.mean : a.slo.droppedShare;
}

/** Within the drop budget as the ranking judges it (always, without a budget). */
export function judgedWithinDropBudget(a: AlternativeResult, budget: DropBudget | null | undefined): boolean {
  return !budget || judgedDroppedShare(a) <= budget.maxDroppedShare;
}

export interface ScenarioSummary {
  name: string;
  description: string;
  /** The scenario file as given, or relative to the working directory when it lies under it. */
  file: string;
  seed: number;
  /** sha256 of the resolved scenario without its file and seed: equal hashes, the same scenario. */
  scenarioHash: string;
  /** The newest as-of date of the catalog's tables (prices, instance data). */
  catalogAsOf: string;
  region: string;
  horizonSeconds: number;
  tickSeconds: number;
  sloLatencyP95Ms: number;
  /** The resolved scenario, for reproducibility. */
  resolved: unknown;
}

export interface ComparisonResult {
  schemaVersion: typeof SCHEMA_VERSION;
  capsimVersion: string;
  scenario: ScenarioSummary;
  alternatives: AlternativeResult[];
  /**
   * Alternatives ordered cheapest first among those meeting the SLO and the drop budget, then
   * those meeting only the SLO, then the rest, each group by cost.
   */
  ranking: string[];
  /** Cheapest alternative meeting the SLO and the drop budget, or null. */
  recommended: string | null;
  /** The drop budget (absent in results written before it existed; null without a service). */
  dropBudget?: DropBudget | null;
  /** With replications (N > 1): every other alternative minus the baseline, paired by replication (absent otherwise). */
  paired?: PairedComparison;
}
