// `capsim run` and `capsim report`: simulate (or load a saved result), print the ranking, and
// write the report files atomically (a failed run leaves no half-written report). A bad `--out`
// is found before the simulation; SIGINT or SIGTERM while the report is written removes the
// temporary directory and exits 128 + the signal's number with one line.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunAborted, compareParallel, jobsFor, runUnlessAborted, timeseriesPartPath, type FullRun } from '../run/parallel.js';
import { loadScenario } from '../scenario/load.js';
import { renderTable, terminalWidth } from '../report/table.js';
import { loadResultsJson, loadSavedResult } from '../report/json.js';
import { TimeseriesJoin } from '../report/csv.js';
import { TimeseriesWriter, timeseriesThreadAvailable } from '../report/timeseries-writer.js';
import type { ComparisonResult } from '../domain/result.js';
import type { Scenario } from '../domain/scenario.js';
import type { ReportFormat } from '../report/write.js';
import { parseGates, type Gate } from '../domain/gates.js';
import { DEFAULT_TOLERANCES, diffResults, formatDiff, hasRegression } from '../run/diff.js';
import { comparabilityWarnings, evaluateGates, formatGateReport } from '../run/gates.js';
import { FlagError } from './flags.js';

export interface RunArgs {
  scenario: string;
  out?: string;
  seed?: number;
  format: 'table' | 'json';
  color: boolean;
  /** A saved results.json to compare against; a regression beyond tolerance exits 3. */
  baseline?: string;
  tolerance?: number;
  /** Regression gates against the baseline (default: the scenario's `thresholds`). */
  failOn?: Gate[];
  /** Worker processes for the runs (1: all in this process). */
  jobs?: number;
  /** Also write timeseries.parquet. */
  parquet?: boolean;
  /** One table however wide, instead of fitting the terminal. */
  wide?: boolean;
}

/** The table's width: none with --wide, else the terminal's (100 when piped). */
function tableWidth(wide: boolean | undefined): number | undefined {
  return wide ? undefined : terminalWidth(process.stdout);
}

/**
 * The report writers (the HTML and SVG renderers with d3, Markdown, Parquet), loaded only by a
 * command that writes a report: a run without --out starts ~60 ms sooner without them.
 */
function reportWriter() {
  return import('../report/write.js');
}

/** The report's formats: the default ones, and timeseries.parquet with --parquet. */
function reportFormats(all: ReportFormat[], parquet: boolean | undefined): ReportFormat[] {
  return parquet ? [...all, 'parquet'] : all;
}

export const EXIT_REGRESSION = 3;

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Runs `work` with SIGINT and SIGTERM turned into an abort of the signal it is given. When the
 * work stops because of it (`stopped` tells its error apart), the process ends with one line
 * (`what` happened) and exit 128 + the signal's number. The handlers are there only during `work`,
 * from its start, or with `{ listenAtOnce: false }` from when it calls `listen` (until then a signal
 * keeps its default: an immediate stop).
 */
export async function interruptibly<T>(
  work: (signal: AbortSignal, listen: () => void) => Promise<T>,
  stopped: (err: unknown) => err is { reason: unknown },
  what: string,
  { listenAtOnce = true }: { listenAtOnce?: boolean } = {},
): Promise<T> {
  const controller = new AbortController();
  const handlers: [string, () => void][] = [];
  const listen = () => {
    if (handlers.length > 0) return;
    for (const name of Object.keys(SIGNALS)) {
      const handler = () => controller.abort(name);
      process.once(name as NodeJS.Signals, handler);
      handlers.push([name, handler]);
    }
  };
  if (listenAtOnce) listen();
  try {
    return await work(controller.signal, listen);
  } catch (err) {
    if (!stopped(err)) throw err;
    const name = String(err.reason) as keyof typeof SIGNALS;
    process.stderr.write(`capsim: interrupted by ${name} ${what}\n`);
    return process.exit(128 + (SIGNALS[name] ?? 2));
  } finally {
    for (const [name, handler] of handlers) process.removeListener(name, handler);
  }
}

