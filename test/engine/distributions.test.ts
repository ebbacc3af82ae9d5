import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/rng.js';
import {
  distributionReach,
  describeDistribution,
  distributionMean,
  lognormalParameters,
  sampler,
  type DistributionSpec,
} from '../../src/engine/distributions.js';

const N = 200_000;

function draw(spec: DistributionSpec, name: string, n = N): Float64Array {
  const sample = sampler(spec, new RngStreams(2024).stream(name));
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sample();
  return xs;
}

function moments(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

function quantile(xs: Float64Array, p: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.floor(p * (s.length - 1))];
}

/**
 * Checks the sample mean within 4 standard errors (σ/√n) and the sample variance within 4 of
 * its standard errors, √((μ4 − σ⁴)/n), μ4 being the distribution's fourth central moment.
 */
function expectMoments(xs: Float64Array, mean: number, variance: number, fourthCentral: number): void {
  const m = moments(xs);
  expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / xs.length));
  expect(Math.abs(m.variance - variance)).toBeLessThan(4 * Math.sqrt((fourthCentral - variance ** 2) / xs.length));
}

const PHI_MINUS_HALF = 0.3085375387259869; // Φ(−0.5), from tables
const DENSITY_HALF = 0.3520653267642995; // φ(0.5) = e^{−1/8}/√(2π)
const Z99 = 2.3263478740408408; // Φ⁻¹(0.99)

