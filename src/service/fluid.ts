// The fluid load model: demand is a rate stepped at a fixed tick, not individual requests. Each
// tick the offered load plus any backlog is served up to the serving tasks' capacity; the rest
// waits in a bounded queue (queueLimit per serving task) and beyond that is dropped. It advances
// only when asked (before the serving count changes, at metric periods, at the end), so it adds
// no events to the queue. Ticks that start before `t` use the capacity in force before `t`.
//
// Latency per minute: each task is a queue of c workers (c = concurrency, service time = base
// latency) with room for `queueLimit` requests in line, at the minute's load per task.
// - Where the line's limit cannot matter (utilisation ρ below 0.99 and ρ^queueLimit < 1e-9, so
//   M/M/c would put less than that beyond it), M/M/c: Erlang C quantiles and mean wait
//   C(c, λ/μ) / (cμ − λ), plus the minute's mean backlog delay (fluid queue ahead of it).
// - Otherwise (a short line, heavy load, overload) M/M/c/K with K = c + queueLimit at the
//   minute's offered ρ: it is stationary at any load, so it gives the blocking of a short line
//   below capacity (Erlang B with no line at all) and the spread of a full line's wait in
//   overload, which a fluid queue has not. Requests it turns away beyond the fluid's own drops
//   are counted as dropped. Below capacity the fluid backlog still being served is added as a
//   delay ahead of it; at or above capacity the full line is already in M/M/c/K.
//   A line longer than MMCK_MAX_PLACES keeps the M/M/c rule (its fill takes minutes, which the
//   fluid queue follows), with a wait capped at the full line's and the service time added.
// The mean response time adds the service time 1/μ to the mean wait.
//
// Fast path: a whole minute with no backlog whose largest rate fits the serving capacity is
// served as it arrives, tick by tick; its offered (= served) requests are then the realised
// demand's precomputed sum for the minute, bit for bit what the tick loop would add up, so the
// loop is skipped. Anything else (overload, backlog, a minute cut by advanceTo) takes the loop.

