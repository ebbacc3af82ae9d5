// How a comparison keeps its alternatives' per-minute series: packed, not one dense column each.
// Task and instance counts change every few minutes (a year of web-api: 2–6 % of minutes), so
// they are kept as runs (start minute, value); an all-zero or constant column is one run; a column
// equal to another alternative's (offered load, under common random numbers) is kept once. Only
// columns that move every minute (latency, CPU %, cost) stay dense. A year of one alternative
// then takes ~45 bytes a minute instead of 108 (ten columns stay dense).
//
// Readers see an ordinary `TimeSeries`: each column is unpacked when first read and kept in a
// small cache of recently read columns, so reading one alternative at a time (every report does)
// costs one unpacking per column. Values come back bit for bit (runs compare bits, so -0 and NaN
// survive).

import { SERIES_FIELDS, type SeriesField } from './series.js';
import type { TimeSeries } from './result.js';

/** A column as stored: dense, or runs of equal values (`starts[k]` to `starts[k + 1]`). */
export type PackedColumn = { kind: 'dense'; values: Float32Array | Float64Array } | { kind: 'runs'; starts: Uint32Array; values: Float32Array };

/** A series as stored, plain data (it crosses the worker pipe as is). */
export interface PackedSeries {
  minutes: number;
  columns: Record<SeriesField, PackedColumn>;
}

/** Runs pay off while they take under half the dense column's bytes (8 bytes a run, 4 a minute). */
const MAX_RUNS_SHARE = 0.25;

function packColumn(values: Float32Array | Float64Array): PackedColumn {
  if (values instanceof Float64Array) return { kind: 'dense', values };
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const limit = Math.max(1, Math.floor(bits.length * MAX_RUNS_SHARE));
  const runs = countRuns(bits, limit);
  if (runs > limit) return { kind: 'dense', values };
  const starts = new Uint32Array(runs);
  const runValues = new Float32Array(runs);
  fillRuns(bits, values, starts, runValues);
  return { kind: 'runs', starts, values: runValues };
}

// The two loops are functions of their own: compiled inside packColumn (on-stack replacement),
// the typed-array constructors after them had no type feedback yet, and the optimised code was
// thrown away and rebuilt at each new column (44 times in a 14-day run with 10 replications).

/** Runs of equal bits in `bits`, counted up to one past `limit`. */
function countRuns(bits: Uint32Array, limit: number): number {
  const n = bits.length;
  let runs = n > 0 ? 1 : 0;
  for (let i = 1; i < n && runs <= limit; i++) if (bits[i] !== bits[i - 1]) runs++;
  return runs;
}

/** Each run's first minute into `starts` and its value into `runValues`. */
function fillRuns(bits: Uint32Array, values: Float32Array, starts: Uint32Array, runValues: Float32Array): void {
  let k = 0;
  for (let i = 0; i < bits.length; i++) {
    if (i === 0 || bits[i] !== bits[i - 1]) {
      starts[k] = i;
      runValues[k++] = values[i];
    }
  }
}

/**
 * Minutes [from, to) of a column: a view of a dense one, or its runs unpacked into `into` (at
 * least `to − from` long, reused by the caller) and a view of that.
 */
export function columnWindow(column: PackedColumn, from: number, to: number, into: Float32Array): Float32Array | Float64Array {
  if (column.kind === 'dense') return column.values.subarray(from, to);
  const { starts, values } = column;
  // The run that holds minute `from`: the last one starting at or before it.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= from) lo = mid;
    else hi = mid - 1;
  }
  for (let k = lo; k < starts.length && starts[k] < to; k++) {
    into.fill(values[k], Math.max(starts[k], from) - from, (k + 1 < starts.length ? Math.min(starts[k + 1], to) : to) - from);
  }
  return into.subarray(0, to - from);
}

/**
 * Minutes [from, to) of a packed series as a series of `to − from` minutes, for a reader that goes
 * through it a window at a time and needs no unpacked copy of it whole (the timeseries.csv thread):
 * dense columns as views, runs unpacked into `scratch` (an array per column, reused).
 */
export function seriesWindow(packed: PackedSeries, from: number, to: number, scratch: Record<SeriesField, Float32Array>): TimeSeries {
  const window = { minutes: to - from } as Record<SeriesField, Float32Array | Float64Array> & { minutes: number };
  for (const f of SERIES_FIELDS) window[f] = columnWindow(packed.columns[f], from, to, scratch[f]);
  return window as unknown as TimeSeries;
}

