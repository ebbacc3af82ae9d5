// The per-request load model: every request is an arrival and a completion event on the shared
// Simulation, so a small run can be checked request by request against the fluid model and Erlang
// C. It assumes exactly what the fluid model assumes: Poisson arrivals at a rate constant within
// each tick, each serving task an M/M/c queue with a bounded FIFO line, load split evenly (in
// expectation) over the serving tasks. Left out: retries of dropped requests, connection reuse,
// slow start of new targets, and the load balancer's own algorithm (see `arrive`).

import type { EventHandler, Rng, Simulation } from '../engine/index.js';
import type { Demand } from '../workload/demand.js';
import type { LoadModel, MinuteLoad, Performance } from './fluid.js';

/** The per-minute figures; `mean` and `wait` are over the requests completed in the minute. */
export type RequestMinutes = MinuteLoad;

/** Where the random numbers come from (RngStreams): one named stream per purpose. */
export interface StreamSource {
  stream(name: string): Rng;
}

const FREE = 0;
const SERVING = 1;
/** Out of the serving set (no new requests) but still finishing the requests it holds. */
const DRAINING = 2;

const INITIAL_SLOTS = 8;
const INITIAL_LATENCIES = 1024;

export class PerRequestLoad implements LoadModel {
  readonly minutes: RequestMinutes;
  servedTotal = 0;
  capacityTotal = 0;

  private readonly arrivals: Rng;
  private readonly routing: Rng;
  private readonly service: Rng;
  private readonly workers: number;
  private readonly meanServiceSeconds: number;
  private readonly queueLimit: number;
  private readonly ticks: number;
  private readonly lastMinute: number;

  // Task slots: a task's workers and its FIFO line live at fixed offsets in shared typed arrays.
  // A slot is reused only once its task has drained, so no pending completion points into it.
  // The arrays are sized by growSlots.
  private slotState = new Uint8Array(0);
  /** Idle worker ids (global: slot × workers + k), a stack of `idle[slot]` per slot. */
  private idleWorkers = new Int32Array(0);
  private idle = new Int32Array(0);
  /** Arrival time of the request each worker is serving, and when its service began. */
  private arrivedAt = new Float64Array(0);
  private startedAt = new Float64Array(0);
  /** Ring buffer per slot (queueLimit entries) of waiting requests' arrival times. */
  private line = new Float64Array(0);
  private lineHead = new Int32Array(0);
  private lineLength = new Int32Array(0);
  private slotCapacity = 0;
  private slotsUsed = 0;
  private freeSlots = new Int32Array(0);
  private freeSlotCount = 0;
  /** Serving slots, oldest first: the newest leaves first. */
  private servingSlots = new Int32Array(0);
  private serving = 0;

  /** Tick holding the next arrival's search start. */
  private arrivalTick = 0;
  /** Capacity is integrated up to here. */
  private capacityClock = 0;
  /** Response times of the requests completed in minute `minuteOpen`. */
  private latencies = new Float64Array(INITIAL_LATENCIES);
  private latencyCount = 0;
  private latencySum = 0;
  private waitSum = 0;
  private minuteOpen = 0;
  private finished = false;

  private readonly onArrival: EventHandler = (sim) => this.arrive(sim);
  private readonly onCompletion: EventHandler = (sim, worker) => this.complete(sim, worker);

  constructor(
    private readonly sim: Simulation,
    private readonly demand: Demand,
    private readonly tickSeconds: number,
    readonly horizonSeconds: number,
    private readonly perf: Performance,
    streams: StreamSource,
  ) {
    const n = Math.ceil(horizonSeconds / 60);
    const f = () => new Float64Array(n);
    this.minutes = { offered: f(), served: f(), dropped: f(), capacity: f(), p50: f(), p95: f(), p99: f(), mean: f(), wait: f() };
    this.lastMinute = n - 1;
    this.ticks = Math.ceil(horizonSeconds / tickSeconds - 1e-9);
    this.workers = perf.concurrency;
    this.meanServiceSeconds = perf.concurrency / perf.taskCapacityRps;
    this.queueLimit = perf.queueLimitPerTask;
    // Separate streams, so the arrival times do not depend on how many tasks serve them.
    this.arrivals = streams.stream('requests');
    this.routing = streams.stream('requests:routing');
    this.service = streams.stream('requests:service');
    this.growSlots(INITIAL_SLOTS);
    this.scheduleNextArrival(sim.now);
  }

  get servingTasks(): number {
    return this.serving;
  }

