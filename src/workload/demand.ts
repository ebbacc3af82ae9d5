// Offered load over time: an rps curve (constant, diurnal, steps, spike, mathjs expression, or a
// sum of them) times optional per-minute multiplicative noise. Demand depends only on the
// scenario and the `workload` random stream, so every alternative sees the same realisation
// (common random numbers).

import type { Rng } from '../engine/index.js';
import { compileExpression } from '../domain/expression.js';
import type { Curve, Workload } from '../domain/scenario.js';

export type RpsFunction = (t: number) => number;

const DAY = 86400;
const WEEK = 7 * DAY;

function diurnal(c: Extract<Curve, { type: 'diurnal' }>): RpsFunction {
  const amplitude = c.peakRps - c.baseRps;
  const phase = (c.peakHour * 3600) / DAY;
  const weekend = c.weekendFactor;
  return (t) => {
    const day = t / DAY;
    const shape = 0.5 + 0.5 * Math.cos(2 * Math.PI * (day - Math.floor(day) - phase));
    const rps = c.baseRps + amplitude * shape;
    // Day 0 is a Monday, so days 5 and 6 of each week are the weekend.
    return weekend !== 1 && t % WEEK >= 5 * DAY ? rps * weekend : rps;
  };
}

function steps(c: Extract<Curve, { type: 'steps' }>): RpsFunction {
  const at = Float64Array.from(c.steps, (s) => s.atSeconds);
  const rps = Float64Array.from(c.steps, (s) => s.rps);
  return (t) => {
    // Few steps: a linear scan is faster than a binary search here.
    let value = c.initialRps;
    for (let i = 0; i < at.length && at[i] <= t; i++) value = rps[i];
    return value;
  };
}

function spike(c: Extract<Curve, { type: 'spike' }>): RpsFunction {
  const { baseRps, peakRps, atSeconds, rampUpSeconds, holdSeconds, rampDownSeconds } = c;
  const topStart = atSeconds + rampUpSeconds;
  const topEnd = topStart + holdSeconds;
  const end = topEnd + rampDownSeconds;
  return (t) => {
    if (t < atSeconds || t >= end) return baseRps;
    if (t < topStart) return baseRps + ((peakRps - baseRps) * (t - atSeconds)) / rampUpSeconds;
    if (t < topEnd) return peakRps;
    return peakRps - ((peakRps - baseRps) * (t - topEnd)) / rampDownSeconds;
  };
}

/** Evaluates the expression on a grid (it is slow per call) and interpolates linearly. */
function expression(c: Extract<Curve, { type: 'expression' }>, horizonSeconds: number): RpsFunction {
  const code = compileExpression(c.expr);
  const step = c.sampleSeconds;
  const points = Math.ceil(horizonSeconds / step) + 2;
  const grid = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const t = i * step;
    const value = code.evaluate({ t, h: (t % DAY) / 3600, d: Math.floor(t / DAY), dow: Math.floor(t / DAY) % 7 });
    const rps = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(rps)) throw new RangeError(`the rps expression "${c.expr}" gave ${String(value)} at t=${t}s`);
    grid[i] = Math.max(0, rps);
  }
  return (t) => {
    const x = t / step;
    const i = Math.floor(x);
    if (i >= points - 1) return grid[points - 1];
    return grid[i] + (grid[i + 1] - grid[i]) * (x - i);
  };
}

export function compileCurve(curve: Curve, horizonSeconds: number): RpsFunction {
  switch (curve.type) {
    case 'constant': {
      const rps = curve.rps;
      return () => rps;
    }
    case 'diurnal':
      return diurnal(curve);
    case 'steps':
      return steps(curve);
    case 'spike':
      return spike(curve);
    case 'expression':
      return expression(curve, horizonSeconds);
    case 'sum': {
      const terms = curve.terms.map((term) => compileCurve(term, horizonSeconds));
      return (t) => {
        let sum = 0;
        for (let i = 0; i < terms.length; i++) sum += terms[i](t);
        return sum;
      };
    }
  }
}

/** The demand one run sees: curve × per-minute noise. */
export class Demand {
  private readonly curve: RpsFunction;
  private readonly noise: Float64Array | null;

  constructor(workload: Workload, horizonSeconds: number, rng: Rng) {
    this.curve = compileCurve(workload.curve, horizonSeconds);
    this.noise = workload.noiseSigma > 0 ? lognormalFactors(Math.ceil(horizonSeconds / 60) + 1, workload.noiseSigma, rng) : null;
  }

  rpsAt(t: number): number {
    const rps = this.curve(t);
    return this.noise === null ? rps : rps * this.noise[Math.floor(t / 60)];
  }
}

/** Mean-one lognormal factors exp(σZ − σ²/2), one per minute. */
function lognormalFactors(n: number, sigma: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    // Box–Muller: two standard normals per pair of uniforms.
    const u1 = 1 - rng.next();
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = Math.exp(sigma * r * Math.cos(2 * Math.PI * u2) - (sigma * sigma) / 2);
    if (i + 1 < n) out[i + 1] = Math.exp(sigma * r * Math.sin(2 * Math.PI * u2) - (sigma * sigma) / 2);
  }
  return out;
}
