// The ranking-and-selection procedure (src/run/selection.ts): its constants by hand, its steps on
// deterministic samples, its errors, and its probability of correct selection on a constructed case
// whose cheapest feasible point is known (normal samples with known means, under CRN).

import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/rng.js';
import { boundary, knH2, runSelection, SelectionError, SequentialSelection, type SelectionOptions } from '../../src/run/selection.js';

describe('constants', () => {
  it('KN h² for α = 0.05, k = 5, n0 = 10 by hand', () => {
    // 2α/(k−1) = 0.1/4 = 0.025; 0.025^(−2/9) = e^(2/9 × ln 40) = e^(0.2222222 × 3.6888795) = e^0.8197510 = 2.2699345;
    // h² = 9 × (2.2699345 − 1) = 11.42941
    expect(knH2(0.05, 4, 10)).toBeCloseTo(11.42941, 4);
  });

  it('the continuation region closes at r = h²S²/δ²', () => {
    // h² = 10, S² = 4, δ = 2: h²S²/(2δ) = 40/4 = 10; at r = 3: 10 − 2 × 3/2 = 7; at r = 10: 10 − 10 = 0; beyond: 0
    expect(boundary(10, 4, 2, 3)).toBe(7);
    expect(boundary(10, 4, 2, 10)).toBe(0);
    expect(boundary(10, 4, 2, 12)).toBe(0);
  });
});

const slo = (threshold: number, tolerance: number) => [{ name: 'minutesOverShare', threshold, tolerance }];

describe('deterministic samples (variance 0): decided at n0', () => {
  // Costs 10, 20, 30; SLO values 0.5 (over 0.1), 0, 0. With S² = 0 every boundary is 0 at once:
  // point 0 is infeasible (Σ(0.5 − 0.1) = 2 > 0), point 2 costs 10 more per replication than point 1.
  const costs = [10, 20, 30];
  const sloValues = [0.5, 0, 0];
  const opts: SelectionOptions = { confidence: 0.95, indifferenceUsd: 1, constraints: slo(0.1, 0.01), initialReplications: 5 };

  it('picks the cheapest feasible point and says when each other went', () => {
    const r = runSelection(3, opts, (p) => ({ costUsd: costs[p], constraints: [sloValues[p]] }));
    expect(r.selected).toBe(1);
    expect(r.guaranteed).toBe(true);
    expect(r.replications).toEqual([5, 5, 5]);
    expect(r.totalReplications).toBe(15);
    expect(r.feasible).toEqual([1, 2]);
    expect(r.eliminated).toEqual([
      { point: 0, replications: 5, reason: 'infeasible', by: 'minutesOverShare' },
      { point: 2, replications: 5, reason: 'costlier', by: 1 },
    ]);
    expect(r.statement).toContain('95%');
    expect(r.statement).toContain('$1');
  });

  it('no feasible point: null', () => {
    const r = runSelection(2, opts, () => ({ costUsd: 5, constraints: [1] }));
    expect(r.selected).toBeNull();
    expect(r.eliminated.map((e) => e.reason)).toEqual(['infeasible', 'infeasible']);
  });

  it('an exact tie: the lower index, once every boundary has closed', () => {
    const r = runSelection(3, { ...opts, constraints: [] }, (p) => ({ costUsd: p === 0 ? 40 : 25, constraints: [] }));
    expect(r.selected).toBe(1);
    expect(r.eliminated).toEqual([{ point: 0, replications: 5, reason: 'costlier', by: 1 }]);
  });

  it('samples may come in any order; the stage steps when the last is in', () => {
    const sel = new SequentialSelection(2, { ...opts, constraints: [] });
    const needed = sel.needed();
    expect(needed).toHaveLength(10);
    for (const { point, replication } of [...needed].reverse()) {
      expect(sel.done()).toBe(false);
      sel.add(point, replication, { costUsd: point === 0 ? 3 : 9, constraints: [] });
    }
    expect(sel.done()).toBe(true);
    expect(sel.result().selected).toBe(0);
  });
});

