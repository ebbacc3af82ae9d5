// Runs a comparison's (alternative, replication) jobs on several cores (DESIGN §5). Every job is
// seeded and independent, so the result is the same, byte for byte, as `compare`'s.
//
// With `jobs` N ≥ 2 the jobs run on N child processes and this process coordinates: it hands out
// jobs, takes the replies (and signals) at once, joins timeseries.csv's parts and writes the
// report. Each child runs V8 single-threaded (`WORKER_V8_FLAGS`). Measured on the 2-vCPU machine
// (docs/architecture.md, "Runs in parallel"): one capsim process keeps ~1.3 cores busy, the rest
// being V8's background compiler and GC threads; two such processes side by side starve each
// other's background threads, so both stay longer in unoptimised code and wait on their GC
// helpers. Two single-threaded children each use exactly one core and scale side by side as two
// independent processes do (1.96x measured), and with this process idle while they simulate,
// paired runs took 0.88-0.99x the time of the earlier design, in which it ran a share of the
// jobs itself beside N − 1 children with V8's default threads. A run on one process keeps the
// default threads: there they have the second core to themselves (single-threaded was 9 %
// slower there).
//
// Workers are processes, not threads: two simulations in two threads of one process ran slower
// side by side than two processes (threads share an allocator and a heap's GC, and a simulation
// allocates and frees a lot). Each child holds two jobs so it never waits for the next. What
// comes back is small, or a file: replications after the first send only their sample; a full
// run's packed series (domain/series-store.ts) is written by the child to a file this process
// reads, so the pipe never holds megabytes.
//
// A run in this process that writes a report goes one alternative at a time (`compareStepwise`)
// and hands each alternative's series, in shared memory, to a thread that writes its
// timeseries.csv rows while the next simulates (report/timeseries-writer.ts): a thread that
// writes beside one simulation, not two simulations side by side.

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { deserialize } from 'node:v8';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../domain/scenario.js';
import { RUN_COSTS } from '../scenario/estimate.js';
import type { AlternativeResult, ComparisonResult, TimeSeries } from '../domain/result.js';
import { ColumnPool, sharedPacked, type PackedSeries } from '../domain/series-store.js';
import { unlessAborted } from '../domain/abortable.js';
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
  /**
   * A run in this process: called with each alternative's full run as soon as it is simulated
   * (its series packed, in shared memory, and as the comparison keeps it, a view over the same
   * columns); the next run starts when the returned promise settles. The event loop turns
   * between runs, so `signal` stops the run there, with `RunAborted` (never inside a run: it
   * cannot stop between events).
   */
  onFullRun?: (alt: number, run: FullRun) => Promise<void>;
  /** false: no hourly ledger (the reports are not written; `RunOptions.ledger`). Default true. */
  ledger?: boolean;
}

/** One alternative's full run, in this process, as `ParallelOptions.onFullRun` gets it. */
export interface FullRun {
  name: string;
  packed: PackedSeries;
  series: TimeSeries;
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
  | { type: 'init'; scenario: Scenario; points?: Scenario[]; demandGroups?: number[]; timeseriesDir?: string; replyDir?: string; ledger?: boolean }
  | { type: 'run'; id: number; job: RunJob };
/** `file`: a full run's output, v8-serialised into `replyDir` (read and removed by the parent). */
export type WorkerReply = { id: number; output: RunOutput } | { id: number; file: string } | { id: number; error: string };

/**
 * Below this estimated serial time (`RUN_COSTS.secondsPerTick` × ticks × runs, which overstates
 * today's simulator 2-3x) workers do not pay: each starts and warms up its JIT anew (~0.5 s).
 * Measured on the 2-vCPU machine, paired cold runs, --jobs 2 against --jobs 1: 14 days × 4 × 10
 * replications (estimated 3.4 s, ~1.7 s wall) 0.95x; 30 days × 4 × 10 (7.3 s) 1.10x; 90 days
 * × 4 × 10 (22 s) 1.42x.
 */
export const PARALLEL_FROM_SECONDS = 5;

/** The worker processes a comparison should use (1: it runs in this process): as asked, else every core for a long run and one for a short one; never more than there are jobs. */
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
  if (jobs <= 1 || !existsSync(WORKER)) return opts.onFullRun ? compareStepwise(scenario, seed, opts.onFullRun, opts.signal) : compare(scenario, { seed, ledger: opts.ledger });
  return assembleComparison(scenario, seed, await runOnWorkers(scenario, runs, jobs, opts.signal, opts.timeseriesDir, opts.onTimeseriesPart, opts.ledger));
}

