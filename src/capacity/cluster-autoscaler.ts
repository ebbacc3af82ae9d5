// The Kubernetes Cluster Autoscaler over EKS node groups (the Auto Scaling group providers), as its
// FAQ describes it. Every scan interval (10 s):
//   scale-up   pods that fit no node (unschedulable) and no node still joining either: for each
//              group, the nodes of its type that would hold them (first-fit); the expander picks
//              the group (random, least-waste, price, priority); its desired size grows.
//   scale-down a node whose requested share (max of CPU and memory, DaemonSets included) is under
//              the threshold (0.5), whose pods are all movable (not declared unmovable, the
//              PodDisruptionBudget's minAvailable kept) and would all land on other nodes, is
//              unneeded; unneeded for scale-down-unneeded-time (10 min), and no scale-up within
//              scale-down-delay-after-add (10 min), it is drained (its pods evicted, rescheduled
//              by their controllers) and terminated. Empty nodes go first, together (up to
//              max-empty-bulk-delete, 10); a scan that removes none drains one non-empty node.
// Left out: the estimator's pod affinity, balance-similar-node-groups, node-group min/max auto
// discovery, scale-down-delay-after-delete/failure, and the price expander's preferred node size.

import type { Rng, Simulation } from '../engine/index.js';
import type { ClusterAutoscalerSpec, TaskSize } from '../domain/scenario.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { Signals } from '../domain/signals.js';
import type { Task } from '../domain/task.js';
import type { AutoScalingGroup } from './asg.js';
import { instancesNeeded } from './managed-scaling.js';
import { GridLoop, pendingAfterJoining, podsFitElsewhere, requestedShare, type NodeView } from './node-view.js';

interface ScaleUpOption {
  group: AutoScalingGroup;
  nodes: number;
  /** Pods the new nodes would hold. */
  pods: TaskSize[];
  waste: number;
  usdPerHour: number;
}

