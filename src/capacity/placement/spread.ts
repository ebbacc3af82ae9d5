// ECS spread on instanceId: prefer the instance running the fewest of the service's tasks.
import type { ContainerInstance } from '../instance.js';

export function spreadByInstanceScore(i: ContainerInstance): number {
  return i.tasks;
}
