// The scenario file's schema (zod). Unit strings are parsed here, in transforms, so a bad unit is
// reported at its own field. `z.toJSONSchema(scenarioSchema, { io: 'input' })` publishes the
// same schema for editors (schema/scenario.schema.json).

import { z } from 'zod';
import { FieldError } from '../domain/errors.js';
import { MAX_SEED } from '../domain/scenario.js';
import { parseBandwidth, parseCpu, parseDuration, parseFraction, parseMemory, parseRate, parseStorage, parseUsd } from './units.js';

type Shape = Record<string, z.ZodType>;

/** Requests one task works on at once: the latency model's cost grows with it (Erlang C is O(c)). */
export const MAX_CONCURRENCY = 10_000;
/** Requests queued per task (the per-request model keeps a buffer of this size per task). */
export const MAX_QUEUE_LIMIT = 1_000_000;

/** A key as a message shows it: quoted, on one line, at most 40 characters. */
function quoteKey(key: string): string {
  const flat = JSON.stringify(key);
  return flat.length > 42 ? `${flat.slice(0, 40)}…"` : flat;
}

/** A strict object whose unknown-key error lists the keys that are allowed. */
function obj<S extends Shape>(shape: S, description?: string) {
  const schema = z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quoteKey).join(', ')}; allowed fields: ${Object.keys(shape).join(', ')}`
        : undefined,
  });
  return description ? schema.describe(description) : schema;
}

/** A discriminated union on `type` whose error lists the allowed types. */
function oneOfTypes<T extends readonly [z.ZodObject, ...z.ZodObject[]]>(what: string, options: T) {
  const types = options.map((o) => String((o.shape as Shape).type instanceof z.ZodLiteral ? ((o.shape as Shape).type as z.ZodLiteral).value : '?'));
  return z.discriminatedUnion('type', options as never, {
    error: () => `unknown ${what} type; allowed types: ${types.join(', ')}`,
  }) as unknown as z.ZodDiscriminatedUnion<T>;
}

/** A field given as a number or a unit string, parsed by `parse` into base units. */
function unit(parse: (input: unknown) => number, description: string) {
  return z
    .union([z.number(), z.string()], { error: () => description })
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message, params: { allowed: err.allowed } });
        return z.NEVER;
      }
    })
    .describe(description);
}

const usd = z
  .union([z.number(), z.string()], { error: () => 'US dollars: a number or a string such as "0.04048" or "$0.096"' })
  .transform((value, ctx) => {
    try {
      return parseUsd(value);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message, params: { allowed: err.allowed } });
      return z.NEVER;
    }
  })
  .describe('US dollars, e.g. 0.04048');

export const duration = () => unit(parseDuration, 'a duration: seconds, or e.g. "30s", "5m", "2h", "7d"');
/** A duration that may be negative: "-2h", "-90", or a negative number of seconds. */
const signedDuration = () =>
  unit((input) => {
    const negative = typeof input === 'number' ? input < 0 : typeof input === 'string' && input.trim().startsWith('-');
    if (!negative) return parseDuration(input);
    const magnitude = typeof input === 'number' ? -input : (input as string).trim().slice(1).trim();
    return -parseDuration(magnitude);
  }, 'a duration, negative allowed: seconds, or e.g. "2h", "-30m"');
const cpu = () => unit(parseCpu, 'CPU: ECS CPU units (1024 = 1 vCPU) or e.g. "0.5 vCPU"');
const memory = () => unit(parseMemory, 'memory: MiB, or e.g. "2 GB", "512 MiB" (GB = GiB)');
const storage = () => unit(parseStorage, 'storage: GiB, or e.g. "30 GB"');
const rate = () => unit(parseRate, 'a request rate: requests/s, or e.g. "400 rps", "24000 rpm"');
const bandwidth = () => unit(parseBandwidth, 'a bandwidth: MiB/s, or e.g. "50 MB/s", "400 Mbps"');
const fraction = () => unit(parseFraction, 'a fraction 0..1 or a percentage, e.g. "30%"');
// Checks run in order and the loader keeps the first problem per field, so 1e300 is "out of
// range" rather than "not a whole number" (it is not a safe integer either).
/** Beyond any count a scenario means; practical run sizes are bounded, with an estimate, by estimateRun. */
export const MAX_COUNT = 1_000_000_000;
const count = (what: string) =>
  z
    .number({ error: () => `${what} must be a whole number` })
    .max(MAX_COUNT, `${what} is out of range (at most ${MAX_COUNT.toLocaleString('en-US')})`)
    .int(`${what} must be a whole number`)
    .nonnegative(`${what} cannot be negative`);
/** A whole number from `min` to `max`, e.g. datapoints, concurrency. */
const int = (what: string, min: number, max: number) =>
  z
    .number({ error: () => `${what} must be a whole number` })
    .max(max, `${what} is out of range (at most ${max.toLocaleString('en-US')})`)
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`);
/** CloudWatch evaluates at most one day of 60-second periods (evaluation periods × period ≤ 86,400 s). */
const datapoints = (what: string) => int(what, 1, 1440);

// Durations inside a distribution are unit strings too: `{ type: lognormal, mean: 40s, p99: 90s }`.
const DISTRIBUTION_HELP =
  'a duration (e.g. "40s") or a distribution: { type: constant | uniform | exponential | normal | lognormal | empirical, ... } with durations, e.g. { type: lognormal, mean: 40s, p99: 90s }';
