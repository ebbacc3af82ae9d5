// Trace leftovers: a negative time shift; CloudWatch get-metric-data JSON with several metrics
// (picked by Id or Label, an error naming the Ids when it is not clear which); the JSON streamed
// in pieces (a file well over one 64 KiB piece, values checked row by row); JSON errors at their
// line and column. Every file is written by hand (or by a loop) here.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { TraceError, readTrace } from '../../src/domain/trace.js';
import { parseScenario, simulate } from '../../src/index.js';
import { TraceCurve } from '../../src/workload/trace.js';
import { scenarioText } from '../fixtures/scenario-text.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-cw-'));
mkdirSync(join(dir, 'traces'));
let files = 0;
function file(text: string, ext = 'json'): string {
  const path = join(dir, `t${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
function traceError(path: string, metric?: string): TraceError {
  try {
    readTrace(path, 'traces/x.json', { metric });
  } catch (err) {
    if (err instanceof TraceError) return err;
    throw err;
  }
  throw new Error('expected a TraceError');
}

// Two metrics as `aws cloudwatch get-metric-data` prints them (newest first): m1 RequestCount,
// m2 HTTPCode_Target_5XX_Count, both labelled by the CLI; one minute apart.
const TWO = `{
    "MetricDataResults": [
        {
            "Id": "m1",
            "Label": "RequestCount",
            "Timestamps": [
                "2026-03-02T14:07:00+00:00",
                "2026-03-02T14:06:00+00:00",
                "2026-03-02T14:05:00+00:00"
            ],
            "Values": [
                300.0,
                1200.0,
                600.0
            ],
            "StatusCode": "Complete"
        },
        {
            "Id": "m2",
            "Label": "HTTPCode_Target_5XX_Count",
            "Timestamps": [
                "2026-03-02T14:06:00+00:00",
                "2026-03-02T14:05:00+00:00"
            ],
            "Values": [
                6.0,
                12.0
            ],
            "StatusCode": "Complete"
        }
    ],
    "Messages": []
}
`;

describe('CloudWatch JSON with several metrics', () => {
  const two = file(TWO);

  it('picks one by Id or by Label', () => {
    // m1: 14:05 600/60 = 10 rps; 14:06 1200/60 = 20; 14:07 300/60 = 5
    const byId = readTrace(two, 'traces/x.json', { metric: 'm1' });
    expect([...byId.times]).toEqual([0, 60, 120]);
    expect([...byId.rates]).toEqual([10, 20, 5]);
    // m2: 14:05 12/60 = 0.2; 14:06 6/60 = 0.1 (the last row's interval is the one before it)
    const byLabel = readTrace(two, 'traces/x.json', { metric: 'HTTPCode_Target_5XX_Count' });
    expect([...byLabel.times]).toEqual([0, 60]);
    expect([...byLabel.rates]).toEqual([0.2, 0.1]);
  });

  it('without `metric`, or with one that is not there, the error names the Ids present', () => {
    // "MetricDataResults" is on line 2, column 5
    expect(traceError(two).message).toBe('traces/x.json:2:5: MetricDataResults has 2 metrics (m1 (label "RequestCount"), m2 (label "HTTPCode_Target_5XX_Count")): say which to replay');
    expect(traceError(two).allowed).toContain('`metric:` set to one of the Ids');
    expect(traceError(two, 'm3').message).toBe('traces/x.json:2:5: no metric with Id or Label "m3" in MetricDataResults; it has m1 (label "RequestCount"), m2 (label "HTTPCode_Target_5XX_Count")');
  });

  it('a Label two results share is ambiguous; an Id wins over a Label', () => {
    const same = file('{"MetricDataResults":[{"Id":"a","Label":"L","Timestamps":["2026-03-02T14:05:00Z","2026-03-02T14:06:00Z"],"Values":[60,120]},{"Id":"b","Label":"L","Timestamps":["2026-03-02T14:05:00Z","2026-03-02T14:06:00Z"],"Values":[1,2]},{"Id":"L","Timestamps":["2026-03-02T14:05:00Z","2026-03-02T14:06:00Z"],"Values":[600,600]}]}');
    // Id "L" exists: 600/60 = 10 rps twice
    expect([...readTrace(same, 'x', { metric: 'L' }).rates]).toEqual([10, 10]);
    const twoLabels = file('{"MetricDataResults":[{"Id":"a","Label":"L","Timestamps":["2026-03-02T14:05:00Z","2026-03-02T14:06:00Z"],"Values":[60,120]},{"Id":"b","Label":"L","Timestamps":["2026-03-02T14:05:00Z","2026-03-02T14:06:00Z"],"Values":[1,2]}]}');
    expect(traceError(twoLabels, 'L').message).toBe('traces/x.json:1:2: "L" is ambiguous: 2 results have that Label (a (label "L"), b (label "L"))');
  });

  it('`metric` on a CSV trace is refused', () => {
    expect(() => readTrace(file('timestamp,rps\n0,1\n', 'csv'), 'traces/x.csv', { metric: 'm1' })).toThrow('traces/x.csv:1:1: `metric` applies to CloudWatch JSON traces only');
  });
});

describe('JSON problems at their line and column', () => {
  it('a value that is not a count, a timestamp that is not a time: at the value itself', () => {
    const bad = file('{ "MetricDataResults": [ {\n  "Timestamps": ["2026-03-02T14:05:00Z", "2026-03-02T14:06:00Z"],\n  "Values": [1, -2] } ] }');
    // line 3 `  "Values": [1, -2] } ] }`: -2 starts after 2 + 8 + 2 + 1 + 3 = 16 characters → column 17
    expect(traceError(bad).message).toBe('traces/x.json:3:17: MetricDataResults[0].Values[1] -2 is not a count ≥ 0');
    const stamp = file('{ "MetricDataResults": [ {\n  "Timestamps": ["2026-03-02T14:05:00Z", "yesterday"],\n  "Values": [1, 2] } ] }');
    // line 2: `  "Timestamps": [` is 17 characters, then `"2026-03-02T14:05:00Z", ` 24 → "yesterday" at column 42
    expect(traceError(stamp).message).toBe('traces/x.json:2:42: MetricDataResults[0].Timestamps[1] "yesterday" is not an ISO time');
    const sixty = file('{ "MetricDataResults": [ {\n  "Timestamps": ["2026-03-02T14:05:00Z", "2026-03-02T14:05:60Z"],\n  "Values": [1, 2] } ] }');
    // the same column 42; second 60 was read as 14:06:00
    expect(traceError(sixty).message).toBe('traces/x.json:2:42: MetricDataResults[0].Timestamps[1] "2026-03-02T14:05:60Z" is not an ISO time: second 60 is not 00–59 (leap seconds are not supported)');
  });

  it('broken JSON: where the parser stopped', () => {
    // a trailing comma: the "}" after it, line 2, after `  "MetricDataResults": [ { "Id": "m1", ` (39 characters) → column 40
    expect(traceError(file('{\n  "MetricDataResults": [ { "Id": "m1", }\n')).message).toMatch(/^traces\/x\.json:2:40: not valid JSON: /);
    // a bad literal: the tokenizer names the byte: `{"a": tru}` the "}" is at column 10
    expect(traceError(file('{"a": tru}')).message).toMatch(/^traces\/x\.json:1:10: not valid JSON: Unexpected "}"/);
    expect(traceError(file('{"MetricDataResults": [\n')).message).toBe('traces/x.json:2:1: not valid JSON: the document ends too early');
    // more after the document: the second "{" at column 27
    expect(traceError(file('{"MetricDataResults": []} {"more": 1}')).message).toBe('traces/x.json:1:27: not valid JSON: Unexpected "{"');
  });
});

describe('a large CloudWatch JSON is streamed in pieces', () => {
  it('20,000 one-minute points (~1.3 MB, about 20 pieces of 64 KiB), newest first, read exactly', () => {
    // Point k (k minutes after 2026-03-01T00:00Z) counts 60 × (k mod 7) requests → rate k mod 7 rps.
    const n = 20_000;
    const t0 = Date.UTC(2026, 2, 1) / 1000;
    const stamps: string[] = [];
    const values: string[] = [];
    for (let k = n - 1; k >= 0; k--) {
      stamps.push(`                "${new Date((t0 + 60 * k) * 1000).toISOString().replace('.000Z', '+00:00')}"`);
      values.push(`                ${60 * (k % 7)}.0`);
    }
    const text = `{\n    "MetricDataResults": [\n        {\n            "Id": "m1",\n            "Label": "RequestCount",\n            "Timestamps": [\n${stamps.join(',\n')}\n            ],\n            "Values": [\n${values.join(',\n')}\n            ],\n            "StatusCode": "Complete"\n        }\n    ],\n    "Messages": []\n}\n`;
    expect(text.length).toBeGreaterThan(16 * 64 * 1024);
    const t = readTrace(file(text));
    expect(t.times).toBeInstanceOf(Float64Array);
    expect(t.times.length).toBe(n);
    expect(t.rates.length).toBe(n);
    for (let k = 0; k < n; k++) {
      if (t.times[k] !== 60 * k || t.rates[k] !== k % 7) throw new Error(`row ${k}: ${t.times[k]}, ${t.rates[k]}`);
    }
  });
});

describe('a negative shift skips the start of the trace', () => {
  // Rows at 0, 60, 120, 180 s: 10, 20, 40, 20 rps.
  const four = readTrace(file('timestamp,rps\n0,10\n60,20\n120,40\n180,20\n', 'csv'));
  const curve = new TraceCurve({ type: 'trace', file: 'x.csv', trace: four, interpolate: 'step', scale: 1, shiftSeconds: -90, loop: false });

  it('rate(t) = trace(t + 90): run time 0 plays trace time 90', () => {
    expect(curve.valueAt(0)).toBe(20); // trace 90 s: the 60 s row
    expect(curve.valueAt(30)).toBe(40); // trace 120 s
    expect(curve.valueAt(100)).toBe(20); // trace 190 s: the last row, held
  });

  it('through a scenario: "-20m" on ten-minute rows, offered requests by hand', () => {
    writeFileSync(join(dir, 'traces/five.csv'), 'timestamp,rps\n0,10\n600,20\n1200,40\n1800,20\n2400,10\n');
    const text = (shift: string) =>
      scenarioText({ horizon: '1h', tick: '1s', rps: `{ type: trace, file: traces/five.csv, shift: ${shift} }`, task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 2, taskCapacity: '60 rps', alternatives: ['{ name: a, capacity: { type: fargate } }'] });
    const alt = simulate(parseScenario(text('"-20m"'), join(dir, 'scenario.yaml')));
    // run 0–600 s plays trace 1200–1800 s: 40 rps; 600–1200 s: 20; then 10 held to 3600 s:
    // 40 × 600 + 20 × 600 + 10 × 2400 = 24,000 + 12,000 + 24,000 = 60,000
    expect(alt.requests.offered).toBeCloseTo(60_000, 6);
    // a negative number of seconds is the same
    expect(simulate(parseScenario(text('-1200'), join(dir, 'scenario.yaml'))).requests.offered).toBeCloseTo(60_000, 6);
    expect(() => parseScenario(text('"-x"'), join(dir, 'scenario.yaml'))).toThrow(ScenarioError);
  });
});
