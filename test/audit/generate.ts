// Random small scenarios for the audit, written as the YAML a user would write (an object of
// unit strings, serialised with `yaml`). Short horizons (1 minute to 6 hours), few tasks, and
// the parameters that stress the models: zero or huge demand, no queue, desired 0, min = max,
// unplaceable tasks, tiny subnets, frequent Spot interruptions, deployments, jobs, commitments.
// Most generated scenarios are valid; the ones that are not must be refused at load with a
// ScenarioError, never crash.

import fc from 'fast-check';
import { stringify } from 'yaml';

type Obj = Record<string, unknown>;

const opt = <T>(arb: fc.Arbitrary<T>, freq = 0.5): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: Math.round((1 - freq) * 100), arbitrary: fc.constant(undefined) }, { weight: Math.round(freq * 100), arbitrary: arb });

const seconds = (min: number, max: number) => fc.integer({ min, max }).map((s) => `${s}s`);

export const HORIZONS = [60, 300, 1200, 3600, 5400, 7200, 10800, 21600] as const;

const FARGATE_SIZES: [number, number][] = [
  [256, 512],
  [256, 2048],
  [512, 1024],
  [512, 4096],
  [1024, 2048],
  [1024, 8192],
  [2048, 4096],
  [4096, 8192],
];

const distribution = (maxSeconds: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    seconds(0, maxSeconds),
    fc.integer({ min: 0, max: maxSeconds }).map((v) => ({ type: 'constant', value: `${v}s` })),
    fc.tuple(fc.integer({ min: 0, max: maxSeconds }), fc.integer({ min: 0, max: maxSeconds })).map(([a, b]) => ({ type: 'uniform', min: `${Math.min(a, b)}s`, max: `${Math.max(a, b)}s` })),
    fc.integer({ min: 1, max: Math.max(1, maxSeconds) }).map((m) => ({ type: 'exponential', mean: `${m}s` })),
    fc.integer({ min: 2, max: Math.max(2, maxSeconds) }).map((m) => ({ type: 'lognormal', mean: `${m}s`, p99: `${m * 3}s` })),
  );

function curve(horizon: number): fc.Arbitrary<unknown> {
  const rps = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1000, max: 20000 }));
  const at = fc.integer({ min: 0, max: horizon });
  const single = fc.oneof(
    { weight: 3, arbitrary: rps.map((r) => ({ type: 'constant', rps: `${r} rps` })) },
    { weight: 1, arbitrary: fc.tuple(rps, rps, fc.integer({ min: 0, max: 23 })).map(([a, b, h]) => ({ type: 'diurnal', base: Math.min(a, b), peak: Math.max(a, b), peakHour: h })) },
    {
      weight: 2,
      arbitrary: fc.tuple(rps, fc.array(fc.tuple(at, rps), { minLength: 1, maxLength: 4 })).map(([initial, steps]) => ({
        type: 'steps',
        initial,
        steps: steps.map(([t, r]) => ({ at: `${t}s`, rps: r })),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(rps, rps, at, fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 1800 }), fc.integer({ min: 0, max: 600 })).map(([base, peak, t, up, hold, down]) => ({
        type: 'spike',
        base,
        peak,
        at: `${t}s`,
        rampUp: `${up}s`,
        hold: `${hold}s`,
        rampDown: `${down}s`,
      })),
    },
  );
  return fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: fc.array(single, { minLength: 1, maxLength: 3 }) });
}

function lifecycle(): fc.Arbitrary<Obj> {
  return fc.record(
    {
      eniProvisioning: distribution(30),
      imageSize: fc.constantFrom('1 MB', '50 MB', '500 MB', '2 GB'),
      pullBandwidth: fc.constantFrom('10 MB/s', '50 MB/s', '1 GB/s'),
      pullOverhead: distribution(10),
      containerStart: distribution(20),
      healthCheck: distribution(40),
      deregistrationDelay: seconds(0, 300),
      stopTime: distribution(60),
      stopTimeout: seconds(0, 120),
    },
    { requiredKeys: [] },
  );
}

