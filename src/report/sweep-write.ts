// Writes a sweep's output directory atomically, as write.ts does a run's report: the files go to a
// temporary directory beside the target and replace it only when complete; an error or a signal
// removes the temporary directory and leaves the old output as it was. A directory holding files
// that are not a sweep's is never replaced.

import { readdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SweepPart, SweepResult } from '../domain/sweep.js';
import { OutputDirError, replaceDirectory } from './write.js';
import { SWEEP_CSV, SWEEP_JSON, sweepCsv, sweepJson } from './sweep-table.js';
import { renderSweepMarkdown } from './sweep-markdown.js';
import { SWEEP_CHARTS_DIR, sweepSvgCharts } from './sweep-svg.js';
import { renderSweepHtml } from './sweep-html.js';

export interface SweepFile {
  path: string;
  render: () => string;
}

/** The name of shard i's part file (0-based i): `sweep-part-1-of-3.json` for the first of three. */
export function partFileName(index: number, count: number): string {
  return `sweep-part-${index + 1}-of-${count}.json`;
}

const OWN = /^(sweep\.csv|sweep\.json|report\.md|report\.html|charts|sweep-part-\d+-of-\d+\.json)$/;

/** Every file of a sweep's output: sweep.csv, sweep.json, report.md with its SVG charts, report.html. */
export function planSweep(result: SweepResult): SweepFile[] {
  const files: SweepFile[] = [
    { path: SWEEP_CSV, render: () => sweepCsv(result) },
    { path: SWEEP_JSON, render: () => sweepJson(result) },
    { path: 'report.md', render: () => renderSweepMarkdown(result) },
  ];
  for (const chart of sweepSvgCharts(result)) files.push({ path: `${SWEEP_CHARTS_DIR}/${chart.file}`, render: () => chart.svg });
  files.push({ path: 'report.html', render: () => renderSweepHtml(result) });
  return files;
}

/** A shard's output: its part file alone. */
export function planPart(part: SweepPart): SweepFile[] {
  return [{ path: partFileName(part.shard.index, part.shard.count), render: () => `${JSON.stringify(part, null, 2)}\n` }];
}

async function kind(path: string): Promise<'dir' | 'other' | false> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** Before any run: the target is a new directory or an earlier sweep's, and its parent takes a directory. */
export async function checkSweepOutDir(outDir: string): Promise<boolean> {
  if (outDir.trim() === '') throw new OutputDirError(outDir, 'an empty path; give a directory for the sweep');
  const target = resolve(outDir);
  const k = await kind(target);
  if (k === 'other') throw new OutputDirError(outDir, 'it exists and is not a directory; choose a directory path');
  if (k === 'dir') {
    const foreign = (await readdir(target)).filter((n) => !OWN.test(n));
    if (foreign.length > 0) throw new OutputDirError(outDir, `refusing to replace ${target}: it holds files that are not a capsim sweep's (${foreign.slice(0, 5).join(', ')}); choose an empty or new directory`);
  }
  let up = k === 'dir' ? dirname(target) : target;
  while ((await kind(up)) === false && dirname(up) !== up) up = dirname(up);
  if ((await kind(up)) === 'other') throw new OutputDirError(outDir, `${up} is a file, so no directory can be made under it`);
  return k === 'dir';
}

/** Writes `files` as the whole content of `outDir`; returns their paths. */
export async function writeSweepDir(outDir: string, files: readonly SweepFile[], signal?: AbortSignal): Promise<string[]> {
  const replacing = await checkSweepOutDir(outDir);
  return replaceDirectory(resolve(outDir), replacing, files, signal);
}
