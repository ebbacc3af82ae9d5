// The resolved scenario: every unit converted to base units (seconds, CPU units, MiB, GiB, rps,
// USD decimal strings), every catalog reference checked, every alternative's service fully
// merged. Models read only this; they never see YAML or unit strings.

import type { DistributionSpec } from '../engine/index.js';
import type { Arch, InstanceType, Rate } from '../catalog/index.js';
import { ecsUnregisteredMemoryMiB } from '../catalog/index.js';
import type { ExtrasSpec, OtherRateOverrides } from './extras.js';
import type { TraceData } from './trace.js';
import type { ReservedInstanceSpec, SavingsPlanSpec } from './commitments.js';

export type Os = 'linux' | 'windows';

/** Largest seed: a whole number that JSON and String() keep exact (a scenario's `seed`, `--seed`). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export type Curve =
  | { type: 'constant'; rps: number }
  | { type: 'diurnal'; baseRps: number; peakRps: number; peakHour: number; weekendFactor: number }
  | { type: 'steps'; initialRps: number; steps: { atSeconds: number; rps: number }[] }
  | { type: 'spike'; baseRps: number; peakRps: number; atSeconds: number; rampUpSeconds: number; holdSeconds: number; rampDownSeconds: number }
  | { type: 'expression'; expr: string; sampleSeconds: number }
  | TraceCurveSpec
  | { type: 'sum'; terms: Curve[] };

/**
 * A recorded trace replayed: rate(t) = scale × trace(t − shift), stepped or interpolated between
 * rows; before the first row the first rate; past the end the last rate, or the trace again
 * (`loop`, period = last time + last interval).
 */
export interface TraceCurveSpec {
  type: 'trace';
  /** The file as the scenario names it (for messages and reports). */
  file: string;
  trace: TraceData;
  interpolate: 'step' | 'linear';
  scale: number;
  shiftSeconds: number;
  loop: boolean;
  /** CloudWatch JSON with several metrics: the Id or Label of the one replayed. */
  metric?: string;
}

export interface Workload {
  curve: Curve;
  /** Multiplicative noise: each minute's rps is scaled by a lognormal factor with mean 1 and this sigma. */
  noiseSigma: number;
}

export interface TaskSize {
  cpuUnits: number;
  memoryMiB: number;
  /** GPUs the task needs (EC2 GPU instances only; Fargate has none). */
  gpus: number;
  ephemeralStorageGiB: number;
  os: Os;
  arch: Arch;
}

/** How long each lifecycle phase takes; Fargate bills from PENDING (image pull) to STOPPED. */
export interface Lifecycle {
  /** PROVISIONING: ENI created and attached (awsvpc; 0 in bridge/host mode). */
  eniProvisioning: DistributionSpec;
  /** PENDING: image pull = overhead + size / bandwidth (EC2 instances cache images they pulled). */
  pullOverhead: DistributionSpec;
  imageSizeMiB: number;
  pullBandwidthMiBps: number;
  /** PENDING: container start after the pull. */
  containerStart: DistributionSpec;
  /** ACTIVATING: load-balancer registration and the first passing health check. */
  healthCheck: DistributionSpec;
  /** DEACTIVATING: load-balancer deregistration delay (no new requests, still billed). */
  deregistrationDelaySeconds: number;
  /** STOPPING: time the app takes to exit after SIGTERM, capped at stopTimeout. */
  stopTime: DistributionSpec;
  stopTimeoutSeconds: number;
}

export interface TokenBucketSpec {
  perSecond: number;
  burst: number;
}

export type ScalingMetric = 'cpu' | 'memory' | 'requestsPerTarget';

