// Writes a report directory atomically: every file goes into a temporary directory beside the
// target (same parent, so the final step is a rename on one filesystem), and only a complete
// report replaces the old one. On any error the temporary directory is removed and the old report,
// if any, is left as it was.

import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ComparisonResult } from '../domain/result.js';
import { eventsCsv, timeseriesCsvChunks } from './csv.js';
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
}

export interface WriteOptions {
  formats?: ReportFormat[];
  /** More files to write with the report (rendered last; a throwing one aborts the whole write). */
  extraFiles?: ReportFile[];
}

/** Names a report directory may hold; anything else means it is not ours to replace. */
const OWN_ENTRIES = new Set([RESULTS_FILE, TIMESERIES_FILE, EVENTS_FILE, PARQUET_FILE, 'report.md', 'report.html', CHARTS_DIR]);

/** The files of the chosen formats, rendered lazily so an error stops the write at once. */
export function planReport(result: ComparisonResult, formats: ReportFormat[] = ALL_FORMATS): ReportFile[] {
  const files: ReportFile[] = [];
  if (formats.includes('json')) files.push({ path: RESULTS_FILE, render: () => resultsJson(result) });
  if (formats.includes('csv')) {
    files.push({ path: TIMESERIES_FILE, render: () => timeseriesCsvChunks(result) });
    files.push({ path: EVENTS_FILE, render: () => eventsCsv(result) });
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

async function writeContent(path: string, content: string | Iterable<string | Uint8Array>): Promise<void> {
  if (typeof content === 'string') return writeFile(path, content);
  const handle = await open(path, 'w');
  try {
    for (const chunk of content) {
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
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Refuses to replace anything that is not a report directory, so `--out .` cannot wipe a project. */
async function checkReplaceable(outDir: string): Promise<boolean> {
  const kind = await exists(outDir);
  if (!kind) return false;
  if (kind === 'other') throw new Error(`cannot write the report to ${outDir}: it exists and is not a directory`);
  const foreign = (await readdir(outDir)).filter((name) => !OWN_ENTRIES.has(name));
  if (foreign.length > 0) {
    throw new Error(
      `refusing to replace ${outDir}: it holds files that are not part of a capsim report (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); choose an empty or new directory`,
    );
  }
  return true;
}

export async function writeReports(result: ComparisonResult, outDir: string, opts: WriteOptions = {}): Promise<string[]> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const files = [...planReport(result, opts.formats ?? ALL_FORMATS), ...(opts.extraFiles ?? [])];
  const replacing = await checkReplaceable(target);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(target)}.old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp);
    for (const file of files) {
      const path = join(tmp, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeContent(path, file.render());
    }
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
