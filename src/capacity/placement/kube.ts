// kube-scheduler's NodeResourcesFit scoring, for pods on EKS EC2 nodes. Each resource scores
// 0–100 in integer arithmetic, and the node score is their weighted average, truncated:
//   LeastAllocated  per resource ⌊(allocatable − requested) × 100 / allocatable⌋ (0 if over)
//   MostAllocated   per resource ⌊min(requested, allocatable) × 100 / allocatable⌋
//   node            ⌊Σ weightᵣ × scoreᵣ / Σ weightᵣ⌋, default weights cpu 1, memory 1
// where `requested` is what the node's pods already request plus this pod. The scheduler takes
// the highest score; capsim's placement takes the lowest, so the Score is its negative.
// Sources: kubernetes/kubernetes:pkg/scheduler/framework/plugins/noderesources/
// {least_allocated,most_allocated,resource_allocation}.go; "Resource Bin Packing",
// https://kubernetes.io/docs/concepts/configuration/resource-bin-packing/ (MostAllocated favours
// "nodes based on the utilization of resources, favoring the ones with higher allocation").
// Left out: the other score plugins (BalancedAllocation, ImageLocality, topology spread …) and
// the scheduler's random choice among tied nodes (capsim takes the lowest instance id).

import type { ContainerInstance } from '../../domain/instance.js';

export type KubeScoringStrategy = 'LeastAllocated' | 'MostAllocated';

/** Resource weights of `NodeResourcesFitArgs.scoringStrategy.resources` (default 1 and 1). */
export interface KubeResourceWeights {
  cpu: number;
  memory: number;
}

export const DEFAULT_KUBE_WEIGHTS: Readonly<KubeResourceWeights> = Object.freeze({ cpu: 1, memory: 1 });

/** `framework.MaxNodeScore`. */
export const MAX_NODE_SCORE = 100;

/** What a pod requests; ECS-style units (1024 CPU units per vCPU), which leave the ratios unchanged. */
export interface PodRequest {
  cpuUnits: number;
  memoryMiB: number;
}

function leastRequested(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

function mostRequested(requested: number, allocatable: number): number {
  if (allocatable === 0) return 0;
  return Math.floor((Math.min(requested, allocatable) * MAX_NODE_SCORE) / allocatable);
}

/** The scheduler's NodeResourcesFit score (0–100, higher preferred) of placing `pod` on `node`. */
export function nodeResourcesFitScore(
  strategy: KubeScoringStrategy,
  node: ContainerInstance,
  pod: PodRequest,
  weights: KubeResourceWeights = DEFAULT_KUBE_WEIGHTS,
): number {
  const perResource = strategy === 'LeastAllocated' ? leastRequested : mostRequested;
  const cpu = perResource(node.cpuUsed + pod.cpuUnits, node.cpuUnits);
  const memory = perResource(node.memoryUsed + pod.memoryMiB, node.memoryMiB);
  const weightSum = weights.cpu + weights.memory;
  if (weightSum === 0) return 0;
  return Math.floor((cpu * weights.cpu + memory * weights.memory) / weightSum);
}

/**
 * A placement Score (lower preferred) for the strategy: the negative of the scheduler's score,
 * for the pod being placed.
 */
export function kubeScore(
  strategy: KubeScoringStrategy,
  weights: KubeResourceWeights = DEFAULT_KUBE_WEIGHTS,
): (node: ContainerInstance, pod: PodRequest) => number {
  return (node, pod) => -nodeResourcesFitScore(strategy, node, pod, weights);
}
