// Target tracking on ECSServiceAverageCPUUtilization replayed against AWS's documented timing
// (aws-facts §4.1): AlarmHigh is metric > target for 3 of 3 one-minute datapoints, AlarmLow is
// metric < 0.9 × target for 15 of 15; a period's datapoint is complete at the period's end and
// acted on once published (period end + metricDelay); cooldowns 300 s; scale out if any policy
// says so, scale in only if all do; min/max clamp; disableScaleIn.
//
// Every run: tasks of 1 vCPU / 2 GB serving 50 rps each at 100% CPU, so CPU% = 100 × load /
// (50 × serving tasks); a launched task serves exactly 40 s later (test/dynamics/scenario.ts).
// The fluid model steps every 1 s; all times below are whole seconds.

import { mmckBlocking } from '../support/mmck.js';
import { describe, expect, it } from 'vitest';
import { eventsOf, run, timesOf } from '../dynamics/scenario.js';
import { f32 } from '../fixtures/series.js';

const CPU_50 = '{ metric: cpu, target: 50 }';

/** Steady 95 rps on 4 tasks (CPU 95 / 200 = 47.5%: not > 50, not < 45), then 400 rps from 10 min. */
const STEP_UP = '{ type: steps, initial: 95 rps, steps: [ { at: 10m, rps: 400 rps } ] }';

