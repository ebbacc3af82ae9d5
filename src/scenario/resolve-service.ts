// A service and its batch jobs as resolved: task size, lifecycle distributions, autoscaling
// policies (with CloudWatch's defaults), deployments; an alternative's overrides merged on top.

import type { DistributionSpec } from '../engine/index.js';
import { ECS_METRIC_DELAY_SECONDS, ECS_METRIC_PERIODS, PREDICTIVE_SCALING_DEFAULTS } from '../catalog/index.js';
import { FieldError } from '../domain/errors.js';
import { parseCron } from '../domain/cron.js';
import { DEFAULT_WARM_START, MAX_STOP_TIMEOUT_SECONDS, defaultLifecycle } from '../domain/lifecycle.js';
import type { Autoscaling, DeploymentSpec, JobsModel, Lifecycle, Os, ServiceModel, TaskSize } from '../domain/scenario.js';
import { DEFAULTS, mergeDefinition, resolveDistribution, type Issues } from './defaults.js';
import { MAX_CONCURRENCY, type DistributionInput, type JobsOverrideParsed, type JobsParsed, type ServiceOverrideParsed, type ServiceParsed } from './schema.js';

export function mergeService(base: ServiceParsed, over: ServiceOverrideParsed | undefined): ServiceParsed {
  const merged = mergeDefinition(base, over as Partial<Record<keyof ServiceParsed, unknown>> | undefined);
  return over?.autoscaling ? { ...merged, autoscaling: { ...base.autoscaling, ...over.autoscaling } as ServiceParsed['autoscaling'] } : merged;
}

type LifecycleParsed = NonNullable<ServiceParsed['lifecycle']>;

type AutoscalingParsed = NonNullable<ServiceParsed['autoscaling']>;

