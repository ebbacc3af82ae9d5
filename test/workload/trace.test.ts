// Trace replay: reading CSV and CloudWatch JSON traces (src/domain/trace.ts) and replaying them as
// an rps curve (src/workload/trace.ts): step and linear values, hold and loop past the end, scale
// and shift, every load-time error at its line and column, and a million-row trace read into
// two float64 columns (sizes asserted, not times).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceError, parseIsoSeconds, readTrace, type TraceData } from '../../src/domain/trace.js';
import type { TraceCurveSpec } from '../../src/domain/scenario.js';
import { TraceCurve } from '../../src/workload/trace.js';
import { compileCurve, compileTickCurve } from '../../src/workload/curves.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-'));
let files = 0;
function file(text: string, ext = 'csv'): string {
  const path = join(dir, `t${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
function traceError(text: string, ext = 'csv'): TraceError {
  try {
    readTrace(file(text, ext), `traces/x.${ext}`);
  } catch (err) {
    if (err instanceof TraceError) return err;
    throw err;
  }
  throw new Error('expected a TraceError');
}
function spec(trace: TraceData, over: Partial<TraceCurveSpec> = {}): TraceCurveSpec {
  return { type: 'trace', file: 'x.csv', trace, interpolate: 'step', scale: 1, shiftSeconds: 0, loop: false, ...over };
}

// Rows at 0, 60, 120, 180 s: 10, 20, 40, 20 rps. The last interval is 60 s, so a loop is 240 s.
const FOUR = 'timestamp,rps\n0,10\n60,20\n120,40\n180,20\n';

describe('reading a CSV trace', () => {
  it('seconds timestamps: times from the first row, rates as written, 16 bytes a row', () => {
    const t = readTrace(file('timestamp,rps\n100,10\n160,20.5\n220,0\n'));
    expect([...t.times]).toEqual([0, 60, 120]);
    expect([...t.rates]).toEqual([10, 20.5, 0]);
    expect(t.times.byteLength + t.rates.byteLength).toBe(3 * 16);
    expect(t.lastIntervalSeconds).toBe(60);
  });

  it('ISO timestamps (Z and offsets), comments, blank lines and CRLF', () => {
    const t = readTrace(file('# SYNTHETIC\r\ntimestamp,rps\r\n2026-03-02T14:05:00Z,1\r\n\r\n2026-03-02T14:06:30Z,2\r\n2026-03-02T16:07:00+02:00,3\r\n'));
    // 14:06:30 is 90 s after 14:05:00; 16:07+02:00 is 14:07:00Z, 120 s after.
    expect([...t.times]).toEqual([0, 90, 120]);
    expect([...t.rates]).toEqual([1, 2, 3]);
    expect(parseIsoSeconds('1970-01-01T00:01:00Z')).toBe(60);
    expect(parseIsoSeconds('2026-02-30T00:00:00Z')).toBeNaN();
  });

  it('counts become rates: count ÷ the interval to the next row; the last row uses the interval before it', () => {
    const t = readTrace(file('timestamp,count\n0,600\n60,1200\n180,600\n'));
    // 600 / 60 = 10; 1200 / 120 = 10; 600 / 120 (the last interval, 180 − 60) = 5
    expect([...t.rates]).toEqual([10, 10, 5]);
  });

  it('a row split across the 64 KiB pieces it is read in is read whole', () => {
    const rows = ['timestamp,rps'];
    for (let i = 0; i < 20_000; i++) rows.push(`${i * 60},${i % 7}.25`);
    const t = readTrace(file(`${rows.join('\n')}\n`));
    expect(t.times.length).toBe(20_000);
    for (let i = 0; i < 20_000; i++) if (t.times[i] !== i * 60 || t.rates[i] !== (i % 7) + 0.25) throw new Error(`row ${i} misread`);
  });
});

describe('CloudWatch get-metric-data JSON', () => {
  it('newest-first timestamps are sorted; values are counts per period', () => {
    const json = JSON.stringify(
      {
        MetricDataResults: [
          {
            Id: 'm1',
            Label: 'RequestCount',
            Timestamps: ['2026-03-02T14:07:00+00:00', '2026-03-02T14:06:00+00:00', '2026-03-02T14:05:00+00:00'],
            Values: [300, 1200, 600],
            StatusCode: 'Complete',
          },
        ],
        Messages: [],
      },
      null,
      2,
    );
    const t = readTrace(file(json, 'json'));
    expect([...t.times]).toEqual([0, 60, 120]);
    // 14:05 600/60 = 10; 14:06 1200/60 = 20; 14:07 300/60 = 5
    expect([...t.rates]).toEqual([10, 20, 5]);
  });

  it('JSON without the expected fields names them', () => {
    expect(traceError('{\n  "Foo": 1\n}', 'json').message).toBe('traces/x.json:1:1: no MetricDataResults list with a result in it');
    expect(traceError('{\n  "MetricDataResults": [ { "Id": "m1" } ]\n}', 'json').message).toBe('traces/x.json:2:3: MetricDataResults[0] has no Timestamps and Values lists');
    expect(traceError('{\n  "MetricDataResults": [\n', 'json').message).toMatch(/^traces\/x\.json:\d+:\d+: not valid JSON/);
    const dup = '{ "MetricDataResults": [ {\n "Timestamps": ["2026-03-02T14:05:00Z", "2026-03-02T14:05:00Z"], "Values": [1, 2] } ] }';
    expect(traceError(dup, 'json').message).toBe('traces/x.json:2:2: MetricDataResults[0].Timestamps has 2026-03-02T14:05:00.000Z twice');
  });
});

describe('trace errors name the line and column', () => {
  it.each([
    ['wrong header', 'time,rps\n0,1\n', 'traces/x.csv:1:1: header "time,rps" is not a trace header'],
    ['bad timestamp', 'timestamp,rps\n2026-03-02T00:00:00Z,1\n2026-13-01,1\n', 'traces/x.csv:3:1: timestamp "2026-13-01" is not an ISO time or a number of seconds'],
    ['second 60 (was read as the next minute)', 'timestamp,rps\n2026-03-02T00:00:00Z,100\n2026-03-02T00:00:60Z,200\n', 'traces/x.csv:3:1: timestamp "2026-03-02T00:00:60Z" is not an ISO time: second 60 is not 00–59 (leap seconds are not supported)'],
    ['leap second', 'timestamp,rps\n2016-12-31T23:59:59Z,1\n2016-12-31T23:59:60Z,1\n', 'traces/x.csv:3:1: timestamp "2016-12-31T23:59:60Z" is not an ISO time: second 60 is not 00–59 (leap seconds are not supported)'],
    ['minute 60', 'timestamp,rps\n2026-03-02 00:60,1\n', 'traces/x.csv:2:1: timestamp "2026-03-02 00:60" is not an ISO time: minute 60 is not 00–59'],
    ['hour 24', 'timestamp,rps\n2026-03-02T00:00:00Z,1\n2026-03-02T24:00:00Z,1\n', 'traces/x.csv:3:1: timestamp "2026-03-02T24:00:00Z" is not an ISO time: hour 24 is not 00–23'],
    ['offset +24:00', 'timestamp,rps\n2026-03-02T00:00:00+24:00,1\n', 'traces/x.csv:2:1: timestamp "2026-03-02T00:00:00+24:00" is not an ISO time: offset +24:00 is not within ±23:59'],
    ['duplicate time', 'timestamp,rps\n0,1\n60,1\n60,2\n', 'traces/x.csv:4:1: timestamp "60" repeats the row before'],
    ['time going back', 'timestamp,rps\n0,1\n60,1\n30,2\n', 'traces/x.csv:4:1: timestamp "30" is earlier than the row before'],
    ['mixed kinds', 'timestamp,rps\n0,1\n2026-03-02T00:00:00Z,1\n', 'traces/x.csv:3:1: timestamp "2026-03-02T00:00:00Z" is an ISO time but the first row\'s is a number of seconds'],
    ['negative rate', 'timestamp,rps\n0,1\n60,-3\n', 'traces/x.csv:3:4: rps "-3" is not a number ≥ 0'],
    ['NaN count', 'timestamp,count\n# a comment\n0,1\n1000,NaN\n', 'traces/x.csv:4:6: count "NaN" is not a number ≥ 0'],
    ['three fields', 'timestamp,rps\n0,1,2\n', 'traces/x.csv:2:1: a row needs two fields, timestamp and rps'],
    ['empty file', '', 'traces/x.csv:1:1: the trace is empty: no header'],
    ['header only', '# only\ntimestamp,rps\n', 'traces/x.csv:3:1: the trace has a header but no rows'],
    ['one count row', 'timestamp,count\n0,60\n', 'traces/x.csv:2:1: a count trace needs two rows at least (a count is spread over the interval to the next row)'],
  ])('%s', (_what, text, message) => {
    const err = traceError(text);
    expect(err.message).toBe(message);
    expect(err.allowed).toBeTruthy();
  });

  it('a line too long to be a row (binary data, a file of one huge line)', () => {
    expect(traceError(`timestamp,rps\n0,${'1'.repeat(5000)}\n`).message).toBe('traces/x.csv:2:1: a line of more than 4096 characters: not a trace');
    expect(traceError('x'.repeat(200_000)).message).toBe('traces/x.csv:1:1: a line of more than 4096 characters: not a trace');
  });

  it('a device is refused before it is read', () => {
    expect(() => readTrace('/dev/zero', 'traces/zero.csv')).toThrow('traces/zero.csv:1:1: the trace is not a regular file');
  });

  it('a missing file', () => {
    expect(() => readTrace(join(dir, 'nope.csv'), 'traces/nope.csv')).toThrow('traces/nope.csv:1:1: the trace file does not exist');
  });
});

describe('replaying a trace', () => {
  const four = () => readTrace(file(FOUR));

  it('step: each row holds until the next; before the first row the first rate; past the end the last', () => {
    const c = new TraceCurve(spec(four()));
    const cases: [number, number][] = [[-5, 10], [0, 10], [59.9, 10], [60, 20], [130, 40], [180, 20], [240, 20], [1e6, 20]];
    for (const [t, rps] of cases) expect(c.valueAt(t)).toBe(rps);
  });

  it('linear: straight lines between rows, then the last rate held', () => {
    const c = new TraceCurve(spec(four(), { interpolate: 'linear' }));
    // 30 s: halfway 10 → 20 = 15; 150 s: halfway 40 → 20 = 30; 135 s: 40 − 20 × 15/60 = 35
    const cases: [number, number][] = [[0, 10], [30, 15], [60, 20], [90, 30], [135, 35], [150, 30], [180, 20], [500, 20]];
    for (const [t, rps] of cases) expect(c.valueAt(t)).toBe(rps);
  });

  it('loop: the trace repeats every 240 s (last row + its 60 s interval)', () => {
    const step = new TraceCurve(spec(four(), { loop: true }));
    // 240 → 0 (10), 300 → 60 (20), 370 → 130 (40), 4 × 240 + 200 → 200 (20)
    for (const [t, rps] of [[240, 10], [300, 20], [370, 40], [1160, 20]] as const) expect(step.valueAt(t)).toBe(rps);
    const linear = new TraceCurve(spec(four(), { loop: true, interpolate: 'linear' }));
    // the last interval leads back to the first row: 210 s is halfway 20 → 10 = 15; 480 + 30 = 15
    expect(linear.valueAt(210)).toBe(15);
    expect(linear.valueAt(510)).toBe(15);
  });

  it('scale multiplies every rate; shift delays the first row (the first rate before it)', () => {
    const c = new TraceCurve(spec(four(), { scale: 1.5, shiftSeconds: 7200 }));
    // 2 h shift: t = 7200 + 60 plays row 60 s (20 × 1.5 = 30); before 7200 the first rate 10 × 1.5
    for (const [t, rps] of [[0, 15], [7199, 15], [7200, 15], [7260, 30], [7320, 60], [9000, 30]] as const) expect(c.valueAt(t)).toBe(rps);
    const looped = new TraceCurve(spec(four(), { loop: true, shiftSeconds: 60 }));
    // a looped trace shifted by 60 s: t = 0 plays its last row (180 s: 20), t = 60 its first
    expect(looped.valueAt(0)).toBe(20);
    expect(looped.valueAt(60)).toBe(10);
  });

  it('the tick curve and the t curve agree, inside a sum with another curve', () => {
    const curve = { type: 'sum' as const, terms: [spec(four(), { interpolate: 'linear' as const }), { type: 'constant' as const, rps: 1 }] };
    const f = compileCurve(curve, 600);
    const ticks = compileTickCurve(curve, 600, 15);
    const out = new Float64Array(40);
    ticks.fill(0, 40, out);
    for (let i = 0; i < 40; i++) expect(out[i]).toBe(f(i * 15));
    // 15 s: 10 + 10 × 15/60 = 12.5, plus 1
    expect(out[1]).toBe(13.5);
  });

  it('look-ups are O(log n) and amortised O(1) in time order', () => {
    const n = 1 << 16;
    const times = new Float64Array(n).map((_, i) => i * 60);
    const rates = new Float64Array(n).map((_, i) => i % 100);
    const c = new TraceCurve(spec({ times, rates, lastIntervalSeconds: 60 }));
    // One random query: a binary search, ≤ 2 log2 n + 2 probes.
    c.valueAt(n * 30.5);
    expect(c.probes).toBeLessThanOrEqual(2 * 16 + 2);
    // Every row once in order: one look-up, the gallop's probes of rows i and i + 2, and one
    // bisection probe: 4 per query, whatever n is (the first, back from the middle, a search).
    const before = c.probes;
    for (let i = 0; i < n; i++) expect(c.valueAt(i * 60 + 1)).toBe(i % 100);
    expect(c.probes - before).toBeLessThanOrEqual(4 * n + 2 * 16 + 2);
  });
});

describe('a million-row trace', () => {
  it('is read into two float64 columns of exactly a million entries (16 MB), from 64 KiB pieces', () => {
    const path = join(dir, 'million.csv');
    const parts = ['timestamp,count\n'];
    for (let i = 0; i < 1_000_000; i++) parts.push(`${i * 60},${(i * 7919) % 6000}\n`);
    writeFileSync(path, parts.join(''));
    const t = readTrace(path);
    expect(t.times.length).toBe(1_000_000);
    expect(t.rates.length).toBe(1_000_000);
    // trimmed: each column owns exactly its rows, not the doubling buffer it was read into
    expect(t.times.buffer.byteLength + t.rates.buffer.byteLength).toBe(16_000_000);
    expect(t.times[999_999]).toBe(999_999 * 60);
    // row 500,000: 500,000 × 7919 = 3,959,500,000 = 659,916 × 6000 + 4000 → 4000 / 60 rps
    expect(t.rates[500_000]).toBe(4000 / 60);
  });
});