export class ClusterAutoscaler {
  private readonly unneededSince = new Map<ContainerInstance, number>();
  private readonly drains: { node: ContainerInstance; deadline: number }[] = [];
  private lastScaleUp = -Infinity;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: ClusterAutoscalerSpec,
    private readonly view: NodeView,
    private readonly signals: Signals,
    private readonly rng: Rng,
    /** On-demand USD per hour of an instance type. */
    private readonly usdPerHour: (type: string) => number,
  ) {
    this.loop = new GridLoop(sim, spec.scanIntervalSeconds, () => this.scan());
  }

  private readonly loop: GridLoop;

  start(): void {
    this.view.onNodeEvent(() => this.loop.wake());
    this.loop.wake();
  }

  /** One scan; true while a later scan could act (pods pending, nodes draining or under the threshold). */
  private scan(): boolean {
    this.finishDrains();
    this.scaleUp();
    this.scaleDown();
    return this.view.unschedulable.length > 0 || this.drains.length > 0 || this.unneededSince.size > 0;
  }

  private scaleUp(): void {
    const pending = this.view.unschedulable.map((t) => t.size);
    if (pending.length === 0) return;
    const rest = pendingAfterJoining(pending, this.view.groups);
    if (rest.length === 0) return;
    const options: ScaleUpOption[] = [];
    for (const group of this.view.groups) {
      const room = group.spec.maxSize - group.desired;
      if (room <= 0) continue;
      const type = group.launchType;
      const shape = group.shapeOf(type);
      const fitting = rest.filter((p) => p.cpuUnits <= shape.cpuUnits && p.memoryMiB <= shape.memoryMiB && p.gpus <= type.gpus && shape.podSlots > 0);
      if (fitting.length === 0) continue;
      const needed = instancesNeeded(fitting, type, shape.podSlots, { cpuUnits: type.vcpu * 1024 - shape.cpuUnits, memoryMiB: type.memoryGiB * 1024 - shape.memoryMiB });
      const nodes = Math.min(room, needed);
      const cpu = fitting.reduce((n, p) => n + p.cpuUnits, 0);
      const mem = fitting.reduce((n, p) => n + p.memoryMiB, 0);
      const allocCpu = nodes * shape.allocatableCpuUnits;
      const allocMem = nodes * shape.allocatableMemoryMiB;
      // least-waste: the unused share of CPU plus that of memory on the new nodes (DaemonSets count as used)
      const waste = (allocCpu - cpu - nodes * shape.daemonCpuUnits) / allocCpu + (allocMem - mem - nodes * shape.daemonMemoryMiB) / allocMem;
      options.push({ group, nodes, pods: fitting, waste, usdPerHour: nodes * this.usdPerHour(type.name) });
    }
    if (options.length === 0) return;
    const chosen = this.expand(options);
    const list = options.map((o) => `${o.group.spec.name} +${o.nodes} ${o.group.launchType.name} (waste ${o.waste.toFixed(3)}, $${o.usdPerHour.toFixed(4)}/h)`).join('; ');
    this.lastScaleUp = this.sim.now;
    chosen.group.setDesired(chosen.group.desired + chosen.nodes, `Cluster Autoscaler scale-up: ${rest.length} unschedulable pod(s); options ${list}; expander ${this.spec.expander} chose ${chosen.group.spec.name}`);
  }

  private expand(options: ScaleUpOption[]): ScaleUpOption {
    switch (this.spec.expander) {
      case 'least-waste':
        return options.reduce((a, b) => (b.waste < a.waste - 1e-12 ? b : a));
      case 'price':
        return options.reduce((a, b) => (b.usdPerHour < a.usdPerHour - 1e-12 ? b : a));
      case 'priority': {
        const rank = (o: ScaleUpOption) => {
          const i = this.spec.priorities.indexOf(o.group.spec.name);
          return i < 0 ? Infinity : i;
        };
        const best = Math.min(...options.map(rank));
        const top = options.filter((o) => rank(o) === best);
        return top[Math.floor(this.rng.next() * top.length)];
      }
      case 'random':
        return options[Math.floor(this.rng.next() * options.length)];
    }
  }

  /**
   * Scale-down as the FAQ orders it: every node's unneeded timer is brought up to date, then the
   * empty nodes past the unneeded time go in bulk (up to max-empty-bulk-delete); only a scan that
   * removes no empty node drains one non-empty node. Deciding before acting keeps an eviction's
   * replacement pod, scheduled at once, from landing on an empty node about to go.
   */
  private scaleDown(): void {
    const now = this.sim.now;
    const all = this.view.groups.flatMap((g) => g.instances).filter((n) => n.registered && !n.draining && Number.isNaN(n.terminatedAt));
    const live = new Set(all);
    for (const n of [...this.unneededSince.keys()]) if (!live.has(n)) this.unneededSince.delete(n); // gone or draining (a Spot notice)
    const placed = this.placedByService(all);
    const sizeAfter = new Map(this.view.groups.map((g) => [g, g.desired]));
    const cooling = now - this.lastScaleUp < this.spec.scaleDownDelayAfterAddSeconds;
    const due = (node: ContainerInstance): boolean => {
      const since = this.unneededSince.get(node) ?? now;
      this.unneededSince.set(node, since);
      return !cooling && now - since >= this.spec.scaleDownUnneededSeconds;
    };
    const keep = (node: ContainerInstance): void => void this.unneededSince.delete(node);
    const underused = (node: ContainerInstance, group: AutoScalingGroup, pods: readonly Task[]): boolean =>
      requestedShare(node, group) < this.spec.scaleDownUtilizationThreshold && this.blocked(node, pods, placed) === '' && (sizeAfter.get(group) ?? 0) > group.spec.minSize;

    const empties: ContainerInstance[] = [];
    for (const node of all) {
      if (this.view.tasksOnInstance(node).length > 0) continue;
      const group = this.view.groupOf(node);
      if (!underused(node, group, [])) {
        keep(node);
        continue;
      }
      if (!due(node) || empties.length >= this.spec.maxEmptyBulkDelete) continue;
      empties.push(node);
      sizeAfter.set(group, (sizeAfter.get(group) ?? 0) - 1);
    }

    // Non-empty nodes: their pods must land on nodes that stay (not on the empties going now).
    const moved = new Map<ContainerInstance, { cpu: number; mem: number; pods: number }>();
    let drain: { node: ContainerInstance; pods: Task[] } | undefined;
    for (const node of all) {
      const pods = this.view.tasksOnInstance(node);
      if (pods.length === 0) continue;
      const group = this.view.groupOf(node);
      const others = all.filter((n) => n !== node && !empties.includes(n) && n !== drain?.node);
      if (!(underused(node, group, pods) && podsFitElsewhere(pods.map((t) => t.size), others, this.view, new Map(moved)))) {
        keep(node);
        continue;
      }
      if (!due(node) || empties.length > 0 || drain) continue;
      podsFitElsewhere(pods.map((t) => t.size), others, this.view, moved); // commits the moves for later nodes
      drain = { node, pods };
      sizeAfter.set(group, (sizeAfter.get(group) ?? 0) - 1);
      for (const t of pods) placed.set(t.service, (placed.get(t.service) ?? 0) - 1);
    }

    for (const node of empties) this.remove(node, []);
    if (drain) this.remove(drain.node, drain.pods);
  }

  /** Why the node's pods may not be evicted ('' when they may). */
  private blocked(node: ContainerInstance, pods: readonly Task[], placed: Map<string, number>): string {
    const here = new Map<string, number>();
    for (const t of pods) {
      if (this.spec.unmovable.includes(t.service)) return `pod of ${t.service} is unmovable`;
      here.set(t.service, (here.get(t.service) ?? 0) + 1);
    }
    for (const [service, n] of here) {
      if ((placed.get(service) ?? 0) - n < this.spec.minAvailable) return `PodDisruptionBudget of ${service} (minAvailable ${this.spec.minAvailable})`;
    }
    return '';
  }

  private placedByService(nodes: readonly ContainerInstance[]): Map<string, number> {
    const placed = new Map<string, number>();
    for (const n of nodes) for (const t of this.view.tasksOnInstance(n)) placed.set(t.service, (placed.get(t.service) ?? 0) + 1);
    return placed;
  }

  /** Cordons an unneeded node and evicts `pods` from it (none: it is empty); logs why. */
  private remove(node: ContainerInstance, pods: readonly Task[]): void {
    const now = this.sim.now;
    const group = this.view.groupOf(node);
    const share = requestedShare(node, group);
    const unneededFor = now - this.unneededSince.get(node)!;
    this.unneededSince.delete(node);
    group.cordon(node);
    this.signals.decision.emit({
      t: now,
      kind: 'scaling',
      detail: `Cluster Autoscaler scale-down: ${node.type.name} #${node.id} (${group.spec.name}) requested ${(share * 100).toFixed(1)}% < ${(this.spec.scaleDownUtilizationThreshold * 100).toFixed(0)}% for ${Math.round(unneededFor)} s; ${pods.length === 0 ? 'empty' : `${pods.length} pod(s) evicted to other nodes`}; desired ${group.desired + 1} → ${group.desired}`,
    });
    const deadline = now + this.spec.maxGracefulTerminationSeconds;
    for (const task of pods) this.signals.taskInterrupted.emit({ t: now, task, deadline, reason: 'Cluster Autoscaler scale-down (evicted)', mode: 'drain' });
    this.drains.push({ node, deadline });
    this.finishDrains();
  }

  /** Drained nodes whose pods are gone (or past the grace period) are terminated. */
  private finishDrains(): void {
    for (let k = this.drains.length - 1; k >= 0; k--) {
      const { node, deadline } = this.drains[k];
      if (node.tasks > 0 && this.sim.now < deadline) continue;
      this.drains.splice(k, 1);
      this.view.groupOf(node).terminate(node, 'scale-in');
    }
  }
}
