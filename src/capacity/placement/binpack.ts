// ECS binpack: prefer the instance that leaves the least of the field (cpu or memory) unused.
import { cpuFree, memoryFree, type ContainerInstance } from '../instance.js';
import type { PlacementField } from '../../scenario/types.js';

export function binpackScore(field: PlacementField): (i: ContainerInstance) => number {
  return field === 'cpu' ? cpuFree : memoryFree;
}
