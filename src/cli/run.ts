// `capsim run` and `capsim report`: simulate (or load a saved result), print the ranking, and
// write the report files atomically (a failed run leaves no half-written report).

import { compareParallel } from '../run/parallel.js';
import { loadScenario } from '../scenario/load.js';
import { renderTable } from '../report/table.js';
import { ALL_FORMATS, loadSavedResult, writeReports, type ReportFormat } from '../report/index.js';
import { DEFAULT_TOLERANCES, diffResults, formatDiff, hasRegression } from '../run/diff.js';

export interface RunArgs {
  scenario: string;
  out?: string;
  seed?: number;
  format: 'table' | 'json';
  color: boolean;
  /** A saved results.json to compare against; a regression beyond tolerance exits 3. */
  baseline?: string;
  tolerance?: number;
  /** Worker threads for the runs (default: the machine's cores; 1 runs in this thread). */
  jobs?: number;
  /** Also write timeseries.parquet. */
  parquet?: boolean;
}

/** The default report, plus timeseries.parquet when asked for. */
function formats(parquet: boolean | undefined): ReportFormat[] {
  return parquet ? [...ALL_FORMATS, 'parquet'] : ALL_FORMATS;
}

export const EXIT_REGRESSION = 3;

export async function runCommand(args: RunArgs): Promise<void> {
  const scenario = loadScenario(args.scenario);
  const baseline = args.baseline ? loadSavedResult(args.baseline) : null;
  const result = await compareParallel(scenario, { seed: args.seed, jobs: args.jobs });
  const written = args.out ? await writeReports(result, args.out, { formats: formats(args.parquet) }) : [];
  if (args.format === 'json') {
    const { alternatives, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ ...rest, alternatives: alternatives.map(({ series: _series, ...a }) => a) }, null, 2)}\n`);
  } else {
    process.stdout.write(renderTable(result, { color: args.color }));
    if (written.length > 0) process.stdout.write(`\nWrote ${written.length} files to ${args.out}/\n`);
  }
  if (baseline) {
    const rows = diffResults(baseline, result, args.tolerance === undefined ? DEFAULT_TOLERANCES : { ...DEFAULT_TOLERANCES, costRelative: args.tolerance });
    process.stderr.write(`\n${formatDiff(rows)}`);
    if (hasRegression(rows)) process.exitCode = EXIT_REGRESSION;
  }
}

export async function reportCommand(args: { results: string; out: string; color: boolean; parquet?: boolean }): Promise<void> {
  const result = loadSavedResult(args.results);
  const written = await writeReports(result, args.out, { formats: formats(args.parquet) });
  process.stdout.write(renderTable(result, { color: args.color }));
  process.stdout.write(`\nWrote ${written.length} files to ${args.out}/\n`);
}
