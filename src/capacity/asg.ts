// An EC2 Auto Scaling group behind an ECS capacity provider. It launches instances (billed from
// launch, usable once registered after `launchLatency`), balances them across AZs, and on
// scale-in terminates empty instances only when managed termination protection is on. Spot
// groups: each instance's interruption is a Poisson event at the pool's hazard, announced two
// minutes ahead (its tasks drain, then the instance goes); a shortage makes launches wait until
// it ends. The group then replaces what it lost, as AWS does.

import type { EventHandle, Rng, Sampler, Simulation } from '../engine/index.js';
import { sampler } from '../engine/index.js';
import { EC2_PENDING_SECONDS, SPOT_NOTICE_SECONDS, ecsAwsvpcTaskLimit, eksMaxPods, instanceType, type InstanceType } from '../catalog/index.js';
import type { AsgProviderSpec, ClusterSpec } from '../domain/scenario.js';
import type { Signals } from '../domain/signals.js';
import type { ContainerInstance, InstanceEndReason } from '../domain/instance.js';
import type { Subnets } from './subnets.js';
import { nodeShape, type NodeShape } from './eks-node.js';


export interface InterruptionNotice {
  t: number;
  /** Instances being reclaimed (EC2 Spot) — their tasks must drain. */
  instance: ContainerInstance;
  deadline: number;
}

export class AutoScalingGroup {
  readonly instances: ContainerInstance[] = [];
  desired: number;
  /** Launches waiting for a Spot shortage to end. */
  private blockedLaunches = 0;
  private readonly launchLatency: Sampler;
  private readonly types: InstanceType[];
  private readonly interruptionTimers = new Map<ContainerInstance, EventHandle>();
  lastLaunchAt = -Infinity;

  constructor(
    private readonly sim: Simulation,
    readonly spec: AsgProviderSpec,
    private readonly priceOf: (type: InstanceType) => number,
    private readonly cluster: ClusterSpec,
    private readonly signals: Signals,
    private readonly subnets: Subnets,
    private readonly nextId: () => number,
    rng: (name: string) => Rng,
    /** Capacity changed (an instance registered, or one ended and gave its IP back). */
    private readonly onCapacityChanged: () => void,
    private readonly onNotice: (notice: InterruptionNotice) => void,
    private readonly onLost: (instance: ContainerInstance) => void,
  ) {
    this.desired = spec.desiredSize;
    this.minSize = spec.minSize;
    this.maxSize = spec.maxSize;
    this.types = spec.instanceTypes.map((name) => instanceType(name, cluster.customInstanceTypes));
    this.launchLatency = sampler(spec.launchLatency, rng(`asg:${spec.name}:launch`));
    this.spotRng = spec.spot ? rng(`spot:${spec.name}`) : null;
  }

  private readonly spotRng: Rng | null;

  /** Instances launched and not terminating (the group's current capacity). */
  get inService(): ContainerInstance[] {
    return this.instances.filter((i) => Number.isNaN(i.terminatedAt) && !i.draining);
  }

  start(): void {
    this.fill(this.spec.prewarmed);
    this.started = true;
  }

  /** Set once the initial instances are launched (registrations during start must not top up). */
  private started = false;

  /**
   * Launches until the group holds its desired capacity. The shortfall is recomputed on every
   * launch (a registration can trigger launches elsewhere); a failed launch stops the loop.
   */
  private fill(prewarmed: boolean): void {
    while (this.inService.length + this.blockedLaunches < this.desired) {
      if (!this.launch(prewarmed)) break;
    }
  }

  slotsFor(type: InstanceType): number {
    if (this.cluster.orchestrator === 'eks') return eksMaxPods(type, { prefixDelegation: this.cluster.prefixDelegation });
    switch (this.cluster.networkMode) {
      case 'awsvpc':
        return ecsAwsvpcTaskLimit(type, this.cluster.trunking && type.trunkingTaskLimit !== null);
      case 'host':
        return 1;
      case 'bridge':
        return Infinity;
    }
  }

  /**
   * The type the next launch gets under the mixed instances policy: among the types with Spot
   * capacity now (all, on-demand), the first listed (prioritized) or the cheapest per hour
   * (lowest-price). Null when every type is short.
   */
  typeFor(t: number): InstanceType | null {
    const available = this.types.filter((type) => this.shortageEnd(type, t) === null);
    if (available.length === 0) return null;
    if (this.spec.allocation === 'prioritized') return available[0];
    return available.reduce((best, type) => (this.priceOf(type) < this.priceOf(best) ? type : best));
  }

  /** What a node of `type` offers application pods (allocatable less DaemonSets on EKS). */
  shapeOf(type: InstanceType): NodeShape {
    return nodeShape(type, this.spec, this.cluster, this.slotsFor(type));
  }

