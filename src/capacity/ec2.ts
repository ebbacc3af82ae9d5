// ECS on EC2: a fixed fleet of container instances of one type, all registered at t = 0.
// Tasks are placed by the ECS strategies over CPU units, memory and network slots (awsvpc:
// max ENIs − 1, or the trunking limit; host mode: one task per instance per port).
// Instance launch latency, Auto Scaling and reserved agent memory are not modelled here.

import type { Rng } from '../engine/index.js';
import type { Signal } from '../engine/signal.js';
import { ecsAwsvpcTaskLimit, type InstanceType } from '../catalog/index.js';
import type { Capacity } from '../scenario/types.js';
import type { Task } from '../service/task.js';
import type { CapacityModel } from './capacity.js';
import type { ContainerInstance, InstanceChange } from './instance.js';
import { chooseInstance, strategyScores, whyNoFit, type Score } from './placement/index.js';

type Ec2Capacity = Extract<Capacity, { type: 'ec2' }>;

export class Ec2Cluster implements CapacityModel {
  readonly kind = 'ec2' as const;
  readonly instances: ContainerInstance[] = [];
  private readonly scores: Score[];
  private failure = '';
  private readonly cached = new Set<number>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly spec: Ec2Capacity,
    private readonly type: InstanceType,
    private readonly instanceSignal: Signal<InstanceChange>,
    placementRng: Rng,
  ) {
    this.scores = strategyScores(spec.placement, placementRng);
  }

  taskSlots(): number {
    switch (this.spec.networkMode) {
      case 'awsvpc':
        return ecsAwsvpcTaskLimit(this.type, this.spec.trunking);
      case 'host':
        return 1;
      case 'bridge':
        return Infinity;
    }
  }

  start(now: number): void {
    const slots = this.taskSlots();
    for (let k = 0; k < this.spec.instances; k++) {
      const instance: ContainerInstance = {
        id: this.instances.length,
        type: this.type,
        launchedAt: now,
        terminatedAt: NaN,
        cpuUnits: this.type.vcpu * 1024,
        memoryMiB: this.type.memoryGiB * 1024,
        taskSlots: slots,
        cpuUsed: 0,
        memoryUsed: 0,
        tasks: 0,
      };
      this.instances.push(instance);
      this.instanceSignal.emit({ instance, t: now, kind: 'launch' });
    }
  }

  place(task: Task): boolean {
    const instance = chooseInstance(this.instances, task.size, this.scores);
    if (instance === null) {
      this.failure = whyNoFit(this.instances, task.size);
      return false;
    }
    instance.cpuUsed += task.size.cpuUnits;
    instance.memoryUsed += task.size.memoryMiB;
    instance.tasks += 1;
    task.instanceId = instance.id;
    return true;
  }

  release(task: Task): void {
    const instance = this.instances[task.instanceId];
    if (!instance) return;
    instance.cpuUsed -= task.size.cpuUnits;
    instance.memoryUsed -= task.size.memoryMiB;
    instance.tasks -= 1;
    for (const listener of this.listeners) listener();
  }

  needsEni(): boolean {
    return this.spec.networkMode === 'awsvpc';
  }

  imageCached(task: Task): boolean {
    return this.cached.has(task.instanceId);
  }

  markImagePulled(task: Task): void {
    this.cached.add(task.instanceId);
  }

  onCapacityChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  lastFailure(): string {
    return this.failure;
  }
}
