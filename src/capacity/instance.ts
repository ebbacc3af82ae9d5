// An EC2 container instance registered with the cluster: what it offers (CPU units, memory,
// ENI slots for awsvpc tasks) and what its tasks take.

import type { InstanceType } from '../catalog/index.js';

export interface ContainerInstance {
  readonly id: number;
  readonly type: InstanceType;
  readonly launchedAt: number;
  terminatedAt: number;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  /** Tasks this instance can hold by network: ENI slots (awsvpc), 1 per host port (host), or Infinity. */
  readonly taskSlots: number;
  cpuUsed: number;
  memoryUsed: number;
  tasks: number;
}

export interface InstanceChange {
  instance: ContainerInstance;
  t: number;
  kind: 'launch' | 'terminate';
}

export function cpuFree(i: ContainerInstance): number {
  return i.cpuUnits - i.cpuUsed;
}

export function memoryFree(i: ContainerInstance): number {
  return i.memoryMiB - i.memoryUsed;
}