/**
 * `compare`, one run at a time with the event loop turning between runs: each full run goes to
 * `onFullRun` as soon as it is simulated (a thread writes its rows while the next simulates), and
 * an abort of `signal` stops the comparison between two runs.
 */
async function compareStepwise(scenario: Scenario, seed: number, onFullRun: NonNullable<ParallelOptions['onFullRun']>, signal?: AbortSignal): Promise<ComparisonResult> {
  const demands = new DemandCache(scenario);
  const pool = new ColumnPool();
  const outputs: StoredOutput[] = [];
  for (const job of comparisonRuns(scenario, seed)) {
    // A macrotask, not a microtask: the signal's handler and the thread's messages run here.
    await new Promise((turned) => setImmediate(turned));
    if (signal?.aborted) throw new RunAborted(signal.reason);
    // Columns in one block of shared memory from the start (`createSeries`), those kept copied
    // out of it into shared buffers of their own, so the thread that writes the rows reads the
    // very ones the comparison keeps. Made in ordinary memory and copied after the run, peak RSS
    // on a year of four alternatives was ~60 MB higher (glibc kept the freed originals' memory).
    const output = runJob(scenario, job, demands, { shared: true });
    if (output.kind === 'full') output.series = sharedPacked(output.series);
    const stored = storeOutput(output, pool);
    outputs.push(stored);
    if (output.kind === 'full') {
      const result = stored as AlternativeResult;
      await runUnlessAborted(onFullRun(job.alt, { name: result.name, packed: output.series, series: result.series }), signal);
    }
  }
  return assembleComparison(scenario, seed, outputs);
}

/** `work` once it settles; an abort meanwhile rejects with `RunAborted` at once. */
export function runUnlessAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  return unlessAborted(work, signal, (reason) => new RunAborted(reason));
}

/** A sweep's points for the workers: each point's scenario, and `demandGroups[p]`, the first point with the same demand as point p. */
export interface SweepPoints {
  points: Scenario[];
  demandGroups: number[];
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
 * The jobs each child starts with: one for every child before any gets its second, up to `DEPTH`
 * a child. With few jobs (one replication of a few alternatives: all on the first queue) handing
 * the first child its second job first would leave another child idle. The rest are taken from
 * `queues` as children free up.
 */
export function startingJobs(runs: readonly RunJob[], childCount: number): { queues: JobQueues; children: number[][] } {
  const queues = new JobQueues(runs, childCount);
  const children: number[][] = Array.from({ length: childCount }, () => []);
  for (let k = 0; k < DEPTH; k++) {
    children.forEach((jobs, w) => {
      const id = queues.take(w);
      if (id >= 0) jobs.push(id);
    });
  }
  return { queues, children };
}

/** V8 flags of a worker process: no background compiler or GC threads (see the top of this file). */
export const WORKER_V8_FLAGS = ['--single-threaded'];

/**
 * Every job on `workers` child processes; outputs in job order. This process only hands out jobs
 * and takes replies, so a reply or a signal is handled at once.
 */
export async function runOnWorkers(
  scenario: Scenario,
  runs: readonly RunJob[],
  workers: number,
  signal?: AbortSignal,
  timeseriesDir?: string,
  onTimeseriesPart?: (alt: number) => void,
  ledger?: boolean,
): Promise<StoredOutput[]> {
  if (signal?.aborted) throw new RunAborted(signal.reason);
  const set = new WorkerSet(scenario, workers, undefined, timeseriesDir, ledger);
  let failed = true;
  try {
    const outputs = await set.run(runs, { signal, onTimeseriesPart });
    failed = false;
    return outputs;
  } finally {
    set.close(failed);
  }
}

/** What one batch of jobs on a `WorkerSet` reports as it goes. */
export interface BatchOptions {
  /** Aborting it ends the batch with `RunAborted` (the set is then unusable: close it). */
  signal?: AbortSignal;
  /** Called as each job's output arrives, with the job's index in the batch. */
  onDone?: (id: number) => void;
  /** Called with the alternative's index once its rows are whole under the set's timeseries directory. */
  onTimeseriesPart?: (alt: number) => void;
}

/**
 * Worker processes that take the scenario (and a sweep's points) once and then run batches of
 * jobs, one batch at a time: a comparison's runs, or a sweep's first stage and then each round
 * of the extra replications its selection asks for, without starting new processes. A child's
 * full output (megabytes for a long run) comes through a file, so the pipe carries only small
 * messages: a big reply on the pipe moves only while both event loops turn.
 */
export class WorkerSet {
  private readonly children: ChildProcess[] = [];
  private readonly replyDir = mkdtempSync(join(tmpdir(), 'capsim-replies-'));
  private readonly pool = new ColumnPool();
  /** The batch being run: where replies and failures go. */
  private batch: { reply: (w: number, reply: WorkerReply) => void; fail: (err: Error) => void } | null = null;
  /** Why the set cannot run another batch (a worker died, a batch failed or was stopped). */
  private broken: Error | null = null;
  private closed = false;

