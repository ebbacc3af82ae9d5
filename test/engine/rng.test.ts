import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RngStreams } from '../../src/engine/rng.js';

function take(rng: { next(): number }, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe('RngStreams', () => {
  it('gives the same sequence for the same seed and name', () => {
    expect(take(new RngStreams(7).stream('workload'), 100)).toEqual(take(new RngStreams(7).stream('workload'), 100));
  });

  it('is alea seeded with "<seed>/<name>", full doubles', () => {
    const reference = seedrandom.alea('7/workload');
    expect(take(new RngStreams(7).stream('workload'), 10)).toEqual(take({ next: () => reference.double() }, 10));
    expect(take(new RngStreams('7').stream('workload'), 10)).toEqual(take(new RngStreams(7).stream('workload'), 10));
  });

  it('gives different sequences for different names and different seeds', () => {
    const a = take(new RngStreams(7).stream('workload'), 20);
    const b = take(new RngStreams(7).stream('spot:m5.large'), 20);
    const c = take(new RngStreams(8).stream('workload'), 20);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('does not depend on the order streams are created or drawn from', () => {
    const first = new RngStreams(3);
    const x1 = first.stream('x');
    const y1 = first.stream('y');
    const xs1 = take(x1, 50);
    const ys1 = take(y1, 50);

    const second = new RngStreams(3);
    const z2 = second.stream('z');
    take(z2, 1000); // an extra component drawing heavily must not perturb the others
    const y2 = second.stream('y');
    const ys2 = take(y2, 50);
    const x2 = second.stream('x');
    const xs2 = take(x2, 50);
    expect(xs2).toEqual(xs1);
    expect(ys2).toEqual(ys1);
  });

  it('returns the same shared stream when asked twice for one name', () => {
    const streams = new RngStreams(1);
    expect(streams.stream('a')).toBe(streams.stream('a'));
  });

  it('draws in [0, 1) with a uniform mean and fine resolution', () => {
    const rng = new RngStreams(11).stream('u');
    const n = 100_000;
    let sum = 0;
    let belowTiny = 0;
    let sub32 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      if (u < 1e-3) belowTiny++;
      if (u * 2 ** 32 !== Math.floor(u * 2 ** 32)) sub32++; // bits beyond 2^-32 are used
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(belowTiny).toBeGreaterThan(0);
    expect(sub32).toBeGreaterThan(n * 0.99);
  });

  it('rejects a non-finite numeric seed', () => {
    expect(() => new RngStreams(Number.NaN)).toThrow(RangeError);
  });
});
