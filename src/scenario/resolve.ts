// Turns a schema-valid scenario into the resolved `Scenario`: merges each alternative's service
// overrides, applies defaults, and checks everything that needs the catalog (Fargate sizes,
// instance types, regions, architectures). Problems are collected, not thrown one at a time.

import { sampler, type DistributionSpec } from '../engine/index.js';
import { checkExpression } from '../workload/demand.js';
import {
  CatalogError,
  EC2_PRICE_REGIONS,
  EC2_SPOT_DEFAULT_PRICE_FRACTION,
  SPOT_BAND_LABELS,
  SPOT_BAND_MIDPOINTS,
  SPOT_DEFAULT_BAND,
  spotHazardPerHour,
  FARGATE_REGIONS,
  INSTANCE_TYPES,
  OTHER_RATES,
  instanceTypePrice,
  closestNames,
  fargateRateCard,
  instanceType,
  isValidFargateSize,
  nearestFargateSizes,
  smallestFargateSizeAtLeast,
  type Rate,
} from '../catalog/index.js';
import { FieldError, type ScenarioIssue } from './errors.js';
import { parseCron } from './cron.js';
import { parseMemberOf } from '../capacity/placement/constraints.js';
import { EKS_FARGATE_POD_OVERHEAD_MIB } from '../capacity/eks.js';
import type { CurveParsed, DistributionInput, ExtrasParsed, JobsOverrideParsed, JobsParsed, RateInput, ScenarioParsed, ServiceOverrideParsed, ServiceParsed } from './schema.js';
import { checkExtrasRates, validateExtras, withExtrasDefaults, type ExtrasSpec } from '../billing/extras.js';
import { fargateRates } from '../billing/rates.js';
import type { PlacementConstraint, Alternative, AsgProviderSpec, Autoscaling, Capacity, ClusterSpec, Curve, DeploymentSpec, FargateProviderSpec, JobsModel, Lifecycle, PlacementStep, RateOverrides, Scenario, ServiceModel, SpotSpec, TaskSize } from './types.js';

export const DEFAULTS = {
  seed: 1,
  region: 'us-east-1',
  tickSeconds: 1,
  peakHour: 14,
  baseLatencySeconds: 0.05,
  startLatencySeconds: 40,
  ephemeralStorageGiB: 20,
  maxEphemeralStorageGiB: 200,
  expressionSampleSeconds: 60,
  sloLatencyP95Seconds: 0.5,
  sloMaxMinutesOver: 0.01,
  queueLimitPerTask: 100,
  cooldownSeconds: 300,
  ecsScaleInFactor: 0.9,
  highDatapoints: 3,
  lowDatapoints: 15,
  deregistrationDelaySeconds: 300,
  stopTimeoutSeconds: 30,
  maxStopTimeoutSeconds: 120,
  imageSizeMiB: 200,
  pullBandwidthMiBps: 50,
  fargateLaunchRate: { perSecond: 20, burst: 100 },
  memoryUtilization: 0.5,
} as const;

type Issues = ScenarioIssue[];

function resolveCurve(input: CurveParsed): Curve {
  if (Array.isArray(input)) return { type: 'sum', terms: input.map(resolveCurve) };
  switch (input.type) {
    case 'constant':
      return { type: 'constant', rps: input.rps };
    case 'diurnal':
      return { type: 'diurnal', baseRps: input.base, peakRps: input.peak, peakHour: input.peakHour ?? DEFAULTS.peakHour, weekendFactor: input.weekendFactor ?? 1 };
    case 'steps':
      return {
        type: 'steps',
        initialRps: input.initial ?? 0,
        steps: input.steps.map((s) => ({ atSeconds: s.at, rps: s.rps })).sort((a, b) => a.atSeconds - b.atSeconds),
      };
    case 'spike':
      return {
        type: 'spike',
        baseRps: input.base ?? 0,
        peakRps: input.peak,
        atSeconds: input.at,
        rampUpSeconds: input.rampUp ?? 0,
        holdSeconds: input.hold,
        rampDownSeconds: input.rampDown ?? 0,
      };
    case 'expression':
      return { type: 'expression', expr: input.expr, sampleSeconds: input.sampleEvery ?? DEFAULTS.expressionSampleSeconds };
  }
}

function checkCurveExpressions(input: CurveParsed, path: string, issues: Issues): void {
  if (Array.isArray(input)) {
    input.forEach((c, i) => checkCurveExpressions(c, `${path}[${i}]`, issues));
    return;
  }
  if (input.type !== 'expression') return;
  const problem = checkExpression(input.expr);
  if (problem) issues.push({ path: `${path}.expr`, message: `the rps expression does not evaluate: ${problem}`, value: input.expr, allowed: 'a mathjs expression of t (s), h (hour of day), d (day), dow (0 = Monday), e.g. "100 + 50 * sin(2 * pi * t / 86400)"' });
}

function resolveDistribution(input: DistributionInput | undefined, fallbackSeconds: number): DistributionSpec {
  if (input === undefined) return { type: 'constant', value: fallbackSeconds };
  if (typeof input === 'number') return { type: 'constant', value: input };
  if (input.type === 'lognormal') {
    if (input.mean !== undefined && input.p99 !== undefined) return { type: 'lognormal', mean: input.mean, p99: input.p99 };
    // Half a pair is invalid: NaN makes checkDistribution report it instead of a silent default.
    return { type: 'lognormal', mu: input.mu ?? NaN, sigma: input.sigma ?? NaN };
  }
  return input as DistributionSpec;
}

