// Which process starts with which jobs (src/run/parallel.ts, startingJobs): every process gets
// one before any child gets its second, so with few jobs the main process is not left idle.

import { describe, expect, it } from 'vitest';
import type { RunJob } from '../../src/run/compare.js';
import { startingJobs } from '../../src/run/parallel.js';

/** `alts` alternatives × `reps` replications, in comparisonRuns order (replication by replication). */
function runs(alts: number, reps: number): RunJob[] {
  const out: RunJob[] = [];
  for (let rep = 0; rep < reps; rep++) for (let alt = 0; alt < alts; alt++) out.push({ alt, rep, seed: rep, full: rep === 0 });
  return out;
}

describe('the jobs each process starts with', () => {
  it('two alternatives, one replication, --jobs 2: the child takes the first, this process the second', () => {
    const start = startingJobs(runs(2, 1), 1, true);
    expect(start.children).toEqual([[0]]);
    expect(start.local).toBe(1);
    expect(start.queues.take(0)).toBe(-1);
  });

  it('four alternatives, one replication, --jobs 2: the child 0 then 1, this process 3, job 2 left for whoever frees up first', () => {
    // All four are replication 0, so all on the child's queue [0, 1, 2, 3]: the child takes its front (0),
    // this process the back of the longest queue (3), then the child's second job is its front again (1).
    const start = startingJobs(runs(4, 1), 1, true);
    expect(start.children).toEqual([[0, 1]]);
    expect(start.local).toBe(3);
    expect(start.queues.take(1)).toBe(2);
  });

  it('four alternatives, one replication, --jobs 4: each of the four processes starts with one', () => {
    const start = startingJobs(runs(4, 1), 3, true);
    // Child 0 takes 0 from its queue; children 1 and 2 and this process take from the back of the longest: 3, 2, 1.
    expect(start.children).toEqual([[0], [3], [2]]);
    expect(start.local).toBe(1);
  });

  it('replications: replication r on process r mod N, two jobs a child', () => {
    // 2 alternatives × 4 replications: ids 0–1 rep 0, 2–3 rep 1, 4–5 rep 2, 6–7 rep 3; 1 child + this process.
    const start = startingJobs(runs(2, 4), 1, true);
    expect(start.children).toEqual([[0, 1]]);
    expect(start.local).toBe(2);
  });

  it('when this process runs no jobs: every child starts with two', () => {
    const start = startingJobs(runs(4, 1), 2, false);
    expect(start.children).toEqual([[0, 1], [3, 2]]);
    expect(start.local).toBe(-1);
  });
});
