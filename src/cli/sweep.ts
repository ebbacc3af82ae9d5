// `capsim sweep`, `capsim sensitivity` and `capsim merge`: load the points (every error before
// anything runs), run them on the worker pool with progress on stderr, print the table and write
// the output directory atomically. With a shard (`--shard i/N`, or the index a Kubernetes Indexed
// Job or an AWS Batch array job gives its containers) only that share of the points runs and the
// output is a part file; `capsim merge` joins the parts into what an unsharded run writes.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SweepPart, SweepResult } from '../domain/sweep.js';
import { loadSweep, type SweepMode } from '../scenario/sweep-load.js';
import { jobsFor, RunAborted } from '../run/parallel.js';
import { assembleSweep, mergeParts, MergeError, runSweepPoints, sweepHeader, sweepPart, type Shard } from '../run/sweep.js';
import type { SweepSelectOptions } from '../domain/sweep.js';
import { renderSweepTable } from '../report/sweep-table.js';
import { checkPartOutDir, checkSweepOutDir, planSweep, writeSweepDir, writeSweepPart } from '../report/sweep-write.js';
import { WriteAborted } from '../report/write.js';
import { FlagError } from './flags.js';
import { createProgress } from './progress.js';
import { interruptibly } from './run.js';

export interface SweepArgs {
  scenario: string;
  sets: string[];
  out?: string;
  jobs?: number;
  replications?: number;
  seed?: number;
  mode?: SweepMode;
  shard?: Shard;
  /** --confidence, --indifference, --max-replications: `sweep.select` from the command line. */
  select?: Partial<SweepSelectOptions>;
  quiet: boolean;
  color: boolean;
}

const SHARD_ALLOWED = '"i/N" with 1 ≤ i ≤ N, e.g. --shard 2/3 (the second of three shares)';

/** `--shard i/N` (1-based i), else JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job), 0-based, with the count from `--shard-count`, CAPSIM_SHARD_COUNT or AWS_BATCH_JOB_ARRAY_SIZE. */
export function shardFrom(flag: unknown, countFlag: unknown, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (flag !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(flag));
    if (!m) throw new FlagError('shard', `"${String(flag)}" is not i/N`, SHARD_ALLOWED);
    const i = Number(m[1]);
    const n = Number(m[2]);
    if (!(n >= 1 && i >= 1 && i <= n)) throw new FlagError('shard', `${i}/${n} is out of range`, SHARD_ALLOWED);
    return { index: i - 1, count: n };
  }
  const source = env.JOB_COMPLETION_INDEX !== undefined ? 'JOB_COMPLETION_INDEX' : env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined ? 'AWS_BATCH_JOB_ARRAY_INDEX' : null;
  if (source === null) return undefined;
  const countText = countFlag !== undefined ? String(countFlag) : (env.CAPSIM_SHARD_COUNT ?? (source === 'AWS_BATCH_JOB_ARRAY_INDEX' ? env.AWS_BATCH_JOB_ARRAY_SIZE : undefined));
  const allowed = `the number of shares as --shard-count N or CAPSIM_SHARD_COUNT (the Job's completions${source === 'AWS_BATCH_JOB_ARRAY_INDEX' ? ', or AWS_BATCH_JOB_ARRAY_SIZE' : ''})`;
  if (countText === undefined) throw new FlagError('shard', `${source} is set but not how many shares there are`, allowed);
  const index = Number(env[source]);
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1) throw new FlagError('shard-count', `"${countText}" is not a whole number ≥ 1`, allowed);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new FlagError('shard', `${source}=${env[source]} is not an index from 0 to ${count - 1}`, allowed);
  return { index, count };
}

