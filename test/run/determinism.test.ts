// Determinism and common random numbers: the same scenario and seed give byte-identical
// results; a new seed moves only what is random; every alternative of a run sees the same
// demand, whatever the other alternatives are.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, parseScenario, type ComparisonResult } from '../../src/index.js';
import { writeReports } from '../../src/report/index.js';
import { scenarioText, type ScenarioText } from '../fixtures/scenario-text.js';

const ALTERNATIVES = [
  '{ name: fargate, capacity: { type: fargate } }',
  '{ name: spot, capacity: { type: fargate-spot } }',
  '{ name: ec2, capacity: { type: ec2, instanceType: m5.large, instances: 2, placement: [random] } }',
];

/** Randomness in three places: per-minute demand noise, cold starts, random placement. */
function noisy(over: Partial<ScenarioText> = {}): string {
  return scenarioText({
    horizon: '2h',
    seed: 7,
    rps: '{ type: diurnal, base: 50 rps, peak: 150 rps, peakHour: 1 }',
    noise: 0.2,
    task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
    desiredCount: 3,
    warmStart: false,
    startLatency: '{ type: lognormal, mean: 40s, p99: 90s }',
    alternatives: ALTERNATIVES,
    ...over,
  });
}

/** Nothing random: constant demand, no noise, constant start latency, binpack placement. */
function quiet(seed: number): string {
  return scenarioText({
    horizon: '1h',
    seed,
    task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
    desiredCount: 2,
    warmStart: false,
    startLatency: '30s',
    alternatives: ['{ name: fargate, capacity: { type: fargate } }', '{ name: ec2, capacity: { type: ec2, instanceType: m5.large, instances: 1, networkMode: bridge } }'],
  });
}

const dir = mkdtempSync(join(tmpdir(), 'capsim-determinism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function resultsJsonBytes(result: ComparisonResult, name: string): Promise<Buffer> {
  const out = join(dir, name);
  await writeReports(result, out, { formats: ['json'] });
  return readFileSync(join(out, 'results.json'));
}

const offered = (r: ComparisonResult, name: string) => r.alternatives.find((a) => a.name === name)!.series.offeredRps;

describe('same scenario, same seed', () => {
  it('gives a byte-identical results.json, run twice', async () => {
    const a = compare(parseScenario(noisy(), 'noisy.yaml'));
    const b = compare(parseScenario(noisy(), 'noisy.yaml'));
    const bytesA = await resultsJsonBytes(a, 'a');
    const bytesB = await resultsJsonBytes(b, 'b');
    expect(bytesA.length).toBeGreaterThan(1000);
    expect(bytesA.equals(bytesB)).toBe(true);
    // and the full in-memory result (series included) is identical too
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('a different seed', () => {
  it('changes what is random: noisy demand and lognormal cold starts', () => {
    const a = compare(parseScenario(noisy()));
    const b = compare(parseScenario(noisy()), { seed: 8 });
    expect(b.scenario.seed).toBe(8);
    // demand noise: the offered series and total differ
    expect(offered(b, 'fargate')).not.toEqual(offered(a, 'fargate'));
    expect(b.alternatives[0].requests.offered).not.toBe(a.alternatives[0].requests.offered);
    // cold starts: three lognormal draws; different seeds give different draws
    expect(b.alternatives[0].startLatency.count).toBe(3);
    expect(b.alternatives[0].startLatency.p50Seconds).not.toBe(a.alternatives[0].startLatency.p50Seconds);
  });

  it('changes nothing where nothing is random (only the seed field differs)', () => {
    const a = compare(parseScenario(quiet(1)));
    const b = compare(parseScenario(quiet(999)));
    expect(JSON.stringify(b.alternatives)).toBe(JSON.stringify(a.alternatives));
    expect(b.ranking).toEqual(a.ranking);
    // constant start latency: both tasks serve after exactly 30 s under either seed
    expect(a.alternatives[0].startLatency).toMatchObject({ count: 2, p50Seconds: 30, p95Seconds: 30 });
  });

  it('the seed option and the scenario seed are the same thing', () => {
    const viaOption = compare(parseScenario(noisy({ seed: 1 })), { seed: 8 });
    const viaFile = compare(parseScenario(noisy({ seed: 8 })));
    expect(JSON.stringify(viaOption.alternatives)).toBe(JSON.stringify(viaFile.alternatives));
  });
});

describe('common random numbers across alternatives', () => {
  it('every alternative of one run sees the same offered series', () => {
    const r = compare(parseScenario(noisy()));
    const fargate = offered(r, 'fargate');
    // the noise is real: the per-minute rates are not a smooth curve
    expect(new Set(fargate).size).toBeGreaterThan(100);
    expect(offered(r, 'spot')).toEqual(fargate);
    expect(offered(r, 'ec2')).toEqual(fargate);
    const totals = r.alternatives.map((a) => a.requests.offered);
    expect(new Set(totals).size).toBe(1);
  });

  it("an alternative's demand does not depend on the order or number of the others", () => {
    const all = compare(parseScenario(noisy()));
    const reversed = compare(parseScenario(noisy({ alternatives: [...ALTERNATIVES].reverse() })));
    const alone = compare(parseScenario(noisy({ alternatives: [ALTERNATIVES[2]] })));
    const pair = compare(parseScenario(noisy({ alternatives: [ALTERNATIVES[1], ALTERNATIVES[0]] })));
    expect(offered(reversed, 'fargate')).toEqual(offered(all, 'fargate'));
    expect(offered(alone, 'ec2')).toEqual(offered(all, 'ec2'));
    expect(offered(pair, 'spot')).toEqual(offered(all, 'spot'));
    // not only demand: a whole alternative's result is independent of its neighbours
    const ec2All = all.alternatives.find((a) => a.name === 'ec2')!;
    expect(JSON.stringify(alone.alternatives[0])).toBe(JSON.stringify(ec2All));
  });
});