export interface TargetTrackingSpec {
  name: string;
  metric: ScalingMetric;
  target: number;
  scaleOutCooldownSeconds: number;
  scaleInCooldownSeconds: number;
  disableScaleIn: boolean;
  /** Low alarm threshold as a fraction of target (ECS 0.9; EC2 Auto Scaling groups 0.7). */
  scaleInThresholdFactor: number;
  highDatapoints: number;
  lowDatapoints: number;
  /** CloudWatch period of the metric: 60 s, or 20 s for ECS's high-resolution metrics. */
  periodSeconds: number;
}

export interface StepAdjustment {
  /** Bounds relative to the alarm threshold (metric − threshold); null = unbounded. */
  lower: number | null;
  upper: number | null;
  adjustment: number;
}

export interface StepScalingSpec {
  name: string;
  metric: ScalingMetric;
  threshold: number;
  comparison: '>' | '>=' | '<' | '<=';
  datapointsToAlarm: number;
  evaluationPeriods: number;
  adjustmentType: 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';
  minAdjustmentMagnitude: number;
  cooldownSeconds: number;
  steps: StepAdjustment[];
}

export interface ScheduledActionSpec {
  name: string;
  /** Five-field cron (minute hour day-of-month month day-of-week), UTC; day 0 of the run is a Monday 1 Jan. */
  cron: string | null;
  atSeconds: number | null;
  minCapacity: number | null;
  maxCapacity: number | null;
}

/** A scheduled action on an Auto Scaling group: min, max and/or desired at a time or on a cron. */
export interface FleetScheduledActionSpec {
  name: string;
  cron: string | null;
  atSeconds: number | null;
  minSize: number | null;
  maxSize: number | null;
  desiredCapacity: number | null;
}

/** Application Auto Scaling predictive scaling for the service (docs/model.md). */
export interface PredictiveScalingSpec {
  metric: 'cpu' | 'requestsPerTarget';
  target: number;
  mode: 'ForecastOnly' | 'ForecastAndScale';
  schedulingBufferSeconds: number;
  lookbackDays: number;
}

export interface HpaSpec {
  metric: 'cpu' | 'memory';
  targetPercent: number;
  tolerance: number;
  syncPeriodSeconds: number;
  scaleDownStabilizationSeconds: number;
  scaleUpStabilizationSeconds: number;
}

export interface Autoscaling {
  minCapacity: number;
  maxCapacity: number;
  /** CloudWatch publication delay of a period's datapoint after the period ends. */
  metricDelaySeconds: number;
  /** The same for the 20-second high-resolution metrics. */
  highResolutionMetricDelaySeconds: number;
  targetTracking: TargetTrackingSpec[];
  /** Predictive scaling (absent = none). */
  predictive?: PredictiveScalingSpec | null;
  stepScaling: StepScalingSpec[];
  scheduled: ScheduledActionSpec[];
  hpa: HpaSpec | null;
}

export interface DeploymentSpec {
  atSeconds: number;
  type: 'rolling' | 'blue-green';
  minimumHealthyPercent: number;
  maximumPercent: number;
  /** Blue/green: traffic shift; all at once, or `stepPercent` every `stepIntervalSeconds`. */
  stepPercent: number;
  stepIntervalSeconds: number;
  /** Blue/green: how long the old task set is kept after the shift. */
  terminationWaitSeconds: number;
}

export interface ServiceModel {
  name: string;
  task: TaskSize;
  desiredCount: number;
  /** The initial tasks are already RUNNING at t = 0 (a service that existed before the window). */
  warmStart: boolean;
  /** Requests per second one task serves at 100% CPU. */
  taskCapacityRps: number;
  /** Latency of a request on an idle task (its service time). */
  baseLatencySeconds: number;
  /** Requests one task works on at once (M/M/c servers per task). */
  concurrency: number;
  /** Requests queued per serving task before new ones are dropped. */
  queueLimitPerTask: number;
  /** When set, the whole start is one PENDING phase of this length (a shorthand for the lifecycle). */
  startLatency: DistributionSpec | null;
  lifecycle: Lifecycle;
  /**
   * A throttle of this service's own task launches; null (the default) = none of its own: on
   * Fargate its launches share the account's Fargate launch bucket with every other service and
   * job runner (catalog FARGATE_LAUNCH_RATE), on EC2 they are not throttled.
   */
  launchRate: TokenBucketSpec | null;
  /** ENI creations per second (awsvpc). */
  eniRate: TokenBucketSpec | null;
  autoscaling: Autoscaling | null;
  deployments: DeploymentSpec[];
  /** Share of the task's memory its containers use while running (an assumption; default 50%). */
  memoryUtilization: number;
}

