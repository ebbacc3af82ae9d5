// Trace replay through the scenario loader and a whole run: a 5-row trace file next to the
// scenario, the requests offered and served and the Fargate bill worked out by hand from the
// us-east-1 rate card (aws-facts §1.2, as test/billing/runs.test.ts); trace problems reported as
// problems of the curve's `file` field with the trace's own line:col; the estimate counts rows.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { compare, parseScenario, simulate, type AlternativeResult } from '../../src/index.js';
import { scenarioHash } from '../../src/run/compare.js';
import { estimateRun } from '../../src/scenario/estimate.js';
import { scenarioText } from '../fixtures/scenario-text.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-trace-scenario-'));
mkdirSync(join(dir, 'traces'));
const SCENARIO = join(dir, 'scenario.yaml');

// Five rows, ten minutes apart: 10, 20, 40, 20, 10 rps (the last held to the 1 h horizon).
writeFileSync(join(dir, 'traces/five.csv'), 'timestamp,rps\n0,10\n600,20\n1200,40\n1800,20\n2400,10\n');
// The same as counts per ten minutes at ISO times: 6000 / 600 s = 10 rps, …
writeFileSync(join(dir, 'traces/five-counts.csv'), '# SYNTHETIC\ntimestamp,count\n2026-03-02T14:00:00Z,6000\n2026-03-02T14:10:00Z,12000\n2026-03-02T14:20:00Z,24000\n2026-03-02T14:30:00Z,12000\n2026-03-02T14:40:00Z,6000\n');
// Another folder whose traces/five.csv has one rate changed (the third row 40 → 41).
const editedDir = mkdtempSync(join(tmpdir(), 'capsim-trace-edited-'));
mkdirSync(join(editedDir, 'traces'));
writeFileSync(join(editedDir, 'traces/five.csv'), 'timestamp,rps\n0,10\n600,20\n1200,41\n1800,20\n2400,10\n');
writeFileSync(join(dir, 'traces/bad.csv'), 'timestamp,rps\n2026-03-02T14:00:00Z,10\n2026-03-02T14:01:00Z,10\n2026-13-01,5\n');