  /** The type has capacity now (not in a Spot shortage). */
  typeAvailable(type: InstanceType): boolean {
    return this.shortageEnd(type, this.sim.now) === null;
  }

  /** The group's Spot price fraction now (1 for on-demand). */
  get priceFraction(): number {
    return this.spec.purchase === 'spot' && this.spec.spot ? this.spec.spot.priceFraction : 1;
  }

  /** The types the group may launch. */
  get instanceTypes(): readonly InstanceType[] {
    return this.types;
  }

  /**
   * Launches one instance of `type` now, outside the desired count's loop (Karpenter's
   * CreateFleet): desired grows by one. False when no subnet IP is free.
   */
  launchOfType(type: InstanceType, reason: string, prewarmed = false): boolean {
    this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: reason });
    if (!this.launch(prewarmed, type)) return false;
    this.desired += 1;
    return true;
  }

  /**
   * Takes one node out (Cluster Autoscaler scale-down, Karpenter consolidation): desired drops by
   * one and the node is cordoned now; `terminate` ends it once its pods are gone.
   */
  cordon(instance: ContainerInstance): void {
    if (instance.draining || !Number.isNaN(instance.terminatedAt)) return;
    instance.draining = true;
    this.desired = Math.max(0, this.desired - 1);
  }

  /** The type managed scaling sizes new instances with (the one a launch would get now). */
  get launchType(): InstanceType {
    return this.typeFor(this.sim.now) ?? this.types[0];
  }

  /** The group's bounds: the spec's, until a scheduled action changes them. */
  minSize: number;
  maxSize: number;

  get name(): string {
    return this.spec.name;
  }

  get desiredCapacity(): number {
    return this.desired;
  }

  /** A scheduled action: new bounds and desired capacity (already inside them), then launches or terminations. */
  applyScheduled(min: number, max: number, desired: number, reason: string): void {
    this.minSize = min;
    this.maxSize = max;
    this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: `ASG ${this.spec.name}: ${reason}: bounds [${min}, ${max}]` });
    this.setDesired(desired, reason);
  }

  setDesired(n: number, reason: string): void {
    const clamped = Math.max(this.minSize, Math.min(this.maxSize, n));
    if (clamped === this.desired) return;
    this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: `ASG ${this.spec.name} desired ${this.desired} → ${clamped}: ${reason}` });
    this.desired = clamped;
    this.reconcile();
  }

  reconcile(): void {
    this.fill(false);
    let surplus = this.inService.length - this.desired;
    if (surplus <= 0) return;
    // Scale-in: empty instances first (newest first); with termination protection, only those.
    const candidates = this.inService
      .filter((i) => !this.spec.managedTerminationProtection || i.tasks === 0)
      .sort((a, b) => a.tasks - b.tasks || b.id - a.id);
    for (const instance of candidates) {
      if (surplus-- <= 0) break;
      this.terminate(instance, 'scale-in');
    }
  }

  /** When the Spot shortage that covers this type at t ends, or null when there is capacity. */
  private shortageEnd(type: InstanceType, t: number): number | null {
    if (this.spec.purchase !== 'spot') return null;
    let end: number | null = null;
    for (const s of this.spec.spot?.shortages ?? []) {
      const applies = s.instanceTypes.length === 0 || s.instanceTypes.includes(type.name);
      if (applies && t >= s.fromSeconds && t < s.toSeconds) end = Math.max(end ?? 0, s.toSeconds);
    }
    return end;
  }

  private readonly retryBlocked = (): void => {
    this.blockedLaunches = 0;
    this.fill(false);
  };

  private pickAz(): string | null {
    const azs = this.subnets.azs.filter((az) => this.subnets.has(az));
    if (azs.length === 0) return null;
    const count = (az: string) => this.inService.filter((i) => i.az === az).length;
    return azs.reduce((best, az) => (count(az) < count(best) ? az : best));
  }

  /** Launches one instance; false when it cannot (no subnet IP), or when it now waits for Spot capacity. */
  private launch(prewarmed: boolean, chosen?: InstanceType): boolean {
    const now = this.sim.now;
    const type = chosen ?? this.typeFor(now);
    if (type === null) {
      const shortageEnds = Math.min(...this.types.map((ty) => this.shortageEnd(ty, now) ?? Infinity));
      if (this.blockedLaunches === 0) this.sim.scheduleAt(shortageEnds, this.retryBlocked);
      this.blockedLaunches++;
      this.signals.decision.emit({ t: now, kind: 'scaling', detail: `ASG ${this.spec.name}: no Spot capacity, launch waits until ${shortageEnds}s` });
      return true; // counted as blocked: the loop goes on until the group is accounted for
    }
    const az = this.pickAz();
    if (az === null || !this.subnets.take(az)) {
      this.signals.decision.emit({ t: now, kind: 'scaling', detail: `ASG ${this.spec.name}: no free IP in any subnet, launch failed` });
      return false;
    }
    const shape = this.shapeOf(type);
    const latency = prewarmed ? 0 : Math.max(0, this.launchLatency());
    const instance: ContainerInstance = {
      id: this.nextId(),
      type,
      provider: this.spec.name,
      purchase: this.spec.purchase,
      az,
      launchedAt: now,
      // EC2 bills from `running`, after `pending`; registration with ECS comes later still.
      runningAt: now + Math.min(latency, EC2_PENDING_SECONDS),
      registered: false,
      draining: false,
      terminatedAt: NaN,
      cpuUnits: shape.cpuUnits,
      memoryMiB: shape.memoryMiB,
      gpus: type.gpus,
      taskSlots: shape.podSlots,
      cpuUsed: 0,
      memoryUsed: 0,
      gpusUsed: 0,
      tasks: 0,
      byService: new Map(),
    };
    this.instances.push(instance);
    // A prewarmed instance stands for one that was up before the run: it is past its warm-up, so
    // it does not hold managed scaling's first scale-out back (an audit saw 1 → 5 at 300 s, not 60 s).
    if (!prewarmed) this.lastLaunchAt = now;
    this.signals.instance.emit({ instance, t: now, kind: 'launch' });
    if (this.spotRng && this.spec.spot && this.spec.spot.interruptionsPerHour > 0) {
      const hours = -Math.log(1 - this.spotRng.next()) / this.spec.spot.interruptionsPerHour;
      const at = now + hours * 3600;
      if (Number.isFinite(at)) this.interruptionTimers.set(instance, this.sim.scheduleAt(at, () => this.interrupt(instance)));
    }
    if (prewarmed) this.register(instance);
    else this.sim.schedule(latency, () => this.register(instance));
    return true;
  }

  private register(instance: ContainerInstance): void {
    if (!Number.isNaN(instance.terminatedAt) || instance.draining) return;
    instance.registered = true;
    this.onCapacityChanged();
  }

  private interrupt(instance: ContainerInstance): void {
    this.interruptionTimers.delete(instance);
    if (!Number.isNaN(instance.terminatedAt)) return;
    const t = this.sim.now;
    if (!this.spec.spotInstanceDraining) {
      // ECS Spot draining off (AWS's default): ECS never hears the notice. Tasks keep running
      // (and may still be placed here) until EC2 reclaims the instance; the group then replaces it.
      this.signals.interruption.emit({ t, target: `${instance.type.name} #${instance.id} (${this.spec.name}, ${instance.az}; ECS Spot draining off)`, deadline: t + SPOT_NOTICE_SECONDS, tasks: [] });
      this.sim.schedule(SPOT_NOTICE_SECONDS, () => {
        this.terminate(instance, 'spot-interruption');
        this.reconcile();
      });
      return;
    }
    instance.draining = true;
    this.signals.interruption.emit({ t, target: `${instance.type.name} #${instance.id} (${this.spec.name}, ${instance.az})`, deadline: t + SPOT_NOTICE_SECONDS, tasks: [] });
    this.onNotice({ t, instance, deadline: t + SPOT_NOTICE_SECONDS });
    if (this.spec.replaceInterrupted === false) {
      // Karpenter: the interruption queue cordons and drains the node; the pods it evicts go
      // pending and are provisioned for like any other (the group does not replace it).
      this.desired = Math.max(0, this.desired - 1);
    } else {
      // The group replaces the capacity it is losing straight away (capacity rebalancing).
      this.reconcile();
    }
    this.sim.schedule(SPOT_NOTICE_SECONDS, () => this.terminate(instance, 'spot-interruption'));
  }

  terminate(instance: ContainerInstance, reason: InstanceEndReason): void {
    if (!Number.isNaN(instance.terminatedAt)) return;
    const timer = this.interruptionTimers.get(instance);
    if (timer !== undefined) this.sim.cancel(timer);
    this.interruptionTimers.delete(instance);
    instance.draining = true;
    this.onLost(instance);
    instance.terminatedAt = this.sim.now;
    this.subnets.give(instance.az);
    this.signals.instance.emit({ instance, t: this.sim.now, kind: 'terminate', reason });
    // The freed IP may let waiting tasks, or another group's failed launch, go ahead.
    this.onCapacityChanged();
  }

  /** Launches up to the desired capacity (after a failed launch), never scales in. */
  topUp(): void {
    if (this.started) this.fill(false);
  }
}
