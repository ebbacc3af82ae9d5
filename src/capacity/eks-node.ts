// What an EKS EC2 node offers application pods: its allocatable CPU and memory (nominal less the
// EKS AMI's kubeReserved and eviction threshold, or the group's hand-given reservation), less the
// requests of the DaemonSets that run on every node, and its max pods less the DaemonSet pods.
// ECS container instances offer their registered capacity: nominal less the group's reservation.

import { eksNodeAllocatable, type InstanceType } from '../catalog/index.js';
import { registeredMemoryMiB, type AsgProviderSpec, type ClusterSpec } from '../domain/scenario.js';

/** Kubernetes millicores → ECS CPU units (1024 per vCPU): a 1000m request is 1024 units. */
export function unitsOfMillicores(millicores: number): number {
  return (millicores * 1024) / 1000;
}

export interface NodeShape {
  /** CPU units and memory application pods may request (allocatable less DaemonSets). */
  cpuUnits: number;
  memoryMiB: number;
  /** Pod slots left for application pods. */
  podSlots: number;
  /** Allocatable before DaemonSets (what `kubectl describe node` shows). */
  allocatableCpuUnits: number;
  allocatableMemoryMiB: number;
  daemonCpuUnits: number;
  daemonMemoryMiB: number;
  daemonPods: number;
  /** DaemonSet pods that take a subnet IP (not host-network). */
  daemonIpPods: number;
}

/** The node a group launches of `type`; `slots` is its pod (or task) limit by network. */
export function nodeShape(type: InstanceType, group: AsgProviderSpec, cluster: ClusterSpec, slots: number): NodeShape {
  let allocatableCpuUnits = type.vcpu * 1024 - group.reservedCpuUnits;
  // ECS registers less than installed (AWS's rule unless the group gives a figure).
  let allocatableMemoryMiB = registeredMemoryMiB(group, type.memoryGiB);
  if (cluster.orchestrator === 'eks' && group.eksAmiReservation === true) {
    const a = eksNodeAllocatable(type);
    allocatableCpuUnits = unitsOfMillicores(a.cpuMillicores);
    allocatableMemoryMiB = a.memoryMiB;
  }
  const daemons = cluster.orchestrator === 'eks' ? (cluster.daemonSets ?? []) : [];
  const daemonCpuUnits = daemons.reduce((n, d) => n + d.cpuUnits, 0);
  const daemonMemoryMiB = daemons.reduce((n, d) => n + d.memoryMiB, 0);
  return {
    cpuUnits: allocatableCpuUnits - daemonCpuUnits,
    memoryMiB: allocatableMemoryMiB - daemonMemoryMiB,
    podSlots: Math.max(0, slots - daemons.length),
    allocatableCpuUnits,
    allocatableMemoryMiB,
    daemonCpuUnits,
    daemonMemoryMiB,
    daemonPods: daemons.length,
    daemonIpPods: daemons.filter((d) => !d.hostNetwork).length,
  };
}
