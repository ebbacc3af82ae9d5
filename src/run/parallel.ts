// Runs a comparison's (alternative, replication) jobs on several cores (DESIGN §5). Every job is
// seeded and independent, so the result is the same, byte for byte, as `compare`'s.
//
// Workers are child processes, not threads: two simulations in two threads of one process ran
// slower side by side than two processes (threads share an allocator and a heap's GC, and a
// simulation allocates and frees a lot). With `jobs` N a comparison runs on this process and
// N − 1 children (this process has already paid for its start-up and has the scenario; a child
// costs ~0.2 s to start and its own compiler warm-up); each child holds two jobs so it never
// waits for the next. What comes back is small, or a file: replications after the first send
// only their sample; a full run's packed series (domain/series-store.ts) is written by the child
// to a file this process reads, so the pipe never holds megabytes.

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { deserialize } from 'node:v8';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../domain/scenario.js';
import { RUN_COSTS } from '../scenario/estimate.js';
import type { AlternativeResult, ComparisonResult } from '../domain/result.js';
import { ColumnPool } from '../domain/series-store.js';
import { downsample, type DisplaySeries } from '../domain/downsample.js';
import { writeAlternativeRows } from '../report/csv.js';
import { DemandCache, assembleComparison, compare, comparisonRuns, runJob, storeOutput, type RunJob, type RunOutput, type StoredOutput } from './compare.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** Jobs a child holds at once: one running, one queued behind it. */
const DEPTH = 2;

export interface ParallelOptions {
  seed?: number;
  /** Worker processes to run on; 1 runs everything in this process (default: `jobsFor`). */
  jobs?: number;
  /** Aborting it stops the workers at once and rejects with `RunAborted` (a run in this process cannot be stopped between events). */
  signal?: AbortSignal;
  /**
   * A directory for timeseries.csv's rows: on worker processes, each alternative's rows are
   * written there (`timeseriesPartPath`) as soon as it is simulated, while the others still run,
   * so writing the report only joins them. Nothing is written when the run stays in this process.
   */
  timeseriesDir?: string;
  /** Called with the alternative's index once its rows are whole under `timeseriesDir`. */
  onTimeseriesPart?: (alt: number) => void;
}

/** Where a worker writes alternative `alt`'s timeseries.csv rows under `ParallelOptions.timeseriesDir`. */
export function timeseriesPartPath(dir: string, alt: number): string {
  return join(dir, `${alt}.csv`);
}

/** The workers were stopped through `ParallelOptions.signal`. */
export class RunAborted extends Error {
  constructor(readonly reason: unknown) {
    super(`the run was stopped (${String(reason)})`);
    this.name = 'RunAborted';
  }
}

/** `points` (a sweep): one scenario per point, jobs naming theirs by `RunJob.point`; `demandGroups[p]` is the first point with the same demand as point p. */
export type WorkerRequest =
  | { type: 'init'; scenario: Scenario; points?: Scenario[]; demandGroups?: number[]; timeseriesDir?: string; replyDir?: string }
  | { type: 'run'; id: number; job: RunJob };
/** `file`: a full run's output, v8-serialised into `replyDir` (read and removed by the parent). */
export type WorkerReply = { id: number; output: RunOutput } | { id: number; file: string } | { id: number; error: string };

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
  if (jobs <= 1 || !existsSync(WORKER)) return compare(scenario, { seed });
  return assembleComparison(scenario, seed, await runOnWorkers(scenario, runs, jobs, opts.signal, undefined, opts.timeseriesDir, opts.onTimeseriesPart));
}

/**
 * Runs any job of a comparison or a sweep in this process: the scenario the job names (a sweep
 * point's, or the comparison's), the demand its seed shares with the jobs before it, and, for a
 * comparison's full runs with a timeseries directory, its timeseries.csv rows written there.
 */
