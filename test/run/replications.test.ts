// Replications: the summary statistics by hand, and the guarantees around them (replication 0
// is the single run; every alternative sees each replication's same demand).

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compare, parseScenario, simulate } from '../../src/index.js';
import { recommendationSentence, renderMarkdownSummary, renderTable, resultsJson } from '../../src/report/index.js';
import { buildHtmlData } from '../../src/report/html/data.js';
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

describe('results.json keeps each replication\'s figures, so its intervals can be recomputed', () => {
  // An outside audit could not recompute a run's confidence intervals from its report.
  it('samples in replication order, each the run on its own seed; the interval is the t-interval over them', () => {
    const five = compare(parseScenario(text(5)));
    const r = JSON.parse(resultsJson(five)).alternatives[0].replications as { samples: { droppedShare: number; totalUsd: number }[]; droppedShare: { mean: number; ci95: number } };
    expect(r.samples).toHaveLength(5);
    // Sample k is what the run on seed replicationSeed(5, k) reports on its own.
    const third = simulate(parseScenario(text(1)), { alternative: 'a', seed: replicationSeed(5, 2) });
    expect(r.samples[2].droppedShare).toBeCloseTo(third.requests.dropped / third.requests.offered, 5); // kept to 6 places
    expect(r.samples[2].totalUsd).toBeCloseTo(exactTotal(third), 12);
    // Mean and half-width by hand: t(0.975, 4) = 2.776, s / √5.
    const xs = r.samples.map((x) => x.droppedShare);
    const mean = xs.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 4);
    expect(r.droppedShare.mean).toBeCloseTo(mean, 6);
    expect(r.droppedShare.ci95).toBeCloseTo((2.776 * sd) / Math.sqrt(5), 5);
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

// Was a gap, fixed (src/run/replications.ts summariseReplications, domain/result.ts judgedCostRates):
// with replications, per hour, per month and the decision's $ figures were replication 0's while
// the ranking used the mean total, and that mean was over cent-rounded totals.
describe('cost rates with replications: means over the replications, from their exact totals', () => {
  const spot = (rate: number) =>
    `{ type: cluster, providers: [{ name: sp, asg: { instanceTypes: [m5.large], purchase: spot, min: 1, max: 1, desired: 1, managedScaling: false, spot: { interruptionsPerHour: ${rate} } } }] }`;
  const scenario = parseScenario(`
name: spot-reps
seed: 7
replications: 5
horizon: 3h
workload: { rps: { type: constant, rps: 10 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 1, taskCapacity: 100 rps }
alternatives:
  - { name: flat, capacity: ${spot(0)} }
  - { name: interrupted, capacity: ${spot(1.5)} }
`);
  const result = compare(scenario);
  const alt = (name: string) => result.alternatives.find((a) => a.name === name)!;
  // Each replication run on its own seed, as capsim run runs it: its exact total (the line items'
  // unrounded sum) and the requests it served.
  const runs = (name: string) =>
    [0, 1, 2, 3, 4].map((k) => {
      const r = simulate(scenario, { alternative: name, seed: replicationSeed(7, k) });
      return { usd: exactTotal(r), served: r.requests.served };
    });
  const interrupted = runs('interrupted');
  const totals = interrupted.map((r) => r.usd);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanTotal = mean(totals);
  // 3 h horizon: per hour = total / 3; per month = total / 3 × 730.
  const perMonth = (meanTotal / 3) * 730;
  const cents = (usd: number) => `$${usd.toFixed(2)}`;

  it("the replications' totals differ, and are not whole cents (so rounding each first would bias the mean)", () => {
    expect(new Set(totals).size).toBeGreaterThan(1);
    expect(totals.some((t) => Math.abs(t * 100 - Math.round(t * 100)) > 1e-9)).toBe(true);
  });

  it('results.json: the mean total, per hour, per month and per M requests are the means of the exact figures, with the CI scaled', () => {
    const r = JSON.parse(resultsJson(result)).alternatives.find((a: { name: string }) => a.name === 'interrupted').replications;
    expect(Math.abs(r.totalUsd.mean - meanTotal)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.usdPerHour.mean - meanTotal / 3)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.usdPerMonth.mean - perMonth)).toBeLessThanOrEqual(1e-6);
    // 95 % CI by hand: t(0.975, 4) = 2.776 × s / √5, s the sample standard deviation of the totals.
    const s = Math.sqrt(totals.reduce((a, t) => a + (t - meanTotal) ** 2, 0) / 4);
    const ci = (2.776 * s) / Math.sqrt(5);
    expect(Math.abs(r.totalUsd.ci95 - ci)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.usdPerMonth.ci95 - (ci / 3) * 730)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.usdPerMillionRequests.mean - mean(interrupted.map((x) => (x.usd / x.served) * 1e6)))).toBeLessThanOrEqual(1e-6);
    // No jobs: no cost per job.
    expect(r.usdPerJob).toBeNull();
  });

  it('a fleet that is never interrupted: 3 instance-hours × $0.0336 (m5.large $0.096 at 35%) = $0.1008 in every replication', () => {
    expect(runs('flat').map((r) => r.usd)).toEqual([0.1008, 0.1008, 0.1008, 0.1008, 0.1008]);
    const r = alt('flat').replications!;
    expect(r.totalUsd).toEqual({ mean: 0.1008, ci95: 0, min: 0.1008, max: 0.1008 });
    // 0.1008 / 3 = 0.0336 an hour; × 730 = 24.528 a month
    expect(r.usdPerHour!.mean).toBeCloseTo(0.0336, 9);
    expect(r.usdPerMonth!.mean).toBeCloseTo(24.528, 9);
  });

  it("the table's per month, the Markdown table, the HTML data and the decision sentence show the mean, not replication 0's", () => {
    // Replication 0's month differs from the mean, so the check can tell them apart.
    expect(cents(alt('interrupted').cost.usdPerMonth)).not.toBe(cents(perMonth));
    const table = renderTable(result, { color: false });
    expect(table).toContain('per hour, per month, per M req and the figures the recommendation quotes (costs, shares of minutes over target and of requests dropped) are means over the replications too');
    const row = table.split('\n').find((l) => /^\d+\s+interrupted\s/.test(l))!;
    expect(row).toContain(` ${cents(perMonth)} `);
    expect(row).toContain(` ${`$${(meanTotal / 3).toFixed(4)}`} `); // per hour, 4 decimals below $1
    const mdRow = renderMarkdownSummary(result).split('\n').find((l) => l.includes('| interrupted |'))!;
    expect(mdRow).toContain(`| ${cents(perMonth)} |`);
    expect(buildHtmlData(result).alternatives.find((a) => a.name === 'interrupted')!.usdPerMonth).toBe(alt('interrupted').replications!.usdPerMonth!.mean);
    // flat $24.53 a month (above) is recommended; interrupted is cheaper by 24.53 − its mean month, in cents.
    const cheaper = (2453 - Math.round(perMonth * 100)) / 100;
    expect(recommendationSentence(result)).toContain('Recommended: flat');
    expect(recommendationSentence(result)).toContain('at $24.53 per month');
    expect(recommendationSentence(result)).toContain(`interrupted is ${cents(cheaper)} per month cheaper but misses the SLO`);
  });
});
