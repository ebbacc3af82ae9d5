// ECS deployments of a 4-task service at 10 min, tasks of 1 vCPU / 2 GB serving 40 s after launch
// (billed from 10 s after launch), draining 300 s + 2 s when stopped. Without a deployment the
// service is billed 4 × 3600 = 14,400 task-seconds in the hour; each test works out the extra.

import { describe, expect, it } from 'vitest';
import { billedVcpuSeconds, eventsOf, run, timesOf, TASK_USD_PER_SECOND } from './scenario.js';
import { f32 } from '../fixtures/series.js';

const BASE = { horizon: '1h', rps: '{ type: constant, rps: 80 rps }', desiredCount: 4 } as const;

describe('rolling update', () => {
  // Was a bug (an outside audit): the update started a task above maximumPercent when
  // minimumHealthyPercent let none stop. ECS rounds maximumPercent down and minimumHealthyPercent up;
  // with no room either way the deployment cannot move.
  it('min 100% / max 125% on 4 tasks: floor(5) = 5 lets one new task start at a time, never a 6th', () => {
    const alt = run({ ...BASE, deployments: ['{ at: 10m, type: rolling, minimumHealthyPercent: 100, maximumPercent: 125 }'] });
    // One new task at 600 s (5 of 5); it serves at 640 s and one old task drains; the next starts
    // then; … four rounds of 40 s: done at 600 + 4 × 40 = 760 s. Starting or running tasks never pass 5.
    expect(eventsOf(alt, 'deployment').map((e) => e.t)).toEqual([600, 760]);
    expect(timesOf(alt, 'task-launch').filter((t) => t > 0)).toEqual([600, 640, 680, 720]);
  });

  it('min 100% / max 100% on 4 tasks: nothing may start or stop, so the deployment stays where it is and says why', () => {
    const alt = run({ ...BASE, deployments: ['{ at: 10m, type: rolling, minimumHealthyPercent: 100, maximumPercent: 100 }'] });
    const deployment = eventsOf(alt, 'deployment');
    expect(deployment.map((e) => e.t)).toEqual([600, 600]);
    expect(deployment[1].detail).toBe(
      'rolling deployment of revision 1 cannot proceed: maximumPercent 100 allows 4 tasks of 4 desired (rounded down), and minimumHealthyPercent 100 keeps 4 running (rounded up), so no task can start or stop',
    );
    expect(timesOf(alt, 'task-launch').filter((t) => t > 0)).toEqual([]);
    expect(billedVcpuSeconds(alt)).toBe(14_400);
  });

  it('min 100% / max 200%: 4 new tasks at once, running never below 4, up to 8 billed, done at 640 s', () => {
    const alt = run({ ...BASE, deployments: ['{ at: 10m, type: rolling, minimumHealthyPercent: 100, maximumPercent: 200 }'] });
    // At 600 s: at most floor(4 × 200%) = 8 tasks, at least ceil(4 × 100%) = 4 running → no old
    // task may stop yet; 8 − 4 = 4 new tasks launch. They serve at 640 s; each one that starts
    // lets one old task go (running stays ≥ 4). All old ones stop at 640 s → completed at 640 s.
    const deployment = eventsOf(alt, 'deployment');
    expect(deployment.map((e) => e.t)).toEqual([600, 640]);
    expect(deployment[1].detail).toBe('rolling deployment of revision 1 completed');
    expect(timesOf(alt, 'task-launch').filter((t) => t > 0)).toEqual([600, 600, 600, 600]);
    expect(timesOf(alt, 'task-running')).toEqual([640, 640, 640, 640]);
    // Old tasks drain 640 → 940, stop 940 → 942.
    expect(timesOf(alt, 'task-stopped')).toEqual([942, 942, 942, 942]);
    const s = alt.series;
    expect(Math.min(...s.runningTasks)).toBe(4);
    expect(s.droppedRps.every((d) => d === 0)).toBe(true);
    // Billed (1 vCPU tasks, so paid vCPU = billed tasks): minute 10 = 4 + 4 × (660 − 610) / 60
    // = 7.3333; [660, 900): 8; minute 15 = (8 × 42 + 4 × 18) / 60 = 6.8; then 4.
    expect(s.paidVcpu.slice(9, 17)).toEqual(f32([4, 7.3333, 8, 8, 8, 8, 6.8, 4]));
    expect(Math.max(...s.paidVcpu)).toBe(8);
    // Extra billing: old tasks run on 942 − 600 = 342 s past the deployment start while the new
    // ones are billed from 610 s: 4 × 942 + 4 × (3600 − 610) = 3768 + 11,960 = 15,728 task-s,
    // i.e. 4 × (30 s billed start + 300 s deregistration + 2 s stop) = 4 × 332 = 1328 more.
    expect(billedVcpuSeconds(alt)).toBe(14_400 + 4 * 332);
    // $: 14,400 × 0.000013714 = 0.1974816 → $0.20; 15,728 × 0.000013714 = 0.215693792 → $0.22.
    // The extra, 1328 × 0.000013714 = $0.0182, is bounded by 4 × (40 + 300 + 2) × rate = $0.0188.
    expect(alt.cost.totalUsd).toBe(0.22);
    const extraUsd = (billedVcpuSeconds(alt) - 14_400) * TASK_USD_PER_SECOND;
    expect(extraUsd).toBeLessThanOrEqual(4 * (40 + 300 + 2) * TASK_USD_PER_SECOND);
  });

  it('min 50% / max 100%: two old tasks stop first, running drops to 2, never more than 4 tasks starting or running', () => {
    const alt = run({ ...BASE, deployments: ['{ at: 10m, type: rolling, minimumHealthyPercent: 50, maximumPercent: 100 }'] });
    // 600 s: min healthy ceil(4 × 50%) = 2 → tasks 0 and 1 stop (running 4 → 2); max
    // floor(4 × 100%) = 4 active → 2 new (4, 5) launch, serving at 640 s.
    // 640 s: each new task running lets one more old task stop (2, 3) and frees room for one
    // more launch (6, 7), serving at 680 s → completed at 680 s.
    expect(timesOf(alt, 'task-launch').filter((t) => t > 0)).toEqual([600, 600, 640, 640]);
    expect(timesOf(alt, 'task-running')).toEqual([640, 640, 680, 680]);
    expect(eventsOf(alt, 'deployment').map((e) => e.t)).toEqual([600, 680]);
    // Tasks 0, 1 stop at 600 + 302 = 902; tasks 2, 3 at 640 + 302 = 942.
    expect(timesOf(alt, 'task-stopped')).toEqual([902, 902, 942, 942]);
    // running: 2 during [600, 680); minute 11 = (2 × 20 + 4 × 40) / 60 = 3.3333
    const s = alt.series;
    expect(s.runningTasks.slice(9, 13)).toEqual(f32([4, 2, 3.3333, 4]));
    // 2 serving tasks still carry 80 rps (100 rps of capacity): nothing dropped.
    expect(s.cpuPct[10]).toBe(80);
    expect(s.droppedRps.every((d) => d === 0)).toBe(true);
    // Billed: 2 × 902 + 2 × 942 + 2 × (3600 − 610) + 2 × (3600 − 650) = 1804 + 1884 + 5980 + 5900
    // = 15,568: fewer tasks at once, but the drains still overlap the new tasks — in
    // [650, 902) two draining, two draining, two running and two starting tasks are all billed.
    expect(billedVcpuSeconds(alt)).toBe(15_568);
    expect(s.paidVcpu.slice(11, 15)).toEqual(f32([8, 8, 8, 8]));
  });
});

