// Packed series: every column comes back bit for bit, step-like columns are kept as runs, and a
// column equal to another alternative's is kept once; read a window at a time, or a column at a
// time into one reused array (the timeseries.csv thread), it gives the same values.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeries, SERIES_FIELDS } from '../../src/domain/series.js';
import { ColumnPool, columnWindow, ownColumns, packSeries, seriesView, seriesWindow, sharedPacked } from '../../src/domain/series-store.js';
import { downsample, downsampleColumns } from '../../src/domain/downsample.js';

const bits = (a: Float32Array | Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('packed series', () => {
  it('a step column becomes runs and reads back the same, -0 and NaN included', () => {
    // Runs are kept while there are at most a quarter as many as minutes: 5 of 20 here.
    const s = createSeries(20);
    s.runningTasks.set([2, 2, 2, 3, 3, 3, 3, 3, 3, 3]); // 2 runs (the last 10 minutes are 0: 3 runs)
    s.tasksStopping.set([0, -0, 0]); // -0 is its own run: 3 runs
    s.latencyP95Ms.set([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN]); // changes every minute: dense
    const packed = packSeries(s);
    expect(packed.columns.runningTasks).toMatchObject({ kind: 'runs', starts: new Uint32Array([0, 3, 10]), values: new Float32Array([2, 3, 0]) });
    expect(packed.columns.tasksStopping.kind).toBe('runs');
    expect(packed.columns.latencyP95Ms.kind).toBe('dense');
    expect(packed.columns.cumulativeUsd.kind).toBe('dense'); // float64 stays dense
    const view = seriesView(packed);
    for (const f of SERIES_FIELDS) expect(bits(view[f])).toEqual(bits(s[f]));
    expect(Object.is(view.tasksStopping[1], -0)).toBe(true);
  });

  it('round-trips any float32 column bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.float(), fc.constantFrom(0, -0, 1, NaN)), { minLength: 1, maxLength: 300 }), (values) => {
        const s = createSeries(values.length);
        s.desiredTasks.set(values);
        expect(bits(seriesView(packSeries(s)).desiredTasks)).toEqual(bits(s.desiredTasks));
      }),
      { numRuns: 300 },
    );
  });

  it('a column equal to another series\' is stored once; a different one is not shared', () => {
    const a = createSeries(1000);
    const b = createSeries(1000);
    for (let m = 0; m < 1000; m++) {
      a.offeredRps[m] = b.offeredRps[m] = 100 + Math.sin(m); // same load in both (common random numbers)
      a.cpuPct[m] = m % 7;
      b.cpuPct[m] = m % 11;
    }
    const pool = new ColumnPool();
    const pa = pool.share(packSeries(a));
    const pb = pool.share(packSeries(b));
    expect(pa.columns.offeredRps.kind).toBe('dense');
    expect(pb.columns.offeredRps).toEqual(pa.columns.offeredRps);
    expect((pb.columns.offeredRps as { values: Float32Array }).values).toBe((pa.columns.offeredRps as { values: Float32Array }).values);
    expect((pb.columns.cpuPct as { values: Float32Array }).values).not.toBe((pa.columns.cpuPct as { values: Float32Array }).values);
  });

  it('a year of one-step-a-minute-in-twenty columns takes a tenth of the dense bytes', () => {
    // 525,600 minutes, a change every 20 minutes: 26,280 runs × 8 bytes = 210 kB against 2.1 MB dense.
    const s = createSeries(525_600);
    for (let m = 0; m < s.minutes; m++) s.desiredTasks[m] = Math.floor(m / 20) % 5;
    const column = packSeries(s).columns.desiredTasks;
    expect(column.kind).toBe('runs');
    const runs = column as { starts: Uint32Array; values: Float32Array };
    expect(runs.starts.length).toBe(26_280);
    expect(runs.starts.byteLength + runs.values.byteLength).toBe(210_240);
  });
});

