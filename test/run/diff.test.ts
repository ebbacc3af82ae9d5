// The regression check against a baseline: what counts as a regression, with which tolerance,
// and the CLI's exit code 3 when one is found.

import { describe, expect, it } from 'vitest';
import { compare, parseScenario } from '../../src/index.js';
import { diffResults, formatDiff, hasRegression } from '../../src/run/diff.js';
import type { ComparisonResult } from '../../src/domain/result.js';

const text = (rps: number, desired: number) => `
name: diff
horizon: 1h
workload: { rps: { type: constant, rps: ${rps} } }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: ${desired}, taskCapacity: 50 rps, queueLimit: 0 }
alternatives:
  - name: a
    capacity: { type: fargate }
`;

const run = (rps: number, desired: number): ComparisonResult => compare(parseScenario(text(rps, desired)));

describe('diffResults', () => {
  it('the same run is the same: no regression', () => {
    const rows = diffResults(run(80, 2), run(80, 2));
    expect(rows.every((r) => r.verdict === 'same')).toBe(true);
    expect(hasRegression(rows)).toBe(false);
  });

  it('more tasks cost more: a cost regression beyond 1 %', () => {
    // 2 tasks × 1 h: 7200 vCPU-s × 0.000011244 + 14400 GB-s × 0.000001235 = 0.0809568 + 0.017784
    // = 0.0987408 (shown $0.10); 3 tasks: 0.1481112 (shown $0.15): +50 %, far beyond 1 %. The
    // exact totals are compared, not the cents.
    const rows = diffResults(run(80, 2), run(80, 3));
    const cost = rows.find((r) => r.metric === 'total cost (USD)')!;
    expect([cost.baseline, cost.current, cost.verdict]).toEqual([0.0987408, 0.1481112, 'regression']);
    expect(hasRegression(rows)).toBe(true);
  });

  it('fewer tasks drop requests: a dropped-share regression, while the cost improves', () => {
    // 80 rps on 1 task of 50 rps with no queue: c = round(50 × 0.05) = 3 workers of μ = 50/3 rps,
    // offered a = 80 / (50/3) = 4.8 with no place to wait: Erlang B(3, 4.8) =
    // (4.8³/3!) / (1 + 4.8 + 4.8²/2 + 4.8³/6) = 18.432 / 35.752 = 0.515552 of requests turned away.
    // (Two tasks: B(3, 2.4) = 2.304 / 8.584 = 0.268406.)
    const rows = diffResults(run(80, 2), run(80, 1));
    const dropped = rows.find((r) => r.metric === 'requests dropped (share)')!;
    expect(dropped.verdict).toBe('regression');
    expect(dropped.current).toBeCloseTo(18.432 / 35.752, 6);
    expect(dropped.baseline).toBeCloseTo(2.304 / 8.584, 6);
    expect(rows.find((r) => r.metric === 'total cost (USD)')!.verdict).toBe('improvement');
    expect(hasRegression(rows)).toBe(true);
  });

  it('a removed alternative is a regression; an added one is not', () => {
    const base = run(80, 2);
    const renamed: ComparisonResult = { ...base, alternatives: base.alternatives.map((a) => ({ ...a, name: 'b' })) };
    const rows = diffResults(base, renamed);
    expect(rows.map((r) => r.verdict).sort()).toEqual(['added', 'removed']);
    expect(hasRegression(rows)).toBe(true);
  });

  it('a cost change inside the tolerance is the same', () => {
    const base = run(80, 2);
    const at = (usd: string): ComparisonResult => ({ ...base, alternatives: base.alternatives.map((a) => ({ ...a, cost: { ...a.cost, totalUsd: Number(usd), lineItems: [{ ...a.cost.lineItems[0], usdExact: usd }] } })) });
    const nudged = at('10.05');
    const baseAt10 = at('10');
    // +0.5 % < 1 %
    expect(diffResults(baseAt10, nudged).find((r) => r.metric === 'total cost (USD)')!.verdict).toBe('same');
    expect(diffResults(baseAt10, nudged, { costRelative: 0.001, minutesOverAbsolute: 0, droppedAbsolute: 0 }).find((r) => r.metric === 'total cost (USD)')!.verdict).toBe('regression');
  });

  it('a doubled cost under a cent is a regression: $0.00575988 → $0.01151976 (both shown $0.01)', () => {
    // 10 rps on 1 task for 7 min: 420 vCPU-s × 0.000011244 = 0.00472248 and 840 GB-s × 0.000001235
    // = 0.0010374, together 0.00575988; 2 tasks twice that, 0.01151976: +100 %. On the cents
    // ($0.01 → $0.01) it was "the same", and a 1-cent floor on the tolerance hid it too.
    const short = (desired: number) => compare(parseScenario(text(10, desired).replace('horizon: 1h', 'horizon: 7m')));
    const rows = diffResults(short(1), short(2));
    const cost = rows.find((r) => r.metric === 'total cost (USD)')!;
    expect([cost.baseline, cost.current, cost.verdict]).toEqual([0.00575988, 0.01151976, 'regression']);
    expect(hasRegression(rows)).toBe(true);
    // shown to the cent the two are alike, so the table shows as many places as tell them apart
    expect(formatDiff(rows)).toMatch(/a +total cost \(USD\) +0\.006 +0\.012 +regression/);
  });
});
