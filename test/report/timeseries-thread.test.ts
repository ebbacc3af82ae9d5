// TimeseriesWriter, the thread that writes timeseries.csv while a run in one process simulates,
// run from the build (a worker thread runs the compiled thread module; the build goes to its own
// directory, not dist/, which the CLI tests build in parallel): the file it writes is, byte for
// byte, what the report writes in one go; the chart points it sends back are downsample's; a
// failure in the thread rejects every wait with the thread's error and leaves nothing on disk.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult, TimeSeries } from '../../src/domain/result.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = join(ROOT, 'node_modules/.cache/capsim-rows-test');
const scratch = mkdtempSync(join(tmpdir(), 'capsim-rows-test-'));

type Built = {
  writer: typeof import('../../src/report/timeseries-writer.js');
  csv: typeof import('../../src/report/csv.js');
  store: typeof import('../../src/domain/series-store.js');
  series: typeof import('../../src/domain/series.js');
  downsample: typeof import('../../src/domain/downsample.js');
};
let built: Built;

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  mkdirSync(BUILD, { recursive: true });
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', join(BUILD, 'dist'), '--incremental', '--tsBuildInfoFile', join(BUILD, 'build.tsbuildinfo')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  // The build needs "type": "module" beside it.
  copyFileSync(join(ROOT, 'package.json'), join(BUILD, 'package.json'));
  const load = (path: string) => import(pathToFileURL(join(BUILD, 'dist', path)).href);
  built = {
    writer: await load('report/timeseries-writer.js'),
    csv: await load('report/csv.js'),
    store: await load('domain/series-store.js'),
    series: await load('domain/series.js'),
    downsample: await load('domain/downsample.js'),
  };
}, 240_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Three alternatives of 40,000 minutes: several windows and chunks each, runs and dense columns, NaN, -0 and big numbers. */
function alternatives(): { name: string; series: TimeSeries }[] {
  return ['fargate', 'ec2,"spot"', '=cmd'].map((name, k) => {
    const s = built.series.createSeries(40_000, true);
    for (let m = 0; m < s.minutes; m++) {
      s.offeredRps[m] = Math.fround(100 + Math.sin(m / 50) * 40);
      s.runningTasks[m] = 2 + Math.floor(m / (500 + k * 100)) % 4;
      s.latencyP95Ms[m] = m % 997 === 0 ? NaN : Math.fround(m / 7 + k);
      s.tasksStopping[m] = m % 3000 === 0 ? -0 : 0;
      s.paidVcpu[m] = Math.fround(3e7 + m);
      s.cumulativeUsd[m] = m * 0.0125 * (k + 1);
    }
    return { name, series: s };
  });
}

/** How many of this process's open descriptors point at `path` (removed or not), from /proc/self/fd. */
function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd)).replace(/ \(deleted\)$/, '') === path;
    } catch {
      return false; // closed meanwhile (readdir's own descriptor among them)
    }
  }).length;
}

describe('TimeseriesWriter (timeseries.csv on a thread)', () => {
  it('writes, byte for byte, the timeseries.csv the report writes in one go, and sends back downsample\'s chart points', async () => {
    const parent = mkdtempSync(join(scratch, 'same-'));
    const alts = alternatives();
    const writer = new built.writer.TimeseriesWriter(alts.length, join(parent, '.report.rows-1'));
    try {
      const views = [];
      for (const [i, alt] of alts.entries()) {
        // As a run in this process hands them over: packed, in shared memory, with the view the comparison keeps.
        const packed = built.store.sharedPacked(built.store.packSeries(alt.series));
        const view = built.store.seriesView(packed);
        views.push(view);
        await writer.add(i, alt.name, packed, view);
      }
      const path = await writer.finished();
      await writer.displays();
      const inOrder = built.csv.timeseriesCsv({ alternatives: alts } as unknown as ComparisonResult);
      expect(readFileSync(path, 'utf8')).toBe(inOrder);
      // The points remembered for each view came from the thread; computed here from the dense columns, they are the same.
      views.forEach((view, i) => expect(JSON.stringify(built.downsample.downsample(view))).toBe(JSON.stringify(built.downsample.downsample(alts[i].series))));
    } finally {
      await writer.close();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('takes the alternatives in order only', async () => {
    const writer = new built.writer.TimeseriesWriter(2, join(mkdtempSync(join(scratch, 'order-')), '.report.rows-1'));
    const alt = alternatives()[0];
    const packed = built.store.sharedPacked(built.store.packSeries(alt.series));
    await expect(writer.add(1, alt.name, packed, built.store.seriesView(packed))).rejects.toThrow('alternative 1 came when 0 was due');
    await writer.close();
  });

  it('a failure in the thread rejects every wait with its error, and close leaves nothing on disk', async () => {
    const parent = mkdtempSync(join(scratch, 'fail-'));
    const alts = alternatives();
    const writer = new built.writer.TimeseriesWriter(alts.length, join(parent, '.report.rows-1'));
    try {
      // A series the thread cannot read (no columns): it throws on the first one.
      const broken = { minutes: 10, columns: {} } as ReturnType<typeof built.store.packSeries>;
      await writer.add(0, alts[0].name, broken, alts[0].series);
      const packed = built.store.sharedPacked(built.store.packSeries(alts[1].series));
      await expect(writer.add(1, alts[1].name, packed, built.store.seriesView(packed))).rejects.toThrow(/^could not write timeseries\.csv: .*kind/);
      await expect(writer.finished()).rejects.toThrow(/^could not write timeseries\.csv/);
      await expect(writer.displays()).rejects.toThrow(/^could not write timeseries\.csv/);
      expect(readdirSync(parent)).toEqual(['.report.rows-1']); // the file the thread began (its header)
      expect(descriptorsOn(join(parent, '.report.rows-1'))).toBe(1);
    } finally {
      await writer.close();
    }
    expect(readdirSync(parent)).toEqual([]);
    // The thread failed and was terminated: its file's descriptor is closed all the same.
    expect(descriptorsOn(join(parent, '.report.rows-1'))).toBe(0);
  });

  it('closed while the thread still writes: the thread stops, and neither its file, nor the directories made for it, nor its descriptor is left', async () => {
    const parent = mkdtempSync(join(scratch, 'stop-'));
    // The report's parents do not exist yet: made for the file, and removed with it.
    const path = join(parent, 'plans', '2027', '.report.rows-1');
    const alts = alternatives();
    const writer = new built.writer.TimeseriesWriter(alts.length, path);
    const packed = built.store.sharedPacked(built.store.packSeries(alts[0].series));
    await writer.add(0, alts[0].name, packed, built.store.seriesView(packed));
    expect(descriptorsOn(path)).toBe(1);
    await writer.close();
    expect(readdirSync(parent)).toEqual([]);
    expect(descriptorsOn(path)).toBe(0);
    await expect(writer.finished()).rejects.toThrow('the writer was closed before every alternative was written');
  });

  it('starts no thread and makes nothing on disk until an alternative comes', async () => {
    const parent = mkdtempSync(join(scratch, 'idle-'));
    const writer = new built.writer.TimeseriesWriter(3, join(parent, 'not-yet', '.report.rows-1'));
    expect(readdirSync(parent)).toEqual([]);
    await writer.close();
    await expect(writer.finished()).rejects.toThrow('the writer was closed before every alternative was written');
    expect(readdirSync(parent)).toEqual([]);
  });
});