const distribution = z.union(
  [
  duration(),
  oneOfTypes('distribution', [
    obj({ type: z.literal('constant'), value: duration() }),
    obj({ type: z.literal('uniform'), min: duration(), max: duration() }),
    obj({ type: z.literal('exponential'), mean: duration() }),
    obj({ type: z.literal('normal'), mean: duration(), stddev: duration(), min: duration().optional() }),
    obj({
      type: z.literal('lognormal'),
      mean: duration().optional(),
      p99: duration().optional(),
      // e^25 s is 2,000 years: any larger mu or sigma is a typo, and e^(mu + 3 sigma) must stay finite.
      mu: z.number().min(-25).max(25).optional(),
      sigma: z.number().min(0).max(5).optional(),
    }),
    obj({ type: z.literal('empirical'), samples: z.array(duration()).min(1), interpolate: z.boolean().optional() }),
  ]),
  ],
  { error: () => DISTRIBUTION_HELP },
);

type CurveInput = z.input<typeof singleCurve> | CurveInput[];
const singleCurve = oneOfTypes('rps curve', [
  obj({ type: z.literal('constant'), rps: rate() }, 'the same rate all the time'),
  obj(
    {
      type: z.literal('diurnal'),
      base: rate(),
      peak: rate(),
      peakHour: z.number().min(0).lt(24).optional().describe('hour of day (UTC, 0-24) of the peak; default 14'),
      weekendFactor: z.number().positive().max(1000).optional().describe('multiplier on Saturdays and Sundays (day 5 and 6 of each week); default 1'),
    },
    'a cosine day: base at night, peak at peakHour',
  ),
  obj({ type: z.literal('steps'), initial: rate().optional(), steps: z.array(obj({ at: duration(), rps: rate() })).min(1) }),
  obj({
    type: z.literal('spike'),
    base: rate().optional(),
    peak: rate(),
    at: duration(),
    rampUp: duration().optional(),
    hold: duration(),
    rampDown: duration().optional(),
  }),
  obj({
    type: z.literal('expression'),
    expr: z.string().min(1).describe('a mathjs expression of t (s), h (hour of day), d (day), dow (0 = Monday); result in rps'),
    sampleEvery: duration().optional().describe('how often the expression is evaluated (linear in between); default 60s'),
  }),
  obj(
    {
      type: z.literal('trace'),
      file: z.string({ error: () => 'a trace file: a path relative to the scenario file, e.g. traces/api.csv' }).min(1).describe('CSV (timestamp,rps or timestamp,count) or `aws cloudwatch get-metric-data` JSON, relative to the scenario file'),
      interpolate: z.enum(['step', 'linear'], { error: () => 'step (each row holds until the next) or linear (straight lines between rows)' }).optional().describe('between rows: step (default) or linear'),
      scale: z.number().nonnegative().max(1e6).optional().describe('multiplier on every rate; default 1'),
      shift: signedDuration().optional().describe('when the first row plays (t of the run); negative skips the trace\'s start; default 0'),
      metric: z.string().min(1).optional().describe('CloudWatch JSON with several metrics: the Id (or a unique Label) of the one to replay'),
      loop: z.boolean().optional().describe('past the end, repeat the trace (true) or hold the last rate (false, default)'),
    },
    'a recorded trace replayed',
  ),
]);
const curve: z.ZodType<unknown, CurveInput> = z.union([singleCurve, z.array(z.lazy(() => curve)).min(1)], {
  error: () => 'an rps curve: an object with a type (constant, diurnal, steps, spike, expression, trace) or a list of curves to add up',
}) as never;

const taskSize = obj({
  cpu: cpu(),
  memory: memory(),
  gpu: count('gpu').optional().describe('GPUs the task needs; only EC2 GPU instances have them'),
  ephemeralStorage: storage().optional(),
  os: z.enum(['linux', 'windows']).optional(),
  arch: z.enum(['x86_64', 'arm64']).optional(),
});

const bucket = obj({ perSecond: z.number().positive().max(1e6), burst: int('burst', 1, MAX_COUNT) }, 'a token bucket: sustained rate and burst');

const lifecycle = obj(
  {
    eniProvisioning: distribution.optional().describe('PROVISIONING: ENI created and attached; default lognormal(mean 10s, p99 25s)'),
    imageSize: memory().optional().describe('container image size; default 200 MB'),
    pullBandwidth: bandwidth().optional().describe('image pull bandwidth; default 50 MB/s (an assumption)'),
    pullOverhead: distribution.optional().describe('fixed part of an image pull; default 2s'),
    containerStart: distribution.optional().describe('container start after the pull; default lognormal(mean 5s, p99 15s)'),
    healthCheck: distribution.optional().describe('LB registration + first passing health check; default uniform(0, 30s) (ALB interval 30 s)'),
    deregistrationDelay: duration().optional().describe('LB deregistration delay while DEACTIVATING; default 300s'),
    stopTime: distribution.optional().describe('time to exit after SIGTERM; default 2s'),
    stopTimeout: duration().optional().describe('SIGKILL after this; default 30s, at most 120s'),
  },
  'task lifecycle phase durations (ECS states)',
);

