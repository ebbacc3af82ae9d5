// A Kubernetes HorizontalPodAutoscaler (autoscaling/v2, default behavior) in place of
// Application Auto Scaling, for EKS-style services (aws-facts §4.3; sources
// kubernetes/website:content/en/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale.md
// and the controller it describes, pkg/controller/podautoscaler/{horizontal,replica_calculator}.go).
//
// Every `syncPeriodSeconds` (15 s):
//   1. currentReplicas = the service's desired count (the scale subresource's spec.replicas).
//      At 0 the HPA does nothing (Kubernetes: "scaling is disabled since the replica count of
//      the target is zero"); outside [minReplicas, maxReplicas] it is moved to the bound.
//   2. Utilisation of the ready pods over the last sync period, truncated to a whole percent
//      as the metrics client does. cpu = Δserved / Δcapacity of the load model's running
//      totals; memory = the share of its memory every running task uses in this model (a
//      pod's working set is a current value). No ready pod, or no capacity over the period
//      (no metrics) → no action. Ready pods: RUNNING tasks; for cpu only those RUNNING for a
//      whole sync period, since Kubernetes ignores a CPU sample whose window began before the
//      pod became ready (within its 5-minute CPU initialization period; tasks here become
//      ready well within 5 minutes of starting). Without this, tasks ready an instant before
//      the sync would be multiplied by a utilisation measured without them.
//   3. ratio = utilisation / target. Within tolerance (|ratio − 1| ≤ 0.1) → currentReplicas;
//      else ceil(ready × ratio). When scaling up with pods not yet ready (tasks starting or
//      waiting for a launch), those count as pods at 0%: ratio' = utilisation × ready /
//      (ready + unready) / target, and no change if ratio' is within tolerance or below 1,
//      else ceil((ready + unready) × ratio').
//   4. Stabilization: the result is kept between the lowest recommendation of the last
//      scaleUpStabilizationSeconds (default 0: none) and the highest of the last
//      scaleDownStabilizationSeconds (default 300 s), counting the new one.
//   5. Rate limits (the default policies, not configurable here): scale up at most to
//      max(2 × start, start + 4) and scale down at most by 100% per 15 s, where `start` is the
//      replica count 15 s ago (currentReplicas less the changes made in the last 15 s); then
//      [minReplicas, maxReplicas] from the controller's bounds (Autoscaling.minCapacity/
//      maxCapacity, changed by scheduled actions).
//   6. A change goes through `service.setDesired` with the numbers in its reason.
//
// Simplifications (documented): every RUNNING task reports a metric, so Kubernetes' "missing
// metrics" case does not arise; tasks draining or stopping are not pods of the target (as
// terminating pods are ignored). The HPA keeps acting during an ECS deployment (Kubernetes does
// not pause during a rollout).

import { PRIORITY_LATE, type Simulation } from '../engine/index.js';
import type { HpaSpec } from '../domain/scenario.js';
import type { LoadModel } from '../service/fluid.js';
import { TaskState, type Task } from '../domain/task.js';
import { round } from './alarm.js';

/** The part of the service the HPA sees (`EcsService` satisfies it). */
export interface HpaTarget {
  readonly desired: number;
  readonly tasks: readonly Pick<Task, 'state' | 'servingSince'>[];
  /** Launches not started yet (throttled or unplaced): Pending pods. */
  readonly pendingLaunches: number;
  setDesired(n: number, reason: string): void;
}

