// Scheduled actions: unit tests against a fake bounds target on a real Simulation, then a whole
// run in which a weekday-morning action raises minCapacity at 08:00 (t = 8 × 3,600 = 28,800 s).

import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { FieldError } from '../../src/domain/errors.js';
import type { ScheduledActionSpec } from '../../src/domain/scenario.js';
import { scheduleActions, type BoundsTarget } from '../../src/scaling/scheduled.js';
import { desiredChanges, runService } from './run-scenario.js';

class FakeBounds implements BoundsTarget {
  readonly calls: { t: number; min: number | null; max: number | null; reason: string }[] = [];
  constructor(
    private readonly sim: Simulation,
    public minCapacity: number,
    public maxCapacity: number,
  ) {}
  setBounds(min: number | null, max: number | null, reason: string): void {
    this.calls.push({ t: this.sim.now, min, max, reason });
    if (min !== null) this.minCapacity = min;
    if (max !== null) this.maxCapacity = max;
  }
}

const action = (over: Partial<ScheduledActionSpec>): ScheduledActionSpec => ({ name: 'a', cron: null, atSeconds: null, minCapacity: null, maxCapacity: null, ...over });

describe('scheduleActions', () => {
  it('a one-off action runs at its time; a cron action at every firing within the horizon', () => {
    const sim = new Simulation();
    const target = new FakeBounds(sim, 1, 10);
    const log: string[] = [];
    scheduleActions(
      sim,
      [action({ name: 'once', atSeconds: 3600, maxCapacity: 20 }), action({ name: 'weekday', cron: '0 8 * * MON-FRI', minCapacity: 4 })],
      target,
      7 * 86400,
      (d) => log.push(d),
    );
    sim.run(7 * 86400);
    // 08:00 Monday..Friday = day d × 86,400 + 28,800 for d = 0..4; none on Saturday/Sunday
    expect(target.calls.map((c) => c.t)).toEqual([3600, 28_800, 115_200, 201_600, 288_000, 374_400]);
    expect(target.calls[0]).toEqual({ t: 3600, min: null, max: 20, reason: 'scheduled action "once" (at 3600 s: max 20)' });
    expect(target.calls[1].reason).toBe('scheduled action "weekday" (cron "0 8 * * MON-FRI": min 4)');
    expect(log).toEqual([]);
  });

  it('a firing at t = 0 counts; one after the horizon is not scheduled', () => {
    const sim = new Simulation();
    const target = new FakeBounds(sim, 1, 10);
    scheduleActions(sim, [action({ cron: '0 0 * * *', minCapacity: 2 }), action({ atSeconds: 7200, minCapacity: 3 })], target, 3600, () => {});
    sim.run(3600);
    expect(target.calls.map((c) => c.t)).toEqual([0]);
    expect(sim.pending).toBe(0);
  });

  it('an action that would leave min above max is skipped and logged', () => {
    const sim = new Simulation();
    const target = new FakeBounds(sim, 1, 4);
    const log: string[] = [];
    scheduleActions(sim, [action({ name: 'too-high', atSeconds: 60, minCapacity: 6 })], target, 600, (d) => log.push(d));
    sim.run(600);
    expect(target.calls).toEqual([]);
    expect(log).toEqual(['scheduled action "too-high" (at 60 s: min 6) skipped: it would leave minCapacity 6 above maxCapacity 4']);
  });

  it('a bad cron expression is a FieldError naming the action', () => {
    const sim = new Simulation();
    expect(() => scheduleActions(sim, [action({ name: 'nightly', cron: '0 25 * * *' })], new FakeBounds(sim, 1, 2), 600, () => {})).toThrow(FieldError);
    expect(() => scheduleActions(sim, [action({ name: 'nightly', cron: '0 25 * * *' })], new FakeBounds(sim, 1, 2), 600, () => {})).toThrow(
      'scheduled action "nightly": cron "0 25 * * *": hour 25 is out of range',
    );
  });
});

describe('whole run', () => {
  it('raising minCapacity at 08:00 on weekdays moves desired 2 → 6 at exactly 28,800 s; a 09:00 action sets [2, 4]', () => {
    const alt = runService({
      rps: 60,
      desiredCount: 2,
      horizon: '10h',
      tick: '60s',
      autoscaling: `
minCapacity: 1
maxCapacity: 10
scheduled:
  - { name: morning, cron: '0 8 * * MON-FRI', minCapacity: 6 }
  - { name: cap, at: 9h, minCapacity: 2, maxCapacity: 4 }
  - { name: impossible, at: 9h 30m, minCapacity: 5 }`,
    });
    // No policy: only scheduled actions change the count. Day 0 is a Monday, so the first
    // firing is 08:00 on day 0 = 28,800 s; "cap" runs at 9 × 3,600 = 32,400 s; "impossible"
    // (min 5 > max 4) at 34,200 s is skipped.
    expect(desiredChanges(alt.events)).toEqual(['28800 desired 2 → 6', '32400 desired 6 → 4']);
    const scaling = alt.events.filter((e) => e.kind === 'scaling').map((e) => `${e.t} ${e.detail}`);
    expect(scaling).toEqual([
      '28800 scheduled action "morning" (cron "0 8 * * MON-FRI": min 6): capacity bounds [6, 10]',
      '28800 desired 2 → 6: scheduled action "morning" (cron "0 8 * * MON-FRI": min 6): moved inside [6, 10]',
      '32400 scheduled action "cap" (at 32400 s: min 2, max 4): capacity bounds [2, 4]',
      '32400 desired 6 → 4: scheduled action "cap" (at 32400 s: min 2, max 4): moved inside [2, 4]',
      '34200 scheduled action "impossible" (at 34200 s: min 5) skipped: it would leave minCapacity 5 above maxCapacity 4',
    ]);
  });
});