/**
 * Writes the report (the default files, plus timeseries.parquet when asked for); a signal
 * meanwhile stops the write between files (the writer removes its temporary directory).
 */
async function writeInterruptibly(result: ComparisonResult, out: string, formats: ReportFormat[], timeseriesFile?: string | Promise<string>): Promise<string[]> {
  const { WriteAborted, writeReports } = await reportWriter();
  return interruptibly(
    (signal) => writeReports(result, out, { signal, formats, timeseriesFile }),
    (err): err is InstanceType<typeof WriteAborted> => err instanceof WriteAborted,
    `while writing the report; removed the partial output, ${out} is as it was`,
  );
}

/**
 * Runs the comparison, and has timeseries.csv's rows written as the alternatives come:
 * `timeseriesFile` is the file, or its promise, when every alternative's rows went in (else the
 * report writes them). On several processes this one joins the workers' parts (`rows`), and a
 * signal stops the workers and the joining alike (this process only coordinates, so it takes the
 * signal at once). In this process a thread writes them (`writer`), and a signal stops the run
 * between two alternatives, once the first has gone to the thread (before that there is nothing
 * on disk, and the signals keep their default: a handler could not run before the simulation ends).
 */
async function simulateInterruptibly(
  scenario: Scenario,
  args: RunArgs,
  jobs: number,
  rows?: TimeseriesJoin,
  timeseriesDir?: string,
  writer?: TimeseriesWriter,
): Promise<{ result: ComparisonResult; timeseriesFile?: string | Promise<string> }> {
  // No report to write (no --out): the hourly ledger (costs.csv, cumulative_usd) would go unread.
  const ledger = args.out !== undefined;
  if (jobs <= 1 && writer === undefined) return { result: await compareParallel(scenario, { seed: args.seed, jobs, ledger }) };
  if (jobs <= 1) {
    return interruptibly(
      async (signal, listen) => {
        const onFullRun = (alt: number, run: FullRun) => {
          listen();
          return writer!.add(alt, run.name, run.packed, run.series);
        };
        const result = await compareParallel(scenario, { seed: args.seed, jobs, signal, onFullRun });
        // The charts read the points the thread sends back; the last alternative's come first.
        await runUnlessAborted(writer!.displays(), signal);
        return { result, timeseriesFile: writer!.finished() };
      },
      (err): err is RunAborted => err instanceof RunAborted,
      'while simulating; nothing was written',
      { listenAtOnce: false },
    );
  }
  return interruptibly(
    async (signal) => {
      const result = await compareParallel(scenario, { seed: args.seed, jobs, signal, timeseriesDir, onTimeseriesPart: (alt) => rows?.partReady(alt), ledger });
      // Complete only when every alternative ran on a process that wrote its rows; else the report writes them.
      if (rows === undefined) return { result };
      return { result, timeseriesFile: (await runUnlessAborted(rows.finish(), signal)) ? rows.path : undefined };
    },
    (err): err is RunAborted => err instanceof RunAborted,
    'while simulating; stopped the workers, nothing was written',
  );
}