/** minReplicas / maxReplicas, read at each sync (the controller's bounds). */
export interface HpaBounds {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** Average utilisation (%) of the ready pods over the sync period ending at `now`; NaN when there is none. */
export type HpaMetricReader = (now: number) => number;

/** Kubernetes' default scaling policies (behavior.scaleUp / scaleDown). */
export const HPA_DEFAULT_POLICIES = {
  scaleUp: { percent: 100, pods: 4, periodSeconds: 15 },
  scaleDown: { percent: 100, periodSeconds: 15 },
} as const;

const EPS = 1e-9;

export interface HpaCalculation {
  replicas: number;
  /** The ratio the decision used (with unready pods at 0% when that rule applied). */
  ratio: number;
  /** Unready pods counted at 0%. */
  unreadyCounted: number;
}

/** replica_calculator.go for a resource metric: the raw recommendation before stabilization and limits. */
export function hpaReplicas(current: number, ready: number, unready: number, utilisationPercent: number, targetPercent: number, tolerance: number): HpaCalculation {
  const ratio = utilisationPercent / targetPercent;
  if (!(unready > 0 && ratio > 1)) {
    if (Math.abs(1 - ratio) <= tolerance) return { replicas: current, ratio, unreadyCounted: 0 };
    return { replicas: Math.ceil(ratio * ready - EPS), ratio, unreadyCounted: 0 };
  }
  const pods = ready + unready;
  const newRatio = (utilisationPercent * ready) / pods / targetPercent;
  if (Math.abs(1 - newRatio) <= tolerance || newRatio < 1) return { replicas: current, ratio: newRatio, unreadyCounted: unready };
  const replicas = Math.ceil(newRatio * pods - EPS);
  return { replicas: Math.max(replicas, current), ratio: newRatio, unreadyCounted: unready };
}

/** CPU utilisation over each sync period from the load model's running totals. */
export function cpuOverSyncPeriod(fluid: LoadModel): HpaMetricReader {
  let served = fluid.servedTotal;
  let capacity = fluid.capacityTotal;
  return (now) => {
    fluid.advanceTo(now);
    const ds = fluid.servedTotal - served;
    const dc = fluid.capacityTotal - capacity;
    served = fluid.servedTotal;
    capacity = fluid.capacityTotal;
    return dc > 0 ? (100 * ds) / dc : NaN;
  };
}

/**
 * Memory utilisation of the running tasks now. In this model every running task uses the same
 * share of its memory (`ServiceModel.memoryUtilization`), so it is that share, or NaN with no
 * running task.
 */
export function memoryNow(service: Pick<HpaTarget, 'tasks'>, memoryUtilization: number): HpaMetricReader {
  return () => (service.tasks.some((t) => t.state === TaskState.RUNNING) ? 100 * memoryUtilization : NaN);
}

interface Stamped {
  t: number;
  n: number;
}

export class HorizontalPodAutoscaler {
  private readonly recommendations: Stamped[] = [];
  private readonly scaleUpEvents: Stamped[] = [];
  private readonly scaleDownEvents: Stamped[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly spec: HpaSpec,
    private readonly service: HpaTarget,
    private readonly bounds: HpaBounds,
    private readonly metric: HpaMetricReader,
    private readonly horizonSeconds: number,
  ) {}

  start(): void {
    this.scheduleAfter(this.sim.now);
  }

  private scheduleAfter(t: number): void {
    const at = t + this.spec.syncPeriodSeconds;
    if (at <= this.horizonSeconds) this.sim.scheduleAt(at, this.onSync, 0, PRIORITY_LATE);
  }

  private readonly onSync = (sim: Simulation): void => {
    this.sync(sim.now);
    this.scheduleAfter(sim.now);
  };

