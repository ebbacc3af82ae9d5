// An ECS (or EKS) cluster with capacity providers. Each task is assigned a provider by the
// strategy (base first, then weights — AWS does not publish its rounding: capsim gives the next
// task to the provider furthest below its weighted share, ties in strategy order) and keeps it.
// Fargate providers always have room (within subnet IPs); an ASG provider has the room its
// registered instances have, and its waiting tasks drive managed scaling. FARGATE_SPOT tasks
// are interrupted as a Poisson process with the two-minute notice.

import type { EventHandle, Rng, Simulation } from '../engine/index.js';
import type { AsgProviderSpec, ClusterSpec, FargateProviderSpec, TaskSize } from '../domain/scenario.js';
import type { Signals } from '../domain/signals.js';
import type { PlacementReason, Task } from '../domain/task.js';
import { SPOT_NOTICE_SECONDS } from '../catalog/index.js';
import { AutoScalingGroup, type InterruptionNotice } from './asg.js';
import { scheduleFleetActions } from './scheduled-fleet.js';
import type { CapacityModel } from './capacity.js';
import { eksFargatePodSize } from './eks.js';
import type { ContainerInstance } from '../domain/instance.js';
import { ManagedScaling } from './managed-scaling.js';
import { chooseInstance, strategyScores, whyNoFit, type PlacementContext, type Score } from './placement/index.js';
import { constraintFilter } from './placement/constraints.js';
import { Subnets } from './subnets.js';
import { VpcCni } from './vpc-cni.js';
import type { NodeView } from './node-view.js';
import { ClusterAutoscaler } from './cluster-autoscaler.js';
import { Karpenter } from './karpenter.js';
import { fits } from './placement/index.js';
import { usable } from '../domain/instance.js';
import { VPC_CNI_DEFAULTS } from '../catalog/index.js';

interface SpreadCounts {
  byAz: Map<string, number>;
  byType: Map<string, number>;
}

interface ProviderState {
  spec: AsgProviderSpec | FargateProviderSpec;
  base: number;
  weight: number;
  /** Tasks assigned to it and not yet stopped. */
  assigned: number;
  asg: AutoScalingGroup | null;
  /** Tasks assigned to it that found no room yet (drive managed scaling). */
  waiting: Set<Task>;
}

/** Why a Fargate task found no place: every subnet is out of addresses. */
const NO_FARGATE_IP: PlacementReason = { cause: 'no free IP in any subnet', detail: 'no free IP in any subnet' };

export class ClusterCapacity implements CapacityModel, NodeView {
  readonly providers: ProviderState[];
  private readonly subnets: Subnets;
  private readonly scores: Score[];
  private readonly listeners: (() => void)[] = [];
  private readonly tasksOn = new Map<ContainerInstance, Set<Task>>();
  /** The instance each EC2-placed task is on, so a release finds it without a scan. */
  private readonly hostOf = new Map<Task, ContainerInstance>();
  private readonly byName: Map<string, ProviderState>;
  /** Providers in strategy order with a base or a weight, and those with a weight (fixed for the run). */
  private readonly inStrategy: ProviderState[];
  private readonly weighted: ProviderState[];
  /** Per service: the placement constraints and subnet-IP filter, and the spread context (built once, not per placement). */
  private readonly placementFor = new Map<string, { allowed: (i: ContainerInstance) => boolean; context: PlacementContext }>();
  readonly groups: AutoScalingGroup[];
  /** Per instance, when its image is there (a pull in progress counts, at its end time). */
  private readonly imageReady = new Map<number, number>();
  private readonly spotTimers = new Map<Task, EventHandle>();
  /** Per service: its tasks per AZ and per instance type ('fargate' on Fargate), for spread and Fargate's AZ balance. */
  private readonly spreadCounts = new Map<string, SpreadCounts>();
  /**
   * Why the last `place` failed, and in which provider: kept apart, and put together only when
   * asked (`lastFailure`), since unplaced tasks are retried at every change of capacity.
   */
  private failure: { provider: string; why: PlacementReason } = { provider: '', why: { cause: '', detail: '' } };
  private notifying = false;
  private instanceIds = 0;
  private readonly fargateSpotRng: Rng;
  /** EKS on EC2: pod IPs from the subnets through the VPC CNI (null for ECS). */
  readonly cni: VpcCni | null;

