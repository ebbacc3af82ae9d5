// Writes a report directory atomically: every file goes into a temporary directory beside the
// target (same parent, so the final step is a rename on one filesystem), and only a complete
// report replaces the old one. On any error, or when stopped (SIGINT), the temporary directory is
// removed and the old report, if any, is left as it was; what a killed run left behind is cleaned
// on the next write. `checkOutDir` finds a bad target before any work is done.

import { copyFile, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { unlessAborted } from '../domain/abortable.js';
import type { ComparisonResult } from '../domain/result.js';
import { eventsCsv, timeseriesCsvChunks } from './csv.js';
import { COSTS_FILE, costsCsvChunks, hasHourlyCosts } from './costs-csv.js';
import { renderHtml } from './html.js';
import { EVENTS_FILE, RESULTS_FILE, TIMESERIES_FILE, resultsJson } from './json.js';
import { renderMarkdownReport } from './markdown.js';
import { PARQUET_FILE, timeseriesParquetChunks } from './parquet.js';
import { CHARTS_DIR, SVG_CHARTS, svgChartFiles } from './svg/index.js';
import { chartInput, type ChartInput } from './svg/primitives.js';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html' | 'parquet';
/** What a report holds unless told otherwise; `parquet` (timeseries.parquet) is asked for with `--parquet`. */
export const ALL_FORMATS: ReportFormat[] = ['json', 'csv', 'md', 'html'];

/** One file of a report: its path relative to the report directory and how to render it. */
export interface ReportFile {
  path: string;
  /** The whole text, or its pieces (text or bytes) in order, for files too big to hold at once. */
  render: () => string | Iterable<string | Uint8Array>;
  /**
   * A file that already holds what `render` gives: it is moved into place instead (copied across
   * file systems). A promise: the file is still being written (timeseries.csv on its thread), so
   * it goes in after every other file, which are written meanwhile; a rejection fails the write.
   */
  moveFrom?: string | Promise<string>;
}

export interface WriteOptions {
  formats?: ReportFormat[];
  /** More files to write with the report (rendered last; a throwing one aborts the whole write). */
  extraFiles?: ReportFile[];
  /** Stops the write between files and chunks (SIGINT): the temporary directory is removed, the old report kept. */
  signal?: AbortSignal;
  /**
   * timeseries.csv already written (joined from the worker processes' rows while the run went
   * on, `TimeseriesJoin`), or still being written on a thread (`TimeseriesWriter`): moved into the
   * report instead of written again, in the second case after the other files.
   */
  timeseriesFile?: string | Promise<string>;
}

/** Moves a finished file into the report; across file systems, the kernel copies it. */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/** Names a report directory may hold; anything else means it is not ours to replace. */
const OWN_ENTRIES = new Set([RESULTS_FILE, TIMESERIES_FILE, EVENTS_FILE, COSTS_FILE, PARQUET_FILE, 'report.md', 'report.html', CHARTS_DIR]);

/** The files of the chosen formats, rendered lazily so an error stops the write at once. */
export function planReport(result: ComparisonResult, formats: ReportFormat[] = ALL_FORMATS, timeseriesFile?: string | Promise<string>): ReportFile[] {
  const files: ReportFile[] = [];
  if (formats.includes('json')) files.push({ path: RESULTS_FILE, render: () => resultsJson(result) });
  if (formats.includes('csv')) {
    files.push({ path: TIMESERIES_FILE, render: () => timeseriesCsvChunks(result), moveFrom: timeseriesFile });
    files.push({ path: EVENTS_FILE, render: () => eventsCsv(result) });
    // The hourly ledger: absent only from a saved report that never had one (it cannot be recomputed).
    if (hasHourlyCosts(result.alternatives)) files.push({ path: COSTS_FILE, render: () => costsCsvChunks(result.alternatives) });
  }
  if (formats.includes('md')) {
    files.push({ path: 'report.md', render: () => renderMarkdownReport(result) });
    // The downsampled series are computed once and shared by every chart.
    let input: ChartInput | undefined;
    for (const file of svgChartFiles(result)) {
      files.push({ path: `${CHARTS_DIR}/${file}`, render: () => SVG_CHARTS[file]((input ??= chartInput(result))).svg });
    }
  }
  if (formats.includes('html')) files.push({ path: 'report.html', render: () => renderHtml(result) });
  if (formats.includes('parquet')) files.push({ path: PARQUET_FILE, render: () => timeseriesParquetChunks(result) });
  return files;
}

/** The report directory cannot be written: a bad `--out` (exit 2, one line). */
export class OutputDirError extends Error {
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super(`--out ${dir}: ${message}`);
    this.name = 'OutputDirError';
  }
}

/** Thrown when the write was stopped through `WriteOptions.signal`; nothing was left behind. */
export class WriteAborted extends Error {
  constructor(readonly reason: unknown) {
    super(`writing the report was stopped (${String(reason)})`);
    this.name = 'WriteAborted';
  }
}

/** A file still being written is awaited in its turn; until then (or when another fails first) its failure is not an unhandled rejection. */
function guardPending(files: readonly ReportFile[]): void {
  for (const f of files) if (f.moveFrom instanceof Promise) f.moveFrom.catch(() => {});
}

