// The trace bench's generated CSV: the rows it says, each a valid trace row (read back by the
// trace reader), with rates worked out by hand.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceCsv } from '../../src/bench/trace.js';
import { readTrace } from '../../src/domain/trace.js';

describe('bench trace CSV', () => {
  it('per-second ISO rows from Monday 2026-03-02, 100 − 60 cos(2πi/86400) + (7919 i mod 97)/10 rps', () => {
    const text = traceCsv(3);
    const lines = text.trim().split('\n');
    expect(lines.slice(1)).toEqual([
      'timestamp,rps',
      // i = 0: 100 − 60 + 0 = 40
      '2026-03-02T00:00:00Z,40.0',
      // i = 1: cos(2π/86400) = 1 − 2.6e-9, so 40.0000002; 7919 mod 97 = 7919 − 81 × 97 = 62 → + 6.2
      '2026-03-02T00:00:01Z,46.2',
      // i = 2: 15838 mod 97 = 15838 − 163 × 97 = 27 → + 2.7
      '2026-03-02T00:00:02Z,42.7',
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-bench-trace-')), 't.csv');
    writeFileSync(file, traceCsv(250));
    const trace = readTrace(file);
    expect(trace.times.length).toBe(250);
    expect(trace.times[249]).toBe(249);
    // i = 249: 249 × 7919 = 1,971,831; mod 97: 97 × 20,328 = 1,971,816, remainder 15 → + 1.5; cos(2π·249/86400) = 0.999836 → 40.0098, so 41.5098, written 41.5
    expect(trace.rates[249]).toBe(41.5);
  });
});
