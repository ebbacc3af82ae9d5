// Rps curves: `compileCurve` gives the rate at any time t. A steps curve looks its value up by
// binary search from a cursor (no scan from the first step), so a long list of steps stays cheap.

import { compileExpression } from '../domain/expression.js';
import type { Curve } from '../domain/scenario.js';
import { StepCurve } from './steps.js';

/** The rate (requests per second) at time t, seconds. */
export type RpsFunction = (t: number) => number;

const DAY = 86400;
const WEEK = 7 * DAY;
const WEEKEND_START = 5 * DAY;
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
    case 'sum':
      return sum(curve.terms.map((term) => compileCurve(term, horizonSeconds)));
  }
}
