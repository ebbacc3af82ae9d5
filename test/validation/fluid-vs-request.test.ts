// The fluid model against the per-request model and against queueing theory, on the case where
// all three must agree: constant load, a fixed number of warm tasks, no autoscaling.
//
// Stable case: 4 tasks × 50 rps, concurrency 5 (service time 5/50 = 0.1 s, μ = 10/s per worker),
// 160 rps (λ = 40/s per task, a = λ/μ = 4, ρ = a/c = 0.8), 4 h. Erlang C for c = 5, a = 4:
//   C = (aᶜ/c!)·(c/(c − a)) / (Σₖ₌₀^{c−1} aᵏ/k! + (aᶜ/c!)·(c/(c − a)))
//     = (1024/120 · 5) / ((1 + 4 + 8 + 32/3 + 32/3) + 1024/120 · 5)
//     = (128/3) / (103/3 + 128/3) = 128/231 = 0.554113
//   W = C/(cμ − λ) + 1/μ = 0.554113/(50 − 40) + 0.1 = 0.155411 s.
// Overload case: the same tasks at 250 rps (ρ = 1.25), 1 h: both models must drop ~50 rps.

import { mmckMeanWait } from '../support/mmck.js';
import { describe, expect, it } from 'vitest';
import { RngStreams, Simulation } from '../../src/engine/index.js';
import { parseScenario, simulate } from '../../src/index.js';
import type { Scenario } from '../../src/domain/scenario.js';
import { FluidLoad, type LoadModel, type MinuteLoad } from '../../src/service/fluid.js';
import { PerRequestLoad } from '../../src/service/per-request.js';
import { erlangC, mmcMeanResponse, mmcResponseQuantile } from '../../src/service/queueing.js';
import { Demand } from '../../src/workload/demand.js';

const TASKS = 4;
const CAPACITY_RPS = 50;
const CONCURRENCY = 5;
const QUEUE_LIMIT = 100;
const MU = CAPACITY_RPS / CONCURRENCY; // 10 per second per worker
/** Student t, 0.975 quantile, 239 degrees of freedom (the stable run's 240 one-minute batches). */
const T975_239 = 1.97;

function scenario(mode: 'fluid' | 'per-request', rps: number, horizon: string, seed = 2024): Scenario {
  return parseScenario(`
name: fluid-vs-request
seed: ${seed}
horizon: ${horizon}
tick: 1s
mode: ${mode}
workload:
  rps: { type: constant, rps: ${rps} }
service:
  task: { cpu: 1 vCPU, memory: 2 GB }
  desiredCount: ${TASKS}
  warmStart: true
  taskCapacity: ${CAPACITY_RPS} rps
  concurrency: ${CONCURRENCY}
  queueLimit: ${QUEUE_LIMIT}
alternatives:
  - name: fixed
    capacity: { type: fargate }
`);
}

/**
 * The load model alone, fed exactly what simulateAlternative feeds it for a warm, fixed fleet
 * (same streams, serving count raised one task at a time at t = 0), so its per-minute figures
 * are those of the whole run (checked below) plus what the run result does not carry: the mean.
 */
function runLoad(s: Scenario): LoadModel {
  const svc = s.alternatives[0].service;
  if (!svc) throw new Error('the scenario has no service');
  const horizon = s.horizonSeconds;
  const rng = new RngStreams(s.seed);
  const sim = new Simulation();
  const demand = new Demand(s.workload, horizon, s.tickSeconds, rng.stream('workload'));
  const perf = { taskCapacityRps: svc.taskCapacityRps, concurrency: svc.concurrency, queueLimitPerTask: svc.queueLimitPerTask };
  const load: LoadModel =
    s.mode === 'per-request' ? new PerRequestLoad(sim, demand, s.tickSeconds, horizon, perf, rng) : new FluidLoad(demand, s.tickSeconds, horizon, perf);
  for (let k = 1; k <= svc.desiredCount; k++) load.setServing(0, k);
  sim.run(horizon);
  load.advanceTo(horizon);
  load.finish();
  return load;
}

const total = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** λ per serving task in minute m, as the fluid model derives it: served / task-seconds. */
const lambdaPerTask = (minutes: MinuteLoad, m: number) => minutes.served[m] / (minutes.capacity[m] / CAPACITY_RPS);

