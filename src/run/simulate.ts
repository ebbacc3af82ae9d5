// Assembles one alternative's models on a fresh Simulation, runs it to the horizon and turns
// what the subscribers recorded into an `AlternativeResult`. Every alternative is built from
// the same seed, so they all see the same demand (common random numbers); a caller running
// several alternatives on one seed realises that demand once and passes it in (`RunOptions.demand`).

import { RngStreams, Simulation } from '../engine/index.js';
import { Ec2Meter, type Ec2PriceInfo } from '../billing/ec2-meter.js';
import { Dec } from '../billing/money.js';
import { FargateMeter } from '../billing/fargate-meter.js';
import { totalOf, usdPerSecond } from '../billing/money.js';
import { ec2InstanceRate, fargateRates, type Ec2InstanceRate } from '../domain/rates.js';
import { clockHours, type UsageLedger } from '../billing/usage.js';
import { applyCommitments, recommend, withCommitments } from '../billing/commitments/index.js';
import { startExtraMeters } from '../billing/extras.js';
import type { ClockHours, HourlyDrivers } from '../billing/hourly.js';
import { ManagedInstancesFeeMeter, managedFeeRate } from '../billing/managed-instances-meter.js';
import { MANAGED_INSTANCES_FEE } from '../catalog/index.js';
import type { MinuteTraffic } from '../billing/lb-meter.js';
import { ClusterCapacity } from '../capacity/cluster.js';
import { clusterOf } from '../capacity/cluster-spec.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { Task } from '../domain/task.js';
import { Recorder } from '../metrics/recorder.js';
import { primaryTask, type Alternative, type Scenario } from '../domain/scenario.js';
import { FluidLoad, type LoadModel } from '../service/fluid.js';
import { PerRequestLoad } from '../service/per-request.js';
import { EcsService } from '../service/service.js';
import { TokenBucket } from '../service/token-bucket.js';
import { FARGATE_LAUNCH_RATE } from '../catalog/index.js';
import { Signals } from '../domain/signals.js';
import { JobRunner } from '../service/jobs.js';
import { startAutoscaling } from '../scaling/index.js';
import { scheduleDeployment } from '../service/deployment.js';
import { realiseDemand, type Demand } from '../workload/demand.js';
import { buildResult } from './assemble.js';
import { simulateFunctionAlternative } from './functions.js';
import type { AlternativeResult, LineItem } from '../domain/result.js';

export interface RunOptions {
  /** Overrides the scenario's seed (a string for replications: "<seed>/rep<k>"). */
  seed?: number | string;
  /**
   * The demand realised for this run's seed (`realiseDemand(scenario, horizon, tick, seed)`),
   * shared read-only between alternatives; realised here when absent.
   */
  demand?: Demand;
  /**
   * false: only the run's figures are wanted (a replication's sample), so no per-minute columns
   * are built; 'shared': they are built in shared memory, for a thread to read (`createSeries`).
   */
  series?: boolean | 'shared';
  /**
   * false: no hourly ledger (`hourlyCosts`, the costs.csv rows) and no `cumulative_usd` column
   * (left at 0), for a run whose reports are not written; it costs ~0.1 s an alternative-year.
   * Default true.
   */
  ledger?: boolean;
}

interface Billing {
  capacity: ClusterCapacity;
  finish(horizon: number): void;
  lineItems(): LineItem[];
  /** Billed usage by clock hour, for commitments. */
  ledger(): UsageLedger;
  /** How each meter's line items fall on the clock hours (the commitments engine's replace those it re-bills). */
  hourly(clock: ClockHours): HourlyDrivers;
}

