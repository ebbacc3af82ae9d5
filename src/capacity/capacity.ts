// What a service needs from the capacity it runs on: place a task or say it fits nowhere,
// take it back when it stops. One implementation, `ClusterCapacity`: Fargate providers always
// have room (within subnet IPs); Auto Scaling group providers have the room their registered
// instances have.

import type { PlacementReason, Task } from '../domain/task.js';

export interface CapacityModel {
  /** Places the task; false when it fits nowhere (it waits, unplaced, and is retried). */
  place(task: Task): boolean;
  /** Gives back what the task held (also for a task that was assigned but never placed). */
  release(task: Task): void;
  /** Why the last `place` failed. */
  lastFailure(): PlacementReason;
  /** The task gets its own ENI (Fargate, EC2 awsvpc), so PROVISIONING attaches one. */
  needsEni(task: Task): boolean;
  /**
   * When the task's image is (or will be) on its host: NaN when no pull has started there.
   * EC2 hosts keep pulled images; every Fargate task pulls its own.
   */
  imageReadyAt(task: Task): number;
  setImageReadyAt(task: Task, t: number): void;
  /** Called when capacity may have freed up or grown, to retry waiting tasks. */
  onCapacityChange(listener: () => void): void;
}