export type PlacementField = 'cpu' | 'memory';
export type PlacementStep =
  | { type: 'binpack'; field: PlacementField }
  | { type: 'spread'; field: 'instanceId' | 'az' | 'instanceType' }
  | { type: 'random' }
  /** kube-scheduler NodeResourcesFit scoring (EKS). */
  | { type: 'kube'; policy: 'LeastAllocated' | 'MostAllocated' };

export type PlacementConstraint = { type: 'distinctInstance' } | { type: 'memberOf'; expression: string };

export interface SpotSpec {
  /** Poisson hazard: interruptions per instance-hour (or per task-hour on Fargate Spot). */
  interruptionsPerHour: number;
  /** How the hazard was chosen (advisor band, or given). */
  interruptionBasis: string;
  /** Spot price as a fraction of on-demand; a trace changes it at clock hours (last value holds). */
  priceFraction: number;
  priceTrace: { atSeconds: number; fraction: number }[];
  /** Periods with no Spot capacity: launches fail until the period ends. */
  /** Periods with no Spot capacity, for the listed instance types (empty list: every type). */
  shortages: { fromSeconds: number; toSeconds: number; instanceTypes: string[] }[];
}

export interface ManagedScalingSpec {
  targetCapacityPercent: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  instanceWarmupSeconds: number;
}

export interface AsgProviderSpec {
  kind: 'asg';
  name: string;
  /** Instance types the group may launch (a mixed instances policy). */
  instanceTypes: string[];
  /** prioritized: the first listed type with capacity; lowest-price: the cheapest per hour that has capacity. */
  allocation: 'prioritized' | 'lowest-price';
  purchase: 'on-demand' | 'spot';
  spot: SpotSpec | null;
  minSize: number;
  maxSize: number;
  desiredSize: number;
  /** The initial instances are registered at t = 0 (a fleet that existed before the window). */
  prewarmed: boolean;
  /** Launch until the instance is registered with the cluster (billed from launch). */
  launchLatency: DistributionSpec;
  /** CPU units and memory the agent and daemons keep on each instance. */
  reservedCpuUnits: number;
  /**
   * Installed memory not registered for tasks, per instance; null = by AWS's rule per type (the
   * OS share, catalog ecsUnregisteredMemoryMiB). `registeredMemoryMiB` gives what is left for tasks.
   */
  reservedMemoryMiB: number | null;
  /**
   * ECS_ENABLE_SPOT_INSTANCE_DRAINING on the group's instances. Off (absent, AWS's default): ECS
   * does not hear the Spot notice, tasks run until EC2 reclaims the instance, and the group
   * replaces it then. On: the instance drains at the notice and the group replaces it at once.
   */
  spotInstanceDraining?: boolean;
  /** EC2 Auto Scaling scheduled actions on the group (absent = none). */
  scheduled?: FleetScheduledActionSpec[];
  managedScaling: ManagedScalingSpec | null;
  managedTerminationProtection: boolean;
  /**
   * EKS: the node's reservation is the EKS-optimised AMI's (kubeReserved by its formulas + the
   * eviction threshold), per instance type, instead of reservedCpuUnits / reservedMemoryMiB.
   */
  eksAmiReservation?: boolean;
  /** False: an interrupted Spot instance is not replaced by the group (Karpenter provisions for its pods). */
  replaceInterrupted?: boolean;
}

