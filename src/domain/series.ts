// The per-minute series' columns, listed once: their names in timeseries.csv and .parquet, the
// decimals each keeps, and the grid a float32 cell is rounded to so that printing it and reading
// it back gives the same value. Also how a series is allocated: one ArrayBuffer per column.

import type { TimeSeries } from './result.js';

/** Every TimeSeries column, with its name in timeseries.csv and timeseries.parquet. */
export const SERIES_COLUMNS = {
  offeredRps: 'offered_rps',
  servedRps: 'served_rps',
  droppedRps: 'dropped_rps',
  cpuPct: 'cpu_pct',
  memoryPct: 'memory_pct',
  latencyP50Ms: 'latency_p50_ms',
  latencyP95Ms: 'latency_p95_ms',
  latencyP99Ms: 'latency_p99_ms',
  latencyMeanMs: 'latency_mean_ms',
  queueWaitMeanMs: 'queue_wait_mean_ms',
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
} as const satisfies Record<Exclude<keyof TimeSeries, 'minutes'>, string>;

export type SeriesField = keyof typeof SERIES_COLUMNS;
export const SERIES_FIELDS = Object.keys(SERIES_COLUMNS) as SeriesField[];

/** Cumulative cost is a float64 column: dollars over a year need more than float32's ~7 digits. */
export type Float64Field = 'cumulativeUsd';
export type Float32Field = Exclude<SeriesField, Float64Field>;
export const isFloat64Field = (field: SeriesField): field is Float64Field => field === 'cumulativeUsd';

/** Decimals kept per column: percentages and milliseconds 3, everything else 4. */
export const SERIES_DECIMALS: Readonly<Record<SeriesField, number>> = Object.fromEntries(
  SERIES_FIELDS.map((f) => [f, f === 'cpuPct' || f === 'memoryPct' || f.startsWith('latency') || f === 'queueWaitMeanMs' ? 3 : 4]),
) as Record<SeriesField, number>;

/**
 * Significant digits a float32 cell keeps: FLT_DIG, the most that survive decimal → float32 →
 * decimal unchanged, so a saved timeseries.csv re-reads and re-prints to the same text.
 */
export const FLOAT32_SIGNIFICANT_DIGITS = 6;

/** Minute m of a series starts at m × 60 s; the series stores no time column. */
export function minuteSeconds(minute: number): number {
  return minute * 60;
}

/** Seconds in minute `minute` of a run of `horizonSeconds`: 60, fewer in a last, partial minute. */
export function minuteLength(minute: number, horizonSeconds: number): number {
  return Math.min(60, horizonSeconds - minute * 60);
}

/**
 * A series of `minutes` zeros; every column owns its ArrayBuffer (so it can be transferred). With
 * `shared`, the columns are views of one SharedArrayBuffer instead (float64 columns first, so each
 * is aligned): a thread can read them where they are (a run whose timeseries.csv a thread writes,
 * see report/timeseries-writer.ts), and the block, dropped whole once the columns kept are copied
 * out of it (`sharedPacked`), goes back to the system. A year is 57 MB (108 bytes a minute), above the size glibc ever
 * serves from its heap; 26 blocks of 2–4 MB, freed at each run, left holes there instead, and
 * peak RSS on a year of four alternatives was 474–513 MiB against 446.
 */
export function createSeries(minutes: number, shared = false): TimeSeries {
  const s = { minutes } as unknown as Record<SeriesField, Float32Array | Float64Array> & { minutes: number };
  if (!shared) {
    for (const f of SERIES_FIELDS) s[f] = isFloat64Field(f) ? new Float64Array(minutes) : new Float32Array(minutes);
    return s as unknown as TimeSeries;
  }
  const wide = SERIES_FIELDS.filter(isFloat64Field);
  const block = new SharedArrayBuffer(minutes * (8 * wide.length + 4 * (SERIES_FIELDS.length - wide.length)));
  let at = 0;
  for (const f of wide) {
    s[f] = new Float64Array(block, at, minutes);
    at += 8 * minutes;
  }
  for (const f of SERIES_FIELDS) {
    if (isFloat64Field(f)) continue;
    s[f] = new Float32Array(block, at, minutes);
    at += 4 * minutes;
  }
  return s as unknown as TimeSeries;
}

/**
 * The buffers behind a series' columns, one per column, for `postMessage(msg, transfer)`.
 * Throws when a column is a view into a larger or shared buffer: transferring that would take
 * memory the series does not own (or fail on the second column of the same buffer).
 */
export function seriesBuffers(series: TimeSeries): ArrayBuffer[] {
  return SERIES_FIELDS.map((f) => {
    const column = series[f];
    if (!(column.buffer instanceof ArrayBuffer) || column.byteOffset !== 0 || column.buffer.byteLength !== column.byteLength) {
      throw new Error(`series.${f} does not own its buffer (a view or a shared buffer): copy it with slice() before transferring`);
    }
    return column.buffer;
  });
}

/** Exact powers of ten, 10^0 … 10^39 (float32 tops out near 3.4e38). */
const POW10 = Array.from({ length: 40 }, (_, i) => Number(`1e${i}`));

/**
 * Decimal places a float32 value keeps: the column's `decimals`, fewer when that would print more
 * than six significant digits (negative: rounded to tens, hundreds, ...). A chain of comparisons
 * with exact powers of ten, so the boundaries are exact (no log10).
 */
export function float32Places(x: number, decimals: number): number {
  const a = Math.abs(x);
  let places = decimals;
  for (let e = FLOAT32_SIGNIFICANT_DIGITS - decimals; e < POW10.length && a >= POW10[e]; e++) places--;
  return places;
}

/** `x` rounded to `places` decimals (negative: to tens, hundreds, ...), half up as Math.round. */
export function roundToPlaces(x: number, places: number): number {
  if (places >= 0) return Math.round(x * POW10[places]) / POW10[places];
  return Math.round(x / POW10[-places]) * POW10[-places];
}

/** A float32 cell's value on its grid: `decimals` places and at most six significant digits. */
export function float32Cell(x: number, decimals: number): number {
  return Number.isFinite(x) ? roundToPlaces(x, float32Places(x, decimals)) : x;
}

/** The value a column holds for `x`: its grid for float32 columns, its decimals for float64 ones. */
export function seriesCell(field: SeriesField, x: number): number {
  const decimals = SERIES_DECIMALS[field];
  if (isFloat64Field(field)) return Number.isFinite(x) ? roundToPlaces(x, decimals) : x;
  return float32Cell(x, decimals);
}