describe('blue/green, all at once', () => {
  it('runs 8 tasks until the termination wait ends, then drains the blue set', () => {
    const alt = run({ ...BASE, deployments: ['{ at: 10m, type: blue-green, shift: all-at-once, terminationWait: 5m }'] });
    // 600 s: 4 green tasks launch out of service; all RUNNING at 640 s → traffic moves at once;
    // blue kept 300 s → stopped at 940 s (deployment completed), drained 300 s + 2 s → 1242 s.
    const deployment = eventsOf(alt, 'deployment');
    expect(deployment.map((e) => e.t)).toEqual([600, 640, 940]);
    expect(deployment[2].detail).toBe('blue-green deployment of revision 1 completed');
    expect(timesOf(alt, 'task-running')).toEqual([640, 640, 640, 640]);
    expect(timesOf(alt, 'task-stopped')).toEqual([1242, 1242, 1242, 1242]);
    const s = alt.series;
    // RUNNING (in service or not): 8 from 640 to 940 s → minutes 11..14 = 8;
    // minute 15 = (8 × 40 + 4 × 20) / 60 = 6.6667. Serving capacity stays 4 × 50 = 200 rps.
    expect(s.runningTasks.slice(10, 17)).toEqual(f32([5.3333, 8, 8, 8, 8, 6.6667, 4]));
    expect(s.servingCapacityRps.every((c) => c === 200)).toBe(true);
    // Billed: 8 tasks from 610 s until the blue drain ends at 1242 s; minute 20 =
    // (8 × 42 + 4 × 18) / 60 = 6.8.
    expect(s.paidVcpu.slice(11, 21)).toEqual(f32([8, 8, 8, 8, 8, 8, 8, 8, 8, 6.8]));
    // 4 × 1242 + 4 × (3600 − 610) = 4968 + 11,960 = 16,928 task-s.
    expect(billedVcpuSeconds(alt)).toBe(16_928);
  });
});