/** The cluster and the meters that bill it: one Fargate meter per Fargate provider, one EC2 meter. */
function capacityAndBilling(scenario: Scenario, alt: Alternative, signals: Signals, sim: Simulation, rng: RngStreams, traffic: MinuteTraffic): Billing {
  const { hours, lastHourSeconds } = clockHours(scenario.horizonSeconds);
  // The scenario's own instance types ride on a copy: the resolved scenario is not changed.
  const base = clusterOf(alt.capacity, scenario.region);
  const spec = scenario.instanceTypes && scenario.instanceTypes.length > 0 ? { ...base, customInstanceTypes: scenario.instanceTypes } : base;
  // One OS per alternative: a Windows task runs on Windows container instances, billed at Windows rates.
  const os = primaryTask(alt).os;
  // Each type's rate once a run: capacity asks at every launch, the EC2 meter at every termination.
  const rates = new Map<string, Ec2InstanceRate>();
  const rateOf = (name: string): Ec2InstanceRate => {
    let rate = rates.get(name);
    if (!rate) rates.set(name, (rate = ec2InstanceRate(scenario, name, os)));
    return rate;
  };
  const capacity = new ClusterCapacity(sim, spec, signals, (name) => rng.stream(name), (name) => usdPerSecond(rateOf(name).rate));
  const sizeOf = (task: Task) => capacity.billedSize(task);
  const fargate = spec.providers.flatMap((p) => {
    if (p.kind !== 'fargate') return [];
    const rates = fargateRates(scenario, alt, p.name === 'FARGATE_SPOT');
    return [{ provider: p.name, rates, meter: new FargateMeter(signals, rates, hours, p.name === 'FARGATE_SPOT', p.name, sizeOf) }];
  });
  const spotOf = new Map(spec.providers.flatMap((p) => (p.kind === 'asg' ? [[p.name, p.spot] as const] : [])));
  const priceOf = (instance: ContainerInstance): Ec2PriceInfo => {
    const rate = rateOf(instance.type.name);
    const spot = instance.purchase === 'spot' ? (spotOf.get(instance.provider) ?? null) : null;
    // A scenario type's own Spot price (a constant, without a trace): billed as given (+ the licence).
    const given = instance.type.custom ? instance.type.spotUsdPerHour : undefined;
    if (spot && given !== undefined && spot.priceTrace.length === 0) {
      const usd = rate.licenseUsdPerHour === null ? given : new Dec(given).plus(rate.licenseUsdPerHour).toFixed();
      return { ...rate, rate: { usd, per: 'hour' }, spot: { ...spot, priceFraction: 1 }, spotPriceGiven: true };
    }
    return { ...rate, spot };
  };
  const ec2 = new Ec2Meter(signals, priceOf, hours);
  const managed = spec.managedInstances;
  const managedFee = managed
    ? new ManagedInstancesFeeMeter(signals, managed.provider, MANAGED_INSTANCES_FEE.minimumBilledSeconds, (name) => {
        const onDemand = ec2InstanceRate(scenario, name);
        return { rate: managedFeeRate(onDemand.rate, managed.feeShareOfOnDemand), source: `${MANAGED_INSTANCES_FEE.source} (as of ${MANAGED_INSTANCES_FEE.asOf}); fee = ${managed.feeShareOfOnDemand} × on-demand (${onDemand.source})` };
      }, hours)
    : null;
  const extras = alt.extras ? startExtraMeters(signals, alt.extras, scenario.horizonSeconds, scenario.region, scenario.rates.other) : null;
  return {
    capacity,
    finish: (h) => {
      for (const f of fargate) f.meter.finish(h);
      ec2.finish(h);
      managedFee?.finish(h);
      extras?.finish(h, traffic);
    },
    // Extras that do not apply to this capacity (EBS on Fargate) stay out of the bill.
    lineItems: () => [...fargate.flatMap((f) => f.meter.lineItems()), ...ec2.lineItems(), ...(managedFee?.lineItems() ?? []), ...(extras?.lineItems() ?? []).filter((li) => Number(li.quantity) !== 0)],
    ledger: () => ({ hours, lastHourSeconds, ec2: ec2.usage(), fargate: fargate.map((f) => f.meter.usage()), ...(scenario.instanceTypes && scenario.instanceTypes.length > 0 ? { instanceTypes: scenario.instanceTypes } : {}) }),
    hourly: (clock) => new Map([...fargate.flatMap((f) => [...f.meter.hourly()]), ...ec2.hourly(), ...(managedFee?.hourly() ?? []), ...(extras?.hourly(clock) ?? [])]),
  };
}

