// kube-scheduler NodeResourcesFit scores by hand on two nodes, and the node each strategy picks
// through capsim's placement (lowest Score wins, so the Score is the negated kube score).

import { describe, expect, it } from 'vitest';
import { kubeScore, nodeResourcesFitScore } from '../../src/capacity/placement/kube.js';
import { makeInstance } from '../fixtures/meter-kit.js';

/** A: m5.large (2048 units, 8192 MiB) half-used on CPU; B: m5.xlarge (4096, 16384) nearly empty. */
function nodes() {
  const a = makeInstance('m5.large', 0);
  a.cpuUsed = 1024;
  a.memoryUsed = 2048;
  const b = makeInstance('m5.xlarge', 0);
  b.cpuUsed = 512;
  b.memoryUsed = 1024;
  return { a, b };
}

const pod = { cpuUnits: 512, memoryMiB: 1024 };

/** The node with the lowest score, as placement picks it (ties by lowest id). */
function pick(score: (n: ReturnType<typeof makeInstance>, p: typeof pod) => number, candidates: ReturnType<typeof makeInstance>[]) {
  return candidates.reduce((best, n) => (score(n, pod) < score(best, pod) || (score(n, pod) === score(best, pod) && n.id < best.id) ? n : best));
}

describe('NodeResourcesFit scoring', () => {
  it('LeastAllocated: ⌊(free after placing) × 100 / allocatable⌋ per resource, averaged', () => {
    const { a, b } = nodes();
    // A: cpu (2048 − 1536) × 100 / 2048 = 25; memory (8192 − 3072) × 100 / 8192 = 62.5 → 62; (25 + 62) / 2 = 43.5 → 43
    expect(nodeResourcesFitScore('LeastAllocated', a, pod)).toBe(43);
    // B: cpu (4096 − 1024) × 100 / 4096 = 75; memory (16384 − 2048) × 100 / 16384 = 87.5 → 87; (75 + 87) / 2 = 81
    expect(nodeResourcesFitScore('LeastAllocated', b, pod)).toBe(81);
  });

  it('MostAllocated: ⌊requested after placing × 100 / allocatable⌋ per resource, averaged', () => {
    const { a, b } = nodes();
    // A: cpu 1536 × 100 / 2048 = 75; memory 3072 × 100 / 8192 = 37.5 → 37; (75 + 37) / 2 = 56
    expect(nodeResourcesFitScore('MostAllocated', a, pod)).toBe(56);
    // B: cpu 1024 × 100 / 4096 = 25; memory 2048 × 100 / 16384 = 12.5 → 12; (25 + 12) / 2 = 18.5 → 18
    expect(nodeResourcesFitScore('MostAllocated', b, pod)).toBe(18);
  });

  it('LeastAllocated spreads to B, MostAllocated packs onto A', () => {
    const { a, b } = nodes();
    expect(kubeScore('LeastAllocated')(a, pod)).toBe(-43);
    expect(pick(kubeScore('LeastAllocated'), [a, b])).toBe(b);
    expect(pick(kubeScore('MostAllocated'), [a, b])).toBe(a);
  });

  it('weights tilt the average: cpu 3, memory 1 on A under LeastAllocated → (3 × 25 + 62) / 4 = 34.25 → 34', () => {
    const { a } = nodes();
    expect(nodeResourcesFitScore('LeastAllocated', a, pod, { cpu: 3, memory: 1 })).toBe(34);
  });

  it('a resource over allocatable scores 0 (Least) or is clamped to 100 (Most)', () => {
    const { a } = nodes();
    const big = { cpuUnits: 2048, memoryMiB: 1024 }; // cpu requested 3072 > 2048
    // Least: cpu 0; memory (8192 − 3072) × 100 / 8192 = 62 → (0 + 62) / 2 = 31
    expect(nodeResourcesFitScore('LeastAllocated', a, big)).toBe(31);
    // Most: cpu min(3072, 2048) → 100; memory 37 → (100 + 37) / 2 = 68.5 → 68
    expect(nodeResourcesFitScore('MostAllocated', a, big)).toBe(68);
  });
});