/** An alternative's override on top of the scenario's definition: fields replace, task and lifecycle merge. */
function mergeDefinition<T extends { task: object; lifecycle?: object }>(base: T, over: Partial<Record<keyof T, unknown>> | undefined): T {
  if (!over) return base;
  const task = over.task as object | undefined;
  const lifecycle = over.lifecycle as object | undefined;
  return { ...base, ...over, task: { ...base.task, ...task }, lifecycle: base.lifecycle || lifecycle ? { ...base.lifecycle, ...lifecycle } : undefined } as T;
}

function mergeService(base: ServiceParsed, over: ServiceOverrideParsed | undefined): ServiceParsed {
  const merged = mergeDefinition(base, over as Partial<Record<keyof ServiceParsed, unknown>> | undefined);
  return over?.autoscaling ? { ...merged, autoscaling: { ...base.autoscaling, ...over.autoscaling } as ServiceParsed['autoscaling'] } : merged;
}

type LifecycleParsed = NonNullable<ServiceParsed['lifecycle']>;
type AutoscalingParsed = NonNullable<ServiceParsed['autoscaling']>;

function resolveLifecycle(l: LifecycleParsed | undefined, at: string, issues: Issues): Lifecycle {
  const d = (v: DistributionInput | undefined, fallback: DistributionSpec): DistributionSpec => (v === undefined ? fallback : resolveDistribution(v, 0));
  const stopTimeoutSeconds = l?.stopTimeout ?? DEFAULTS.stopTimeoutSeconds;
  if (stopTimeoutSeconds > DEFAULTS.maxStopTimeoutSeconds) {
    issues.push({ path: `${at}.lifecycle.stopTimeout`, message: 'stopTimeout is longer than ECS allows', value: l?.stopTimeout, allowed: `at most ${DEFAULTS.maxStopTimeoutSeconds}s` });
  }
  return {
    eniProvisioning: d(l?.eniProvisioning as DistributionInput, { type: 'lognormal', mean: 10, p99: 25 }),
    pullOverhead: d(l?.pullOverhead as DistributionInput, { type: 'constant', value: 2 }),
    imageSizeMiB: l?.imageSize ?? DEFAULTS.imageSizeMiB,
    pullBandwidthMiBps: l?.pullBandwidth ?? DEFAULTS.pullBandwidthMiBps,
    containerStart: d(l?.containerStart as DistributionInput, { type: 'lognormal', mean: 5, p99: 15 }),
    healthCheck: d(l?.healthCheck as DistributionInput, { type: 'uniform', min: 0, max: 30 }),
    deregistrationDelaySeconds: l?.deregistrationDelay ?? DEFAULTS.deregistrationDelaySeconds,
    stopTime: d(l?.stopTime as DistributionInput, { type: 'constant', value: 2 }),
    stopTimeoutSeconds,
  };
}

function resolveAutoscaling(a: AutoscalingParsed | undefined, at: string, issues: Issues): Autoscaling | null {
  if (!a) return null;
  if (a.maxCapacity < a.minCapacity) {
    issues.push({ path: `${at}.autoscaling.maxCapacity`, message: 'maxCapacity is below minCapacity', value: a.maxCapacity, allowed: `at least ${a.minCapacity}` });
  }
  const targetTracking = (a.targetTracking ?? []).map((p, i) => ({
    name: p.name ?? `target-tracking-${p.metric}-${i + 1}`,
    metric: p.metric,
    target: p.target,
    scaleOutCooldownSeconds: p.scaleOutCooldown ?? DEFAULTS.cooldownSeconds,
    scaleInCooldownSeconds: p.scaleInCooldown ?? DEFAULTS.cooldownSeconds,
    disableScaleIn: p.disableScaleIn ?? false,
    scaleInThresholdFactor: p.scaleInThreshold ?? DEFAULTS.ecsScaleInFactor,
    highDatapoints: p.highDatapoints ?? DEFAULTS.highDatapoints,
    lowDatapoints: p.lowDatapoints ?? DEFAULTS.lowDatapoints,
  }));
  const stepScaling = (a.stepScaling ?? []).map((p, i) => ({
    name: p.name ?? `step-${p.metric}-${i + 1}`,
    metric: p.metric,
    threshold: p.threshold,
    comparison: p.comparison,
    datapointsToAlarm: p.datapointsToAlarm ?? 1,
    evaluationPeriods: p.evaluationPeriods ?? p.datapointsToAlarm ?? 1,
    adjustmentType: p.adjustmentType,
    minAdjustmentMagnitude: p.minAdjustmentMagnitude ?? 0,
    cooldownSeconds: p.cooldown ?? DEFAULTS.cooldownSeconds,
    steps: p.steps.map((st) => ({ lower: st.lower ?? null, upper: st.upper ?? null, adjustment: st.adjustment })),
  }));
  const scheduled = (a.scheduled ?? []).map((p, i) => {
    if ((p.cron === undefined) === (p.at === undefined)) {
      issues.push({ path: `${at}.autoscaling.scheduled[${i}]`, message: 'a scheduled action needs exactly one of cron or at', value: p, allowed: 'cron: "0 8 * * 1-5" or at: 3d' });
    }
    if (p.cron !== undefined) {
      try {
        parseCron(p.cron);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        issues.push({ path: `${at}.autoscaling.scheduled[${i}].cron`, message: err.message, value: p.cron, allowed: err.allowed });
      }
    }
    return { name: p.name ?? `scheduled-${i + 1}`, cron: p.cron ?? null, atSeconds: p.at ?? null, minCapacity: p.minCapacity ?? null, maxCapacity: p.maxCapacity ?? null };
  });
  const hpa = a.hpa
    ? {
        metric: a.hpa.metric ?? 'cpu',
        targetPercent: a.hpa.target,
        tolerance: a.hpa.tolerance ?? 0.1,
        syncPeriodSeconds: a.hpa.syncPeriod ?? 15,
        scaleDownStabilizationSeconds: a.hpa.scaleDownStabilization ?? 300,
        scaleUpStabilizationSeconds: a.hpa.scaleUpStabilization ?? 0,
      }
    : null;
  if (hpa && (targetTracking.length > 0 || stepScaling.length > 0)) {
    issues.push({ path: `${at}.autoscaling.hpa`, message: 'a service scales by HPA or by Application Auto Scaling policies, not both', value: 'hpa + policies', allowed: 'hpa alone, or targetTracking/stepScaling' });
  }
  return { minCapacity: a.minCapacity, maxCapacity: a.maxCapacity, metricDelaySeconds: a.metricDelay ?? 0, targetTracking, stepScaling, scheduled, hpa };
}

