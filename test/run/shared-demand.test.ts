// compare() realises the demand once per seed and hands it to every alternative on that seed;
// the results are those of each alternative realising its own.

import { describe, expect, it, vi } from 'vitest';
import { parseScenario } from '../../src/index.js';
import { assembleComparison, compare, comparisonRuns } from '../../src/run/compare.js';
import { simulateAlternative } from '../../src/run/simulate.js';
import { sampleOf } from '../../src/run/replications.js';
import * as demandModule from '../../src/workload/demand.js';

const realised: { seed: string; demand: demandModule.Demand }[] = [];

vi.mock('../../src/workload/demand.js', async (importOriginal) => {
  const original = await importOriginal<typeof demandModule>();
  return {
    ...original,
    realiseDemand: (...args: Parameters<typeof original.realiseDemand>) => {
      const demand = original.realiseDemand(...args);
      realised.push({ seed: String(args[3]), demand });
      return demand;
    },
  };
});

const scenario = parseScenario(`
name: shared-demand
seed: 11
horizon: 6h
replications: 2
workload:
  rps: { type: diurnal, base: 40 rps, peak: 300 rps, peakHour: 3 }
  noise: 0.1
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 2
  taskCapacity: 50 rps
  autoscaling: { minCapacity: 1, maxCapacity: 10, targetTracking: [{ metric: cpu, target: 60 }] }
alternatives:
  - { name: fargate, capacity: { type: fargate } }
  - { name: spot, capacity: { type: fargate-spot } }
  - { name: ec2, capacity: { type: ec2, instanceType: m5.large, instances: 3 } }
`);

describe('compare() and the realised demand', () => {
  it('realises it once per seed (2 replications × 3 alternatives: 2 realisations)', () => {
    realised.length = 0;
    compare(scenario);
    expect(realised.map((r) => r.seed)).toEqual(['11', '11/rep1']);
  });

  it('every alternative on a seed sees the same offered series', () => {
    const result = compare(scenario);
    const [a, b, c] = result.alternatives;
    expect(b.series.offeredRps).toEqual(a.series.offeredRps);
    expect(c.series.offeredRps).toEqual(a.series.offeredRps);
  });

  it('gives the results of realising it per alternative, byte for byte', () => {
    const shared = compare(scenario);
    realised.length = 0;
    const own = comparisonRuns(scenario, scenario.seed).map((run) => {
      const result = simulateAlternative(scenario, scenario.alternatives[run.alt], { seed: run.seed });
      return run.full ? result : sampleOf(result);
    });
    expect(realised).toHaveLength(6); // each run realised its own
    expect(JSON.stringify(assembleComparison(scenario, scenario.seed, own))).toBe(JSON.stringify(shared));
  });

  it('leaves the shared demand as it found it (read-only)', () => {
    const demand = demandModule.realiseDemand(scenario, scenario.horizonSeconds, scenario.tickSeconds, 11);
    const before = [Float64Array.from(demand.minuteOffered), Float64Array.from(demand.minuteMaxRps), Float64Array.from(demand.noise!)];
    const first = simulateAlternative(scenario, scenario.alternatives[0], { seed: 11, demand });
    const second = simulateAlternative(scenario, scenario.alternatives[0], { seed: 11, demand });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect([demand.minuteOffered, demand.minuteMaxRps, demand.noise]).toEqual(before);
  });

  it('refuses a demand realised for another seed or grid', () => {
    const other = demandModule.realiseDemand(scenario, scenario.horizonSeconds, scenario.tickSeconds, 12);
    expect(() => simulateAlternative(scenario, scenario.alternatives[0], { seed: 11, demand: other })).toThrow(/seed 12/);
    const shorter = demandModule.realiseDemand(scenario, 3600, scenario.tickSeconds, 11);
    expect(() => simulateAlternative(scenario, scenario.alternatives[0], { seed: 11, demand: shorter })).toThrow(/horizon 3600/);
  });
});