describe('scaling during a deployment', () => {
  it('no scale-in while a deployment runs; it happens at the first datapoint after it completes', () => {
    // 20 rps on 4 tasks = 10% CPU < 45 → AlarmLow from 900 s (minutes 0..14):
    // ceil(4 × 10 / 50) = 1. Without a deployment: 4 → 1 at 900 s.
    const scaling = '{ metricDelay: 0s, minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50 } ] }';
    const rps = '{ type: constant, rps: 20 rps }';
    const without = run({ ...BASE, rps, autoscaling: scaling });
    expect(eventsOf(without, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[900, 'desired 4 → 1']]);
    // A blue/green deployment from 600 s with a 20 min termination wait completes at
    // 640 + 1200 = 1840 s. Traffic always sees 4 serving tasks, so CPU stays 10% and AlarmLow
    // stays in ALARM; the first datapoint after 1840 s acts at 31 × 60 = 1860 s, with 4 running
    // (the blue set is draining): 4 → 1.
    const during = run({ ...BASE, rps, autoscaling: scaling, deployments: ['{ at: 10m, type: blue-green, terminationWait: 20m }'] });
    expect(timesOf(during, 'deployment')).toEqual([600, 640, 1840]);
    expect(eventsOf(during, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[1860, 'desired 4 → 1']]);
  });

  // Same blue/green, but the load steps to 400 rps at 20 min: the 4 serving (green) tasks run
  // at 100% CPU in minutes 20, 21, 22 → AlarmHigh acts at 23 × 60 = 1380 s, inside the
  // deployment (until 1840 s). The blue set is RUNNING but out of service until 1840 s.
  const stepDuring = () =>
    run({
      ...BASE,
      rps: '{ type: steps, initial: 95 rps, steps: [ { at: 20m, rps: 400 rps } ] }',
      autoscaling: '{ metricDelay: 0s, minCapacity: 1, maxCapacity: 16, targetTracking: [ { metric: cpu, target: 50 } ] }',
      deployments: ['{ at: 10m, type: blue-green, terminationWait: 20m }'],
    });

  // ECSServiceAverageCPUUtilization averages over every RUNNING task of the service, including
  // a task set that takes no traffic. From 20 min: 400 rps, the 4 in-service tasks serve their
  // capacity 4 × 50 = 200 rps; the 4 idle tasks count at 0 %: CPU = 200 × 60 / (8 × 60 × 50)
  // = 50 %, not > 50, so AlarmHigh stays OK while both sets run. The old set is stopped when the
  // termination wait ends: shift at 640 s + 20 min = 1840 s (DEACTIVATING, no longer RUNNING).
  // Minute 30 (1800–1860 s): running task-seconds 8 × 40 + 4 × 20 = 400, served 12 000
  // → 12 000 / (400 × 50) = 60 % > 50; minutes 31, 32: 100 %. Third breach complete at
  // 33 × 60 = 1980 s: desired ceil(4 × 100 / 50) = 8.
  it('during blue/green, CPU averages over every RUNNING task: no scale-out until the old set leaves, then 4 → 8', () => {
    const out = eventsOf(stepDuring(), 'scaling');
    expect(out.length).toBeGreaterThan(0);
    expect(out[0].t).toBe(1980);
    expect(out[0].detail.split(':')[0]).toBe('desired 4 → 8');
  });
});