const metric = z.enum(['cpu', 'memory', 'requestsPerTarget']);
const targetTracking = obj({
  name: z.string().optional(),
  metric,
  target: z.number().positive().max(1e9),
  scaleOutCooldown: duration().optional().describe('default 300s'),
  scaleInCooldown: duration().optional().describe('default 300s'),
  disableScaleIn: z.boolean().optional(),
  scaleInThreshold: z.number().positive().max(1).optional().describe('low alarm at this fraction of target; default 0.9 (ECS)'),
  highDatapoints: datapoints('highDatapoints').optional().describe('datapoints for the high alarm; default 3'),
  lowDatapoints: datapoints('lowDatapoints').optional().describe('datapoints for the low alarm; default 15'),
  resolution: duration().optional().describe('metric period: 60s (default) or 20s (ECS high-resolution CPU/memory metrics)'),
});
const stepScaling = obj({
  name: z.string().optional(),
  metric,
  threshold: z.number(),
  comparison: z.enum(['>', '>=', '<', '<=']),
  datapointsToAlarm: datapoints('datapointsToAlarm').optional(),
  evaluationPeriods: datapoints('evaluationPeriods').optional(),
  adjustmentType: z.enum(['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity']),
  minAdjustmentMagnitude: int('minAdjustmentMagnitude', 1, MAX_COUNT).optional(),
  cooldown: duration().optional(),
  steps: z.array(obj({ lower: z.number().optional(), upper: z.number().optional(), adjustment: z.number().min(-MAX_COUNT).max(MAX_COUNT) })).min(1),
});
const scheduled = obj({
  name: z.string().optional(),
  cron: z.string().optional().describe('five fields: minute hour day-of-month month day-of-week (UTC; day-of-week 0 or 7 = Sunday, names MON-SUN); t = 0 is Monday 00:00'),
  at: duration().optional(),
  minCapacity: count('minCapacity').optional(),
  maxCapacity: count('maxCapacity').optional(),
});
const hpa = obj({
  metric: z.enum(['cpu', 'memory']).optional(),
  target: z.number().positive().max(1e9),
  tolerance: z.number().min(0).max(1).optional(),
  syncPeriod: duration().optional(),
  scaleDownStabilization: duration().optional(),
  scaleUpStabilization: duration().optional(),
});
const autoscaling = obj({
  minCapacity: count('minCapacity'),
  maxCapacity: count('maxCapacity'),
  metricDelay: duration().optional().describe('delay from the end of a 60-second period to the action on its datapoint; default 183s (calibrated on AWS\'s 363 s benchmark)'),
  highResolutionMetricDelay: duration().optional().describe('the same for 20-second high-resolution metrics; default 26s (AWS\'s 86 s benchmark)'),
  targetTracking: z.array(targetTracking).optional(),
  stepScaling: z.array(stepScaling).optional(),
  scheduled: z.array(scheduled).optional(),
  hpa: hpa.optional().describe('Kubernetes HPA instead of Application Auto Scaling (EKS services)'),
  predictive: obj({
    metric: z.enum(['cpu', 'requestsPerTarget']),
    target: z.number().positive().max(1e9).describe('cpu: percent; requestsPerTarget: requests per target per minute'),
    mode: z.enum(['ForecastOnly', 'ForecastAndScale']).optional().describe('default ForecastOnly (AWS\'s default)'),
    schedulingBufferTime: duration().optional().describe('capacity is scheduled this long before each hour; default 300s, under 3600s'),
    lookbackDays: int('lookbackDays', 1, 14).optional().describe('days of history the forecast averages; default 7'),
  })
    .optional()
    .describe('predictive scaling: forecast each hour from past days, capacity scheduled ahead; with target tracking the higher count wins'),
});
const deployment = obj({
  at: duration(),
  type: z.enum(['rolling', 'blue-green']),
  minimumHealthyPercent: z.number().int().min(0).max(100).optional(),
  maximumPercent: z.number().int().min(100).max(200).optional(),
  shift: z
    .union([z.literal('all-at-once'), obj({ stepPercent: z.number().positive().max(100), interval: duration() })], { error: () => 'a traffic shift: all-at-once, or { stepPercent, interval }' })
    .optional(),
  terminationWait: duration().optional(),
});

const serviceFields = {
  name: z.string().min(1).optional(),
  task: taskSize,
  desiredCount: count('desiredCount'),
  warmStart: z.boolean().optional().describe('initial tasks already serving at t = 0 (default true); false launches them cold'),
  taskCapacity: rate().describe('requests per second one task serves at 100% CPU'),
  baseLatency: duration().optional().describe('latency of a request on an idle task; default 50ms'),
  concurrency: int('concurrency', 1, MAX_CONCURRENCY).optional().describe('requests a task works on at once; default taskCapacity × baseLatency, rounded'),
  queueLimit: int('queueLimit', 0, MAX_QUEUE_LIMIT).optional().describe('requests queued per task before dropping; default 100'),
  startLatency: distribution.optional().describe('shorthand: the whole start as one phase (billed); otherwise `lifecycle` applies'),
  lifecycle: lifecycle.optional(),
  launchRate: bucket.optional().describe('this service\'s own launch throttle; default none: on Fargate the account bucket (20/s, burst 100) shared by every service and job runner, on EC2 no throttle'),
  eniRate: bucket.optional().describe('ENI creations per second; default unlimited'),
  autoscaling: autoscaling.optional(),
  deployments: z.array(deployment).optional(),
  memoryUtilization: fraction().optional().describe('share of task memory in use while running; default 50% (an assumption)'),
};
const service = obj(serviceFields);
const serviceOverride = obj({
  ...serviceFields,
  task: taskSize.partial().optional(),
  desiredCount: count('desiredCount').optional(),
  taskCapacity: rate().optional(),
  lifecycle: lifecycle.partial().optional(),
  autoscaling: autoscaling.partial().optional(),
});

