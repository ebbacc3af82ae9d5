// Placement as ECS does it: keep the instances that can take the task (registered, not
// draining, CPU, memory, GPUs, a network slot, a subnet IP in awsvpc mode, the constraints),
// then apply the strategies in order, each narrowing the candidates to its best, and take the
// lowest instance id among the remaining ties (deterministic).

import type { Rng } from '../../engine/index.js';
import type { PlacementStep, TaskSize } from '../../domain/scenario.js';
import { cpuFree, memoryFree, usable, type ContainerInstance } from '../../domain/instance.js';
import { binpackScore } from './binpack.js';
import { kubeScore } from './kube.js';
import { randomScore } from './random.js';
import { spreadScore } from './spread.js';
import type { PlacementContext, Score } from './types.js';

export type { PlacementContext, Score } from './types.js';

export function fits(i: ContainerInstance, size: TaskSize): boolean {
  return cpuFree(i) >= size.cpuUnits && memoryFree(i) >= size.memoryMiB && i.gpus - i.gpusUsed >= size.gpus && i.tasks < i.taskSlots;
}

/** Why a task fits on no instance, in the terms a user would check. */
export function whyNoFit(instances: readonly ContainerInstance[], size: TaskSize, allowed: (i: ContainerInstance) => boolean): string {
  const live = instances.filter(usable);
  if (live.length === 0) return instances.some((i) => Number.isNaN(i.terminatedAt)) ? 'instances are still launching' : 'no container instances';
  const reasons: string[] = [];
  if (!live.some((i) => cpuFree(i) >= size.cpuUnits)) reasons.push('CPU');
  if (!live.some((i) => memoryFree(i) >= size.memoryMiB)) reasons.push('memory');
  if (size.gpus > 0 && !live.some((i) => i.gpus - i.gpusUsed >= size.gpus)) reasons.push('GPUs');
  if (!live.some((i) => i.tasks < i.taskSlots)) reasons.push('ENI/pod/port slots');
  if (reasons.length > 0) return `no instance has enough ${reasons.join(', ')}`;
  if (!live.some(allowed)) return 'no instance meets the placement constraints or has a free subnet IP';
  return 'no instance has CPU, memory and a network slot at once';
}

export function strategyScores(steps: readonly PlacementStep[], rng: Rng): Score[] {
  return steps.map((step): Score => {
    switch (step.type) {
      case 'binpack':
        return binpackScore(step.field);
      case 'spread':
        return spreadScore(step.field);
      case 'random':
        return randomScore(rng);
      case 'kube':
        return kubeScore(step.policy);
    }
  });
}

export function chooseInstance(
  instances: readonly ContainerInstance[],
  size: TaskSize,
  scores: readonly Score[],
  allowed: (i: ContainerInstance) => boolean,
  ctx: PlacementContext,
): ContainerInstance | null {
  let candidates = instances.filter((i) => usable(i) && fits(i, size) && allowed(i));
  for (const score of scores) {
    if (candidates.length <= 1) break;
    let best = Infinity;
    const values = candidates.map((i) => {
      const v = score(i, size, ctx);
      if (v < best) best = v;
      return v;
    });
    candidates = candidates.filter((_, k) => values[k] === best);
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.id < a.id ? b : a));
}