import type { Demand } from '../workload/demand.js';
import { MmcMeanWait, MmcQuantiles, MmckCells, type MmckCell } from './queueing.js';

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
/** Longest line per task modelled as M/M/c/K (its cells cost O(K) each); longer ones keep M/M/c. */
const MMCK_MAX_PLACES = 1000;
/** Below this share beyond the line in M/M/c (ρ^queueLimit), the line's limit is taken not to matter. */
const MMC_TRUNCATION = 1e-9;

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
  private readonly mmck: MmckCells | null;
  /** The minute's M/M/c/K cell, filled in place (no object a minute). */
  private readonly cell: MmckCell = { blocking: 0, meanWait: 0, p50: 0, p95: 0, p99: 0 };
  /** A line too long for M/M/c/K: p50/p95/p99 are capped at the full line's wait plus that quantile of the service time. */
  private readonly longLineCaps: readonly [number, number, number];
  /** The last minute closed (-1: none yet). */
  private closedMinute = -1;
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
    this.mmck = Number.isInteger(perf.queueLimitPerTask) && perf.queueLimitPerTask <= MMCK_MAX_PLACES ? new MmckCells(perf.concurrency, perf.queueLimitPerTask) : null;
    const fullLine = perf.queueLimitPerTask / perf.taskCapacityRps;
    const cap = (q: number) => fullLine - Math.log(1 - q) / this.mu;
    this.longLineCaps = [cap(0.5), cap(0.95), cap(0.99)];
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
        // Closed as its last tick ended (below), unless none of its ticks ran here.
        if (minuteOpen > this.closedMinute) this.closeMinute(minuteOpen, delayWeighted);
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
        // Its last tick has run: close it now, so what it turns away counts in this period.
        this.closeMinute(m, 0);
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
      if (i === minuteFirstTick[m + 1]) {
        this.closeMinute(m, delayWeighted);
        delayWeighted = 0;
      }
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
    if (this.minuteOpen > this.closedMinute) this.closeMinute(this.minuteOpen, this.delayWeighted);
  }

  private closeMinute(m: number, delayWeighted: number): void {
    this.closedMinute = m;
    const { offered, served, dropped, capacity, p50, p95, p99, mean, wait } = this.minutes;
    const { taskCapacityRps, queueLimitPerTask } = this.perf;
    const mu = this.mu;
    const maxDelay = queueLimitPerTask / taskCapacityRps + 1 / mu;
    if (served[m] <= 0 || capacity[m] <= 0) {
      // Nothing served: report the worst a request could see, so the minute reads as bad.
      p50[m] = p95[m] = p99[m] = mean[m] = served[m] > 0 ? maxDelay : 0;
      wait[m] = served[m] > 0 ? maxDelay - 1 / mu : 0;
      return;
    }
    const rho = offered[m] / capacity[m];
    if (this.mmck !== null && (dropped[m] > 0 || rho >= MAX_STATIONARY_UTILISATION || rho ** queueLimitPerTask >= MMC_TRUNCATION)) {
      this.closeFiniteLine(m, rho, delayWeighted, this.mmck);
      return;
    }
    // Load per serving task: requests per task-second of serving time.
    const taskSeconds = capacity[m] / taskCapacityRps;
    const lambda = Math.min(served[m] / taskSeconds, MAX_STATIONARY_UTILISATION * taskCapacityRps);
    const queueDelay = delayWeighted / served[m];
    const [q50, q95, q99] = this.quantiles;
    if (this.mmck === null) {
      // A line too long for M/M/c/K: the wait is capped at the full line's, then served.
      const [cap50, cap95, cap99] = this.longLineCaps;
      p50[m] = Math.min(cap50, q50.at(lambda, mu) + queueDelay);
      p95[m] = Math.min(cap95, q95.at(lambda, mu) + queueDelay);
      p99[m] = Math.min(cap99, q99.at(lambda, mu) + queueDelay);
    } else {
      p50[m] = Math.min(maxDelay, q50.at(lambda, mu) + queueDelay);
      p95[m] = Math.min(maxDelay, q95.at(lambda, mu) + queueDelay);
      p99[m] = Math.min(maxDelay, q99.at(lambda, mu) + queueDelay);
    }
    const w = Math.min(maxDelay - 1 / mu, this.meanWait.at(lambda, mu) + queueDelay);
    wait[m] = w;
    mean[m] = w + 1 / mu;
  }

  /**
   * A minute where the line's limit matters: M/M/c/K at the offered ρ. It turns away a share of
   * arrivals; beyond the load above capacity, which the fluid queue already drops (once its line
   * is full), that share is chance: moved from served to dropped. A fluid backlog still served
   * below capacity is a delay ahead of the stationary line.
   */
  private closeFiniteLine(m: number, rho: number, delayWeighted: number, cells: MmckCells): void {
    const { offered, served, dropped, capacity, p50, p95, p99, mean, wait } = this.minutes;
    const cell = cells.at(rho, this.cell);
    const byChance = cell.blocking * offered[m] - Math.max(dropped[m], offered[m] - capacity[m]);
    // Below a millionth of the load the difference is the grid's rounding, not a loss.
    if (byChance > 1e-6 * offered[m]) {
      const extra = Math.min(byChance, served[m]);
      dropped[m] += extra;
      served[m] -= extra;
      this.servedTotal -= extra;
    }
    const ahead = rho < 1 && served[m] > 0 ? delayWeighted / served[m] : 0;
    const s = 1 / this.mu;
    if (ahead === 0) {
      p50[m] = cell.p50 * s;
      p95[m] = cell.p95 * s;
      p99[m] = cell.p99 * s;
      wait[m] = cell.meanWait * s;
    } else {
      // The backlog and the stationary line share one line: no more than a full one.
      const full = cells.full();
      p50[m] = Math.min(cell.p50 * s + ahead, full.p50 * s);
      p95[m] = Math.min(cell.p95 * s + ahead, full.p95 * s);
      p99[m] = Math.min(cell.p99 * s + ahead, full.p99 * s);
      wait[m] = Math.min(cell.meanWait * s + ahead, full.meanWait * s);
    }
    mean[m] = wait[m] + s;
  }
}
