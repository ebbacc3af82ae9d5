// Progress on stderr: a bar on a terminal, a line per 10 % otherwise, nothing with --quiet.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function sink(tty: boolean): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = tty;
  stream.columns = 200;
  return { stream, text: () => out };
}

describe('progress', () => {
  it('a bar with points, runs, rate and ETA on a terminal', () => {
    const s = sink(true);
    const p = createProgress({ quiet: false, tty: true, label: 'capsim sweep', stream: s.stream });
    p.update({ runsDone: 0, runsTotal: 8, pointsDone: 0, pointsTotal: 4 });
    p.update({ runsDone: 2, runsTotal: 8, pointsDone: 1, pointsTotal: 4 });
    p.stop();
    expect(s.text()).toMatch(/capsim sweep \[.*\] 0% \| points 0\/4 \| runs 0\/8 \| [\d.]+ runs\/s \| ETA/);
  });

  it('one line per tenth when not a terminal', () => {
    const s = sink(false);
    const p = createProgress({ quiet: false, tty: false, label: 'capsim sweep', stream: s.stream });
    // 20 runs: a line at 0 %, then at runs 2, 4, … 20 (each a new tenth): 11 lines.
    for (let done = 0; done <= 20; done++) p.update({ runsDone: done, runsTotal: 20, pointsDone: Math.floor(done / 4), pointsTotal: 5 });
    const lines = s.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[5]).toMatch(/^capsim sweep: 50% \(2\/5 points, 10\/20 runs, /);
  });

  it('nothing with --quiet', () => {
    const s = sink(true);
    const p = createProgress({ quiet: true, tty: true, label: 'x', stream: s.stream });
    p.update({ runsDone: 1, runsTotal: 2, pointsDone: 0, pointsTotal: 1 });
    p.stop();
    expect(s.text()).toBe('');
  });
});
