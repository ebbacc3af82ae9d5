// FluidLoad: hand-worked minutes, and the fast path (a quiet whole minute in one step) against
// the tick loop on the same calls: every per-minute figure bit for bit, through overload,
// backlog, drops, no serving tasks, queueLimit 0, minutes cut by advanceTo or by the horizon,
// serving changes between calls, and 60 s, 1 s and 0.5 s ticks.

import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/index.js';
import type { Curve, Workload } from '../../src/domain/scenario.js';
import { FluidLoad, type MinuteLoad, type Performance } from '../../src/service/fluid.js';
import { realiseDemand, type Demand } from '../../src/workload/demand.js';

const PERF: Performance = { taskCapacityRps: 50, concurrency: 5, queueLimitPerTask: 100 };

function load(demand: Demand, perf: Performance, fastPath = true): FluidLoad {
  return new FluidLoad(demand, demand.tickSeconds, demand.horizonSeconds, perf, { fastPath });
}

describe('FluidLoad, worked by hand', () => {
  it('40 rps on one 50 rps task for 3 minutes: 2400 offered and served, 3000 capacity a minute, all by the fast path', () => {
    const fluid = load(realiseDemand({ curve: { type: 'constant', rps: 40 }, noiseSigma: 0 }, 180, 1, 1), PERF);
    fluid.setServing(0, 1);
    fluid.advanceTo(180);
    fluid.finish();
    expect(Array.from(fluid.minutes.offered)).toEqual([2400, 2400, 2400]);
    expect(Array.from(fluid.minutes.served)).toEqual([2400, 2400, 2400]);
    expect(Array.from(fluid.minutes.dropped)).toEqual([0, 0, 0]);
    expect(Array.from(fluid.minutes.capacity)).toEqual([3000, 3000, 3000]);
    expect(fluid.fastMinutes).toBe(3);
    expect(fluid.servedTotal).toBe(7200);
    expect(fluid.capacityTotal).toBe(9000);
  });

  it('60 rps on one 50 rps task, queue 100: the backlog fills in 10 s, then 10 a second are dropped; no fast minute', () => {
    const fluid = load(realiseDemand({ curve: { type: 'constant', rps: 60 }, noiseSigma: 0 }, 120, 1, 1), PERF);
    fluid.setServing(0, 1);
    fluid.advanceTo(120);
    fluid.finish();
    // minute 0: 3600 offered, 3000 served, backlog 10, 20, …, 100 by tick 9, then 10 dropped in each of ticks 10…59
    expect(Array.from(fluid.minutes.offered)).toEqual([3600, 3600]);
    expect(Array.from(fluid.minutes.served)).toEqual([3000, 3000]);
    expect(Array.from(fluid.minutes.dropped)).toEqual([500, 600]);
    expect(fluid.fastMinutes).toBe(0);
  });

  it('no serving task: everything offered is dropped (queueLimit scales with serving tasks, so 0), p50 0', () => {
    const fluid = load(realiseDemand({ curve: { type: 'constant', rps: 5 }, noiseSigma: 0 }, 120, 1, 1), PERF);
    fluid.advanceTo(120);
    fluid.finish();
    expect(Array.from(fluid.minutes.dropped)).toEqual([300, 300]);
    expect(Array.from(fluid.minutes.served)).toEqual([0, 0]);
    expect(Array.from(fluid.minutes.p50)).toEqual([0, 0]);
    expect(fluid.fastMinutes).toBe(0);
  });

  it('a backlog left at a minute start keeps that minute on the tick loop; the next clean minute is fast again', () => {
    // 60 rps for the first 30 s, 20 rps after, one 50 rps task: 300 queued by 30 s, drained by 40 s
    const curve: Curve = { type: 'steps', initialRps: 60, steps: [{ atSeconds: 30, rps: 20 }] };
    const fluid = load(realiseDemand({ curve, noiseSigma: 0 }, 180, 1, 1), { ...PERF, queueLimitPerTask: 1000 });
    fluid.setServing(0, 1);
    fluid.advanceTo(180);
    fluid.finish();
    expect(Array.from(fluid.minutes.served)).toEqual([2400, 1200, 1200]);
    expect(fluid.fastMinutes).toBe(2);
  });

  it('refuses a demand realised for another grid', () => {
    const demand = realiseDemand({ curve: { type: 'constant', rps: 1 }, noiseSigma: 0 }, 120, 1, 1);
    expect(() => new FluidLoad(demand, 0.5, 120, PERF)).toThrow(/tick/);
  });
});

/** Every per-minute figure, bit for bit (Object.is per element). */
function expectSameMinutes(a: MinuteLoad, b: MinuteLoad, label: string): void {
  for (const key of ['offered', 'served', 'dropped', 'capacity', 'p50', 'p95', 'p99'] as const) {
    const x = a[key];
    const y = b[key];
    expect(x.length).toBe(y.length);
    for (let m = 0; m < x.length; m++) if (!Object.is(x[m], y[m])) expect.fail(`${label}: ${key}[${m}] fast ${x[m]} ≠ loop ${y[m]}`);
  }
}

