// Runs every alternative of a scenario on the same seed and ranks them: cheapest first among
// those meeting the SLO and the drop budget, then those meeting only the SLO, then the rest by
// cost. The drop budget keeps a cheaper alternative that drops clearly more requests from being
// recommended merely because its minutes stayed within the SLO's allowance.

import { createHash } from 'node:crypto';
import { CAPSIM_VERSION } from '../domain/version.js';
import { isAbsolute, relative, sep } from 'node:path';
import { CATALOG_AS_OF } from '../catalog/index.js';
import type { Curve, Scenario } from '../domain/scenario.js';
import { summariseTrace } from '../domain/trace.js';
import { DROP_BUDGET_MARGIN, SCHEMA_VERSION, judgedDroppedShare, judgedSloMet, judgedTotalUsd, judgedWithinDropBudget, type AlternativeResult, type ComparisonResult, type DropBudget, type ReplicationSample } from '../domain/result.js';
import { simulateAlternative, type RunOptions } from './simulate.js';
import { pairedDifferences, replicationSeed, sampleOf, summariseReplications } from './replications.js';
import { realiseDemand, type Demand } from '../workload/demand.js';
import { ColumnPool, ownColumns, packSeries, seriesView, type PackedSeries } from '../domain/series-store.js';
import { DEFAULT_MAX_POINTS, rememberDownsample, type DisplaySeries } from '../domain/downsample.js';

/** With replications, an alternative is judged on its means over the seeds; otherwise on its one run. */
export function judged(a: AlternativeResult, budget: DropBudget | null = null): { usd: number; met: boolean; withinBudget: boolean } {
  // The figures live in domain/result.ts so the reports' verdicts and sentences read the same ones.
  return { usd: judgedTotalUsd(a), met: judgedSloMet(a), withinBudget: judgedWithinDropBudget(a, budget) };
}

/**
 * The dropped-requests budget: the scenario's `slo.maxDroppedShare` when declared, else the best
 * share among the alternatives meeting the SLO plus `DROP_BUDGET_MARGIN`. Null when no
 * alternative was offered requests (nothing to drop).
 */
export function dropBudget(alternatives: readonly AlternativeResult[], declared?: number): DropBudget | null {
  if (!alternatives.some((a) => a.requests.offered > 0)) return null;
  if (declared !== undefined) return { maxDroppedShare: declared, basis: 'scenario', best: null };
  let best: AlternativeResult | null = null;
  for (const a of alternatives) {
    if (!judged(a).met) continue;
    if (best === null || judgedDroppedShare(a) < judgedDroppedShare(best) || (judgedDroppedShare(a) === judgedDroppedShare(best) && a.name.localeCompare(best.name) < 0)) best = a;
  }
  if (best === null) return { maxDroppedShare: DROP_BUDGET_MARGIN.absolute, basis: 'best', best: null };
  const share = judgedDroppedShare(best);
  return { maxDroppedShare: share * (1 + DROP_BUDGET_MARGIN.relative) + DROP_BUDGET_MARGIN.absolute, basis: 'best', best: best.name };
}

export function rank(alternatives: readonly AlternativeResult[], budget: DropBudget | null = null): string[] {
  const tier = (j: ReturnType<typeof judged>): number => (j.met ? (j.withinBudget ? 0 : 1) : 2);
  return [...alternatives]
    .map((a) => ({ a, j: judged(a, budget) }))
    .sort((x, y) => tier(x.j) - tier(y.j) || x.j.usd - y.j.usd || x.a.name.localeCompare(y.a.name))
    .map(({ a }) => a.name);
}

/** Simulates one alternative (by name, default the first). */
export function simulate(scenario: Scenario, opts: RunOptions & { alternative?: string } = {}): AlternativeResult {
  const alt = opts.alternative === undefined ? scenario.alternatives[0] : scenario.alternatives.find((a) => a.name === opts.alternative);
  if (!alt) throw new Error(`no alternative named "${opts.alternative}"; the scenario has: ${scenario.alternatives.map((a) => a.name).join(', ')}`);
  return simulateAlternative(scenario, alt, opts);
}

