// Downsampling per-minute series for display (SVG and HTML charts; the CSV keeps full
// resolution). Consecutive minutes are grouped into equal buckets so a series has at most
// `maxPoints` points, and each field is reduced by the rule that keeps the chart honest:
//   - mean: rates, task/instance counts, paid/used resources: area under the curve is kept;
//   - max: latency percentiles, dropped rps, pending tasks: an SLO miss or a drop is never hidden;
//   - last: cumulative cost, so the curve ends on the run's final figure;
// plus `offeredRpsMax`, the busiest minute of each bucket, drawn as a band over the mean load.
// A bucket's `t` is the start of its first minute. Every point is rounded to its column's grid
// (domain/series.ts), so charts and the HTML page carry no float32 noise (123.45670318603516).
//
// A series' display points are computed once per `maxPoints` and remembered (the SVG charts and
// the HTML page read the same ones; callers only read them). A worker process computes them from
// its dense columns while other workers still simulate, and the parent remembers them for the
// packed view it keeps (`rememberDownsample`): the same numbers, since packing is lossless.

import type { TimeSeries } from './result.js';
import { SERIES_FIELDS, minuteSeconds, seriesCell, type SeriesField } from './series.js';

export type Reducer = 'mean' | 'max' | 'last';

export const REDUCERS: Record<SeriesField, Reducer> = {
  offeredRps: 'mean',
  servedRps: 'mean',
  droppedRps: 'max',
  cpuPct: 'mean',
  memoryPct: 'mean',
  latencyP50Ms: 'max',
  latencyP95Ms: 'max',
  latencyP99Ms: 'max',
  latencyMeanMs: 'max',
  queueWaitMeanMs: 'max',
  desiredTasks: 'mean',
  runningTasks: 'mean',
  startingTasks: 'mean',
  pendingTasks: 'max',
  tasksProvisioning: 'mean',
  tasksPending: 'mean',
  tasksActivating: 'mean',
  tasksDeactivating: 'mean',
  tasksStopping: 'mean',
  instances: 'mean',
  servingCapacityRps: 'mean',
  paidVcpu: 'mean',
  usedVcpu: 'mean',
  paidMemoryGiB: 'mean',
  usedMemoryGiB: 'mean',
  cumulativeUsd: 'last',
};

/** Display-ready points: plain arrays, one entry per bucket, each field as in TimeSeries. */
export type DisplaySeries = Record<SeriesField, number[]> & {
  /** Minutes per point (1 when not downsampled). */
  bucketMinutes: number;
  /** Start of each bucket's first minute, seconds. */
  t: number[];
  /** Busiest minute's offered load in each bucket. */
  offeredRpsMax: number[];
};

export const DEFAULT_MAX_POINTS = 1000;

const remembered = new WeakMap<TimeSeries, Map<number, DisplaySeries>>();

/** Takes `display` as `series`' points at `maxPoints` (computed elsewhere from the same values). */
export function rememberDownsample(series: TimeSeries, maxPoints: number, display: DisplaySeries): void {
  let byPoints = remembered.get(series);
  if (!byPoints) remembered.set(series, (byPoints = new Map()));
  byPoints.set(maxPoints, display);
}

export function downsample(series: TimeSeries, maxPoints = DEFAULT_MAX_POINTS): DisplaySeries {
  const known = remembered.get(series)?.get(maxPoints);
  if (known) return known;
  const display = computeDownsample(series, maxPoints);
  rememberDownsample(series, maxPoints, display);
  return display;
}

function computeDownsample(series: TimeSeries, maxPoints: number): DisplaySeries {
  return downsampleColumns(series.minutes, (f) => series[f], maxPoints);
}

/**
 * `downsample` of a series of `minutes` read a column at a time through `column`, which may hand
 * every column in one reused array: each is read whole before the next is asked for.
 */
export function downsampleColumns(minutes: number, column: (field: SeriesField) => ArrayLike<number>, maxPoints = DEFAULT_MAX_POINTS): DisplaySeries {
  const n = minutes;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const out = { bucketMinutes: size, t: [] as number[], offeredRpsMax: [] as number[] } as DisplaySeries;
  for (let start = 0; start < n; start += size) out.t.push(minuteSeconds(start));
  for (const f of SERIES_FIELDS) {
    const values = column(f);
    const points: number[] = [];
    for (let start = 0; start < n; start += size) {
      const end = Math.min(n, start + size);
      points.push(seriesCell(f, reduce(values, start, end, REDUCERS[f])));
      if (f === 'offeredRps') out.offeredRpsMax.push(seriesCell('offeredRps', reduce(values, start, end, 'max')));
    }
    out[f] = points;
  }
  return out;
}

function reduce(values: ArrayLike<number>, start: number, end: number, how: Reducer): number {
  if (how === 'last') return values[end - 1];
  if (how === 'max') {
    let m = -Infinity;
    for (let i = start; i < end; i++) if (values[i] > m) m = values[i];
    return m;
  }
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i];
  return sum / (end - start);
}

/** Rounds to `digits` significant digits: enough for a chart, much smaller embedded JSON. */
export function roundForDisplay(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
