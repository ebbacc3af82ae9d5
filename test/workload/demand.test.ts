// The realised demand: its per-minute aggregates on hand-worked grids (partial minutes, a last
// tick narrower than a tick, 60 s and 0.5 s ticks), the same noise draws as the `workload`
// stream has always given, and a million-step curve realised over its horizon.

import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/index.js';
import type { Curve, Workload } from '../../src/domain/scenario.js';
import { Demand, realiseDemand } from '../../src/workload/demand.js';

const constant = (rps: number): Workload => ({ curve: { type: 'constant', rps }, noiseSigma: 0 });

describe('per-minute aggregates', () => {
  it('10 rps, 1 s ticks, 150 s: minutes of 600, 600 and 300 requests; ticks 0, 60, 120, 150', () => {
    const d = realiseDemand(constant(10), 150, 1, 1);
    expect(Array.from(d.minuteOffered)).toEqual([600, 600, 300]);
    expect(Array.from(d.minuteMaxRps)).toEqual([10, 10, 10]);
    expect(Array.from(d.minuteFirstTick)).toEqual([0, 60, 120, 150]);
    expect(d.ticks).toBe(150);
    expect(d.fullTicks).toBe(150);
  });

  it('a horizon of 90.25 s at 1 s ticks: 91 ticks, the last 0.25 s wide', () => {
    const d = realiseDemand(constant(8), 90.25, 1, 1);
    expect(d.ticks).toBe(91);
    expect(d.fullTicks).toBe(90);
    // minute 1: ticks 60…89 whole (30 × 8) plus tick 90 for 0.25 s (2)
    expect(Array.from(d.minuteOffered)).toEqual([480, 242]);
    expect(Array.from(d.minuteFirstTick)).toEqual([0, 60, 91]);
  });

  it('60 s ticks: one tick per minute, the last one cut by the horizon', () => {
    const d = realiseDemand(constant(2), 150, 60, 1);
    expect(d.ticks).toBe(3);
    expect(Array.from(d.minuteOffered)).toEqual([120, 120, 60]);
    expect(Array.from(d.minuteFirstTick)).toEqual([0, 1, 2, 3]);
  });

  it('0.5 s ticks on steps: 120 ticks a minute, the step at 30.5 s changes the rate mid-minute', () => {
    const steps: Curve = { type: 'steps', initialRps: 4, steps: [{ atSeconds: 30.5, rps: 10 }, { atSeconds: 60, rps: 1 }] };
    const d = realiseDemand({ curve: steps, noiseSigma: 0 }, 120, 0.5, 1);
    // minute 0: 30.5 s at 4 rps (122) + 29.5 s at 10 rps (295); minute 1: 60 s at 1 rps
    expect(Array.from(d.minuteOffered)).toEqual([417, 60]);
    expect(Array.from(d.minuteMaxRps)).toEqual([10, 1]);
    expect(Array.from(d.minuteFirstTick)).toEqual([0, 120, 240]);
  });

  it('each minute is Σ rpsAtTick(i) × tick in tick order, and its max the largest of them (noisy diurnal)', () => {
    const workload: Workload = { curve: { type: 'diurnal', baseRps: 50, peakRps: 300, peakHour: 9, weekendFactor: 0.5 }, noiseSigma: 0.2 };
    const d = realiseDemand(workload, 8 * 86400, 1, 'x');
    for (let m = 0; m < d.minuteOffered.length; m += 97) {
      let sum = 0;
      let max = -Infinity;
      for (let i = m * 60; i < (m + 1) * 60; i++) {
        sum += d.rpsAtTick(i) * 1;
        max = Math.max(max, d.rpsAtTick(i));
      }
      expect(d.minuteOffered[m], `minute ${m}`).toBe(sum);
      expect(d.minuteMaxRps[m], `minute ${m}`).toBe(max);
    }
  });
});

describe('noise', () => {
  it('realiseDemand(seed) draws the workload stream of RngStreams(seed), one factor per minute plus one', () => {
    const workload: Workload = { curve: { type: 'constant', rps: 100 }, noiseSigma: 0.1 };
    const a = realiseDemand(workload, 3600, 1, 42);
    const b = new Demand(workload, 3600, 1, new RngStreams(42).stream('workload'));
    expect(a.noise).toEqual(b.noise);
    expect(a.noise!.length).toBe(61);
    expect(a.seed).toBe('42');
    // the rate in minute m is the curve × that minute's factor, at any t in it and on the grid
    expect(a.rpsAt(125.5)).toBe(100 * a.noise![2]);
    expect(a.rpsAtTick(125)).toBe(100 * a.noise![2]);
  });

  it('accepts the scenario (or anything with a workload) as well as the workload', () => {
    const workload: Workload = { curve: { type: 'constant', rps: 100 }, noiseSigma: 0.1 };
    expect(realiseDemand({ workload }, 600, 1, 7).noise).toEqual(realiseDemand(workload, 600, 1, 7).noise);
  });
});

describe('a million steps', () => {
  it('realised over a horizon of 3,000,000 s at 1 s ticks: each minute the integer sum of its rates', () => {
    // Step k at 3k s with rate k mod 7: tick t has rate ⌊t ÷ 3⌋ mod 7.
    const N = 1_000_000;
    const steps = Array.from({ length: N }, (_, k) => ({ atSeconds: 3 * k, rps: k % 7 }));
    const d = realiseDemand({ curve: { type: 'steps', initialRps: 0, steps }, noiseSigma: 0 }, 3 * N, 1, 1);
    expect(d.minuteOffered.length).toBe(50_000);
    for (let m = 0; m < 50_000; m += 1237) {
      let expected = 0;
      for (let t = 60 * m; t < 60 * (m + 1); t++) expected += Math.floor(t / 3) % 7;
      expect(d.minuteOffered[m], `minute ${m}`).toBe(expected);
      expect(d.minuteMaxRps[m]).toBe(6);
    }
  });
});