/** A shared demand must have been realised for this run: same horizon, tick and seed. */
function checkDemand(demand: Demand, scenario: Scenario, seed: number | string): void {
  if (demand.horizonSeconds !== scenario.horizonSeconds || demand.tickSeconds !== scenario.tickSeconds || (demand.seed !== null && demand.seed !== String(seed))) {
    throw new RangeError(
      `the demand passed in was realised for horizon ${demand.horizonSeconds} s, tick ${demand.tickSeconds} s, seed ${demand.seed ?? '(unknown)'}; ` +
        `this run has horizon ${scenario.horizonSeconds} s, tick ${scenario.tickSeconds} s, seed ${String(seed)}`,
    );
  }
}

export function simulateAlternative(scenario: Scenario, alt: Alternative, opts: RunOptions = {}): AlternativeResult {
  const horizon = scenario.horizonSeconds;
  const seed = opts.seed ?? scenario.seed;
  const rng = new RngStreams(seed);
  const stream = (name: string) => rng.stream(name);
  const sim = new Simulation();
  const signals = new Signals();
  const svc = alt.service;

  const demand = opts.demand ?? realiseDemand(scenario.workload, horizon, scenario.tickSeconds, seed);
  checkDemand(demand, scenario, seed);
  if (alt.capacity.type === 'lambda' || alt.capacity.type === 'app-runner') return simulateFunctionAlternative(scenario, alt, demand, seed, opts.series, opts.ledger);
  const perf = svc
    ? { taskCapacityRps: svc.taskCapacityRps, concurrency: svc.concurrency, queueLimitPerTask: svc.queueLimitPerTask }
    : { taskCapacityRps: 1, concurrency: 1, queueLimitPerTask: 0 };
  const fluid: LoadModel = scenario.mode === 'per-request' ? new PerRequestLoad(sim, demand, scenario.tickSeconds, horizon, perf, rng) : new FluidLoad(demand, scenario.tickSeconds, horizon, perf);
  signals.serving.connect(({ serving, t }) => fluid.setServing(t, fluid.servingTasks + (serving ? 1 : -1)));

  const billing = capacityAndBilling(scenario, alt, signals, sim, rng, fluid.minutes);
  const recorder = new Recorder(signals, {
    horizonSeconds: horizon,
    memoryUtilization: svc?.memoryUtilization ?? 0.5,
    billedSize: (task) => billing.capacity.billedSize(task),
  });
  // A warm start's pods were running before the window: a node provisioner has their nodes up at t = 0.
  billing.capacity.start(svc?.warmStart ? Array.from({ length: svc.desiredCount }, () => svc.task) : []);
  // Fargate's launch limit is per account and Region: one bucket for every service and job runner.
  const onFargate = clusterOf(alt.capacity, scenario.region).providers.some((p) => p.kind === 'fargate');
  const fargateLaunches = onFargate ? new TokenBucket(FARGATE_LAUNCH_RATE.perSecond, FARGATE_LAUNCH_RATE.burst) : null;
  if (svc) {
    const service = new EcsService(sim, svc, billing.capacity, signals, stream, fargateLaunches);
    service.start();
    if (svc.autoscaling) startAutoscaling(sim, svc.autoscaling, service, fluid, recorder, signals, svc);
    for (const deployment of svc.deployments) scheduleDeployment(sim, deployment, service, signals);
  }
  const jobs = alt.jobs ? new JobRunner(sim, alt.jobs, billing.capacity, signals, stream, horizon, fargateLaunches) : null;
  jobs?.start();

  sim.run(horizon);
  fluid.advanceTo(horizon);
  fluid.finish();
  billing.finish(horizon);
  recorder.finish(horizon);
  // Reserved Instances and Savings Plans re-price the metered usage hour by hour (a no-op without them).
  const ledger = billing.ledger();
  const applied = applyCommitments(ledger, alt.commitments.reservedInstances, alt.commitments.savingsPlans);
  const lineItems = withCommitments(billing.lineItems(), applied);
  const committed = alt.commitments.reservedInstances.length > 0 || alt.commitments.savingsPlans.length > 0;
  const advice = recommend(ledger, { withoutCommitments: committed ? undefined : applied });
  // By clock hour: the commitments engine's hours for what it re-bills, the meters' for the rest.
  const hourly = () => new Map([...billing.hourly(ledger), ...applied.drivers]);
  return buildResult({ scenario, alt, recorder, fluid, lineItems, total: totalOf(lineItems), jobs: jobs?.records ?? null, commitments: { applied, advice }, hourly, withSeries: opts.series, withLedger: opts.ledger });
}
