// Fargate: every task gets its own right-sized micro-VM; there is no cluster capacity to run
// out of. Launch-rate throttles and account quotas are out of scope here.

import type { Task } from '../service/task.js';
import type { CapacityModel } from './capacity.js';

export class FargateCapacity implements CapacityModel {
  readonly kind = 'fargate' as const;

  constructor(readonly spot: boolean) {}

  start(): void {}

  place(task: Task): boolean {
    task.instanceId = -1;
    return true;
  }

  release(): void {}

  lastFailure(): string {
    return '';
  }

  needsEni(): boolean {
    return true;
  }

  imageCached(): boolean {
    return false;
  }

  markImagePulled(): void {}

  onCapacityChange(): void {}
}