  constructor(
    private readonly sim: Simulation,
    readonly spec: ClusterSpec,
    private readonly signals: Signals,
    private readonly rng: (name: string) => Rng,
    /** On-demand price of an instance type, USD per second (for lowest-price allocation). */
    private readonly priceOf: (typeName: string) => number,
  ) {
    this.subnets = new Subnets(spec.subnets);
    this.scores = strategyScores(spec.placement, rng('placement'));
    this.fargateSpotRng = rng('spot:FARGATE_SPOT');
    this.providers = spec.providers.map((p) => {
      const item = spec.strategy.find((s) => s.provider === p.name);
      const asg =
        p.kind === 'asg'
          ? new AutoScalingGroup(sim, p, (type) => priceOf(type.name), spec, signals, this.subnets, () => this.instanceIds++, rng, () => this.changed(), (n) => this.onNotice(n), (i) => this.onLost(i))
          : null;
      return { spec: p, base: item?.base ?? 0, weight: item?.weight ?? 0, assigned: 0, asg, waiting: new Set<Task>() };
    });
    this.byName = new Map();
    for (const p of this.providers) if (!this.byName.has(p.spec.name)) this.byName.set(p.spec.name, p); // first wins, as find() did
    this.inStrategy = spec.strategy.map((item) => this.byName.get(item.provider)!).filter((p) => p.weight > 0 || p.base > 0);
    this.weighted = this.inStrategy.filter((p) => p.weight > 0);
    this.groups = this.providers.flatMap((p) => (p.asg ? [p.asg] : []));
    const daemonIpPods = (spec.daemonSets ?? []).filter((d) => !d.hostNetwork).length;
    this.cni =
      spec.orchestrator === 'eks'
        ? new VpcCni(spec.vpcCni ?? { warmEniTarget: VPC_CNI_DEFAULTS.warmEniTarget, warmIpTarget: null, minimumIpTarget: null, warmPrefixTarget: VPC_CNI_DEFAULTS.warmPrefixTarget }, spec.prefixDelegation, this.subnets, daemonIpPods)
        : null;
  }

  /** Every waiting task of every Auto Scaling group provider (the unschedulable pods, on EKS). */
  get unschedulable(): Task[] {
    return this.providers.flatMap((p) => (p.asg ? [...p.waiting] : []));
  }

  private readonly nodeListeners: (() => void)[] = [];

  onNodeEvent(listener: () => void): void {
    this.nodeListeners.push(listener);
  }

  private nodeEvent(): void {
    for (const l of this.nodeListeners) l();
  }

  groupOf(instance: ContainerInstance): AutoScalingGroup {
    return this.byName.get(instance.provider)!.asg!;
  }

  podIpFor(instance: ContainerInstance): boolean {
    return this.cni === null || this.cni.canHost(instance);
  }

  /** The tasks on an instance (for evictions). */
  tasksOnInstance(instance: ContainerInstance): Task[] {
    return [...(this.tasksOn.get(instance) ?? [])];
  }

  get instances(): ContainerInstance[] {
    return this.groups.flatMap((g) => g.instances);
  }