describe('columns that came through the worker pipe', () => {
  it('are copied out of the message buffer they are views into, values unchanged', () => {
    const series = createSeries(1000);
    for (let m = 0; m < 1000; m++) {
      series.latencyP95Ms[m] = 100 + (m % 7);
      series.runningTasks[m] = Math.floor(m / 250);
    }
    const packed = packSeries(series);
    // What the V8 deserializer hands over: every column a view into one big buffer.
    const message = new ArrayBuffer(1 << 20);
    let at = 0;
    const viewInto = <T extends Float32Array | Float64Array | Uint32Array>(a: T): T => {
      at = Math.ceil(at / 8) * 8;
      const view = new (a.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(message, at, a.length);
      view.set(a);
      at += a.byteLength;
      return view;
    };
    for (const f of SERIES_FIELDS) {
      const c = packed.columns[f];
      packed.columns[f] = c.kind === 'dense' ? { kind: 'dense', values: viewInto(c.values) } : { kind: 'runs', starts: viewInto(c.starts), values: viewInto(c.values) };
    }
    const owned = ownColumns(packed);
    for (const f of SERIES_FIELDS) {
      const c = owned.columns[f];
      for (const a of c.kind === 'dense' ? [c.values] : [c.starts, c.values]) {
        expect(a.buffer).not.toBe(message);
        expect(a.buffer.byteLength).toBe(a.byteLength);
      }
    }
    const view = seriesView(owned);
    expect(Array.from(view.latencyP95Ms)).toEqual(Array.from(series.latencyP95Ms));
    expect(Array.from(view.runningTasks)).toEqual(Array.from(series.runningTasks));
  });
});

describe('a packed series read in pieces (the timeseries.csv thread)', () => {
  /** A series whose columns are runs of random lengths (packed as runs or dense, as they come) and one dense column. */
  const stepped = (runs: [number, number][]) => {
    const minutes = runs.reduce((n, [, length]) => n + length, 0);
    const s = createSeries(minutes);
    let m = 0;
    for (const [value, length] of runs) {
      s.runningTasks.fill(value, m, m + length);
      s.desiredTasks.fill(value + 1, m, m + length);
      m += length;
    }
    for (let i = 0; i < minutes; i++) s.latencyP95Ms[i] = Math.fround(i / 3);
    return s;
  };
  const run = fc.tuple(fc.oneof(fc.float(), fc.constantFrom(0, -0, NaN)), fc.integer({ min: 1, max: 40 }));

  it('any window of minutes [from, to) is those minutes of the unpacked series, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), (runs, x, y) => {
        const s = stepped(runs);
        const [from, to] = [x % (s.minutes + 1), y % (s.minutes + 1)].sort((a, b) => a - b);
        const packed = packSeries(s);
        // Scratch arrays full of leftovers from an earlier window: a window must overwrite every minute it shows.
        const scratch = Object.fromEntries(SERIES_FIELDS.map((f) => [f, new Float32Array(s.minutes).fill(7)])) as Record<(typeof SERIES_FIELDS)[number], Float32Array>;
        const window = seriesWindow(packed, from, to, scratch);
        expect(window.minutes).toBe(to - from);
        for (const f of SERIES_FIELDS) expect(bits(window[f])).toEqual(bits(s[f].subarray(from, to)));
      }),
      { numRuns: 300 },
    );
  });

  it('a whole column unpacked into one reused array gives the chart points downsample gives', () => {
    const s = stepped(Array.from({ length: 400 }, (_, k) => [k % 9, 1 + (k % 13)] as [number, number]));
    s.cumulativeUsd.forEach((_, i) => (s.cumulativeUsd[i] = i * 0.01));
    const packed = packSeries(s);
    const column = new Float32Array(s.minutes);
    const points = downsampleColumns(s.minutes, (f) => columnWindow(packed.columns[f], 0, s.minutes, column), 100);
    // Key order too: the HTML report embeds these points as JSON.
    expect(JSON.stringify(points)).toBe(JSON.stringify(downsample(s, 100)));
  });

  it('sharedPacked puts every array in a shared buffer of its own, copying only those not so already', () => {
    const plain = packSeries(stepped([[1, 50], [2, 50]]));
    const shared = sharedPacked(plain);
    const arrays = (p: typeof plain): (Float32Array | Float64Array | Uint32Array)[] =>
      SERIES_FIELDS.flatMap((f): (Float32Array | Float64Array | Uint32Array)[] => {
        const c = p.columns[f];
        return c.kind === 'dense' ? [c.values] : [c.starts, c.values];
      });
    for (const a of arrays(shared)) {
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect([a.byteOffset, a.buffer.byteLength]).toEqual([0, a.byteLength]);
    }
    for (const f of SERIES_FIELDS) expect(bits(seriesView(shared)[f])).toEqual(bits(seriesView(plain)[f]));
    // Already so: kept as they are.
    expect(arrays(sharedPacked(shared)).every((a, i) => a === arrays(shared)[i])).toBe(true);
  });

  it('createSeries(minutes, true) makes every column a view of one shared block, aligned for any length', () => {
    for (const minutes of [0, 1, 7, 1000]) {
      const s = createSeries(minutes, true);
      const block = s.cumulativeUsd.buffer;
      expect(block).toBeInstanceOf(SharedArrayBuffer);
      for (const f of SERIES_FIELDS) {
        expect(s[f].buffer).toBe(block);
        expect(s[f].length).toBe(minutes);
      }
      s.cumulativeUsd.fill(1.5);
      s.runningTasks.fill(3);
      expect([...s.cumulativeUsd].every((x) => x === 1.5) && [...s.runningTasks].every((x) => x === 3) && [...s.desiredTasks].every((x) => x === 0)).toBe(true);
    }
  });
});
