// Runs a comparison's (alternative, replication) jobs on several cores (DESIGN §5). Every job is
// seeded and independent, so the result is the same, byte for byte, as `compare`'s.
//
// Workers are child processes, not threads. Measured on the 2-vCPU machine: two simulations in
// two threads of one process ran ~1.3x faster than one after another, two processes ~1.6–1.8x
// (threads of one process share its allocator and address space, and a simulation allocates and
// frees a lot). This process works too: with `jobs` N it starts N − 1 children and runs jobs
// itself between handing them out, and each child holds two jobs so it never waits for us.
// What comes back is small: replications after the first send only their sample, and a series
// comes packed (domain/series-store.ts: runs for the step-like columns), a few typed arrays the
// V8 serializer copies as bytes (no per-number cost, unlike the number[] series of before).

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../domain/scenario.js';
import { RUN_COSTS } from '../scenario/estimate.js';
import type { ComparisonResult } from '../domain/result.js';
import { ColumnPool } from '../domain/series-store.js';
import { DemandCache, assembleComparison, comparisonRuns, runJob, storeOutput, type RunJob, type RunOutput, type StoredOutput } from './compare.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Jobs a child holds at once: one running, one queued behind it. */
const DEPTH = 2;

export interface ParallelOptions {
  seed?: number;
  /** Processes to run on, this one included (default: `jobsFor`). */
  jobs?: number;
}

export type WorkerRequest = { type: 'init'; scenario: Scenario } | { type: 'run'; id: number; job: RunJob };
export type WorkerReply = { id: number; output: RunOutput } | { id: number; error: string };

/**
 * Below this estimated serial time a second process does not pay: each process compiles the
 * simulator anew (~0.7 s of JIT on the 2-vCPU machine), and one process already keeps ~1.4 cores
 * busy with its compiler threads. Measured there: 14 days x 4 alternatives x 10 replications
 * (~2.4 s) ran no faster on two processes; 365 days x 4 alternatives (~5.7 s) ran 1.1-1.4x faster.
 */
export const PARALLEL_FROM_SECONDS = 5;

/** The processes a comparison should use: as asked, else every core for a long run and one for a short one; never more than there are jobs. */
export function jobsFor(scenario: Scenario, runs: number, asked: number | undefined): number {
  const serialSeconds = runs * (scenario.horizonSeconds / scenario.tickSeconds) * RUN_COSTS.secondsPerTick;
  const auto = serialSeconds >= PARALLEL_FROM_SECONDS ? availableParallelism() : 1;
  return Math.max(1, Math.min(runs, asked ?? auto));
}

export async function compareParallel(scenario: Scenario, opts: ParallelOptions = {}): Promise<ComparisonResult> {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const runs = comparisonRuns(scenario, seed);
  const jobs = jobsFor(scenario, runs.length, opts.jobs);
  // The compiled worker is absent when tests run the TypeScript sources: run here.
  const children = jobs > 1 && existsSync(WORKER) ? jobs - 1 : 0;
  const outputs = await runAll(scenario, runs, children);
  return assembleComparison(scenario, seed, outputs);
}

/**
 * Who runs which job. A replication's jobs share its seed and so its realised demand; handing
 * whole replications to one process (replication r to process r mod P) means each seed is
 * realised by one process. A process that runs out takes from the back of the longest queue,
 * so the end stays balanced (and a one-replication run is split from both ends).
 */
class JobQueues {
  private readonly queues: number[][];

  constructor(runs: readonly RunJob[], processes: number) {
    this.queues = Array.from({ length: processes }, () => []);
    runs.forEach((run, id) => this.queues[run.rep % processes].push(id));
  }

  /** The next job for process `p`, or -1 when every queue is empty. */
  take(p: number): number {
    if (this.queues[p].length > 0) return this.queues[p].shift()!;
    const longest = this.queues.reduce((a, b) => (b.length > a.length ? b : a));
    return longest.length > 0 ? longest.pop()! : -1;
  }
}

/** Runs every job, on `children` child processes and this one; outputs in job order. */
async function runAll(scenario: Scenario, runs: readonly RunJob[], children: number): Promise<StoredOutput[]> {
  const outputs = new Array<StoredOutput>(runs.length);
  const pool = new ColumnPool();
  const demands = new DemandCache(scenario);
  const queues = new JobQueues(runs, children + 1);
  let done = 0;
  let failure: Error | null = null;
  let closing = false;
  const workers: ChildProcess[] = [];
  const feed = (worker: ChildProcess, p: number) => {
    const id = failure === null ? queues.take(p) : -1;
    if (id >= 0) worker.send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
  };
  for (let w = 1; w <= children; w++) {
    const worker = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    workers.push(worker);
    worker.on('message', (reply: WorkerReply) => {
      if ('error' in reply) failure ??= new Error(reply.error);
      else outputs[reply.id] = storeOutput(reply.output, pool);
      done++;
      feed(worker, w);
    });
    worker.on('exit', (code, signal) => {
      if (!closing) failure ??= new Error(`a worker process ended early (${signal ?? `exit code ${code}`})`);
    });
    worker.send({ type: 'init', scenario } satisfies WorkerRequest);
    for (let k = 0; k < DEPTH; k++) feed(worker, w);
  }
  try {
    // This process takes a job whenever it is free; between jobs, children's replies are handled.
    while (failure === null && done < runs.length) {
      const id = queues.take(0);
      if (id >= 0) {
        outputs[id] = storeOutput(runJob(scenario, runs[id], demands), pool);
        done++;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closing = true;
    // A clean end lets a worker exit on its own (and run its exit hooks); a failure stops them at once.
    for (const worker of workers) failure === null ? worker.disconnect() : worker.kill();
  }
  if (failure) throw failure;
  return outputs;
}
