// ECS Spot Instance draining (ECS_ENABLE_SPOT_INSTANCE_DRAINING) is off by default: "Spot
// Instance draining is turned off by default" (spot-instance-draining-linux-container.html).
// Off: ECS never hears the two-minute notice; tasks keep serving until EC2 reclaims the
// instance at notice + 120 s, then stop at once (no deregistration delay), and the group replaces
// the instance only then. On: the instance drains at the notice (tasks deregister, replacements
// start elsewhere) and the group launches a replacement instance at once.

import { describe, expect, it } from 'vitest';
import { eventsOf, runCluster } from './cluster-case.js';

function run(extra: Record<string, unknown>) {
  return runCluster({
    horizon: '6h',
    seed: 3,
    desiredCount: 2,
    capacity: {
      type: 'cluster',
      networkMode: 'bridge',
      providers: [{ name: 'spot', asg: { instanceTypes: ['m5.large'], purchase: 'spot', min: 1, max: 1, desired: 1, managedScaling: false, launchLatency: '60s', spot: { interruptionsPerHour: 0.5 }, ...extra } }],
    },
  });
}

describe('EC2 Spot notice with ECS draining off (default) and on', () => {
  it('off: the tasks run to the deadline, then stop; the replacement instance launches at the deadline', () => {
    const alt = run({});
    const notice = eventsOf(alt, 'interruption')[0];
    expect(notice.detail).toContain('ECS Spot draining off');
    const deadline = notice.t + 120;
    // Both tasks on the one instance stop exactly at the deadline (no 30 s deregistration, no 2 s stop).
    const stops = eventsOf(alt, 'task-stopped').filter((e) => e.t >= notice.t && e.t <= deadline);
    expect(stops.map((e) => e.t)).toEqual([deadline, deadline]);
    // The next instance launch is at the deadline, not at the notice.
    const launches = eventsOf(alt, 'instance-launch').filter((e) => e.t >= notice.t);
    expect(launches[0].t).toBe(deadline);
  });

  it('on: the replacement instance launches at the notice and the tasks drain (30 s deregistration + 2 s stop)', () => {
    const alt = run({ spotInstanceDraining: true });
    const notice = eventsOf(alt, 'interruption')[0];
    expect(eventsOf(alt, 'instance-launch').filter((e) => e.t >= notice.t)[0].t).toBe(notice.t);
    const stops = eventsOf(alt, 'task-stopped').filter((e) => e.t >= notice.t && e.t <= notice.t + 120);
    expect(stops.map((e) => e.t)).toEqual([notice.t + 32, notice.t + 32]);
  });
});