function text(rps: string): string {
  // 2 tasks of 1 vCPU / 2 GB, 60 rps each (120 rps ≥ the trace's 40 rps peak), warm from t = 0.
  return scenarioText({ horizon: '1h', tick: '1s', rps, task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 2, taskCapacity: '60 rps', alternatives: ['{ name: a, capacity: { type: fargate } }'] });
}
function run(rps: string): AlternativeResult {
  return simulate(parseScenario(text(rps), SCENARIO));
}
function problem(rps: string): string {
  try {
    parseScenario(text(rps), SCENARIO);
  } catch (err) {
    if (err instanceof ScenarioError) return err.message;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

// Two tasks for 3600 s: 7200 vCPU-s × $0.000011244 = $0.0809568; 2 GB × 7200 s = 14,400 GB-s ×
// $0.000001235 = $0.017784; total $0.0987408 → $0.10.
function expectTwoTaskHour(alt: AlternativeResult): void {
  const item = (id: string) => alt.cost.lineItems.find((i) => i.id === id)!;
  expect(item('fargate.vcpu').quantity).toBe('7200');
  expect(item('fargate.vcpu').usdExact).toBe('0.0809568');
  expect(item('fargate.memory').quantity).toBe('14400');
  expect(item('fargate.memory').usdExact).toBe('0.017784');
  expect(alt.cost.totalUsd).toBe(0.1);
}

describe('a 5-row trace replayed through a whole run', () => {
  it('step: offered = Σ rate × 600 s, the last rate held to the horizon; all served', () => {
    const alt = run('{ type: trace, file: traces/five.csv }');
    // 10 × 600 + 20 × 600 + 40 × 600 + 20 × 600 + 10 × 1200 (2400 s to 3600 s)
    // = 6000 + 12,000 + 24,000 + 12,000 + 12,000 = 66,000 requests
    expect(alt.requests.offered).toBeCloseTo(66_000, 6);
    expect(alt.requests.served).toBeCloseTo(66_000, 6);
    expect(alt.requests.dropped).toBe(0);
    expectTwoTaskHour(alt);
  });

  it('counts at ISO times give the same rates; linear interpolation takes the trapezoids', () => {
    const alt = run('{ type: trace, file: traces/five-counts.csv, interpolate: linear }');
    // trapezoids of 600 s: (10+20)/2 × 600 = 9000, (20+40)/2 × 600 = 18,000, 18,000, 9000;
    // then 10 rps held 2400 s → 3600 s = 12,000: total 66,000
    expect(alt.requests.offered).toBeCloseTo(66_000, 3);
    expect(alt.requests.served).toBeCloseTo(66_000, 3);
    expectTwoTaskHour(alt);
  });

  it('scale, shift and loop, summed with a constant curve', () => {
    const alt = run('[ { type: trace, file: traces/five.csv, scale: 1.5, shift: 10m, loop: true }, { type: constant, rps: 5 } ]');
    // The loop is 3000 s (last row 2400 s + its 600 s interval), its first row played at 600 s.
    // Rates × 1.5: over 0–600 s a looped trace wraps back, t − 600 ∈ [−600, 0) → trace time
    // 2400–3000 s, the last row: 10 × 1.5 = 15; then rows 10, 20, 40, 20, 10 × 1.5 for 600 s each
    // (600–3600 s): 15 × 600 + (15 + 30 + 60 + 30 + 15) × 600 = 9000 + 90,000 = 99,000
    // plus the constant 5 rps × 3600 s = 18,000: 117,000; the peak 60 + 5 = 65 rps ≤ 120 served.
    expect(alt.requests.offered).toBeCloseTo(117_000, 6);
    expect(alt.requests.served).toBeCloseTo(117_000, 6);
  });

  it('the estimate counts the rows: 16 bytes each', () => {
    const scenario = parseScenario(text('{ type: trace, file: traces/five.csv }'), SCENARIO);
    const cost = estimateRun(scenario).costs.find((c) => c.what.startsWith('rps trace'));
    expect(cost).toMatchObject({ what: 'rps trace: 5 rows', path: 'workload.rps', bytes: 80 });
  });
});

describe('what a result records of a trace', () => {
  it('its file, rows, span and a hash, not its rows; a changed row changes the scenario hash', () => {
    const scenario = parseScenario(text('{ type: trace, file: traces/five.csv }'), SCENARIO);
    const resolved = compare(scenario).scenario.resolved as { workload: { curve: Record<string, unknown> } };
    expect(resolved.workload.curve).toMatchObject({ type: 'trace', file: 'traces/five.csv', interpolate: 'step', scale: 1, shiftSeconds: 0, loop: false });
    // 5 rows; span = last row 2400 s + last interval 600 s = 3000 s
    expect(resolved.workload.curve.trace).toEqual({ rows: 5, spanSeconds: 3000, sha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const again = parseScenario(text('{ type: trace, file: traces/five.csv }'), SCENARIO);
    const edited = parseScenario(text('{ type: trace, file: traces/five.csv }'), join(editedDir, 'scenario.yaml'));
    expect(scenarioHash(again)).toBe(scenarioHash(scenario));
    expect(scenarioHash(edited)).not.toBe(scenarioHash(scenario));
  });
});

describe('trace problems are scenario problems of the file field', () => {
  it('a bad timestamp: the field, then the trace file:line:col and what is allowed', () => {
    const message = problem('{ type: trace, file: traces/bad.csv }');
    expect(message).toContain('workload.rps.file: traces/bad.csv:4:1: timestamp "2026-13-01" is not an ISO time or a number of seconds (got "traces/bad.csv"); allowed: an ISO 8601 time');
    // the scenario's own position of the field comes first
    expect(message).toMatch(/scenario\.yaml:\d+:\d+: workload\.rps\.file/);
  });

  it('a missing file inside a sum names its term', () => {
    expect(problem('[ { type: constant, rps: 1 }, { type: trace, file: traces/none.csv } ]')).toContain('workload.rps[1].file: traces/none.csv:1:1: the trace file does not exist');
  });

  it('an unknown interpolation is refused with the choices', () => {
    expect(problem('{ type: trace, file: traces/five.csv, interpolate: cubic }')).toContain('step (each row holds until the next) or linear');
  });
});
