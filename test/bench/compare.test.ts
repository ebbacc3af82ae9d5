// `npm run bench -- --compare`: figures are compared as multiples of their own run's bare-loop
// bound, so a machine twice as slow (bound halved, walls doubled) shows no slowdown.

import { describe, expect, it } from 'vitest';
import { compareBench, type SavedBench } from '../../src/bench/main.js';

const run = (bound: number, wall: number, rate: number, raw = 100): SavedBench => ({
  capsimBench: 1,
  figures: {
    'bound.customersPerSecond': { value: bound, unit: 'M/s', better: 'higher', normalised: false },
    'x.wall': { value: wall, unit: 's', better: 'lower', normalised: true },
    'x.rate': { value: rate, unit: 'M/s', better: 'higher', normalised: true },
    'x.rss': { value: raw, unit: 'MiB', better: 'lower', normalised: false },
  },
});

describe('bench --compare', () => {
  it('a machine twice as slow is not a slowdown', () => {
    // bound 8 → 4 M/s; wall 2 → 4 s (2 × 8 = 4 × 4 = 16 units); rate 6 → 3 M/s (6/8 = 3/4)
    const { slowdowns, lines } = compareBench(run(8, 2, 6), run(4, 4, 3), 0.15);
    expect(slowdowns).toEqual([]);
    expect(lines).toHaveLength(2); // raw figures (RSS) are not compared
  });

  it('a 25 % longer wall on the same machine is a slowdown beyond 15 %, and a 10 % one is not', () => {
    expect(compareBench(run(8, 2, 6), run(8, 2.5, 6), 0.15).slowdowns).toEqual([{ key: 'x.wall', slowdown: 0.25 }]);
    expect(compareBench(run(8, 2, 6), run(8, 2.2, 6), 0.15).slowdowns).toEqual([]);
  });

  it('a throughput that drops from 6 to 4 M/s on the same machine is 50 % slower', () => {
    // time per unit of work: 1/4 against 1/6 → 6/4 − 1 = 0.5
    const { slowdowns } = compareBench(run(8, 2, 6), run(8, 2, 4), 0.15);
    expect(slowdowns.map((s) => s.key)).toEqual(['x.rate']);
    expect(slowdowns[0].slowdown).toBeCloseTo(0.5, 12);
  });
});
