// An AWS App Runner service: instances of one size behind App Runner's own load balancer, scaled
// on concurrent requests per instance. Each evaluation (every 10 s, an assumption) estimates the
// requests in flight as the served rate over the window × the service time (Little's law) plus
// the requests queued (App Runner counts them too) and asks for ceil(in flight ÷ maxConcurrency)
// instances within [min, max]. A new instance serves after `scaleOutSeconds`; instances go only
// after the need has stayed lower for `scaleInSeconds`. Load, queueing and latency are the
// container model's (FluidLoad), with one instance as one task.
// Billing: every instance pays memory; an instance pays vCPU while active. App Runner bills active
// time per second with a one-minute minimum, so an instance counts as active at time t when it
// received a request in the last minute or is serving one: with Poisson arrivals at r per
// instance, a share 1 − e^(−r (60 s + service time)) of its time (an assumption: AWS publishes
// the rule, not how it tracks an instance's state).

import type { Simulation } from '../engine/index.js';
import type { AppRunnerCapacity } from '../domain/scenario.js';
import type { Demand } from '../workload/demand.js';
import type { AppRunnerUsage } from '../billing/app-runner-bill.js';
import { HourlySeries, hoursIn } from '../billing/usage.js';
import type { FluidLoad } from './fluid.js';
import type { FunctionGauges } from './lambda.js';

/** How often App Runner's scaler looks at concurrency (not published: an assumption). */
export const APP_RUNNER_EVALUATION_SECONDS = 10;
/** The active-billing minimum per idle → active switch. */
export const APP_RUNNER_ACTIVE_MINIMUM_SECONDS = 60;

/** Share of an instance's time billed active at `perInstanceRps` requests/s (see the header). */
export function activeShare(perInstanceRps: number, serviceSeconds: number): number {
  return perInstanceRps > 0 ? 1 - Math.exp(-perInstanceRps * (APP_RUNNER_ACTIVE_MINIMUM_SECONDS + serviceSeconds)) : 0;
}

export class AppRunnerService {
  /** Instances serving; instances launched and not serving yet. */
  serving = 0;
  pending = 0;
  scaleOuts = 0;
  scaleIns = 0;
  readonly usage: AppRunnerUsage;
  private lastT = 0;
  private lowSince = -1;
  private lowPeak = 0;
  private servedBefore = 0;
  private readonly tick: number;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: AppRunnerCapacity,
    private readonly fluid: FluidLoad,
    private readonly demand: Demand,
    /** Mean time a request spends on an instance (the container model's service time). */
    private readonly serviceSeconds: number,
    private readonly gauges: FunctionGauges | null,
    private readonly memoryUtilization = 0.5,
  ) {
    this.tick = demand.tickSeconds;
    const hours = hoursIn(fluid.horizonSeconds);
    this.usage = { cpuUnits: spec.cpuUnits, memoryMiB: spec.memoryMiB, instanceSeconds: 0, activeSeconds: 0, byHour: { instanceSeconds: new HourlySeries(hours), activeSeconds: new HourlySeries(hours) } };
  }

  start(): void {
    this.serving = this.spec.minInstances;
    this.fluid.setServing(0, this.serving);
    this.gaugesAt(0);
    const every = APP_RUNNER_EVALUATION_SECONDS;
    const horizon = this.fluid.horizonSeconds;
    const evaluate = (sim: Simulation) => {
      this.evaluate(sim.now);
      if (sim.now + every <= horizon) sim.schedule(every, evaluate);
    };
    this.sim.scheduleAt(Math.min(every, horizon), evaluate);
  }

  /** Bills instance time and active time up to `t` (call before the counts change, and at the end). */
  accrue(t: number): void {
    const from = this.lastT;
    if (t <= from) return;
    const dt = t - from;
    const instances = this.serving + this.pending;
    this.usage.instanceSeconds += instances * dt;
    this.usage.byHour?.instanceSeconds.add(from, t, instances);
    if (this.serving > 0) {
      const offeredRps = this.offeredBetween(from, t) / dt;
      const active = this.serving * activeShare(offeredRps / this.serving, this.serviceSeconds);
      this.usage.activeSeconds += active * dt;
      this.usage.byHour?.activeSeconds.add(from, t, active);
    }
    this.lastT = t;
  }

  /** Requests offered in [from, to) on the tick grid. */
  private offeredBetween(from: number, to: number): number {
    const dt = this.tick;
    const horizon = this.fluid.horizonSeconds;
    let sum = 0;
    for (let i = Math.floor(from / dt + 1e-9); i * dt < to - 1e-9; i++) {
      const start = i * dt;
      const end = Math.min(start + dt, to, horizon);
      const begin = Math.max(start, from);
      if (end > begin) sum += this.demand.rpsAtTick(i) * (end - begin);
    }
    return sum;
  }

  private evaluate(t: number): void {
    const window = APP_RUNNER_EVALUATION_SECONDS;
    this.fluid.advanceTo(t);
    const served = this.fluid.servedTotal - this.servedBefore;
    this.servedBefore = this.fluid.servedTotal;
    const inFlight = (served / Math.min(window, t)) * this.serviceSeconds + this.fluid.backlogRequests;
    const { minInstances: min, maxInstances: max, maxConcurrency } = this.spec;
    const desired = Math.min(max, Math.max(min, Math.ceil(inFlight / maxConcurrency - 1e-9)));
    this.accrue(t);
    const current = this.serving + this.pending;
    if (desired > current) {
      this.lowSince = -1;
      const add = desired - current;
      this.pending += add;
      this.scaleOuts++;
      this.gauges?.log(t, 'scaling', `App Runner scale-out +${add} to ${desired} instances (${inFlight.toFixed(1)} requests in flight > ${maxConcurrency} × ${current})`);
      this.sim.schedule(this.spec.scaleOutSeconds, (sim) => this.ready(sim.now, add));
    } else if (desired < this.serving && this.pending === 0) {
      if (this.lowSince < 0) {
        this.lowSince = t;
        this.lowPeak = desired;
      } else this.lowPeak = Math.max(this.lowPeak, desired);
      if (t - this.lowSince >= this.spec.scaleInSeconds) {
        const to = this.lowPeak;
        this.gauges?.log(t, 'scaling', `App Runner scale-in ${this.serving} → ${to} instances (in flight below ${maxConcurrency} × ${to} for ${this.spec.scaleInSeconds} s)`);
        this.serving = to;
        this.fluid.setServing(t, to);
        this.scaleIns++;
        this.lowSince = -1;
      }
    } else this.lowSince = -1;
    this.gaugesAt(t);
  }

  private ready(t: number, count: number): void {
    this.accrue(t);
    this.pending -= count;
    this.serving += count;
    this.fluid.setServing(t, this.serving);
    this.gaugesAt(t);
  }

  private gaugesAt(t: number): void {
    const g = this.gauges;
    if (!g) return;
    const vcpu = this.spec.cpuUnits / 1024;
    const gb = this.spec.memoryMiB / 1024;
    const instances = this.serving + this.pending;
    g.running.set(t, this.serving);
    g.paidVcpu.set(t, instances * vcpu);
    g.paidMemoryGiB.set(t, instances * gb);
    g.usedMemoryGiB.set(t, this.serving * gb * this.memoryUtilization);
  }
}
