// PerRequestLoad on its own: arrivals, routing into bounded M/M/c tasks, draining, capacity and
// the per-minute figures, each against a case worked by hand or a closed form.
import { describe, expect, it } from 'vitest';
import { RngStreams, Simulation } from '../../src/engine/index.js';
import type { Curve } from '../../src/domain/scenario.js';
import type { Performance } from '../../src/service/fluid.js';
import { PerRequestLoad, quantileOf } from '../../src/service/per-request.js';
import { Demand } from '../../src/workload/demand.js';

interface Setup {
  curve: Curve;
  horizonSeconds: number;
  perf: Performance;
  tickSeconds?: number;
  seed?: number;
}

function build(s: Setup): { sim: Simulation; load: PerRequestLoad } {
  const rng = new RngStreams(s.seed ?? 1);
  const sim = new Simulation();
  const demand = new Demand({ curve: s.curve, noiseSigma: 0 }, s.horizonSeconds, s.tickSeconds ?? 1, rng.stream('workload'));
  const load = new PerRequestLoad(sim, demand, s.tickSeconds ?? 1, s.horizonSeconds, s.perf, rng);
  return { sim, load };
}

function finish(sim: Simulation, load: PerRequestLoad): void {
  sim.run(load.horizonSeconds);
  load.advanceTo(load.horizonSeconds);
  load.finish();
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe('quantileOf (selection)', () => {
  /** Type 7 on a sorted copy: the definition the selection must reproduce. */
  function bySorting(values: number[], q: number): number {
    const s = [...values].sort((a, b) => a - b);
    const x = (s.length - 1) * q;
    const i = Math.floor(x);
    return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (x - i) : s[i];
  }

  it('equals sort-and-interpolate for sizes 1…300, with ties, asked in ascending order on one buffer', () => {
    const rng = new RngStreams(7).stream('t');
    for (let n = 1; n <= 300; n++) {
      const values = Array.from({ length: n }, () => (n % 3 === 0 ? Math.floor(rng.next() * 5) : rng.next()));
      const a = Float64Array.from(values);
      // As closeMinutesBefore calls it: each search starts at the previous order statistic.
      const p50 = quantileOf(a, n, 0.5, 0);
      const p95 = quantileOf(a, n, 0.95, Math.floor((n - 1) * 0.5));
      const p99 = quantileOf(a, n, 0.99, Math.floor((n - 1) * 0.95));
      expect([p50, p95, p99]).toEqual([bySorting(values, 0.5), bySorting(values, 0.95), bySorting(values, 0.99)]);
    }
  });

  it('on hand cases: [4, 1, 3, 2] → p50 = 2.5; [5] → 5; empty → NaN', () => {
    expect(quantileOf(Float64Array.from([4, 1, 3, 2]), 4, 0.5)).toBe(2.5);
    expect(quantileOf(Float64Array.from([5]), 1, 0.99)).toBe(5);
    expect(quantileOf(new Float64Array(0), 0, 0.5)).toBeNaN();
  });
});

describe('PerRequestLoad', () => {
  const perf: Performance = { taskCapacityRps: 50, concurrency: 5, queueLimitPerTask: 100 };

  it('arrivals follow the tick rate: none at 0 rps, Poisson at 50 rps in between (steps at 10 and 20 min)', () => {
    const curve: Curve = { type: 'steps', initialRps: 0, steps: [{ atSeconds: 600, rps: 50 }, { atSeconds: 1200, rps: 0 }] };
    const { sim, load } = build({ curve, horizonSeconds: 1800, perf });
    load.setServing(0, 2);
    finish(sim, load);
    const offered = Array.from(load.minutes.offered);
    expect(offered.slice(0, 10).every((v) => v === 0)).toBe(true);
    expect(offered.slice(20).every((v) => v === 0)).toBe(true);
    // 50 rps × 600 s = 30 000, Poisson sd √30 000 ≈ 173: within 4 sd.
    expect(Math.abs(sum(offered) - 30_000)).toBeLessThan(4 * Math.sqrt(30_000));
  });

  it('minute counts at a constant 20 rps have Poisson dispersion (variance ≈ mean)', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 20 }, horizonSeconds: 7200, perf });
    load.setServing(0, 1);
    finish(sim, load);
    const counts = Array.from(load.minutes.offered);
    const mean = sum(counts) / counts.length;
    const variance = counts.reduce((a, v) => a + (v - mean) ** 2, 0) / (counts.length - 1);
    // 119 df: the index of dispersion lies in [0.76, 1.27] with 95% probability; a regular or
    // batched arrival process would fall far outside [0.6, 1.5].
    expect(Math.abs(mean - 1200)).toBeLessThan(4 * Math.sqrt(1200 / counts.length));
    expect(variance / mean).toBeGreaterThan(0.6);
    expect(variance / mean).toBeLessThan(1.5);
  });

  it('one worker and no queue is Erlang’s loss system: drop share = a/(1 + a), a = λ/μ = 1 → 1/2', () => {
    const loss: Performance = { taskCapacityRps: 10, concurrency: 1, queueLimitPerTask: 0 };
    const { sim, load } = build({ curve: { type: 'constant', rps: 10 }, horizonSeconds: 3600, perf: loss });
    load.setServing(0, 1);
    finish(sim, load);
    const offered = sum(load.minutes.offered);
    const dropped = sum(load.minutes.dropped);
    // Binomial-ish sd ≈ √(36 000 × ¼) ≈ 95 requests ≈ 0.26%; 1.5% is > 5 sd.
    expect(Math.abs(dropped / offered - 0.5)).toBeLessThan(0.015);
    expect(sum(load.minutes.served) + dropped).toBeGreaterThanOrEqual(offered - 1); // at most one in flight at the end
  });

  it('with no serving task every request is dropped and nothing is served', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 5 }, horizonSeconds: 120, perf });
    finish(sim, load);
    expect(sum(load.minutes.offered)).toBeGreaterThan(0);
    expect(load.minutes.dropped).toEqual(load.minutes.offered);
    expect(load.servedTotal).toBe(0);
    expect(load.capacityTotal).toBe(0);
  });

  it('capacity = serving tasks × capacity × seconds, split at minute boundaries (2 tasks, a third at 90 s)', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 1 }, horizonSeconds: 150, perf });
    load.setServing(0, 2);
    sim.run(90);
    load.setServing(90, 3);
    finish(sim, load);
    // Minute 0: 2 × 50 × 60 = 6000; minute 1: 2 × 50 × 30 + 3 × 50 × 30 = 7500; minute 2 (30 s): 4500.
    expect(Array.from(load.minutes.capacity)).toEqual([6000, 7500, 4500]);
    expect(load.capacityTotal).toBe(18_000);
    expect(load.servedTotal).toBe(sum(load.minutes.served));
  });

  it('a leaving task takes no new requests but finishes those it holds', () => {
    // One worker with a 50 s mean service time and a line of 3: at most 4 requests are held at 10 s.
    const slow: Performance = { taskCapacityRps: 0.02, concurrency: 1, queueLimitPerTask: 3 };
    const { sim, load } = build({ curve: { type: 'constant', rps: 2 }, horizonSeconds: 3600, perf: slow });
    load.setServing(0, 1);
    sim.run(10);
    const heldAt10 = sum(load.minutes.offered) - sum(load.minutes.dropped) - load.servedTotal;
    expect(heldAt10).toBeGreaterThan(0);
    load.setServing(10, 0);
    expect(load.servingTasks).toBe(0);
    finish(sim, load);
    // Everything accepted before 10 s completes (4 × Exp(50 s) is over long before 3600 s), and
    // everything after 10 s was dropped.
    const offered = sum(load.minutes.offered);
    expect(load.servedTotal + sum(load.minutes.dropped)).toBe(offered);
    expect(load.servedTotal).toBeGreaterThanOrEqual(heldAt10);
    expect(load.servedTotal).toBeLessThanOrEqual(4 + 1);
  });

  it('a drained slot is reused by a task that joins later, which serves from the moment it joins', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 20 }, horizonSeconds: 600, perf });
    load.setServing(0, 1);
    sim.run(120);
    load.setServing(120, 0);
    sim.run(300);
    load.setServing(300, 1);
    finish(sim, load);
    const { served, dropped, offered } = load.minutes;
    // Minutes 3 and 4 (180–300 s) have no serving task: all dropped, nothing left to finish.
    expect(served[3]).toBe(0);
    expect(dropped[3]).toBe(offered[3]);
    expect(dropped[4]).toBe(offered[4]);
    // From 300 s on the new task serves everything (ρ = 0.4 on one task: no drops).
    expect(dropped[5] + dropped[6] + dropped[7] + dropped[8] + dropped[9]).toBe(0);
    expect(served[6]).toBeGreaterThan(1000);
  });

  it('grows past its initial slots: 20 tasks at ρ = 0.5 serve 500 rps with no drops', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 500 }, horizonSeconds: 120, perf });
    load.setServing(0, 20);
    finish(sim, load);
    expect(sum(load.minutes.dropped)).toBe(0);
    expect(load.minutes.capacity[0]).toBe(20 * 50 * 60);
    expect(Math.abs(sum(load.minutes.served) - 60_000)).toBeLessThan(4 * Math.sqrt(60_000) + 100);
  });

  it('minutes with completions report positive, ordered quantiles and a mean; empty minutes read 0', () => {
    const curve: Curve = { type: 'steps', initialRps: 100, steps: [{ atSeconds: 120, rps: 0 }] };
    const { sim, load } = build({ curve, horizonSeconds: 300, perf });
    load.setServing(0, 3);
    finish(sim, load);
    const { p50, p95, p99, mean } = load.minutes;
    for (const m of [0, 1]) {
      expect(p50[m]).toBeGreaterThan(0);
      expect(p50[m]).toBeLessThanOrEqual(p95[m]);
      expect(p95[m]).toBeLessThanOrEqual(p99[m]);
      expect(mean[m]).toBeGreaterThan(0);
    }
    for (const m of [3, 4]) expect([p50[m], p95[m], p99[m], mean[m]]).toEqual([0, 0, 0, 0]);
  });

  it('advanceTo closes the minutes that have ended, so a controller can read them mid-run', () => {
    const { sim, load } = build({ curve: { type: 'constant', rps: 50 }, horizonSeconds: 600, perf });
    load.setServing(0, 2);
    sim.run(120);
    load.advanceTo(120);
    expect(load.minutes.p95[0]).toBeGreaterThan(0);
    expect(load.minutes.p95[1]).toBeGreaterThan(0);
    expect(load.minutes.p95[2]).toBe(0);
    expect(load.minutes.capacity[1]).toBe(2 * 50 * 60);
  });

  it('is deterministic: the same seed gives identical minutes, another seed different ones', () => {
    const run = (seed: number) => {
      const { sim, load } = build({ curve: { type: 'constant', rps: 80 }, horizonSeconds: 300, perf, seed });
      load.setServing(0, 2);
      finish(sim, load);
      return load.minutes;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3).p95).not.toEqual(run(4).p95);
  });
});