function autoscaling(horizon: number, hpa: boolean): fc.Arbitrary<Obj> {
  return fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.boolean())
    .chain(([min, extra, same]) => {
      const max = same ? min : min + extra;
      const metric = fc.constantFrom('cpu', 'requestsPerTarget', 'memory');
      const cooldown = seconds(0, 300);
      const target = fc.record(
        {
          metric,
          target: fc.integer({ min: 10, max: 95 }),
          scaleOutCooldown: cooldown,
          scaleInCooldown: cooldown,
          disableScaleIn: fc.boolean(),
          highDatapoints: fc.integer({ min: 1, max: 3 }),
          lowDatapoints: fc.integer({ min: 1, max: 15 }),
        },
        { requiredKeys: ['metric', 'target'] },
      );
      const step = fc.record(
        {
          metric,
          threshold: fc.integer({ min: 5, max: 95 }),
          comparison: fc.constantFrom('>', '>=', '<', '<='),
          datapointsToAlarm: fc.constant(1),
          evaluationPeriods: fc.integer({ min: 1, max: 3 }),
          adjustmentType: fc.constantFrom('ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity'),
          cooldown,
          steps: fc.constantFrom(
            [{ lower: 0, adjustment: 2 }],
            [{ upper: 0, adjustment: -1 }],
            [{ lower: 0, upper: 20, adjustment: 1 }, { lower: 20, adjustment: 3 }],
            [{ upper: 0, adjustment: 1 }],
            [{ lower: 0, adjustment: 50 }],
          ),
        },
        { requiredKeys: ['metric', 'threshold', 'comparison', 'adjustmentType', 'steps'] },
      );
      const scheduled = fc.tuple(fc.integer({ min: 0, max: horizon }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })).map(([at, a, b]) => ({
        at: `${at}s`,
        minCapacity: Math.min(a, b),
        maxCapacity: Math.max(a, b),
      }));
      const h = fc.record(
        { metric: fc.constantFrom('cpu', 'memory'), target: fc.integer({ min: 20, max: 90 }), syncPeriod: fc.constantFrom('15s', '30s'), scaleDownStabilization: seconds(0, 300) },
        { requiredKeys: ['target'] },
      );
      return fc.record(
        {
          minCapacity: fc.constant(min),
          maxCapacity: fc.constant(max),
          metricDelay: opt(seconds(0, 120), 0.2),
          targetTracking: hpa ? fc.constant(undefined) : opt(fc.array(target, { minLength: 1, maxLength: 2 }), 0.7),
          stepScaling: hpa ? fc.constant(undefined) : opt(fc.array(step, { minLength: 1, maxLength: 2 }), 0.3),
          scheduled: opt(fc.array(scheduled, { minLength: 1, maxLength: 2 }), 0.3),
          hpa: hpa ? h : fc.constant(undefined),
        },
        { requiredKeys: ['minCapacity', 'maxCapacity'] },
      );
    });
}

function deployment(horizon: number): fc.Arbitrary<Obj> {
  return fc.record(
    {
      at: fc.integer({ min: 0, max: horizon }).map((t) => `${t}s`),
      type: fc.constantFrom('rolling', 'blue-green'),
      minimumHealthyPercent: fc.constantFrom(0, 50, 100),
      maximumPercent: fc.constantFrom(100, 150, 200),
      shift: fc.oneof(fc.constant('all-at-once'), fc.record({ stepPercent: fc.constantFrom(10, 50), interval: seconds(30, 300) })),
      terminationWait: seconds(0, 600),
    },
    { requiredKeys: ['at', 'type'] },
  );
}

export type Platform = 'x86' | 'arm' | 'windows';

