// A sweep whose points differ in horizon (`horizon` swept) ranks on cost per month, not on each
// point's total: two days cost less than a week in total but may cost more a month. Assembly is
// a pure function of the samples, so the rows here are built by hand; figures worked out below.

import { describe, expect, it } from 'vitest';
import type { ReplicationSample } from '../../src/domain/result.js';
import type { PointRun, SweepHeader, SweepSelectOptions } from '../../src/domain/sweep.js';
import { assembleSweep } from '../../src/run/sweep.js';

const DAY = 86400;
const WEEK = 7 * DAY;
// Common random numbers: replication k of every row moves its cost by the same share (mean 0).
const NOISE = [0.01, -0.02, 0.005, 0.015, -0.01];

const samples = (totalUsd: number, minutesOverShare: number): ReplicationSample[] =>
  NOISE.map((e) => ({ totalUsd: totalUsd * (1 + e), minutesOverShare, droppedShare: 0, interruptions: 0, minutesOver: 0, dropped: 0, latencyP95Ms: 100, sloMet: true }));

function header(select?: SweepSelectOptions): SweepHeader {
  return {
    scenario: { name: 'h', file: 'h.yaml', scenarioHash: 'sha256:0', seed: 1, replications: 5, horizonSeconds: WEEK, sloLatencyP95Ms: 300, maxMinutesOverShare: 0.01 },
    mode: 'grid',
    parameters: [{ name: 'horizon', values: [{ label: '2d', sets: [{ path: 'horizon', value: '2d' }] }, { label: '7d', sets: [{ path: 'horizon', value: '7d' }] }] }],
    alternatives: ['a', 'b'],
    pointCount: 2,
    ...(select ? { select } : {}),
  };
}

// Point 0: 2 days, a $30 and b $40 in total; point 1: the scenario's 7 days, a $70 and b $100.
// Per month (730 h): a 30 × 730 / 48 = $456.25 and b 40 × 730 / 48 = $608.33 on 2 days;
// a 70 × 730 / 168 = $304.17 and b 100 × 730 / 168 = $434.52 on 7 days.
// On the scenario's 7 days (× 7/2 for the 2-day point): a $105, b $140; a $70, b $100.
const points: PointRun[] = [
  { index: 0, indices: [0], horizonSeconds: 2 * DAY, maxMinutesOverShare: 0.01, maxDroppedShare: null, alternatives: [{ name: 'a', samples: samples(30, 0) }, { name: 'b', samples: samples(40, 0) }] },
  { index: 1, indices: [1], horizonSeconds: WEEK, maxMinutesOverShare: 0.01, maxDroppedShare: null, alternatives: [{ name: 'a', samples: samples(70, 0.005) }, { name: 'b', samples: samples(100, 0.002) }] },
];

describe('a sweep over horizon', () => {
  it('rows keep their totals and quote cost per month', () => {
    const result = assembleSweep(header(), points);
    expect(result.rows.map((r) => [r.point, r.alternative, r.usdPerMonth])).toEqual([
      [0, 'a', 456.25],
      // The mean of the runs' unrounded totals, rounded once: the noise averages 0, so the mean total is
      // 40 and 40 × 730 / 48 = 608.333 → 608.33. (Rounding each run's month first gave 608.34.)
      [0, 'b', 608.33],
      [1, 'a', 304.17],
      [1, 'b', 434.52],
    ]);
    expect(result.rows[0].totalUsd).toBeCloseTo(30, 9);
  });

  it('selects the cheapest per month (a on 7 days, $304.17), not the smallest total (a on 2 days, $30), and says how it ranked', () => {
    const result = assembleSweep(header(), points);
    expect(result.selected).toMatchObject({ point: 1, alternative: 'a', usdPerMonth: 304.17, procedure: 'mean' });
    expect(result.selected!.note).toMatch(/^smallest mean cost per month among .* \(the points' horizons differ: compared per month, not on their totals\)/);
  });

  it('the Pareto front compares cost per month: a 7d ($70 on 7 days, 0.5 %), b 7d ($100, 0.2 %), a 2d ($105, 0 %)', () => {
    // b on 2 days ($140, 0 %) is beaten by a on 2 days ($105, 0 %). On totals the front would be a 2d alone ($30, 0 %).
    const result = assembleSweep(header(), points);
    expect(result.pareto).toEqual([
      { point: 1, alternative: 'a' },
      { point: 1, alternative: 'b' },
      { point: 0, alternative: 'a' },
    ]);
  });

  it('KN ranks per month too, with δ in USD over the scenario\'s horizon and per month in the note', () => {
    // On 7-day costs the differences to a 7d are 35 (a 2d), 30 (b 7d) and 70 (b 2d) times (1 + e_k):
    // S² of the paired differences is d² × Σe²/4 = d² × 0.00085 / 4 ≤ 70² × 0.0002125 = 1.04, so the
    // boundary h²S²/(2δ) − δr/2 with h² = 4 × ((0.05/3)^(−1/2) − 1) = 26.98, δ = 10, r = 5 is
    // 26.98 × 1.04 / 20 − 25 < 0: every other row is out at the first stage (constant
    // SLO shares, within the allowance, are feasible at once). δ = $10 a week = 10 × 730 / 168 = $43.45 a month.
    const result = assembleSweep(header({ confidence: 0.95, indifferenceUsd: 10, maxReplications: 20, sloTolerance: 0.001 }), points);
    expect(result.selected).toMatchObject({ point: 1, alternative: 'a', procedure: 'kn', guaranteed: true, replicationsSpent: 20, usdPerMonth: 304.17 });
    expect(result.selected!.eliminated!.map((e) => [e.point, e.alternative, e.reason, e.by])).toEqual([
      [0, 'a', 'costlier', 'a at point 1'],
      // b 2d ($140 a week) goes by the first feasible row clearly cheaper, in row order: a 2d ($105).
      [0, 'b', 'costlier', 'a at point 0'],
      [1, 'b', 'costlier', 'a at point 1'],
    ]);
    expect(result.selected!.note).toContain("ranked on cost per month (the points' horizons differ");
    expect(result.selected!.note).toContain("δ = $10 over the scenario's horizon ($43.45 per month)");
  });

  it('with every point on the scenario\'s horizon the totals compare as they are', () => {
    const week = points.map((p) => ({ ...p, horizonSeconds: WEEK }));
    const result = assembleSweep(header(), week);
    // a on point 0 now costs $30 for the same week: the cheapest.
    expect(result.selected).toMatchObject({ point: 0, alternative: 'a', procedure: 'mean' });
    expect(result.selected!.note).not.toContain('horizons differ');
  });
});
