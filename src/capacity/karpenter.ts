// Karpenter as the EKS node provisioner: one NodePool (allowed instance types, capacity types,
// a CPU limit) launching into one internal group per capacity type. Every batch window (10 s):
//   provisioning  the pending pods no joining node will hold are packed, largest first, onto a
//                 NodeClaim as large as the largest allowed type; the claim is launched as the
//                 cheapest allowed type that holds its pods (Spot when the NodePool allows it and
//                 the type has Spot capacity: the lowest Spot price stands in for
//                 price-capacity-optimized); repeat until every pod has a claim or the limit binds.
//   consolidation a node whose pods have not changed for consolidateAfter is deleted when empty,
//                 or when its pods would all land on other nodes, or replaced by one cheaper type
//                 that holds its pods (the old node is drained once the replacement is Ready).
//   interruption  a Spot notice cordons and drains the node; its pods go pending and are
//                 provisioned for like any other (the group does not replace the node itself).
// Every choice goes to the decision log with its reason. Left out: topology spread, pod affinity,
// multi-node consolidation, drift and expiry, disruption budgets, and Spot pool depth.

import type { Rng, Simulation } from '../engine/index.js';
import type { InstanceType } from '../catalog/index.js';
import type { KarpenterSpec, TaskSize } from '../domain/scenario.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { Signals } from '../domain/signals.js';
import type { AutoScalingGroup } from './asg.js';
import { GridLoop, pendingAfterJoining, podsFitElsewhere, podsLeftOver, type NodeView } from './node-view.js';

interface Offer {
  group: AutoScalingGroup;
  type: InstanceType;
  usdPerHour: number;
}

export class Karpenter {
  /** Per node: its pod count when last seen and since when it has been unchanged. */
  private readonly quietSince = new Map<ContainerInstance, { pods: number; since: number }>();
  private readonly replacing: { old: ContainerInstance; replacement: ContainerInstance }[] = [];
  private readonly drains: { node: ContainerInstance; deadline: number }[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly spec: KarpenterSpec,
    private readonly view: NodeView,
    private readonly signals: Signals,
    _rng: Rng,
    /** USD per hour of a type at a price fraction of on-demand. */
    private readonly usdPerHour: (type: string, fraction: number) => number,
  ) {
    this.loop = new GridLoop(sim, spec.batchMaxSeconds, () => this.batch());
  }

  private readonly loop: GridLoop;
  /** Some node is still inside its consolidateAfter wait (the loop must keep ticking). */
  private waitingNodes = false;

  start(): void {
    this.view.onNodeEvent(() => this.loop.wake());
    this.loop.wake();
  }

  /** One batch window; true while a later one could act. */
  private batch(): boolean {
    this.finishDrains();
    this.provision();
    this.waitingNodes = false;
    if (this.spec.consolidation !== 'never') this.consolidate();
    return this.view.unschedulable.length > 0 || this.drains.length > 0 || this.replacing.length > 0 || this.waitingNodes;
  }

  /** Offers for a set of pods: every allowed (group, type) with capacity that holds them all, cheapest first. */
  private offersFor(pods: readonly TaskSize[]): Offer[] {
    const cpu = pods.reduce((n, p) => n + p.cpuUnits, 0);
    const mem = pods.reduce((n, p) => n + p.memoryMiB, 0);
    const gpus = pods.reduce((n, p) => n + p.gpus, 0);
    const offers: Offer[] = [];
    for (const group of this.view.groups) {
      if (group.desired >= group.spec.maxSize) continue; // the NodePool's node bound
      for (const type of group.instanceTypes) {
        if (!group.typeAvailable(type)) continue;
        const shape = group.shapeOf(type);
        if (cpu > shape.cpuUnits || mem > shape.memoryMiB || gpus > type.gpus || pods.length > shape.podSlots) continue;
        offers.push({ group, type, usdPerHour: this.usdPerHour(type.name, group.priceFraction) });
      }
    }
    // Spot first when allowed (Karpenter prefers it), then price, then name (deterministic).
    return offers.sort((a, b) => Number(b.group.spec.purchase === 'spot') - Number(a.group.spec.purchase === 'spot') || a.usdPerHour - b.usdPerHour || a.type.name.localeCompare(b.type.name));
  }