function mergeJobs(base: JobsParsed, over: JobsOverrideParsed | undefined): JobsParsed {
  return mergeDefinition(base, over as Partial<Record<keyof JobsParsed, unknown>> | undefined);
}

function resolveJobs(j: JobsParsed, at: string, issues: Issues): JobsModel {
  const lifecycle = resolveLifecycle(j.lifecycle, at, issues);
  // Standalone tasks have no load balancer: no health check wait, no deregistration delay.
  if (j.lifecycle?.healthCheck === undefined) lifecycle.healthCheck = { type: 'constant', value: 0 };
  if (j.lifecycle?.deregistrationDelay === undefined) lifecycle.deregistrationDelaySeconds = 0;
  return {
    name: j.name ?? 'jobs',
    task: resolveTaskSize(j.task),
    arrival: j.arrivals.type === 'poisson' ? { type: 'poisson', perSecond: j.arrivals.rate } : { type: 'every', seconds: j.arrivals.interval },
    duration: resolveDistribution(j.duration as DistributionInput, 0),
    maxConcurrent: j.maxConcurrent ?? Infinity,
    lifecycle,
    launchRate: j.launchRate ?? DEFAULTS.fargateLaunchRate,
    eniRate: j.eniRate ?? null,
  };
}

function resolveDeployments(list: ServiceParsed['deployments']): DeploymentSpec[] {
  return (list ?? [])
    .map((d) => ({
      atSeconds: d.at,
      type: d.type,
      minimumHealthyPercent: d.minimumHealthyPercent ?? 100,
      maximumPercent: d.maximumPercent ?? 200,
      stepPercent: d.shift === undefined || d.shift === 'all-at-once' ? 100 : d.shift.stepPercent,
      stepIntervalSeconds: d.shift === undefined || d.shift === 'all-at-once' ? 0 : d.shift.interval,
      terminationWaitSeconds: d.terminationWait ?? 300,
    }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

function resolveTaskSize(t: ServiceParsed['task']): TaskSize {
  return {
    cpuUnits: t.cpu,
    memoryMiB: t.memory,
    gpus: t.gpu ?? 0,
    ephemeralStorageGiB: t.ephemeralStorage ?? DEFAULTS.ephemeralStorageGiB,
    os: t.os ?? 'linux',
    arch: t.arch ?? 'x86_64',
  };
}

function resolveService(s: ServiceParsed, at: string, issues: Issues): ServiceModel {
  const baseLatencySeconds = s.baseLatency ?? DEFAULTS.baseLatencySeconds;
  const concurrency = s.concurrency ?? Math.max(1, Math.round(s.taskCapacity * baseLatencySeconds));
  return {
    name: s.name ?? 'service',
    task: resolveTaskSize(s.task),
    desiredCount: s.desiredCount,
    warmStart: s.warmStart ?? true,
    taskCapacityRps: s.taskCapacity,
    baseLatencySeconds,
    concurrency,
    queueLimitPerTask: s.queueLimit ?? DEFAULTS.queueLimitPerTask,
    startLatency: s.startLatency === undefined ? null : resolveDistribution(s.startLatency as DistributionInput, DEFAULTS.startLatencySeconds),
    lifecycle: resolveLifecycle(s.lifecycle, at, issues),
    launchRate: s.launchRate ?? DEFAULTS.fargateLaunchRate,
    eniRate: s.eniRate ?? null,
    autoscaling: resolveAutoscaling(s.autoscaling, at, issues),
    deployments: resolveDeployments(s.deployments),
    memoryUtilization: s.memoryUtilization ?? DEFAULTS.memoryUtilization,
  };
}

function formatSize(cpuUnits: number, memoryMiB: number): string {
  const gb = memoryMiB / 1024;
  return `${cpuUnits / 1024} vCPU / ${Number.isInteger(gb) ? `${gb} GB` : `${memoryMiB} MiB`}`;
}

function checkFargateTask(task: TaskSize, spot: boolean, at: string, issues: Issues): void {
  const { cpuUnits, memoryMiB, os, arch, ephemeralStorageGiB } = task;
  if (task.gpus > 0) {
    issues.push({ path: `${at}.task.gpu`, message: 'Fargate has no GPUs: a GPU task cannot run on Fargate', value: task.gpus, allowed: 'an EC2 alternative with a GPU instance type (e.g. g4dn.xlarge), or gpu: 0' });
    return;
  }
  if (!isValidFargateSize(cpuUnits, memoryMiB, os)) {
    const nearest = nearestFargateSizes(cpuUnits, memoryMiB, 3)
      .filter((s) => isValidFargateSize(s.cpuUnits, s.memoryMiB, os))
      .map((s) => formatSize(s.cpuUnits, s.memoryMiB));
    const why = os === 'windows' && cpuUnits < 1024 ? 'is too small: Windows tasks on Fargate need at least 1 vCPU' : 'is not a valid Fargate CPU/memory combination';
    issues.push({
      path: `${at}.task`,
      message: `${formatSize(cpuUnits, memoryMiB)} ${why}`,
      value: { cpu: cpuUnits, memory: memoryMiB },
      allowed: `nearest valid sizes: ${nearest.join(', ')}`,
    });
  }
  if (os === 'windows' && arch === 'arm64') {
    issues.push({ path: `${at}.task.arch`, message: 'Fargate runs Windows only on x86_64', value: arch, allowed: 'x86_64' });
  }
  if (spot && os === 'windows') {
    issues.push({ path: `${at}.task.os`, message: 'Fargate Spot does not run Windows tasks', value: os, allowed: 'linux' });
  }
  if (ephemeralStorageGiB < DEFAULTS.ephemeralStorageGiB || ephemeralStorageGiB > DEFAULTS.maxEphemeralStorageGiB) {
    issues.push({
      path: `${at}.task.ephemeralStorage`,
      message: 'Fargate ephemeral storage is out of range',
      value: ephemeralStorageGiB,
      allowed: `${DEFAULTS.ephemeralStorageGiB} to ${DEFAULTS.maxEphemeralStorageGiB} GiB`,
    });
  }
}

function resolvePlacement(steps: string[] | undefined): PlacementStep[] {
  if (!steps) return [{ type: 'binpack', field: 'memory' }];
  return steps.map((step): PlacementStep => {
    if (step === 'random') return { type: 'random' };
    if (step.startsWith('spread:')) return { type: 'spread', field: step.slice(7) as 'instanceId' | 'az' | 'instanceType' };
    if (step.startsWith('kube:')) return { type: 'kube', policy: step.slice(5) as 'LeastAllocated' | 'MostAllocated' };
    return { type: 'binpack', field: step === 'binpack:cpu' ? 'cpu' : 'memory' };
  });
}

type CapacityParsed = ScenarioParsed['alternatives'][number]['capacity'];

type CommitmentsParsed = NonNullable<ScenarioParsed['alternatives'][number]['commitments']>;

function resolveCommitments(c: CommitmentsParsed | undefined, at: string, issues: Issues): Alternative['commitments'] {
  const reservedInstances = (c?.reservedInstances ?? []).map((ri, i) => {
    checkInstanceType(ri.instanceType, [], `${at}.reservedInstances[${i}].instanceType`, issues, false);
    return {
      instanceType: ri.instanceType,
      count: ri.count,
      term: ri.term ?? '1y',
      payment: ri.payment ?? 'no-upfront',
      offeringClass: ri.offeringClass ?? 'standard',
      ...(ri.effectiveUsdPerHour !== undefined ? { effectiveUsdPerHour: ri.effectiveUsdPerHour } : {}),
      ...(ri.sizeFlexible !== undefined ? { sizeFlexible: ri.sizeFlexible } : {}),
    };
  });
  const savingsPlans = (c?.savingsPlans ?? []).map((sp, i) => {
    if ((sp.type === 'ec2-instance') !== (sp.family !== undefined)) {
      issues.push({ path: `${at}.savingsPlans[${i}].family`, message: 'an EC2 Instance plan needs a family, and a Compute plan takes none', value: sp.family, allowed: 'family: m5 with type: ec2-instance; no family with type: compute' });
    }
    if (Number(sp.commitment) < 0.001) issues.push({ path: `${at}.savingsPlans[${i}].commitment`, message: 'a Savings Plan commits at least $0.001 per hour', value: sp.commitment, allowed: '0.001 to 5000 (US dollars per hour)' });
    return {
      type: sp.type,
      ...(sp.family !== undefined ? { family: sp.family } : {}),
      commitmentUsdPerHour: sp.commitment,
      term: sp.term ?? '1y',
      payment: sp.payment ?? 'no-upfront',
      ...(sp.discounts ? { discounts: sp.discounts } : {}),
    };
  });
  return { reservedInstances, savingsPlans };
}

/**
 * Scenario-level extras with the alternative's on top. None at all means no extra line items,
 * except that an EKS cluster always pays its control plane. EBS applies only where there are
 * instances. Every rate the meters will need is quoted now, so a region without one fails here.
 */
function resolveExtras(base: ExtrasParsed | undefined, over: ExtrasParsed | undefined, capacity: Capacity, region: string, rates: RateOverrides, at: string, issues: Issues): ExtrasSpec | null {
  const eks = capacity.type === 'cluster' && capacity.orchestrator === 'eks';
  if (!base && !over && !eks) return null;
  const hasInstances = capacity.type === 'ec2' || (capacity.type === 'cluster' && capacity.providers.some((p) => p.kind === 'asg'));
  const azs = capacity.type === 'cluster' ? new Set(capacity.subnets.map((s) => s.az)).size : 3;
  const merged = base || over ? { ...base, ...over, network: { azs, ...base?.network, ...over?.network } } : { ebsGiBPerInstance: 0, network: { azs, path: 'none' as const } };
  const spec = withExtrasDefaults({ ...merged, eksClusters: eks ? 1 : 0 });
  if (!hasInstances) spec.ebsGiBPerInstance = 0;
  const problems = validateExtras(spec);
  for (const problem of problems) issues.push({ path: at, message: problem, value: merged, allowed: 'see docs/scenarios.md, extras' });
  if (eks && spec.network.path === 'public' && capacity.providers.some((p) => p.kind === 'fargate')) {
    issues.push({ path: `${at}.network.path`, message: 'EKS Fargate pods get no public IP, so the public network path cannot serve them', value: 'public', allowed: 'nat or vpc-endpoints' });
  }
  if (problems.length === 0) {
    try {
      checkExtrasRates(spec, region, rates.other);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({ path: at, message: err.message, value: region, allowed: 'a region with these rates (us-east-1), or the rates under rates.other' });
    }
  }
  return spec;
}

/** Checks one instance type against the tasks that must fit on it. */
function checkInstanceType(name: string, tasks: { task: TaskSize; at: string }[], path: string, issues: Issues, trunking: boolean): void {
  try {
    const type = instanceType(name);
    for (const { task } of tasks) {
      if (type.arch !== task.arch) {
        issues.push({ path, message: `${type.name} is ${type.arch} but the task is built for ${task.arch}`, value: name, allowed: `an ${task.arch} instance type, or set task.arch: ${type.arch} for this alternative` });
      }
      if (task.cpuUnits > type.vcpu * 1024 || task.memoryMiB > type.memoryGiB * 1024) {
        issues.push({
          path,
          message: `the task (${formatSize(task.cpuUnits, task.memoryMiB)}) does not fit on ${type.name} (${type.vcpu} vCPU / ${type.memoryGiB} GiB)`,
          value: name,
          allowed: 'an instance type at least as large as the task',
        });
      }
      if (task.gpus > type.gpus) {
        issues.push({ path, message: `the task needs ${task.gpus} GPU(s) and ${type.name} has ${type.gpus}`, value: name, allowed: 'a GPU instance type, e.g. g4dn.xlarge' });
      }
    }
    if (trunking && type.trunkingTaskLimit === null) {
      issues.push({ path: path.replace(/instanceType$/, 'trunking'), message: `${type.name} does not support ENI trunking`, value: true, allowed: 'false, or an instance type that supports awsvpcTrunking' });
    }
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    const near = closestNames(name, err.allowed ?? [], 3);
    issues.push({ path, message: err.message, value: name, allowed: near.length > 0 ? `did you mean ${near.join(', ')}? (capsim catalog ec2 lists all types)` : 'a type from `capsim catalog ec2`' });
  }
}

/** Every distribution of an alternative, checked by building its sampler (which validates parameters). */
function checkDistributions(alt: Alternative, at: string, issues: Issues): void {
  const probe = { next: () => 0.5 };
  const check = (spec: DistributionSpec | null, path: string) => {
    if (!spec) return;
    if (spec.type === 'lognormal' && 'mu' in spec && (Number.isNaN(spec.mu) || Number.isNaN(spec.sigma))) {
      issues.push({ path, message: 'a lognormal needs mean and p99, or mu and sigma', value: spec, allowed: '{ type: lognormal, mean: 40s, p99: 90s } or { type: lognormal, mu: 3.5, sigma: 0.4 }' });
      return;
    }
    try {
      sampler(spec, probe)();
    } catch (err) {
      issues.push({ path, message: (err as Error).message, value: spec, allowed: describeDistributionHelp });
    }
  };
  const lifecycle = (l: Lifecycle, base: string) => {
    for (const key of ['eniProvisioning', 'pullOverhead', 'containerStart', 'healthCheck', 'stopTime'] as const) check(l[key], `${base}.lifecycle.${key}`);
  };
  if (alt.service) {
    check(alt.service.startLatency, `${at}.service.startLatency`);
    lifecycle(alt.service.lifecycle, `${at}.service`);
  }
  if (alt.jobs) {
    check(alt.jobs.duration, `${at}.jobs.duration`);
    lifecycle(alt.jobs.lifecycle, `${at}.jobs`);
  }
  if (alt.capacity.type === 'cluster') alt.capacity.providers.forEach((p, i) => p.kind === 'asg' && check(p.launchLatency, `${at}.capacity.providers[${i}].asg.launchLatency`));
}

const describeDistributionHelp = 'constant, uniform (min ≤ max), exponential (mean > 0), normal (stddev ≥ 0), lognormal (mean and p99 with 1 < p99/mean ≤ 14.97, or mu and sigma), empirical (samples)';

type ClusterParsed = Extract<CapacityParsed, { type: 'cluster' }>;
type SpotParsed = NonNullable<NonNullable<ClusterParsed['providers'][number]['asg']>['spot']>;

function resolveSpot(s: SpotParsed | undefined, defaultPrice: number): SpotSpec {
  const band = s?.band ?? SPOT_DEFAULT_BAND;
  const fromBand = spotHazardPerHour(band);
  const labels = SPOT_BAND_LABELS;
  return {
    interruptionsPerHour: s?.interruptionsPerHour ?? fromBand,
    interruptionBasis:
      s?.interruptionsPerHour !== undefined
        ? `given: ${s.interruptionsPerHour} per hour`
        : `Spot advisor band ${band} (${labels[band]} a month; midpoint ${SPOT_BAND_MIDPOINTS[band] * 100}% over 730 h)`,
    priceFraction: s?.price ?? defaultPrice,
    priceTrace: (s?.priceTrace ?? []).map((p) => ({ atSeconds: p.at, fraction: p.price })).sort((a, b) => a.atSeconds - b.atSeconds),
    shortages: (s?.shortages ?? []).map((p) => ({ fromSeconds: p.from, toSeconds: p.to, instanceTypes: p.instanceTypes ?? [] })).sort((a, b) => a.fromSeconds - b.fromSeconds),
  };
}

function resolveCluster(c: ClusterParsed, region: string, at: string, issues: Issues): ClusterSpec {
  const orchestrator = c.orchestrator ?? 'ecs';
  const providers = c.providers.map((p, i): AsgProviderSpec | FargateProviderSpec => {
    const where = `${at}.capacity.providers[${i}]`;
    if (p.name === 'FARGATE' || p.name === 'FARGATE_SPOT') {
      if (p.asg) issues.push({ path: `${where}.asg`, message: `${p.name} is a reserved Fargate provider and takes no Auto Scaling group`, value: p.asg, allowed: 'remove asg, or give the provider another name' });
      return { kind: 'fargate', name: p.name, spot: p.name === 'FARGATE_SPOT' ? resolveSpot(p.spot, 0) : null };
    }
    if (!p.asg) {
      issues.push({ path: `${where}.asg`, message: `provider ${p.name} needs an Auto Scaling group`, value: undefined, allowed: 'asg: { instanceTypes: [m5.large], max: 10 }, or name FARGATE / FARGATE_SPOT' });
      return { kind: 'fargate', name: 'FARGATE', spot: null };
    }
    const a = p.asg;
    const min = a.min ?? 0;
    const desired = a.desired ?? min;
    if (a.max < min || desired < min || desired > a.max) {
      issues.push({ path: `${where}.asg`, message: 'the group needs min ≤ desired ≤ max', value: { min, desired, max: a.max }, allowed: 'min ≤ desired ≤ max' });
    }
    const ms = a.managedScaling;
    const purchase = a.purchase ?? 'on-demand';
    if (a.spot && purchase !== 'spot') issues.push({ path: `${where}.asg.spot`, message: 'spot settings on an on-demand group', value: a.spot, allowed: 'purchase: spot, or no spot section' });
    return {
      kind: 'asg',
      name: p.name,
      instanceTypes: a.instanceTypes,
      allocation: a.allocation ?? 'prioritized',
      purchase,
      spot: purchase === 'spot' ? resolveSpot(a.spot, EC2_SPOT_DEFAULT_PRICE_FRACTION) : null,
      minSize: min,
      maxSize: a.max,
      desiredSize: desired,
      prewarmed: a.prewarmed ?? true,
      launchLatency: a.launchLatency === undefined ? { type: 'uniform', min: 30, max: 90 } : resolveDistribution(a.launchLatency as DistributionInput, 0),
      reservedCpuUnits: a.reservedCpu ?? 0,
      reservedMemoryMiB: a.reservedMemory ?? 0,
      managedScaling:
        ms === false
          ? null
          : {
              targetCapacityPercent: ms?.targetCapacity ?? 100,
              minimumScalingStepSize: ms?.minimumScalingStepSize ?? 1,
              maximumScalingStepSize: ms?.maximumScalingStepSize ?? 10000,
              instanceWarmupSeconds: ms?.instanceWarmupPeriod ?? 300,
            },
      managedTerminationProtection: a.managedTerminationProtection ?? true,
    };
  });
  const names = providers.map((p) => p.name);
  const strategy = (c.strategy ?? [{ provider: names[0], base: 0, weight: 1 }]).map((s) => ({ provider: s.provider, base: s.base ?? 0, weight: s.weight ?? 1 }));
  strategy.forEach((s, i) => {
    if (!names.includes(s.provider)) issues.push({ path: `${at}.capacity.strategy[${i}].provider`, message: 'no such provider in this cluster', value: s.provider, allowed: names.join(', ') });
  });
  if (strategy.filter((s) => s.base > 0).length > 1) issues.push({ path: `${at}.capacity.strategy`, message: 'only one provider in a strategy may have a base', value: strategy.map((s) => s.base), allowed: 'base on one provider' });
  if (strategy.every((s) => s.weight === 0) && strategy.every((s) => s.base === 0)) issues.push({ path: `${at}.capacity.strategy`, message: 'every weight is 0: no task could be placed', value: 0, allowed: 'a weight of at least 1 on some provider' });
  const kinds = new Set(strategy.flatMap((s) => providers.filter((p) => p.name === s.provider).map((p) => p.kind)));
  if (kinds.size > 1) issues.push({ path: `${at}.capacity.strategy`, message: 'a capacity provider strategy holds Fargate providers or Auto Scaling group providers, not both (AWS rule)', value: strategy.map((s) => s.provider), allowed: 'FARGATE/FARGATE_SPOT only, or ASG providers only' });
  const subnets = c.subnets ?? ['a', 'b', 'c'].map((z) => ({ az: `${region}${z}`, ips: 4091 }));
  return {
    type: 'cluster',
    orchestrator,
    providers,
    strategy,
    placement: c.placement ? resolvePlacement(c.placement) : orchestrator === 'eks' ? [{ type: 'kube', policy: 'LeastAllocated' }] : [{ type: 'spread', field: 'az' }, { type: 'binpack', field: 'memory' }],
    constraints: (c.constraints ?? []).map((k, i): PlacementConstraint => {
      if (k === 'distinctInstance') return { type: 'distinctInstance' };
      const expression = k.slice('memberOf('.length, -1).trim();
      try {
        parseMemberOf(expression);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        issues.push({ path: `${at}.capacity.constraints[${i}]`, message: err.message, value: k, allowed: err.allowed });
      }
      return { type: 'memberOf', expression };
    }),
    networkMode: c.networkMode ?? 'awsvpc',
    trunking: c.trunking ?? false,
    prefixDelegation: c.prefixDelegation ?? false,
    subnets,
  };
}

/** Checks the alternative's capacity against each of its task definitions (service, jobs). */
function resolveCapacity(c: CapacityParsed, tasks: { task: TaskSize; at: string }[], at: string, issues: Issues, region: string): Capacity {
  if (c.type === 'cluster') {
    const cluster = resolveCluster(c, region, at, issues);
    for (const p of cluster.providers) {
      if (p.kind === 'fargate') {
        if (cluster.orchestrator === 'ecs') for (const t of tasks) checkFargateTask(t.task, p.spot !== null, t.at, issues);
        else {
          for (const t of tasks) {
            if (t.task.gpus > 0) checkFargateTask(t.task, false, t.at, issues);
            else if (!smallestFargateSizeAtLeast(t.task.cpuUnits, t.task.memoryMiB + EKS_FARGATE_POD_OVERHEAD_MIB)) {
              issues.push({
                path: `${t.at}.task`,
                message: `an EKS Fargate pod of ${formatSize(t.task.cpuUnits, t.task.memoryMiB)} plus the ${EKS_FARGATE_POD_OVERHEAD_MIB} MiB kubelet overhead fits no Fargate size`,
                value: { cpu: t.task.cpuUnits, memory: t.task.memoryMiB },
                allowed: 'requests up to 16 vCPU / 119.75 GB (the largest size is 16 vCPU / 120 GB)',
              });
            }
          }
        }
        continue;
      }
      p.instanceTypes.forEach((name, k) =>
        checkInstanceType(name, tasks, `${at}.capacity.providers[${cluster.providers.indexOf(p)}].asg.instanceTypes[${k}]`, issues, cluster.trunking && cluster.orchestrator === 'ecs'),
      );
    }
    return cluster;
  }
  if (c.type === 'fargate' || c.type === 'fargate-spot') {
    const spot = c.type === 'fargate-spot';
    for (const t of tasks) checkFargateTask(t.task, spot, t.at, issues);
    return { type: 'fargate', spot };
  }
  const resolved: Capacity = {
    type: 'ec2',
    instanceType: c.instanceType,
    instances: c.instances,
    placement: resolvePlacement(c.placement),
    networkMode: c.networkMode ?? 'awsvpc',
    trunking: c.trunking ?? false,
  };
  checkInstanceType(c.instanceType, tasks, `${at}.capacity.instanceType`, issues, resolved.trunking);
  return resolved;
}

function toRate(input: RateInput): Rate {
  if (typeof input === 'string') return { usd: input, per: 'hour' };
  if ('usdPerSecond' in input) return { usd: input.usdPerSecond, per: 'second' };
  return { usd: input.usdPerHour, per: 'hour' };
}

function resolveRates(input: ScenarioParsed['rates']): RateOverrides {
  const out: RateOverrides = { fargate: {}, ec2: {}, other: {} };
  for (const [name, usd] of Object.entries(input?.other ?? {}).sort(([a], [b]) => a.localeCompare(b))) (out.other as Record<string, string>)[name] = usd;
  const fargate = input?.fargate;
  if (fargate) {
    for (const key of ['linuxX86', 'linuxArm', 'windowsX86', 'spotLinuxX86', 'spotLinuxArm'] as const) {
      const dims = fargate[key];
      if (!dims) continue;
      const entry: Partial<Record<'vcpu' | 'memoryGb' | 'osLicenseVcpu', Rate>> = {};
      if (dims.vcpu !== undefined) entry.vcpu = toRate(dims.vcpu);
      if (dims.memoryGb !== undefined) entry.memoryGb = toRate(dims.memoryGb);
      if (dims.osLicenseVcpu !== undefined) entry.osLicenseVcpu = toRate(dims.osLicenseVcpu);
      out.fargate[key] = entry;
    }
    if (fargate.spotFraction !== undefined) out.fargateSpotFraction = fargate.spotFraction;
    if (fargate.ephemeralStorageGbAbove20 !== undefined) out.fargateEphemeralGbAbove20 = toRate(fargate.ephemeralStorageGbAbove20);
  }
  for (const [name, rate] of Object.entries(input?.ec2 ?? {}).sort(([a], [b]) => a.localeCompare(b))) out.ec2[name] = toRate(rate);
  return out;
}

export function resolveScenario(parsed: ScenarioParsed, file: string, issues: Issues): Scenario {
  const region = parsed.region ?? DEFAULTS.region;
  const usesFargate = parsed.alternatives.some((a) => a.capacity.type === 'fargate' || a.capacity.type === 'fargate-spot' || (a.capacity.type === 'cluster' && a.capacity.providers.some((p) => p.name === 'FARGATE' || p.name === 'FARGATE_SPOT')));
  if (usesFargate) {
    try {
      fargateRateCard(region);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({ path: 'region', message: `no Fargate rates for region ${region}`, value: region, allowed: FARGATE_REGIONS.join(', ') });
    }
  }
  if (parsed.workload) checkCurveExpressions(parsed.workload.rps as CurveParsed, 'workload.rps', issues);
  const tickSeconds = parsed.tick ?? DEFAULTS.tickSeconds;
  const ticksPerMinute = 60 / tickSeconds;
  if (tickSeconds <= 0 || tickSeconds > 60 || Math.abs(ticksPerMinute - Math.round(ticksPerMinute)) > 1e-9) {
    issues.push({ path: 'tick', message: 'the tick must divide a minute evenly', value: parsed.tick, allowed: '1s, 2s, 5s, 10s, 15s, 20s, 30s, 60s (or fractions of a second that divide 1s)' });
  }
  if (parsed.horizon < 60) issues.push({ path: 'horizon', message: 'the horizon is shorter than one minute', value: parsed.horizon, allowed: 'at least 60s' });

  if (!parsed.service && !parsed.jobs) {
    issues.push({ path: '(top level)', message: 'a scenario needs a service, jobs, or both', value: undefined, allowed: 'a `service:` section (with `workload:`) and/or a `jobs:` section' });
  }
  if (parsed.service && parsed.jobs && (parsed.service.name ?? 'service') === (parsed.jobs.name ?? 'jobs')) {
    issues.push({ path: 'jobs.name', message: 'the jobs and the service need different names (tasks are told apart by them)', value: parsed.jobs.name, allowed: `any name but "${parsed.service.name ?? 'service'}"` });
  }
  if (parsed.service && !parsed.workload) {
    issues.push({ path: 'workload', message: 'missing required field: a service needs a workload (its rps curve)', allowed: 'workload: { rps: { type: constant, rps: 100 } }' });
  }
  const rates = resolveRates(parsed.rates);
  for (const name of Object.keys(rates.other)) {
    if (!(name in OTHER_RATES)) issues.push({ path: `rates.other.${name}`, message: 'no such rate', value: name, allowed: Object.keys(OTHER_RATES).join(', ') });
  }
  const names = new Set<string>();
  const alternatives: Alternative[] = parsed.alternatives.map((alt, i) => {
    const at = `alternatives[${i}]`;
    if (names.has(alt.name)) {
      issues.push({ path: `${at}.name`, message: 'two alternatives have the same name', value: alt.name, allowed: 'a unique name per alternative' });
    }
    names.add(alt.name);
    if (alt.service && !parsed.service) issues.push({ path: `${at}.service`, message: 'overrides a service the scenario does not have', value: alt.service, allowed: 'a top-level service section, or no service override' });
    if (alt.jobs && !parsed.jobs) issues.push({ path: `${at}.jobs`, message: 'overrides jobs the scenario does not have', value: alt.jobs, allowed: 'a top-level jobs section, or no jobs override' });
    const svc = parsed.service ? resolveService(mergeService(parsed.service as ServiceParsed, alt.service as ServiceOverrideParsed | undefined), `${at}.service`, issues) : null;
    const jobs = parsed.jobs ? resolveJobs(mergeJobs(parsed.jobs as JobsParsed, alt.jobs as JobsOverrideParsed | undefined), `${at}.jobs`, issues) : null;
    const tasks = [...(svc ? [{ task: svc.task, at: `${at}.service` }] : []), ...(jobs ? [{ task: jobs.task, at: `${at}.jobs` }] : [])];
    if (svc && jobs && (svc.task.os !== jobs.task.os || svc.task.arch !== jobs.task.arch)) {
      issues.push({ path: `${at}.jobs.task.arch`, message: 'the jobs and the service of one alternative must share an OS and architecture (one rate card per alternative)', value: `${jobs.task.os}/${jobs.task.arch}`, allowed: `${svc.task.os}/${svc.task.arch}` });
    }
    const capacity = resolveCapacity(alt.capacity, tasks, at, issues, region);
    const resolved: Alternative = {
      name: alt.name,
      capacity,
      service: svc,
      jobs,
      extras: resolveExtras(parsed.extras, alt.extras, capacity, region, rates, `${at}.extras`, issues),
      commitments: resolveCommitments(alt.commitments, `${at}.commitments`, issues),
    };
    checkDistributions(resolved, at, issues);
    return resolved;
  });

  alternatives.forEach((alt, i) => {
    const c = alt.capacity;
    const types: { name: string; path: string }[] =
      c.type === 'ec2'
        ? [{ name: c.instanceType, path: `alternatives[${i}].capacity.instanceType` }]
        : c.type === 'cluster'
          ? c.providers.flatMap((p, k) => (p.kind === 'asg' ? p.instanceTypes.map((name, j) => ({ name, path: `alternatives[${i}].capacity.providers[${k}].asg.instanceTypes[${j}]` })) : []))
          : [];
    for (const { name, path } of types) {
      if (rates.ec2[name] || !INSTANCE_TYPES.some((t) => t.name === name)) continue; // overridden, or already reported as unknown
      try {
        instanceTypePrice(name, region);
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        issues.push({
          path,
          message: `no on-demand price for ${name} in ${region} in the catalog`,
          value: name,
          allowed: `a region with EC2 prices (${EC2_PRICE_REGIONS.join(', ')}), or a price under rates.ec2.${name}`,
        });
      }
    }
  });
  for (const name of Object.keys(rates.ec2)) {
    try {
      instanceType(name);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      const near = closestNames(name, err.allowed ?? [], 3);
      issues.push({ path: `rates.ec2.${name}`, message: err.message, value: name, allowed: near.length > 0 ? `did you mean ${near.join(', ')}?` : undefined });
    }
  }

  // Every Fargate rate an alternative will be billed at must exist (or be given) for the region.
  if (issues.length === 0) {
    alternatives.forEach((alt, i) => {
      const c = alt.capacity;
      const spots = c.type === 'fargate' ? [c.spot] : c.type === 'cluster' && c.orchestrator === 'ecs' ? c.providers.flatMap((p) => (p.kind === 'fargate' ? [p.spot !== null] : [])) : c.type === 'cluster' ? c.providers.flatMap((p) => (p.kind === 'fargate' ? [false] : [])) : [];
      for (const spot of spots) {
        try {
          fargateRates({ region, rates } as Scenario, alt, spot);
        } catch (err) {
          issues.push({ path: `alternatives[${i}].capacity`, message: (err as Error).message, value: region, allowed: `a region with these Fargate rates, or the rates under rates.fargate` });
          break;
        }
      }
    });
  }

  return {
    file,
    name: parsed.name,
    description: parsed.description ?? '',
    seed: parsed.seed ?? DEFAULTS.seed,
    replications: parsed.replications ?? 1,
    region,
    horizonSeconds: parsed.horizon,
    tickSeconds,
    mode: parsed.mode ?? 'fluid',
    workload: parsed.workload ? { curve: resolveCurve(parsed.workload.rps as CurveParsed), noiseSigma: parsed.workload.noise ?? 0 } : { curve: { type: 'constant', rps: 0 }, noiseSigma: 0 },
    slo: { latencyP95Seconds: parsed.slo?.latencyP95 ?? DEFAULTS.sloLatencyP95Seconds, maxMinutesOverShare: parsed.slo?.maxMinutesOver ?? DEFAULTS.sloMaxMinutesOver },
    rates,
    alternatives,
  };
}
