// Application Auto Scaling for one ECS service. Each metric resolution is a stream of periods
// (60 s, and 20 s for ECS's high-resolution metrics); once a period's datapoint has reached
// the policies (period end + that resolution's delay), the stream's policies evaluate it. Scale
// out if any policy proposes it (the largest wins); scale in only if every target-tracking
// policy that may scale in proposes it (a policy on another stream votes with its latest
// proposal), or a step policy's own alarm says so (the largest result wins), and never while a
// deployment runs. The result is clamped to [min, max]. Scheduled actions change min and max;
// a desired count outside the new bounds is moved inside at once.

import { PRIORITY_LATE, type Simulation } from '../engine/index.js';
import type { Autoscaling, ScalingMetric } from '../domain/scenario.js';
import type { EcsService } from '../service/service.js';
import type { Signals } from '../domain/signals.js';
import type { LoadModel } from '../service/fluid.js';
import type { MetricReader } from './metrics.js';
import type { Proposal, ScalingContext, ScalingPolicy } from './policy.js';

const MINUTE = 60;

/** The 20-second stream: datapoints taken at each period end, acted on `delay` later. */
interface HighResolutionStream {
  periodSeconds: number;
  delaySeconds: number;
  members: number[];
  /** Datapoints waiting for their delay, a ring indexed by period number. */
  cpu: Float64Array;
  memory: Float64Array;
}