/**
 * Request-weighted mean of per-minute values, with a batch-means 95% CI (each minute a batch:
 * the queue forgets its state in well under a second, so minute batches are nearly independent).
 * The variance is the ratio estimator's, since batches hold slightly different counts.
 */
function batchMean(values: ArrayLike<number>, weights: ArrayLike<number>): { mean: number; halfWidth: number } {
  const w = total(weights);
  let mean = 0;
  for (let m = 0; m < values.length; m++) mean += values[m] * weights[m];
  mean /= w;
  const b = values.length;
  let ss = 0;
  for (let m = 0; m < b; m++) ss += (weights[m] * (values[m] - mean)) ** 2;
  const se = Math.sqrt((ss / (w * w)) * (b / (b - 1)));
  return { mean, halfWidth: T975_239 * se };
}

describe('stable load, ρ = 0.8: fluid, per-request and Erlang C agree', () => {
  const lambdaTask = 160 / TASKS; // 40
  const erlang = erlangC(CONCURRENCY, lambdaTask / MU);
  const w = mmcMeanResponse(CONCURRENCY, lambdaTask, MU);
  const p95Theory = mmcResponseQuantile(CONCURRENCY, lambdaTask, MU, 0.95);
  const fluid = runLoad(scenario('fluid', 160, '4h')).minutes;
  const request = runLoad(scenario('per-request', 160, '4h')) as PerRequestLoad;
  const rq = request.minutes;

  it('Erlang C is the hand figure: C = 128/231 = 0.554113, W = 0.155411 s', () => {
    expect(erlang).toBeCloseTo(128 / 231, 12);
    expect(w).toBeCloseTo(0.155411, 6);
  });

  it('the per-request run offers λT requests and runs the tasks at ρ = 0.8', () => {
    // 160 × 14 400 = 2 304 000 arrivals, Poisson sd ≈ 1518.
    expect(Math.abs(total(rq.offered) - 2_304_000)).toBeLessThan(4 * Math.sqrt(2_304_000));
    expect(total(rq.dropped)).toBe(0); // P(a task's line of 100 fills) at ρ = 0.8 is ~0.8¹⁰⁰
    expect(Math.abs(total(rq.served) / total(rq.capacity) - 0.8)).toBeLessThan(0.004);
    expect(total(rq.capacity)).toBe(TASKS * CAPACITY_RPS * 14_400);
  });

  it('the fluid model reports plain M/M/c per minute: no backlog delay, no drops', () => {
    expect(total(fluid.dropped)).toBe(0);
    for (let m = 0; m < fluid.p95.length; m++) {
      expect(lambdaPerTask(fluid, m)).toBeCloseTo(lambdaTask, 9);
      // Within the 1e-4 relative error of the fluid model's memoised quantile grid.
      const exact = mmcResponseQuantile(CONCURRENCY, lambdaPerTask(fluid, m), MU, 0.95);
      expect(Math.abs(fluid.p95[m] - exact) / exact).toBeLessThan(1e-4);
    }
  });

  it('mean response: fluid within 5% of per-request, and per-request within its 95% CI of Erlang C', () => {
    // The fluid minutes carry their mean: the M/M/c mean at each minute's λ per task (the
    // backlog term is 0, as the test above shows), from a grid within 1e-4 of the closed form.
    const fluidMean = batchMean(fluid.mean, fluid.served).mean;
    const perRequest = batchMean(rq.mean, rq.served);
    console.log(
      `ρ = 0.8: fluid mean ${fluidMean.toFixed(6)} s; per-request mean ${perRequest.mean.toFixed(6)} ± ${perRequest.halfWidth.toFixed(6)} s; Erlang C W ${w.toFixed(6)} s`,
    );
    expect(Math.abs(fluidMean - w) / w).toBeLessThan(1e-4);
    expect(Math.abs(perRequest.mean - fluidMean) / fluidMean).toBeLessThan(0.05);
    // Power: the interval is narrower than ±1% of W, so a model error of a few percent (say
    // round-robin routing, or one pooled queue: M/M/20 gives 0.1075 s) cannot hide in it.
    expect(perRequest.halfWidth / w).toBeLessThan(0.01);
    expect(Math.abs(perRequest.mean - w)).toBeLessThanOrEqual(perRequest.halfWidth);
    const pooled = mmcMeanResponse(TASKS * CONCURRENCY, 160, MU);
    expect(Math.abs(perRequest.mean - pooled)).toBeGreaterThan(0.05 * w);
  });

  it('mean queue wait: Wq = C/(cμ − λ) = (128/231)/10 = 0.0554113 s, fluid to 1e-4, per-request within its 95% CI', () => {
    const wq = 128 / 231 / (CONCURRENCY * MU - lambdaTask);
    expect(wq).toBeCloseTo(0.0554113, 7);
    const fluidWait = batchMean(fluid.wait, fluid.served).mean;
    expect(Math.abs(fluidWait - wq) / wq).toBeLessThan(1e-4);
    // response = wait + service, minute by minute
    for (let m = 0; m < fluid.mean.length; m++) expect(fluid.mean[m] - fluid.wait[m]).toBeCloseTo(1 / MU, 12);
    const perRequest = batchMean(rq.wait, rq.served);
    console.log(`ρ = 0.8: mean wait fluid ${fluidWait.toFixed(6)} s; per-request ${perRequest.mean.toFixed(6)} ± ${perRequest.halfWidth.toFixed(6)} s; Erlang C Wq ${wq.toFixed(6)} s`);
    expect(Math.abs(perRequest.mean - wq)).toBeLessThanOrEqual(perRequest.halfWidth);
    expect(perRequest.halfWidth / wq).toBeLessThan(0.05);
  });

  it('p95: the per-request minutes match mmcResponseQuantile within 4 batch standard errors', () => {
    // Each minute's p95 is exact over its ~9600 completions; their mean has a batch standard
    // error (half-width / 1.97). The sample quantile's own bias at n = 9600 is O(1/n), far below
    // it. 4 standard errors: a false alarm about once in 16 000 seeds (the seed is fixed anyway),
    // and the bound must stay under 2% of p95 for the comparison to mean something.
    const perRequest = batchMean(rq.p95, rq.served);
    const tolerance = (4 * perRequest.halfWidth) / T975_239;
    console.log(
      `ρ = 0.8: p95 fluid ${fluid.p95[0].toFixed(6)} s; per-request ${perRequest.mean.toFixed(6)} ± ${perRequest.halfWidth.toFixed(6)} s; M/M/c ${p95Theory.toFixed(6)} s`,
    );
    expect(tolerance / p95Theory).toBeLessThan(0.02);
    expect(Math.abs(perRequest.mean - p95Theory)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(fluid.p95[0] - p95Theory) / p95Theory).toBeLessThan(1e-4);
  });
});

