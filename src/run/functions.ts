// Runs an alternative whose capacity is a Lambda function or an App Runner service: no cluster,
// no ECS scheduler; the function model (service/lambda, service/app-runner) reads the same
// realised demand as every other alternative and fills the same per-minute load, gauges and
// result. The service's own autoscaling, deployments and lifecycle do not apply here.

import { RngStreams, Simulation } from '../engine/index.js';
import { LambdaUsage, lambdaHourly, lambdaLineItems } from '../billing/lambda-bill.js';
import { appRunnerHourly, appRunnerLineItems } from '../billing/app-runner-bill.js';
import type { HourlyDrivers } from '../billing/hourly.js';
import { totalOf } from '../billing/money.js';
import { clockHours, hoursIn } from '../billing/usage.js';
import { applyCommitments, recommend, withCommitments } from '../billing/commitments/index.js';
import { applyLambdaSavingsPlans } from '../billing/commitments/lambda-plans.js';
import { Recorder } from '../metrics/recorder.js';
import { Signals } from '../domain/signals.js';
import type { AlternativeResult, LineItem } from '../domain/result.js';
import type { Alternative, AppRunnerCapacity, LambdaCapacity, Scenario, ServiceModel } from '../domain/scenario.js';
import type { Demand } from '../workload/demand.js';
import { FluidLoad, type LoadModel } from '../service/fluid.js';
import { LambdaLoad, derivedDuration, type FunctionGauges } from '../service/lambda.js';
import { AppRunnerService } from '../service/app-runner.js';
import { buildResult } from './assemble.js';

function gaugesOf(recorder: Recorder): FunctionGauges {
  return {
    running: recorder.running,
    paidVcpu: recorder.paidVcpu,
    paidMemoryGiB: recorder.paidMemoryGiB,
    usedMemoryGiB: recorder.usedMemoryGiB,
    log: (t, kind, detail) => recorder.log(t, kind, detail),
  };
}

interface Built {
  load: LoadModel;
  sim: Simulation;
  finish(horizon: number): LineItem[];
  /** The line items by clock hour (after `finish`). */
  hourly(): HourlyDrivers;
  /** Compute Savings Plans on the usage (Lambda only; App Runner is not covered by any plan). */
  plans?: () => { lineItems: LineItem[]; drivers: HourlyDrivers; coveredShare: number; spUtilisation: number };
}

function lambda(scenario: Scenario, c: LambdaCapacity, svc: ServiceModel, demand: Demand, rng: RngStreams, recorder: Recorder, savingsPlans: Alternative['commitments']['savingsPlans']): Built {
  const usage = new LambdaUsage(hoursIn(scenario.horizonSeconds), c.arch, c.memoryMiB, c.ephemeralStorageMiB, c.provisionedConcurrency, scenario.horizonSeconds);
  const duration = c.duration ?? derivedDuration(c, svc);
  const load = new LambdaLoad(demand, scenario.tickSeconds, scenario.horizonSeconds, c, duration, rng, usage, gaugesOf(recorder), svc.memoryUtilization, svc.warmStart);
  return {
    load,
    sim: new Simulation(),
    finish: () => lambdaLineItems(usage, { region: scenario.region, freeTier: c.freeTier }),
    hourly: () => lambdaHourly(usage, { region: scenario.region, freeTier: c.freeTier }),
    plans: () => applyLambdaSavingsPlans(usage, savingsPlans, scenario.region),
  };
}

function appRunner(scenario: Scenario, c: AppRunnerCapacity, svc: ServiceModel, demand: Demand, recorder: Recorder): Built {
  const sim = new Simulation();
  // One instance as one task: its capacity scales with its vCPU against the task's.
  const taskCapacityRps = (svc.taskCapacityRps * c.cpuUnits) / svc.task.cpuUnits;
  const concurrency = Math.max(1, Math.round(taskCapacityRps * svc.baseLatencySeconds));
  const load = new FluidLoad(demand, scenario.tickSeconds, scenario.horizonSeconds, { taskCapacityRps, concurrency, queueLimitPerTask: svc.queueLimitPerTask });
  const service = new AppRunnerService(sim, c, load, demand, concurrency / taskCapacityRps, gaugesOf(recorder), svc.memoryUtilization);
  service.start();
  return {
    load,
    sim,
    finish: (horizon) => {
      service.accrue(horizon);
      return appRunnerLineItems(service.usage, scenario.region);
    },
    hourly: () => appRunnerHourly(service.usage, scenario.region, hoursIn(scenario.horizonSeconds)),
  };
}

export function simulateFunctionAlternative(scenario: Scenario, alt: Alternative, demand: Demand, seed: number | string, withSeries: boolean | 'shared' | undefined, withLedger?: boolean): AlternativeResult {
  const c = alt.capacity;
  const svc = alt.service;
  if ((c.type !== 'lambda' && c.type !== 'app-runner') || !svc) throw new Error(`alternative ${alt.name}: a ${c.type} alternative needs a service`);
  const horizon = scenario.horizonSeconds;
  const rng = new RngStreams(seed);
  const recorder = new Recorder(new Signals(), { horizonSeconds: horizon, memoryUtilization: svc.memoryUtilization });
  const built = c.type === 'lambda' ? lambda(scenario, c, svc, demand, rng, recorder, alt.commitments.savingsPlans) : appRunner(scenario, c, svc, demand, recorder);
  built.sim.run(horizon);
  built.load.advanceTo(horizon);
  built.load.finish();
  const meterItems = built.finish(horizon);
  recorder.finish(horizon);
  // Compute Savings Plans cover Lambda (not App Runner); RIs and EC2 Instance plans cover neither.
  const ledger = { ...clockHours(horizon), ec2: [], fargate: [] };
  const none = applyCommitments(ledger, [], []);
  const plans = built.plans?.() ?? { lineItems: [], drivers: new Map(), coveredShare: 0, spUtilisation: 0 };
  const applied = { ...none, coveredShare: plans.coveredShare, spUtilisation: plans.spUtilisation };
  const lineItems = [...withCommitments(meterItems, none), ...plans.lineItems];
  const advice = recommend(ledger, { withoutCommitments: none });
  const hourly = () => new Map([...built.hourly(), ...plans.drivers]);
  return buildResult({ scenario, alt, recorder, fluid: built.load, lineItems, total: totalOf(lineItems), jobs: null, commitments: { applied, advice }, hourly, withSeries, withLedger });
}
