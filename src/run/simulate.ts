// Assembles one alternative's models on a fresh Simulation, runs it to the horizon and turns
// what the subscribers recorded into an `AlternativeResult`. Every alternative is built from
// the same seed, so they all see the same demand (common random numbers).

import { RngStreams, Simulation } from '../engine/index.js';
import { instanceType } from '../catalog/index.js';
import { Ec2Meter } from '../billing/ec2-meter.js';
import { FargateMeter } from '../billing/fargate-meter.js';
import { totalOf, usdPerSecond } from '../billing/money.js';
import { ec2InstanceRate, fargateRates } from '../billing/rates.js';
import type { CapacityModel } from '../capacity/capacity.js';
import { Ec2Cluster } from '../capacity/ec2.js';
import { FargateCapacity } from '../capacity/fargate.js';
import { Recorder } from '../metrics/recorder.js';
import type { Alternative, Scenario } from '../scenario/types.js';
import { FluidLoad, type LoadModel } from '../service/fluid.js';
import { EcsService } from '../service/service.js';
import { Signals } from '../service/signals.js';
import type { Task } from '../service/task.js';
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
  finish(horizon: number, tasks: readonly Task[]): void;
  lineItems(): LineItem[];
  taskUsdPerSecond(vcpu: number, memoryGiB: number): number;
  instanceUsdPerSecond(typeName: string): number;
}

/** Capacity and the meter that bills it, for the alternative's capacity type. */
function capacityAndBilling(scenario: Scenario, alt: Alternative, signals: Signals, rng: RngStreams): Billing {
  const c = alt.capacity;
  if (c.type === 'fargate') {
    const rates = fargateRates(scenario, alt, c.spot);
    const meter = new FargateMeter(signals, rates);
    const perVcpu = usdPerSecond(rates.vcpu) * rates.factor + (rates.osLicenseVcpu ? usdPerSecond(rates.osLicenseVcpu) : 0);
    const perGiB = usdPerSecond(rates.memoryGb) * rates.factor;
    return {
      capacity: new FargateCapacity(c.spot),
      finish: (h, tasks) => meter.finish(h, tasks),
      lineItems: () => meter.lineItems(),
      taskUsdPerSecond: (vcpu, gib) => vcpu * perVcpu + gib * perGiB,
      instanceUsdPerSecond: () => 0,
    };
  }
  const rateOf = (name: string) => ec2InstanceRate(scenario, name);
  const meter = new Ec2Meter(signals, rateOf);
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
  const sim = new Simulation();
  const signals = new Signals();
  const svc = alt.service;

  const demand = new Demand(scenario.workload, horizon, rng.stream('workload'));
  const perf = { taskCapacityRps: svc.taskCapacityRps, concurrency: svc.concurrency, queueLimitPerTask: svc.queueLimitPerTask };
  const fluid: LoadModel = new FluidLoad(demand, scenario.tickSeconds, horizon, perf);
  signals.serving.connect(({ serving, t }) => fluid.setServing(t, fluid.servingTasks + (serving ? 1 : -1)));

  const billing = capacityAndBilling(scenario, alt, signals, rng);
  const recorder = new Recorder(signals, {
    horizonSeconds: horizon,
    paidBy: billing.capacity.kind === 'fargate' ? 'tasks' : 'instances',
    memoryUtilization: svc.memoryUtilization,
    taskUsdPerSecond: billing.taskUsdPerSecond,
    instanceUsdPerSecond: billing.instanceUsdPerSecond,
  });
  recorder.desired.set(0, svc.desiredCount);
  billing.capacity.start(0);
  const service = new EcsService(sim, svc, billing.capacity, signals, (name) => rng.stream(name));
  service.start();
  if (svc.autoscaling) startAutoscaling(sim, svc.autoscaling, service, fluid, recorder, signals, svc);
  for (const deployment of svc.deployments) scheduleDeployment(sim, deployment, service, signals);

  sim.run(horizon);
  fluid.advanceTo(horizon);
  fluid.finish();
  billing.finish(horizon, service.tasks);
  recorder.finish(horizon);
  const lineItems = billing.lineItems();
  return buildResult({ scenario, alt, recorder, fluid, lineItems, total: totalOf(lineItems) });
}