  constructor(
    scenario: Scenario,
    readonly size: number,
    sweep?: SweepPoints,
    private readonly timeseriesDir?: string,
    private readonly ledger?: boolean,
  ) {
    try {
      for (let w = 0; w < size; w++) this.start(w, scenario, sweep);
    } catch (err) {
      // fork itself failed (no process slots, say): nothing may be left behind.
      this.close(true);
      throw err;
    }
  }

  /** Every job of `runs` on the workers; outputs in job order. */
  run(runs: readonly RunJob[], opts: BatchOptions = {}): Promise<StoredOutput[]> {
    const { signal, onDone, onTimeseriesPart } = opts;
    return new Promise<StoredOutput[]>((resolve, reject) => {
      if (this.closed) return reject(new Error('WorkerSet.run: the workers were closed'));
      if (this.broken) return reject(this.broken);
      if (this.batch) return reject(new Error('WorkerSet.run: a batch is already running'));
      const outputs = new Array<StoredOutput>(runs.length);
      const start = startingJobs(runs, this.size);
      let done = 0;
      const onAbort = () => finish(new RunAborted(signal!.reason));
      const finish = (failure: Error | null) => {
        if (this.batch !== batch) return;
        this.batch = null;
        signal?.removeEventListener('abort', onAbort);
        if (failure) {
          // Replies to this batch may still come: no later batch may take them for its own.
          this.broken ??= failure;
          reject(failure);
        } else resolve(outputs);
      };
      const batch = {
        fail: (err: Error) => finish(err),
        reply: (w: number, reply: WorkerReply) => {
          if ('error' in reply) return finish(new Error(reply.error));
          let output: RunOutput;
          try {
            output = 'file' in reply ? readReply(reply.file) : reply.output;
          } catch (err) {
            return finish(err instanceof Error ? err : new Error(String(err)));
          }
          outputs[reply.id] = storeOutput(output, this.pool);
          onDone?.(reply.id);
          const job = runs[reply.id];
          if (this.timeseriesDir !== undefined && job.full && job.point === undefined) onTimeseriesPart?.(job.alt);
          if (++done === runs.length) return finish(null);
          const id = start.queues.take(w);
          if (id >= 0) this.children[w].send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
        },
      };
      this.batch = batch;
      if (signal?.aborted) return finish(new RunAborted(signal.reason));
      signal?.addEventListener('abort', onAbort);
      if (runs.length === 0) return finish(null);
      this.children.forEach((child, w) => {
        for (const id of start.children[w]) child.send({ type: 'run', id, job: runs[id] } satisfies WorkerRequest);
      });
    });
  }

  /** Ends the workers: after clean batches they exit on their own (and run their exit hooks); after a failure they are stopped at once. */
  close(failed = false): void {
    if (this.closed) return;
    this.closed = true;
    for (const child of this.children) failed || this.broken ? child.kill() : child.disconnect();
    try {
      rmSync(this.replyDir, { recursive: true, force: true });
    } catch {
      // A child stopped while writing its reply: the directory goes with the next tmp clean-up.
    }
  }

  /** Forks worker `w` and gives it the scenario; its replies go to the batch being run. */
  private start(w: number, scenario: Scenario, sweep?: SweepPoints): void {
    const child = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...WORKER_V8_FLAGS] });
    this.children.push(child);
    child.on('message', (reply: WorkerReply) => this.batch?.reply(w, reply));
    child.on('exit', (code, sig) => this.fail(new Error(`a worker process ended early (${sig ?? `exit code ${code}`})`)));
    // A send to a child that has just died, or a child that could not start.
    child.on('error', (err) => this.fail(err));
    child.send({ type: 'init', scenario, points: sweep?.points, demandGroups: sweep?.demandGroups, timeseriesDir: this.timeseriesDir, replyDir: this.replyDir, ledger: this.ledger } satisfies WorkerRequest);
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.broken ??= err;
    this.batch?.fail(err);
  }
}

/** A child's full output from its file, which is removed. */
function readReply(file: string): RunOutput {
  const bytes = readFileSync(file);
  rmSync(file, { force: true });
  return deserialize(bytes) as RunOutput;
}