const jobFields = {
  name: z.string().min(1).optional(),
  task: taskSize,
  arrivals: z
    .union([obj({ type: z.literal('poisson'), rate: rate() }), obj({ type: z.literal('every'), interval: duration() })], {
      error: () => 'job arrivals: { type: poisson, rate: "40 rph" } or { type: every, interval: 10m }',
    })
    .describe('how jobs arrive'),
  duration: distribution.describe('how long a job runs once its task is RUNNING'),
  maxConcurrent: int('maxConcurrent', 1, MAX_COUNT).optional().describe('most jobs running at once; the rest queue (default: no cap)'),
  lifecycle: lifecycle.optional(),
  launchRate: bucket.optional(),
  eniRate: bucket.optional(),
};
const jobs = obj(jobFields, 'batch jobs run as standalone tasks');
const jobsOverride = obj({ ...jobFields, task: taskSize.partial().optional(), arrivals: jobFields.arrivals.optional(), duration: distribution.optional(), lifecycle: lifecycle.partial().optional() });

const placementStep = z
  .string()
  .regex(
    /^(binpack:(cpu|memory)|spread:(instanceId|az|instanceType)|random|kube:(LeastAllocated|MostAllocated))$/,
    'a placement step: binpack:cpu, binpack:memory, spread:instanceId, spread:az, spread:instanceType, random, kube:LeastAllocated or kube:MostAllocated',
  );
const constraint = z
  .string()
  .regex(/^(distinctInstance|memberOf\(.+\))$/, 'a placement constraint: distinctInstance or memberOf(<expression>), e.g. memberOf(attribute:ecs.instance-type =~ m5.*)');

const spot = obj(
  {
    band: z.number().int().min(0).max(4).optional().describe('Spot advisor frequency-of-interruption band 0 (<5%) … 4 (>20%) per month; default 1 for EC2'),
    interruptionsPerHour: z.number().nonnegative().max(60).optional().describe('Poisson hazard per instance-hour (or task-hour), instead of a band; at most 60'),
    price: fraction().optional().describe('Spot price as a fraction of on-demand; default 35% for EC2 (observed 60–70% off)'),
    priceTrace: z.array(obj({ at: duration(), price: fraction() })).optional().describe('Spot price over time (takes effect at the next clock hour)'),
    shortages: z
      .array(obj({ from: duration(), to: duration(), instanceTypes: z.array(z.string()).optional().describe('types short of capacity; default all') }))
      .optional()
      .describe('periods with no Spot capacity'),
  },
  'Spot interruption and price model',
);
const managedScaling = obj({
  targetCapacity: z.number().gt(0).max(100).optional().describe('CapacityProviderReservation target %; default 100'),
  minimumScalingStepSize: z.number().int().min(1).max(10000).optional(),
  maximumScalingStepSize: z.number().int().min(1).max(10000).optional(),
  instanceWarmupPeriod: duration().optional().describe('default 300s'),
});
const fleetScheduled = obj({
  name: z.string().optional(),
  cron: z.string().optional().describe('five fields, UTC; t = 0 is Monday 00:00'),
  at: duration().optional(),
  min: count('min').optional(),
  max: count('max').optional(),
  desired: count('desired').optional(),
});
const asg = obj({
  instanceTypes: z.array(z.string().min(1)).min(1).describe('types the group may launch (mixed instances policy)'),
  allocation: z.enum(['prioritized', 'lowest-price']).optional().describe('which type a launch gets: the first listed with capacity (default) or the cheapest'),
  purchase: z.enum(['on-demand', 'spot']).optional(),
  spot: spot.optional(),
  min: count('min').optional(),
  max: count('max'),
  desired: count('desired').optional(),
  prewarmed: z.boolean().optional().describe('initial instances registered at t = 0; default true'),
  launchLatency: distribution.optional().describe('launch until registered with the cluster; default uniform(30s, 90s) (an assumption)'),
  reservedMemory: memory().optional().describe('installed memory not registered for tasks, per instance; default AWS\'s rule: installed − floor(installed × 7985 / 8192), e.g. 207 MiB on 8 GiB'),
  reservedCpu: cpu().optional(),
  managedScaling: z
    .union([z.literal(false), managedScaling], { error: () => 'ECS managed scaling: false, or { targetCapacity, minimumScalingStepSize, maximumScalingStepSize, instanceWarmupPeriod }' })
    .optional()
    .describe('ECS managed scaling (default on) or false'),
  managedTerminationProtection: z.boolean().optional().describe('only empty instances are scaled in; default true'),
  spotInstanceDraining: z.boolean().optional().describe('ECS_ENABLE_SPOT_INSTANCE_DRAINING: drain an instance at its Spot notice; default false (AWS\'s default)'),
  scheduled: z.array(fleetScheduled).optional().describe('EC2 Auto Scaling scheduled actions: min/max/desired at a time or on a cron'),
});
const provider = obj({
  name: z.string().min(1).describe('FARGATE, FARGATE_SPOT, or the name of an Auto Scaling group provider'),
  asg: asg.optional(),
  spot: spot.optional().describe('FARGATE_SPOT only: interruption rate (default band 1)'),
});