export class ScalingController {
  minCapacity: number;
  maxCapacity: number;
  private minute = 0;
  /** Reused every period (policies read it inside evaluate() and keep nothing): no allocation per minute. */
  private readonly ctx: ScalingContext;
  /** Each policy's latest proposal; `fresh` marks those made in the period being decided. */
  private readonly proposals: (Proposal | null)[];
  private readonly fresh: boolean[];
  private readonly minuteMembers: number[] = [];
  private readonly highRes: HighResolutionStream | null = null;
  /** Which stream the context reads: -1 the 60-second minute, else the high-resolution period k. */
  private highResPeriod = -1;

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
    this.ctx = { now: 0, minute: 0, running: 0, desired: 0, value: (metric: ScalingMetric) => this.read(metric) };
    this.proposals = policies.map(() => null);
    this.fresh = policies.map(() => false);
    const highResMembers: number[] = [];
    policies.forEach((p, k) => (p.periodSeconds < MINUTE ? highResMembers : this.minuteMembers).push(k));
    if (highResMembers.length > 0) {
      const periodSeconds = policies[highResMembers[0]].periodSeconds;
      const delaySeconds = spec.highResolutionMetricDelaySeconds;
      const ring = Math.ceil(delaySeconds / periodSeconds) + 2;
      this.highRes = { periodSeconds, delaySeconds, members: highResMembers, cpu: new Float64Array(ring), memory: new Float64Array(ring) };
    }
  }

  start(): void {
    const clamped = this.clamp(this.service.desired);
    if (clamped !== this.service.desired) this.service.setDesired(clamped, `desired count moved inside [${this.minCapacity}, ${this.maxCapacity}]`);
    if (this.minuteMembers.length > 0) this.scheduleNext();
    if (this.highRes) this.scheduleSnapshot(0);
  }

  private read(metric: ScalingMetric): number {
    if (this.highResPeriod < 0) return this.metrics.value(metric, this.ctx.minute);
    const hr = this.highRes!;
    const slot = this.highResPeriod % hr.cpu.length;
    return metric === 'cpu' ? hr.cpu[slot] : metric === 'memory' ? hr.memory[slot] : NaN;
  }

  private scheduleNext(): void {
    const at = (this.minute + 1) * MINUTE + this.spec.metricDelaySeconds;
    if (at <= this.fluid.horizonSeconds) this.sim.scheduleAt(at, this.onPeriod, this.minute, PRIORITY_LATE);
  }

  private readonly onPeriod = (sim: Simulation, minute: number): void => {
    const periodEnd = (minute + 1) * MINUTE;
    this.fluid.advanceTo(periodEnd);
    this.beforeRead(periodEnd);
    this.highResPeriod = -1;
    this.ctx.minute = minute;
    this.evaluate(sim, this.minuteMembers);
    this.minute = minute + 1;
    this.scheduleNext();
  };

  private scheduleSnapshot(k: number): void {
    const end = (k + 1) * this.highRes!.periodSeconds;
    if (end <= this.fluid.horizonSeconds) this.sim.scheduleAt(end, this.onSnapshot, k, PRIORITY_LATE);
  }

  /** At a high-resolution period's end: its datapoint, kept until it is published. */
  private readonly onSnapshot = (sim: Simulation, k: number): void => {
    const hr = this.highRes!;
    this.fluid.advanceTo(sim.now);
    const { cpu, memory } = this.metrics.windowValues(sim.now);
    hr.cpu[k % hr.cpu.length] = cpu;
    hr.memory[k % hr.memory.length] = memory;
    const at = sim.now + hr.delaySeconds;
    if (at <= this.fluid.horizonSeconds) sim.scheduleAt(at, this.onHighResolution, k, PRIORITY_LATE);
    this.scheduleSnapshot(k + 1);
  };

  private readonly onHighResolution = (sim: Simulation, k: number): void => {
    this.highResPeriod = k;
    this.ctx.minute = Math.floor((k * this.highRes!.periodSeconds) / MINUTE);
    this.evaluate(sim, this.highRes!.members);
  };

  private evaluate(sim: Simulation, members: readonly number[]): void {
    const ctx = this.ctx;
    ctx.now = sim.now;
    ctx.running = this.service.running();
    ctx.desired = this.service.desired;
    this.fresh.fill(false);
    // Most periods no policy proposes anything, and then there is nothing to decide.
    let proposed = false;
    for (const k of members) {
      this.proposals[k] = this.policies[k].evaluate(ctx);
      this.fresh[k] = true;
      if (this.proposals[k] !== null) proposed = true;
    }
    if (proposed) this.decide();
  }

  private decide(): void {
    const desired = this.service.desired;
    const all = this.policies.map((policy, k) => ({ policy, proposal: this.proposals[k], fresh: this.fresh[k] }));
    const outs = all.filter((p) => p.fresh && p.proposal?.direction === 'out');
    let chosen: { policy: ScalingPolicy; proposal: Proposal } | undefined;
    if (outs.length > 0) {
      chosen = outs.reduce((a, b) => (b.proposal!.desired > a.proposal!.desired ? b : a)) as typeof chosen;
    } else if (!this.service.deployment) {
      // Target-tracking policies scale in only if all of them (with scale-in enabled) are
      // ready; a step policy's scale-in stands on its own alarm. The largest result wins.
      const voters = all.filter((p) => p.policy.scalesIn && p.policy.scaleInRule === 'all-must-agree');
      const agreed = voters.length > 0 && voters.every((p) => p.proposal?.direction === 'in') ? voters.filter((p) => p.fresh) : [];
      const independent = all.filter((p) => p.fresh && p.policy.scaleInRule === 'independent' && p.proposal?.direction === 'in');
      const ins = [...agreed, ...independent];
      if (ins.length > 0) chosen = ins.reduce((a, b) => (b.proposal!.desired > a.proposal!.desired ? b : a)) as typeof chosen;
    }
    if (!chosen) return;
    const target = this.clamp(chosen.proposal.desired);
    if (target === desired) return;
    const direction = target > desired ? 'out' : 'in';
    const bound = target !== chosen.proposal.desired ? ` (clamped to ${target} by ${direction === 'out' ? 'maxCapacity' : 'minCapacity'})` : '';
    this.service.setDesired(target, `${chosen.proposal.reason}${bound}`);
    for (const p of all) p.policy.applied(this.sim.now, direction, target, p.policy === chosen.policy);
  }

  /** Predictive scaling's capacity for the coming hour: a floor on the desired count (the higher count wins). */
  private predictiveFloor = 0;

  setPredictiveFloor(n: number, reason: string): void {
    this.predictiveFloor = n;
    const target = this.clamp(this.service.desired);
    if (target > this.service.desired) this.service.setDesired(target, reason);
    else this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: reason });
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
    // HonorMaxCapacity (AWS's default): the predictive floor never lifts desired above max.
    return Math.min(this.maxCapacity, Math.max(this.minCapacity, this.predictiveFloor, n));
  }
}
