// Application Auto Scaling scheduled actions: at a set time, or at each firing of a cron
// expression (see cron.ts for the calendar), set the scalable target's minimum and/or maximum
// capacity. A desired count outside the new bounds is moved inside at once; cooldowns do not
// delay a scheduled action ("when a scheduled action starts at the scheduled time, it can
// trigger a scaling activity immediately without waiting for the cooldown period to expire" —
// awsdocs/application-auto-scaling-user-guide:doc_source/application-auto-scaling-step-scaling-policies.md;
// scheduled scaling: doc_source/application-auto-scaling-scheduled-scaling.md). Nothing is
// reverted afterwards: AWS "does not keep track of previous values", so a scale-down at night
// needs its own action.
//
// Documented choices:
//   * An action whose new bounds would have min > max (e.g. it raises min above the max in
//     force) is skipped and logged; AWS never lets a scalable target hold min > max.
//   * Actions due at the same instant run in scenario order; they run before that instant's
//     metric evaluation (which runs late in the instant).
//   * With a Kubernetes HPA the same actions change the HPA's minReplicas/maxReplicas (the
//     HPA reads the controller's bounds), as a CronJob patching the HPA would.

import type { Simulation } from '../engine/index.js';
import type { ScheduledActionSpec } from '../domain/scenario.js';
import { FieldError } from '../domain/errors.js';
import { nextFireTime, parseCron, type Cron } from '../domain/cron.js';

/** What a scheduled action changes: the controller's capacity bounds. */
export interface BoundsTarget {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  setBounds(min: number | null, max: number | null, reason: string): void;
}

function describe(spec: ScheduledActionSpec): string {
  const when = spec.cron !== null ? `cron "${spec.cron}"` : `at ${spec.atSeconds} s`;
  const sets = [spec.minCapacity !== null ? `min ${spec.minCapacity}` : null, spec.maxCapacity !== null ? `max ${spec.maxCapacity}` : null].filter((s) => s !== null).join(', ');
  return `scheduled action "${spec.name}" (${when}${sets ? `: ${sets}` : ''})`;
}

/**
 * Puts each action on the simulation: once at `atSeconds`, or at every cron firing up to the
 * horizon. `log` records skipped actions. Throws a `FieldError` for a bad cron expression.
 */
export function scheduleActions(sim: Simulation, actions: readonly ScheduledActionSpec[], target: BoundsTarget, horizonSeconds: number, log: (detail: string) => void): void {
  for (const spec of actions) {
    const what = describe(spec);
    const run = (): void => {
      const min = spec.minCapacity ?? target.minCapacity;
      const max = spec.maxCapacity ?? target.maxCapacity;
      if (min > max) {
        log(`${what} skipped: it would leave minCapacity ${min} above maxCapacity ${max}`);
        return;
      }
      target.setBounds(spec.minCapacity, spec.maxCapacity, what);
    };
    if (spec.cron !== null) {
      let cron: Cron;
      try {
        cron = parseCron(spec.cron);
      } catch (err) {
        if (err instanceof FieldError) throw new FieldError(`scheduled action "${spec.name}": ${err.message}`, err.allowed);
        throw err;
      }
      const scheduleAfter = (after: number): void => {
        const at = nextFireTime(cron, after);
        if (at !== null && at <= horizonSeconds) sim.scheduleAt(at, onFire, at);
      };
      const onFire = (_sim: Simulation, at: number): void => {
        run();
        scheduleAfter(at);
      };
      // Just before now, so a firing at this very instant (e.g. t = 0) counts.
      scheduleAfter(sim.now - 1e-6);
    } else if (spec.atSeconds !== null && spec.atSeconds >= sim.now && spec.atSeconds <= horizonSeconds) {
      sim.scheduleAt(spec.atSeconds, run);
    }
  }
}