const daemonSet = obj({
  name: z.string().min(1),
  cpu: cpu().optional().describe('CPU request per node, e.g. "0.1 vCPU" or 100 (CPU units); default none'),
  memory: memory().optional().describe('memory request per node; default none'),
  hostNetwork: z.boolean().optional().describe('host-network pods take no subnet IP; default false'),
});
const vpcCni = obj(
  {
    warmEniTarget: int('warmEniTarget', 0, 100).optional().describe('WARM_ENI_TARGET; default 1'),
    warmIpTarget: int('warmIpTarget', 0, 10000).optional().describe('WARM_IP_TARGET; unset by default'),
    minimumIpTarget: int('minimumIpTarget', 0, 10000).optional().describe('MINIMUM_IP_TARGET; unset by default'),
    warmPrefixTarget: int('warmPrefixTarget', 0, 1000).optional().describe('WARM_PREFIX_TARGET (prefix delegation); default 1'),
  },
  'Amazon VPC CNI warm pool settings (EKS)',
);
const clusterAutoscaler = obj(
  {
    type: z.literal('cluster-autoscaler'),
    scanInterval: duration().optional().describe('default 10s'),
    expander: z.enum(['random', 'least-waste', 'price', 'priority']).optional().describe('default random'),
    priorities: z.array(z.string().min(1)).optional().describe('priority expander: provider names, highest first'),
    scaleDownUtilizationThreshold: fraction().optional().describe('default 0.5'),
    scaleDownUnneededTime: duration().optional().describe('default 10m'),
    scaleDownDelayAfterAdd: duration().optional().describe('default 10m'),
    maxGracefulTermination: duration().optional().describe('default 600s'),
    unmovable: z.array(z.string().min(1)).optional().describe('services whose pods are never evicted (a node holding one stays)'),
    minAvailable: count('minAvailable').optional().describe('PodDisruptionBudget minAvailable per service; default 0'),
  },
  'the Kubernetes Cluster Autoscaler over the Auto Scaling group providers',
);
const karpenter = obj(
  {
    type: z.literal('karpenter'),
    instanceTypes: z.array(z.string().min(1)).min(1).describe('NodePool: allowed instance types'),
    capacityTypes: z.array(z.enum(['spot', 'on-demand'])).min(1).optional().describe('NodePool karpenter.sh/capacity-type; default [on-demand]'),
    limits: obj({ cpu: z.number().positive().describe('vCPU') }).optional().describe('NodePool limits'),
    consolidationPolicy: z.enum(['WhenEmptyOrUnderutilized', 'WhenEmpty', 'never']).optional().describe('default WhenEmptyOrUnderutilized'),
    consolidateAfter: duration().optional().describe('default 1m'),
    spot: spot.optional().describe('Spot interruption and price model of the spot nodes'),
    launchLatency: distribution.optional().describe('launch until the node is Ready; default uniform(30s, 90s)'),
  },
  'Karpenter NodePool provisioning EKS nodes',
);

const clusterCapacity = obj(
  {
    type: z.literal('cluster'),
    orchestrator: z.enum(['ecs', 'eks']).optional(),
    providers: z.array(provider).min(1).optional().describe('required unless a Karpenter node provisioner makes the nodes'),
    daemonSets: z.array(daemonSet).optional().describe('EKS: DaemonSets on every node besides aws-node and kube-proxy'),
    vpcCni: vpcCni.optional(),
    nodeProvisioner: z
      .union([z.literal(false), clusterAutoscaler, karpenter], { error: () => 'nodeProvisioner: false, { type: cluster-autoscaler, … } or { type: karpenter, instanceTypes: [...] }' })
      .optional()
      .describe('EKS: how nodes are added and removed; default the Cluster Autoscaler'),
    strategy: z.array(obj({ provider: z.string(), base: count('base').optional(), weight: z.number().int().min(0).max(1000).optional() })).min(1).max(6).optional(),
    placement: z.array(placementStep).min(1).optional(),
    constraints: z.array(constraint).optional(),
    networkMode: z.enum(['awsvpc', 'bridge', 'host']).optional(),
    trunking: z.boolean().optional(),
    prefixDelegation: z.boolean().optional(),
    subnets: z.array(obj({ az: z.string(), ips: count('ips') })).min(1).optional().describe('default: three AZs with 4091 free IPs each (/20)'),
  },
  'an ECS (or EKS) cluster with capacity providers',
);

const lambdaCapacity = obj(
  {
    type: z.literal('lambda'),
    memory: memory().describe('function memory, 128 MB to 10,240 MB (sets its CPU share: 1,769 MB = 1 vCPU)'),
    arch: z.enum(['x86_64', 'arm64']).optional().describe('default x86_64'),
    duration: distribution.optional().describe('handler duration per invocation (warm), at most the 900 s timeout (its largest draw, or its p99 when unbounded; rarer longer draws time out at 900 s); default derived from the service: baseLatency, CPU per request and memory'),
    batchSize: int('batchSize', 1, 10_000).optional().describe('requests per invocation (queue/stream batches); default 1'),
    provisionedConcurrency: count('provisionedConcurrency').optional().describe('environments kept initialised (no cold starts up to it), billed per GB-second; at most reservedConcurrency, or without one accountConcurrency − 100; default 0'),
    reservedConcurrency: count('reservedConcurrency').optional().describe("the function's own concurrency ceiling, at most accountConcurrency − 100 (AWS keeps 100 unreserved); default none (the account's pool)"),
    accountConcurrency: int('accountConcurrency', 1, MAX_COUNT).optional().describe('concurrent executions quota of the account and region; default 1000'),
    ephemeralStorage: memory().optional().describe('/tmp, 512 MB to 10,240 MB; above 512 MB billed per GB-second; default 512 MB'),
    freeTier: z.boolean().optional().describe('apply the monthly free tier (1M requests, 400,000 GB-s), prorated for a run or last part shorter than 730 h; default false (the account usually spends it elsewhere)'),
    coldStart: distribution.optional().describe('INIT duration of a new environment (billed, added to latency); over the 10 s INIT phase of Lambda it also costs the stopped 10 s first attempt; at most 900 s (its largest draw, or its p99 when unbounded); default lognormal(mean 300ms, p99 1s) (an assumption)'),
    idleReclaim: duration().optional().describe('mean idle time before an environment is reclaimed (exponential); default 10m (an assumption)'),
    onThrottle: z.enum(['drop', 'retry']).optional().describe('throttled requests: drop (synchronous, 429) or retry (asynchronous sources); default drop'),
  },
  'AWS Lambda: the service as a function, billed per request and per GB-second',
);