describe('overload, ρ = 1.25: both models drop the excess', () => {
  const lambda = 250;
  const seconds = 3600;
  const fluid = runLoad(scenario('fluid', lambda, '1h')).minutes;
  const request = runLoad(scenario('per-request', lambda, '1h')).minutes;

  /** M/M/c/K blocking probability (K = c + line), for the per-task Poisson stream λ/n. */
  function blocking(c: number, k: number, lambdaTask: number, mu: number): number {
    const a = lambdaTask / mu;
    let term = 1; // p_n / p_0
    let sum = 1;
    for (let n = 1; n <= k; n++) {
      term *= n <= c ? a / n : a / c;
      sum += term;
    }
    return term / sum;
  }

  it('drops agree with each other and with M/M/c/K blocking', () => {
    const pBlock = blocking(CONCURRENCY, CONCURRENCY + QUEUE_LIMIT, lambda / TASKS, MU);
    const expected = lambda * seconds * pBlock;
    const fluidDropped = total(fluid.dropped);
    const requestDropped = total(request.dropped);
    // Tolerance: dropped = arrivals − completions − requests held at the end. With every worker
    // busy, both counts are Poisson (250 × 3600 and 200 × 3600), so sd = √(1 620 000) ≈ 1273
    // (0.7% of the drops); allow 4 sd, plus the lines filling from empty at the start
    // (4 × (100 + 5) requests, which the stationary figure does not subtract). About 3%.
    const tolerance = 4 * Math.sqrt(lambda * seconds + TASKS * CAPACITY_RPS * seconds) + TASKS * (QUEUE_LIMIT + CONCURRENCY);
    console.log(
      `ρ = 1.25: dropped fluid ${fluidDropped.toFixed(0)}, per-request ${requestDropped}, M/M/c/K ${expected.toFixed(0)} (P_block ${pBlock.toFixed(6)}), tolerance ±${tolerance.toFixed(0)}`,
    );
    // The fluid figure by hand: (250 − 200) × 3600 − 4 × 100 queued = 179 600.
    expect(fluidDropped).toBeCloseTo(179_600, 6);
    // With a line of 100 the finite buffer hardly matters: P_block ≈ 1 − 1/ρ = 0.2.
    expect(Math.abs(pBlock - 0.2)).toBeLessThan(1e-6);
    expect(Math.abs(requestDropped - fluidDropped)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(requestDropped - expected)).toBeLessThanOrEqual(tolerance);
    expect(tolerance / fluidDropped).toBeLessThan(0.035);
    // Served at capacity in both: 200 rps × 3600 s, less the fluid's line and per-request noise.
    expect(Math.abs(total(request.served) - total(fluid.served))).toBeLessThanOrEqual(tolerance);
  });

  it('latency: both models put an admitted request just short of a full line (100/50 + 0.1 = 2.1 s), as M/M/c/K does', () => {
    // An accepted request finds the line nearly full: on average about 1/(ρ − 1) = 4 places short
    // of the limit. The fluid model reads the minute's latency off M/M/c/K itself (a = 62.5 / 10 =
    // 6.25 per task, 5 workers, 100 places); the mean is checked against the textbook's balance
    // equations (test/support/mmck.ts), the median against the per-request run.
    const full = QUEUE_LIMIT / CAPACITY_RPS + 1 / MU;
    const last = fluid.p50.length - 1;
    const meanTheory = (mmckMeanWait(CONCURRENCY, QUEUE_LIMIT, lambda / TASKS / MU) + 1) / MU;
    expect(fluid.mean[last]).toBeCloseTo(meanTheory, 3);
    expect(meanTheory).toBeLessThan(full);
    expect(meanTheory).toBeGreaterThan(full - 0.15);
    const median = batchMean(request.p50.subarray(1), request.served.subarray(1)).mean; // minute 0 fills the lines
    console.log(`ρ = 1.25: p50 fluid ${fluid.p50[last].toFixed(4)} s, per-request ${median.toFixed(4)} s, M/M/c/K mean ${meanTheory.toFixed(4)} s`);
    expect(Math.abs(median - fluid.p50[last]) / fluid.p50[last]).toBeLessThan(0.02);
  });
});