  /**
   * Tasks joining take requests from t; leaving tasks take no new ones but finish what they hold.
   * The count is all the model is told, so the newest task leaves (as ECS scale-in picks); tasks
   * are statistically alike, so the choice only decides which line drains.
   */
  setServing(t: number, tasks: number): void {
    if (!Number.isInteger(tasks) || tasks < 0) throw new RangeError(`setServing: tasks must be a whole number >= 0, got ${tasks}`);
    this.advanceTo(t);
    while (this.serving < tasks) {
      const slot = this.acquireSlot(); // may grow servingSlots: read the array after it
      this.servingSlots[this.serving++] = slot;
    }
    while (this.serving > tasks) {
      const slot = this.servingSlots[--this.serving];
      this.slotState[slot] = DRAINING;
      if (this.isIdle(slot)) this.releaseSlot(slot);
    }
  }

  /** Requests are events already; this integrates capacity and closes minutes that ended by t. */
  advanceTo(t: number): void {
    this.accrueCapacity(t);
    const m = Math.min(this.lastMinute, Math.floor(t / 60));
    if (m > this.minuteOpen) this.closeMinutesBefore(m);
  }

  /** Closes every minute left open (call once, after `advanceTo(horizon)`). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.accrueCapacity(this.horizonSeconds);
    this.closeMinutesBefore(this.lastMinute + 1);
  }

  // --- requests -------------------------------------------------------------------------------

  private arrive(sim: Simulation): void {
    const now = sim.now;
    const m = this.minuteOf(now);
    const { offered, dropped } = this.minutes;
    offered[m]++;
    if (this.serving === 0) {
      dropped[m]++;
    } else {
      // Uniform random routing makes each task's arrivals Poisson at λ/n, which is what the
      // fluid model's M/M/c per task assumes. ALB round robin spaces a task's arrivals more
      // regularly (Erlang-n interarrivals), so a real target queues somewhat less than this.
      const slot = this.servingSlots[Math.floor(this.routing.next() * this.serving)];
      if (this.idle[slot] > 0) {
        this.startService(sim, slot, now);
      } else if (this.lineLength[slot] < this.queueLimit) {
        let at = this.lineHead[slot] + this.lineLength[slot];
        if (at >= this.queueLimit) at -= this.queueLimit;
        this.line[slot * this.queueLimit + at] = now;
        this.lineLength[slot]++;
      } else {
        dropped[m]++;
      }
    }
    this.scheduleNextArrival(now);
  }

  private startService(sim: Simulation, slot: number, arrivedAt: number): void {
    const worker = this.idleWorkers[slot * this.workers + --this.idle[slot]];
    this.arrivedAt[worker] = arrivedAt;
    this.startedAt[worker] = arrivedAt;
    sim.schedule(this.serviceSeconds(), this.onCompletion, worker);
  }

  private complete(sim: Simulation, worker: number): void {
    const now = sim.now;
    this.record(now, now - this.arrivedAt[worker], this.startedAt[worker] - this.arrivedAt[worker]);
    const slot = Math.floor(worker / this.workers);
    if (this.lineLength[slot] > 0) {
      // FIFO: the worker takes the oldest waiting request.
      const head = this.lineHead[slot];
      this.arrivedAt[worker] = this.line[slot * this.queueLimit + head];
      this.startedAt[worker] = now;
      this.lineHead[slot] = head + 1 === this.queueLimit ? 0 : head + 1;
      this.lineLength[slot]--;
      sim.schedule(this.serviceSeconds(), this.onCompletion, worker);
      return;
    }
    this.idleWorkers[slot * this.workers + this.idle[slot]++] = worker;
    if (this.slotState[slot] === DRAINING && this.isIdle(slot)) this.releaseSlot(slot);
  }

  private serviceSeconds(): number {
    // 1 − u lies in (0, 1], so the log is finite.
    return -this.meanServiceSeconds * Math.log(1 - this.service.next());
  }

  /**
   * Exact for a rate that is constant within each tick (the fluid model's assumption): draw an
   * Exp(1) amount of cumulative rate and walk the ticks until it is used up. Memoryless, so a
   * fresh draw per arrival is exact; ticks at rate 0 are walked through without events.
   */
  private scheduleNextArrival(from: number): void {
    const dt = this.tickSeconds;
    const horizon = this.horizonSeconds;
    let need = -Math.log(1 - this.arrivals.next());
    let t = from;
    let i = this.arrivalTick;
    for (; i < this.ticks; i++) {
      const end = Math.min((i + 1) * dt, horizon);
      if (end <= t) continue;
      const rate = this.demand.rpsAt(i * dt);
      const room = rate * (end - t);
      if (need < room) {
        this.arrivalTick = i;
        const at = t + need / rate;
        if (at < horizon) this.sim.scheduleAt(at, this.onArrival);
        return;
      }
      need -= room;
      t = end;
    }
    this.arrivalTick = i; // past the horizon: no more arrivals
  }

  // --- minutes --------------------------------------------------------------------------------

  private minuteOf(t: number): number {
    const m = Math.floor(t / 60);
    return m < this.lastMinute ? m : this.lastMinute;
  }

