// The fluid load model: demand is a rate stepped at a fixed tick, not individual requests. Each
// tick the offered load plus any backlog is served up to the serving tasks' capacity; the rest
// waits in a bounded queue (queueLimit per serving task) and beyond that is dropped. It advances
// only when asked (before the serving count changes, at metric periods, at the end), so it adds
// no events to the queue. Ticks that start before `t` use the capacity in force before `t`.
//
// Latency per minute: each task is an M/M/c queue (c = concurrency, service time = base
// latency) at the minute's load per task, plus the minute's mean backlog delay (fluid queue
// ahead of it). Utilisation is capped just below 1 for the stationary part; overload shows as
// backlog delay and drops instead. The minute's mean queue wait is the M/M/c mean wait (Erlang C:
// C(c, λ/μ) / (cμ − λ)) plus that backlog delay; its mean response time adds the service time 1/μ.
//
// Fast path: a whole minute with no backlog whose largest rate fits the serving capacity is
// served as it arrives, tick by tick; its offered (= served) requests are then the realised
// demand's precomputed sum for the minute, bit for bit what the tick loop would add up, so the
// loop is skipped. Anything else (overload, backlog, a minute cut by advanceTo) takes the loop.

import type { Demand } from '../workload/demand.js';
import { MmcMeanWait, MmcQuantiles } from './queueing.js';

export interface MinuteLoad {
  /** Requests offered / served / dropped in each minute. */
  offered: Float64Array;
  served: Float64Array;
  dropped: Float64Array;
  /** Serving capacity in request-seconds (Σ capacity × dt) per minute. */
  capacity: Float64Array;
  /** Latency quantiles per minute, seconds. */
  p50: Float64Array;
  p95: Float64Array;
  p99: Float64Array;
  /** Mean response time (wait + service) and mean wait in line before service, seconds. */
  mean: Float64Array;
  wait: Float64Array;
}

export interface Performance {
  taskCapacityRps: number;
  concurrency: number;
  queueLimitPerTask: number;
}

const MAX_STATIONARY_UTILISATION = 0.99;

/** What the rest of a run needs from a load model (fluid, or per-request for validation). */
export interface LoadModel {
  readonly minutes: MinuteLoad;
  readonly horizonSeconds: number;
  readonly servingTasks: number;
  /** Running totals of requests served and of serving capacity (request-seconds). */
  readonly servedTotal: number;
  readonly capacityTotal: number;
  setServing(t: number, tasks: number): void;
  /** Brings the model up to time t (t ≤ the simulation's now). */
  advanceTo(t: number): void;
  /** Closes the last minute, once, after advanceTo(horizon). */
  finish(): void;
}

export interface FluidOptions {
  /** Take quiet whole minutes in one step (default true); false runs every tick (for tests). */
  fastPath?: boolean;
}

export class FluidLoad implements LoadModel {
  readonly minutes: MinuteLoad;
  private nextTick = 0;
  private readonly ticks: number;
  private serving = 0;
  private backlog = 0;
  /** Σ (backlog delay × requests served) in the minute being filled. */
  private delayWeighted = 0;
  private minuteOpen = 0;
  /**
   * Running totals, for controllers that read utilisation over their own windows (HPA). Summed
   * per advanceTo call, per tick, except that a fast-path minute adds its minute sum.
   */
  servedTotal = 0;
  capacityTotal = 0;
  private readonly mu: number;
  private readonly quantiles: [MmcQuantiles, MmcQuantiles, MmcQuantiles];
  private readonly meanWait: MmcMeanWait;
  private readonly fastPath: boolean;
  /** Minutes taken by the fast path so far (tests check that it ran). */
  fastMinutes = 0;
  /** Σ capacityRps × tick over `minuteTicks` whole ticks, added tick by tick (the loop's sum), for the last rate asked. */
  private minuteCapacityRps = NaN;
  private minuteTicks = 0;
  private minuteCapacity = 0;

  constructor(
    private readonly demand: Demand,
    private readonly tickSeconds: number,
    readonly horizonSeconds: number,
    private readonly perf: Performance,
    options: FluidOptions = {},
  ) {
    if (demand.tickSeconds !== tickSeconds || demand.horizonSeconds !== horizonSeconds) {
      throw new RangeError(`FluidLoad: the demand was realised for tick ${demand.tickSeconds} s and horizon ${demand.horizonSeconds} s, not ${tickSeconds} s and ${horizonSeconds} s`);
    }
    const n = Math.ceil(horizonSeconds / 60);
    const f = () => new Float64Array(n);
    this.minutes = { offered: f(), served: f(), dropped: f(), capacity: f(), p50: f(), p95: f(), p99: f(), mean: f(), wait: f() };
    this.ticks = Math.ceil(horizonSeconds / tickSeconds - 1e-9);
    this.mu = perf.taskCapacityRps / perf.concurrency;
    this.quantiles = [new MmcQuantiles(perf.concurrency, 0.5), new MmcQuantiles(perf.concurrency, 0.95), new MmcQuantiles(perf.concurrency, 0.99)];
    this.meanWait = new MmcMeanWait(perf.concurrency);
    this.fastPath = options.fastPath ?? true;
  }

  get servingTasks(): number {
    return this.serving;
  }

  /** Requests waiting for a worker now (App Runner counts them as in flight). */
  get backlogRequests(): number {
    return this.backlog;
  }

  setServing(t: number, tasks: number): void {
    this.advanceTo(t);
    this.serving = tasks;
  }

