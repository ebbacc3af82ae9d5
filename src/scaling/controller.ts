// Application Auto Scaling for one ECS service. Every 60-second period, once CloudWatch has the
// period's datapoint (period end + publication delay), each policy evaluates it. Scale out if
// any policy proposes it (the largest wins); scale in only if every target-tracking policy
// that may scale in proposes it, or a step policy's own alarm says so (the largest result
// wins), and never while a deployment runs. The result is
// clamped to [min, max]. Scheduled actions change min and max; a desired count outside the new
// bounds is moved inside at once.

import { PRIORITY_LATE, type Simulation } from '../engine/index.js';
import type { Autoscaling, ScalingMetric } from '../domain/scenario.js';
import type { EcsService } from '../service/service.js';
import type { Signals } from '../domain/signals.js';
import type { LoadModel } from '../service/fluid.js';
import type { MetricReader } from './metrics.js';
import type { Proposal, ScalingContext, ScalingPolicy } from './policy.js';

export class ScalingController {
  minCapacity: number;
  maxCapacity: number;
  private minute = 0;
  /** Reused every period (policies read it inside evaluate() and keep nothing): no allocation per minute. */
  private readonly ctx: ScalingContext;
  private readonly proposals: (Proposal | null)[];

  constructor(
    private readonly sim: Simulation,
    private readonly spec: Autoscaling,
    private readonly service: EcsService,
    private readonly fluid: LoadModel,
    private readonly metrics: MetricReader,
    private readonly policies: readonly ScalingPolicy[],
    private readonly signals: Signals,
    private readonly beforeRead: (t: number) => void,
  ) {
    this.minCapacity = spec.minCapacity;
    this.maxCapacity = spec.maxCapacity;
    this.ctx = { now: 0, minute: 0, running: 0, desired: 0, value: (metric: ScalingMetric) => this.metrics.value(metric, this.ctx.minute) };
    this.proposals = policies.map(() => null);
  }

  start(): void {
    const clamped = this.clamp(this.service.desired);
    if (clamped !== this.service.desired) this.service.setDesired(clamped, `desired count moved inside [${this.minCapacity}, ${this.maxCapacity}]`);
    if (this.policies.length > 0) this.scheduleNext();
  }

  private scheduleNext(): void {
    const at = (this.minute + 1) * 60 + this.spec.metricDelaySeconds;
    if (at <= this.fluid.horizonSeconds) this.sim.scheduleAt(at, this.onPeriod, this.minute, PRIORITY_LATE);
  }

  private readonly onPeriod = (sim: Simulation, minute: number): void => {
    const periodEnd = (minute + 1) * 60;
    this.fluid.advanceTo(periodEnd);
    this.beforeRead(periodEnd);
    const ctx = this.ctx;
    ctx.now = sim.now;
    ctx.minute = minute;
    ctx.running = this.service.running();
    ctx.desired = this.service.desired;
    // Most periods no policy proposes anything, and then there is nothing to decide.
    let proposed = false;
    for (let k = 0; k < this.policies.length; k++) {
      this.proposals[k] = this.policies[k].evaluate(ctx);
      if (this.proposals[k] !== null) proposed = true;
    }
    if (proposed) this.decide(this.policies.map((policy, k) => ({ policy, proposal: this.proposals[k] })));
    this.minute = minute + 1;
    this.scheduleNext();
  };

  private decide(proposals: { policy: ScalingPolicy; proposal: Proposal | null }[]): void {
    const desired = this.service.desired;
    const outs = proposals.filter((p) => p.proposal?.direction === 'out');
    let chosen: { policy: ScalingPolicy; proposal: Proposal } | undefined;
    if (outs.length > 0) {
      chosen = outs.reduce((a, b) => (b.proposal!.desired > a.proposal!.desired ? b : a)) as typeof chosen;
    } else if (!this.service.deployment) {
      // Target-tracking policies scale in only if all of them (with scale-in enabled) are
      // ready; a step policy's scale-in stands on its own alarm. The largest result wins.
      const voters = proposals.filter((p) => p.policy.scalesIn && p.policy.scaleInRule === 'all-must-agree');
      const agreed = voters.length > 0 && voters.every((p) => p.proposal?.direction === 'in') ? voters : [];
      const independent = proposals.filter((p) => p.policy.scaleInRule === 'independent' && p.proposal?.direction === 'in');
      const ins = [...agreed, ...independent];
      if (ins.length > 0) chosen = ins.reduce((a, b) => (b.proposal!.desired > a.proposal!.desired ? b : a)) as typeof chosen;
    }
    if (!chosen) return;
    const target = this.clamp(chosen.proposal.desired);
    if (target === desired) return;
    const direction = target > desired ? 'out' : 'in';
    const bound = target !== chosen.proposal.desired ? ` (clamped to ${target} by ${direction === 'out' ? 'maxCapacity' : 'minCapacity'})` : '';
    this.service.setDesired(target, `${chosen.proposal.reason}${bound}`);
    for (const p of proposals) p.policy.applied(this.sim.now, direction, target, p.policy === chosen.policy);
  }

  /** A scheduled action: new bounds, and the desired count moved inside them. */
  setBounds(min: number | null, max: number | null, reason: string): void {
    if (min !== null) this.minCapacity = min;
    if (max !== null) this.maxCapacity = max;
    this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: `${reason}: capacity bounds [${this.minCapacity}, ${this.maxCapacity}]` });
    const clamped = this.clamp(this.service.desired);
    if (clamped !== this.service.desired) this.service.setDesired(clamped, `${reason}: moved inside [${this.minCapacity}, ${this.maxCapacity}]`);
  }

  private clamp(n: number): number {
    return Math.min(this.maxCapacity, Math.max(this.minCapacity, n));
  }
}