const EC2_TYPES_BY_PLATFORM: Record<Platform, readonly string[]> = {
  x86: ['m5.large', 'c5.xlarge', 't3.medium', 'r5.large', 'm5.xlarge'],
  arm: ['m6g.large', 'c6g.large', 'm6g.xlarge'],
  windows: ['m5.large'],
};
const TRUNKING_TYPES = ['m5.large', 'c5.xlarge', 'r5.large', 'm5.xlarge', 'm6g.large', 'c6g.large', 'm6g.xlarge'] as const;
/** Extras prices outside us-east-1 (scenario overrides). */
const EU_OTHER_RATES: Record<string, string> = {
  publicIpv4UsdPerAddressHour: '0.005',
  ebsGp3UsdPerGbMonth: '0.088',
  natGatewayUsdPerHour: '0.048',
  natGatewayUsdPerGbProcessed: '0.048',
  interfaceEndpointUsdPerAzHour: '0.011',
  interfaceEndpointUsdPerGbProcessed: '0.01',
  cloudwatchLogsIngestionUsdPerGb: '0.57',
  eksControlPlaneUsdPerClusterHour: '0.10',
};
/** Instance prices outside us-east-1 (scenario overrides). */
const EU_EC2_RATES: Record<string, number> = { 'm5.large': 0.107, 'c5.xlarge': 0.192, 't3.medium': 0.0456, 'r5.large': 0.141, 'm5.xlarge': 0.214, 'm6g.large': 0.086, 'c6g.large': 0.077, 'm6g.xlarge': 0.172 };

const subnets = opt(
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }).map((ips) => ips.map((n, k) => ({ az: `us-east-1${'abc'[k]}`, ips: n }))),
  0.3,
);

const spot = fc.record(
  {
    interruptionsPerHour: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 4, noNaN: true })),
    price: fc.constantFrom('20%', '35%', '70%'),
    priceTrace: fc.array(fc.tuple(fc.integer({ min: 0, max: 21600 }), fc.constantFrom('10%', '50%', '90%')).map(([at, price]) => ({ at: `${at}s`, price })), { maxLength: 3 }),
    shortages: fc.array(fc.tuple(fc.integer({ min: 0, max: 21600 }), fc.integer({ min: 0, max: 3600 })).map(([from, len]) => ({ from: `${from}s`, to: `${from + len}s` })), { maxLength: 2 }),
  },
  { requiredKeys: ['interruptionsPerHour'] },
);

function asgProvider(name: string, purchase: 'on-demand' | 'spot', types: readonly string[]): fc.Arbitrary<Obj> {
  return fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
    .chain(([min, a, b]) =>
      fc.record(
        {
          instanceTypes: fc.constantFrom(...types).map((t) => [t]),
          purchase: fc.constant(purchase),
          spot: purchase === 'spot' ? spot : fc.constant(undefined),
          min: fc.constant(min),
          desired: fc.constant(min + Math.min(a, b)),
          max: fc.constant(min + Math.max(a, b)),
          prewarmed: fc.boolean(),
          launchLatency: opt(distribution(120), 0.5),
          reservedMemory: opt(fc.constantFrom('256 MB', '1 GB'), 0.3),
          managedScaling: fc.oneof(
            fc.constant(false),
            fc.record(
              {
                targetCapacity: fc.constantFrom(50, 80, 100),
                minimumScalingStepSize: fc.integer({ min: 1, max: 2 }),
                maximumScalingStepSize: fc.integer({ min: 1, max: 4 }),
                instanceWarmupPeriod: seconds(0, 300),
              },
              { requiredKeys: [] },
            ),
          ),
          managedTerminationProtection: fc.boolean(),
        },
        { requiredKeys: ['instanceTypes', 'max', 'min', 'desired', 'purchase', 'managedScaling', 'prewarmed', 'managedTerminationProtection'] },
      ),
    )
    .map((asg) => ({ name, asg: Object.fromEntries(Object.entries(asg).filter(([, v]) => v !== undefined)) }));
}

const placement = opt(fc.subarray(['spread:az', 'binpack:memory', 'binpack:cpu', 'spread:instanceId', 'random', 'kube:LeastAllocated', 'kube:MostAllocated'], { minLength: 1 }), 0.6);