const appRunnerCapacity = obj(
  {
    type: z.literal('app-runner'),
    cpu: cpu().describe('instance vCPU: 0.25, 0.5, 1, 2 or 4 vCPU'),
    memory: memory().describe('instance memory (0.5–12 GB, per App Runner size)'),
    minInstances: int('minInstances', 1, 25).optional().describe('provisioned instances, always billed for memory; default 1'),
    maxInstances: int('maxInstances', 1, 25).optional().describe('default 25'),
    maxConcurrency: int('maxConcurrency', 1, 200).optional().describe('concurrent requests per instance before scaling out; default 100'),
    scaleOutTime: duration().optional().describe('from the scale-out decision until the new instance serves; default 30s (an assumption)'),
    scaleInDelay: duration().optional().describe('how long the need must stay lower before instances go; default 60s (an assumption)'),
  },
  'AWS App Runner: instances scaled on concurrent requests; provisioned pay memory, active pay vCPU and memory',
);

const capacity = oneOfTypes('capacity', [
  obj({ type: z.literal('fargate') }, 'AWS Fargate on-demand'),
  obj({ type: z.literal('fargate-spot') }, 'AWS Fargate Spot'),
  obj(
    {
      type: z.literal('ec2'),
      instanceType: z.string().min(1),
      instances: count('instances').min(1, 'instances must be at least 1'),
      placement: z.array(placementStep).min(1).optional().describe('ECS placement strategy, applied in order; default [spread:az] (ECS\'s service default)'),
      networkMode: z.enum(['awsvpc', 'bridge', 'host']).optional().describe('default awsvpc'),
      trunking: z.boolean().optional().describe('ENI trunking (awsvpcTrunking); default false'),
      scheduled: z.array(fleetScheduled).optional().describe('scheduled actions on the fleet (an Auto Scaling group underneath): min/max/desired at a time or on a cron'),
    },
    'ECS on EC2 container instances',
  ),
  clusterCapacity,
  lambdaCapacity,
  appRunnerCapacity,
  obj(
    {
      type: z.literal('managed-instances'),
      instanceTypes: z.array(z.string().min(1)).min(1).optional().describe('allowed types or families with wildcards, e.g. [c6i.*, m6*.*, m5.large]; default any'),
      vcpu: obj({ min: z.number().positive().max(1000).optional(), max: z.number().positive().max(1000).optional() }).optional().describe('vCPU range of the instances'),
      memoryGiB: obj({ min: z.number().positive().max(100_000).optional(), max: z.number().positive().max(100_000).optional() }).optional().describe('memory range of the instances, GiB'),
      min: count('min').optional(),
      max: count('max').describe('most instances AWS may run'),
      desired: count('desired').optional().describe('instances at the start (registered at t = 0); default min'),
      reservedMemory: memory().optional().describe('memory the ECS agent and daemons keep per instance; default 0'),
      managementFee: fraction().optional().describe('management fee per instance-hour as a share of on-demand; default 12.09% (AWS example: c6a.2xlarge $0.037)'),
      subnets: z.array(obj({ az: z.string(), ips: count('ips') })).min(1).optional().describe('default: three AZs with 4091 free IPs each (/20)'),
    },
    'ECS Managed Instances: AWS picks and runs EC2 instances from attributes; EC2 price plus a management fee',
  ),
]);

