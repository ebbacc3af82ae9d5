import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteAborted, loadSavedResult, writeReports } from '../../src/report/index.js';
import { fixture, jobsFixture, tempDir } from './helpers.js';

/** Whatever the writer may leave beside the target: `.<name>.tmp-<pid>`, `.<name>.old-<pid>`. */
function leftovers(outDir: string): string[] {
  return readdirSync(dirname(outDir)).filter((n) => n.startsWith(`.${basename(outDir)}.`));
}

describe('writeReports', () => {
  it('writes every format and returns the paths', async () => {
    const out = join(tempDir('write'), 'report');
    const files = await writeReports(fixture(), out);
    const names = files.map((f) => f.slice(out.length + 1)).sort();
    expect(names).toEqual([
      'charts/breakdown.svg', 'charts/cost.svg', 'charts/latency.svg', 'charts/load.svg', 'charts/scatter.svg',
      'charts/tasks.svg', 'charts/waste.svg', 'events.csv', 'report.html', 'report.md', 'results.json', 'timeseries.csv',
    ]);
    for (const f of files) expect(statSync(f).size, f).toBeGreaterThan(0);
    expect(leftovers(out)).toEqual([]);
    // Every chart report.md embeds exists.
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const m of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(join(out, m[1])), m[1]).toBe(true);
  });

  it('writes only the charts a jobs-only result has, and report.md embeds exactly those', async () => {
    const out = join(tempDir('jobs'), 'report');
    const files = await writeReports(jobsFixture(), out);
    const charts = files.map((f) => f.slice(out.length + 1)).filter((f) => f.startsWith('charts/')).sort();
    expect(charts).toEqual(['charts/breakdown.svg', 'charts/cost.svg', 'charts/scatter.svg', 'charts/tasks.svg', 'charts/waste.svg']);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const embedded = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).sort();
    expect(embedded).toEqual(charts);
  });

  it('writes only the formats asked for', async () => {
    const out = join(tempDir('formats'), 'r');
    const files = await writeReports(fixture(), out, { formats: ['json', 'csv'] });
    expect(files.map((f) => basename(f)).sort()).toEqual(['events.csv', 'results.json', 'timeseries.csv']);
    expect(loadSavedResult(out).alternatives[0].series).toEqual(fixture().alternatives[0].series);
  });

  it('writes timeseries.parquet only when asked, and may replace a report that has one', async () => {
    const out = join(tempDir('parquet'), 'r');
    const files = await writeReports(fixture(), out, { formats: ['csv', 'parquet'] });
    expect(files.map((f) => basename(f)).sort()).toEqual(['events.csv', 'timeseries.csv', 'timeseries.parquet']);
    const bytes = readFileSync(join(out, 'timeseries.parquet'));
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(-4).toString()).toBe('PAR1');
    await writeReports(fixture(), out, { formats: ['json'] });
    expect(readdirSync(out)).toEqual(['results.json']);
  });

  it('leaves no report and no temporary directory when a renderer fails midway', async () => {
    const out = join(tempDir('fail'), 'report');
    const boom = { path: 'zz-last.txt', render: () => { throw new Error('renderer exploded'); } };
    await expect(writeReports(fixture(), out, { extraFiles: [boom] })).rejects.toThrow('renderer exploded');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('keeps the previous report intact when a new one fails', async () => {
    const out = join(tempDir('keep'), 'report');
    await writeReports(fixture(), out, { formats: ['json'] });
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const boom = { path: 'x.txt', render: () => { throw new Error('nope'); } };
    await expect(writeReports(fixture(), out, { extraFiles: [boom] })).rejects.toThrow('nope');
    expect(readdirSync(out)).toEqual(['results.json']);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(leftovers(out)).toEqual([]);
  });

  it('fails cleanly when the parent of outDir is a file', async () => {
    const parent = join(tempDir('parent'), 'not-a-dir');
    writeFileSync(parent, 'x');
    const out = join(parent, 'report');
    await expect(writeReports(fixture(), out)).rejects.toThrow(/ENOTDIR|not a directory|EEXIST/);
    expect(readdirSync(dirname(parent))).toEqual(['not-a-dir']);
  });

  it('replaces an earlier report completely', async () => {
    const out = join(tempDir('replace'), 'report');
    await writeReports(fixture(), out);
    const files = await writeReports(fixture(), out, { formats: ['md'] });
    expect(readdirSync(out).sort()).toEqual(['charts', 'report.md']);
    expect(files).toHaveLength(8);
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses to replace a directory that holds anything else', async () => {
    const out = tempDir('foreign');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(writeReports(fixture(), out)).rejects.toThrow(/refusing to replace .*notes\.txt/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const file = join(tempDir('file'), 'plain');
    writeFileSync(file, '');
    await expect(writeReports(fixture(), file)).rejects.toThrow(/exists and is not a directory/);
  });

  it('reports generation time and HTML size for two weeks × four alternatives (HTML < 2 MB)', async () => {
    const out = join(tempDir('perf'), 'report');
    mkdirSync(dirname(out), { recursive: true });
    const t0 = performance.now();
    const files = await writeReports(fixture(), out);
    const ms = performance.now() - t0;
    const sizes = Object.fromEntries(files.map((f) => [f.slice(out.length + 1), statSync(f).size]));
    const html = sizes['report.html'];
    console.log(
      `report generation: ${ms.toFixed(0)} ms for ${fixture().alternatives.length} alternatives × ${fixture().alternatives[0].series.minutes} minutes; ` +
        `report.html ${(html / 1024).toFixed(0)} KiB, timeseries.csv ${(sizes['timeseries.csv'] / 1024 / 1024).toFixed(1)} MiB, results.json ${(sizes['results.json'] / 1024).toFixed(0)} KiB`,
    );
    expect(html).toBeLessThan(2 * 1024 * 1024);
    expect(ms).toBeLessThan(2000);
  });
});

describe('writeReports with timeseries.csv still being written (a promise of its file)', () => {
  /** A finished timeseries.csv, as the thread leaves it, outside the report. */
  function rowsFile(dir: string): string {
    const path = join(dir, 'rows.csv');
    writeFileSync(path, 'the rows\n');
    return path;
  }

  it('writes every other file first, then moves the file in', async () => {
    const dir = tempDir('pending');
    const out = join(dir, 'report');
    const rows = rowsFile(dir);
    // Each other file is rendered while the rows are still where the thread writes them.
    const stillOut: boolean[] = [];
    const probe = { path: 'probe.txt', render: () => (stillOut.push(existsSync(rows)), 'x') };
    await writeReports(fixture(), out, { formats: ['json', 'csv', 'md'], timeseriesFile: Promise.resolve(rows), extraFiles: [probe] });
    expect(stillOut).toEqual([true]);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toBe('the rows\n');
    expect(existsSync(rows)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('fails as the file fails: no report, the old one kept, no temporary directory', async () => {
    const out = join(tempDir('pending-fail'), 'report');
    await writeReports(fixture(), out, { formats: ['json'] });
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const failed = Promise.reject(new Error('could not write timeseries.csv: EFBIG'));
    await expect(writeReports(fixture(), out, { formats: ['json', 'csv'], timeseriesFile: failed })).rejects.toThrow('could not write timeseries.csv: EFBIG');
    expect(readdirSync(out)).toEqual(['results.json']);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(leftovers(out)).toEqual([]);
  });

  it('a signal while it waits for the file stops the write at once and removes the temporary directory', async () => {
    const out = join(tempDir('pending-abort'), 'report');
    const controller = new AbortController();
    // A file that never comes, and the signal when the writer waits for it: once every other
    // file is in the temporary directory.
    const others = join(dirname(out), `.report.tmp-${process.pid}`, 'events.csv');
    let stopped = false;
    class Never extends Promise<string> {
      static override get [Symbol.species]() {
        return Promise;
      }
      override then<A = string, B = never>(ok?: ((v: string) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
        if (!stopped && existsSync(others)) {
          stopped = true;
          queueMicrotask(() => controller.abort('SIGINT'));
        }
        return super.then(ok, fail);
      }
    }
    const write = writeReports(fixture(), out, { formats: ['json', 'csv'], timeseriesFile: new Never(() => {}), signal: controller.signal });
    await expect(write).rejects.toBeInstanceOf(WriteAborted);
    expect(stopped).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });
});
