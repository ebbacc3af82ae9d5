// ECS managed scaling of an Auto Scaling group capacity provider, by hand (aws-facts §5.3):
// every minute CapacityProviderReservation = M / N × 100, N = instances in the group, M = the
// instances with tasks + the instances needed (binpacked) for the tasks waiting for room.
// Above targetCapacity (1 datapoint): desired = ceil(M × 100 / target), the step clamped to
// [minimumScalingStepSize, maximumScalingStepSize], and no further scale-out while the last
// launched instance is inside instanceWarmupPeriod. Below target for 15 datapoints: scale-in,
// and with managed termination protection only empty instances go.
//
// The group: m5.large with ENI trunking (10 task slots), tasks of 1 vCPU / 2 GB, so CPU is the
// limit at 2048 / 1024 = 2 tasks per instance. Instances register 60 s after their launch
// (launchLatency: 60s). Managed scaling looks at the group at t = 60, 120, … s, after the other
// events of that second. m5.large $0.096 an hour.

import { describe, expect, it } from 'vitest';
import { eventsOf, instanceNo, lineItem, runCluster } from './cluster-case.js';

function group(asg: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'cluster',
    providers: [{ name: 'od', asg: { instanceTypes: ['m5.large'], launchLatency: '60s', ...asg } }],
    trunking: true,
    ...extra,
  };
}

/** A group that starts with one instance still booting (launched at t = 0, registered at 60 s). */
function booting(managedScaling: Record<string, unknown>): Record<string, unknown> {
  return group({ min: 1, max: 10, desired: 1, prewarmed: false, managedScaling });
}

const scalingAt = (alt: ReturnType<typeof runCluster>) => eventsOf(alt, 'scaling').map((e) => [e.t, e.detail.match(/desired (\d+ → \d+)/)?.[1]]);
const launchesAt = (alt: ReturnType<typeof runCluster>) => eventsOf(alt, 'instance-launch').map((e) => e.t);

