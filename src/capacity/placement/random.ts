// ECS random: every candidate equally likely (a fresh uniform key per candidate and decision).
import type { Rng } from '../../engine/index.js';
import type { ContainerInstance } from '../../domain/instance.js';

export function randomScore(rng: Rng): (i: ContainerInstance) => number {
  return () => rng.next();
}