describe('sampler', () => {
  it('constant returns its value', () => {
    const xs = draw({ type: 'constant', value: 4.5 }, 'c', 100);
    expect([...new Set(xs)]).toEqual([4.5]);
  });

  it('uniform(2, 5): mean 3.5, variance 0.75, range [2, 5)', () => {
    const xs = draw({ type: 'uniform', min: 2, max: 5 }, 'u');
    expectMoments(xs, 3.5, 9 / 12, 81 / 80);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThan(5);
  });

  it('exponential(mean 2): mean 2, variance 4, P(X > 2) = e⁻¹', () => {
    const xs = draw({ type: 'exponential', mean: 2 }, 'e');
    expectMoments(xs, 2, 4, 9 * 16);
    const above = xs.filter((x) => x > 2).length / N;
    expect(Math.abs(above - Math.exp(-1))).toBeLessThan(4 * Math.sqrt((Math.exp(-1) * (1 - Math.exp(-1))) / N));
  });

  it('normal(10, 3): mean 10, variance 9, consecutive draws (Box–Muller pairs) uncorrelated', () => {
    const xs = draw({ type: 'normal', mean: 10, stddev: 3 }, 'n');
    expectMoments(xs, 10, 9, 3 * 81);
    let cov = 0;
    for (let i = 0; i + 1 < N; i++) cov += (xs[i] - 10) * (xs[i + 1] - 10);
    const correlation = cov / (N - 1) / 9;
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(N));
  });

  it('normal(10, 2, min 9) clamps: P(X = 9) = Φ(−0.5) and E = 9Φ(−½) + 10(1 − Φ(−½)) + 2φ(½)', () => {
    const spec: DistributionSpec = { type: 'normal', mean: 10, stddev: 2, min: 9 };
    const xs = draw(spec, 'nc');
    expect(Math.min(...xs)).toBe(9);
    const atMin = xs.filter((x) => x === 9).length / N;
    expect(Math.abs(atMin - PHI_MINUS_HALF)).toBeLessThan(4 * Math.sqrt((PHI_MINUS_HALF * (1 - PHI_MINUS_HALF)) / N));
    const expectedMean = 9 * PHI_MINUS_HALF + 10 * (1 - PHI_MINUS_HALF) + 2 * DENSITY_HALF;
    expect(distributionMean(spec)).toBeCloseTo(expectedMean, 6);
    expect(Math.abs(moments(xs).mean - expectedMean)).toBeLessThan(4 * Math.sqrt(4 / N));
  });

  it('lognormal(mu 1, sigma 0.5): mean e^{1.125}, median e', () => {
    const xs = draw({ type: 'lognormal', mu: 1, sigma: 0.5 }, 'ln');
    const mean = Math.exp(1 + 0.125);
    const variance = (Math.exp(0.25) - 1) * Math.exp(2 + 0.25);
    expect(Math.abs(moments(xs).mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
    const below = xs.filter((x) => x < Math.E).length / N;
    expect(Math.abs(below - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
  });

  it('lognormal(mean 20, p99 60) reproduces its mean and its 99th percentile', () => {
    // By hand: σ = z − √(z² − 2 ln 3) with z = Φ⁻¹(0.99), μ = ln 20 − σ²/2.
    const sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * Math.log(3));
    const mu = Math.log(20) - (sigma * sigma) / 2;
    expect(sigma).toBeCloseTo(0.5334, 4);
    const params = lognormalParameters({ type: 'lognormal', mean: 20, p99: 60 });
    expect(params.sigma).toBeCloseTo(sigma, 12);
    expect(params.mu).toBeCloseTo(mu, 12);
    expect(Math.exp(mu + Z99 * sigma)).toBeCloseTo(60, 9);

    const xs = draw({ type: 'lognormal', mean: 20, p99: 60 }, 'lnp');
    const sd = 20 * Math.sqrt(Math.exp(sigma * sigma) - 1);
    expect(Math.abs(moments(xs).mean - 20)).toBeLessThan(4 * (sd / Math.sqrt(N)));
    const belowP99 = xs.filter((x) => x <= 60).length / N;
    expect(Math.abs(belowP99 - 0.99)).toBeLessThan(4 * Math.sqrt((0.99 * 0.01) / N));
    // Sample quantile: standard error √(p(1−p)/n) / f(q), f(q) = φ(z)/(q σ).
    const density = Math.exp(-(Z99 * Z99) / 2) / Math.sqrt(2 * Math.PI) / (60 * sigma);
    expect(Math.abs(quantile(xs, 0.99) - 60)).toBeLessThan((4 * Math.sqrt((0.99 * 0.01) / N)) / density);
  });

  it('empirical without interpolation resamples the given values equally often', () => {
    const xs = draw({ type: 'empirical', samples: [1, 2, 3, 10] }, 'emp');
    for (const v of [1, 2, 3, 10]) {
      const share = xs.filter((x) => x === v).length / N;
      expect(Math.abs(share - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / N));
    }
    expect(xs.every((x) => [1, 2, 3, 10].includes(x))).toBe(true);
    expect(Math.abs(moments(xs).mean - 4)).toBeLessThan(4 * Math.sqrt(12.5 / N));
  });

  it('empirical with interpolation follows the piecewise-linear inverse CDF', () => {
    // Sorted 0, 10, 20, 40 sit at probabilities 0, 1/3, 2/3, 1; linear in between.
    const spec: DistributionSpec = { type: 'empirical', samples: [20, 0, 40, 10], interpolate: true };
    const xs = draw(spec, 'empi');
    const expected: Array<[number, number, number]> = [
      // p, quantile, slope dq/dp on that segment
      [0.25, 7.5, 30],
      [0.5, 15, 30],
      [0.9, 20 + (0.9 - 2 / 3) * 60, 60],
    ];
    for (const [p, q, slope] of expected) {
      expect(Math.abs(quantile(xs, p) - q)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N) * slope);
    }
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(40);
    expect(distributionMean(spec)).toBeCloseTo((5 + 15 + 30) / 3, 12);
  });

  it('draws the same values from the same named stream', () => {
    const spec: DistributionSpec = { type: 'normal', mean: 0, stddev: 1 };
    expect(draw(spec, 'same', 11)).toEqual(draw(spec, 'same', 11));
  });
});

describe('distributionMean', () => {
  it('gives each family its theoretical mean', () => {
    expect(distributionMean({ type: 'constant', value: 3 })).toBe(3);
    expect(distributionMean({ type: 'uniform', min: 2, max: 5 })).toBe(3.5);
    expect(distributionMean({ type: 'exponential', mean: 2 })).toBe(2);
    expect(distributionMean({ type: 'normal', mean: 7, stddev: 1 })).toBe(7);
    expect(distributionMean({ type: 'lognormal', mu: 1, sigma: 0.5 })).toBeCloseTo(Math.exp(1.125), 12);
    expect(distributionMean({ type: 'lognormal', mean: 20, p99: 60 })).toBe(20);
    expect(distributionMean({ type: 'empirical', samples: [1, 2, 3, 10] })).toBe(4);
  });
});

describe('validation', () => {
  const bad: Array<[string, DistributionSpec, RegExp]> = [
    ['non-finite constant', { type: 'constant', value: Number.NaN }, /constant: value must be a finite number/],
    ['max below min', { type: 'uniform', min: 5, max: 2 }, /uniform: max \(2\) must be >= min \(5\)/],
    ['zero exponential mean', { type: 'exponential', mean: 0 }, /exponential: mean must be > 0/],
    ['negative stddev', { type: 'normal', mean: 1, stddev: -1 }, /normal: stddev must be >= 0/],
    ['negative sigma', { type: 'lognormal', mu: 0, sigma: -0.1 }, /lognormal: sigma must be >= 0/],
    ['p99 below mean', { type: 'lognormal', mean: 20, p99: 10 }, /lognormal: p99\/mean must be in \(1, 14.97\]/],
    ['p99 far above mean', { type: 'lognormal', mean: 1, p99: 20 }, /p99\/mean must be in/],
    ['no samples', { type: 'empirical', samples: [] }, /empirical: samples must be a non-empty array/],
    ['infinite sample', { type: 'empirical', samples: [1, Infinity] }, /empirical: samples\[1\] must be a finite number/],
  ];
  for (const [what, spec, message] of bad) {
    it(`throws a RangeError for ${what}`, () => {
      const rng = new RngStreams(1).stream('v');
      expect(() => sampler(spec, rng)).toThrow(RangeError);
      expect(() => sampler(spec, rng)).toThrow(message);
      expect(() => distributionMean(spec)).toThrow(RangeError);
    });
  }

  it('names an unknown type', () => {
    const spec = { type: 'pareto', alpha: 1 } as unknown as DistributionSpec;
    expect(() => sampler(spec, new RngStreams(1).stream('v'))).toThrow(/unknown distribution type "pareto"/);
  });
});

describe('describeDistribution', () => {
  it('writes short readable forms', () => {
    expect(describeDistribution({ type: 'constant', value: 5 })).toBe('constant(5)');
    expect(describeDistribution({ type: 'uniform', min: 1, max: 2.5 })).toBe('uniform(1, 2.5)');
    expect(describeDistribution({ type: 'exponential', mean: 0.125 })).toBe('exponential(mean 0.125)');
    expect(describeDistribution({ type: 'normal', mean: 10, stddev: 2, min: 0 })).toBe('normal(mean 10, sd 2, min 0)');
    expect(describeDistribution({ type: 'lognormal', mean: 20, p99: 60 })).toBe('lognormal(mean 20, p99 60)');
    expect(describeDistribution({ type: 'lognormal', mu: 1, sigma: 1 / 3 })).toBe('lognormal(mu 1, sigma 0.3333)');
    expect(describeDistribution({ type: 'empirical', samples: [1, 2, 3], interpolate: true })).toBe(
      'empirical(3 samples, interpolated)',
    );
  });
});

describe('distributionReach', () => {
  it('is the largest draw of a bounded distribution and the 99th percentile of an unbounded one', () => {
    expect(distributionReach({ type: 'constant', value: 3 })).toEqual({ value: 3, bound: 'max' });
    expect(distributionReach({ type: 'uniform', min: 2, max: 12 })).toEqual({ value: 12, bound: 'max' });
    expect(distributionReach({ type: 'empirical', samples: [0.4, 9.5, 1] })).toEqual({ value: 9.5, bound: 'max' });
    // exponential: P(X > x) = e^(−x/mean) = 0.01 at x = mean × ln 100 = 2 × 4.60517 = 9.21034.
    expect(distributionReach({ type: 'exponential', mean: 2 }).value).toBeCloseTo(9.21034, 5);
    // normal: mean + 2.32635 sd = 1 + 2.32635 × 2 = 5.65270.
    expect(distributionReach({ type: 'normal', mean: 1, stddev: 2 }).value).toBeCloseTo(5.6527, 4);
    // lognormal by mean and p99: the p99 as given; by mu and sigma: e^(0 + 2.32635 × 0.5) = e^1.163174 = 2.71828 × 1.17725 = 3.20007.
    expect(distributionReach({ type: 'lognormal', mean: 0.3, p99: 1 })).toEqual({ value: 1, bound: 'p99' });
    expect(distributionReach({ type: 'lognormal', mu: 0, sigma: 0.5 }).value).toBeCloseTo(3.20007, 4);
  });
});
