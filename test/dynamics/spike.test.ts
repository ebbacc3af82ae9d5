// A flash crowd against CPU target tracking: how slow task starts cost requests, and what a
// higher floor of tasks buys back and costs. Steady 200 rps, 1000 rps from 10 min to 20 min.
// maxCapacity 16 makes the scaling a single step, so every drop can be counted by hand:
// dropped = arrivals − served − what is still queued when the spike ends (served afterwards).
//
// 8 tasks × 50 rps = 400 rps: CPU 50% before the spike (not > 50, not < 45: no alarm). From
// 600 s the load is 1000 rps, CPU 100%: AlarmHigh's third datapoint (minute 12) acts at 780 s,
// ceil(8 × 100 / 50) = 16 = maxCapacity. After 20 min CPU is 200 / 800 = 25%, but AlarmLow needs
// 15 datapoints (until 2100 s): past the 30 min horizon, so nobody scales in.
// Queue: 100 requests per serving task; with 16 tasks it is full (1600) when the spike ends.

import { describe, expect, it } from 'vitest';
import { billedVcpuSeconds, eventsOf, run, timesOf, type DynamicsScenario } from './scenario.js';

function spike(over: Partial<DynamicsScenario> & { min?: number } = {}) {
  const min = over.min ?? 8;
  return run({
    horizon: '30m',
    rps: '{ type: spike, base: 200 rps, peak: 1000 rps, at: 10m, hold: 10m }',
    desiredCount: min,
    autoscaling: `{ metricDelay: 0s, minCapacity: ${min}, maxCapacity: 16, targetTracking: [ { metric: cpu, target: 50 } ] }`,
    ...over,
  });
}

/** Arrivals during the spike: 1000 rps × 600 s. */
const SPIKE_ARRIVALS = 600_000;
const QUEUED_AT_END = 16 * 100;

describe('flash crowd', () => {
  const fast = spike();
  const slowEni = spike({ lifecycle: { eniProvisioning: '60s' } });
  const bigImage = spike({ lifecycle: { imageSize: '2 GB', pullBandwidth: '50 MB/s' } });
  const slowEniHigherFloor = spike({ lifecycle: { eniProvisioning: '60s' }, min: 12 });

  it('scales 8 → 16 once, at 780 s, in every variant', () => {
    for (const alt of [fast, slowEni, bigImage]) expect(eventsOf(alt, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[780, 'desired 8 → 16']]);
    // With 12 tasks: ceil(12 × 100 / 50) = 24, clamped to 16.
    const floor = eventsOf(slowEniHigherFloor, 'scaling');
    expect(floor.map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[780, 'desired 12 → 16']]);
    expect(floor[0].detail).toContain('clamped to 16 by maxCapacity');
  });

  it('ENI 10 s: new tasks serve at 820 s; 206,400 requests dropped', () => {
    expect(timesOf(fast, 'task-running')).toEqual(Array(8).fill(820));
    // served 400 × (820 − 600) = 88,000 + 800 × (1200 − 820) = 304,000 → 392,000
    // dropped = 600,000 − 392,000 − 1600 = 206,400
    expect(fast.requests.dropped).toBe(SPIKE_ARRIVALS - (400 * 220 + 800 * 380) - QUEUED_AT_END);
    expect(fast.requests.dropped).toBe(206_400);
  });

  it('ENI 60 s: tasks serve 50 s later (870 s), so 400 rps × 50 s = 20,000 more requests are dropped', () => {
    expect(timesOf(slowEni, 'task-running')).toEqual(Array(8).fill(870));
    // served 400 × 270 = 108,000 + 800 × 330 = 264,000 → 372,000; dropped 226,400
    expect(slowEni.requests.dropped).toBe(226_400);
    expect(slowEni.requests.dropped - fast.requests.dropped).toBe(400 * 50);
  });

  it('a 2 GB image at 50 MB/s: pull 2048 / 50 = 40.96 s instead of 10 s; 400 rps × 31 s = 12,400 more dropped', () => {
    // serving at 780 + 10 + 40.96 + 5 + 15 = 850.96 s. The fluid model steps each second and a
    // tick uses the capacity in force at its start, so the tick [850, 851) still has 8 tasks:
    // the extra capacity counts from 851 s, 31 s later than with the small image.
    const running = timesOf(bigImage, 'task-running');
    expect(running).toHaveLength(8);
    for (const t of running) expect(t).toBeCloseTo(850.96, 9);
    // served 400 × 251 = 100,400 + 800 × 349 = 279,200 → 379,600; dropped 218,800
    expect(bigImage.requests.dropped).toBe(218_800);
    expect(bigImage.requests.dropped - fast.requests.dropped).toBe(400 * 31);
    // Never more than the exact start delay allows: 400 × 30.96 ≤ extra ≤ 400 × 31.
    expect(bigImage.requests.dropped - fast.requests.dropped).toBeGreaterThanOrEqual(400 * 30.96);
  });

  it('a floor of 12 tasks drops fewer requests than 8 with the same slow ENI, and costs more', () => {
    // [600, 870): 600 rps of capacity → 162,000 served; [870, 1200): 800 × 330 = 264,000.
    // dropped = 600,000 − 426,000 − 1600 = 172,400 = 226,400 − 200 rps × 270 s.
    expect(timesOf(slowEniHigherFloor, 'task-running')).toEqual(Array(4).fill(870));
    expect(slowEniHigherFloor.requests.dropped).toBe(172_400);
    expect(slowEni.requests.dropped - slowEniHigherFloor.requests.dropped).toBe(200 * 270);
    expect(slowEniHigherFloor.requests.dropped).toBeLessThan(fast.requests.dropped);

    // Billed task-seconds (warm tasks from 0; new ones from the start of their image pull,
    // i.e. after the ENI phase, to the 1800 s horizon):
    //   ENI 10 s:  8 × 1800 + 8 × (1800 − 790) = 14,400 + 8080 = 22,480
    //   2 GB image: billed from 790 s as well     = 22,480 (the longer pull is billed, but
    //              happens inside the same window: the tasks just serve later)
    //   ENI 60 s:  8 × 1800 + 8 × (1800 − 840) = 14,400 + 7680 = 22,080
    //   floor 12:  12 × 1800 + 4 × 960         = 21,600 + 3840 = 25,440
    expect(billedVcpuSeconds(fast)).toBe(22_480);
    expect(billedVcpuSeconds(bigImage)).toBe(22_480);
    expect(billedVcpuSeconds(slowEni)).toBe(22_080);
    expect(billedVcpuSeconds(slowEniHigherFloor)).toBe(25_440);
    // At $0.000013714 per task-second (1 vCPU + 2 GB):
    //   22,480 → $0.30829072 → $0.31;  22,080 → $0.30280512 → $0.30;  25,440 → $0.34888416 → $0.35
    expect(fast.cost.totalUsd).toBe(0.31);
    expect(bigImage.cost.totalUsd).toBe(0.31);
    expect(slowEni.cost.totalUsd).toBe(0.3);
    expect(slowEniHigherFloor.cost.totalUsd).toBe(0.35);
    expect(slowEniHigherFloor.cost.totalUsd).toBeGreaterThan(slowEni.cost.totalUsd);
  });
});