  private record(now: number, responseSeconds: number, waitSeconds: number): void {
    const m = this.minuteOf(now);
    if (m > this.minuteOpen) this.closeMinutesBefore(m);
    if (this.latencyCount === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.latencyCount++] = responseSeconds;
    this.latencySum += responseSeconds;
    this.waitSum += waitSeconds;
    this.minutes.served[m]++;
    this.servedTotal++;
  }

  /** Closes minutes [minuteOpen, m): quantiles of what completed in each; empty minutes read 0. */
  private closeMinutesBefore(m: number): void {
    const { p50, p95, p99, mean, wait } = this.minutes;
    const k = this.minuteOpen;
    const n = this.latencyCount;
    if (k < m && n > 0) {
      // Ascending order, so each selection searches only above the previous one.
      const a = this.latencies;
      p50[k] = quantileOf(a, n, 0.5, 0);
      p95[k] = quantileOf(a, n, 0.95, Math.floor((n - 1) * 0.5));
      p99[k] = quantileOf(a, n, 0.99, Math.floor((n - 1) * 0.95));
      mean[k] = this.latencySum / n;
      wait[k] = this.waitSum / n;
    }
    this.latencyCount = 0;
    this.latencySum = 0;
    this.waitSum = 0;
    if (m > this.minuteOpen) this.minuteOpen = m;
  }

  private accrueCapacity(until: number): void {
    const t = Math.min(until, this.horizonSeconds);
    let from = this.capacityClock;
    if (!(t > from)) return;
    const rps = this.serving * this.perf.taskCapacityRps;
    if (rps > 0) {
      const capacity = this.minutes.capacity;
      while (from < t) {
        const m = this.minuteOf(from);
        const end = Math.min(t, (m + 1) * 60);
        capacity[m] += rps * (end - from);
        from = end;
      }
      this.capacityTotal += rps * (t - this.capacityClock);
    }
    this.capacityClock = t;
  }

  // --- task slots -----------------------------------------------------------------------------

  private isIdle(slot: number): boolean {
    return this.idle[slot] === this.workers && this.lineLength[slot] === 0;
  }

  private acquireSlot(): number {
    let slot: number;
    if (this.freeSlotCount > 0) slot = this.freeSlots[--this.freeSlotCount];
    else {
      if (this.slotsUsed === this.slotCapacity) this.growSlots(this.slotCapacity * 2);
      slot = this.slotsUsed++;
      const c = this.workers;
      for (let k = 0; k < c; k++) this.idleWorkers[slot * c + k] = slot * c + k;
      this.idle[slot] = c;
    }
    this.slotState[slot] = SERVING;
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.slotState[slot] = FREE;
    this.lineHead[slot] = 0;
    this.freeSlots[this.freeSlotCount++] = slot;
  }

  private growSlots(slots: number): void {
    const c = this.workers;
    const q = this.queueLimit;
    this.slotState = grown(this.slotState, new Uint8Array(slots));
    this.idleWorkers = grown(this.idleWorkers, new Int32Array(slots * c));
    this.idle = grown(this.idle, new Int32Array(slots));
    this.arrivedAt = grown(this.arrivedAt, new Float64Array(slots * c));
    this.startedAt = grown(this.startedAt, new Float64Array(slots * c));
    this.line = grown(this.line, new Float64Array(slots * q));
    this.lineHead = grown(this.lineHead, new Int32Array(slots));
    this.lineLength = grown(this.lineLength, new Int32Array(slots));
    this.freeSlots = grown(this.freeSlots, new Int32Array(slots));
    this.servingSlots = grown(this.servingSlots, new Int32Array(slots));
    this.slotCapacity = slots;
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as ArrayLike<number>);
  return to;
}

/**
 * The q-quantile of a[0, n) by linear interpolation between order statistics (R's type 7, as
 * the run summary uses), by selection: O(n), and it reorders a. `from` is an index below which
 * every element is already known to be ≤ the answer's order statistics (from an earlier call).
 */
export function quantileOf(a: Float64Array, n: number, q: number, from = 0): number {
  if (n === 0) return NaN;
  const x = (n - 1) * q;
  const i = Math.floor(x);
  const low = select(a, from, n - 1, i);
  if (i + 1 >= n || x === i) return low;
  // After select, everything above i is ≥ a[i]: the next order statistic is their minimum.
  let next = a[i + 1];
  for (let j = i + 2; j < n; j++) if (a[j] < next) next = a[j];
  return low + (next - low) * (x - i);
}

/** Wirth's selection: puts the k-th smallest of a[lo..hi] at k, smaller ones before it. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (lo < hi) {
    const pivot = a[k];
    let i = lo;
    let j = hi;
    do {
      while (a[i] < pivot) i++;
      while (pivot < a[j]) j--;
      if (i <= j) {
        const swap = a[i];
        a[i] = a[j];
        a[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return a[k];
}
