// Rps curves, compiled two ways: `compileCurve` gives the rate at any time t (per-request mode,
// callers at arbitrary times); `compileTickCurve` gives the rate at the start of tick i of a fixed
// grid (t = i × tick), which is what the fluid model and the demand realisation ask, millions of
// times a run. On the grid a diurnal curve reads a table of one day (no cosine per tick) and a
// steps curve or a trace a cursor (no scan); every other curve is the same function at t = i × tick.

import { compileExpression } from '../domain/expression.js';
import type { Curve } from '../domain/scenario.js';
import { StepCurve } from './steps.js';
import { TraceCurve } from './trace.js';

/** The rate (requests per second) at time t, seconds. */
export type RpsFunction = (t: number) => number;

/** The rate on a tick grid: at(i) is the rate over tick i, from t = i × tick. */
export interface TickCurve {
  at(i: number): number;
  /** out[j] = at(from + j) for j < to − from, bit for bit, without a call per tick. */
  fill(from: number, to: number, out: Float64Array): void;
}

/** A tick curve from a function of t: at(i) = f(i × tick). */
function sampled(f: RpsFunction, tickSeconds: number): TickCurve {
  return {
    at: (i) => f(i * tickSeconds),
    fill: (from, to, out) => {
      for (let i = from; i < to; i++) out[i - from] = f(i * tickSeconds);
    },
  };
}

const DAY = 86400;
const WEEK = 7 * DAY;
const WEEKEND_START = 5 * DAY;
/** Largest one-day table (entries): 8 MiB, a 1/8 s tick. Finer grids use the formula. */
const MAX_DAY_TABLE = 1 << 20;
/** Ticks that are multiples of 2⁻¹⁰ s make every i × tick exact in binary (for t < 2⁴³ s). */
const EXACT_TICK_DENOMINATOR = 1024;

type Diurnal = Extract<Curve, { type: 'diurnal' }>;

/** The weekday rate at t: base + (peak − base) × (½ + ½ cos 2π(fraction of the day − peak hour ÷ 24)). */
function diurnalWeekday(c: Diurnal): RpsFunction {
  const amplitude = c.peakRps - c.baseRps;
  const phase = (c.peakHour * 3600) / DAY;
  return (t) => {
    const day = t / DAY;
    const shape = 0.5 + 0.5 * Math.cos(2 * Math.PI * (day - Math.floor(day) - phase));
    return c.baseRps + amplitude * shape;
  };
}

function diurnal(c: Diurnal): RpsFunction {
  const weekday = diurnalWeekday(c);
  const weekend = c.weekendFactor;
  // Day 0 is a Monday, so days 5 and 6 of each week are the weekend.
  return (t) => (weekend !== 1 && t % WEEK >= WEEKEND_START ? weekday(t) * weekend : weekday(t));
}

/**
 * The diurnal curve on the tick grid: one day's weekday rates tabulated at t = k × tick (the
 * formula itself, so day 0 is bit for bit the formula), then table[i mod ticks-per-day]. On later
 * days the formula's fraction of the day t ÷ 86400 − ⌊t ÷ 86400⌋ carries a rounding error that
 * grows with the day number (≤ ½ ulp of t ÷ 86400) and the table does not: the two differ by at
 * most ≈ 1e-13 × (peak − base) within a year (docs/model.md states 1e-12 × peak). Grids a day is
 * not a whole number of, or with ticks not exact in binary, use the formula at i × tick.
 */
function diurnalTicks(c: Diurnal, tickSeconds: number): TickCurve {
  const perDay = DAY / tickSeconds;
  if (!Number.isInteger(perDay) || perDay > MAX_DAY_TABLE || !Number.isInteger(tickSeconds * EXACT_TICK_DENOMINATOR)) {
    return sampled(diurnal(c), tickSeconds);
  }
  const weekday = diurnalWeekday(c);
  const table = new Float64Array(perDay);
  for (let k = 0; k < perDay; k++) table[k] = weekday(k * tickSeconds);
  const weekend = c.weekendFactor;
  // i × tick is exact and a day is perDay ticks, so ⌊i ÷ perDay⌋ mod 7 ≥ 5 is exactly t mod WEEK ≥ 5
  // days. A weekday's factor is 1, and x × 1 = x exactly.
  const factor = (day: number) => (weekend !== 1 && day % 7 >= 5 ? weekend : 1);
  return {
    at: (i) => {
      const day = Math.floor(i / perDay);
      return table[i - day * perDay] * factor(day);
    },
    fill: (from, to, out) => {
      let day = Math.floor(from / perDay);
      let k = from - day * perDay;
      let f = factor(day);
      for (let j = 0, n = to - from; j < n; j++) {
        out[j] = table[k] * f;
        if (++k === perDay) {
          k = 0;
          f = factor(++day);
        }
      }
    },
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

function sum(terms: RpsFunction[]): RpsFunction {
  return (t) => {
    let total = 0;
    for (let i = 0; i < terms.length; i++) total += terms[i](t);
    return total;
  };
}

/** Terms added in order from 0, as `sum` adds them. */
function sumTicks(terms: TickCurve[]): TickCurve {
  let scratch = new Float64Array(0);
  return {
    at: (i) => {
      let total = 0;
      for (let k = 0; k < terms.length; k++) total += terms[k].at(i);
      return total;
    },
    fill: (from, to, out) => {
      const n = to - from;
      if (scratch.length < n) scratch = new Float64Array(n);
      out.fill(0, 0, n);
      for (const term of terms) {
        term.fill(from, to, scratch);
        for (let j = 0; j < n; j++) out[j] += scratch[j];
      }
    },
  };
}

/** The curve's rate at any time t. */
export function compileCurve(curve: Curve, horizonSeconds: number): RpsFunction {
  switch (curve.type) {
    case 'constant': {
      const rps = curve.rps;
      return () => rps;
    }
    case 'diurnal':
      return diurnal(curve);
    case 'steps': {
      const steps = new StepCurve(curve.initialRps, curve.steps);
      return (t) => steps.valueAt(t);
    }
    case 'spike':
      return spike(curve);
    case 'expression':
      return expression(curve, horizonSeconds);
    case 'trace': {
      const trace = new TraceCurve(curve);
      return (t) => trace.valueAt(t);
    }
    case 'sum':
      return sum(curve.terms.map((term) => compileCurve(term, horizonSeconds)));
  }
}

/**
 * The curve's rate at the start of each tick (t = i × tickSeconds): compileCurve's value at that
 * t, bit for bit, except a diurnal curve after its first day (see `diurnalTicks`).
 */
export function compileTickCurve(curve: Curve, horizonSeconds: number, tickSeconds: number): TickCurve {
  switch (curve.type) {
    case 'constant': {
      const rps = curve.rps;
      return { at: () => rps, fill: (from, to, out) => out.fill(rps, 0, to - from) };
    }
    case 'diurnal':
      return diurnalTicks(curve, tickSeconds);
    case 'sum':
      return sumTicks(curve.terms.map((term) => compileTickCurve(term, horizonSeconds, tickSeconds)));
    default:
      return sampled(compileCurve(curve, horizonSeconds), tickSeconds);
  }
}
