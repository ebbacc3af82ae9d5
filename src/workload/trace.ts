// A recorded trace replayed as an rps curve: rate(t) = scale × trace(t − shift). Look-up is the
// steps curve's cursor search over the trace's own time column (O(log n), amortised O(1) for
// queries in time order), so the run keeps only the trace's two float64 columns. Before the
// first row the first rate holds; past the last, the last rate holds, or with `loop` the trace
// repeats with period = last time + last interval (the spacing of the last two rows).

import type { TraceCurveSpec } from '../domain/scenario.js';
import { StepCurve } from './steps.js';

export class TraceCurve {
  private readonly times: Float64Array;
  private readonly rates: Float64Array;
  private readonly steps: StepCurve;
  private readonly period: number;
  private readonly linear: boolean;
  private readonly scale: number;
  private readonly shift: number;

  constructor(spec: TraceCurveSpec) {
    this.times = spec.trace.times;
    this.rates = spec.trace.rates;
    this.steps = new StepCurve(0, { at: this.times, rps: this.rates });
    const n = this.times.length;
    const period = this.times[n - 1] + spec.trace.lastIntervalSeconds;
    this.period = spec.loop && period > 0 ? period : 0;
    this.linear = spec.interpolate === 'linear';
    this.scale = spec.scale;
    this.shift = spec.shiftSeconds;
  }

  /** Time-column reads so far (for tests of the O(log n) bound). */
  get probes(): number {
    return this.steps.probes;
  }

  valueAt(t: number): number {
    const { times, rates, period } = this;
    let x = t - this.shift;
    if (period > 0) x -= period * Math.floor(x / period);
    const i = this.steps.indexAt(x);
    if (i < 0) return this.scale * rates[0];
    if (!this.linear) return this.scale * rates[i];
    const n = times.length;
    let t1: number;
    let r1: number;
    if (i + 1 < n) {
      t1 = times[i + 1];
      r1 = rates[i + 1];
    } else if (period > 0) {
      // The last interval leads back to the first row of the next loop.
      t1 = period;
      r1 = rates[0];
    } else return this.scale * rates[i];
    const r0 = rates[i];
    return this.scale * (r0 + ((r1 - r0) * (x - times[i])) / (t1 - times[i]));
  }
}