export interface FargateProviderSpec {
  kind: 'fargate';
  name: 'FARGATE' | 'FARGATE_SPOT';
  spot: SpotSpec | null;
}

export interface StrategyItem {
  provider: string;
  base: number;
  weight: number;
}

/**
 * ECS Managed Instances (`capacity: { type: managed-instances }`): resolved into a cluster with
 * one Auto Scaling group provider of the matching catalog types (AWS picks the cheapest that fits,
 * `lowest-price`), scaled by managed scaling; billed as EC2 plus the management fee.
 */
export interface ManagedInstancesSpec {
  /** The provider whose instances pay the fee. */
  provider: string;
  /** Fee per instance-hour as a share of the type's on-demand price (exact decimal string). */
  feeShareOfOnDemand: string;
  /** How the types were chosen, for reports: e.g. "vCPU 2–8, general purpose". */
  selection: string;
}

export interface ClusterSpec {
  type: 'cluster';
  /** The scenario's own instance types (`instanceTypes:`), looked up before the catalog's; set by run/simulate. */
  customInstanceTypes?: InstanceType[];
  /** Set when the cluster is ECS Managed Instances. */
  managedInstances?: ManagedInstancesSpec;
  orchestrator: 'ecs' | 'eks';
  providers: (AsgProviderSpec | FargateProviderSpec)[];
  strategy: StrategyItem[];
  placement: PlacementStep[];
  constraints: PlacementConstraint[];
  networkMode: 'awsvpc' | 'bridge' | 'host';
  trunking: boolean;
  /** EKS VPC CNI prefix delegation (more pods per node). */
  prefixDelegation: boolean;
  /** Subnets by AZ with their free IPs; instances and awsvpc tasks each take one. */
  subnets: { az: string; ips: number }[];
  /** EKS: DaemonSets on every EC2 node (aws-node and kube-proxy by default, then the scenario's). */
  daemonSets?: DaemonSetSpec[];
  /** EKS: the VPC CNI's warm pool settings (pod IPs come from the subnets). */
  vpcCni?: VpcCniSpec;
  /** EKS node provisioning: the Cluster Autoscaler (default) or Karpenter; null for none. */
  nodeProvisioner?: ClusterAutoscalerSpec | KarpenterSpec | null;
}

export interface DaemonSetSpec {
  name: string;
  cpuUnits: number;
  memoryMiB: number;
  /** Host-network pods take no subnet IP. */
  hostNetwork: boolean;
}

export interface VpcCniSpec {
  warmEniTarget: number;
  /** When set (with or without minimumIpTarget), IPs are kept one by one instead of whole ENIs. */
  warmIpTarget: number | null;
  minimumIpTarget: number | null;
  warmPrefixTarget: number;
}

export type CaExpander = 'random' | 'least-waste' | 'price' | 'priority';

export interface ClusterAutoscalerSpec {
  type: 'cluster-autoscaler';
  scanIntervalSeconds: number;
  expander: CaExpander;
  /** Node groups (providers) by priority, highest first (the priority expander). */
  priorities: string[];
  scaleDownUtilizationThreshold: number;
  scaleDownUnneededSeconds: number;
  scaleDownDelayAfterAddSeconds: number;
  maxGracefulTerminationSeconds: number;
  /** Empty nodes removed together in one scan (max-empty-bulk-delete). */
  maxEmptyBulkDelete: number;
  /** Services whose pods must not be evicted (a node holding one is never scaled down). */
  unmovable: string[];
  /** PodDisruptionBudget-like: evictions keep at least this many pods of each service placed. */
  minAvailable: number;
}

