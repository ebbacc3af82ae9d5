// Offered load over time: an rps curve (constant, diurnal, steps, spike, mathjs expression, or a
// sum of them) times optional per-minute multiplicative noise. Demand depends only on the
// scenario and the `workload` random stream, so every alternative sees the same realisation
// (common random numbers).

import type { Rng } from '../engine/index.js';
import type { Workload } from '../domain/scenario.js';
import { compileCurve, type RpsFunction } from './curves.js';

export { compileCurve, compileTickCurve, type RpsFunction, type TickCurve } from './curves.js';

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