/** One (alternative, replication) run. Replication 0 keeps its whole result; the others only their sample. */
export interface RunJob {
  alt: number;
  rep: number;
  seed: number | string;
  full: boolean;
  /** A sweep's point (an index into the scenarios the workers were given); absent: the one scenario. */
  point?: number;
}

/** What a run sends back: replication 0 its result with the series packed, the others their sample. */
/** A full run's output; from a worker process it carries its chart points too, computed where the dense columns are (`domain/downsample.ts`). */
export type RunOutput = { kind: 'full'; result: Omit<AlternativeResult, 'series'>; series: PackedSeries; display?: DisplaySeries } | { kind: 'sample'; sample: ReplicationSample };

/** What a comparison keeps of a run: the result (its series a view over packed columns), or the sample. */
export type StoredOutput = AlternativeResult | ReplicationSample;

/** Keeps a run's output: columns equal to an earlier run's (offered load) are shared through `pool`. */
export function storeOutput(output: RunOutput, pool: ColumnPool): StoredOutput {
  if (output.kind === 'sample') return output.sample;
  const series = seriesView(pool.share(ownColumns(output.series)));
  if (output.display) rememberDownsample(series, DEFAULT_MAX_POINTS, output.display);
  return { ...output.result, series } as AlternativeResult;
}

/**
 * Every run a comparison needs, replication by replication (each replication's alternatives in
 * a row, so they can share its realised demand); `assembleComparison` takes outputs in this order.
 */
export function comparisonRuns(scenario: Scenario, seed: number): RunJob[] {
  const runs: RunJob[] = [];
  for (let rep = 0; rep < Math.max(1, scenario.replications); rep++) {
    scenario.alternatives.forEach((_, alt) => runs.push({ alt, rep, seed: replicationSeed(seed, rep), full: rep === 0 }));
  }
  return runs;
}

/**
 * Demand depends only on the seed (common random numbers), so it is realised once per seed and
 * read by every alternative run on it. Jobs come replication by replication, so the last few
 * seeds are all a process needs to keep (a year of demand is ~17 MB).
 */
export class DemandCache {
  private readonly bySeed = new Map<string, Demand>();

  constructor(
    private readonly scenario: Scenario,
    private readonly keep = 2,
  ) {}

  get(seed: number | string): Demand {
    const key = String(seed);
    let demand = this.bySeed.get(key);
    if (!demand) {
      demand = realiseDemand(this.scenario.workload, this.scenario.horizonSeconds, this.scenario.tickSeconds, seed);
      this.bySeed.set(key, demand);
      if (this.bySeed.size > this.keep) this.bySeed.delete(this.bySeed.keys().next().value!);
    }
    return demand;
  }
}

export interface RunJobOptions {
  /** Called with a full run's result before its series is packed (a worker writes its rows from it). */
  onFull?: (result: AlternativeResult) => void;
  /** A full run's columns in shared memory (`createSeries`), so a thread can read the ones it keeps. */
  shared?: boolean;
  /** false: no hourly ledger for a full run (`RunOptions.ledger`): its reports are not written. */
  ledger?: boolean;
}

/** Runs one job in this process; a worker process calls the same function. */
export function runJob(scenario: Scenario, job: RunJob, demands: DemandCache, { onFull, shared = false, ledger = true }: RunJobOptions = {}): RunOutput {
  const result = simulateAlternative(scenario, scenario.alternatives[job.alt], { seed: job.seed, demand: demands.get(job.seed), series: job.full && shared ? 'shared' : job.full, ledger });
  if (!job.full) return { kind: 'sample', sample: sampleOf(result) };
  onFull?.(result);
  const { series, ...rest } = result;
  return { kind: 'full', result: rest, series: packSeries(series) };
}

