// The steps curve: values at, between and before steps, equal step times, queries out of order,
// and the work a look-up does (counted in probes of the step times, not timed).

import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/index.js';
import { StepCurve } from '../../src/workload/steps.js';
import { compileCurve } from '../../src/workload/curves.js';

// initial 5 rps; 20 rps from 100 s; 30 then 35 rps both at 200 s (the later wins); 0 rps from 300 s.
const STEPS = [
  { atSeconds: 100, rps: 20 },
  { atSeconds: 200, rps: 30 },
  { atSeconds: 200, rps: 35 },
  { atSeconds: 300, rps: 0 },
];
/** [t, rps at t], worked out from the list above. */
const CASES: [number, number][] = [
  [-10, 5],
  [0, 5],
  [99.999, 5],
  [100, 20],
  [150, 20],
  [199.5, 20],
  [200, 35],
  [250, 35],
  [300, 0],
  [1e9, 0],
];

describe('StepCurve', () => {
  it('holds the initial rate before the first step, each step from its time, the later of two at one time', () => {
    const curve = new StepCurve(5, STEPS);
    for (const [t, rps] of CASES) expect(curve.valueAt(t), `t = ${t}`).toBe(rps);
  });

  it('answers the same in any query order (backwards, shuffled, repeated)', () => {
    const backwards = new StepCurve(5, STEPS);
    for (const [t, rps] of [...CASES].reverse()) expect(backwards.valueAt(t), `t = ${t}`).toBe(rps);
    const shuffled = new StepCurve(5, STEPS);
    const rng = new RngStreams(3).stream('order');
    for (let k = 0; k < 200; k++) {
      const [t, rps] = CASES[Math.floor(rng.next() * CASES.length)];
      expect(shuffled.valueAt(t), `t = ${t}`).toBe(rps);
    }
  });

  it('sorts steps given out of order, keeping the given order of equal times', () => {
    const curve = new StepCurve(5, [STEPS[3], STEPS[1], STEPS[0], STEPS[2]]);
    for (const [t, rps] of CASES) expect(curve.valueAt(t), `t = ${t}`).toBe(rps);
  });

  it('with no steps is the initial rate; with one step at 0 is that step from 0', () => {
    expect(new StepCurve(7, []).valueAt(123)).toBe(7);
    const one = new StepCurve(7, [{ atSeconds: 0, rps: 9 }]);
    expect([one.valueAt(-1), one.valueAt(0), one.valueAt(5)]).toEqual([7, 9, 9]);
  });

  it('compileCurve gives the same values', () => {
    const f = compileCurve({ type: 'steps', initialRps: 5, steps: STEPS }, 400);
    for (const [t, rps] of CASES) expect(f(t), `t = ${t}`).toBe(rps);
  });

  describe('a million steps', () => {
    // Step k at t = 3k + 1 s with rate k mod 1000 + 1: at time t the rate is that of step
    // ⌊(t − 1) ÷ 3⌋ (for t ≥ 1), else the initial 0.
    const N = 1_000_000;
    const steps = Array.from({ length: N }, (_, k) => ({ atSeconds: 3 * k + 1, rps: (k % 1000) + 1 }));
    const expected = (t: number) => (t < 1 ? 0 : (Math.min(N - 1, Math.floor((t - 1) / 3)) % 1000) + 1);

    it('evaluated every second across the horizon in order: a bounded number of probes per query', () => {
      const curve = new StepCurve(0, steps);
      const horizon = 3 * N + 10;
      let wrong = 0;
      for (let t = 0; t < horizon; t++) if (curve.valueAt(t) !== expected(t)) wrong++;
      expect(wrong).toBe(0);
      // In order, a query reads the cursor's step and the next one (2 probes), plus a gallop when
      // it passes a step: a scan from the start would be ~N/2 per query.
      expect(curve.probes).toBeLessThanOrEqual(4 * horizon);
    });

    it('queried in order at times far apart: O(log of the steps skipped) each', () => {
      const curve = new StepCurve(0, steps);
      const queries = 1000;
      for (let q = 0; q < queries; q++) {
        const t = q * 3000 + 0.5; // skips 1000 steps each time
        expect(curve.valueAt(t)).toBe(expected(t));
      }
      // Galloping over 1000 steps: ≤ 2 log2(1000) + 3 ≈ 23 probes.
      expect(curve.probes).toBeLessThanOrEqual(queries * 25);
    });

    it('queried at random times: a binary search each (≤ 2 log2 N + 3 probes)', () => {
      const curve = new StepCurve(0, steps);
      const rng = new RngStreams(11).stream('times');
      const queries = 10_000;
      for (let q = 0; q < queries; q++) {
        const t = rng.next() * (3 * N + 10) - 5;
        expect(curve.valueAt(t)).toBe(expected(t));
      }
      expect(curve.probes).toBeLessThanOrEqual(queries * (2 * Math.ceil(Math.log2(N)) + 3));
    });
  });
});
