// Offered load over time: an rps curve (constant, diurnal, steps, spike, mathjs expression, or a
// sum of them) times optional per-minute multiplicative noise. Demand depends only on the
// scenario and the `workload` random stream, so every alternative sees the same realisation
// (common random numbers): it is realised once per seed (`realiseDemand`) and shared read-only
// by every alternative run on that seed. Besides the rate, a realisation holds per-minute
// aggregates of the tick grid (offered requests, the largest rate) so the fluid model can take a
// quiet minute in one step; everything it holds is O(minutes), never O(ticks).

import { RngStreams, type Rng } from '../engine/index.js';
import type { Workload } from '../domain/scenario.js';
import { compileCurve, compileTickCurve, type RpsFunction, type TickCurve } from './curves.js';

export { compileCurve, compileTickCurve, type RpsFunction, type TickCurve } from './curves.js';

/** The demand one run sees: curve × per-minute noise, on a horizon and a tick grid. */
export class Demand {
  /** Ticks in the horizon (the last may be shorter than a tick). */
  readonly ticks: number;
  /** Per-minute noise factors (mean one), or null without noise. */
  readonly noise: Float64Array | null;
  /**
   * Requests offered in each minute on the tick grid: Σ rpsAtTick(i) × width(i) over the
   * minute's ticks, summed in tick order from 0, exactly as FluidLoad's tick loop sums them.
   */
  readonly minuteOffered: Float64Array;
  /** The largest rpsAtTick over each minute's ticks (0 for a minute no tick starts in). */
  readonly minuteMaxRps: Float64Array;
  /** Minute m's ticks are [minuteFirstTick[m], minuteFirstTick[m + 1]) (empty when none starts in it). */
  readonly minuteFirstTick: Float64Array;
  /** Ticks [0, fullTicks) are a whole tick wide; only the last tick can be narrower. */
  readonly fullTicks: number;
  /** The seed the `workload` stream was drawn with, when realised by `realiseDemand`. */
  readonly seed: string | null;

  private readonly curve: RpsFunction;
  private readonly tickCurve: TickCurve;

  constructor(
    workload: Workload,
    readonly horizonSeconds: number,
    readonly tickSeconds: number,
    rng: Rng,
    seed: number | string | null = null,
  ) {
    this.seed = seed === null ? null : String(seed);
    const minutes = Math.ceil(horizonSeconds / 60);
    this.ticks = Math.ceil(horizonSeconds / tickSeconds - 1e-9);
    this.curve = compileCurve(workload.curve, horizonSeconds);
    this.tickCurve = compileTickCurve(workload.curve, horizonSeconds, tickSeconds);
    // The only draws from the `workload` stream, in the order they have always been made.
    this.noise = workload.noiseSigma > 0 ? lognormalFactors(minutes + 1, workload.noiseSigma, rng) : null;
    this.minuteOffered = new Float64Array(minutes);
    this.minuteMaxRps = new Float64Array(minutes);
    this.minuteFirstTick = new Float64Array(minutes + 1);
    this.fullTicks = this.aggregateMinutes();
  }

  /** The rate at any time t (the curve's formula at t, times that minute's noise). */
  rpsAt(t: number): number {
    const rps = this.curve(t);
    return this.noise === null ? rps : rps * this.noise[Math.floor(t / 60)];
  }

  /** The rate over tick i (from t = i × tick): what the fluid model and the aggregates use. */
  rpsAtTick(i: number): number {
    const rps = this.tickCurve.at(i);
    return this.noise === null ? rps : rps * this.noise[Math.floor((i * this.tickSeconds) / 60)];
  }

  /** The minute tick i starts in, as FluidLoad computes it. */
  private minuteOf(i: number): number {
    return ((i * this.tickSeconds) / 60) | 0;
  }

  /**
   * One pass over the ticks, a minute at a time, in FluidLoad's order and arithmetic (rate ×
   * noise × width, added from 0 in tick order). Returns the count of whole-width ticks.
   */
  private aggregateMinutes(): number {
    const { minuteOffered: offered, minuteMaxRps: max, minuteFirstTick: first, noise, tickCurve, ticks } = this;
    const dt = this.tickSeconds;
    const horizon = this.horizonSeconds;
    // horizon − i × tick falls as i grows, so the ticks narrower than a tick are a tail (at most one).
    let full = ticks;
    while (full > 0 && horizon - (full - 1) * dt < dt) full--;
    let rps = new Float64Array(Math.ceil(60 / dt) + 1);
    let i = 0;
    for (let m = 0; m < offered.length; m++) {
      first[m] = i;
      // The first tick of a later minute: estimated, then settled by the loop's own expression.
      let end = Math.min(ticks, Math.ceil(((m + 1) * 60) / dt));
      while (end > i && this.minuteOf(end - 1) > m) end--;
      while (end < ticks && this.minuteOf(end) <= m) end++;
      if (end === i) continue;
      if (end - i > rps.length) rps = new Float64Array(end - i);
      tickCurve.fill(i, end, rps);
      const factor = noise === null ? 1 : noise[m];
      let sum = 0;
      let top = -Infinity;
      for (let j = 0, n = end - i; j < n; j++) {
        const r = noise === null ? rps[j] : rps[j] * factor;
        if (r > top) top = r;
        sum += r * (i + j < full ? dt : horizon - (i + j) * dt);
      }
      offered[m] = sum;
      max[m] = top;
      i = end;
    }
    first[offered.length] = ticks;
    return full;
  }
}

/**
 * The demand of (workload, horizon, tick, seed): the `workload` stream of `RngStreams(seed)`, as
 * every alternative run on that seed would draw it. A plain function of its arguments, so a
 * caller (compare, a worker) can realise it once per seed and pass it to each alternative.
 */
export function realiseDemand(source: Workload | { workload: Workload }, horizonSeconds: number, tickSeconds: number, seed: number | string): Demand {
  const workload = 'workload' in source ? source.workload : source;
  return new Demand(workload, horizonSeconds, tickSeconds, new RngStreams(seed).stream('workload'), seed);
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