export interface KarpenterSpec {
  type: 'karpenter';
  /** NodePool requirements: allowed instance types and capacity types. */
  instanceTypes: string[];
  capacityTypes: ('spot' | 'on-demand')[];
  /** NodePool limits.cpu in vCPU (Infinity: none). */
  limitCpuVcpu: number;
  consolidation: 'WhenEmptyOrUnderutilized' | 'WhenEmpty' | 'never';
  consolidateAfterSeconds: number;
  batchIdleSeconds: number;
  batchMaxSeconds: number;
}

/**
 * An AWS Lambda function serving the service's requests: concurrency = invocations/s × duration,
 * billed per request and per GB-second of duration (1 ms), no cluster.
 */
export interface LambdaCapacity {
  type: 'lambda';
  memoryMiB: number;
  arch: Arch;
  /** Duration of one invocation (its handler, warm); null: derived from the service (baseLatency, CPU per request, memory). */
  duration: DistributionSpec | null;
  /** Requests per invocation (a queue or stream source's batch); 1 for an API. */
  batchSize: number;
  provisionedConcurrency: number;
  /** The function's reserved concurrency (its own ceiling), or null: the account's unreserved pool. */
  reservedConcurrency: number | null;
  /** The account's concurrency quota in the region. */
  accountConcurrency: number;
  ephemeralStorageMiB: number;
  freeTier: boolean;
  /** INIT duration of a cold start (billed since 2025-08-01, added to the invocation's latency). */
  coldStart: DistributionSpec;
  /** Mean idle time before Lambda reclaims an execution environment (exponential: an assumption). */
  idleReclaimSeconds: number;
  /** Throttled requests: dropped (synchronous callers get 429), or retried (asynchronous sources). */
  onThrottle: 'drop' | 'retry';
}

/** An AWS App Runner service: instances of one size, scaled on concurrent requests per instance. */
export interface AppRunnerCapacity {
  type: 'app-runner';
  cpuUnits: number;
  memoryMiB: number;
  minInstances: number;
  maxInstances: number;
  /** Concurrent requests per instance above which App Runner scales out. */
  maxConcurrency: number;
  /** From the scale-out decision until the new instance serves (an assumption; AWS publishes none). */
  scaleOutSeconds: number;
  /** How long concurrency must stay low before an instance is removed (an assumption). */
  scaleInSeconds: number;
}

export type Capacity =
  | LambdaCapacity
  | AppRunnerCapacity
  | { type: 'fargate'; spot: boolean }
  | {
      type: 'ec2';
      instanceType: string;
      instances: number;
      placement: PlacementStep[];
      networkMode: 'awsvpc' | 'bridge' | 'host';
      trunking: boolean;
      /** Scheduled actions on the fleet (absent = a fixed fleet). */
      scheduled?: FleetScheduledActionSpec[];
    }
  | ClusterSpec;

/** Batch work: jobs arrive, each runs as a standalone task (RunTask) for its duration, then stops. */
export interface JobsModel {
  name: string;
  task: TaskSize;
  arrival: { type: 'poisson'; perSecond: number } | { type: 'every'; seconds: number };
  duration: DistributionSpec;
  /** Most jobs running at once (the rest queue); Infinity for no cap. */
  maxConcurrent: number;
  /** Lifecycle of a job's task: no load balancer, so no health check or deregistration delay. */
  lifecycle: Lifecycle;
  /** As ServiceModel.launchRate: null shares the account's Fargate launch bucket. */
  launchRate: TokenBucketSpec | null;
  eniRate: TokenBucketSpec | null;
}

export interface Alternative {
  name: string;
  capacity: Capacity;
  /** A long-running service behind a load balancer, or null for a batch-only scenario. */
  service: ServiceModel | null;
  jobs: JobsModel | null;
  /** Line items beyond compute (public IPv4, EBS, NAT/endpoints, logs, EKS control plane), or null for none. */
  extras: ExtrasSpec | null;
  commitments: { reservedInstances: ReservedInstanceSpec[]; savingsPlans: SavingsPlanSpec[] };
}