describe('scale-out timing', () => {
  it('publishes the third breaching datapoint at 13 × 60 = 780 s and doubles 4 → 8 exactly then; the new tasks serve at 820 s', () => {
    const alt = run({
      horizon: '20m',
      rps: STEP_UP,
      desiredCount: 4,
      autoscaling: `{ minCapacity: 1, maxCapacity: 8, metricDelay: 0s, targetTracking: [ ${CPU_50} ] }`,
    });
    // Minutes 0..9: 47.5% (no alarm). From 600 s, 400 rps > 200 rps of capacity: CPU 100% in
    // minutes 10, 11, 12. The datapoint of minute 12 is complete at 13 × 60 = 780 s; with no
    // publication delay AlarmHigh (3 of 3 > 50) fires then:
    // desired = ceil(running × metric / target) = ceil(4 × 100 / 50) = 8.
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => e.t)).toEqual([780]);
    expect(scaling[0].detail).toMatch(/^desired 4 → 8: /);
    // Launched at 780 s: ENI 10 + pull 10 + start 5 + health check 15 → serving at 820 s.
    expect(timesOf(alt, 'task-running')).toEqual([820, 820, 820, 820]);
    expect(eventsOf(alt, 'task-running').every((e) => e.detail.endsWith('serving after 40.0 s'))).toBe(true);
    // At 840 s the next datapoint (minute 13) is still 100% (see below): ceil(8 × 100 / 50) = 16,
    // clamped to maxCapacity 8 = desired, so no second event (checked above).

    const s = alt.series;
    // desired steps to 8 at 780 s, the start of minute 13.
    expect(s.desiredTasks.slice(0, 13)).toEqual(f32(Array(13).fill(4)));
    expect(s.desiredTasks.slice(13)).toEqual(f32(Array(7).fill(8)));
    // running: 4 until 820 s; minute 13 = (4 × 40 + 8 × 20) / 60 = 320 / 60 = 5.3333.
    expect(s.runningTasks.slice(0, 13)).toEqual(f32(Array(13).fill(4)));
    expect(s.runningTasks[13]).toBe(Math.fround(5.3333));
    expect(s.runningTasks.slice(14)).toEqual(f32(Array(6).fill(8)));
    expect(s.cpuPct.slice(0, 10)).toEqual(f32(Array(10).fill(47.5)));
    expect(s.cpuPct.slice(10, 13)).toEqual(f32([100, 100, 100]));
    // Dropped: queue limit 100 per serving task. Minute 10: the 400-request queue fills at
    // 200 rps in 2 s (ticks 600, 601), then 200 dropped every tick 602..659: 58 × 200 = 11,600
    // → 193.333 rps (six significant digits). Minutes 11, 12: 200 rps. Minute 13: 200 × 40 s until
    // 820 s; from then 8 tasks serve 400 rps = the load, the 400 queued stay under the new limit
    // of 800 → 8000 / 60 = 133.333 rps; minute 13's CPU: served 200 × 40 + 400 × 20 = capacity → 100%.
    // Minute 14 on: 8 tasks at exactly their 400 rps; a full task turns requests away by chance,
    // M/M/3/103 at a = 3: p_K = 4.5 / (8.5 + 101 × 4.5) = 4.5 / 463 → 400 × 0.0097192 = 3.8877 rps.
    expect(s.droppedRps.slice(9, 14)).toEqual(f32([0, 193.333, 200, 200, 133.333]));
    expect(s.droppedRps[14]).toBeCloseTo(400 * mmckBlocking(3, 100, 3), 3);
    expect(400 * mmckBlocking(3, 100, 3)).toBeCloseTo((400 * 4.5) / 463, 9);
    expect(s.cpuPct[13]).toBe(100);
  });

  it('with a 60 s publication delay the same datapoint acts at 840 s, and the tasks serve at 880 s', () => {
    const alt = run({
      horizon: '20m',
      rps: STEP_UP,
      desiredCount: 4,
      autoscaling: `{ minCapacity: 1, maxCapacity: 8, metricDelay: 60s, targetTracking: [ ${CPU_50} ] }`,
    });
    // Datapoint of minute m is acted on at (m + 1) × 60 + 60. At 780 s it is minute 11's:
    // window [9, 10, 11] = [47.5, 100, 100], not 3 of 3. At 840 s minute 12's: [100, 100, 100].
    expect(eventsOf(alt, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([[840, 'desired 4 → 8']]);
    expect(timesOf(alt, 'task-running')).toEqual([880, 880, 880, 880]);
    // running: minute 14 [840, 900) = (4 × 40 + 8 × 20) / 60 = 5.3333
    expect(alt.series.runningTasks.slice(12, 16)).toEqual(f32([4, 4, 5.3333, 8]));
    expect(alt.series.desiredTasks.slice(13, 15)).toEqual(f32([4, 8]));
  });

  it('during the 300 s scale-out cooldown a proposal starts from the count before the scale-out: stale datapoints change nothing; the next one comes as the cooldown ends', () => {
    // AWS: "the capacity added by the initiating scale-out activity is calculated as part of the
    // desired capacity for the next scale-out activity" (aws-facts §4.1). Slow health check
    // (105 s): a launched task serves 10 + 10 + 5 + 105 = 130 s later. Load 300 rps from 600 s.
    const alt = run({
      horizon: '20m',
      rps: '{ type: steps, initial: 95 rps, steps: [ { at: 10m, rps: 300 rps } ] }',
      desiredCount: 4,
      lifecycle: { healthCheck: '105s' },
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 50, targetTracking: [ ${CPU_50} ] }`,
    });
    // 780 s: minutes 10..12 at 100% → ceil(4 × 100 / 50) = 8; cooldown until 780 + 300 = 1080 s,
    //   proposals in it start from the 4 running at 780 s.
    // 840 s, 900 s: minutes 13, 14 at 100% → ceil(4 × 100 / 50) = 8, not more than 8 → nothing.
    // 960 s: minute 15 [900, 960): 4 tasks until 910 s, 8 after.
    //   served: 10 s × 200 = 2000; at 910 s the 400 queued drain at 400 − 300 = 100 rps over
    //   4 ticks (4 × 400 = 1600); then 46 × 300 = 13,800 → 17,400.
    //   capacity: 10 × 200 + 50 × 400 = 22,000 → CPU 79.0909%.
    //   ceil(4 × 79.0909 / 50) = ceil(6.33) = 7 ≤ 8 → nothing. (From the 8 running, 13: the tasks
    //   the first scale-out added would count twice.)
    // 1020 s: minute 16 at 300 / 400 = 75% → ceil(4 × 1.5) = 6 → nothing.
    // 1080 s: the cooldown is over; minute 17 at 75% with 8 running → ceil(8 × 1.5) = 12 > 8.
    //   The four tasks launched then serve at 1210 s, after the 1200 s horizon.
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => e.t)).toEqual([780, 1080]);
    expect(scaling[0].detail).toMatch(/^desired 4 → 8: .*, 4 running → 8$/);
    expect(scaling[1].detail).toMatch(/^desired 8 → 12: .*, 8 running → 12$/);
    expect(timesOf(alt, 'task-running')).toEqual([910, 910, 910, 910]);
    expect(alt.series.cpuPct[15]).toBe(Math.fround(79.091));
  });

  it('a larger scale-out inside the cooldown applies at once, counted from the count before the first', () => {
    // 120 rps from 600 s (60% on 4 tasks), 180 rps from 780 s (90%). Health check 105 s: a task
    // launched at t serves at t + 130 s.
    const alt = run({
      horizon: '20m',
      rps: '{ type: steps, initial: 95 rps, steps: [ { at: 10m, rps: 120 rps }, { at: 13m, rps: 180 rps } ] }',
      desiredCount: 4,
      lifecycle: { healthCheck: '105s' },
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 50, targetTracking: [ ${CPU_50} ] }`,
    });
    // 780 s: minutes 10..12 at 60% → ceil(4 × 60 / 50) = ceil(4.8) = 5 (serves at 910 s).
    // 840 s: minute 13 at 180 / 200 = 90% on 4 → ceil(4 × 90 / 50) = ceil(7.2) = 8 > 5: applies.
    // 900 s: minute 14 still 90% on 4 → 8, not more → nothing.
    // 960 s: minute 15: 4 tasks until 910 s, then 5: capacity 10 × 200 + 50 × 250 = 14,500,
    //   served 60 × 180 = 10,800 → 74.48% → ceil(4 × 1.4897) = 6 → nothing.
    // 1020 s: minute 16: 5 tasks until 970 s, then 8: capacity 10 × 250 + 50 × 400 = 22,500 →
    //   48% → AlarmHigh OK. From then 8 tasks run 180 rps at 45%: not > 50, not < 45.
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => [e.t, e.detail.split(':')[0]])).toEqual([
      [780, 'desired 4 → 5'],
      [840, 'desired 5 → 8'],
    ]);
    expect(scaling[1].detail).toMatch(/4 running at the cooldown's start → 8$/);
    expect(timesOf(alt, 'task-running')).toEqual([910, 970, 970, 970]);
  });

  it('a constant overload scales once to what it needs, not on to the maximum (the metric lags the new tasks)', () => {
    // 150 rps from 10 min on 4 tasks of 50 rps: 75%; at target 50 it needs ceil(4 × 75 / 50) = 6,
    // which then run at 150 / 300 = 50%, not > 50. Default metric delay (the datapoint of minute
    // m acts ~3 minutes after it ends): before the new tasks show in the metric, datapoints
    // measured on 4 tasks keep AlarmHigh in ALARM; counted from the 6 running they would ask 9,
    // then 14, 21 … up to maxCapacity 50.
    const alt = run({
      horizon: '40m',
      rps: '{ type: steps, initial: 95 rps, steps: [ { at: 10m, rps: 150 rps } ] }',
      desiredCount: 4,
      autoscaling: `{ minCapacity: 1, maxCapacity: 50, targetTracking: [ ${CPU_50} ] }`,
    });
    expect(eventsOf(alt, 'scaling').map((e) => e.detail.split(':')[0])).toEqual(['desired 4 → 6']);
    expect(Math.max(...alt.series.desiredTasks)).toBe(6);
    expect(alt.series.desiredTasks[39]).toBe(6);
  });

  it('maxCapacity clamps the first scale-out: 4 → 6, and nothing more while AlarmHigh stays', () => {
    const alt = run({
      horizon: '20m',
      rps: STEP_UP,
      desiredCount: 4,
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 6, targetTracking: [ ${CPU_50} ] }`,
    });
    // 780 s: ceil(4 × 100 / 50) = 8 → clamped to 6. Afterwards 6 tasks serve 300 of 400 rps:
    // 100% CPU → ceil(6 × 2) = 12 → clamped 6 = desired → no event.
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => e.t)).toEqual([780]);
    expect(scaling[0].detail).toMatch(/^desired 4 → 6: .*clamped to 6 by maxCapacity/);
    expect(timesOf(alt, 'task-running')).toEqual([820, 820]);
    expect(alt.series.runningTasks[19]).toBe(6);
  });
});

/**
 * 8 warm tasks (400 rps of capacity): 190 rps (47.5%) for 10 min, 100 rps (25%) until 25 min,
 * then 40 rps.
 */
const STEP_DOWN = '{ type: steps, initial: 190 rps, steps: [ { at: 10m, rps: 100 rps }, { at: 25m, rps: 40 rps } ] }';

describe('scale-in timing', () => {
  it('scales in only after 15 datapoints below 45%, then not again within the 300 s scale-in cooldown; minCapacity clamps', () => {
    const alt = run({
      horizon: '40m',
      rps: STEP_DOWN,
      desiredCount: 8,
      autoscaling: `{ metricDelay: 0s, minCapacity: 3, maxCapacity: 20, targetTracking: [ ${CPU_50} ] }`,
    });
    // Minutes 10..24 at 25% < 45: the 15th datapoint (minute 24) is complete at 25 × 60 =
    // 1500 s (at 1440 s the window 9..23 still holds minute 9 at 47.5%).
    //   1500 s: ceil(8 × 25 / 50) = 4 → 8 → 4; scale-in cooldown until 1800 s.
    // From 1500 s, 40 rps on 4 tasks = 20% (load steps down at the same instant).
    //   1560..1740 s: AlarmLow still in ALARM, ceil(4 × 20 / 50) = 2 < 4, but in cooldown.
    //   1800 s: cooldown over → 2, clamped to minCapacity 3 → 4 → 3.
    //   From 1800 s: 40 / 150 = 26.7% → ceil(3 × 26.67 / 50) = 2 → clamped 3 = desired → nothing.
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => e.t)).toEqual([1500, 1800]);
    expect(scaling[0].detail).toMatch(/^desired 8 → 4: .*AlarmLow/);
    expect(scaling[1].detail).toMatch(/^desired 4 → 3: .*clamped to 3 by minCapacity/);
    const s = alt.series;
    expect(s.cpuPct.slice(9, 11)).toEqual(f32([47.5, 25]));
    expect(s.cpuPct[25]).toBe(20);
    expect(s.runningTasks.slice(24, 31)).toEqual(f32([8, 4, 4, 4, 4, 4, 3]));
    // Drained tasks stop after the 300 s deregistration delay and 2 s stop time.
    expect(timesOf(alt, 'task-stopped')).toEqual([1802, 1802, 1802, 1802, 2102]);
  });

  it('a scale-out inside the scale-in cooldown happens at once', () => {
    // As above until 1500 s (8 → 4, scale-in cooldown to 1800 s), but the load jumps to 400 rps
    // at 25 min: minutes 25, 26, 27 at 100% on 4 tasks → out at 28 × 60 = 1680 s < 1800 s:
    // ceil(4 × 100 / 50) = 8. New tasks serve at 1720 s; the four drained at 1500 s still stop
    // at 1500 + 300 + 2 = 1802 s (ECS does not take a draining task back).
    const alt = run({
      horizon: '40m',
      rps: '{ type: steps, initial: 190 rps, steps: [ { at: 10m, rps: 100 rps }, { at: 25m, rps: 400 rps } ] }',
      desiredCount: 8,
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 8, targetTracking: [ ${CPU_50} ] }`,
    });
    expect(eventsOf(alt, 'scaling').map((e) => [e.t, e.detail.split(':')[0]])).toEqual([
      [1500, 'desired 8 → 4'],
      [1680, 'desired 4 → 8'],
    ]);
    expect(timesOf(alt, 'task-running')).toEqual([1720, 1720, 1720, 1720]);
    expect(timesOf(alt, 'task-stopped')).toEqual([1802, 1802, 1802, 1802]);
  });

  it('disableScaleIn never removes a task', () => {
    const alt = run({
      horizon: '40m',
      rps: STEP_DOWN,
      desiredCount: 8,
      autoscaling: '{ metricDelay: 0s, minCapacity: 1, maxCapacity: 20, targetTracking: [ { metric: cpu, target: 50, disableScaleIn: true } ] }',
    });
    expect(eventsOf(alt, 'scaling')).toEqual([]);
    expect(alt.series.desiredTasks).toEqual(f32(Array(40).fill(8)));
    expect(alt.series.runningTasks).toEqual(f32(Array(40).fill(8)));
    expect(timesOf(alt, 'task-stopped')).toEqual([]);
  });
});

