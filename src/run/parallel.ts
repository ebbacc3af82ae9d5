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
import type { ComparisonResult } from '../domain/result.js';
import { ColumnPool } from '../domain/series-store.js';
import { DemandCache, assembleComparison, comparisonRuns, runJob, storeOutput, type RunJob, type RunOutput, type StoredOutput } from './compare.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Jobs a child holds at once: one running, one queued behind it. */
const DEPTH = 2;

export interface ParallelOptions {
  seed?: number;
  /** Processes to run on, this one included (default: the machine's cores). */
  jobs?: number;
}

export type WorkerRequest = { type: 'init'; scenario: Scenario } | { type: 'run'; id: number; job: RunJob };
export type WorkerReply = { id: number; output: RunOutput } | { id: number; error: string };

/** The processes a comparison of `runs` jobs should use: never more than there are jobs. */
export function jobsFor(runs: number, asked: number | undefined): number {
  return Math.max(1, Math.min(runs, asked ?? availableParallelism()));
}

export async function compareParallel(scenario: Scenario, opts: ParallelOptions = {}): Promise<ComparisonResult> {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const runs = comparisonRuns(scenario, seed);
  const jobs = jobsFor(runs.length, opts.jobs);
  // The compiled worker is absent when tests run the TypeScript sources: run here.
  const children = jobs > 1 && existsSync(WORKER) ? jobs - 1 : 0;
  const outputs = await runAll(scenario, runs, children);
  return assembleComparison(scenario, seed, outputs);
}

/** Runs every job, on `children` child processes and this one; outputs in job order. */
async function runAll(scenario: Scenario, runs: readonly RunJob[], children: number): Promise<StoredOutput[]> {
  const outputs = new Array<StoredOutput>(runs.length);
  const pool = new ColumnPool();
  const demands = new DemandCache(scenario);
  let next = 0;
  let done = 0;
  let failure: Error | null = null;
  let closing = false;
  const workers: ChildProcess[] = [];
  const feed = (worker: ChildProcess) => {
    if (next < runs.length && failure === null) {
      const id = next++;
      worker.send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
    }
  };
  for (let w = 0; w < children; w++) {
    const worker = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    workers.push(worker);
    worker.on('message', (reply: WorkerReply) => {
      if ('error' in reply) failure ??= new Error(reply.error);
      else outputs[reply.id] = storeOutput(reply.output, pool);
      done++;
      feed(worker);
    });
    worker.on('exit', (code, signal) => {
      if (!closing) failure ??= new Error(`a worker process ended early (${signal ?? `exit code ${code}`})`);
    });
    worker.send({ type: 'init', scenario } satisfies WorkerRequest);
    for (let k = 0; k < DEPTH; k++) feed(worker);
  }
  try {
    // This process takes a job whenever it is free; between jobs, children's replies are handled.
    while (failure === null && (next < runs.length || done < runs.length)) {
      if (next < runs.length) {
        const id = next++;
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