function capacity(platform: Platform): fc.Arbitrary<Obj> {
  // Windows runs on Fargate on-demand only (not Spot, not EC2 in this model).
  if (platform === 'windows') return fc.constantFrom({ type: 'fargate' }, { type: 'cluster', providers: [{ name: 'FARGATE' }] });
  const types = EC2_TYPES_BY_PLATFORM[platform];
  const fargateCluster = fc
    .record({
      spotRate: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 4, noNaN: true })),
      base: fc.integer({ min: 0, max: 3 }),
      baseOn: fc.constantFrom('FARGATE', 'FARGATE_SPOT'),
      wOd: fc.integer({ min: 0, max: 3 }),
      wSpot: fc.integer({ min: 1, max: 3 }),
      subnets,
    })
    .map(({ spotRate, base, baseOn, wOd, wSpot, subnets }) => ({
      type: 'cluster',
      providers: [{ name: 'FARGATE' }, { name: 'FARGATE_SPOT', spot: { interruptionsPerHour: spotRate } }],
      strategy: [
        { provider: 'FARGATE', base: baseOn === 'FARGATE' ? base : 0, weight: wOd },
        { provider: 'FARGATE_SPOT', base: baseOn === 'FARGATE_SPOT' ? base : 0, weight: wSpot },
      ],
      ...(subnets ? { subnets } : {}),
    }));
  const asgCluster = fc
    .record({
      od: asgProvider('od', 'on-demand', types),
      sp: asgProvider('spot', 'spot', types),
      which: fc.constantFrom('od', 'spot', 'both'),
      wOd: fc.integer({ min: 0, max: 3 }),
      wSpot: fc.integer({ min: 1, max: 3 }),
      base: fc.integer({ min: 0, max: 2 }),
      placement,
      constraints: opt(fc.constant(['distinctInstance']), 0.2),
      networkMode: fc.constantFrom('awsvpc', 'bridge', 'host'),
      trunking: fc.boolean(),
      subnets,
    })
    .map(({ od, sp, which, wOd, wSpot, base, placement, constraints, networkMode, trunking, subnets }) => {
      const providers = which === 'od' ? [od] : which === 'spot' ? [sp] : [od, sp];
      const types = providers.map((p) => ((p.asg as Obj).instanceTypes as string[])[0]);
      const canTrunk = networkMode === 'awsvpc' && types.every((t) => (TRUNKING_TYPES as readonly string[]).includes(t));
      return {
        type: 'cluster',
        providers,
        strategy:
          which === 'both'
            ? [
                { provider: 'od', base, weight: wOd },
                { provider: 'spot', weight: wSpot },
              ]
            : [{ provider: which === 'od' ? 'od' : 'spot' }],
        ...(placement ? { placement } : {}),
        ...(constraints ? { constraints } : {}),
        networkMode,
        ...(trunking && canTrunk ? { trunking: true } : {}),
        ...(subnets ? { subnets } : {}),
      };
    });
  const eks = fc.record({ nodes: asgProvider('nodes', 'on-demand', types), fargate: fc.boolean(), prefixDelegation: fc.boolean() }).map(({ nodes, fargate, prefixDelegation }) => ({
    type: 'cluster',
    orchestrator: 'eks',
    providers: fargate ? [{ name: 'FARGATE' }] : [nodes],
    ...(fargate ? {} : { prefixDelegation }),
  }));
  const ec2 = fc
    .record({ instanceType: fc.constantFrom(...types), instances: fc.integer({ min: 1, max: 4 }), placement, networkMode: fc.constantFrom('awsvpc', 'bridge', 'host'), trunking: fc.boolean() })
    .map(({ instanceType, instances, placement, networkMode, trunking }) => ({
      type: 'ec2',
      instanceType,
      instances,
      ...(placement ? { placement: placement.filter((p) => !p.startsWith('kube:')).length > 0 ? placement.filter((p) => !p.startsWith('kube:')) : ['binpack:memory'] } : {}),
      networkMode,
      ...(trunking && networkMode === 'awsvpc' && (TRUNKING_TYPES as readonly string[]).includes(instanceType) ? { trunking: true } : {}),
    }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ type: 'fargate' }) },
    { weight: 1, arbitrary: fc.constant({ type: 'fargate-spot' }) },
    { weight: 3, arbitrary: ec2 },
    { weight: 3, arbitrary: fargateCluster },
    { weight: 4, arbitrary: asgCluster },
    { weight: 2, arbitrary: eks },
  );
}

