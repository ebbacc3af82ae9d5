// A piecewise-constant quantity (tasks running, instances, vCPU paid) integrated exactly over
// time into per-minute buckets. It is touched only when it changes, so a quiet night costs one
// pass over its minutes, not one step per tick.

import { minuteLength } from '../domain/series.js';

export class MinuteGauge {
  /** Integral of the value over each minute (value × seconds). */
  readonly integral: Float64Array;
  private value = 0;
  private since = 0;
  private peak = 0;
  private total = 0;

  constructor(readonly horizonSeconds: number) {
    this.integral = new Float64Array(Math.ceil(horizonSeconds / 60));
  }

  get current(): number {
    return this.value;
  }

  get max(): number {
    return this.peak;
  }

  set(t: number, value: number): void {
    if (value === this.value) return;
    this.accrue(t);
    this.value = value;
    if (value > this.peak) this.peak = value;
  }

  add(t: number, delta: number): void {
    this.set(t, this.value + delta);
  }

  /** Integrates the current value from the last change up to `t` (capped at the horizon). */
  accrue(t: number): void {
    const end = Math.min(t, this.horizonSeconds);
    if (end <= this.since) return;
    const v = this.value;
    if (v !== 0) {
      this.total += v * (end - this.since);
      let from = this.since;
      while (from < end) {
        const minute = Math.floor(from / 60);
        const to = Math.min(end, (minute + 1) * 60);
        this.integral[minute] += v * (to - from);
        from = to;
      }
    }
    this.since = end;
  }

  /** Time-average over the whole horizon. */
  average(): number {
    return this.total / this.horizonSeconds;
  }

  /**
   * Writes each minute's time-average (the last minute may be partial), passed through `round`,
   * into `out`: a series column filled in place, with no array in between.
   */
  fillPerMinute(out: Float32Array | Float64Array, round: (average: number) => number = (v) => v): void {
    const n = Math.min(out.length, this.integral.length);
    // A gauge holds still for minutes on end: round a value only when it differs from the last.
    let lastIn = NaN;
    let lastOut = 0;
    for (let m = 0; m < n; m++) {
      const v = this.integral[m] / minuteLength(m, this.horizonSeconds);
      if (v !== lastIn) {
        lastIn = v;
        lastOut = round(v);
      }
      out[m] = lastOut;
    }
  }

  /** Writes the running sum of the integral to the end of each minute into `out`. */
  fillCumulative(out: Float64Array): void {
    const n = Math.min(out.length, this.integral.length);
    let sum = 0;
    for (let m = 0; m < n; m++) out[m] = sum += this.integral[m];
  }
}
