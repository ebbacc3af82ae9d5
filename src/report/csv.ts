// CSV exports at full resolution: `timeseries.csv` (one row per minute per alternative) and
// `events.csv`. Numbers are written as JavaScript's shortest round-trip decimal, so parsing a
// cell with Number() gives back the exact double; `loadSavedResult` relies on that.

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ComparisonResult, EventKind, SimEvent, TimeSeries } from '../domain/result.js';
import { csvText, csvTextValue } from './csv-text.js';

/** Every TimeSeries field but `t` (written as t_seconds), with its CSV column name. */
export const SERIES_COLUMNS = {
  offeredRps: 'offered_rps',
  servedRps: 'served_rps',
  droppedRps: 'dropped_rps',
  cpuPct: 'cpu_pct',
  memoryPct: 'memory_pct',
  latencyP50Ms: 'latency_p50_ms',
  latencyP95Ms: 'latency_p95_ms',
  latencyP99Ms: 'latency_p99_ms',
  desiredTasks: 'desired_tasks',
  runningTasks: 'running_tasks',
  startingTasks: 'starting_tasks',
  pendingTasks: 'pending_tasks',
  tasksProvisioning: 'tasks_provisioning',
  tasksPending: 'tasks_pending_state',
  tasksActivating: 'tasks_activating',
  tasksDeactivating: 'tasks_deactivating',
  tasksStopping: 'tasks_stopping',
  instances: 'instances',
  servingCapacityRps: 'serving_capacity_rps',
  paidVcpu: 'paid_vcpu',
  usedVcpu: 'used_vcpu',
  paidMemoryGiB: 'paid_memory_gib',
  usedMemoryGiB: 'used_memory_gib',
  cumulativeUsd: 'cumulative_usd',
} as const satisfies Record<Exclude<keyof TimeSeries, 't'>, string>;

export type SeriesField = keyof typeof SERIES_COLUMNS;
export const SERIES_FIELDS = Object.keys(SERIES_COLUMNS) as SeriesField[];

const TIMESERIES_HEADER = ['alternative', 'minute', 't_seconds', ...SERIES_FIELDS.map((f) => SERIES_COLUMNS[f])];
const EVENTS_HEADER = ['alternative', 't_seconds', 'kind', 'detail'];

/** Shortest decimal that parses back to the same double (`String(x)`), NaN and ±Infinity spelled out. */
function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** One CSV cell, quoted as csv-stringify quotes it. */
function cell(text: string): string {
  return stringify([[text]]).slice(0, -1);
}

const ROWS_PER_CHUNK = 10_000;

/**
 * timeseries.csv in chunks of rows, so a year-long run (hundreds of MB) is written piece by
 * piece instead of as one string near V8's length limit. Text cells go through csv-stringify; the
 * numeric part of each row is joined directly, because a number's shortest decimal never needs
 * quoting and csv-stringify costs ~10× more per cell over millions of cells.
 */
export function* timeseriesCsvChunks(result: ComparisonResult): Generator<string> {
  yield stringify([TIMESERIES_HEADER]);
  const columns = SERIES_FIELDS.length;
  for (const alt of result.alternatives) {
    const s = alt.series;
    const fields = SERIES_FIELDS.map((f) => s[f]);
    const row = new Array<string>(columns + 3);
    row[0] = cell(alt.name);
    let lines: string[] = [];
    for (let i = 0; i < s.t.length; i++) {
      row[1] = String(i);
      row[2] = num(s.t[i]);
      for (let j = 0; j < columns; j++) row[3 + j] = num(fields[j][i]);
      lines.push(row.join(','));
      if (lines.length === ROWS_PER_CHUNK) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
    }
    if (lines.length > 0) yield lines.join('\n') + '\n';
  }
}

export function timeseriesCsv(result: ComparisonResult): string {
  return [...timeseriesCsvChunks(result)].join('');
}

/** events.csv; its text cells (names, details from the scenario) are spreadsheet-safe (csv-text.ts). */
export function eventsCsv(result: ComparisonResult): string {
  const lines = [stringify([EVENTS_HEADER])];
  for (const alt of result.alternatives) {
    const name = csvText(alt.name);
    for (const e of alt.events) lines.push(`${name},${num(e.t)},${csvText(e.kind)},${csvText(e.detail)}\n`);
  }
  return lines.join('');
}

/** A CSV that cannot be read back; `file` names it for the error message. */
export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

function readRows(text: string, file: string, header: string[]): string[][] {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new CsvFormatError(file, `not valid CSV (${(err as Error).message})`);
  }
  const head = rows.shift();
  const missing = header.filter((h, i) => head?.[i] !== h);
  if (!head || missing.length > 0) {
    throw new CsvFormatError(file, `expected the header "${header.join(',')}", found "${(head ?? []).join(',')}"`);
  }
  return rows;
}

function parseNumber(cell: string, file: string, line: number, column: string): number {
  const x = Number(cell);
  if (cell.trim() === '' || (Number.isNaN(x) && cell !== 'NaN')) {
    throw new CsvFormatError(file, `row ${line}: ${column} is "${cell}", not a number`);
  }
  return x;
}

function emptySeries(): TimeSeries {
  const s = { t: [] as number[] } as TimeSeries;
  for (const f of SERIES_FIELDS) s[f] = [];
  return s;
}

/** Rebuilds each alternative's series from timeseries.csv text; keyed by alternative name. */
export function parseTimeseriesCsv(text: string, file: string): Map<string, TimeSeries> {
  const out = new Map<string, TimeSeries>();
  readRows(text, file, TIMESERIES_HEADER).forEach((row, i) => {
    const line = i + 2;
    const [name, minute, t] = row;
    let s = out.get(name);
    if (!s) out.set(name, (s = emptySeries()));
    if (parseNumber(minute, file, line, 'minute') !== s.t.length) {
      throw new CsvFormatError(file, `row ${line}: minute ${minute} of ${name} is out of order (expected ${s.t.length})`);
    }
    s.t.push(parseNumber(t, file, line, 't_seconds'));
    SERIES_FIELDS.forEach((f, j) => s[f].push(parseNumber(row[3 + j], file, line, SERIES_COLUMNS[f])));
  });
  return out;
}

const EVENT_KINDS: ReadonlySet<string> = new Set<EventKind>([
  'task-launch', 'task-running', 'task-stopped', 'placement-failed', 'scaling', 'interruption',
  'instance-launch', 'instance-terminate', 'deployment',
]);

export function parseEventsCsv(text: string, file: string): Map<string, SimEvent[]> {
  const out = new Map<string, SimEvent[]>();
  readRows(text, file, EVENTS_HEADER).forEach((row, i) => {
    const [name, t, kind, detail] = row.map((cell, j) => (j === 1 ? cell : csvTextValue(cell)));
    if (!EVENT_KINDS.has(kind)) throw new CsvFormatError(file, `row ${i + 2}: unknown event kind "${kind}"`);
    const list = out.get(name) ?? [];
    list.push({ t: parseNumber(t, file, i + 2, 't_seconds'), kind: kind as EventKind, detail });
    out.set(name, list);
  });
  return out;
}