/** EC2 types an alternative may launch (for Reserved Instances of a type the run uses). */
function typesOf(cap: Obj): string[] {
  if (cap.type === 'ec2') return [cap.instanceType as string];
  if (cap.type === 'cluster') return (cap.providers as Obj[]).flatMap((p) => (p.asg ? ((p.asg as Obj).instanceTypes as string[]) : []));
  return [];
}

function alternative(name: string, platform: Platform): fc.Arbitrary<Obj> {
  return capacity(platform).chain((cap) => {
    const types = typesOf(cap);
    const ri = types.length > 0 ? fc.record({ instanceType: fc.constantFrom(...types), count: fc.integer({ min: 1, max: 2 }), term: fc.constantFrom('1y', '3y'), payment: fc.constantFrom('no-upfront', 'all-upfront') }) : null;
    const sp = fc.record({ type: fc.constant('compute'), commitment: fc.constantFrom(0.001, 0.01, 0.05, 0.3), term: fc.constantFrom('1y', '3y') });
    const commitments = fc.record({ reservedInstances: ri ? opt(fc.array(ri, { minLength: 1, maxLength: 2 }), 0.6) : fc.constant(undefined), savingsPlans: opt(fc.array(sp, { minLength: 1, maxLength: 2 }), 0.5) });
    const extras = fc.record(
      {
        publicIpv4: fc.boolean(),
        ebsGiBPerInstance: fc.constantFrom(0, 30),
        network: fc.record({ path: fc.constantFrom('nat', 'vpc-endpoints', 'none') }),
        logsGiBPerTaskHour: fc.constantFrom(0, 0.01),
      },
      { requiredKeys: [] },
    );
    return fc.record({ extras: opt(extras, 0.25), commitments: opt(commitments, 0.3) }).map(({ extras, commitments }) => {
      const alt: Obj = { name, capacity: cap };
      if (extras) alt.extras = extras;
      if (commitments && (commitments.reservedInstances || commitments.savingsPlans)) {
        alt.commitments = Object.fromEntries(Object.entries(commitments).filter(([, v]) => v !== undefined));
      }
      return alt;
    });
  });
}

/** Sizes beyond what EKS on Fargate can provision once it adds its 256 MiB (16 vCPU / 120 GB). */
const HUGE: [number, number] = [16384, 122880];

function taskSize(platform: Platform): fc.Arbitrary<Obj> {
  const sizes = platform === 'windows' ? FARGATE_SIZES.filter(([cpu]) => cpu >= 1024) : FARGATE_SIZES;
  return fc
    .record({ size: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...sizes) }, { weight: 1, arbitrary: fc.constant(HUGE) }), storage: opt(fc.constantFrom(20, 50), 0.15) })
    .map(({ size: [cpu, memory], storage }) => ({
      cpu,
      memory,
      ...(storage ? { ephemeralStorage: storage } : {}),
      ...(platform === 'arm' ? { arch: 'arm64' } : platform === 'windows' ? { os: 'windows' } : {}),
    }));
}

function service(horizon: number, platform: Platform): fc.Arbitrary<Obj> {
  return fc.boolean().chain((hpa) =>
    fc.record(
      {
        name: opt(fc.constantFrom('web', 'work'), 0.1),
        task: taskSize(platform),
        desiredCount: fc.integer({ min: 0, max: 6 }),
        warmStart: fc.boolean(),
        taskCapacity: fc.integer({ min: 1, max: 300 }).map((r) => `${r} rps`),
        baseLatency: fc.constantFrom('5ms', '50ms', '300ms'),
        queueLimit: fc.constantFrom(0, 1, 10, 100),
        startLatency: opt(distribution(120), 0.2),
        lifecycle: opt(lifecycle(), 0.7),
        launchRate: opt(fc.record({ perSecond: fc.constantFrom(0.05, 0.5, 20), burst: fc.integer({ min: 1, max: 10 }) }), 0.3),
        eniRate: opt(fc.record({ perSecond: fc.constantFrom(0.1, 2), burst: fc.integer({ min: 1, max: 5 }) }), 0.2),
        autoscaling: opt(autoscaling(horizon, hpa), 0.6),
        deployments: opt(fc.array(deployment(horizon), { minLength: 1, maxLength: 2 }), 0.3),
        memoryUtilization: opt(fc.constantFrom('10%', '90%'), 0.2),
      },
      { requiredKeys: ['task', 'desiredCount', 'taskCapacity'] },
    ),
  );
}

