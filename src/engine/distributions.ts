// Sampling durations and sizes from the distributions a scenario can name. Each sampler is a
// closure built once over a named Rng stream; a draw allocates nothing.
// Left out on purpose: fitting distributions to data (an empirical spec carries the samples).

import type { Rng } from './rng.js';

export type DistributionSpec =
  | { type: 'constant'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'exponential'; mean: number }
  /** `min` clamps: draws below it return `min` (a point mass there, not a resampled tail). */
  | { type: 'normal'; mean: number; stddev: number; min?: number }
  | { type: 'lognormal'; mu: number; sigma: number }
  /** Parameterised by its mean and 99th percentile; mu and sigma are solved in closed form. */
  | { type: 'lognormal'; mean: number; p99: number }
  /** Resamples `samples`, or with `interpolate` draws from their piecewise-linear inverse CDF. */
  | { type: 'empirical'; samples: number[]; interpolate?: boolean };

export type Sampler = () => number;

/** Φ⁻¹(0.99), the standard normal 99th percentile. */
const Z99 = 2.3263478740408408;

export function sampler(spec: DistributionSpec, rng: Rng): Sampler {
  validate(spec);
  switch (spec.type) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'uniform':
    case 'exponential': {
      // The draw is the quantile of a uniform u (for the exponential, 1 − u lies in (0, 1], so the log is finite).
      const quantile = quantileFunction(spec);
      return () => quantile(rng.next());
    }
    case 'normal': {
      const z = standardNormal(rng);
      const { mean, stddev } = spec;
      const min = spec.min ?? -Infinity;
      return () => Math.max(min, mean + stddev * z());
    }
    case 'lognormal': {
      const z = standardNormal(rng);
      const { mu, sigma } = lognormalParameters(spec);
      return () => Math.exp(mu + sigma * z());
    }
    case 'empirical':
      return empiricalSampler(spec.samples, spec.interpolate ?? false, rng);
  }
}

export function distributionMean(spec: DistributionSpec): number {
  validate(spec);
  switch (spec.type) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
      return spec.mean;
    case 'normal':
      return clampedNormalMean(spec.mean, spec.stddev, spec.min ?? -Infinity);
    case 'lognormal': {
      if ('mean' in spec) return spec.mean;
      return Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
    }
    case 'empirical':
      return spec.interpolate ? interpolatedMean(sorted(spec.samples)) : average(spec.samples);
  }
}

/**
 * `n` quantiles at (k + ½)/n, k = 0 … n − 1, ascending: a stratified sample of the distribution
 * (for normal and lognormal through Φ⁻¹ rather than Box–Muller). Its mean and percentiles follow
 * the distribution's to within the grid, where n random draws wander by ~1/√n.
 */
export function stratifiedTable(spec: DistributionSpec, n: number): Float64Array {
  const q = quantileFunction(spec);
  const table = new Float64Array(n);
  for (let k = 0; k < n; k++) table[k] = q((k + 0.5) / n);
  return table;
}

function quantileFunction(spec: DistributionSpec): (p: number) => number {
  validate(spec);
  switch (spec.type) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'uniform': {
      const { min, max } = spec;
      return (p) => min + (max - min) * p;
    }
    case 'exponential': {
      const mean = spec.mean;
      return (p) => -mean * Math.log(1 - p);
    }
    case 'normal': {
      const { mean, stddev } = spec;
      const min = spec.min ?? -Infinity;
      return (p) => Math.max(min, mean + stddev * normalQuantile(p));
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(spec);
      return (p) => Math.exp(mu + sigma * normalQuantile(p));
    }
    case 'empirical': {
      const values = sorted(spec.samples);
      return spec.interpolate ? interpolatedQuantile(values) : (p) => values[Math.floor(p * values.length)];
    }
  }
}

/**
 * Φ⁻¹(p), the standard normal quantile: Acklam's rational approximation (relative error below
 * 1.2e-9 over (0, 1); P. J. Acklam, "An algorithm for computing the inverse normal cumulative
 * distribution function", 2003), coefficients as published.
 */