export async function runCommand(args: RunArgs): Promise<void> {
  if (args.parquet && args.out === undefined) throw new FlagError('parquet', 'writes timeseries.parquet into the report directory, so it needs --out', '--out DIR --parquet');
  if (args.failOn && args.baseline === undefined) throw new FlagError('fail-on', 'applies only to a run with --baseline (or to capsim diff)', '--baseline old/results.json --fail-on "cost>+5%"');
  if (args.failOn && args.tolerance !== undefined) throw new FlagError('tolerance', 'cannot be used with --fail-on', 'one of them: --fail-on "cost>+1%" says the same as --tolerance 0.01');
  const scenario = loadScenario(args.scenario);
  const baseline = args.baseline !== undefined ? loadResultsJson(args.baseline) : null;
  const gates = args.failOn ?? (args.tolerance === undefined && scenario.thresholds.length > 0 ? parseGates(scenario.thresholds) : null);
  const report = args.out !== undefined ? await reportWriter() : undefined;
  if (args.out !== undefined) await report!.checkOutDir(args.out);
  const formats = report === undefined ? [] : reportFormats(report.ALL_FORMATS, args.parquet);
  // timeseries.csv's rows are written while the run goes on, and what is left of them removed at
  // the end (also on an interrupted run's exit). On several processes each writes the rows of an
  // alternative as it finishes into a temporary directory, and this process joins them; in this
  // process a thread writes each alternative's rows while the next simulates, into a file beside
  // the report (a killed run's is removed by the next write).
  const jobs = jobsFor(scenario, scenario.alternatives.length * Math.max(1, scenario.replications), args.jobs);
  const rowsAsked = formats.includes('csv');
  const partsDir = rowsAsked && jobs > 1 ? mkdtempSync(join(tmpdir(), 'capsim-rows-')) : undefined;
  const rows = partsDir === undefined ? undefined : new TimeseriesJoin(join(partsDir, 'timeseries.csv'), scenario.alternatives.map((_, i) => timeseriesPartPath(partsDir, i)));
  const writer = rowsAsked && jobs <= 1 && timeseriesThreadAvailable() ? new TimeseriesWriter(scenario.alternatives.length, report!.rowsFilePath(args.out!)) : undefined;
  const removeParts = () => {
    if (partsDir !== undefined) rmSync(partsDir, { recursive: true, force: true });
    writer?.removeSync();
  };
  process.once('exit', removeParts);
  let written: string[] = [];
  let result: ComparisonResult;
  try {
    const run = await simulateInterruptibly(scenario, args, jobs, rows, partsDir, writer);
    result = run.result;
    if (args.out !== undefined) written = await writeInterruptibly(result, args.out, formats, run.timeseriesFile);
  } finally {
    await writer?.close();
    removeParts();
    process.removeListener('exit', removeParts);
  }
  if (args.format === 'json') {
    const { alternatives, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ ...rest, alternatives: alternatives.map(({ series: _series, hourlyCosts: _hourly, ...a }) => a) }, null, 2)}\n`);
  } else {
    process.stdout.write(renderTable(result, { color: args.color, width: tableWidth(args.wide) }));
    if (written.length > 0) process.stdout.write(`\nWrote ${written.length} files to ${args.out}/\n`);
  }
  if (baseline && gates) {
    const report = evaluateGates(baseline, result, gates);
    process.stderr.write(`\nBaseline comparison (${args.baseline}):\n${formatGateReport(report)}`);
    if (report.failed) process.exitCode = EXIT_REGRESSION;
  } else if (baseline) {
    const rows = diffResults(baseline, result, args.tolerance === undefined ? DEFAULT_TOLERANCES : { ...DEFAULT_TOLERANCES, costRelative: args.tolerance });
    const warnings = comparabilityWarnings(baseline, result).map((w) => `warning: ${w}\n`);
    process.stderr.write(`\n${warnings.join('')}${formatDiff(rows)}`);
    if (hasRegression(rows)) process.exitCode = EXIT_REGRESSION;
  }
}

export async function reportCommand(args: { results: string; out: string; color: boolean; parquet?: boolean; wide?: boolean }): Promise<void> {
  const result = loadSavedResult(args.results);
  const report = await reportWriter();
  await report.checkOutDir(args.out);
  const written = await writeInterruptibly(result, args.out, reportFormats(report.ALL_FORMATS, args.parquet));
  process.stdout.write(renderTable(result, { color: args.color, width: tableWidth(args.wide) }));
  process.stdout.write(`\nWrote ${written.length} files to ${args.out}/\n`);
}
