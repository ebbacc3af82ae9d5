// Runs every alternative of a scenario on the same seed and ranks them: cheapest first among
// those meeting the SLO, then the rest by cost.

import { createRequire } from 'node:module';
import type { Scenario } from '../domain/scenario.js';
import { SCHEMA_VERSION, type AlternativeResult, type ComparisonResult, type ReplicationSample } from '../domain/result.js';
import { simulateAlternative, type RunOptions } from './simulate.js';
import { replicationSeed, sampleOf, summariseReplications } from './replications.js';

const require = createRequire(import.meta.url);
export const CAPSIM_VERSION: string = (require('../../package.json') as { version: string }).version;

/** With replications, an alternative is judged on its means over the seeds; otherwise on its one run. */
function judged(a: AlternativeResult): { usd: number; met: boolean } {
  const r = a.replications;
  if (!r) return { usd: a.cost.totalUsd, met: a.slo.met };
  return { usd: r.totalUsd.mean, met: r.minutesOverShare.mean <= a.slo.maxMinutesOverShare };
}

export function rank(alternatives: readonly AlternativeResult[]): string[] {
  return [...alternatives]
    .map((a) => ({ a, j: judged(a) }))
    .sort((x, y) => Number(y.j.met) - Number(x.j.met) || x.j.usd - y.j.usd || x.a.name.localeCompare(y.a.name))
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
  seed: number | string;
  full: boolean;
}

export type RunOutput = AlternativeResult | ReplicationSample;

/** Every run a comparison needs, in a fixed order: alternative by alternative, replication 0 first. */
export function comparisonRuns(scenario: Scenario, seed: number): RunJob[] {
  const runs: RunJob[] = [];
  scenario.alternatives.forEach((_, alt) => {
    for (let k = 0; k < Math.max(1, scenario.replications); k++) runs.push({ alt, seed: replicationSeed(seed, k), full: k === 0 });
  });
  return runs;
}

/** Runs one job in this thread; a worker calls the same function. */
export function runJob(scenario: Scenario, job: RunJob): RunOutput {
  const result = simulateAlternative(scenario, scenario.alternatives[job.alt], { seed: job.seed });
  return job.full ? result : sampleOf(result);
}

/** Puts the runs (in `comparisonRuns` order) together: replication summaries, ranking, recommendation. */
export function assembleComparison(scenario: Scenario, seed: number, outputs: readonly RunOutput[]): ComparisonResult {
  const per = Math.max(1, scenario.replications);
  const alternatives = scenario.alternatives.map((_, i) => {
    const first = outputs[i * per] as AlternativeResult;
    if (per <= 1) return first;
    const samples = [sampleOf(first), ...(outputs.slice(i * per + 1, (i + 1) * per) as ReplicationSample[])];
    return { ...first, replications: summariseReplications(samples) };
  });
  const ranking = rank(alternatives);
  const recommended = ranking.find((name) => judged(alternatives.find((a) => a.name === name)!).met) ?? null;
  return {
    schemaVersion: SCHEMA_VERSION,
    capsimVersion: CAPSIM_VERSION,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      seed,
      region: scenario.region,
      horizonSeconds: scenario.horizonSeconds,
      tickSeconds: scenario.tickSeconds,
      sloLatencyP95Ms: scenario.slo.latencyP95Seconds * 1000,
      resolved: { ...scenario, seed },
    },
    alternatives,
    ranking,
    recommended,
  };
}

export function compare(scenario: Scenario, opts: { seed?: number } = {}): ComparisonResult {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const outputs = comparisonRuns(scenario, seed).map((job) => runJob(scenario, job));
  return assembleComparison(scenario, seed, outputs);
}
