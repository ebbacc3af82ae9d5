// An AWS Lambda function serving the service's demand, as a fluid model on the tick grid.
// Concurrency = invocations/s × mean duration (Little's law). Provisioned environments serve
// first; the rest need on-demand environments, created at most at the function's scaling rate
// (1,000 per 10 s, refilled continuously) and up to the concurrency limit (reserved concurrency,
// else the account quota less provisioned). What finds no environment is throttled: dropped, or
// retried on the next tick (asynchronous sources). Each new environment's first invocation is a
// cold start (INIT, billed since 2025-08-01, and added to its latency). Idle on-demand
// environments are reclaimed after an exponential idle time (AWS publishes none: an assumption).
// An invocation is stopped at the 900 s maximum timeout: billed to there, its requests dropped.
// Left out: per-environment identity (reuse is fluid), SnapStart, the 6-hour age limit of
// asynchronous events, and the account's other functions.

import { distributionMean, stratifiedTable, type DistributionSpec, type RngStreams } from '../engine/index.js';
import { LAMBDA_LIMITS } from '../catalog/index.js';
import type { LambdaCapacity, ServiceModel } from '../domain/scenario.js';
import type { Demand } from '../workload/demand.js';
import type { LambdaUsage } from '../billing/lambda-bill.js';
import type { MinuteGauge } from '../metrics/gauge.js';
import { minuteLength } from '../domain/series.js';
import type { LoadModel, MinuteLoad } from './fluid.js';

/**
 * Entries per table of durations, built once per run. Each table is stratified: entry k is the
 * distribution's quantile at (k + ½)/4096, so the billed mean and the percentiles are the
 * distribution's to within the grid (an exponential's mean within 0.01 %), where 4,096 random
 * draws put the mean off by 1.6 % per standard error (seen: 4.5 % low on one seed).
 */
const SAMPLES = 4096;

/**
 * A cold invocation, split where the timeout applies: the INIT phase runs before the invocation,
 * outside its timeout; an INIT past Lambda's 10 s INIT phase is stopped there and retried inside
 * the invocation, under the timeout, with the handler. Both parts are on the request's path and
 * billed (the retry as invocation time; the stopped attempt as INIT, which Lambda bills since
 * 2025-08-01: an assumption for a stopped one).
 */
function coldParts(duration: number, init: number): { beforeSeconds: number; underTimeoutSeconds: number } {
  const limit = LAMBDA_LIMITS.initPhaseLimitSeconds;
  return init > limit ? { beforeSeconds: limit, underTimeoutSeconds: init + duration } : { beforeSeconds: init, underTimeoutSeconds: duration };
}

/**
 * The handler's duration when the scenario gives none: the service's request, single-threaded.
 * Its CPU work c = task vCPU ÷ taskCapacity (vCPU-seconds); the rest of baseLatency is waiting
 * (I/O). Below 1,769 MB a function has less than one vCPU, so the CPU part stretches by
 * 1,769 ÷ memory; above, one thread gains nothing. A batch is processed in sequence. Exponential,
 * like the container model's service time, so both platforms see the same request shape.
 */
export function derivedDuration(spec: LambdaCapacity, svc: ServiceModel): DistributionSpec {
  const cpuSeconds = svc.task.cpuUnits / 1024 / svc.taskCapacityRps;
  const waiting = Math.max(0, svc.baseLatencySeconds - cpuSeconds);
  const vcpu = Math.min(1, spec.memoryMiB / LAMBDA_LIMITS.memoryMiBPerVcpu);
  return { type: 'exponential', mean: (waiting + cpuSeconds / vcpu) * spec.batchSize };
}

/** Gauges the model fills once a minute (the run's Recorder's), or null in unit tests. */
export interface FunctionGauges {
  running: MinuteGauge;
  paidVcpu: MinuteGauge;
  paidMemoryGiB: MinuteGauge;
  usedMemoryGiB: MinuteGauge;
  log(t: number, kind: 'scaling', detail: string): void;
}

export interface LambdaCounters {
  invocations: number;
  coldStarts: number;
  throttledRequests: number;
  /** Invocations stopped at the 900 s timeout (their requests are counted as dropped). */
  timedOut: number;
  peakEnvironments: number;
}

/** Sorted samples with, at each point, how many warm and cold samples lie at or below it. */
interface Mixture {
  xs: Float64Array;
  warmAtOrBelow: Float64Array;
  coldAtOrBelow: Float64Array;
}