export class JobRunner {
  private readonly demands: DemandCache;
  /** A sweep: one demand cache per group of points with the same demand (the last two kept: points come in order). */
  private readonly pointDemands = new Map<number, DemandCache>();

  constructor(
    private readonly scenario: Scenario,
    private readonly points: readonly Scenario[] = [],
    private readonly demandGroups: readonly number[] = [],
    private readonly timeseriesDir?: string,
    /** Attach a comparison's full runs' chart points (a worker: the main process then need not unpack the columns for them). */
    private readonly chartPoints = false,
  ) {
    this.demands = new DemandCache(scenario);
  }

  run(job: RunJob): RunOutput {
    if (job.point !== undefined) return runJob(this.points[job.point], job, this.demandsOfPoint(job.point));
    const dir = this.timeseriesDir;
    let display: DisplaySeries | undefined;
    const output = runJob(this.scenario, job, this.demands, (result: AlternativeResult) => {
      if (dir !== undefined) writeAlternativeRows(timeseriesPartPath(dir, job.alt), result);
      if (this.chartPoints) display = downsample(result.series);
    });
    return output.kind === 'full' && display !== undefined ? { ...output, display } : output;
  }

  private demandsOfPoint(point: number): DemandCache {
    const group = this.demandGroups[point];
    let cache = this.pointDemands.get(group);
    if (!cache) {
      cache = new DemandCache(this.points[group]);
      this.pointDemands.set(group, cache);
      if (this.pointDemands.size > 2) this.pointDemands.delete(this.pointDemands.keys().next().value!);
    }
    return cache;
  }
}

/** A sweep's share of `runOnWorkers`: its points' scenarios, which share demand, and a progress callback. */
export interface SweepWork {
  points: Scenario[];
  demandGroups: number[];
  /** Called as each job's output arrives, with the job's index in `runs`. */
  onDone?: (id: number) => void;
}

/**
 * Who runs which job. A replication's jobs share its seed and so its realised demand; handing
 * whole replications to one worker (replication r to worker r mod N) means each seed is realised
 * by one process. A worker that runs out takes from the back of the longest queue, so the end
 * stays balanced (and a one-replication run is split from both ends).
 */
export class JobQueues {
  private readonly queues: number[][];

  constructor(runs: readonly RunJob[], workers: number) {
    this.queues = Array.from({ length: workers }, () => []);
    runs.forEach((run, id) => this.queues[run.rep % workers].push(id));
  }

  /** The next job for worker `w`, or -1 when every queue is empty. */
  take(w: number): number {
    if (this.queues[w].length > 0) return this.queues[w].shift()!;
    const longest = this.queues.reduce((a, b) => (b.length > a.length ? b : a));
    return longest.length > 0 ? longest.pop()! : -1;
  }
}

/**
 * The jobs each process starts with: one for every process (the children in order, then this
 * one when it runs jobs) before any child gets its second, up to `DEPTH` a child. With few jobs
 * (one replication of a few alternatives: all on the first queue) handing the children their
 * second jobs first would leave this process idle. The rest are taken from `queues` as processes
 * free up.
 */
export function startingJobs(runs: readonly RunJob[], childCount: number, local: boolean): { queues: JobQueues; children: number[][]; local: number } {
  const queues = new JobQueues(runs, childCount + (local ? 1 : 0));
  const children = Array.from({ length: childCount }, (_, w) => [queues.take(w)].filter((id) => id >= 0));
  const first = local ? queues.take(childCount) : -1;
  for (let k = 1; k < DEPTH; k++) {
    children.forEach((jobs, w) => {
      const id = queues.take(w);
      if (id >= 0) jobs.push(id);
    });
  }
  return { queues, children, local: first };
}

/**
 * Every job on `workers` processes; outputs in job order. This process is one of them: it
 * forks `workers` − 1 children and runs jobs itself between turns of its event loop
 * (a child's reply waits at most one of this process's jobs). A child's full output (megabytes
 * for a long run) comes through a file, so the pipe carries only small messages: a big reply on
 * the pipe moves only while both event loops turn, and stalled for whole jobs behind a busy
 * reader.
 */