  /** One reconcile at `now` (the simulation's current time). */
  sync(now: number): void {
    const spec = this.spec;
    const service = this.service;
    const utilisation = this.metric(now); // read every sync, so each covers one period
    const current = service.desired;
    const min = this.bounds.minCapacity;
    const max = this.bounds.maxCapacity;
    if (current === 0) return;
    if (current > max) return this.scale(now, current, max, `HPA: ${current} replicas above maxReplicas ${max}`);
    if (current < min) return this.scale(now, current, min, `HPA: ${current} replicas below minReplicas ${min}`);

    const { ready, unready } = this.pods(now);
    if (ready === 0 || !Number.isFinite(utilisation)) return; // no metrics: no action
    const percent = Math.floor(utilisation + EPS);
    const calc = hpaReplicas(current, ready, unready, percent, spec.targetPercent, spec.tolerance);
    const notes: string[] = [];

    // Stabilization windows over the raw recommendations (horizontal.go stabilizeRecommendationWithBehaviors).
    let up = calc.replicas;
    let down = calc.replicas;
    for (const r of this.recommendations) {
      if (r.t > now - spec.scaleUpStabilizationSeconds) up = Math.min(up, r.n);
      if (r.t > now - spec.scaleDownStabilizationSeconds) down = Math.max(down, r.n);
    }
    let desired = current;
    if (desired < up) desired = up;
    if (desired > down) desired = down;
    this.recommendations.push({ t: now, n: calc.replicas });
    const keep = now - Math.max(spec.scaleUpStabilizationSeconds, spec.scaleDownStabilizationSeconds);
    while (this.recommendations.length > 0 && this.recommendations[0].t <= keep) this.recommendations.shift();
    if (desired !== calc.replicas) {
      notes.push(
        desired > calc.replicas
          ? `scale-down stabilization: highest recommendation in the last ${spec.scaleDownStabilizationSeconds} s is ${desired}`
          : `scale-up stabilization: lowest recommendation in the last ${spec.scaleUpStabilizationSeconds} s is ${desired}`,
      );
    }

    // Rate limits and bounds (convertDesiredReplicasWithBehaviorRate).
    if (desired > current) {
      const p = HPA_DEFAULT_POLICIES.scaleUp;
      const start = current - this.changes(this.scaleUpEvents, now, p.periodSeconds) + this.changes(this.scaleDownEvents, now, p.periodSeconds);
      const limit = Math.max(current, Math.max(start + p.pods, Math.ceil(start * (1 + p.percent / 100) - EPS)));
      if (desired > Math.min(limit, max)) {
        notes.push(limit < max ? `scale-up limited to ${limit} (max(${p.percent}%, ${p.pods} pods) per ${p.periodSeconds} s from ${start})` : `clamped to maxReplicas ${max}`);
        desired = Math.min(limit, max);
      }
    } else if (desired < current) {
      const p = HPA_DEFAULT_POLICIES.scaleDown;
      const start = current - this.changes(this.scaleUpEvents, now, p.periodSeconds) + this.changes(this.scaleDownEvents, now, p.periodSeconds);
      const limit = Math.min(current, Math.trunc(start * (1 - p.percent / 100)));
      if (desired < Math.max(limit, min)) {
        notes.push(limit > min ? `scale-down limited to ${limit} (${p.percent}% per ${p.periodSeconds} s from ${start})` : `clamped to minReplicas ${min}`);
        desired = Math.max(limit, min);
      }
    }
    if (desired === current) return;

    const metric = `${spec.metric} ${percent}%${spec.metric === 'cpu' ? ` over the last ${spec.syncPeriodSeconds} s` : ''} vs target ${round(spec.targetPercent)}%`;
    const basis = calc.unreadyCounted > 0 ? `${ready} ready + ${calc.unreadyCounted} not ready at 0% (ratio ${calc.ratio.toFixed(2)})` : `ratio ${calc.ratio.toFixed(2)} × ${ready} ready`;
    const reason = `HPA: ${metric}, ${basis} → ${calc.replicas}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
    this.scale(now, current, desired, reason);
  }

  /** Ready pods (with a metric) and unready ones (starting, pending, or ready too recently for a CPU sample). */
  private pods(now: number): { ready: number; unready: number } {
    const readySince = this.spec.metric === 'cpu' ? now - this.spec.syncPeriodSeconds : Infinity;
    let ready = 0;
    let unready = this.service.pendingLaunches;
    for (const t of this.service.tasks) {
      if (t.state === TaskState.RUNNING && t.servingSince <= readySince) ready++;
      else if (t.state <= TaskState.RUNNING) unready++;
    }
    return { ready, unready };
  }

  private scale(now: number, current: number, desired: number, reason: string): void {
    this.service.setDesired(desired, reason);
    if (desired > current) this.scaleUpEvents.push({ t: now, n: desired - current });
    else this.scaleDownEvents.push({ t: now, n: current - desired });
  }

  /** Replicas changed by events in the last `period` seconds (strictly after now − period). */
  private changes(events: Stamped[], now: number, period: number): number {
    while (events.length > 0 && events[0].t <= now - period) events.shift();
    let sum = 0;
    for (const e of events) sum += e.n;
    return sum;
  }
}
