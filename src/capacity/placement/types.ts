// What every placement strategy sees: the instance, the task's size, and counts of the service's
// tasks by AZ and instance type. A strategy is a score; lower is better.

import type { ContainerInstance } from '../../domain/instance.js';
import type { TaskSize } from '../../domain/scenario.js';

export interface PlacementContext {
  service: string;
  tasksInAz(az: string): number;
  tasksOnType(type: string): number;
}

export type Score = (i: ContainerInstance, task: TaskSize, ctx: PlacementContext) => number;