describe('scale-out on CapacityProviderReservation', () => {
  it('8 tasks on a group of 1: reservation 400 % → desired 4 in one step, after the first instance’s warm-up', () => {
    // t = 0: instance #0 launched; the 8 tasks have nowhere to go ("instances are still launching").
    // t = 60: #0 registers and takes 2 tasks; 6 wait → needed ⌈6 / 2⌉ = 3, M = 1 + 3 = 4, N = 1:
    //   reservation 400 % > 100 %, but #0 launched at 0 is inside the 300 s warm-up until t = 300.
    // t = 300: desired = ⌈4 × 100 / 100⌉ = 4, step 3 within [1, 10000] → 3 launches at 300.
    // t = 360: they register and take the 6 tasks; then M = N = 4 (100 %): nothing more.
    const alt = runCluster({ horizon: '20m', desiredCount: 8, warmStart: false, capacity: booting({ instanceWarmupPeriod: '300s' }) });
    const failed = eventsOf(alt, 'placement-failed');
    expect(failed.map((e) => e.t)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(failed[0].detail).toMatch(/instances are still launching/);
    expect(eventsOf(alt, 'scaling')).toEqual([{ t: 300, detail: expect.stringMatching(/desired 1 → 4: managed scaling: CapacityProviderReservation 400\.0% \(M 4 \/ N 1\)/) }]);
    expect(launchesAt(alt)).toEqual([0, 300, 300, 300]);
    expect(alt.usage.maxTasks).toBe(8);
    expect(alt.series.runningTasks.at(-1)).toBe(8);
    // Billed from running, 15 s after each launch (pending is free): #0 1,200 − 15 = 1,185 +
    // 3 × (1,200 − 300 − 15) = 2,655 → 3,840 s = 1.0666… h × $0.096 = $0.1024
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('0.1024');
  });

  it('maximumScalingStepSize 1: one instance per step, steps a warm-up (300 s) apart', () => {
    // t = 300: M 4 / N 1 = 400 % → desired 2 (step min(1, 3) = 1); #1 registers at 360 and takes 2.
    // t = 360 … 540: M = 2 + 2 = 4, N = 2 → 200 % but #1 (launched 300) is warming up until 600.
    // t = 600: desired 3 (M 4 / N 2); #2 registers at 660 and takes 2.
    // t = 900: M = 3 + 1 = 4, N = 3 → 133.3 % → desired 4; #3 at 960 takes the last 2.
    const alt = runCluster({ horizon: '20m', desiredCount: 8, warmStart: false, capacity: booting({ instanceWarmupPeriod: '300s', maximumScalingStepSize: 1 }) });
    expect(scalingAt(alt)).toEqual([
      [300, '1 → 2'],
      [600, '2 → 3'],
      [900, '3 → 4'],
    ]);
    expect(eventsOf(alt, 'scaling').map((e) => e.detail.match(/\d+\.\d% \(M \d+ \/ N \d+\)/)?.[0])).toEqual(['400.0% (M 4 / N 1)', '200.0% (M 4 / N 2)', '133.3% (M 4 / N 3)']);
    expect(launchesAt(alt)).toEqual([0, 300, 600, 900]);
    expect(alt.series.runningTasks.at(-1)).toBe(8);
    // Billed from running (launch + 15 s): 1,185 + 885 + 585 + 285 = 2,940 instance-seconds
    // × $0.096 / 3,600 = $0.0784
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('0.0784');
  });

  it('the spacing follows instanceWarmupPeriod: 120 s → steps at 120, 240, 360', () => {
    // t = 60: #0 (launched 0) warm until 120. t = 120: 2 → launch #1, registered 180.
    // t = 180: blocked until 240. t = 240: M 4 / N 2 → 3. t = 360: M 4 / N 3 → 4.
    const alt = runCluster({ horizon: '20m', desiredCount: 8, warmStart: false, capacity: booting({ instanceWarmupPeriod: '120s', maximumScalingStepSize: 1 }) });
    expect(scalingAt(alt)).toEqual([
      [120, '1 → 2'],
      [240, '2 → 3'],
      [360, '3 → 4'],
    ]);
  });

  it('minimumScalingStepSize 2: a need of one more instance still adds two (and the spare one is scaled in later)', () => {
    // 4 tasks: #0 takes 2 at t = 60, 2 wait → needed 1, M 2 / N 1 = 200 % → desired ⌈2⌉ = 2,
    // step max(2, 2 − 1) = 2 → desired 3 at t = 300: #1 and #2 launched.
    // t = 360: #1 registers first and takes both waiting tasks (it is the only candidate then);
    // #2 registers empty. From t = 360 every minute M 2 / N 3 = 66.7 % < 100 %: the 15th
    // datapoint is at 360 + 14 × 60 = 1,200 s → desired 2, the empty #2 goes.
    const alt = runCluster({ horizon: '20m', desiredCount: 4, warmStart: false, capacity: booting({ instanceWarmupPeriod: '300s', minimumScalingStepSize: 2 }) });
    expect(scalingAt(alt)).toEqual([
      [300, '1 → 3'],
      [1200, '3 → 2'],
    ]);
    expect(launchesAt(alt)).toEqual([0, 300, 300]);
    expect(eventsOf(alt, 'instance-terminate').map((e) => [e.t, instanceNo(e.detail)])).toEqual([[1200, 2]]);
  });

  it('maxSize caps the step: max 2 → desired 2 although 4 are needed, 4 tasks stay pending', () => {
    // #0 boots at t = 0 (not prewarmed), so its 300 s warm-up holds the step until 300.
    const capacity = group({ min: 1, max: 2, desired: 1, prewarmed: false, managedScaling: { instanceWarmupPeriod: '300s' } });
    const alt = runCluster({ horizon: '20m', desiredCount: 8, warmStart: false, capacity });
    expect(scalingAt(alt)).toEqual([[300, '1 → 2']]);
    expect(launchesAt(alt)).toEqual([0, 300]);
    expect(alt.series.pendingTasks.at(-1)).toBe(4); // 8 − 2 × 2
  });
});

describe('scale-in and managed termination protection', () => {
  it('2 tasks on a group of 4: below target for 15 minutes → desired 2 at t = 900, the two empty instances go', () => {
    // spread:instanceId puts task 0 on #0 and task 1 on #1; #2 and #3 are empty.
    // From t = 60 every minute: M 2 / N 4 = 50 % < 100 % → the 15th datapoint is at t = 900:
    // desired ⌈2 × 100 / 100⌉ = 2; the empty instances are terminated, newest first: #3, #2.
    const capacity = group({ min: 1, max: 4, desired: 4, managedScaling: {} }, { placement: ['spread:instanceId'] });
    const alt = runCluster({ horizon: '30m', desiredCount: 2, capacity });
    expect(eventsOf(alt, 'scaling')).toEqual([{ t: 900, detail: expect.stringMatching(/desired 4 → 2: .*50\.0% \(M 2 \/ N 4\).* for 15 minutes/) }]);
    const ended = eventsOf(alt, 'instance-terminate');
    expect(ended.map((e) => [e.t, instanceNo(e.detail)])).toEqual([
      [900, 3],
      [900, 2],
    ]);
    for (const e of ended) expect(e.detail).toMatch(/scale-in/);
    // no task was touched: none stopped, 2 running in every minute
    expect(alt.eventCounts['task-stopped'] ?? 0).toBe(0);
    expect(alt.series.runningTasks.every((n) => n === 2)).toBe(true);
    // instance-seconds 2 × 1,800 + 2 × 900 = 5,400 = 1.5 h × $0.096 = $0.144
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('0.144');
  });

  it('the newest instance is kept when it has a task: only empty instances are scaled in', () => {
    // memberOf 1a keeps the tasks on #0 (1a) and #3 (1a; the group balances #0 1a, #1 1b, #2 1c,
    // #3 1a). At t = 900 desired 4 → 2: newest-first would pick #3, but it has a task, so the
    // empty #2 and #1 go.
    const capacity = group(
      { min: 1, max: 4, desired: 4, managedScaling: {} },
      { placement: ['spread:instanceId'], constraints: ['memberOf(attribute:ecs.availability-zone == us-east-1a)'] },
    );
    const alt = runCluster({ horizon: '30m', desiredCount: 2, capacity });
    expect(eventsOf(alt, 'instance-terminate').map((e) => [e.t, instanceNo(e.detail)])).toEqual([
      [900, 2],
      [900, 1],
    ]);
    expect(alt.eventCounts['task-stopped'] ?? 0).toBe(0);
    expect(alt.series.runningTasks.every((n) => n === 2)).toBe(true);
  });

  it('14 minutes below target are not enough: a 14-minute run never scales in', () => {
    const capacity = group({ min: 1, max: 4, desired: 4, managedScaling: {} }, { placement: ['spread:instanceId'] });
    const alt = runCluster({ horizon: '14m', desiredCount: 2, capacity });
    expect(alt.eventCounts.scaling ?? 0).toBe(0);
    expect(alt.eventCounts['instance-terminate'] ?? 0).toBe(0);
  });
});

describe('a task that did not fit at the warm start', () => {
  // 3 tasks, 2 per instance, a group of 1 prewarmed instance (up before the run, so past its
  // warm-up: an outside audit found it holding the first scale-out back to 300 s). By hand: tasks
  // 0 and 1 on #0, task 2 waits; at the first datapoint, t = 60, M 2 / N 1 = 200 % → desired 2;
  // #1 registers at 120 and takes task 2; from then on M 2 / N 2 = 100 %: no more scaling.
  // Two instances in all, one scaling decision.
  const capacity = group({ min: 1, max: 4, desired: 1, managedScaling: { instanceWarmupPeriod: '300s' } });

  it('with a cold start (every task through the scheduler): two instances, one decision', () => {
    const alt = runCluster({ horizon: '20m', desiredCount: 3, warmStart: false, capacity });
    expect(scalingAt(alt)).toEqual([[60, '1 → 2']]);
    expect(launchesAt(alt)).toEqual([0, 60]);
    expect(alt.series.instances.at(-1)).toBe(2);
  });

  // MODEL BUG (src/service/service.ts start(), ~line 110, with src/capacity/cluster.ts place()):
  // when a warm-start task does not fit, start() drops it (`this.tasks.pop()`) without calling
  // capacity.release(). ClusterCapacity.place() had already assigned it to the provider
  // (`assigned++`) and put it in the provider's `waiting` set, so a phantom task waits forever:
  // managed scaling counts it in M (after task 2 is placed at 360 s: M = 2 + 1 = 3, N = 2 →
  // 150 %) and launches a third instance at 600 s that never gets a task and is never scaled in
  // (M = N = 3 from then on); the strategy's per-provider counts are off by one as well.
  // AWS: 3 tasks of 1 vCPU on m5.large need 2 instances.
  it('with a warm start: the same two instances and one decision', () => {
    const alt = runCluster({ horizon: '20m', desiredCount: 3, capacity });
    expect(scalingAt(alt)).toEqual([[60, '1 → 2']]);
    expect(launchesAt(alt)).toEqual([0, 60]);
    expect(alt.series.instances.at(-1)).toBe(2);
  });
});