  /** Processes every tick that starts before `t`. */
  advanceTo(t: number): void {
    const dt = this.tickSeconds;
    const last = Math.min(this.ticks, Math.ceil(t / dt - 1e-9));
    if (last <= this.nextTick) return;
    const capacityRps = this.serving * this.perf.taskCapacityRps;
    const queueLimit = this.serving * this.perf.queueLimitPerTask;
    const { offered, served, dropped, capacity } = this.minutes;
    const demand = this.demand;
    const { minuteFirstTick, minuteMaxRps, minuteOffered } = demand;
    const fast = this.fastPath;
    const horizon = this.horizonSeconds;
    let backlog = this.backlog;
    let delayWeighted = this.delayWeighted;
    let minuteOpen = this.minuteOpen;
    let servedTotal = 0;
    let capacityTotal = 0;
    let i = this.nextTick;
    while (i < last) {
      const start = i * dt;
      const m = (start / 60) | 0;
      if (m !== minuteOpen) {
        this.closeMinute(minuteOpen, delayWeighted);
        delayWeighted = 0;
        minuteOpen = m;
      }
      // A whole minute from its first tick, nothing queued, no tick above capacity: every tick
      // serves what arrives (rps ≤ capacityRps ⇒ rps × width ≤ capacityRps × width), leaves no
      // backlog, drops nothing; offered = served = the realised sum for the minute.
      if (fast && backlog === 0 && i === minuteFirstTick[m] && minuteFirstTick[m + 1] <= last && minuteMaxRps[m] <= capacityRps) {
        const end = minuteFirstTick[m + 1];
        const arriving = minuteOffered[m];
        const canServe = this.capacityOver(i, end, capacityRps);
        offered[m] += arriving;
        served[m] += arriving;
        capacity[m] += canServe;
        servedTotal += arriving;
        capacityTotal += canServe;
        this.fastMinutes++;
        i = end;
        continue;
      }
      const width = horizon - start < dt ? horizon - start : dt;
      const arriving = demand.rpsAtTick(i) * width;
      const available = arriving + backlog;
      const canServe = capacityRps * width;
      const done = available < canServe ? available : canServe;
      backlog = available - done;
      let drop = 0;
      if (backlog > queueLimit) {
        drop = backlog - queueLimit;
        backlog = queueLimit;
      }
      if (backlog > 0) delayWeighted += (backlog / capacityRps) * done;
      offered[m] += arriving;
      served[m] += done;
      dropped[m] += drop;
      capacity[m] += canServe;
      servedTotal += done;
      capacityTotal += canServe;
      i++;
    }
    this.backlog = backlog;
    this.delayWeighted = delayWeighted;
    this.minuteOpen = minuteOpen;
    this.servedTotal += servedTotal;
    this.capacityTotal += capacityTotal;
    this.nextTick = last;
  }

  /**
   * Σ capacityRps × width over ticks [from, to), added tick by tick from 0 as the loop adds it.
   * Whole-width minutes of one length repeat the same sum, so it is kept for the last rate.
   */
  private capacityOver(from: number, to: number, capacityRps: number): number {
    const dt = this.tickSeconds;
    if (to > this.demand.fullTicks) {
      let sum = 0;
      for (let i = from; i < to; i++) {
        const start = i * dt;
        sum += capacityRps * (this.horizonSeconds - start < dt ? this.horizonSeconds - start : dt);
      }
      return sum;
    }
    const n = to - from;
    if (capacityRps !== this.minuteCapacityRps || n !== this.minuteTicks) {
      const canServe = capacityRps * dt;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += canServe;
      this.minuteCapacityRps = capacityRps;
      this.minuteTicks = n;
      this.minuteCapacity = sum;
    }
    return this.minuteCapacity;
  }

  /** Closes the last minute (call once, after `advanceTo(horizon)`). */
  finish(): void {
    this.closeMinute(this.minuteOpen, this.delayWeighted);
  }

  private closeMinute(m: number, delayWeighted: number): void {
    const { served, capacity, p50, p95, p99, mean, wait } = this.minutes;
    const { taskCapacityRps, queueLimitPerTask } = this.perf;
    const mu = this.mu;
    const maxDelay = queueLimitPerTask / taskCapacityRps + 1 / mu;
    if (served[m] <= 0 || capacity[m] <= 0) {
      // Nothing served: report the worst a request could see, so the minute reads as bad.
      p50[m] = p95[m] = p99[m] = mean[m] = served[m] > 0 ? maxDelay : 0;
      wait[m] = served[m] > 0 ? maxDelay - 1 / mu : 0;
      return;
    }
    // Load per serving task: requests per task-second of serving time.
    const taskSeconds = capacity[m] / taskCapacityRps;
    const lambda = Math.min(served[m] / taskSeconds, MAX_STATIONARY_UTILISATION * taskCapacityRps);
    const queueDelay = delayWeighted / served[m];
    const [q50, q95, q99] = this.quantiles;
    p50[m] = Math.min(maxDelay, q50.at(lambda, mu) + queueDelay);
    p95[m] = Math.min(maxDelay, q95.at(lambda, mu) + queueDelay);
    p99[m] = Math.min(maxDelay, q99.at(lambda, mu) + queueDelay);
    const w = Math.min(maxDelay - 1 / mu, this.meanWait.at(lambda, mu) + queueDelay);
    wait[m] = w;
    mean[m] = w + 1 / mu;
  }
}