/**
 * The series with every array in shared memory and in a buffer of its own: the comparison keeps
 * it, and a thread it is posted to reads the same memory (posting copies nothing). An array is
 * copied unless it is so already; a series made with `createSeries(minutes, true)` has its columns
 * in one shared block, so its dense columns are copied out of it (and the block can go).
 */
export function sharedPacked(packed: PackedSeries): PackedSeries {
  const columns = {} as Record<SeriesField, PackedColumn>;
  for (const f of SERIES_FIELDS) {
    const c = packed.columns[f];
    columns[f] = c.kind === 'dense' ? { kind: 'dense', values: own(c.values, true) } : { kind: 'runs', starts: own(c.starts, true), values: own(c.values, true) };
  }
  return { minutes: packed.minutes, columns };
}

export function packSeries(series: TimeSeries): PackedSeries {
  const columns = {} as Record<SeriesField, PackedColumn>;
  for (const f of SERIES_FIELDS) columns[f] = packColumn(series[f]);
  return { minutes: series.minutes, columns };
}

/** `a` in a buffer of its own, a shared one when `shared`: `a` itself when it is so already, else a copy. */
function own<T extends Float32Array | Float64Array | Uint32Array>(a: T, shared = false): T {
  const whole = a.byteOffset === 0 && a.buffer.byteLength === a.byteLength;
  if (whole && (!shared || a.buffer instanceof SharedArrayBuffer)) return a;
  if (!shared) return a.slice() as T;
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * The series with every column in a buffer of its own. A series that came through the worker
 * pipe has its columns as views into the message's buffer, which they would keep alive whole
 * (measured: 10 alternatives of 90 days kept 110 MB of buffers for 61 MB of columns).
 */
export function ownColumns(series: PackedSeries): PackedSeries {
  for (const f of SERIES_FIELDS) {
    const c = series.columns[f];
    series.columns[f] = c.kind === 'dense' ? { kind: 'dense', values: own(c.values) } : { kind: 'runs', starts: own(c.starts), values: own(c.values) };
  }
  return series;
}

/** Dense columns equal bit for bit to one seen before are replaced by it, so each is kept once. */
export class ColumnPool {
  private readonly byHash = new Map<string, (Float32Array | Float64Array)[]>();

  share(series: PackedSeries): PackedSeries {
    for (const f of SERIES_FIELDS) {
      const column = series.columns[f];
      if (column.kind !== 'dense') continue;
      const key = `${column.values.constructor.name}:${column.values.length}:${hashBits(column.values)}`;
      const seen = this.byHash.get(key) ?? [];
      const same = seen.find((v) => equalBits(v, column.values));
      if (same) series.columns[f] = { kind: 'dense', values: same };
      else this.byHash.set(key, [...seen, column.values]);
    }
    return series;
  }
}

function bytesOf(a: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function hashBits(a: Float32Array | Float64Array): number {
  const words = new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

function equalBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  return a.constructor === b.constructor && Buffer.compare(bytesOf(a), bytesOf(b)) === 0;
}

/** Unpacked columns read lately, oldest first; bounded by bytes so reading stays O(one alternative). */
const recent = new Map<PackedColumn, Float32Array | Float64Array>();
const RECENT_BYTES = 128 * 2 ** 20;
let recentBytes = 0;

function readColumn(column: PackedColumn, minutes: number): Float32Array | Float64Array {
  if (column.kind === 'dense') return column.values;
  const hit = recent.get(column);
  if (hit) {
    recent.delete(column);
    recent.set(column, hit);
    return hit;
  }
  const values = columnWindow(column, 0, minutes, new Float32Array(minutes));
  recent.set(column, values);
  recentBytes += values.byteLength;
  for (const [old, v] of recent) {
    if (recentBytes <= RECENT_BYTES || old === column) break;
    recent.delete(old);
    recentBytes -= v.byteLength;
  }
  return values;
}

/** A `TimeSeries` over packed columns: each column read unpacks it (or finds it unpacked lately). */
export function seriesView(packed: PackedSeries): TimeSeries {
  const view = { minutes: packed.minutes } as TimeSeries;
  for (const f of SERIES_FIELDS) {
    Object.defineProperty(view, f, { enumerable: true, get: () => readColumn(packed.columns[f], packed.minutes) });
  }
  return view;
}
