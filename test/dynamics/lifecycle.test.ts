// The ECS task lifecycle as Fargate bills it (aws-facts §1.1, §3.2): the clock runs from the
// start of the image pull (PENDING, after the ENI is attached) to STOPPED, per second; start
// latency is launch → RUNNING; the launch throttle is a token bucket; a task taken out of
// service drains through the deregistration delay and its stop time, billed.
// Tasks are 1 vCPU / 2 GB, us-east-1 Linux/x86: $0.000011244 per vCPU-s, $0.000001235 per GB-s.

import { describe, expect, it } from 'vitest';
import { billedVcpuSeconds, eventsOf, run, timesOf } from './scenario.js';
import { f32 } from '../fixtures/series.js';

describe('cold start and the billing clock', () => {
  it('two cold tasks for 1 h are billed 3600 − 10 s each and serve at 40 s', () => {
    const alt = run({ horizon: '1h', rps: '{ type: constant, rps: 10 rps }', desiredCount: 2, warmStart: false });
    // launched at 0; ENI until 10 s (PROVISIONING, not billed); PENDING from 10 s; serving at
    // 10 + 10 + 5 + 15 = 40 s; still running at the horizon → billed 3590 s each.
    expect(timesOf(alt, 'task-launch')).toEqual([0, 0]);
    expect(timesOf(alt, 'task-running')).toEqual([40, 40]);
    expect(alt.startLatency).toEqual({ count: 2, p50Seconds: 40, p95Seconds: 40 });
    const vcpu = alt.cost.lineItems.find((i) => i.id === 'fargate.vcpu')!;
    const memory = alt.cost.lineItems.find((i) => i.id === 'fargate.memory')!;
    // vCPU: 2 × 3590 = 7180 vCPU-s × 0.000011244 = 0.08073192
    expect(vcpu.quantity).toBe('7180');
    expect(vcpu.usdExact).toBe('0.08073192');
    // memory: 2 GB × 7180 = 14,360 GB-s × 0.000001235 = 0.0177346
    expect(memory.quantity).toBe('14360');
    expect(memory.usdExact).toBe('0.0177346');
    // 0.09846652 → $0.10
    expect(alt.cost.totalUsd).toBe(0.1);
    // Nothing serves before 40 s: the 10 rps offered then are dropped (no queue without a
    // serving task): 10 × 40 = 400 requests. Running in minute 0: 2 × 20 / 60 = 0.6667.
    expect(alt.requests.dropped).toBe(400);
    expect(alt.series.runningTasks.slice(0, 2)).toEqual(f32([0.6667, 2]));
    // Billed but not serving in minute 0: 2 tasks × 40 s (PROVISIONING counts as starting) / 60.
    expect(alt.series.startingTasks[0]).toBe(Math.fround(1.3333));
    // Paid vCPU in minute 0: 2 × (60 − 10) / 60 = 1.6667 (billing starts at 10 s).
    expect(alt.series.paidVcpu[0]).toBe(Math.fround(1.6667));
  });

  it('the launch throttle (1 per second, burst 2) spaces 6 launches: serving at 40, 40, 41, 42, 43, 44 s', () => {
    const alt = run({
      horizon: '1h',
      rps: '{ type: constant, rps: 10 rps }',
      desiredCount: 6,
      warmStart: false,
      launchRate: '{ perSecond: 1, burst: 2 }',
    });
    // Bucket of 2 tokens, refilled 1/s, all 6 asked for at t = 0: tokens 2 → 1 → 0 (granted at
    // 0, 0), then −1, −2, −3, −4 → granted when refilled: 1, 2, 3, 4 s.
    expect(timesOf(alt, 'task-launch')).toEqual([0, 0, 1, 2, 3, 4]);
    expect(timesOf(alt, 'task-running')).toEqual([40, 40, 41, 42, 43, 44]);
    // Start latency counts from the request (t = 0), so the throttle wait is in it:
    // sorted 40, 40, 41, 42, 43, 44; p50 at rank 2.5 → (41 + 42) / 2 = 41.5; p95 at rank 4.75
    // → 43 + 0.75 × (44 − 43) = 43.75.
    expect(alt.startLatency).toEqual({ count: 6, p50Seconds: 41.5, p95Seconds: 43.75 });
    // Waiting launches: 4 during [0, 1), 3, 2, 1 → 4 + 3 + 2 + 1 = 10 task-seconds.
    expect(alt.usage.pendingTaskSeconds).toBe(10);
    expect(alt.usage.maxPendingTasks).toBe(4);
    // Billed from PENDING at 10, 10, 11, 12, 13, 14 s: 6 × 3600 − 70 = 21,530 s.
    expect(billedVcpuSeconds(alt)).toBe(21_530);
  });
});

describe('scale-in drains, billed', () => {
  // Two warm tasks (100 rps of capacity), 10 rps: CPU 10% < 45 → AlarmLow after 15 datapoints
  // (minutes 0..14) at 900 s: ceil(2 × 10 / 50) = 1 → 2 → 1. The newest task (1) leaves the
  // load balancer at 900 s.
  const scaling = '{ metricDelay: 0s, minCapacity: 1, maxCapacity: 4, targetTracking: [ { metric: cpu, target: 50 } ] }';

  it('a stopped task stays billed through the 300 s deregistration delay and its 2 s stop', () => {
    const alt = run({ horizon: '1h', rps: '{ type: constant, rps: 10 rps }', desiredCount: 2, autoscaling: scaling });
    expect(eventsOf(alt, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[900, 'desired 2 → 1']]);
    // DEACTIVATING 900 → 1200, STOPPING 1200 → 1202, STOPPED at 1202.
    expect(eventsOf(alt, 'task-stopped')).toEqual([{ t: 1202, detail: 'task 1 stopped (was STOPPING)' }]);
    // billed: task 0 for 3600 s, task 1 for 1202 s (warm: from 0) → 4802 vCPU-s
    expect(billedVcpuSeconds(alt)).toBe(4802);
    // 4802 × 0.000011244 = 0.053993688; 9604 GB-s × 0.000001235 = 0.01186094;
    // 0.065854628 → $0.07
    expect(alt.cost.lineItems.find((i) => i.id === 'fargate.vcpu')!.usdExact).toBe('0.053993688');
    expect(alt.cost.lineItems.find((i) => i.id === 'fargate.memory')!.usdExact).toBe('0.01186094');
    expect(alt.cost.totalUsd).toBe(0.07);
    // The drain serves nothing: running 1 from 900 s, the draining task billed but not serving
    // in minutes 15..19; in minute 20 it drains 2 s more → 2 / 60 = 0.0333.
    const s = alt.series;
    expect(s.runningTasks.slice(14, 16)).toEqual(f32([2, 1]));
    expect(s.startingTasks.slice(15, 21)).toEqual(f32([1, 1, 1, 1, 1, 0.0333]));
    expect(s.paidVcpu.slice(19, 21)).toEqual(f32([2, 1.0333]));
  });

  it('a stop time longer than stopTimeout is cut at stopTimeout (SIGKILL)', () => {
    const alt = run({
      horizon: '1h',
      rps: '{ type: constant, rps: 10 rps }',
      desiredCount: 2,
      lifecycle: { stopTime: '45s', stopTimeout: '30s' },
      autoscaling: scaling,
    });
    // STOPPING at 1200 s, killed at 1230 s → task 1 billed 1230 s; 3600 + 1230 = 4830.
    expect(timesOf(alt, 'task-stopped')).toEqual([1230]);
    expect(billedVcpuSeconds(alt)).toBe(4830);
  });
});