describe('stopped at the cap before deciding', () => {
  // Three points, n0 = cap = 2, one constraint (mean ≤ 1 ± 0.1). Feasibility gets α/2 = 0.025 over
  // 3 checks: h² = (2 × 0.025/3)^(−2) − 1 = 3599; cost gets α/2 = 0.025 over k − 1 = 2
  // comparisons: h² = (0.025)^(−2) − 1 = 1599.
  // Point 1: constraint 0, 0 (S² = 0, R = max(0, 0 − 0.1 × 2/2) = 0, Σ = −2 ≤ 0): declared feasible; cost 13, 13.
  // Point 0: constraint 0.5, 1.3 (mean 0.9, S² = 0.32, R = 3599 × 0.32/0.2 − 0.1 = 5758.3, Σ = −0.2): undecided; cost 10, 12 (mean 11).
  // Point 2: constraint 0.9, 1.3 (mean 1.1 > 1, S² = 0.08, R = 1439.5, Σ = 0.2): undecided; cost 5, 5.
  // Point 1 puts nobody out (the others are cheaper), and points 0 and 2 are not feasible so put
  // out nobody: all three are still in at the cap.
  const cost = [[10, 12], [13, 13], [5, 5]];
  const value = [[0.5, 1.3], [0, 0], [0.9, 1.3]];
  const r = runSelection(3, { confidence: 0.95, indifferenceUsd: 1, constraints: slo(1, 0.1), initialReplications: 2, maxReplications: 2 }, (p, j) => ({ costUsd: cost[p][j], constraints: [value[p][j]] }));

  it('picks the cheapest sample mean among the points still in that meet the limits on their means: point 0 ($11), not the dearer declared-feasible point 1 ($13)', () => {
    expect(r.guaranteed).toBe(false);
    expect(r.eliminated).toEqual([]);
    expect(r.feasible).toEqual([1]);
    expect(r.meanUsd).toEqual([11, 13, 5]);
    expect(r.selected).toBe(0);
  });

  it('says what the pick is and that no probability of correct selection holds for it', () => {
    expect(r.statement).toMatch(/^Stopped after 2 replications \(the cap\) before the procedure decided: the pick is the cheapest sample mean among the points still in whose sample means meet every limit \(or that were declared feasible\), and no probability of correct selection holds for it \(the procedure aimed at: with probability at least 95%/);
  });
});

describe('bad use', () => {
  const ok: SelectionOptions = { confidence: 0.9, indifferenceUsd: 2, constraints: [] };
  it.each([
    [{ ...ok, confidence: 1 }, /confidence must be between 0 and 1/],
    [{ ...ok, indifferenceUsd: 0 }, /indifference must be a positive/],
    [{ ...ok, initialReplications: 1 }, /initial replications must be a whole number ≥ 2/],
    [{ ...ok, initialReplications: 5, maxReplications: 4 }, /max replications must be .* ≥ the initial replications \(5\)/],
    [{ ...ok, constraints: [{ name: 'slo', threshold: 0.1, tolerance: 0 }] }, /constraint slo: tolerance must be positive/],
  ])('%o is refused', (opts, message) => {
    expect(() => new SequentialSelection(3, opts)).toThrow(message);
  });

  it('samples it did not ask for are refused', () => {
    const sel = new SequentialSelection(2, { ...ok, initialReplications: 3 });
    expect(() => sel.add(2, 0, { costUsd: 1, constraints: [] })).toThrow(/no point 2: points are 0..1/);
    expect(() => sel.add(0, 3, { costUsd: 1, constraints: [] })).toThrow(/replication 3 of point 0 is not needed yet \(replications 0..2 are\)/);
    sel.add(0, 0, { costUsd: 1, constraints: [] });
    expect(() => sel.add(0, 0, { costUsd: 1, constraints: [] })).toThrow(/already given/);
    expect(() => sel.add(1, 0, { costUsd: NaN, constraints: [] })).toThrow(SelectionError);
    expect(() => sel.result()).toThrow(/not done/);
  });
});

describe('probability of correct selection on a constructed case', () => {
  // Six points. Mean costs $90, 100, 105, 108, 115, 130; mean SLO-miss shares 0.03, 0.002, 0.004,
  // 0, 0.001, 0 against a threshold of 0.01 with tolerance 0.005. Point 0 is cheapest but
  // infeasible (0.03 > 0.01 + 0.005); point 1 is the cheapest feasible one and every other
  // feasible point costs at least δ = $5 more, so the correct selection is point 1 alone.
  // Costs: a common normal per replication (sd 4, CRN) plus an independent one (sd 5).
  const meanUsd = [90, 100, 105, 108, 115, 130];
  const meanSlo = [0.03, 0.002, 0.004, 0, 0.001, 0];
  const confidence = 0.95;

  function normals(rng: { next(): number }) {
    return () => {
      // Box–Muller
      const u = 1 - rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    };
  }

  function selectOnce(seed: number) {
    const streams = new RngStreams(seed);
    const common: number[] = [];
    const z = normals(streams.stream('common'));
    const own = meanUsd.map((_, p) => normals(streams.stream(`point${p}`)));
    return runSelection(6, { confidence, indifferenceUsd: 5, constraints: slo(0.01, 0.005), initialReplications: 10 }, (p, j) => {
      while (common.length <= j) common.push(z());
      return { costUsd: meanUsd[p] + 4 * common[j] + 5 * own[p](), constraints: [meanSlo[p] + 0.004 * own[p]()] };
    });
  }

  const runs = Array.from({ length: 100 }, (_, seed) => selectOnce(seed + 1));

  it('picks point 1 in at least 95 of 100 seeds', () => {
    const correct = runs.filter((r) => r.selected === 1).length;
    expect(correct).toBeGreaterThanOrEqual(95);
    expect(runs.every((r) => r.guaranteed)).toBe(true);
  });

  it('point 0 always goes out as infeasible, and clear losers go out early', () => {
    for (const r of runs) expect(r.eliminated.find((e) => e.point === 0)?.reason).toBe('infeasible');
    // $130 against $100 is 6δ apart: on average it leaves well before the close pair 1 and 2 settle
    const avg = (p: number) => runs.reduce((a, r) => a + r.replications[p], 0) / runs.length;
    expect(avg(5)).toBeLessThan(avg(2));
    expect(avg(5)).toBeLessThan(avg(1));
  });
});
