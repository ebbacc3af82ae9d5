// Runs every alternative of a scenario on the same seed and ranks them: cheapest first among
// those meeting the SLO, then the rest by cost.

import { createRequire } from 'node:module';
import type { Scenario } from '../domain/scenario.js';
import { SCHEMA_VERSION, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import { simulateAlternative, type RunOptions } from './simulate.js';
import { replicationSeed, summariseReplications } from './replications.js';
import { realiseDemand } from '../workload/demand.js';

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

/** Every (alternative, replication) run a comparison needs, in a fixed order. */
export function comparisonRuns(scenario: Scenario, seed: number): { alt: number; seed: number | string }[] {
  const runs: { alt: number; seed: number | string }[] = [];
  scenario.alternatives.forEach((_, alt) => {
    for (let k = 0; k < Math.max(1, scenario.replications); k++) runs.push({ alt, seed: replicationSeed(seed, k) });
  });
  return runs;
}

/** Puts the runs (in `comparisonRuns` order) together: replication summaries, ranking, recommendation. */
export function assembleComparison(scenario: Scenario, seed: number, results: readonly AlternativeResult[]): ComparisonResult {
  const per = Math.max(1, scenario.replications);
  const alternatives = scenario.alternatives.map((_, i) => {
    const runs = results.slice(i * per, (i + 1) * per);
    return per <= 1 ? runs[0] : { ...runs[0], replications: summariseReplications(runs) };
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

/**
 * Runs every (alternative, replication) pair. Demand depends only on the seed, so it is realised
 * once per seed and shared by the alternatives run on it; the runs go seed by seed so only one
 * realisation is held at a time (results are independent of the order).
 */
export function compare(scenario: Scenario, opts: { seed?: number } = {}): ComparisonResult {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const runs = comparisonRuns(scenario, seed);
  const bySeed = new Map<string, number[]>();
  runs.forEach((run, i) => {
    const key = String(run.seed);
    const same = bySeed.get(key);
    if (same) same.push(i);
    else bySeed.set(key, [i]);
  });
  const results = new Array<AlternativeResult>(runs.length);
  for (const indices of bySeed.values()) {
    const runSeed = runs[indices[0]].seed;
    const demand = realiseDemand(scenario.workload, scenario.horizonSeconds, scenario.tickSeconds, runSeed);
    for (const i of indices) results[i] = simulateAlternative(scenario, scenario.alternatives[runs[i].alt], { seed: runSeed, demand });
  }
  return assembleComparison(scenario, seed, results);
}