/** A Lambda function or an App Runner service in one line, for tables and reports. */
/**
 * Whether a capacity runs on EC2 instances it launches (a fixed fleet or an Auto Scaling group):
 * what EBS volumes and instance-based extras apply to. Tolerates a hand-made result's capacity
 * without providers.
 */
export function hasInstanceGroups(c: Capacity): boolean {
  return c.type === 'ec2' || (c.type === 'cluster' && Array.isArray(c.providers) && c.providers.some((p) => p.kind === 'asg'));
}

export function functionPlatformText(c: LambdaCapacity | AppRunnerCapacity): string {
  if (c.type === 'app-runner') {
    return `App Runner ${c.cpuUnits / 1024} vCPU/${c.memoryMiB / 1024} GB × ${c.minInstances}–${c.maxInstances}, max concurrency ${c.maxConcurrency}`;
  }
  const pc = c.provisionedConcurrency > 0 ? `, provisioned ${c.provisionedConcurrency}` : '';
  const reserved = c.reservedConcurrency !== null ? `, reserved ${c.reservedConcurrency}` : '';
  return `Lambda ${c.arch} ${c.memoryMiB} MB${c.batchSize > 1 ? `, batch ${c.batchSize}` : ''}${pc}${reserved}`;
}

/** The task definition that prices an alternative (its service's, else its jobs'). */
export function primaryTask(alt: Alternative): TaskSize {
  return (alt.service ?? alt.jobs!).task;
}

/** Fargate rates after scenario overrides; per-dimension decimal rates. */
export interface FargateRates {
  source: string;
  vcpu: Rate;
  memoryGb: Rate;
  osLicenseVcpu?: Rate;
  ephemeralStorageGbAbove20: Rate;
  minimumBilledSeconds: number;
  freeEphemeralStorageGb: number;
}

export interface RateOverrides {
  fargate: Partial<Record<'linuxX86' | 'linuxArm' | 'windowsX86' | 'spotLinuxX86' | 'spotLinuxArm', Partial<Record<'vcpu' | 'memoryGb' | 'osLicenseVcpu', Rate>>>>;
  fargateSpotFraction?: number;
  fargateEphemeralGbAbove20?: Rate;
  ec2: Record<string, Rate>;
  other: OtherRateOverrides;
}

export interface Slo {
  latencyP95Seconds: number;
  /** Share of minutes allowed over the p95 target (or dropping requests) for the SLO to hold. */
  maxMinutesOverShare: number;
  /** Share of offered requests an alternative may drop and still be recommended; absent: best alternative + margin. */
  maxDroppedShare?: number;
}

export interface Scenario {
  /** Path the scenario came from (for messages), or '<inline>'. */
  file: string;
  name: string;
  description: string;
  seed: number;
  region: string;
  horizonSeconds: number;
  tickSeconds: number;
  /** Runs of each alternative on different seeds, summarised as mean and 95 % CI (default 1). */
  replications: number;
  /** 'fluid' (default): load as a rate per tick; 'per-request': every request simulated (small runs, validation). */
  mode: 'fluid' | 'per-request';
  workload: Workload;
  slo: Slo;
  rates: RateOverrides;
  alternatives: Alternative[];
  /** Regression gates against a baseline (`cost>+5%`, …; domain/gates.ts), as written, normalised. */
  thresholds: string[];
  /** Instance types the scenario declared itself (`instanceTypes:`), usable wherever a catalog type is; absent or empty: none. */
  instanceTypes?: InstanceType[];
}

/**
 * Memory (MiB) an instance with `memoryGiB` installed registers for tasks in this group: installed
 * less what it keeps back, the scenario's value, else AWS's registered-memory rule.
 */
export function registeredMemoryMiB(spec: { reservedMemoryMiB: number | null }, memoryGiB: number): number {
  return memoryGiB * 1024 - (spec.reservedMemoryMiB ?? ecsUnregisteredMemoryMiB(memoryGiB));
}