const extras = obj(
  {
    publicIpv4: z.boolean().optional().describe('task ENIs (Fargate) and instances get a public IPv4, billed per address-hour; default false'),
    ebsGiBPerInstance: count('ebsGiBPerInstance').optional().describe('gp3 root volume per EC2 instance; default 30 (ECS-optimized AMI)'),
    network: obj({
      path: z.enum(['nat', 'vpc-endpoints', 'public', 'none']).optional().describe('how image pulls and logs leave the VPC (none: not billed); default nat'),
      azs: int('azs', 1, 1000).optional().describe('NAT gateways / endpoint AZs; default the cluster subnets (3)'),
      interfaceEndpoints: count('interfaceEndpoints').optional().describe('interface endpoints (ecr.api, ecr.dkr, logs …); default 3'),
    }).optional(),
    logsGiBPerTaskHour: z.number().nonnegative().max(1e6).optional().describe('CloudWatch Logs ingested per RUNNING task-hour, GiB; default 0'),
    eksExtendedSupport: z.boolean().optional(),
    loadBalancer: obj(
      {
        type: z.enum(['alb', 'nlb']).optional().describe('Application (LCU) or Network (NLCU, TCP) Load Balancer; default alb'),
        count: int('count', 1, 1000).optional().describe('load balancers billed by the hour; default 1'),
        requestBytes: z.number().nonnegative().max(1e12).optional().describe('bytes of a request through the load balancer; default 1000 (an assumption)'),
        responseBytes: z.number().nonnegative().max(1e12).optional().describe('bytes of a response through the load balancer; default 10000 (an assumption)'),
        requestsPerConnection: z.number().min(1).max(1e9).optional().describe('requests per client connection (keep-alive reuse); default 10 (an assumption)'),
        connectionSeconds: z.number().positive().max(1e7).optional().describe('seconds a client connection stays open; default 60 (the ALB idle timeout)'),
        rulesPerRequest: count('rulesPerRequest').optional().describe('ALB listener rules evaluated per request, the first 10 free; default 1'),
        crossZone: z.boolean().optional().describe('NLB cross-zone load balancing (inter-AZ transfer billed); default false; always on (and free) for an ALB'),
      },
      'a load balancer billed by the hour and by capacity units from the simulated traffic',
    ).optional(),
    dataTransfer: obj(
      {
        internetEgressBytesPerRequest: z.number().nonnegative().max(1e12).optional().describe('bytes sent to internet clients per request served, billed by the month\'s tiers; default 0'),
        serviceBytesPerRequest: z.number().nonnegative().max(1e12).optional().describe('bytes exchanged with other services per request served, 1 − 1/azs of it across AZs; default 0'),
      },
      'data transfer from the simulated traffic: internet egress and service-to-service cross-AZ',
    ).optional(),
  },
  'line items beyond compute: public IPv4, EBS, NAT or VPC endpoints, CloudWatch Logs, the EKS control plane, a load balancer, data transfer',
);

const term = z.enum(['1y', '3y']);
const payment = z.enum(['no-upfront', 'partial-upfront', 'all-upfront']);
const commitments = obj(
  {
    reservedInstances: z
      .array(
        obj({
          instanceType: z.string().min(1),
          count: count('count').min(1, 'count must be at least 1'),
          term: term.optional().describe('default 1y'),
          payment: payment.optional().describe('default no-upfront'),
          offeringClass: z.enum(['standard', 'convertible']).optional().describe('default standard'),
          effectiveUsdPerHour: usd.optional().describe('effective hourly cost of one RI (upfront amortised); default from the discount table'),
          platform: z.enum(['linux', 'windows']).optional().describe("the platform the RI is bought for; it covers that platform's usage only; default the alternative's OS"),
          sizeFlexible: z.boolean().optional().describe('regional Linux RIs cover other sizes of the family; default true on Linux; Windows RIs never do'),
        }),
      )
      .optional(),
    savingsPlans: z
      .array(
        obj({
          type: z.enum(['compute', 'ec2-instance']),
          family: z.string().optional().describe('instance family; ec2-instance plans only'),
          commitment: usd.describe('US dollars per hour'),
          term: term.optional(),
          payment: payment.optional(),
          discounts: obj({
            ec2: fraction().optional().describe('one EC2 discount for every family; default: each family its own, from the catalog'),
            fargate: fraction().optional(),
            lambda: fraction().optional().describe('Compute plans on Lambda duration and provisioned concurrency'),
            families: z.record(z.string(), fraction()).optional().describe('EC2 discount per instance family, e.g. { m5: 30%, c5: 20% }; before `ec2` and the catalog'),
          }).optional(),
        }),
      )
      .optional(),
  },
  'Reserved Instances and Savings Plans, applied hour by hour in AWS order',
);

const alternative = obj({
  name: z.string().min(1),
  capacity,
  service: serviceOverride.optional(),
  jobs: jobsOverride.optional(),
  extras: extras.optional(),
  commitments: commitments.optional(),
});

const rateInput = z.union([usd, obj({ usdPerSecond: usd }), obj({ usdPerHour: usd })], {
  error: () => 'a rate: a number (per hour), or { usdPerHour: n } or { usdPerSecond: n }',
});
const fargateDims = obj({ vcpu: rateInput.optional(), memoryGb: rateInput.optional(), osLicenseVcpu: rateInput.optional() });

const rates = obj({
  fargate: obj({
    linuxX86: fargateDims.optional(),
    linuxArm: fargateDims.optional(),
    windowsX86: fargateDims.optional(),
    spotLinuxX86: fargateDims.optional(),
    spotLinuxArm: fargateDims.optional(),
    spotFraction: fraction().optional().describe('Fargate Spot price as a fraction of on-demand when no Spot table applies'),
    ephemeralStorageGbAbove20: rateInput.optional(),
  }).optional(),
  ec2: z.record(z.string(), rateInput).optional().describe('on-demand price per instance type, e.g. { m5.large: 0.096 } (per hour)'),
  other: z.record(z.string(), usd).optional().describe('non-compute rates by catalog name, e.g. { natGatewayUsdPerHour: 0.045 }'),
});

