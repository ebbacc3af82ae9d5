// The fluid load model: demand is not simulated per request but as a rate, stepped at a fixed
// tick. Each tick's offered load is spread over the tasks that are serving; what exceeds their
// capacity is dropped. It advances only when asked (before the serving count changes, and at
// the end), so it adds no events to the queue. Ticks that start before `t` use the capacity in
// force before the change at `t`.

import type { Demand } from '../workload/demand.js';

export interface MinuteLoad {
  /** Requests offered / served / dropped in each minute. */
  offered: Float64Array;
  served: Float64Array;
  dropped: Float64Array;
  /** Serving capacity in request-seconds (Σ capacity × dt) per minute. */
  capacity: Float64Array;
}

export class FluidLoad {
  readonly minutes: MinuteLoad;
  private nextTick = 0;
  private readonly ticks: number;
  private serving = 0;

  constructor(
    private readonly demand: Demand,
    private readonly tickSeconds: number,
    readonly horizonSeconds: number,
    private readonly taskCapacityRps: number,
  ) {
    const n = Math.ceil(horizonSeconds / 60);
    this.minutes = { offered: new Float64Array(n), served: new Float64Array(n), dropped: new Float64Array(n), capacity: new Float64Array(n) };
    this.ticks = Math.ceil(horizonSeconds / tickSeconds - 1e-9);
  }

  get servingTasks(): number {
    return this.serving;
  }

  setServing(t: number, tasks: number): void {
    this.advanceTo(t);
    this.serving = tasks;
  }

  /** Processes every tick that starts before `t`. */
  advanceTo(t: number): void {
    const dt = this.tickSeconds;
    const last = Math.min(this.ticks, Math.ceil(t / dt - 1e-9));
    const capacityRps = this.serving * this.taskCapacityRps;
    const { offered, served, dropped, capacity } = this.minutes;
    const demand = this.demand;
    const horizon = this.horizonSeconds;
    for (let i = this.nextTick; i < last; i++) {
      const start = i * dt;
      const width = Math.min(dt, horizon - start);
      const rps = demand.rpsAt(start);
      const ok = rps < capacityRps ? rps : capacityRps;
      const m = (start / 60) | 0;
      offered[m] += rps * width;
      served[m] += ok * width;
      dropped[m] += (rps - ok) * width;
      capacity[m] += capacityRps * width;
    }
    if (last > this.nextTick) this.nextTick = last;
  }
}