describe('the per-request mode in a whole run', () => {
  it('simulate() with mode per-request is the load model above, and the same seed gives the same result', () => {
    const s = scenario('per-request', 160, '10m', 11);
    const a = simulate(s);
    expect(simulate(s)).toEqual(a);
    expect(simulate(scenario('per-request', 160, '10m', 12)).series.latencyP95Ms).not.toEqual(a.series.latencyP95Ms);

    const load = runLoad(s).minutes;
    // The series hold float32s of the values rounded to the column's decimals and to six significant digits.
    const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
    const cell = (v: number, decimals: number) => Math.fround(v === 0 ? 0 : round(v, Math.min(decimals, 5 - Math.floor(Math.log10(Math.abs(v))))));
    expect(a.series.servedRps).toEqual(Float32Array.from(load.served, (v) => cell(v / 60, 4)));
    expect(a.series.latencyP95Ms).toEqual(Float32Array.from(load.p95, (v) => cell(v * 1000, 3)));
    expect(a.series.latencyMeanMs).toEqual(Float32Array.from(load.mean, (v) => cell(v * 1000, 3)));
    expect(a.series.queueWaitMeanMs).toEqual(Float32Array.from(load.wait, (v) => cell(v * 1000, 3)));
    // over the run: Σ mean × served / Σ served
    const weighted = (x: ArrayLike<number>) => round((Array.from(x).reduce((acc, v, m) => acc + v * load.served[m], 0) / total(load.served)) * 1000, 3);
    expect(a.slo.latencyMeanMs).toBe(weighted(load.mean));
    expect(a.slo.queueWaitMeanMs).toBe(weighted(load.wait));
    expect(a.requests.dropped).toBe(0);
    // And it is not the fluid run: per-request counts are whole requests with Poisson noise.
    const f = simulate(scenario('fluid', 160, '10m', 11));
    expect(f.series.servedRps.every((v) => v === 160)).toBe(true);
    expect(a.series.servedRps.some((v) => v !== 160)).toBe(true);
  });
});