  private liveVcpu(): number {
    let n = 0;
    for (const g of this.view.groups) for (const i of g.instances) if (Number.isNaN(i.terminatedAt) && !i.draining) n += i.type.vcpu;
    return n;
  }

  /**
   * A warm start: the nodes Karpenter would have provisioned for the initial pods (those the
   * nodes already up do not hold), chosen as `provision` chooses and up at t = 0, so the service
   * that existed before the window finds its pods' nodes as an Auto Scaling group's prewarmed
   * instances do.
   */
  prewarm(pods: readonly TaskSize[]): void {
    const up = this.view.groups.flatMap((g) => g.instances).filter((n) => n.registered && !n.draining && Number.isNaN(n.terminatedAt));
    const rest = podsLeftOver(pods, up);
    if (rest.length > 0) this.provision(rest, true);
  }

  private provision(pods?: readonly TaskSize[], prewarmed = false): void {
    const pending = pods ?? pendingAfterJoining(this.view.unschedulable.map((t) => t.size), this.view.groups);
    if (pending.length === 0) return;
    let rest = [...pending].sort((a, b) => b.memoryMiB - a.memoryMiB || b.cpuUnits - a.cpuUnits);
    while (rest.length > 0) {
      // The claim: pods packed in order onto the largest allowed type of their architecture.
      const arch = rest[0].arch;
      const types = this.view.groups.flatMap((g) => g.instanceTypes.filter((t) => t.arch === arch).map((t) => ({ g, t, shape: g.shapeOf(t) })));
      if (types.length === 0) {
        this.log(`Karpenter: no allowed instance type is ${arch}; ${rest.filter((p) => p.arch === arch).length} pod(s) stay pending`);
        rest = rest.filter((p) => p.arch !== arch);
        continue;
      }
      const largest = types.reduce((a, b) => (b.shape.cpuUnits > a.shape.cpuUnits || (b.shape.cpuUnits === a.shape.cpuUnits && b.shape.memoryMiB > a.shape.memoryMiB) ? b : a));
      const claim: TaskSize[] = [];
      const left: TaskSize[] = [];
      let cpu = 0;
      let mem = 0;
      for (const p of rest) {
        const fits = p.arch === arch && cpu + p.cpuUnits <= largest.shape.cpuUnits && mem + p.memoryMiB <= largest.shape.memoryMiB && claim.length < largest.shape.podSlots;
        if (fits) {
          claim.push(p);
          cpu += p.cpuUnits;
          mem += p.memoryMiB;
        } else left.push(p);
      }
      if (claim.length === 0) {
        this.log(`Karpenter: a pod of ${rest[0].cpuUnits} CPU units / ${rest[0].memoryMiB} MiB fits no allowed instance type; it stays pending`);
        rest = rest.slice(1);
        continue;
      }
      rest = left;
      const offers = this.offersFor(claim);
      if (offers.length === 0) {
        this.log(`Karpenter: no allowed type has capacity for a claim of ${claim.length} pod(s); they stay pending`);
        continue;
      }
      const best = offers[0];
      if (this.liveVcpu() + best.type.vcpu > this.spec.limitCpuVcpu) {
        this.log(`Karpenter: NodePool limit cpu ${this.spec.limitCpuVcpu} vCPU reached (${this.liveVcpu()} in use); ${claim.length + rest.length} pod(s) stay pending`);
        return;
      }
      const others = offers.slice(1, 4).map((o) => `${o.type.name} ${o.group.spec.purchase} $${o.usdPerHour.toFixed(4)}/h`).join(', ');
      best.group.launchOfType(
        best.type,
        `Karpenter${prewarmed ? ' (warm start, up at t = 0)' : ''}: ${claim.length} ${prewarmed ? 'initial' : 'pending'} pod(s) (${cpu} CPU units, ${mem} MiB) → ${best.type.name} ${best.group.spec.purchase} at $${best.usdPerHour.toFixed(4)}/h, the cheapest allowed type that holds them${others ? ` (next: ${others})` : ''}`,
        prewarmed,
      );
    }
  }

