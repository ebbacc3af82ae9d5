// ECS binpack: prefer the instance that leaves the least of the field (cpu or memory) unused.
import { cpuFree, memoryFree, type ContainerInstance } from '../../domain/instance.js';
import type { PlacementField, TaskSize } from '../../domain/scenario.js';

export function binpackScore(field: PlacementField): (i: ContainerInstance, task: TaskSize) => number {
  return field === 'cpu' ? (i, task) => cpuFree(i) - task.cpuUnits : (i, task) => memoryFree(i) - task.memoryMiB;
}