function normalQuantile(p: number): number {
  const a = ACKLAM_A;
  const b = ACKLAM_B;
  const c = ACKLAM_C;
  const d = ACKLAM_D;
  if (p < ACKLAM_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - ACKLAM_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// Acklam's coefficients: the central region's (a, b), the tails' (c, d), and where the tails begin.
const ACKLAM_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const ACKLAM_C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const ACKLAM_LOW = 0.02425;

/**
 * How far a distribution reaches: the largest value it can draw when it has one (constant,
 * uniform, empirical), else its 99th percentile (exponential, normal, lognormal). For checking a
 * draw against a hard limit, with `bound` saying which of the two it is.
 */
export function distributionReach(spec: DistributionSpec): { value: number; bound: 'max' | 'p99' } {
  validate(spec);
  switch (spec.type) {
    case 'constant':
      return { value: spec.value, bound: 'max' };
    case 'uniform':
      return { value: spec.max, bound: 'max' };
    case 'empirical':
      return { value: spec.samples.reduce((m, x) => (x > m ? x : m), -Infinity), bound: 'max' };
    case 'exponential':
      return { value: spec.mean * Math.log(100), bound: 'p99' };
    case 'normal':
      return { value: Math.max(spec.min ?? -Infinity, spec.mean + Z99 * spec.stddev), bound: 'p99' };
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(spec);
      return { value: 'p99' in spec ? spec.p99 : Math.exp(mu + Z99 * sigma), bound: 'p99' };
    }
  }
}

/** A short human form for reports, e.g. "lognormal(mean 20, p99 60)". */
export function describeDistribution(spec: DistributionSpec): string {
  switch (spec.type) {
    case 'constant':
      return `constant(${fmt(spec.value)})`;
    case 'uniform':
      return `uniform(${fmt(spec.min)}, ${fmt(spec.max)})`;
    case 'exponential':
      return `exponential(mean ${fmt(spec.mean)})`;
    case 'normal': {
      const min = spec.min === undefined ? '' : `, min ${fmt(spec.min)}`;
      return `normal(mean ${fmt(spec.mean)}, sd ${fmt(spec.stddev)}${min})`;
    }
    case 'lognormal':
      return 'mean' in spec
        ? `lognormal(mean ${fmt(spec.mean)}, p99 ${fmt(spec.p99)})`
        : `lognormal(mu ${fmt(spec.mu)}, sigma ${fmt(spec.sigma)})`;
    case 'empirical': {
      const n = spec.samples.length;
      return `empirical(${n} sample${n === 1 ? '' : 's'}${spec.interpolate ? ', interpolated' : ''})`;
    }
  }
}

/**
 * mean = exp(mu + sigma²/2) and p99 = exp(mu + z·sigma) give sigma²/2 − z·sigma + ln(p99/mean) = 0.
 * Of the two roots we take the smaller, sigma = z − √(z² − 2 ln(p99/mean)): the larger one puts
 * most of the mean beyond the p99, which nobody means by "mean 20, p99 60". A real root needs
 * 1 < p99/mean ≤ exp(z²/2) ≈ 14.97.
 */
export function lognormalParameters(
  spec: Extract<DistributionSpec, { type: 'lognormal' }>,
): { mu: number; sigma: number } {
  if (!('mean' in spec)) return { mu: spec.mu, sigma: spec.sigma };
  const logRatio = Math.log(spec.p99 / spec.mean);
  const sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * logRatio);
  return { mu: Math.log(spec.mean) - (sigma * sigma) / 2, sigma };
}

/** Box–Muller; the second value of each pair is kept for the next call. */
function standardNormal(rng: Rng): Sampler {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const theta = 2 * Math.PI * rng.next();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };
}

function empiricalSampler(samples: number[], interpolate: boolean, rng: Rng): Sampler {
  const n = samples.length;
  if (!interpolate) {
    const values = Float64Array.from(samples); // a copy: later edits to the spec do not leak in
    return () => values[Math.floor(rng.next() * n)];
  }
  const quantile = interpolatedQuantile(sorted(samples));
  return () => quantile(rng.next());
}

/**
 * The inverse of the CDF that rises linearly between consecutive order statistics (`values`,
 * ascending), each at probability i/(n−1): the "type 7" quantile of R and numpy.
 */
