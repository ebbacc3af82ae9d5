// timeseries.csv's numbers: the byte writer against a plain String() formatter of the rule in
// docs/reports.md (a float32 cell is its value rounded to the column's decimals and to six
// significant digits; the float64 cumulative cost to 4 decimals), on hand-picked edge values and
// on random float32s; and a saved file re-read and re-printed gives the same bytes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComparisonResult, TimeSeries } from '../../src/domain/result.js';
import { SERIES_FIELDS, createSeries, type SeriesField } from '../../src/domain/series.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimeseriesJoin, alternativeCsvChunks, chunkBuffer, timeseriesCsv, timeseriesCsvHeader } from '../../src/report/csv.js';
import { packSeries, seriesWindow } from '../../src/domain/series-store.js';
import { parseTimeseriesCsv } from '../../src/report/csv-read.js';

function resultOf(series: Record<string, TimeSeries>): ComparisonResult {
  return { alternatives: Object.entries(series).map(([name, s]) => ({ name, series: s })) } as unknown as ComparisonResult;
}

const column = (field: SeriesField) => 3 + SERIES_FIELDS.indexOf(field);

/** The cells timeseries.csv holds for `values` in `field` (one row per value, one alternative). */
function cells(field: SeriesField, values: number[]): string[] {
  const s = createSeries(values.length);
  s[field].set(values);
  const rows = timeseriesCsv(resultOf({ a: s })).trimEnd().split('\n').slice(1);
  return rows.map((row) => row.split(',')[column(field)]);
}

const cell = (field: SeriesField, x: number) => cells(field, [x])[0];

/** The rule, spelled with String(): exponent from toExponential, not from the writer's comparisons. */
function reference(x: number, decimals: number, float32: boolean): string {
  if (!Number.isFinite(x)) return String(x);
  let places = decimals;
  if (float32 && x !== 0) places = Math.min(decimals, 5 - Number(Math.abs(x).toExponential().split('e')[1]));
  const pow = (k: number) => Number(`1e${k}`);
  const r = places >= 0 ? Math.round(x * pow(places)) / pow(places) : Math.round(x / pow(-places)) * pow(-places);
  return Object.is(r, -0) ? '-0' : String(r);
}

