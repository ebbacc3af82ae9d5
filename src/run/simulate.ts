// Assembles one alternative's models on a fresh Simulation, runs it to the horizon and turns
// what the subscribers recorded into an `AlternativeResult`. Every alternative is built from
// the same seed, so they all see the same demand (common random numbers).

import { RngStreams, Simulation } from '../engine/index.js';
import { instanceType } from '../catalog/index.js';
import { Ec2Meter } from '../billing/ec2-meter.js';
import { FargateMeter } from '../billing/fargate-meter.js';
import { totalOf, usdPerSecond } from '../billing/money.js';
import { ec2InstanceRate, fargateRates } from '../billing/rates.js';
import { hoursIn } from '../billing/usage.js';
import type { CapacityModel } from '../capacity/capacity.js';
import { Ec2Cluster } from '../capacity/ec2.js';
import { FargateCapacity } from '../capacity/fargate.js';
import { Recorder } from '../metrics/recorder.js';
import type { Alternative, Scenario } from '../scenario/types.js';
import { FluidLoad, type LoadModel } from '../service/fluid.js';
import { PerRequestLoad } from '../service/per-request.js';
import { EcsService } from '../service/service.js';
import { Signals } from '../service/signals.js';
import { JobRunner } from '../service/jobs.js';
import { startAutoscaling } from '../scaling/index.js';
import { scheduleDeployment } from '../service/deployment.js';
import { Demand } from '../workload/demand.js';
import { buildResult } from './assemble.js';
import type { AlternativeResult, LineItem } from './result.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
}

interface Billing {
  capacity: CapacityModel;
  finish(horizon: number): void;
  lineItems(): LineItem[];
  taskUsdPerSecond(vcpu: number, memoryGiB: number): number;
  instanceUsdPerSecond(typeName: string): number;
}

/** Capacity and the meter that bills it, for the alternative's capacity type. */
function capacityAndBilling(scenario: Scenario, alt: Alternative, signals: Signals, rng: RngStreams): Billing {
  const c = alt.capacity;
  if (c.type === 'fargate') {
    const rates = fargateRates(scenario, alt, c.spot);
    const meter = new FargateMeter(signals, rates, hoursIn(scenario.horizonSeconds), c.spot);
    const perVcpu = usdPerSecond(rates.vcpu) * rates.factor + (rates.osLicenseVcpu ? usdPerSecond(rates.osLicenseVcpu) : 0);
    const perGiB = usdPerSecond(rates.memoryGb) * rates.factor;
    return {
      capacity: new FargateCapacity(c.spot),
      finish: (h) => meter.finish(h),
      lineItems: () => meter.lineItems(),
      taskUsdPerSecond: (vcpu, gib) => vcpu * perVcpu + gib * perGiB,
      instanceUsdPerSecond: () => 0,
    };
  }
  const rateOf = (name: string) => ec2InstanceRate(scenario, name);
  const meter = new Ec2Meter(signals, rateOf, hoursIn(scenario.horizonSeconds));
  return {
    capacity: new Ec2Cluster(c, instanceType(c.instanceType), signals.instance, rng.stream('placement')),
    finish: (h) => meter.finish(h),
    lineItems: () => meter.lineItems(),
    taskUsdPerSecond: () => 0,
    instanceUsdPerSecond: (name) => usdPerSecond(rateOf(name).rate),
  };
}

export function simulateAlternative(scenario: Scenario, alt: Alternative, opts: RunOptions = {}): AlternativeResult {
  const horizon = scenario.horizonSeconds;
  const rng = new RngStreams(opts.seed ?? scenario.seed);
  const stream = (name: string) => rng.stream(name);
  const sim = new Simulation();
  const signals = new Signals();
  const svc = alt.service;

  const demand = new Demand(scenario.workload, horizon, rng.stream('workload'));
  const perf = svc
    ? { taskCapacityRps: svc.taskCapacityRps, concurrency: svc.concurrency, queueLimitPerTask: svc.queueLimitPerTask }
    : { taskCapacityRps: 1, concurrency: 1, queueLimitPerTask: 0 };
  const fluid: LoadModel = scenario.mode === 'per-request' ? new PerRequestLoad(sim, demand, scenario.tickSeconds, horizon, perf, rng) : new FluidLoad(demand, scenario.tickSeconds, horizon, perf);
  signals.serving.connect(({ serving, t }) => fluid.setServing(t, fluid.servingTasks + (serving ? 1 : -1)));

  const billing = capacityAndBilling(scenario, alt, signals, rng);
  const recorder = new Recorder(signals, {
    horizonSeconds: horizon,
    paidBy: billing.capacity.kind === 'fargate' ? 'tasks' : 'instances',
    memoryUtilization: svc?.memoryUtilization ?? 0.5,
    taskUsdPerSecond: billing.taskUsdPerSecond,
    instanceUsdPerSecond: billing.instanceUsdPerSecond,
  });
  billing.capacity.start(0);
  if (svc) {
    recorder.desired.set(0, svc.desiredCount);
    const service = new EcsService(sim, svc, billing.capacity, signals, stream);
    service.start();
    if (svc.autoscaling) startAutoscaling(sim, svc.autoscaling, service, fluid, recorder, signals, svc);
    for (const deployment of svc.deployments) scheduleDeployment(sim, deployment, service, signals);
  }
  const jobs = alt.jobs ? new JobRunner(sim, alt.jobs, billing.capacity, signals, stream, horizon) : null;
  jobs?.start();

  sim.run(horizon);
  fluid.advanceTo(horizon);
  fluid.finish();
  billing.finish(horizon);
  recorder.finish(horizon);
  const lineItems = billing.lineItems();
  return buildResult({ scenario, alt, recorder, fluid, lineItems, total: totalOf(lineItems), jobs: jobs?.records ?? null });
}
