// Runs every alternative of a scenario on the same seed and ranks them: cheapest first among
// those meeting the SLO, then the rest by cost.

import { createRequire } from 'node:module';
import type { Scenario } from '../scenario/types.js';
import { SCHEMA_VERSION, type AlternativeResult, type ComparisonResult } from './result.js';
import { simulateAlternative, type RunOptions } from './simulate.js';

const require = createRequire(import.meta.url);
export const CAPSIM_VERSION: string = (require('../../package.json') as { version: string }).version;

export function rank(alternatives: readonly AlternativeResult[]): string[] {
  return [...alternatives]
    .sort((a, b) => Number(b.slo.met) - Number(a.slo.met) || a.cost.totalUsd - b.cost.totalUsd || a.name.localeCompare(b.name))
    .map((a) => a.name);
}

/** Simulates one alternative (by name, default the first). */
export function simulate(scenario: Scenario, opts: RunOptions & { alternative?: string } = {}): AlternativeResult {
  const alt = opts.alternative === undefined ? scenario.alternatives[0] : scenario.alternatives.find((a) => a.name === opts.alternative);
  if (!alt) throw new Error(`no alternative named "${opts.alternative}"; the scenario has: ${scenario.alternatives.map((a) => a.name).join(', ')}`);
  return simulateAlternative(scenario, alt, opts);
}

export function compare(scenario: Scenario, opts: RunOptions = {}): ComparisonResult {
  const seed = opts.seed ?? scenario.seed;
  const alternatives = scenario.alternatives.map((alt) => simulateAlternative(scenario, alt, { ...opts, seed }));
  const ranking = rank(alternatives);
  const recommended = ranking.find((name) => alternatives.find((a) => a.name === name)!.slo.met) ?? null;
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
