// Which worker process starts with which jobs (src/run/parallel.ts, startingJobs): every child
// gets one before any gets its second, so with few jobs no child is left idle.

import { describe, expect, it } from 'vitest';
import type { RunJob } from '../../src/run/compare.js';
import { startingJobs } from '../../src/run/parallel.js';

/** `alts` alternatives × `reps` replications, in comparisonRuns order (replication by replication). */
function runs(alts: number, reps: number): RunJob[] {
  const out: RunJob[] = [];
  for (let rep = 0; rep < reps; rep++) for (let alt = 0; alt < alts; alt++) out.push({ alt, rep, seed: rep, full: rep === 0 });
  return out;
}

describe('the jobs each worker starts with', () => {
  it('two alternatives, one replication, --jobs 2: one job each', () => {
    // Both are replication 0, so both on child 0's queue [0, 1]: child 0 takes its front, child 1 the back of the longest queue.
    const start = startingJobs(runs(2, 1), 2);
    expect(start.children).toEqual([[0], [1]]);
    expect(start.queues.take(0)).toBe(-1);
  });

  it('four alternatives, one replication, --jobs 2: child 0 takes 0 then 1, child 1 takes 3 then 2', () => {
    const start = startingJobs(runs(4, 1), 2);
    expect(start.children).toEqual([[0, 1], [3, 2]]);
    expect(start.queues.take(0)).toBe(-1);
  });

  it('four alternatives, one replication, --jobs 3: each child starts with one before child 0 gets a second', () => {
    // Round one: 0 (child 0's front), 3 and 2 (the back of the longest queue); round two: child 0 takes 1, nothing is left.
    const start = startingJobs(runs(4, 1), 3);
    expect(start.children).toEqual([[0, 1], [3], [2]]);
  });

  it('replications: replication r on child r mod N, two jobs a child, the rest left on their queues', () => {
    // 2 alternatives × 4 replications: ids 0–1 rep 0, 2–3 rep 1, 4–5 rep 2, 6–7 rep 3; queues [0, 1, 4, 5] and [2, 3, 6, 7].
    const start = startingJobs(runs(2, 4), 2);
    expect(start.children).toEqual([[0, 1], [2, 3]]);
    expect(start.queues.take(0)).toBe(4);
    expect(start.queues.take(1)).toBe(6);
  });
});
