// EC2 Auto Scaling scheduled actions on a group (or the fixed `ec2` fleet): at a set time, or at
// each firing of a cron expression, set the group's min, max and/or desired capacity. As AWS
// documents for PutScheduledUpdateGroupAction: the new desired count is kept inside the new
// [min, max] (a min above the current desired raises it; a max below lowers it), and nothing is
// reverted afterwards. Each launch it causes is an ordinary launch (billed from running, with
// EC2's 60-second minimum); each scale-in terminates instances as the group always does (empty
// first, newest first; with managed termination protection only empty ones).
//
// Documented choices: actions due at one instant run in scenario order; an action that would
// leave min > max is skipped and logged (AWS rejects it).

import type { Simulation } from '../engine/index.js';
import type { FleetScheduledActionSpec } from '../domain/scenario.js';
import { nextFireTime, parseCron } from '../domain/cron.js';

/** The group as a scheduled action sees it. */
export interface ScheduledFleetTarget {
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  applyScheduled(min: number, max: number, desired: number, reason: string): void;
}

function describe(a: FleetScheduledActionSpec): string {
  const when = a.cron !== null ? `cron "${a.cron}"` : `at ${a.atSeconds} s`;
  const sets = [a.minSize !== null ? `min ${a.minSize}` : null, a.maxSize !== null ? `max ${a.maxSize}` : null, a.desiredCapacity !== null ? `desired ${a.desiredCapacity}` : null]
    .filter((s) => s !== null)
    .join(', ');
  return `scheduled action "${a.name}" (${when}: ${sets})`;
}

export function scheduleFleetActions(sim: Simulation, actions: readonly FleetScheduledActionSpec[], group: ScheduledFleetTarget, horizonSeconds: number, log: (detail: string) => void): void {
  for (const a of actions) {
    const what = describe(a);
    const run = (): void => {
      const min = a.minSize ?? group.minSize;
      const max = a.maxSize ?? group.maxSize;
      if (min > max) {
        log(`ASG ${group.name}: ${what} skipped: it would leave min ${min} above max ${max}`);
        return;
      }
      const desired = Math.min(max, Math.max(min, a.desiredCapacity ?? group.desiredCapacity));
      group.applyScheduled(min, max, desired, what);
    };
    if (a.cron !== null) {
      const cron = parseCron(a.cron); // checked at load
      const after = (t: number): void => {
        const at = nextFireTime(cron, t);
        if (at !== null && at <= horizonSeconds) sim.scheduleAt(at, onFire, at);
      };
      const onFire = (_sim: Simulation, at: number): void => {
        run();
        after(at);
      };
      after(sim.now - 1e-6);
    } else if (a.atSeconds !== null && a.atSeconds >= sim.now && a.atSeconds <= horizonSeconds) {
      sim.scheduleAt(a.atSeconds, run);
    }
  }
}
