// An EC2 container instance in the cluster: what it offers (CPU units and memory after the
// agent's reservation, GPUs, network slots) and what its tasks take. It is billed from `running`;
// tasks can be placed on it once it has registered, and not once it is draining.

import type { InstanceType } from '../catalog/index.js';

export interface ContainerInstance {
  readonly id: number;
  readonly type: InstanceType;
  readonly provider: string;
  readonly purchase: 'on-demand' | 'spot';
  readonly az: string;
  readonly launchedAt: number;
  /**
   * When EC2 puts the instance in `running`, where its billing starts (EC2 does not bill
   * `pending`); absent = at launch.
   */
  readonly runningAt?: number;
  /** Registered with the cluster (placement may use it). */
  registered: boolean;
  /** Interrupted or being scaled in: no new tasks. */
  draining: boolean;
  terminatedAt: number;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  /** Tasks this instance can hold by network: ENI slots (awsvpc), pods (EKS), 1 per host port (host), or Infinity. */
  readonly taskSlots: number;
  cpuUsed: number;
  memoryUsed: number;
  gpusUsed: number;
  tasks: number;
  /** Tasks per service, for distinctInstance and spread. */
  readonly byService: Map<string, number>;
}

export type InstanceEndReason = 'scale-in' | 'spot-interruption' | 'horizon';

export interface InstanceChange {
  instance: ContainerInstance;
  t: number;
  kind: 'launch' | 'terminate';
  reason?: InstanceEndReason;
}

export function cpuFree(i: ContainerInstance): number {
  return i.cpuUnits - i.cpuUsed;
}

export function memoryFree(i: ContainerInstance): number {
  return i.memoryMiB - i.memoryUsed;
}

export function usable(i: ContainerInstance): boolean {
  return i.registered && !i.draining && Number.isNaN(i.terminatedAt);
}
