// A run's per-minute series as stored: float32 columns (float64 for the cumulative cost), one
// entry per minute, each column on its own ArrayBuffer so a worker can transfer them.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';
import { SERIES_FIELDS, minuteSeconds, seriesBuffers } from '../../src/domain/series.js';
import { scenarioText } from '../fixtures/scenario-text.js';

function run(horizon: string) {
  return simulate(
    parseScenario(
      scenarioText({
        horizon,
        task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
        desiredCount: 2,
        alternatives: ['{ name: a, capacity: { type: fargate } }'],
      }),
    ),
  );
}

describe("a run's series", () => {
  it('are float32 columns, cumulative cost float64, one entry per minute (a partial last minute counts)', () => {
    // 1 h 30 s = 3630 s: 60 whole minutes and one of 30 s.
    const s = run('3630s').series;
    expect(s.minutes).toBe(61);
    expect(SERIES_FIELDS).toHaveLength(26); // 24 + latencyMeanMs and queueWaitMeanMs
    for (const f of SERIES_FIELDS) {
      expect(s[f].constructor, f).toBe(f === 'cumulativeUsd' ? Float64Array : Float32Array);
      expect(s[f].length, f).toBe(61);
    }
    expect(s).not.toHaveProperty('t'); // minute m starts at m × 60 s
    expect(minuteSeconds(60)).toBe(3600);
    // 100 rps on 2 tasks of 60 rps, the last (30 s) minute too
    expect(s.offeredRps[60]).toBe(100);
    expect(s.runningTasks[60]).toBe(2);
  });

  it('own one ArrayBuffer per column, which can be transferred', () => {
    const s = run('1h').series;
    const buffers = seriesBuffers(s);
    expect(buffers).toHaveLength(26);
    expect(new Set(buffers).size).toBe(26);
    for (const f of SERIES_FIELDS) expect(s[f].byteOffset === 0 && s[f].buffer.byteLength === s[f].byteLength, f).toBe(true);
    const before = s.paidVcpu.slice();
    const moved = structuredClone(s, { transfer: buffers });
    expect(moved.paidVcpu).toEqual(before);
    expect(moved.minutes).toBe(60);
    expect(s.paidVcpu.length).toBe(0); // detached: the memory went with the message
  });

  it('refuses to list a view into a larger buffer for transfer', () => {
    const s = run('10m').series;
    s.servedRps = new Float32Array(new ArrayBuffer(80), 40, 10);
    expect(() => seriesBuffers(s)).toThrow(/series\.servedRps does not own its buffer/);
  });
});