export async function sweepCommand(args: SweepArgs): Promise<void> {
  const sweep = loadSweep(args.scenario, { sets: args.sets, mode: args.mode, replications: args.replications, select: args.select });
  if (args.shard && args.out === undefined) throw new FlagError('shard', 'writes a part file for capsim merge, so it needs --out', '--out parts/shard-1 --shard 1/3');
  const header = sweepHeader(sweep, args.seed);
  // A shard adds its part beside the other parts of the split (shards may share one --out).
  if (args.shard) await checkPartOutDir(args.out!, header, args.shard.count);
  else if (args.out !== undefined) await checkSweepOutDir(args.out);
  const runs = sweep.points.reduce((n, p) => n + p.scenario.alternatives.length * Math.max(1, p.scenario.replications), 0);
  const jobs = jobsFor(sweep.base, runs, args.jobs);
  const label = args.shard ? `capsim ${sweep.mode === 'grid' ? 'sweep' : 'sensitivity'} ${args.shard.index + 1}/${args.shard.count}` : `capsim ${sweep.mode === 'grid' ? 'sweep' : 'sensitivity'}`;
  const progress = createProgress({ quiet: args.quiet, tty: process.stderr.isTTY === true, label });
  let added: number | undefined;
  // The bar stops (and gives the cursor back) before an interruption's message is written.
  const points = await interruptibly(
    (signal) =>
      runSweepPoints(sweep, {
        seed: args.seed,
        jobs,
        shard: args.shard,
        signal,
        onProgress: (p) => {
          progress.update(p);
          // The first stage is done: the bar goes before the selection's rounds (which it does not count).
          if (p.runsDone === p.runsTotal) progress.stop();
        },
        // The selection's extra replications run on the same workers; a shard runs only the first stage.
        selection: args.shard ? undefined : header,
        onSelectionDone: (n) => (added = n),
      }).finally(() => progress.stop()),
    (err): err is RunAborted => err instanceof RunAborted,
    `while sweeping; stopped the workers, ${args.out ?? 'the output directory'} is as it was`,
  );
  if (args.shard) {
    const part = sweepPart(header, args.shard, points);
    const written = await interruptibly(
      (signal) => writeSweepPart(args.out!, part, signal),
      (err): err is WriteAborted => err instanceof WriteAborted,
      `while writing the part; ${args.out} is as it was`,
    );
    process.stdout.write(`Shard ${args.shard.index + 1} of ${args.shard.count}: ${points.length} of ${header.pointCount} points. Wrote ${written.length} file to ${args.out}/; join the parts with capsim merge.\n`);
    return;
  }
  if (added !== undefined && !args.quiet) process.stderr.write(`${label}: selection added ${added} replication${added === 1 ? '' : 's'} where the decision was close\n`);
  await finish(assembleSweep(header, points), args.out, args.color);
}

async function finish(result: SweepResult, out: string | undefined, color: boolean): Promise<void> {
  const written = out !== undefined ? await writeInterruptibly(out, planSweep(result)) : [];
  process.stdout.write(renderSweepTable(result, { color }));
  if (written.length > 0) process.stdout.write(`\nWrote ${written.length} files to ${out}/\n`);
}

function writeInterruptibly(out: string, files: Parameters<typeof writeSweepDir>[1]): Promise<string[]> {
  return interruptibly(
    (signal) => writeSweepDir(out, files, signal),
    (err): err is WriteAborted => err instanceof WriteAborted,
    `while writing the sweep; removed the partial output, ${out} is as it was`,
  );
}

const PART_FILE = /^sweep-part-\d+-of-\d+\.json$/;

/**
 * sweep-part-*.json files in `dir` and, recursively, its subdirectories (the shipped manifests
 * write each shard to `parts/shard-N/`). Hidden entries are skipped: the atomic writer's
 * `.NAME.tmp-PID` and `.NAME.old-PID` directories (a shard being written, or the previous part of
 * a retried one) would otherwise count twice. Symbolic links to directories are not followed.
 */
function findParts(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (PART_FILE.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The part files named, or found (sweep-part-*.json) in the directories named and their subdirectories; each file once. */
function partFiles(paths: readonly string[]): string[] {
  const files = paths.flatMap((p) => {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      throw new MergeError(`${p}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!isDir) return [p];
    const found = findParts(p);
    if (found.length === 0) throw new MergeError(`${p} holds no sweep-part-*.json file (nor do its subdirectories)`);
    return found;
  });
  // A part named twice (a directory and a file in it) is read once; two files claiming one shard are refused by mergeParts.
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = resolve(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readPart(file: string): SweepPart {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MergeError(`${file}: not a sweep part (${(err as Error).message})`);
  }
  const part = data as SweepPart;
  if (part === null || typeof part !== 'object' || part.kind !== 'capsim-sweep-part' || !part.header || !Array.isArray(part.points) || !Number.isInteger(part.shard?.index) || !Number.isInteger(part.shard?.count)) throw new MergeError(`${file}: not a sweep part (written by capsim sweep --shard)`);
  return part;
}

export async function mergeCommand(args: { parts: string[]; out: string; color: boolean }): Promise<void> {
  await checkSweepOutDir(args.out);
  // In shard order (the index each part records), whatever the paths: shard-10/ sorts before shard-2/ as text.
  const parts = partFiles(args.parts)
    .map((file) => ({ file, part: readPart(file) }))
    .sort((a, b) => a.part.shard.index - b.part.shard.index || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const { header, points } = mergeParts(parts);
  await finish(assembleSweep(header, points), args.out, args.color);
}
