// Turns a schema-valid scenario into the resolved `Scenario`: merges each alternative's service
// overrides, applies defaults, and checks everything that needs the catalog (Fargate sizes,
// instance types, regions, architectures). Problems are collected, not thrown one at a time.

import type { DistributionSpec } from '../engine/index.js';
import {
  CatalogError,
  EC2_PRICE_REGIONS,
  FARGATE_REGIONS,
  INSTANCE_TYPES,
  instanceTypePrice,
  closestNames,
  fargateRateCard,
  instanceType,
  isValidFargateSize,
  nearestFargateSizes,
  type Rate,
} from '../catalog/index.js';
import { FieldError, type ScenarioIssue } from './errors.js';
import { parseCron } from './cron.js';
import type { CurveParsed, DistributionInput, JobsOverrideParsed, JobsParsed, RateInput, ScenarioParsed, ServiceOverrideParsed, ServiceParsed } from './schema.js';
import type { Alternative, Autoscaling, Capacity, Curve, DeploymentSpec, JobsModel, Lifecycle, PlacementStep, RateOverrides, Scenario, ServiceModel, TaskSize } from './types.js';

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

function resolveDistribution(input: DistributionInput | undefined, fallbackSeconds: number): DistributionSpec {
  if (input === undefined) return { type: 'constant', value: fallbackSeconds };
  if (typeof input === 'number') return { type: 'constant', value: input };
  if (input.type === 'lognormal') {
    if (input.mean !== undefined && input.p99 !== undefined) return { type: 'lognormal', mean: input.mean, p99: input.p99 };
    return { type: 'lognormal', mu: input.mu ?? 0, sigma: input.sigma ?? 0 };
  }
  return input as DistributionSpec;
}

function mergeService(base: ServiceParsed, over: ServiceOverrideParsed | undefined): ServiceParsed {
  if (!over) return base;
  return {
    ...base,
    ...over,
    task: { ...base.task, ...over.task },
    lifecycle: base.lifecycle || over.lifecycle ? { ...base.lifecycle, ...over.lifecycle } : undefined,
    autoscaling: over.autoscaling ? { ...base.autoscaling, ...over.autoscaling } : base.autoscaling,
  } as ServiceParsed;
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
  if (!over) return base;
  return {
    ...base,
    ...over,
    task: { ...base.task, ...over.task },
    lifecycle: base.lifecycle || over.lifecycle ? { ...base.lifecycle, ...over.lifecycle } : undefined,
  } as JobsParsed;
}

