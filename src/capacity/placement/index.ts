// Placement as ECS does it: filter the instances with room for the task (CPU, memory, network
// slots), then apply the strategies in order, each narrowing the candidates to its best, and
// take the lowest instance id among the remaining ties (deterministic).

import type { Rng } from '../../engine/index.js';
import type { PlacementStep, TaskSize } from '../../scenario/types.js';
import { cpuFree, memoryFree, type ContainerInstance } from '../instance.js';
import { binpackScore } from './binpack.js';
import { randomScore } from './random.js';
import { spreadByInstanceScore } from './spread.js';

export type Score = (i: ContainerInstance) => number;

export function fits(i: ContainerInstance, size: TaskSize): boolean {
  return cpuFree(i) >= size.cpuUnits && memoryFree(i) >= size.memoryMiB && i.tasks < i.taskSlots;
}

/** Why a task fits on no instance, in the terms a user would check. */
export function whyNoFit(instances: readonly ContainerInstance[], size: TaskSize): string {
  const live = instances.filter((i) => Number.isNaN(i.terminatedAt));
  if (live.length === 0) return 'no container instances';
  const byCpu = live.filter((i) => cpuFree(i) >= size.cpuUnits).length;
  const byMem = live.filter((i) => memoryFree(i) >= size.memoryMiB).length;
  const bySlots = live.filter((i) => i.tasks < i.taskSlots).length;
  const reasons: string[] = [];
  if (byCpu === 0) reasons.push('CPU');
  if (byMem === 0) reasons.push('memory');
  if (bySlots === 0) reasons.push('ENI/port slots');
  return reasons.length > 0 ? `no instance has enough ${reasons.join(', ')}` : 'no instance has CPU, memory and a network slot at once';
}

export function strategyScores(steps: readonly PlacementStep[], rng: Rng): Score[] {
  return steps.map((step) => {
    switch (step.type) {
      case 'binpack':
        return binpackScore(step.field);
      case 'spread':
        return spreadByInstanceScore;
      case 'random':
        return randomScore(rng);
    }
  });
}

export function chooseInstance(instances: readonly ContainerInstance[], size: TaskSize, scores: readonly Score[]): ContainerInstance | null {
  let candidates = instances.filter((i) => Number.isNaN(i.terminatedAt) && fits(i, size));
  for (const score of scores) {
    if (candidates.length <= 1) break;
    let best = Infinity;
    const values = candidates.map((i) => {
      const v = score(i);
      if (v < best) best = v;
      return v;
    });
    candidates = candidates.filter((_, k) => values[k] === best);
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.id < a.id ? b : a));
}
