// Replications: the summary statistics by hand, and the guarantees around them (replication 0
// is the single run; every alternative sees each replication's same demand).

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compare, parseScenario, simulate } from '../../src/index.js';
import { estimate, replicationSeed, tQuantile975 } from '../../src/run/replications.js';
import type { AlternativeResult } from '../../src/domain/result.js';

/** A run's total before rounding to the cent: the sum of its line items' exact amounts. */
const exactTotal = (r: AlternativeResult): number => r.cost.lineItems.reduce((s, li) => s.plus(li.usdExact), new Decimal(0)).toNumber();

describe('estimate', () => {
  it('mean and 95 % CI of 1, 2, 3, 4 by hand', () => {
    // mean 2.5; s² = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3; s = 1.290994;
    // t(0.975, 3) = 3.182; half-width = 3.182 × 1.2909944 / √4 = 4.1079442 / 2 = 2.0539721 → 2.053972
    expect(estimate([1, 2, 3, 4])).toEqual({ mean: 2.5, ci95: 2.053972, min: 1, max: 4 });
  });

  it('one value: no interval', () => {
    expect(estimate([7])).toEqual({ mean: 7, ci95: 0, min: 7, max: 7 });
  });

  it('t quantiles: the table and the normal beyond 30 degrees of freedom', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(9)).toBe(2.262);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(200)).toBe(1.96);
  });
});

const text = (replications: number) => `
name: reps
seed: 5
replications: ${replications}
horizon: 6h
workload: { rps: { type: constant, rps: 120 }, noise: 0.2 }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: 3, taskCapacity: 50 rps, queueLimit: 0 }
alternatives:
  - name: a
    capacity: { type: fargate }
  - name: b
    capacity: { type: fargate }
    service: { desiredCount: 4 }
`;

describe('compare with replications', () => {
  const one = compare(parseScenario(text(1)));
  const five = compare(parseScenario(text(5)));

  it('replication 0 is the single run: the detailed result is unchanged', () => {
    for (let i = 0; i < 2; i++) {
      const { replications, ...rest } = five.alternatives[i];
      expect(replications?.n).toBe(5);
      expect({ ...rest, replications: null }).toEqual(one.alternatives[i]);
    }
    expect(one.alternatives[0].replications).toBeNull();
  });

  it('a fixed fleet on Fargate costs the same on every seed: CI 0; drops vary with the noise', () => {
    // 3 tasks × 6 h × (0.000011244 + 2 × 0.000001235) × 3600 = $0.88851... → cost does not depend on the seed
    const r = five.alternatives[0].replications!;
    expect(r.totalUsd.ci95).toBe(0);
    expect(r.totalUsd.min).toBe(r.totalUsd.max);
    // 120 rps ± 20 % noise against 150 rps of capacity: some minutes overflow, differently per seed
    expect(r.droppedShare.max).toBeGreaterThan(r.droppedShare.min);
  });

  it('alternatives see the same demand in each replication: 4 tasks never drop more than 3', () => {
    const a = five.alternatives[0].replications!;
    const b = five.alternatives[1].replications!;
    expect(b.droppedShare.max).toBeLessThanOrEqual(a.droppedShare.min + 1e-12 + (a.droppedShare.max - a.droppedShare.min));
    expect(b.droppedShare.mean).toBeLessThan(a.droppedShare.mean);
  });
});

describe('replications keep their samples, not their series', () => {
  it('the summary equals the statistics of each replication run on its own', () => {
    // Each replication k is the alternative run alone on seed "5/rep<k>"; the summary is built
    // from their figures by the estimate formula checked by hand above.
    const scenario = parseScenario(text(5));
    const five = compare(scenario);
    for (const alt of scenario.alternatives) {
      const runs = [0, 1, 2, 3, 4].map((k) => simulate(scenario, { alternative: alt.name, seed: replicationSeed(5, k) }));
      const r = five.alternatives.find((a) => a.name === alt.name)!.replications!;
      // The total from each run's exact line items, not its cent-rounded total.
      expect(r.totalUsd).toEqual(estimate(runs.map(exactTotal)));
      expect(r.droppedShare).toEqual(estimate(runs.map((x) => x.slo.droppedShare)));
      expect(r.minutesOverShare).toEqual(estimate(runs.map((x) => x.slo.minutesOverShare)));
      expect(r.sloMetShare).toBe(runs.filter((x) => x.slo.met).length / 5);
    }
  });
});