describe('timeseries.csv numbers', () => {
  it('prints edge values as worked out by hand', () => {
    // offered_rps: float32, 4 decimals. Each value is first stored as float32.
    const rps: [number, string][] = [
      [0, '0'],
      [-0, '-0'],
      [1e-5, '0'], // below the 4th decimal
      [-1e-5, '-0'], // a negative value that rounds to zero keeps its sign, as "-0"
      [0.00005, '0'], // float32 4.9999999e-5: just under half a unit
      [0.00006, '0.0001'],
      [0.1, '0.1'], // float32 0.100000001…
      [1 / 3, '0.3333'],
      [-12.345678, '-12.3457'],
      [99.99999, '100'], // rounds up across a power of ten
      [123456.7, '123457'], // six significant digits leave no decimal
      [99999.99995, '100000'], // float32 100000 exactly
      [1234567.8, '1234570'], // float32 1234567.75, six significant digits
      [16777217, '16777200'], // float32 16777216
      [3.4e38, '3.4e+38'], // String()'s exponent form, as the reference prints it
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ];
    expect(cells('offeredRps', rps.map(([x]) => x))).toEqual(rps.map(([, text]) => text));
    // cpu_pct: float32, 3 decimals; Math.round's half up on exact binary halves.
    const pct: [number, string][] = [
      [2 / 3, '0.667'],
      [0.0625, '0.063'], // 62.5 thousandths → 63
      [-0.0625, '-0.062'], // −62.5 → −62 (half up, towards +∞)
      [1234.5678, '1234.57'],
      [100, '100'],
    ];
    expect(cells('cpuPct', pct.map(([x]) => x))).toEqual(pct.map(([, text]) => text));
    // cumulative_usd: float64, 4 decimals, no significant-digit limit.
    const usd: [number, string][] = [
      [12345.67891, '12345.6789'],
      [123456789.12346, '123456789.1235'],
      [0.00005, '0.0001'], // the double is a hair above 0.00005
      [1e-5, '0'],
      [NaN, 'NaN'],
    ];
    expect(cells('cumulativeUsd', usd.map(([x]) => x))).toEqual(usd.map(([, text]) => text));
  });

  it('matches String() of the rounded value on random float32 values', () => {
    const anyFloat32 = fc.float(); // every float32: NaN, ±Infinity, ±0, subnormals
    const realistic = fc.integer({ min: -2e9, max: 2e9 }).map((k) => Math.fround(k / 1e4));
    fc.assert(
      fc.property(fc.array(fc.oneof(anyFloat32, realistic), { minLength: 1, maxLength: 300 }), (values) => {
        const f32 = values.map(Math.fround);
        expect(cells('offeredRps', f32)).toEqual(f32.map((x) => reference(x, 4, true)));
        expect(cells('latencyP95Ms', f32)).toEqual(f32.map((x) => reference(x, 3, true)));
      }),
      { numRuns: 300 },
    );
  });

  it('matches String() of the rounded value on random cumulative costs (float64)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e11, max: 1e11, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        expect(cells('cumulativeUsd', values)).toEqual(values.map((x) => reference(x, 4, false)));
      }),
      { numRuns: 300 },
    );
  });

  it('a printed cell parses, rounds to float32 and prints to the same text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.float(), fc.float({ min: -1e9, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 300 }), (values) => {
        for (const field of ['servedRps', 'memoryPct'] as const) {
          const printed = cells(field, values);
          expect(cells(field, printed.map((t) => Math.fround(Number(t))))).toEqual(printed);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('timeseries.csv read back', () => {
  /** A series of `minutes` minutes with every column drawn from `values`. */
  const seriesArb = (minutes: number) =>
    fc.array(fc.oneof(fc.float(), fc.integer({ min: -1e8, max: 1e8 }).map((k) => k / 1e3)), { minLength: minutes * SERIES_FIELDS.length, maxLength: minutes * SERIES_FIELDS.length }).map((values) => {
      const s = createSeries(minutes);
      SERIES_FIELDS.forEach((f, j) => s[f].set(values.slice(j * minutes, (j + 1) * minutes)));
      return s;
    });

  it('is byte-stable: parse a printed file and print it again, the same bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).chain(seriesArb), seriesArb(3), (a, b) => {
        const text = timeseriesCsv(resultOf({ 'spot, "lean"\nv2': a, b }));
        const back = parseTimeseriesCsv(text, 'timeseries.csv');
        expect([...back.keys()]).toEqual(['spot, "lean"\nv2', 'b']);
        expect(timeseriesCsv(resultOf(Object.fromEntries(back)))).toBe(text);
        // and each value is the printed decimal stored as the column stores it
        const rows = text.trimEnd().split('\n').slice(1);
        const last = rows.at(-1)!.split(',');
        for (const f of SERIES_FIELDS) {
          const printed = Number(last[column(f)]);
          expect(back.get('b')![f][2]).toBe(f === 'cumulativeUsd' ? printed : Math.fround(printed));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads CRLF line ends, blank lines and quoted numbers, as csv-parse did', () => {
    const s = createSeries(2);
    s.offeredRps.set([1.5, 2]);
    s.cumulativeUsd.set([0.25, 0.5]);
    const lines = timeseriesCsv(resultOf({ a: s })).trimEnd().split('\n');
    lines[2] = lines[2].replace(',2,', ',"2",');
    const back = parseTimeseriesCsv(`${lines.join('\r\n')}\r\n\r\n`, 'f.csv').get('a')!;
    expect(back.minutes).toBe(2);
    expect(back.offeredRps).toEqual(Float32Array.of(1.5, 2));
    expect(back.cumulativeUsd).toEqual(Float64Array.of(0.25, 0.5));
  });

  it('names the row and the problem when a file is damaged', () => {
    const lines = timeseriesCsv(resultOf({ a: createSeries(3) })).trimEnd().split('\n');
    const broken = (edit: (rows: string[]) => void) => {
      const copy = [...lines];
      edit(copy);
      return () => parseTimeseriesCsv(copy.join('\n'), 'ts.csv');
    };
    expect(broken((r) => (r[2] = r[2].replace(/,0$/, '')))).toThrow(/ts\.csv: not valid CSV \(row 3: too few cells, expected 29\)/);
    expect(broken((r) => (r[3] += ',0'))).toThrow(/row 4: too many cells/);
    expect(broken((r) => (r[2] = r[2].replace('a,1,60,', 'a,2,120,')))).toThrow(/row 3: minute 2 of a is out of order \(expected 1\)/);
    expect(broken((r) => (r[2] = r[2].replace('a,1,60,', 'a,1,61,')))).toThrow(/row 3: t_seconds 61 of a is not minute 1 × 60/);
    expect(broken((r) => (r[1] = ['a', 0, 0, '1e', ...r[1].split(',').slice(4)].join(',')))).toThrow(/row 2: offered_rps is "1e", not a number/);
    expect(broken((r) => (r[1] = '"a' + r[1]))).toThrow(/row 2: a quoted cell is not closed/);
  });
});

/** Each alternative's rows written to its part file in `dir`, as worker processes write them. */
function writeParts(result: ComparisonResult, dir: string): string[] {
  return result.alternatives.map((alt, i) => {
    const path = join(dir, `${i}.csv`);
    writeFileSync(path, Buffer.concat([...alternativeCsvChunks(alt)]));
    return path;
  });
}

describe('timeseries.csv joined from per-alternative parts (what worker processes write)', () => {
  it('the header plus each alternative\'s rows, in order, is the file written in one go, whatever order the parts finish in', async () => {
    // Two alternatives of 100,000 minutes: more than one 2 MiB chunk each, so chunk edges differ.
    const a = createSeries(100_000);
    const b = createSeries(100_000);
    for (let m = 0; m < 100_000; m++) {
      a.offeredRps[m] = Math.fround(100 + (m % 97) / 8);
      b.runningTasks[m] = Math.floor(m / 600);
    }
    const c = createSeries(100_000);
    c.cumulativeUsd.fill(1.25);
    const result = resultOf({ 'a,1': a, b, c });
    const dir = mkdtempSync(join(tmpdir(), 'capsim-parts-test-'));
    try {
      const parts = writeParts(result, dir);
      const joined = new TimeseriesJoin(join(dir, 'timeseries.csv'), parts);
      // The second alternative finishes first: nothing of it may go in before the first's rows.
      joined.partReady(1);
      joined.partReady(0);
      joined.partReady(2);
      expect(await joined.finish()).toBe(true);
      expect(readFileSync(joined.path, 'utf8')).toBe(timeseriesCsv(result));
      // Each part is removed once copied.
      expect(parts.filter((p) => existsSync(p))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an incomplete join when a part never became ready', async () => {
    const result = resultOf({ a: createSeries(10), b: createSeries(10) });
    const dir = mkdtempSync(join(tmpdir(), 'capsim-parts-test-'));
    try {
      const parts = writeParts(result, dir);
      const joined = new TimeseriesJoin(join(dir, 'timeseries.csv'), parts);
      joined.partReady(1);
      expect(await joined.finish()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('timeseries.csv printed a window of minutes at a time into one reused buffer (the thread\'s way)', () => {
  it('gives the bytes of the file written in one go', () => {
    // 50,000 minutes: windows of 16,384 that end inside a 2 MiB chunk, and a last short window.
    const a = createSeries(50_000);
    const b = createSeries(50_000);
    for (let m = 0; m < 50_000; m++) {
      a.offeredRps[m] = Math.fround(100 + (m % 97) / 8);
      a.latencyP95Ms[m] = m % 1000 === 0 ? NaN : Math.fround(m / 7);
      b.runningTasks[m] = Math.floor(m / 600);
      b.cumulativeUsd[m] = m * 0.0125;
    }
    const result = resultOf({ 'a,1': a, '=b': b });
    const buffer = chunkBuffer();
    const pieces: Buffer[] = [Buffer.from(timeseriesCsvHeader())];
    for (const alt of result.alternatives) {
      const packed = packSeries(alt.series);
      const scratch = Object.fromEntries(SERIES_FIELDS.map((f) => [f, new Float32Array(16_384)])) as Record<SeriesField, Float32Array>;
      for (let from = 0; from < packed.minutes; from += 16_384) {
        const window = seriesWindow(packed, from, Math.min(packed.minutes, from + 16_384), scratch);
        // Every chunk comes in the one buffer: copy it before asking for the next.
        for (const chunk of alternativeCsvChunks({ name: alt.name, series: window }, buffer, from)) {
          expect(chunk.buffer).toBe(buffer.buffer);
          pieces.push(Buffer.from(chunk));
        }
      }
    }
    expect(Buffer.concat(pieces).toString('utf8')).toBe(timeseriesCsv(result));
  });
});
