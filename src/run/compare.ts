// Runs every alternative of a scenario on the same seed and ranks them: cheapest first among
// those meeting the SLO, then the rest by cost.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';
import { CATALOG_AS_OF } from '../catalog/index.js';
import type { Scenario } from '../domain/scenario.js';
import { SCHEMA_VERSION, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import { simulateAlternative, type RunOptions } from './simulate.js';
import { replicationSeed, summariseReplications } from './replications.js';

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

/** sha256 of the resolved scenario, without where it was read from or the seed it ran on. */
export function scenarioHash(scenario: Scenario): string {
  const { file: _file, seed: _seed, ...rest } = scenario;
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(rest))).digest('hex')}`;
}

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
      file: recordedPath(scenario.file),
      seed,
      scenarioHash: scenarioHash(scenario),
      catalogAsOf: CATALOG_AS_OF,
      region: scenario.region,
      horizonSeconds: scenario.horizonSeconds,
      tickSeconds: scenario.tickSeconds,
      sloLatencyP95Ms: scenario.slo.latencyP95Seconds * 1000,
      resolved: { ...scenario, file: recordedPath(scenario.file), seed },
    },
    alternatives,
    ranking,
    recommended,
  };
}

export function compare(scenario: Scenario, opts: { seed?: number } = {}): ComparisonResult {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const results = comparisonRuns(scenario, seed).map((run) => simulateAlternative(scenario, scenario.alternatives[run.alt], { seed: run.seed }));
  return assembleComparison(scenario, seed, results);
}