function jobs(platform: Platform): fc.Arbitrary<Obj> {
  return fc.record(
    {
      name: opt(fc.constantFrom('batch', 'work'), 0.1),
      task: taskSize(platform),
      arrivals: fc.oneof(fc.integer({ min: 1, max: 300 }).map((r) => ({ type: 'poisson', rate: `${r} rph` })), seconds(30, 1800).map((i) => ({ type: 'every', interval: i }))),
      duration: distribution(3600),
      maxConcurrent: opt(fc.integer({ min: 1, max: 5 }), 0.6),
      lifecycle: opt(lifecycle(), 0.4),
    },
    { requiredKeys: ['task', 'arrivals', 'duration'] },
  );
}

/** Drops `undefined` fields (the YAML writer would print them as null). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, clean(v)]));
  return value;
}

export interface Generated {
  text: string;
  horizonSeconds: number;
}

/** A small random scenario as YAML text. */
export function scenarioArb(): fc.Arbitrary<Generated> {
  return fc
    .record({
      horizon: fc.constantFrom(...HORIZONS),
      tick: fc.constantFrom('1s', '1s', '5s', '15s', '60s'),
      seed: fc.integer({ min: 0, max: 1000 }),
      kind: fc.constantFrom('service', 'service', 'service', 'jobs', 'both'),
      nAlternatives: fc.integer({ min: 1, max: 3 }),
      noise: fc.constantFrom(0, 0, 0.3),
      platform: fc.constantFrom<Platform>('x86', 'x86', 'x86', 'x86', 'x86', 'x86', 'arm', 'windows'),
      region: fc.constantFrom('us-east-1', 'us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1'),
      perRequest: fc.integer({ min: 0, max: 6 }).map((k) => k === 0),
    })
    .chain(({ horizon, tick, seed, kind, nAlternatives, noise, platform, region, perRequest }) =>
      fc
        .record({
          rps: perRequest && horizon <= 3600 ? fc.integer({ min: 0, max: 20 }).map((r) => ({ type: 'constant', rps: r })) : curve(horizon),
          service: kind === 'jobs' ? fc.constant(undefined) : service(horizon, platform),
          jobs: kind === 'service' ? fc.constant(undefined) : jobs(platform),
          alternatives: fc.tuple(...Array.from({ length: nAlternatives }, (_, k) => alternative(`alt${k}`, platform))),
          slo: opt(fc.record({ latencyP95: fc.constantFrom('100ms', '1s') }), 0.3),
        })
        .map(({ rps, service, jobs, alternatives, slo }) => {
          const doc: Obj = { name: 'audit', horizon: `${horizon}s`, tick, seed };
          if (region !== 'us-east-1') {
            doc.region = region;
            doc.rates = { ec2: EU_EC2_RATES, other: EU_OTHER_RATES, fargate: { ephemeralStorageGbAbove20: 0.000122, windowsX86: { vcpu: 0.0915, memoryGb: 0.01005, osLicenseVcpu: 0.046 }, ...(platform === 'arm' ? { linuxArm: { vcpu: 0.03238, memoryGb: 0.00356 } } : {}) } };
          }
          if (perRequest && horizon <= 3600 && service) doc.mode = 'per-request';
          if (service) doc.workload = { rps, noise };
          if (slo) doc.slo = slo;
          if (service) doc.service = service;
          if (jobs) doc.jobs = jobs;
          doc.alternatives = alternatives;
          return { text: stringify(clean(doc)), horizonSeconds: horizon };
        }),
    );
}