/**
 * The scenario path as results.json keeps it: relative to the working directory when the file is
 * under it (so the same checkout gives the same bytes wherever it lives), else as given.
 */
export function recordedPath(file: string): string {
  if (!isAbsolute(file)) return file.split(sep).join('/');
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/** Keys sorted at every level: the same scenario always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** A curve as a record keeps it: a trace as its file, row count, span and hash, not its rows. */
function recordedCurve(curve: Curve): unknown {
  if (curve.type === 'sum') return { ...curve, terms: curve.terms.map(recordedCurve) };
  if (curve.type !== 'trace') return curve;
  const { trace, ...rest } = curve;
  return { ...rest, trace: summariseTrace(trace) };
}

/** The scenario as results.json and the hash see it (a trace's million rows would be 70 MB of JSON). */
function recordedScenario(scenario: Scenario): Record<string, unknown> {
  return { ...scenario, workload: { ...scenario.workload, curve: recordedCurve(scenario.workload.curve) } };
}

/** sha256 of the resolved scenario, without where it was read from or the seed it ran on. */
export function scenarioHash(scenario: Scenario): string {
  const { file: _file, seed: _seed, ...rest } = recordedScenario(scenario);
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(rest))).digest('hex')}`;
}

/** Puts the runs (in `comparisonRuns` order) together: replication summaries, ranking, recommendation. */
export function assembleComparison(scenario: Scenario, seed: number, outputs: readonly StoredOutput[]): ComparisonResult {
  const per = Math.max(1, scenario.replications);
  const n = scenario.alternatives.length;
  const samplesOf: ReplicationSample[][] = [];
  const alternatives = scenario.alternatives.map((_, i) => {
    const first = outputs[i] as AlternativeResult;
    if (per <= 1) return first;
    const samples = [sampleOf(first)];
    for (let rep = 1; rep < per; rep++) samples.push(outputs[rep * n + i] as ReplicationSample);
    samplesOf.push(samples);
    return { ...first, replications: summariseReplications(samples, scenario.horizonSeconds) };
  });
  const budget = dropBudget(alternatives, scenario.slo.maxDroppedShare);
  const ranking = rank(alternatives, budget);
  const recommended =
    ranking.find((name) => {
      const j = judged(alternatives.find((a) => a.name === name)!, budget);
      return j.met && j.withinBudget;
    }) ?? null;
  return {
    schemaVersion: SCHEMA_VERSION,
    capsimVersion: CAPSIM_VERSION,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: recordedPath(scenario.file),
      seed,
      scenarioHash: scenarioHash(scenario),
      catalogAsOf: CATALOG_AS_OF,
      region: scenario.region,
      horizonSeconds: scenario.horizonSeconds,
      tickSeconds: scenario.tickSeconds,
      sloLatencyP95Ms: scenario.slo.latencyP95Seconds * 1000,
      resolved: { ...recordedScenario(scenario), file: recordedPath(scenario.file), seed },
    },
    alternatives,
    ranking,
    recommended,
    dropBudget: budget,
    // Every alternative against the recommended one (else the first ranked), paired by replication.
    paired: per > 1 && n > 1 ? pairedDifferences(alternatives.map((a) => a.name), samplesOf, recommended ?? ranking[0]) : undefined,
  };
}

/**
 * Runs every (alternative, replication) pair. Demand depends only on the seed, so it is realised
 * once per seed and shared by the alternatives run on it; the runs go seed by seed so only one
 * realisation is held at a time (results are independent of the order).
 */
/** `ledger: false`: no hourly ledger (the reports are not written; `RunOptions.ledger`). */
export function compare(scenario: Scenario, opts: { seed?: number; ledger?: boolean } = {}): ComparisonResult {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const demands = new DemandCache(scenario);
  const pool = new ColumnPool();
  const outputs = comparisonRuns(scenario, seed).map((job) => storeOutput(runJob(scenario, job, demands, { ledger: opts.ledger }), pool));
  return assembleComparison(scenario, seed, outputs);
}