/** What the scenario leaves out comes from `defaultLifecycle` (Windows: a bigger image, a slower start; jobs: no load balancer). */
function resolveLifecycle(l: LifecycleParsed | undefined, at: string, issues: Issues, os: Os, kind: 'service' | 'jobs'): Lifecycle {
  const base = defaultLifecycle(os, kind);
  const d = (v: DistributionInput | undefined, fallback: DistributionSpec): DistributionSpec => (v === undefined ? fallback : resolveDistribution(v, 0));
  const stopTimeoutSeconds = l?.stopTimeout ?? base.stopTimeoutSeconds;
  if (stopTimeoutSeconds > MAX_STOP_TIMEOUT_SECONDS) {
    issues.push({ path: `${at}.lifecycle.stopTimeout`, message: 'stopTimeout is longer than ECS allows', value: l?.stopTimeout, allowed: `at most ${MAX_STOP_TIMEOUT_SECONDS}s` });
  }
  return {
    eniProvisioning: d(l?.eniProvisioning as DistributionInput, base.eniProvisioning),
    pullOverhead: d(l?.pullOverhead as DistributionInput, base.pullOverhead),
    imageSizeMiB: l?.imageSize ?? base.imageSizeMiB,
    pullBandwidthMiBps: l?.pullBandwidth ?? base.pullBandwidthMiBps,
    containerStart: d(l?.containerStart as DistributionInput, base.containerStart),
    healthCheck: d(l?.healthCheck as DistributionInput, base.healthCheck),
    deregistrationDelaySeconds: l?.deregistrationDelay ?? base.deregistrationDelaySeconds,
    stopTime: d(l?.stopTime as DistributionInput, base.stopTime),
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
    periodSeconds: resolvePeriod(p.resolution, p.metric, `${at}.autoscaling.targetTracking[${i}].resolution`, issues),
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
  const predictive = a.predictive
    ? {
        metric: a.predictive.metric,
        target: a.predictive.target,
        mode: a.predictive.mode ?? 'ForecastOnly',
        schedulingBufferSeconds: a.predictive.schedulingBufferTime ?? PREDICTIVE_SCALING_DEFAULTS.schedulingBufferSeconds,
        lookbackDays: a.predictive.lookbackDays ?? 7,
      }
    : null;
  if (predictive && predictive.schedulingBufferSeconds >= 3600) {
    issues.push({ path: `${at}.autoscaling.predictive.schedulingBufferTime`, message: 'the buffer must be shorter than the one-hour forecast interval', value: a.predictive?.schedulingBufferTime, allowed: '0s to 3599s' });
  }
  if (predictive && hpa) {
    issues.push({ path: `${at}.autoscaling.predictive`, message: 'predictive scaling is an Application Auto Scaling policy, not allowed with an HPA', value: 'hpa + predictive', allowed: 'one of them' });
  }
  return { predictive, minCapacity: a.minCapacity, maxCapacity: a.maxCapacity, metricDelaySeconds: a.metricDelay ?? ECS_METRIC_DELAY_SECONDS.standard, highResolutionMetricDelaySeconds: a.highResolutionMetricDelay ?? ECS_METRIC_DELAY_SECONDS.highResolution, targetTracking, stepScaling, scheduled, hpa };
}

/** 60 s, or 20 s for ECS's high-resolution CPU and memory metrics (the ALB's request count has no such variant). */
function resolvePeriod(resolution: number | undefined, metric: string, path: string, issues: Issues): number {
  if (resolution === undefined || resolution === ECS_METRIC_PERIODS.standardSeconds) return ECS_METRIC_PERIODS.standardSeconds;
  if (resolution !== ECS_METRIC_PERIODS.highResolutionSeconds) {
    issues.push({ path, message: 'ECS service metrics come at 60-second or 20-second resolution', value: resolution, allowed: '60s or 20s' });
  } else if (metric === 'requestsPerTarget') {
    issues.push({ path, message: 'only cpu and memory have a 20-second high-resolution metric', value: resolution, allowed: '60s for requestsPerTarget' });
  }
  return ECS_METRIC_PERIODS.highResolutionSeconds;
}

export function mergeJobs(base: JobsParsed, over: JobsOverrideParsed | undefined): JobsParsed {
  return mergeDefinition(base, over as Partial<Record<keyof JobsParsed, unknown>> | undefined);
}

export function resolveJobs(j: JobsParsed, at: string, issues: Issues): JobsModel {
  if (j.arrivals.type === 'poisson' && j.arrivals.rate <= 0) {
    // The mean gap would be infinite: the run stopped with "exponential: mean must be a finite number".
    issues.push({ path: `${at}.arrivals.rate`, message: 'a Poisson rate of 0 brings no jobs', value: j.arrivals.rate, allowed: 'a rate above 0, e.g. "90 rph", or no jobs section' });
  }
  if (j.arrivals.type === 'every' && j.arrivals.interval <= 0) {
    issues.push({ path: `${at}.arrivals.interval`, message: 'jobs every 0 s would be endless jobs at one instant', value: j.arrivals.interval, allowed: 'an interval above 0, e.g. 10m' });
  }
  const task = resolveTaskSize(j.task);
  // Standalone tasks have no load balancer: no health check wait, no deregistration delay.
  const lifecycle = resolveLifecycle(j.lifecycle, at, issues, task.os, 'jobs');
  return {
    name: j.name ?? 'jobs',
    task,
    arrival: j.arrivals.type === 'poisson' ? { type: 'poisson', perSecond: j.arrivals.rate } : { type: 'every', seconds: j.arrivals.interval },
    duration: resolveDistribution(j.duration as DistributionInput, 0),
    maxConcurrent: j.maxConcurrent ?? Infinity,
    lifecycle,
    launchRate: j.launchRate ?? null,
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

export function resolveService(s: ServiceParsed, at: string, issues: Issues): ServiceModel {
  const baseLatencySeconds = s.baseLatency ?? DEFAULTS.baseLatencySeconds;
  const concurrency = s.concurrency ?? Math.max(1, Math.round(s.taskCapacity * baseLatencySeconds));
  if (s.taskCapacity <= 0) {
    // CPU is served / (tasks × taskCapacity): zero makes every metric NaN and every request a drop.
    issues.push({ path: `${at}.taskCapacity`, message: 'a task must serve some requests: taskCapacity is the rate one task serves at 100 % CPU', value: s.taskCapacity, allowed: 'a rate above 0, e.g. "60 rps"' });
  }
  if (s.concurrency === undefined && concurrency > MAX_CONCURRENCY) {
    issues.push({
      path: `${at}.taskCapacity`,
      message: `taskCapacity × baseLatency gives a concurrency of ${concurrency} requests per task, more than the latency model takes`,
      value: s.taskCapacity,
      allowed: `set concurrency (at most ${MAX_CONCURRENCY}), or a smaller taskCapacity or baseLatency`,
    });
  }
  return {
    name: s.name ?? 'service',
    task: resolveTaskSize(s.task),
    desiredCount: s.desiredCount,
    warmStart: s.warmStart ?? DEFAULT_WARM_START,
    taskCapacityRps: s.taskCapacity,
    baseLatencySeconds,
    concurrency,
    queueLimitPerTask: s.queueLimit ?? DEFAULTS.queueLimitPerTask,
    startLatency: s.startLatency === undefined ? null : resolveDistribution(s.startLatency as DistributionInput, DEFAULTS.startLatencySeconds),
    lifecycle: resolveLifecycle(s.lifecycle, at, issues, s.task.os ?? 'linux', 'service'),
    launchRate: s.launchRate ?? null,
    eniRate: s.eniRate ?? null,
    autoscaling: resolveAutoscaling(s.autoscaling, at, issues),
    deployments: resolveDeployments(s.deployments),
    memoryUtilization: s.memoryUtilization ?? DEFAULTS.memoryUtilization,
  };
}