async function writeContent(path: string, content: string | Iterable<string | Uint8Array>, signal?: AbortSignal): Promise<void> {
  if (typeof content === 'string') return writeFile(path, content);
  const handle = await open(path, 'w');
  try {
    for (const chunk of content) {
      if (signal?.aborted) throw new WriteAborted(signal.reason);
      if (typeof chunk === 'string') await handle.write(chunk);
      else for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<'dir' | 'other' | false> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: some ancestor is a file; the caller finds which.
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** Refuses to replace anything that is not a report directory, so `--out .` cannot wipe a project. */
async function checkReplaceable(outDir: string, asGiven: string): Promise<boolean> {
  const kind = await exists(outDir);
  if (!kind) return false;
  if (kind === 'other') throw new OutputDirError(asGiven, 'it exists and is not a directory; choose a directory path');
  const foreign = (await readdir(outDir)).filter((name) => !OWN_ENTRIES.has(name));
  if (foreign.length > 0) {
    throw new OutputDirError(
      asGiven,
      `refusing to replace ${outDir}: it holds files that are not part of a capsim report (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); choose an empty or new directory`,
    );
  }
  return true;
}

const LEFTOVER = /^\.(.+)\.(tmp|old|rows)-(\d+)$/;

/**
 * Where a thread writes timeseries.csv while the run goes on (`TimeseriesWriter`): beside the
 * report, so it goes in by a rename (not a copy from another file system, such as a tmpfs /tmp),
 * and a killed run's file is removed by the next write, as its temporary directory is.
 */
export function rowsFilePath(outDir: string): string {
  const target = resolve(outDir);
  return join(dirname(target), `.${basename(target)}.rows-${process.pid}`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What a killed run (SIGKILL, a crash, a power cut) left beside `target`: its temporary
 * directory and its timeseries.csv rows (`rowsFilePath`) are removed, and a previous report it had
 * moved aside is put back if nothing replaced it. What a run still going (its process alive) has
 * there is left alone.
 */
async function cleanLeftovers(target: string): Promise<void> {
  const parent = dirname(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== basename(target) || alive(Number(m[3]))) continue;
    const path = join(parent, name);
    if (m[2] === 'old' && !(await exists(target))) await rename(path, target);
    else await rm(path, { recursive: true, force: true });
  }
}

/**
 * Checks, before any work, that a report can be written to `outDir`: it is not a file, not a
 * directory of other files, and its nearest existing ancestor takes a new directory (tried, not
 * guessed from permission bits). Cleans what a killed earlier run left there. Throws OutputDirError.
 */
export async function checkOutDir(outDir: string): Promise<void> {
  if (outDir.trim() === '') throw new OutputDirError(outDir, 'an empty path; give a directory for the report');
  const target = resolve(outDir);
  await cleanLeftovers(target);
  const replacing = await checkReplaceable(target, outDir);
  let ancestor = replacing ? dirname(target) : target;
  for (;;) {
    const kind = await exists(ancestor);
    if (kind === 'dir') break;
    if (kind === 'other') throw new OutputDirError(outDir, `${ancestor} is a file, so no directory can be made under it`);
    const up = dirname(ancestor);
    if (up === ancestor) break;
    ancestor = up;
  }
  const probe = join(ancestor, `.capsim-probe-${process.pid}`);
  try {
    await mkdir(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new OutputDirError(outDir, `cannot create the report there: ${ancestor} is not writable (${code})`);
  }
  await rm(probe, { recursive: true, force: true });
}

export async function writeReports(result: ComparisonResult, outDir: string, opts: WriteOptions = {}): Promise<string[]> {
  const target = resolve(outDir);
  const files = [...planReport(result, opts.formats ?? ALL_FORMATS, opts.timeseriesFile), ...(opts.extraFiles ?? [])];
  guardPending(files);
  const signal = opts.signal;
  await cleanLeftovers(target);
  const replacing = await checkReplaceable(target, outDir);
  return replaceDirectory(target, replacing, files, signal);
}

/**
 * Makes `files` the whole content of directory `target`: written into a temporary directory
 * beside it, then renamed into place (the old one, when `replacing`, moved aside first and
 * removed after). On any error or abort the temporary directory is removed and the old one kept.
 * Returns the files' paths. The caller has checked that `target` may be replaced.
 */
export async function replaceDirectory(target: string, replacing: boolean, files: readonly ReportFile[], signal?: AbortSignal): Promise<string[]> {
  guardPending(files);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(target)}.old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp);
    // A file still being written elsewhere goes in last: the others are written meanwhile.
    const pending = (f: ReportFile) => f.moveFrom instanceof Promise;
    for (const file of [...files.filter((f) => !pending(f)), ...files.filter(pending)]) {
      if (signal?.aborted) throw new WriteAborted(signal.reason);
      const path = join(tmp, file.path);
      await mkdir(dirname(path), { recursive: true });
      if (file.moveFrom instanceof Promise) await moveInto(await unlessAborted(file.moveFrom, signal, (reason) => new WriteAborted(reason)), path);
      else if (file.moveFrom !== undefined) await moveInto(file.moveFrom, path);
      else await writeContent(path, file.render(), signal);
    }
    if (signal?.aborted) throw new WriteAborted(signal.reason);
    if (replacing) await rename(target, old);
    try {
      await rename(tmp, target);
    } catch (err) {
      if (replacing) await rename(old, target);
      throw err;
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  if (replacing) await rm(old, { recursive: true, force: true });
  return files.map((f) => join(target, f.path));
}
