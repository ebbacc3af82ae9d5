// timeseries.csv written on a thread of its own while a run in one process simulates: each
// alternative's rows go into the file as soon as it is simulated, while the main thread simulates
// the next, so after the last simulation only the last alternative's rows are left to write, and
// the rest of the report is written meanwhile. Worker processes do the same with a part file per
// alternative that the main process joins (`TimeseriesJoin`, csv.ts); here the alternatives come
// in order, so the thread appends each to the one file and there are no parts to join.
//
// Memory stays bounded: an alternative is handed over only when the thread has written the one
// before, so at most one is in flight, and posting its packed columns copies nothing: the comparison
// keeps them in shared memory (`sharedPacked`, which copies each kept column there once), and the
// thread reads them a window at a time.
// The thread is timeseries-thread.ts, found beside this module (so beside it in a bundle too).

import { closeSync, existsSync, mkdirSync, openSync, rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_POINTS, rememberDownsample, type DisplaySeries } from '../domain/downsample.js';
import type { TimeSeries } from '../domain/result.js';
import type { PackedSeries } from '../domain/series-store.js';

const THREAD = new URL('./timeseries-thread.js', import.meta.url);

/**
 * The file's descriptor, opened and closed by the main thread (descriptors are the process's):
 * a thread that is terminated, or fails, never leaves it open, and none is closed twice.
 */
export interface TimeseriesThreadData {
  fd: number;
}
export type TimeseriesRequest = { type: 'rows'; alt: number; name: string; series: PackedSeries } | { type: 'end' };
export type TimeseriesReply = { type: 'display'; alt: number; display: DisplaySeries } | { type: 'written'; alt: number } | { type: 'done' };

/** False when the compiled thread is absent (tests run the TypeScript sources): the report then writes the rows itself. */
export function timeseriesThreadAvailable(): boolean {
  return existsSync(fileURLToPath(THREAD));
}

/** The thread's error as this thread reports it: what failed, and where in the thread (its stack, not the message port's). */
function threadError(err: Error): Error {
  const error = new Error(`could not write timeseries.csv: ${err.message}`, { cause: err });
  if (err.stack !== undefined) error.stack = [`${error.name}: ${error.message}`, ...err.stack.split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
  return error;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

/** A promise settled from outside; its rejection counts as handled until someone awaits it. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

export class TimeseriesWriter {
  /** The file is made when the first alternative comes, so a run stopped before has nothing on disk. */
  private started = false;
  private worker: Worker | null = null;
  private next = 0;
  private readonly views: TimeSeries[] = [];
  private readonly written: Deferred<void>[];
  private readonly displayed: Deferred<void>[];
  private readonly closed = deferred<string>();
  private failure: Error | null = null;
  private whole = false;
  /** The file's descriptor while it is open (the thread writes through it). */
  private fd: number | null = null;
  /** The outermost directory made for the file (the report's parents, when they did not exist). */
  private madeDir: string | undefined;

  /** `alternatives` are expected, 0 first; timeseries.csv is written at `path` (the report writer's `rowsFilePath`). */
  constructor(
    private readonly alternatives: number,
    readonly path: string,
  ) {
    this.written = Array.from({ length: alternatives }, () => deferred<void>());
    this.displayed = Array.from({ length: alternatives }, () => deferred<void>());
  }

  /**
   * Hands alternative `alt` to the thread once the one before it is written. `packed` should be in
   * shared memory (`sharedPacked`), which the thread reads in place; other arrays are copied into
   * the message, all of them in one buffer (for a year, tens of MB at once). Its chart points, when they come back, are remembered for `series`, the view the
   * comparison keeps, so the charts read them instead of unpacking its columns. Rejects when the
   * thread failed.
   */
  async add(alt: number, name: string, packed: PackedSeries, series: TimeSeries): Promise<void> {
    if (alt !== this.next || alt >= this.alternatives) throw new Error(`TimeseriesWriter.add: alternative ${alt} came when ${this.next} was due`);
    this.next++;
    if (alt === 0) this.start();
    else await this.written[alt - 1].promise;
    if (this.failure) throw this.failure;
    this.views[alt] = series;
    this.worker!.postMessage({ type: 'rows', alt, name, series: packed } satisfies TimeseriesRequest);
    if (alt === this.alternatives - 1) this.worker!.postMessage({ type: 'end' } satisfies TimeseriesRequest);
  }

  /** Every alternative's chart points are back (and remembered). */
  async displays(): Promise<void> {
    await Promise.all(this.displayed.map((d) => d.promise));
  }

  /** timeseries.csv's path once every alternative's rows are in and the file is closed; rejects when the thread failed. */
  finished(): Promise<string> {
    return this.closed.promise;
  }

  /** Stops the thread if it still runs and removes the file unless it was moved away. */
  async close(): Promise<void> {
    this.fail(new Error('the writer was closed before every alternative was written'));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.closeFile();
    this.removeSync();
  }

  /** The directories `start` made, innermost first, as long as they are empty (a run stopped before its report). */
  private removeMadeDirs(): void {
    if (this.madeDir === undefined) return;
    for (let dir = dirname(this.path); ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return; // not empty, or gone: what is left is not only ours
      }
      if (dir === this.madeDir) return;
    }
  }

  private closeFile(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) closeSync(fd);
  }

  /**
   * Removes the file at once unless it was moved away (a process on its way out: the thread goes
   * with it), and, when the run stopped before the file was whole, the directories made for it.
   */
  removeSync(): void {
    if (!this.started) return;
    rmSync(this.path, { force: true });
    if (!this.whole) this.removeMadeDirs();
  }

  private start(): void {
    this.started = true;
    const path = this.path;
    this.madeDir = mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
    const worker = new Worker(THREAD, { workerData: { fd: this.fd } satisfies TimeseriesThreadData });
    this.worker = worker;
    worker.on('message', (reply: TimeseriesReply) => {
      if (reply.type === 'display') {
        rememberDownsample(this.views[reply.alt], DEFAULT_MAX_POINTS, reply.display);
        this.displayed[reply.alt].resolve();
      } else if (reply.type === 'written') this.written[reply.alt].resolve();
      else {
        // The thread has written its last rows (synchronously) and writes nothing more.
        this.closeFile();
        this.whole = true;
        this.closed.resolve(path);
      }
    });
    worker.on('error', (err) => this.fail(threadError(err)));
    // After an error, or killed: every message sent before it has been delivered by now.
    worker.on('exit', (code) => this.fail(new Error(`could not write timeseries.csv: its thread ended early (exit code ${code})`)));
  }

  /** The first failure is the one reported; after the file is whole, nothing can fail. */
  private fail(err: Error): void {
    if (this.failure !== null || this.whole) return;
    this.failure = err;
    for (const d of [...this.written, ...this.displayed]) d.reject(err);
    this.closed.reject(err);
  }
}