function resolveJobs(j: JobsParsed, at: string, issues: Issues): JobsModel {
  const lifecycle = resolveLifecycle(j.lifecycle, at, issues);
  // Standalone tasks have no load balancer: no health check wait, no deregistration delay.
  if (j.lifecycle?.healthCheck === undefined) lifecycle.healthCheck = { type: 'constant', value: 0 };
  if (j.lifecycle?.deregistrationDelay === undefined) lifecycle.deregistrationDelaySeconds = 0;
  return {
    name: j.name ?? 'jobs',
    task: {
      cpuUnits: j.task.cpu,
      memoryMiB: j.task.memory,
      ephemeralStorageGiB: j.task.ephemeralStorage ?? DEFAULTS.ephemeralStorageGiB,
      os: j.task.os ?? 'linux',
      arch: j.task.arch ?? 'x86_64',
    },
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

function resolveService(s: ServiceParsed, at: string, issues: Issues): ServiceModel {
  const baseLatencySeconds = s.baseLatency ?? DEFAULTS.baseLatencySeconds;
  const concurrency = s.concurrency ?? Math.max(1, Math.round(s.taskCapacity * baseLatencySeconds));
  return {
    name: s.name ?? 'service',
    task: {
      cpuUnits: s.task.cpu,
      memoryMiB: s.task.memory,
      ephemeralStorageGiB: s.task.ephemeralStorage ?? DEFAULTS.ephemeralStorageGiB,
      os: s.task.os ?? 'linux',
      arch: s.task.arch ?? 'x86_64',
    },
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
    if (step === 'spread:instanceId') return { type: 'spread', field: 'instanceId' };
    return { type: 'binpack', field: step === 'binpack:cpu' ? 'cpu' : 'memory' };
  });
}

type CapacityParsed = ScenarioParsed['alternatives'][number]['capacity'];

/** Checks the alternative's capacity against each of its task definitions (service, jobs). */
function resolveCapacity(c: CapacityParsed, tasks: { task: TaskSize; at: string }[], at: string, issues: Issues): Capacity {
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
  try {
    const type = instanceType(c.instanceType);
    for (const { task } of tasks) {
      if (type.arch !== task.arch) {
        issues.push({
          path: `${at}.capacity.instanceType`,
          message: `${type.name} is ${type.arch} but the task is built for ${task.arch}`,
          value: c.instanceType,
          allowed: `an ${task.arch} instance type, or set task.arch: ${type.arch} for this alternative`,
        });
      }
      if (task.cpuUnits > type.vcpu * 1024 || task.memoryMiB > type.memoryGiB * 1024) {
        issues.push({
          path: `${at}.capacity.instanceType`,
          message: `the task (${formatSize(task.cpuUnits, task.memoryMiB)}) does not fit on ${type.name} (${type.vcpu} vCPU / ${type.memoryGiB} GiB)`,
          value: c.instanceType,
          allowed: 'an instance type at least as large as the task',
        });
      }
    }
    if (resolved.trunking && type.trunkingTaskLimit === null) {
      issues.push({ path: `${at}.capacity.trunking`, message: `${type.name} does not support ENI trunking`, value: true, allowed: 'false, or an instance type that supports awsvpcTrunking' });
    }
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    const near = closestNames(c.instanceType, err.allowed ?? [], 3);
    issues.push({
      path: `${at}.capacity.instanceType`,
      message: err.message,
      value: c.instanceType,
      allowed: near.length > 0 ? `did you mean ${near.join(', ')}? (capsim catalog ec2 lists all types)` : 'a type from `capsim catalog ec2`',
    });
  }
  return resolved;
}

function toRate(input: RateInput): Rate {
  if (typeof input === 'string') return { usd: input, per: 'hour' };
  if ('usdPerSecond' in input) return { usd: input.usdPerSecond, per: 'second' };
  return { usd: input.usdPerHour, per: 'hour' };
}

function resolveRates(input: ScenarioParsed['rates']): RateOverrides {
  const out: RateOverrides = { fargate: {}, ec2: {} };
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
  const usesFargate = parsed.alternatives.some((a) => a.capacity.type !== 'ec2');
  if (usesFargate) {
    try {
      fargateRateCard(region);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({ path: 'region', message: `no Fargate rates for region ${region}`, value: region, allowed: FARGATE_REGIONS.join(', ') });
    }
  }
  const tickSeconds = parsed.tick ?? DEFAULTS.tickSeconds;
  const ticksPerMinute = 60 / tickSeconds;
  if (tickSeconds <= 0 || tickSeconds > 60 || Math.abs(ticksPerMinute - Math.round(ticksPerMinute)) > 1e-9) {
    issues.push({ path: 'tick', message: 'the tick must divide a minute evenly', value: parsed.tick, allowed: '1s, 2s, 5s, 10s, 15s, 20s, 30s, 60s (or fractions of a second that divide 1s)' });
  }
  if (parsed.horizon < 60) issues.push({ path: 'horizon', message: 'the horizon is shorter than one minute', value: parsed.horizon, allowed: 'at least 60s' });

  if (!parsed.service && !parsed.jobs) {
    issues.push({ path: '(top level)', message: 'a scenario needs a service, jobs, or both', value: undefined, allowed: 'a `service:` section (with `workload:`) and/or a `jobs:` section' });
  }
  if (parsed.service && !parsed.workload) {
    issues.push({ path: 'workload', message: 'missing required field: a service needs a workload (its rps curve)', allowed: 'workload: { rps: { type: constant, rps: 100 } }' });
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
    const capacity = resolveCapacity(alt.capacity, tasks, at, issues);
    return { name: alt.name, capacity, service: svc, jobs };
  });

  const rates = resolveRates(parsed.rates);
  alternatives.forEach((alt, i) => {
    const c = alt.capacity;
    if (c.type !== 'ec2' || rates.ec2[c.instanceType]) return;
    if (!INSTANCE_TYPES.some((t) => t.name === c.instanceType)) return; // already reported as unknown
    try {
      instanceTypePrice(c.instanceType, region);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({
        path: `alternatives[${i}].capacity.instanceType`,
        message: `no on-demand price for ${c.instanceType} in ${region} in the catalog`,
        value: c.instanceType,
        allowed: `a region with EC2 prices (${EC2_PRICE_REGIONS.join(', ')}), or a price under rates.ec2.${c.instanceType}`,
      });
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

  return {
    file,
    name: parsed.name,
    description: parsed.description ?? '',
    seed: parsed.seed ?? DEFAULTS.seed,
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