describe('two policies: scale out if any, scale in only if all', () => {
  // The second policy tracks memory. Running tasks use 50% of their memory (the default
  // memoryUtilization), so its datapoint is always 50%.
  it('scales out when CPU says out although the memory policy says in', () => {
    // Memory target 60: AlarmLow at 54 > 50 is in ALARM from 900 s (minutes 0..14), proposing
    // ceil(4 × 50 / 60) = 4 = desired, i.e. nothing to remove. The load steps to 400 rps at
    // 20 min, so CPU breaches in minutes 20, 21, 22 → out at 23 × 60 = 1380 s: ceil(4 × 2) = 8.
    const alt = run({
      horizon: '30m',
      rps: '{ type: steps, initial: 95 rps, steps: [ { at: 20m, rps: 400 rps } ] }',
      desiredCount: 4,
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 8, targetTracking: [ ${CPU_50}, { metric: memory, target: 60 } ] }`,
    });
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => e.t)).toEqual([1380]);
    expect(scaling[0].detail).toMatch(/^desired 4 → 8: .*ECSServiceAverageCPUUtilization/);
    expect(timesOf(alt, 'task-running')).toEqual([1420, 1420, 1420, 1420]);
  });

  it('does not scale in while the memory policy is neither low nor high', () => {
    // Memory target 52: 50 is not > 52 and not < 0.9 × 52 = 46.8. CPU alone wants 8 → 4 at 1500 s.
    const alt = run({
      horizon: '40m',
      rps: STEP_DOWN,
      desiredCount: 8,
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 20, targetTracking: [ ${CPU_50}, { metric: memory, target: 52 } ] }`,
    });
    expect(eventsOf(alt, 'scaling')).toEqual([]);
    expect(alt.series.runningTasks[39]).toBe(8);
  });

  it('scales in when both are low, to the larger of the two proposals', () => {
    // Memory target 60: low from 900 s, proposing ceil(8 × 50 / 60) = ceil(6.67) = 7; CPU is
    // not low before 1500 s, so nothing until then.
    //   1500 s: CPU ceil(8 × 25 / 50) = 4, memory 7 → the larger, 7. Memory's cooldown to 1800 s
    //     (the CPU policy's proposal was not applied, so it starts no cooldown).
    //   1560..1740 s: memory in cooldown → not all policies say in → nothing.
    //   1800 s: CPU (40 rps on 7 tasks = 11.4%): ceil(7 × 11.43 / 50) = 2; memory
    //     ceil(7 × 50 / 60) = ceil(5.83) = 6 → 6; memory cooldown to 2100 s.
    //   2100 s: CPU ceil(6 × 13.33 / 50) = 2; memory ceil(6 × 50 / 60) = 5 → 5.
    //   2400 s (last datapoint, minute 39): memory ceil(5 × 50 / 60) = ceil(4.17) = 5 = desired.
    const alt = run({
      horizon: '40m',
      rps: STEP_DOWN,
      desiredCount: 8,
      autoscaling: `{ metricDelay: 0s, minCapacity: 1, maxCapacity: 20, targetTracking: [ ${CPU_50}, { metric: memory, target: 60 } ] }`,
    });
    const scaling = eventsOf(alt, 'scaling');
    expect(scaling.map((e) => [e.t, e.detail.split(':')[0]])).toEqual([
      [1500, 'desired 8 → 7'],
      [1800, 'desired 7 → 6'],
      [2100, 'desired 6 → 5'],
    ]);
    expect(scaling.every((e) => e.detail.includes('ECSServiceAverageMemoryUtilization'))).toBe(true);
  });
});