function interpolatedQuantile(values: Float64Array): (p: number) => number {
  const last = values.length - 1;
  if (last === 0) {
    const only = values[0];
    return () => only;
  }
  return (p) => {
    const position = p * last;
    const i = Math.floor(position);
    const lo = values[i];
    return lo + (position - i) * (values[i + 1] - lo);
  };
}

function validate(spec: DistributionSpec): void {
  const where = spec.type;
  switch (spec.type) {
    case 'constant':
      requireFinite(where, 'value', spec.value);
      return;
    case 'uniform':
      requireFinite(where, 'min', spec.min);
      requireFinite(where, 'max', spec.max);
      if (spec.max < spec.min) {
        throw new RangeError(`uniform: max (${spec.max}) must be >= min (${spec.min})`);
      }
      return;
    case 'exponential':
      requirePositive(where, 'mean', spec.mean);
      return;
    case 'normal':
      requireFinite(where, 'mean', spec.mean);
      requireNonNegative(where, 'stddev', spec.stddev);
      if (spec.min !== undefined) requireFinite(where, 'min', spec.min);
      return;
    case 'lognormal':
      if ('mean' in spec) {
        requirePositive(where, 'mean', spec.mean);
        requirePositive(where, 'p99', spec.p99);
        const ratio = spec.p99 / spec.mean;
        const maxRatio = Math.exp((Z99 * Z99) / 2);
        if (!(ratio > 1 && ratio <= maxRatio)) {
          throw new RangeError(
            `lognormal: p99/mean must be in (1, ${maxRatio.toFixed(2)}] for a lognormal to fit, ` +
              `got p99 ${spec.p99} / mean ${spec.mean} = ${fmt(ratio)}`,
          );
        }
      } else {
        requireFinite(where, 'mu', spec.mu);
        requireNonNegative(where, 'sigma', spec.sigma);
      }
      return;
    case 'empirical':
      if (!Array.isArray(spec.samples) || spec.samples.length === 0) {
        throw new RangeError('empirical: samples must be a non-empty array of numbers');
      }
      for (let i = 0; i < spec.samples.length; i++) {
        if (!Number.isFinite(spec.samples[i])) {
          throw new RangeError(`empirical: samples[${i}] must be a finite number, got ${spec.samples[i]}`);
        }
      }
      return;
    default:
      throw new RangeError(`unknown distribution type ${JSON.stringify((spec as { type: unknown }).type)}`);
  }
}

function requireFinite(where: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${field} must be a finite number, got ${value}`);
  }
}

function requirePositive(where: string, field: string, value: number): void {
  requireFinite(where, field, value);
  if (!(value > 0)) throw new RangeError(`${where}: ${field} must be > 0, got ${value}`);
}

function requireNonNegative(where: string, field: string, value: number): void {
  requireFinite(where, field, value);
  if (!(value >= 0)) throw new RangeError(`${where}: ${field} must be >= 0, got ${value}`);
}

/** E[max(X, m)] for X ~ N(mean, sd²): m·Φ(α) + mean·(1 − Φ(α)) + sd·φ(α), α = (m − mean)/sd. */
function clampedNormalMean(mean: number, sd: number, min: number): number {
  if (min === -Infinity) return mean;
  if (sd === 0) return Math.max(mean, min);
  const alpha = (min - mean) / sd;
  const density = Math.exp(-(alpha * alpha) / 2) / Math.sqrt(2 * Math.PI);
  const below = normalCdf(alpha);
  return min * below + mean * (1 - below) + sd * density;
}

/** Φ via erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7): ample for a mean. */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + z / 2);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Mean of the piecewise-linear inverse CDF: each gap carries mass 1/(n−1) at its midpoint. */
function interpolatedMean(values: Float64Array): number {
  const n = values.length;
  if (n === 1) return values[0];
  let sum = 0;
  for (let i = 0; i + 1 < n; i++) sum += (values[i] + values[i + 1]) / 2;
  return sum / (n - 1);
}

function average(samples: number[]): number {
  let sum = 0;
  for (const x of samples) sum += x;
  return sum / samples.length;
}

function sorted(samples: number[]): Float64Array {
  return Float64Array.from(samples).sort();
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
