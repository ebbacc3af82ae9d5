// `capsim diff old/results.json new/results.json`: per alternative and metric, old, new, change
// and %, as a terminal table, Markdown (a pull-request comment) or JSON; with gates (`--fail-on`,
// else the new result's scenario `thresholds`) it exits 3 when one fails. Reads results.json only.

import { FieldError } from '../domain/errors.js';
import { parseGates, type Gate } from '../domain/gates.js';
import { ReportLoadError, loadResultsJson } from '../report/index.js';
import { evaluateGates, formatGateReport, formatGateReportMarkdown, gateReportJson } from '../run/gates.js';
import { EXIT_REGRESSION } from './run.js';

export interface DiffArgs {
  baseline: string;
  current: string;
  format: 'table' | 'md' | 'json';
  failOn?: Gate[];
}

/** The gates a result's scenario declares (`thresholds:`), read back from its results.json. */
function savedThresholds(file: string, resolved: unknown): Gate[] {
  const t = (resolved as { thresholds?: unknown } | null)?.thresholds;
  if (t === undefined || (Array.isArray(t) && t.length === 0)) return [];
  if (!Array.isArray(t) || t.some((x) => typeof x !== 'string')) throw new ReportLoadError(file, 'scenario.resolved.thresholds is not a list of gates');
  try {
    return parseGates(t as string[]);
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    throw new ReportLoadError(file, `scenario.resolved.thresholds: ${err.message}`);
  }
}

export function diffCommand(args: DiffArgs): void {
  const baseline = loadResultsJson(args.baseline);
  const current = loadResultsJson(args.current);
  const gates = args.failOn ?? savedThresholds(args.current, current.scenario?.resolved);
  const report = evaluateGates(baseline, current, gates);
  const text =
    args.format === 'json'
      ? gateReportJson(report)
      : args.format === 'md'
        ? formatGateReportMarkdown(report, `capsim: ${String(current.scenario?.name ?? '')} against the baseline`)
        : formatGateReport(report);
  process.stdout.write(text);
  if (report.failed) process.exitCode = EXIT_REGRESSION;
}