export function runOnWorkers(
  scenario: Scenario,
  runs: readonly RunJob[],
  workers: number,
  signal?: AbortSignal,
  sweep?: SweepWork,
  timeseriesDir?: string,
  onTimeseriesPart?: (alt: number) => void,
): Promise<StoredOutput[]> {
  const outputs = new Array<StoredOutput>(runs.length);
  const pool = new ColumnPool();
  const local = workers >= 2;
  const childCount = local ? workers - 1 : workers;
  const localIndex = childCount;
  const start = startingJobs(runs, childCount, local);
  const queues = start.queues;
  const children: ChildProcess[] = [];
  const replyDir = mkdtempSync(join(tmpdir(), 'capsim-replies-'));
  let done = 0;
  let settled = false;
  return new Promise<StoredOutput[]>((resolve, reject) => {
    const onAbort = () => finish(new RunAborted(signal!.reason));
    const finish = (failure: Error | null) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // A clean end lets a worker exit on its own (and run its exit hooks); a failure stops them at once.
      for (const child of children) failure === null ? child.disconnect() : child.kill();
      try {
        rmSync(replyDir, { recursive: true, force: true });
      } catch {
        // A child stopped while writing its reply: the directory goes with the next tmp clean-up.
      }
      if (failure) reject(failure);
      else resolve(outputs);
    };
    const accept = (id: number, output: RunOutput) => {
      outputs[id] = storeOutput(output, pool);
      sweep?.onDone?.(id);
      const job = runs[id];
      if (timeseriesDir !== undefined && job.full && job.point === undefined) onTimeseriesPart?.(job.alt);
      if (++done === runs.length) finish(null);
    };
    const feed = (child: ChildProcess, w: number) => {
      const id = queues.take(w);
      if (id >= 0) child.send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
    };
    if (signal?.aborted) {
      rmSync(replyDir, { recursive: true, force: true });
      return reject(new RunAborted(signal.reason));
    }
    signal?.addEventListener('abort', onAbort);
    for (let w = 0; w < childCount; w++) {
      const child = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      child.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if ('error' in reply) return finish(new Error(reply.error));
        let output: RunOutput;
        try {
          output = 'file' in reply ? readReply(reply.file) : reply.output;
        } catch (err) {
          return finish(err instanceof Error ? err : new Error(String(err)));
        }
        accept(reply.id, output);
        if (!settled) feed(child, w);
      });
      child.on('exit', (code, signal) => finish(settled ? null : new Error(`a worker process ended early (${signal ?? `exit code ${code}`})`)));
      // A send to a child that has just died, or a child that could not start.
      child.on('error', (err) => finish(err));
      child.send({ type: 'init', scenario, points: sweep?.points, demandGroups: sweep?.demandGroups, timeseriesDir, replyDir } satisfies WorkerRequest);
      for (const id of start.children[w]) child.send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
    }
    let localFirst = start.local;
    if (!local) return;
    // This process's share: one job per turn of the event loop, so replies and signals are
    // handled between jobs. It runs what a child would (and writes the same rows).
    const runner = new JobRunner(scenario, sweep?.points, sweep?.demandGroups, timeseriesDir);
    const runLocal = () => {
      if (settled) return;
      const id = localFirst >= 0 ? localFirst : queues.take(localIndex);
      localFirst = -1;
      if (id < 0) return;
      let output: RunOutput;
      try {
        output = runner.run(runs[id]);
      } catch (err) {
        return finish(err instanceof Error ? err : new Error(String(err)));
      }
      accept(id, output);
      setImmediate(runLocal);
    };
    setImmediate(runLocal);
  });
}

/** A child's full output from its file, which is removed. */
function readReply(file: string): RunOutput {
  const bytes = readFileSync(file);
  rmSync(file, { force: true });
  return deserialize(bytes) as RunOutput;
}
