// Writes a sweep's output directory atomically, as write.ts does a run's report: the files go to a
// temporary directory beside the target and replace it only when complete; an error or a signal
// removes the temporary directory and leaves the old output as it was. A directory holding files
// that are not a sweep's is never replaced. A shard's part file is added beside the other parts of
// the same split (shards may share one --out), never replacing the directory.

import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SweepHeader, SweepPart, SweepResult } from '../domain/sweep.js';
import { OutputDirError, WriteAborted, replaceDirectory } from './write.js';
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

const PART_FILE = /^sweep-part-\d+-of-\d+\.json$/;
/** A part being written by some shard (hidden, so other shards and capsim merge pass it by). */
const PART_TMP = /^\.sweep-part-\d+-of-\d+\.json\.tmp-\d+$/;

/**
 * Before a shard runs, and again before it writes: `outDir` is new, empty, or holds only part
 * files of the same split of the same sweep (equal header and shard count), so the shards of one
 * sweep can share it. Anything else is refused, the directory left as it is.
 */
export async function checkPartOutDir(outDir: string, header: SweepHeader, count: number): Promise<void> {
  if (outDir.trim() === '') throw new OutputDirError(outDir, 'an empty path; give a directory for the part file');
  const target = resolve(outDir);
  const k = await kind(target);
  if (k === 'other') throw new OutputDirError(outDir, 'it exists and is not a directory; choose a directory path');
  if (k === false) {
    let up = target;
    while ((await kind(up)) === false && dirname(up) !== up) up = dirname(up);
    if ((await kind(up)) === 'other') throw new OutputDirError(outDir, `${up} is a file, so no directory can be made under it`);
    return;
  }
  const fingerprint = JSON.stringify(header);
  const names = (await readdir(target)).filter((n) => !PART_TMP.test(n)).sort();
  const foreign = names.filter((n) => !PART_FILE.test(n));
  if (foreign.length > 0) throw new OutputDirError(outDir, `refusing to write a part into ${target}: it holds files that are not parts of this sweep (${foreign.slice(0, 5).join(', ')}); choose a new directory, or one holding only this sweep's parts`);
  for (const name of names) {
    let part: Partial<SweepPart> | null = null;
    try {
      part = JSON.parse(await readFile(join(target, name), 'utf8')) as Partial<SweepPart>;
    } catch {
      part = null;
    }
    if (part === null || typeof part !== 'object' || part.kind !== 'capsim-sweep-part') throw new OutputDirError(outDir, `refusing to write a part into ${target}: ${name} is not a sweep part; choose a new directory`);
    if (JSON.stringify(part.header) !== fingerprint) throw new OutputDirError(outDir, `refusing to write a part into ${target}: ${name} is a part of another sweep (scenario, seed, parameters or alternatives differ); choose a new directory`);
    if (part.shard?.count !== count) throw new OutputDirError(outDir, `refusing to write a part into ${target}: ${name} is a part of a split into ${String(part.shard?.count)}, this one is into ${count}; choose a new directory`);
  }
}

/**
 * Adds the shard's part file to `outDir` (made if new), replacing only an earlier copy of the same
 * shard: written beside it under a hidden name, then renamed into place, so a reader sees the old
 * part or the whole new one, and an error or a signal leaves the directory as it was.
 */
export async function writeSweepPart(outDir: string, part: SweepPart, signal?: AbortSignal): Promise<string[]> {
  await checkPartOutDir(outDir, part.header, part.shard.count);
  const target = resolve(outDir);
  await mkdir(target, { recursive: true });
  const name = partFileName(part.shard.index, part.shard.count);
  const tmp = join(target, `.${name}.tmp-${process.pid}`);
  try {
    await writeFile(tmp, `${JSON.stringify(part, null, 2)}\n`);
    if (signal?.aborted) throw new WriteAborted(signal.reason);
    await rename(tmp, join(target, name));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return [join(target, name)];
}
