// What the EKS node provisioners (Cluster Autoscaler, Karpenter) see of the cluster: its groups,
// the unschedulable pods, the pods on a node, and whether a node could take a pod (for the
// "would the pods land elsewhere" simulation of scale-down and consolidation).

import type { ContainerInstance } from '../domain/instance.js';
import type { TaskSize } from '../domain/scenario.js';
import type { Task } from '../domain/task.js';
import { cpuFree, memoryFree, usable } from '../domain/instance.js';
import type { AutoScalingGroup } from './asg.js';
import { PRIORITY_LATE, type Simulation } from '../engine/index.js';

export interface NodeView {
  readonly groups: AutoScalingGroup[];
  readonly unschedulable: Task[];
  tasksOnInstance(instance: ContainerInstance): Task[];
  /** The node has a subnet IP (or can get one) for one more pod. */
  podIpFor(instance: ContainerInstance): boolean;
  /** The group a node belongs to. */
  groupOf(instance: ContainerInstance): AutoScalingGroup;
  /** Called when a pod goes pending or capacity changes (a provisioner that sleeps wakes up). */
  onNodeEvent(listener: () => void): void;
}

/**
 * A loop on a fixed grid (every `interval` s from t = interval) that sleeps while it has nothing
 * to do and wakes on the next grid time after `wake()`: the same decisions as a loop that never
 * sleeps, without an event every interval through a quiet year.
 */
export class GridLoop {
  private armed = false;

  constructor(
    private readonly sim: Simulation,
    private readonly interval: number,
    /** One round; returns whether to keep going (false: sleep until woken). */
    private readonly round: () => boolean,
  ) {}

  wake(): void {
    if (this.armed) return;
    this.armed = true;
    const next = (Math.floor(this.sim.now / this.interval + 1e-9) + 1) * this.interval;
    this.sim.scheduleAt(next, this.onTick, 0, PRIORITY_LATE);
  }

  private readonly onTick = (): void => {
    this.armed = false;
    if (this.round()) this.wake();
  };
}

/** A node's share of its allocatable requested, DaemonSets included (the Cluster Autoscaler's utilisation: the larger of CPU and memory). */
export function requestedShare(node: ContainerInstance, group: AutoScalingGroup): number {
  const shape = group.shapeOf(node.type);
  const cpu = shape.allocatableCpuUnits > 0 ? (node.cpuUsed + shape.daemonCpuUnits) / shape.allocatableCpuUnits : 0;
  const mem = shape.allocatableMemoryMiB > 0 ? (node.memoryUsed + shape.daemonMemoryMiB) / shape.allocatableMemoryMiB : 0;
  return Math.max(cpu, mem);
}

/**
 * Whether `pods` would all land on `others` (first fit, largest memory first), given what those
 * nodes already hold; `extra` carries the simulated additions across calls in one pass.
 */
export function podsFitElsewhere(
  pods: readonly TaskSize[],
  others: readonly ContainerInstance[],
  view: NodeView,
  extra: Map<ContainerInstance, { cpu: number; mem: number; pods: number }>,
): boolean {
  const trial = new Map([...extra].map(([k, v]) => [k, { ...v }]));
  const sorted = [...pods].sort((a, b) => b.memoryMiB - a.memoryMiB || b.cpuUnits - a.cpuUnits);
  for (const pod of sorted) {
    const host = others.find((n) => {
      if (!usable(n)) return false;
      const add = trial.get(n) ?? { cpu: 0, mem: 0, pods: 0 };
      return cpuFree(n) - add.cpu >= pod.cpuUnits && memoryFree(n) - add.mem >= pod.memoryMiB && n.tasks + add.pods < n.taskSlots && view.podIpFor(n);
    });
    if (!host) return false;
    const add = trial.get(host) ?? { cpu: 0, mem: 0, pods: 0 };
    trial.set(host, { cpu: add.cpu + pod.cpuUnits, mem: add.mem + pod.memoryMiB, pods: add.pods + 1 });
  }
  for (const [k, v] of trial) extra.set(k, v);
  return true;
}

/** The pods that the free room of `nodes` would not hold (first fit, largest memory first). */
export function podsLeftOver(pods: readonly TaskSize[], nodes: readonly ContainerInstance[]): TaskSize[] {
  const bins = nodes.filter(usable).map((n) => ({ cpu: cpuFree(n), mem: memoryFree(n), slots: n.taskSlots - n.tasks }));
  return firstFitRest(pods, bins);
}

/** The pending pods that nodes of `groups` still joining would not hold (first fit, largest memory first). */
export function pendingAfterJoining(pending: readonly TaskSize[], groups: readonly AutoScalingGroup[]): TaskSize[] {
  const bins: { cpu: number; mem: number; slots: number }[] = [];
  for (const group of groups) {
    for (const n of group.instances) {
      if (n.registered || n.draining || !Number.isNaN(n.terminatedAt)) continue;
      bins.push({ cpu: n.cpuUnits, mem: n.memoryMiB, slots: n.taskSlots });
    }
  }
  return firstFitRest(pending, bins);
}

function firstFitRest(pods: readonly TaskSize[], bins: { cpu: number; mem: number; slots: number }[]): TaskSize[] {
  const rest: TaskSize[] = [];
  for (const p of [...pods].sort((a, b) => b.memoryMiB - a.memoryMiB || b.cpuUnits - a.cpuUnits)) {
    const bin = bins.find((b) => b.cpu >= p.cpuUnits && b.mem >= p.memoryMiB && b.slots > 0);
    if (!bin) {
      rest.push(p);
      continue;
    }
    bin.cpu -= p.cpuUnits;
    bin.mem -= p.memoryMiB;
    bin.slots -= 1;
  }
  return rest;
}