function mixtureTable(warm: Float64Array, cold: Float64Array): Mixture {
  const n = warm.length + cold.length;
  const xs = new Float64Array(n);
  const w = new Float64Array(n);
  const c = new Float64Array(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (j >= cold.length || (i < warm.length && warm[i] <= cold[j])) xs[k] = warm[i++];
    else xs[k] = cold[j++];
    w[k] = i;
    c[k] = j;
  }
  return { xs, warmAtOrBelow: w, coldAtOrBelow: c };
}

/** The q-quantile of (1 − f) × warm + f × cold, from the tables (binary search on the CDF). */
function mixtureQuantile(m: Mixture, f: number, q: number, nWarm: number, nCold: number): number {
  let lo = 0;
  let hi = m.xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const cdf = ((1 - f) * m.warmAtOrBelow[mid]) / nWarm + (f * m.coldAtOrBelow[mid]) / nCold;
    if (cdf >= q) hi = mid;
    else lo = mid + 1;
  }
  return m.xs[lo];
}

function quantileOf(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export class LambdaLoad implements LoadModel {
  readonly minutes: MinuteLoad;
  readonly counters: LambdaCounters = { invocations: 0, coldStarts: 0, throttledRequests: 0, timedOut: 0, peakEnvironments: 0 };
  servedTotal = 0;
  capacityTotal = 0;
  /** Mean warm duration, seconds; billed milliseconds of a warm and of a cold invocation (mean of ceil). */
  readonly meanDurationSeconds: number;
  readonly warmBilledMs: number;
  readonly coldBilledMs: number;
  private readonly ticks: number;
  private nextTick = 0;
  private warm = 0;
  private tokens: number = LAMBDA_LIMITS.scalingBurst;
  private backlog = 0;
  private coldOwed = 0;
  private readonly decay: number;
  private readonly onDemandLimit: number;
  private readonly warmSorted: Float64Array;
  private readonly mixture: Mixture;
  private readonly coldSorted: Float64Array;
  /** Mean warm duration and mean cold latency (duration + INIT) of the drawn tables, seconds. */
  private readonly warmMean: number;
  private readonly coldMean: number;
  /** Shares of warm and of cold invocations that run into the timeout. */
  private readonly warmTimedOutShare: number;
  private readonly coldTimedOutShare: number;
  // The minute being filled.
  private minuteOpen = 0;
  private mInvocations = 0;
  private mCold = 0;
  private mDelayWeighted = 0;
  private mEnvSeconds = 0;
  private mBusySeconds = 0;
  private mThrottled = false;
  private throttling = false;

  constructor(
    private readonly demand: Demand,
    private readonly tickSeconds: number,
    readonly horizonSeconds: number,
    private readonly spec: LambdaCapacity,
    duration: DistributionSpec,
    rng: RngStreams,
    readonly usage: LambdaUsage,
    private readonly gauges: FunctionGauges | null = null,
    private readonly memoryUtilization = 0.5,
    /** The environments the first tick needs are already warm (a function that served before the window). */
    private readonly warmStart = true,
  ) {
    const n = Math.ceil(horizonSeconds / 60);
    const f = () => new Float64Array(n);
    this.minutes = { offered: f(), served: f(), dropped: f(), capacity: f(), p50: f(), p95: f(), p99: f(), mean: f(), wait: f() };
    this.ticks = Math.ceil(horizonSeconds / tickSeconds - 1e-9);
    this.decay = Math.exp(-tickSeconds / spec.idleReclaimSeconds);
    const limit = spec.reservedConcurrency ?? spec.accountConcurrency;
    this.onDemandLimit = Math.max(0, limit - spec.provisionedConcurrency);
    // Duration tables: stratified, and the cold start's INIT paired with the durations in a
    // random order from its own stream (Latin hypercube: each stratified, the two independent);
    // the demand's stream is untouched.
    const warm = stratifiedTable(duration, SAMPLES);
    const init = stratifiedTable(spec.coldStart, SAMPLES);
    const order = rng.stream('lambda-init');
    for (let k = SAMPLES - 1; k > 0; k--) {
      const j = Math.floor(order.next() * (k + 1));
      const t = init[k];
      init[k] = init[j];
      init[j] = t;
    }
    const cold = new Float64Array(SAMPLES);
    // Lambda stops an invocation at its timeout (at most 900 s) and bills it to there: a draw past
    // it is cut to it, and counted as timed out. Load refuses a duration reaching past it at its
    // 99th percentile (or largest draw), so this is the rarer tail.
    const timeout = LAMBDA_LIMITS.maxTimeoutSeconds;
    let warmMs = 0;
    let coldMs = 0;
    let warmSum = 0;
    let coldSum = 0;
    let excess = 0;
    let warmTimedOut = 0;
    let coldTimedOut = 0;
    for (let k = 0; k < SAMPLES; k++) {
      const drawn = Math.max(0, warm[k]);
      const { beforeSeconds, underTimeoutSeconds } = coldParts(drawn, Math.max(0, init[k]));
      if (drawn > timeout) {
        warmTimedOut++;
        excess += drawn - timeout;
      }
      if (underTimeoutSeconds > timeout) coldTimedOut++;
      warm[k] = drawn < timeout ? drawn : timeout;
      cold[k] = beforeSeconds + (underTimeoutSeconds < timeout ? underTimeoutSeconds : timeout);
      warmSum += warm[k];
      coldSum += cold[k];
      // 1 ms granularity: a 12.3 ms invocation bills 13 ms (the 1e-9 keeps exact 12 ms at 12).
      warmMs += Math.max(1, Math.ceil(warm[k] * 1000 - 1e-9));
      coldMs += Math.max(1, Math.ceil(cold[k] * 1000 - 1e-9));
    }
    this.warmMean = warmSum / SAMPLES;
    this.coldMean = coldSum / SAMPLES;
    this.warmBilledMs = warmMs / SAMPLES;
    this.coldBilledMs = coldMs / SAMPLES;
    this.warmTimedOutShare = warmTimedOut / SAMPLES;
    this.coldTimedOutShare = coldTimedOut / SAMPLES;
    // The distribution's own mean, less what the timeout cuts off the table's draws.
    this.meanDurationSeconds = (duration.type === 'constant' ? duration.value : distributionMean(duration)) - excess / SAMPLES;
    this.warmSorted = warm; // a stratified table is ascending, and max(0, ·) and min(·, timeout) keep it so
    this.coldSorted = cold.sort();
    this.mixture = mixtureTable(this.warmSorted, this.coldSorted);
  }

  get servingTasks(): number {
    return this.spec.provisionedConcurrency + this.warm;
  }

  /** Environments come and go with demand; nothing outside sets them. */
  setServing(): void {}

  advanceTo(t: number): void {
    const dt = this.tickSeconds;
    const last = Math.min(this.ticks, Math.ceil(t / dt - 1e-9));
    const { offered, served, dropped, capacity } = this.minutes;
    const { provisionedConcurrency: pcLimit, batchSize, onThrottle } = this.spec;
    const D = this.meanDurationSeconds;
    const usage = this.usage;
    const coldExtraMs = this.coldBilledMs - this.warmBilledMs;
    const c = this.counters;
    for (let i = this.nextTick; i < last; i++) {
      const start = i * dt;
      const m = (start / 60) | 0;
      if (m !== this.minuteOpen) {
        this.closeMinute(this.minuteOpen);
        this.minuteOpen = m;
      }
      const width = this.horizonSeconds - start < dt ? this.horizonSeconds - start : dt;
      const arriving = this.demand.rpsAtTick(i) * width;
      const requests = arriving + this.backlog;
      offered[m] += arriving;
      // Concurrency the tick needs: invocations per second × mean duration.
      const need = D > 0 ? (requests / width / batchSize) * D : 0;
      const onPc = need < pcLimit ? need : pcLimit;
      const onDemandNeed = need - onPc;
      const target = onDemandNeed < this.onDemandLimit ? onDemandNeed : this.onDemandLimit;
      let created = 0;
      if (i === 0 && this.warmStart) this.warm = target;
      if (target > this.warm) {
        created = Math.min(target - this.warm, this.tokens);
        this.tokens -= created;
        this.warm += created;
      }
      const onDemand = onDemandNeed < this.warm ? onDemandNeed : this.warm;
      const servedShare = need > 0 ? (onPc + onDemand) / need : 1;
      const done = requests * servedShare;
      const throttled = requests - done;
      const invPc = need > 0 ? (requests * onPc) / need / batchSize : 0;
      const invOd = need > 0 ? (requests * onDemand) / need / batchSize : 0;
      // Each new environment's first invocation is cold; with long durations a tick has fewer
      // invocations than the environments it opens, so the rest come cold in the next ticks.
      this.coldOwed += created;
      const cold = this.coldOwed < invOd ? this.coldOwed : invOd;
      this.coldOwed -= cold;
      const h = (start / 3600) | 0;
      usage.requests[h] += invPc + invOd;
      usage.provisionedMs[h] += invPc * this.warmBilledMs;
      usage.onDemandMs[h] += invOd * this.warmBilledMs + cold * coldExtraMs;
      // Invocations stopped at the timeout ran (and are billed) but failed: their requests count
      // as dropped, as a throttled one does.
      const timedOut = (invPc + invOd - cold) * this.warmTimedOutShare + cold * this.coldTimedOutShare;
      const failed = timedOut * batchSize;
      served[m] += done - failed;
      dropped[m] += failed;
      c.timedOut += timedOut;
      capacity[m] += D > 0 ? ((pcLimit + this.warm) / D) * batchSize * width : 0;
      this.servedTotal += done - failed;
      this.capacityTotal += D > 0 ? ((pcLimit + this.warm) / D) * batchSize * width : 0;
      this.mInvocations += invPc + invOd;
      this.mCold += cold;
      this.mEnvSeconds += (pcLimit + this.warm) * width;
      this.mBusySeconds += (onPc + onDemand) * width;
      c.invocations += invPc + invOd;
      c.coldStarts += cold;
      if (pcLimit + this.warm > c.peakEnvironments) c.peakEnvironments = pcLimit + this.warm;
      if (throttled > 1e-9) {
        this.mThrottled = true;
        if (onThrottle === 'retry') {
          this.backlog = throttled;
          this.mDelayWeighted += throttled * width;
        } else {
          this.backlog = 0;
          dropped[m] += throttled;
          c.throttledRequests += throttled;
        }
      } else this.backlog = 0;
      // Idle on-demand environments are reclaimed at the idle hazard; refill the scaling rate.
      this.warm = onDemand + (this.warm - onDemand) * this.decay;
      this.tokens = Math.min(LAMBDA_LIMITS.scalingBurst, this.tokens + LAMBDA_LIMITS.scalingRefillPerSecond * width);
    }
    if (last > this.nextTick) this.nextTick = last;
  }

  finish(): void {
    this.closeMinute(this.minuteOpen);
  }

  private closeMinute(m: number): void {
    const { served, p50, p95, p99, mean, wait } = this.minutes;
    const inv = this.mInvocations;
    const f = inv > 0 ? Math.min(1, this.mCold / inv) : 0;
    const delay = served[m] > 0 ? this.mDelayWeighted / served[m] : 0;
    if (served[m] <= 0) {
      // Nothing served: no latency to report (a minute that throttled everything is over by its drops).
      p50[m] = p95[m] = p99[m] = mean[m] = wait[m] = 0;
    } else if (f === 0) {
      p50[m] = quantileOf(this.warmSorted, 0.5) + delay;
      p95[m] = quantileOf(this.warmSorted, 0.95) + delay;
      p99[m] = quantileOf(this.warmSorted, 0.99) + delay;
    } else {
      const n = this.warmSorted.length;
      p50[m] = mixtureQuantile(this.mixture, f, 0.5, n, n) + delay;
      p95[m] = mixtureQuantile(this.mixture, f, 0.95, n, n) + delay;
      p99[m] = mixtureQuantile(this.mixture, f, 0.99, n, n) + delay;
    }
    if (served[m] > 0) {
      // The wait before the handler runs: the throttled requests' retry delay, and a cold
      // environment's INIT for the share f of invocations that start one.
      mean[m] = (1 - f) * this.warmMean + f * this.coldMean + delay;
      wait[m] = delay + f * (this.coldMean - this.warmMean);
    }
    const g = this.gauges;
    if (g) {
      const width = minuteLength(m, this.horizonSeconds);
      const t = m * 60;
      const gb = this.spec.memoryMiB / 1024;
      const vcpu = this.spec.memoryMiB / LAMBDA_LIMITS.memoryMiBPerVcpu;
      const envs = this.mEnvSeconds / width;
      const busy = this.mBusySeconds / width;
      const paid = Math.max(busy, this.spec.provisionedConcurrency);
      g.running.set(t, envs);
      g.paidVcpu.set(t, paid * vcpu);
      g.paidMemoryGiB.set(t, paid * gb);
      g.usedMemoryGiB.set(t, busy * gb * this.memoryUtilization);
      if (this.mThrottled !== this.throttling) {
        g.log(t, 'scaling', this.mThrottled ? `Lambda throttling: concurrency limit ${this.spec.reservedConcurrency ?? this.spec.accountConcurrency} or scaling rate reached (${envs.toFixed(0)} environments)` : 'Lambda throttling ended');
      }
    }
    this.throttling = this.mThrottled;
    this.mInvocations = this.mCold = this.mDelayWeighted = this.mEnvSeconds = this.mBusySeconds = 0;
    this.mThrottled = false;
  }
}