/** An instance type the catalog lacks, declared by the scenario (docs/scenarios.md, `instanceTypes`). */
const instanceTypeDecl = obj(
  {
    name: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'an instance type name is family.size, e.g. m8i.large'),
    vcpu: z.number().int().min(1).describe('vCPUs'),
    memory: memory().describe('memory, e.g. "8 GB" (GB = GiB)'),
    enis: z.number().int().min(1).describe('maximum network interfaces'),
    ipv4PerEni: z.number().int().min(1).describe('IPv4 addresses per network interface'),
    trunkLimit: z.number().int().min(1).optional().describe('ECS awsvpcTrunking task limit; absent: trunking not supported'),
    gpus: z.number().int().min(0).optional().describe('GPUs; default 0'),
    arch: z.enum(['x86_64', 'arm64']).optional().describe('default x86_64'),
    category: z.enum(['general', 'compute', 'memory', 'burstable', 'gpu']).optional().describe('default general (gpu when gpus > 0)'),
    prices: obj({
      onDemand: usd.describe('Linux on-demand US dollars per hour, in the scenario region'),
      spot: usd.optional().describe('Spot US dollars per hour; default the Spot model (a fraction of on-demand)'),
      windows: usd.optional().describe('Windows on-demand US dollars per hour; default Linux + vCPU × $0.046'),
    }),
  },
  'an instance type the catalog lacks, usable wherever a catalog type is',
);

/** `sweep:` (capsim sweep): the parameters to vary, by scenario path (scenario/override.ts reads them). */
const sweepRange = obj({ from: z.number(), to: z.number(), step: z.number().positive().optional().describe('default 1') });
const sweepSpec = obj(
  {
    mode: z.enum(['grid', 'one-at-a-time']).optional().describe('grid (default): every combination; one-at-a-time: each parameter alone around the scenario as written (sensitivity)'),
    parameters: z
      .record(
        z.string(),
        z.union([z.array(z.unknown()).min(1, 'a parameter needs at least one value'), sweepRange, obj({ linked: z.array(z.record(z.string(), z.unknown())).min(1) })], {
          error: () => 'a list of values, a range { from, to, step }, or { linked: [{ path: value, ... }, ...] }',
        }),
      )
      .describe('scenario path (e.g. service.task.cpu, service.autoscaling.targetTracking.0.target) → values'),
    select: obj({
      confidence: z.number().gt(0, 'a probability between 0 and 1 (exclusive)').lt(1, 'a probability between 0 and 1 (exclusive)').describe('probability of correct selection, e.g. 0.95'),
      indifference: z.number().positive().max(1e9).describe('indifference zone in USD over the scenario\'s horizon as written (rows compare on cost per month): a point within this of the cheapest feasible one counts as correct'),
      maxReplications: z.number().int().min(2).max(1000).optional().describe('stop adding replications to a point here (the guarantee is then lost); default 20'),
      sloTolerance: z.number().positive().max(1).optional().describe('share of minutes over the SLO within which feasibility may go either way; default 0.001'),
    })
      .optional()
      .describe('pick the cheapest point meeting the SLO by a ranking-and-selection procedure (KN with a feasibility check), adding replications only where the decision is close'),
  },
  'the parameters capsim sweep varies; capsim run ignores this block',
);

export const scenarioSchema = obj({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(MAX_SEED).optional().describe(`seed for every random stream, a whole number from 0 to ${MAX_SEED}; default 1`),
  replications: z.number().int().min(1).max(1000).optional().describe('runs per alternative on different seeds, reported as mean and 95% CI; default 1'),
  region: z.string().optional().describe('AWS region for prices; default us-east-1'),
  horizon: duration().describe('how long to simulate, e.g. 14d'),
  tick: duration().optional().describe('fluid-model time step; default 1s'),
  mode: z.enum(['fluid', 'per-request']).optional().describe('fluid (default) or per-request: every request simulated, for small runs and validation'),
  workload: obj({
    rps: curve,
    noise: z.number().min(0).max(2).optional().describe('sigma of the per-minute multiplicative lognormal noise; default 0'),
  })
    .optional()
    .describe('the load offered to the service (required with a service)'),
  slo: obj({
    latencyP95: duration(),
    maxMinutesOver: fraction().optional().describe('share of minutes allowed over the p95 target (or dropping); default 1%'),
    maxDroppedShare: fraction()
      .optional()
      .describe('share of offered requests an alternative may drop and still be recommended; default: the best alternative’s share + 10% of it + 0.01 points'),
  }).optional(),
  service: service.optional(),
  jobs: jobs.optional(),
  extras: extras.optional(),
  alternatives: z.array(alternative).min(1, 'at least one alternative is needed'),
  rates: rates.optional(),
  instanceTypes: z.array(instanceTypeDecl).optional().describe('instance types the catalog lacks (vCPU, memory, ENIs, prices), usable wherever a catalog type is'),
  catalog: obj({ instanceTypes: z.array(instanceTypeDecl).optional() }).optional().describe('the same `instanceTypes`, under a catalog section'),
  sweep: sweepSpec.optional(),
  thresholds: z
    .union([z.string(), z.array(z.string()).min(1)], { error: () => 'regression gates: a string like "cost>+5%,sloMinutes>+0" or a list of such strings' })
    .optional()
    .describe('regression gates for capsim run --baseline and capsim diff, e.g. "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0"'),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioParsed = z.output<typeof scenarioSchema>;
export type RateInput = z.output<typeof rateInput>;
export type DistributionInput = z.output<typeof distribution>;
export type CurveParsed = z.output<typeof singleCurve> | CurveParsed[];
export type ServiceParsed = z.output<typeof service>;
export type ServiceOverrideParsed = z.output<typeof serviceOverride>;
export type JobsParsed = z.output<typeof jobs>;
export type ExtrasParsed = z.output<typeof extras>;
export type JobsOverrideParsed = z.output<typeof jobsOverride>;
export type InstanceTypeDeclParsed = z.output<typeof instanceTypeDecl>;
export type SweepSpecParsed = z.output<typeof sweepSpec>;