  /** Starts the groups and the node provisioner; `warmPods` are the pods already running at t = 0 (a warm start). */
  start(warmPods: readonly TaskSize[] = []): void {
    const np = this.spec.orchestrator === 'eks' ? this.spec.nodeProvisioner : null;
    if (np?.type === 'cluster-autoscaler') new ClusterAutoscaler(this.sim, np, this, this.signals, this.rng('cluster-autoscaler'), (type) => this.priceOf(type) * 3600).start();
    const karpenter = np?.type === 'karpenter' ? new Karpenter(this.sim, np, this, this.signals, this.rng('karpenter'), (type, spot) => this.priceOf(type) * 3600 * spot) : null;
    karpenter?.start();
    for (const p of this.providers) {
      p.asg?.start();
      if (p.asg && p.spec.kind === 'asg' && p.spec.scheduled?.length) {
        const asg = p.asg;
        scheduleFleetActions(this.sim, p.spec.scheduled, asg, Infinity, (detail) => this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail }));
      }
      // ECS managed scaling is ECS's: on EKS the node provisioner (Cluster Autoscaler or
      // Karpenter) scales the groups, or nothing does (nodeProvisioner: false).
      if (p.asg && p.spec.kind === 'asg' && p.spec.managedScaling && this.spec.orchestrator === 'ecs') new ManagedScaling(this.sim, p.spec.managedScaling, p.asg, () => p.waiting, this.spec.orchestrator).start();
    }
    // The groups' prewarmed nodes are up; Karpenter adds those it would have provisioned for the
    // rest of the warm pods (pods routed to Fargate need no node).
    if (karpenter && this.inStrategy.some((p) => p.asg)) karpenter.prewarm(warmPods);
  }

  /** Base first, then the provider furthest below its weighted share; ties in strategy order. */
  private assign(): ProviderState {
    const short = this.inStrategy.find((p) => p.assigned < p.base);
    if (short) return short;
    const weighted = this.weighted;
    let best = weighted[0];
    let bestRatio = Infinity;
    for (const p of weighted) {
      const ratio = (Math.max(0, p.assigned - p.base) + 1) / p.weight;
      if (ratio < bestRatio) {
        best = p;
        bestRatio = ratio;
      }
    }
    return best;
  }

  private providerOf(task: Task): ProviderState {
    let p = this.byName.get(task.capacityProvider);
    if (!p) {
      p = this.assign();
      task.capacityProvider = p.spec.name;
      p.assigned++;
    }
    return p;
  }

  /** EKS on Fargate provisions a pod rounded up to a Fargate size (+256 MB for the kubelet). */
  billedSize(task: Task): TaskSize {
    if (this.spec.orchestrator !== 'eks' || task.instanceId >= 0 || task.capacityProvider === '') return task.size;
    const size = eksFargatePodSize({ cpuUnits: task.size.cpuUnits, memoryMiB: task.size.memoryMiB });
    return { ...task.size, ...size };
  }

  place(task: Task): boolean {
    const p = this.providerOf(task);
    if (p.spec.kind === 'fargate') return this.placeOnFargate(task, p, p.spec);
    const { allowed, context } = this.placementOf(task.service);
    // kube-scheduler sees every node of the cluster; an ECS task stays in its provider's group.
    const nodes = this.cni ? this.instances : p.asg!.instances;
    const instance = chooseInstance(nodes, task.size, this.scores, allowed, context);
    if (instance === null) {
      this.failure = { provider: p.spec.name, why: this.whyNoNode(nodes, task) };
      p.waiting.add(task);
      this.nodeEvent();
      return false;
    }
    this.cni?.podAdded(instance);
    p.waiting.delete(task);
    if (this.spec.networkMode === 'awsvpc' && this.spec.orchestrator === 'ecs') this.subnets.take(instance.az);
    instance.cpuUsed += task.size.cpuUnits;
    instance.memoryUsed += task.size.memoryMiB;
    instance.gpusUsed += task.size.gpus;
    instance.tasks += 1;
    instance.byService.set(task.service, (instance.byService.get(task.service) ?? 0) + 1);
    task.instanceId = instance.id;
    task.az = instance.az;
    let set = this.tasksOn.get(instance);
    if (!set) this.tasksOn.set(instance, (set = new Set()));
    set.add(task);
    this.hostOf.set(task, instance);
    this.count(task, instance.type.name, 1);
    return true;
  }

  private whyNoNode(nodes: readonly ContainerInstance[], task: Task): PlacementReason {
    const { allowed } = this.placementOf(task.service);
    if (this.cni) {
      const constrained = this.constrainedOf(task.service);
      const roomy = nodes.filter((i) => usable(i) && fits(i, task.size) && constrained(i));
      if (roomy.length > 0 && !roomy.some(allowed)) {
        const azs = [...new Set(roomy.map((i) => i.az))].join(', ');
        const mode = this.cni.holding(roomy[0]).mode;
        const cause = `no free subnet IP for the pod (VPC CNI, ${mode})`;
        return { cause, detail: `${cause}: ${roomy.length} node(s) have CPU, memory and a pod slot but the subnets of ${azs} are out of addresses` };
      }
    }
    const why = whyNoFit(nodes, task.size, allowed);
    return { cause: why, detail: why };
  }

  private readonly constrainedFor = new Map<string, (i: ContainerInstance) => boolean>();

  private constrainedOf(service: string): (i: ContainerInstance) => boolean {
    let f = this.constrainedFor.get(service);
    if (!f) this.constrainedFor.set(service, (f = constraintFilter(this.spec.constraints, service)));
    return f;
  }

  private placementOf(service: string): { allowed: (i: ContainerInstance) => boolean; context: PlacementContext } {
    let placement = this.placementFor.get(service);
    if (!placement) {
      const constrained = constraintFilter(this.spec.constraints, service);
      const needsIp = this.spec.networkMode === 'awsvpc' && this.spec.orchestrator === 'ecs';
      const counts = this.countsOf(service);
      placement = {
        allowed: (i) => constrained(i) && (!needsIp || this.subnets.has(i.az)) && (this.cni === null || this.cni.canHost(i)),
        context: {
          service,
          tasksInAz: (az) => counts.byAz.get(az) ?? 0,
          tasksOnType: (type) => counts.byType.get(type) ?? 0,
        },
      };
      this.placementFor.set(service, placement);
    }
    return placement;
  }

  private placeOnFargate(task: Task, p: ProviderState, spec: FargateProviderSpec): boolean {
    // Fargate spreads a service's tasks across AZs: the AZ with the fewest, that has an IP.
    const byAz = this.countsOf(task.service).byAz;
    let az = '';
    let fewest = Infinity;
    for (const a of this.subnets.azs) {
      const n = byAz.get(a) ?? 0;
      if (n < fewest && this.subnets.has(a)) {
        az = a;
        fewest = n; // ties: the first AZ in subnet order
      }
    }
    if (az === '') {
      this.failure = { provider: spec.name, why: NO_FARGATE_IP };
      p.waiting.add(task);
      return false;
    }
    this.subnets.take(az);
    p.waiting.delete(task);
    task.instanceId = -1;
    task.az = az;
    this.count(task, 'fargate', 1);
    if (spec.spot && spec.spot.interruptionsPerHour > 0) {
      const at = this.sim.now + (-Math.log(1 - this.fargateSpotRng.next()) / spec.spot.interruptionsPerHour) * 3600;
      if (Number.isFinite(at)) this.spotTimers.set(task, this.sim.scheduleAt(at, () => this.interruptFargateTask(task)));
    }
    return true;
  }

  private interruptFargateTask(task: Task): void {
    this.spotTimers.delete(task);
    const t = this.sim.now;
    const deadline = t + SPOT_NOTICE_SECONDS;
    this.signals.interruption.emit({ t, target: `Fargate Spot task ${task.service}#${task.id}`, deadline, tasks: [task] });
    this.signals.taskInterrupted.emit({ t, task, deadline, reason: 'Fargate Spot interruption', mode: 'sigterm' });
  }

  private onNotice(n: InterruptionNotice): void {
    for (const task of [...(this.tasksOn.get(n.instance) ?? [])]) this.signals.taskInterrupted.emit({ t: n.t, task, deadline: n.deadline, reason: 'EC2 Spot interruption', mode: 'drain' });
  }

  private onLost(instance: ContainerInstance): void {
    for (const task of [...(this.tasksOn.get(instance) ?? [])]) this.signals.taskInterrupted.emit({ t: this.sim.now, task, deadline: this.sim.now, reason: 'instance terminated', mode: 'drain' });
    this.imageReady.delete(instance.id);
    this.cni?.nodeGone(instance);
  }

  private countsOf(service: string): SpreadCounts {
    let counts = this.spreadCounts.get(service);
    if (!counts) this.spreadCounts.set(service, (counts = { byAz: new Map(), byType: new Map() }));
    return counts;
  }

  private count(task: Task, type: string, d: number): void {
    const { byAz, byType } = this.countsOf(task.service);
    byAz.set(task.az, (byAz.get(task.az) ?? 0) + d);
    byType.set(type, (byType.get(type) ?? 0) + d);
  }

  release(task: Task): void {
    const p = this.byName.get(task.capacityProvider);
    if (!p) return;
    p.assigned--;
    p.waiting.delete(task);
    task.capacityProvider = '';
    const timer = this.spotTimers.get(task);
    if (timer !== undefined) this.sim.cancel(timer);
    this.spotTimers.delete(task);
    if (task.az === '') return; // never placed
    if (task.instanceId < 0) {
      this.subnets.give(task.az);
      this.count(task, 'fargate', -1);
    } else {
      const instance = this.hostOf.get(task)!;
      this.hostOf.delete(task);
      instance.cpuUsed -= task.size.cpuUnits;
      instance.memoryUsed -= task.size.memoryMiB;
      instance.gpusUsed -= task.size.gpus;
      instance.tasks -= 1;
      instance.byService.set(task.service, (instance.byService.get(task.service) ?? 1) - 1);
      this.tasksOn.get(instance)?.delete(task);
      this.cni?.podRemoved(instance);
      if (this.spec.networkMode === 'awsvpc' && this.spec.orchestrator === 'ecs') this.subnets.give(instance.az);
      this.count(task, instance.type.name, -1);
    }
    task.az = '';
    this.changed();
  }

  private changed(): void {
    if (this.notifying) return; // a launch or placement below may change capacity again
    this.notifying = true;
    try {
      // Groups still short of their desired capacity try again (a launch may have failed for an IP).
      for (const group of this.groups) group.topUp();
      for (const listener of this.listeners) listener();
      this.nodeEvent();
    } finally {
      this.notifying = false;
    }
  }

  lastFailure(): PlacementReason {
    const { provider, why } = this.failure;
    return { cause: `${provider}: ${why.cause}`, detail: `${provider}: ${why.detail}` };
  }

  needsEni(task: Task): boolean {
    return task.instanceId < 0 || (this.spec.networkMode === 'awsvpc' && this.spec.orchestrator === 'ecs');
  }

  imageReadyAt(task: Task): number {
    return task.instanceId < 0 ? NaN : (this.imageReady.get(task.instanceId) ?? NaN);
  }

  setImageReadyAt(task: Task, t: number): void {
    if (task.instanceId >= 0) this.imageReady.set(task.instanceId, t);
  }

  onCapacityChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