interface Script {
  workload: Workload;
  horizon: number;
  tick: number;
  perf: Performance;
  /** The most serving tasks the script sets (0 … max). */
  maxTasks: number;
  seed: number;
}

/**
 * A random sequence of calls as a run makes them: serving changes at any time (some mid-minute,
 * some at minute starts), reads at minute ends (metric periods) and at odd times, then the end.
 */
function drive(s: Script, fluid: FluidLoad): void {
  const rng = new RngStreams(s.seed).stream('script');
  let t = 0;
  while (t < s.horizon) {
    const r = rng.next();
    if (r < 0.3) t = Math.min(s.horizon, (Math.floor(t / 60) + 1) * 60); // a metric period
    else if (r < 0.4) t = Math.min(s.horizon, t + rng.next() * 600); // a long quiet stretch
    else t = Math.min(s.horizon, t + rng.next() * 90);
    if (rng.next() < 0.4) fluid.setServing(t, Math.floor(rng.next() * (s.maxTasks + 1)));
    else fluid.advanceTo(t);
  }
  fluid.advanceTo(s.horizon);
  fluid.finish();
}

function fastAgainstLoop(s: Script, label: string): FluidLoad {
  const demand = realiseDemand(s.workload, s.horizon, s.tick, s.seed);
  const fast = load(demand, s.perf, true);
  const loop = load(demand, s.perf, false);
  drive(s, fast);
  drive(s, loop);
  expectSameMinutes(fast.minutes, loop.minutes, label);
  // The totals are summed per call: a fast minute adds its minute sum, so only the order differs.
  expect(Math.abs(fast.servedTotal - loop.servedTotal)).toBeLessThanOrEqual(1e-12 * loop.servedTotal);
  expect(Math.abs(fast.capacityTotal - loop.capacityTotal)).toBeLessThanOrEqual(1e-12 * loop.capacityTotal);
  expect(loop.fastMinutes).toBe(0);
  return fast;
}

describe('fast path against the tick loop', () => {
  const noisyDiurnal: Workload = { curve: { type: 'diurnal', baseRps: 20, peakRps: 260, peakHour: 14, weekendFactor: 0.6 }, noiseSigma: 0.15 };

  it('1 s ticks, 2 days and a quarter second (a narrower last tick): overload, backlog and drops at the peak', () => {
    const fast = fastAgainstLoop({ workload: noisyDiurnal, horizon: 2 * 86400 + 30.25, tick: 1, perf: PERF, maxTasks: 6, seed: 1 }, '1 s');
    const dropped = fast.minutes.dropped.reduce((a, b) => a + b, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(fast.fastMinutes).toBeGreaterThan(100);
  });

  it('0.5 s ticks, a steps curve and a spike', () => {
    const curve: Curve = {
      type: 'sum',
      terms: [
        { type: 'steps', initialRps: 30, steps: [{ atSeconds: 3600.5, rps: 90 }, { atSeconds: 7200, rps: 10 }, { atSeconds: 7200, rps: 15 }] },
        { type: 'spike', baseRps: 0, peakRps: 400, atSeconds: 10_000, rampUpSeconds: 120, holdSeconds: 300, rampDownSeconds: 60 },
      ],
    };
    const fast = fastAgainstLoop({ workload: { curve, noiseSigma: 0.05 }, horizon: 6 * 3600 + 45, tick: 0.5, perf: PERF, maxTasks: 3, seed: 7 }, '0.5 s');
    expect(fast.fastMinutes).toBeGreaterThan(10);
  });

  it('60 s ticks (one tick a minute, the last cut by the horizon)', () => {
    const fast = fastAgainstLoop({ workload: noisyDiurnal, horizon: 3 * 86400 + 20, tick: 60, perf: PERF, maxTasks: 6, seed: 3 }, '60 s');
    expect(fast.fastMinutes).toBeGreaterThan(100);
  });

  it('queueLimit 0 and stretches with no serving task', () => {
    const fast = fastAgainstLoop({ workload: noisyDiurnal, horizon: 86400, tick: 1, perf: { ...PERF, queueLimitPerTask: 0 }, maxTasks: 5, seed: 4 }, 'queue 0');
    expect(fast.fastMinutes).toBeGreaterThan(10);
  });

  it('fractional capacity (33.3 rps per task) and a 15 s tick', () => {
    const fast = fastAgainstLoop({ workload: noisyDiurnal, horizon: 86400 + 7, tick: 15, perf: { taskCapacityRps: 33.3, concurrency: 2, queueLimitPerTask: 40 }, maxTasks: 8, seed: 5 }, '33.3 rps');
    expect(fast.fastMinutes).toBeGreaterThan(10);
  });
});