  private consolidate(): void {
    const now = this.sim.now;
    this.finishReplacements();
    if (this.replacing.length > 0) return; // one disruption at a time
    const nodes = this.view.groups.flatMap((g) => g.instances).filter((n) => n.registered && !n.draining && Number.isNaN(n.terminatedAt));
    const live = new Set(nodes);
    for (const n of [...this.quietSince.keys()]) if (!live.has(n)) this.quietSince.delete(n);
    for (const n of nodes) {
      const seen = this.quietSince.get(n);
      if (!seen || seen.pods !== n.tasks) this.quietSince.set(n, { pods: n.tasks, since: now });
    }
    const ready = nodes.filter((n) => now - this.quietSince.get(n)!.since >= this.spec.consolidateAfterSeconds);
    this.waitingNodes = ready.length < nodes.length;
    // Empty nodes first, then the fewest pods, then the most expensive.
    ready.sort((a, b) => a.tasks - b.tasks || this.priceOf(b) - this.priceOf(a) || a.id - b.id);
    for (const node of ready) {
      const group = this.view.groupOf(node);
      const pods = this.view.tasksOnInstance(node);
      if (pods.length === 0) {
        this.disrupt(node, group, `empty for ${Math.round(now - this.quietSince.get(node)!.since)} s (consolidateAfter ${this.spec.consolidateAfterSeconds} s): deleted`);
        return;
      }
      if (this.spec.consolidation !== 'WhenEmptyOrUnderutilized') continue;
      const sizes = pods.map((t) => t.size);
      const others = nodes.filter((n) => n !== node);
      if (podsFitElsewhere(sizes, others, this.view, new Map())) {
        this.disrupt(node, group, `its ${pods.length} pod(s) fit on the other nodes: deleted ($${this.priceOf(node).toFixed(4)}/h saved)`);
        return;
      }
      const cheaper = this.offersFor(sizes).filter((o) => o.usdPerHour < this.priceOf(node) - 1e-9).sort((a, b) => a.usdPerHour - b.usdPerHour || a.type.name.localeCompare(b.type.name))[0];
      if (cheaper && this.liveVcpu() + cheaper.type.vcpu <= this.spec.limitCpuVcpu) {
        const before = new Set(cheaper.group.instances);
        if (!cheaper.group.launchOfType(cheaper.type, `Karpenter consolidation: replace ${node.type.name} #${node.id} ($${this.priceOf(node).toFixed(4)}/h) by ${cheaper.type.name} ${cheaper.group.spec.purchase} ($${cheaper.usdPerHour.toFixed(4)}/h) that holds its ${pods.length} pod(s)`)) continue;
        const replacement = cheaper.group.instances.find((i) => !before.has(i))!;
        this.replacing.push({ old: node, replacement });
        return;
      }
    }
  }

  private priceOf(node: ContainerInstance): number {
    return this.usdPerHour(node.type.name, this.view.groupOf(node).priceFraction);
  }

  /** A replacement that is Ready lets the node it replaces go. */
  private finishReplacements(): void {
    for (let k = this.replacing.length - 1; k >= 0; k--) {
      const { old, replacement } = this.replacing[k];
      if (!Number.isNaN(replacement.terminatedAt) || !Number.isNaN(old.terminatedAt) || old.draining) {
        this.replacing.splice(k, 1);
        continue;
      }
      if (!replacement.registered) continue;
      this.replacing.splice(k, 1);
      this.disrupt(old, this.view.groupOf(old), `replaced by ${replacement.type.name} #${replacement.id}, now Ready`);
    }
  }

  private disrupt(node: ContainerInstance, group: AutoScalingGroup, why: string): void {
    const now = this.sim.now;
    const pods = this.view.tasksOnInstance(node);
    group.cordon(node);
    this.quietSince.delete(node);
    this.log(`Karpenter consolidation: ${node.type.name} #${node.id} (${group.spec.purchase}) ${why}`);
    const deadline = now + 600;
    for (const task of pods) this.signals.taskInterrupted.emit({ t: now, task, deadline, reason: 'Karpenter consolidation (evicted)', mode: 'drain' });
    this.drains.push({ node, deadline });
    this.finishDrains();
  }

  private finishDrains(): void {
    for (let k = this.drains.length - 1; k >= 0; k--) {
      const { node, deadline } = this.drains[k];
      if (node.tasks > 0 && this.sim.now < deadline) continue;
      this.drains.splice(k, 1);
      this.view.groupOf(node).terminate(node, 'scale-in');
    }
  }

  private lastLogged = '';

  /** Logs a decision (a message repeated batch after batch is logged once). */
  private log(detail: string): void {
    if (detail === this.lastLogged) return;
    this.lastLogged = detail;
    this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail });
  }
}
