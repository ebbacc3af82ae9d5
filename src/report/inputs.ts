// The Inputs section: what the run was given, read back from the resolved scenario: workload
// (curve or trace, the busiest minute), SLO rule, drop budget, horizon, seed and replications, and
// per alternative its capacity, task size, scaling policies and the lifecycle settings in force
// (set in the scenario, AWS's defaults, capsim's assumptions). `inputRowsOf` needs only the
// resolved scenario and a few figures, so `capsim validate` prints the same rows before any run;
// `inputRows` fills them from a result. A result whose resolved scenario lacks a part (an older
// or hand-made one) shows "—" there rather than guessing.

import type { DistributionSpec } from '../engine/index.js';
import { DROP_BUDGET_MARGIN, type ComparisonResult } from '../domain/result.js';
import { LAMBDA_LIMITS } from '../catalog/index.js';
import { functionPlatformText, type Alternative, type AppRunnerCapacity, type AsgProviderSpec, type Autoscaling, type Capacity, type Curve, type LambdaCapacity, type Lifecycle, type Scenario, type TaskSize } from '../domain/scenario.js';
import { APP_RUNNER_DEFAULTS, DEFAULT_WARM_START, LAMBDA_DEFAULTS, LIFECYCLE_DEFAULT_BASIS, defaultInstanceLaunch, defaultLifecycle, sameSetting, type DefaultBasis } from '../domain/lifecycle.js';
import { dropBudgetText, jobsOnly, sloRuleText } from './columns.js';
import { formatCount, formatDuration, formatNumber, formatRunTime, formatShareExact } from './format.js';

/** The lifecycle settings in force, in words, by where each comes from. */
export interface LifecycleInputs {
  /** Set in the scenario (differs from capsim's default). */
  set: string[];
  /** Defaults AWS applies itself (the ALB's deregistration delay, ECS's stopTimeout). */
  aws: string[];
  /** capsim's defaults where AWS publishes no figure: assumptions. */
  assumed: string[];
}

export interface InputAlternative {
  name: string;
  capacity: string;
  task: string;
  scaling: string;
  /** Null when the resolved scenario does not hold the alternative. */
  lifecycle: LifecycleInputs | null;
}

export interface InputRows {
  /** Run-wide inputs: label and value (plain text). */
  run: [string, string][];
  /** One row per alternative, in the scenario's order. */
  alternatives: InputAlternative[];
}

/** What the rows are built from: the resolved scenario, and what a run (or the scenario itself) says besides. */
export interface InputView {
  /** The resolved scenario, as far as it holds. */
  scenario: Partial<Scenario>;
  seed: number;
  horizonSeconds: number;
  tickSeconds: number;
  /** Batch jobs only: no workload, SLO or drop budget. */
  jobsOnly: boolean;
  slo: { latencyP95Ms: number; maxMinutesOverShare: number | undefined };
  /** The drop budget in words, or null for none. */
  dropBudget: string | null;
  /** The busiest minute's offered load (rps, minute average) at the run's seed; null when unknown. */
  busiestMinuteRps: number | null;
  /** The alternatives in the scenario's order, with a platform line to fall back on. */
  alternatives: { name: string; platform: string }[];
}

const rps = (n: number): string => `${formatNumber(n, n % 1 === 0 ? 0 : 1)} rps`;

/** A demand curve in words: `150 rps + spike to 750 rps at day 1, 14:00 (ramp 2 min, hold 20 min, down 5 min)`. */
export function curveText(c: Curve): string {
  switch (c.type) {
    case 'constant':
      return `constant ${rps(c.rps)}`;
    case 'diurnal':
      return `diurnal ${rps(c.baseRps)} to ${rps(c.peakRps)}, peak at ${formatNumber(c.peakHour, 0)}:00, weekends × ${formatNumber(c.weekendFactor, 2)}`;
    case 'steps':
      return `steps from ${rps(c.initialRps)}: ${c.steps.map((s) => `${rps(s.rps)} at ${formatRunTime(s.atSeconds)}`).join(', ')}`;
    case 'spike':
      return `spike ${c.baseRps === 0 ? `of ${rps(c.peakRps)}` : `from ${rps(c.baseRps)} to ${rps(c.peakRps)}`} at ${formatRunTime(c.atSeconds)} (ramp up ${formatDuration(c.rampUpSeconds)}, hold ${formatDuration(c.holdSeconds)}, ramp down ${formatDuration(c.rampDownSeconds)})`;
    case 'expression':
      return `expression ${c.expr}`;
    case 'sum':
      return c.terms.map(curveText).join(' + ');
    case 'trace': {
      const options = [c.interpolate, ...(c.scale !== 1 ? [`× ${c.scale}`] : []), ...(c.shiftSeconds > 0 ? [`shifted ${formatDuration(c.shiftSeconds)}`] : []), ...(c.loop ? ['looped'] : [])];
      return `trace ${c.file} (${options.join(', ')})`;
    }
  }
}

/** The busiest minute of a result's offered load (the demand every alternative shares), rps. */
export function busiestMinuteRps(result: ComparisonResult): number {
  let peak = 0;
  for (const v of result.alternatives[0]?.series.offeredRps ?? []) if (v > peak) peak = v;
  return peak;
}

function taskText(t: TaskSize | undefined): string {
  if (!t) return '—';
  // 0.25 vCPU, 0.5 GiB: no padded decimals.
  return `${Number((t.cpuUnits / 1024).toFixed(3))} vCPU / ${Number((t.memoryMiB / 1024).toFixed(3))} GiB, ${t.os}/${t.arch}`;
}

function capacityText(c: Capacity | undefined): string {
  if (!c) return '—';
  if (c.type === 'fargate') return c.spot ? 'Fargate Spot' : 'Fargate';
  if (c.type === 'ec2') return `EC2 ${formatCount(c.instances)} × ${c.instanceType}, ${c.networkMode}${c.trunking ? ' with trunking' : ''}`;
  if (c.type === 'lambda' || c.type === 'app-runner') return functionPlatformText(c);
  if (c.managedInstances) {
    const p = c.providers[0];
    return `ECS Managed Instances (${c.managedInstances.selection}): ${p.kind === 'asg' ? `${p.instanceTypes.join('/')} (${p.minSize}–${p.maxSize} instances)` : p.name}, fee ${formatNumber(Number(c.managedInstances.feeShareOfOnDemand) * 100, 2)}% of on-demand`;
  }
  const providers = c.providers.map((p) => (p.kind === 'fargate' ? p.name : `${p.name}: ${p.purchase} ${p.instanceTypes.join('/')} (${p.minSize}–${p.maxSize} instances)`));
  // With more than one provider, how tasks are split over them.
  const strategy = (c.strategy ?? []).length > 1 ? `; strategy ${c.strategy.map((s) => `${s.provider}${s.base > 0 ? ` base ${s.base}` : ''} weight ${s.weight}`).join(', ')}` : '';
  return `${c.orchestrator.toUpperCase()} cluster: ${providers.join('; ')}${strategy}`;
}

const METRIC: Record<string, string> = { cpu: 'CPU', memory: 'memory', requestsPerTarget: 'requests per target' };

/**
 * What a function or App Runner service runs with, in the task column: the service's task size,
 * autoscaling and lifecycle do not apply to them (docs/scenarios.md).
 */
function functionText(c: LambdaCapacity | AppRunnerCapacity): string {
  if (c.type === 'app-runner') return `instance ${c.cpuUnits / 1024} vCPU / ${c.memoryMiB / 1024} GB`;
  const vcpu = Number((c.memoryMiB / LAMBDA_LIMITS.memoryMiBPerVcpu).toFixed(3));
  const duration = c.duration ? distributionText(c.duration) : "derived from the service's request (exponential)";
  return [
    `function ${formatCount(c.memoryMiB)} MB (${vcpu} vCPU), ${c.arch}`,
    `duration ${duration}${c.batchSize > 1 ? ` per batch of ${formatCount(c.batchSize)}` : ''}, stopped at the ${LAMBDA_LIMITS.maxTimeoutSeconds} s timeout`,
    `ephemeral storage ${formatCount(c.ephemeralStorageMiB)} MB`,
    c.freeTier ? 'free tier on (1,000,000 requests and 400,000 GB-s a 730-hour month, prorated for a shorter run)' : 'free tier off',
  ].join('; ');
}

/** How a function or App Runner service scales, in the scaling column. */
function functionScalingText(c: LambdaCapacity | AppRunnerCapacity): string {
  if (c.type === 'app-runner') return `${formatCount(c.minInstances)}–${formatCount(c.maxInstances)} instances, scaling out above ${formatCount(c.maxConcurrency)} requests in flight per instance`;
  const limit = c.reservedConcurrency !== null ? `reserved concurrency ${formatCount(c.reservedConcurrency)}` : `the account's ${formatCount(c.accountConcurrency)}`;
  return [
    `concurrency = invocations/s × duration, up to ${limit}`,
    `provisioned concurrency ${formatCount(c.provisionedConcurrency)}`,
    `new environments ${formatCount(LAMBDA_LIMITS.scalingBurst)} at once, then ${formatCount(LAMBDA_LIMITS.scalingRefillPerSecond)} a second`,
    `throttled requests ${c.onThrottle === 'retry' ? 'retried' : 'dropped'}`,
  ].join('; ');
}

function scalingText(alt: Alternative): string {
  const svc = alt.service;
  if (!svc) return alt.jobs ? 'batch jobs, no service to scale' : '—';
  const a: Autoscaling | null = svc.autoscaling;
  if (!a) return `fixed at ${formatCount(svc.desiredCount)} tasks`;
  const parts = [`${formatCount(a.minCapacity)}–${formatCount(a.maxCapacity)} tasks (start ${formatCount(svc.desiredCount)})`];
  for (const t of a.targetTracking ?? []) {
    parts.push(`target tracking ${METRIC[t.metric] ?? t.metric} at ${formatNumber(t.target, t.target % 1 === 0 ? 0 : 1)}${t.metric === 'requestsPerTarget' ? ' requests' : '%'} (scale-out cooldown ${formatDuration(t.scaleOutCooldownSeconds)}, scale-in ${formatDuration(t.scaleInCooldownSeconds)})`);
  }
  for (const s of a.stepScaling ?? []) parts.push(`step scaling on ${METRIC[s.metric] ?? s.metric} ${s.comparison} ${formatNumber(s.threshold, 1)} (${s.steps.length} steps)`);
  if ((a.scheduled ?? []).length > 0) parts.push(`${a.scheduled.length} scheduled action${a.scheduled.length === 1 ? '' : 's'}`);
  if (a.hpa) parts.push(`HPA ${a.hpa.metric} ${formatNumber(a.hpa.targetPercent, 0)}%`);
  return parts.join('; ');
}

// ---- lifecycle ---------------------------------------------------------------------------------

/** Seconds as written: `2 s`, `0.3 s`, `5 min`. */
function seconds(s: number): string {
  return s < 120 ? `${Number(s.toFixed(3))} s` : formatDuration(s);
}

/** A phase's distribution in words, in seconds: `2 s`, `uniform 0–30 s`, `lognormal, mean 10 s, p99 25 s`. */
export function distributionText(d: DistributionSpec): string {
  switch (d.type) {
    case 'constant':
      return seconds(d.value);
    case 'uniform':
      return `uniform ${Number(d.min.toFixed(3))}–${seconds(d.max)}`;
    case 'exponential':
      return `exponential, mean ${seconds(d.mean)}`;
    case 'normal':
      return `normal, mean ${seconds(d.mean)}, sd ${seconds(d.stddev)}${d.min === undefined ? '' : `, at least ${seconds(d.min)}`}`;
    case 'lognormal':
      return 'mean' in d ? `lognormal, mean ${seconds(d.mean)}, p99 ${seconds(d.p99)}` : `lognormal, μ ${Number(d.mu.toFixed(3))}, σ ${Number(d.sigma.toFixed(3))}`;
    case 'empirical':
      return `empirical, ${formatCount(d.samples.length)} samples${d.interpolate ? ', interpolated' : ''}`;
  }
}

/** One setting in force: its words, and where it comes from (`set` when it differs from the default). */
interface Setting {
  text: string;
  from: 'set' | DefaultBasis;
}

const setting = (label: string, value: unknown, fallback: unknown, basis: DefaultBasis, words: string): Setting => ({
  text: `${label} ${words}`,
  from: sameSetting(value, fallback) ? basis : 'set',
});

/** The task gets its own ENI, so PROVISIONING attaches one (Fargate; ECS on EC2 in awsvpc mode; not EKS nodes). */
function attachesEni(c: Capacity): boolean {
  if (c.type === 'fargate') return true;
  if (c.type === 'ec2') return c.networkMode === 'awsvpc';
  if (c.type !== 'cluster') return false;
  return c.providers.some((p) => p.kind === 'fargate') || (c.orchestrator === 'ecs' && c.networkMode === 'awsvpc');
}

/** A task definition's phases (a service's or the jobs'), each against its default. */
function taskPhases(l: Lifecycle, base: Lifecycle, c: Capacity, kind: 'service' | 'jobs', prefix: string): Setting[] {
  const B = LIFECYCLE_DEFAULT_BASIS;
  const one = <K extends keyof Lifecycle>(key: K, label: string, words: string): Setting => setting(`${prefix}${label}`, l[key], base[key], B[key], words);
  const out: Setting[] = [];
  if (attachesEni(c)) out.push(one('eniProvisioning', 'ENI attach', distributionText(l.eniProvisioning)));
  out.push(
    one('imageSizeMiB', 'image', `${formatNumber(l.imageSizeMiB, l.imageSizeMiB % 1 === 0 ? 0 : 1)} MiB`),
    one('pullBandwidthMiBps', 'pull bandwidth', `${formatNumber(l.pullBandwidthMiBps, l.pullBandwidthMiBps % 1 === 0 ? 0 : 1)} MiB/s`),
    one('pullOverhead', 'pull overhead', distributionText(l.pullOverhead)),
    one('containerStart', 'container start', distributionText(l.containerStart)),
  );
  // Standalone tasks have no load balancer: nothing to wait for unless the scenario says so.
  if (kind === 'service' || !sameSetting(l.healthCheck, base.healthCheck)) out.push(one('healthCheck', 'health check', distributionText(l.healthCheck)));
  if (kind === 'service' || l.deregistrationDelaySeconds !== base.deregistrationDelaySeconds) out.push(one('deregistrationDelaySeconds', 'deregistration delay', seconds(l.deregistrationDelaySeconds)));
  return out;
}

function stopPhases(l: Lifecycle, base: Lifecycle, prefix: string): Setting[] {
  const B = LIFECYCLE_DEFAULT_BASIS;
  return [
    setting(`${prefix}stop`, l.stopTime, base.stopTime, B.stopTime, distributionText(l.stopTime)),
    setting(`${prefix}stop timeout`, l.stopTimeoutSeconds, base.stopTimeoutSeconds, B.stopTimeoutSeconds, seconds(l.stopTimeoutSeconds)),
  ];
}

/** Every lifecycle setting in force for one alternative. */
function lifecycleSettings(alt: Alternative): Setting[] {
  const c = alt.capacity;
  if (c.type === 'lambda') {
    return [
      setting('cold start (INIT)', c.coldStart, LAMBDA_DEFAULTS.coldStart, 'assumption', distributionText(c.coldStart)),
      setting('idle environments reclaimed after', c.idleReclaimSeconds, LAMBDA_DEFAULTS.idleReclaimSeconds, 'assumption', `${seconds(c.idleReclaimSeconds)} on average`),
      ...(alt.service ? [warmStart(alt.service.warmStart, 'initial environments')] : []),
    ];
  }
  if (c.type === 'app-runner') {
    return [
      setting('new instance serving after', c.scaleOutSeconds, APP_RUNNER_DEFAULTS.scaleOutSeconds, 'assumption', seconds(c.scaleOutSeconds)),
      setting('scale-in after', c.scaleInSeconds, APP_RUNNER_DEFAULTS.scaleInSeconds, 'assumption', `${seconds(c.scaleInSeconds)} of lower need`),
    ];
  }
  const out: Setting[] = [];
  const svc = alt.service;
  if (svc?.lifecycle) {
    const base = defaultLifecycle(svc.task.os, 'service');
    // startLatency replaces the start phases with one PENDING phase; the stop phases stay.
    if (svc.startLatency) out.push({ text: `start (one PENDING phase) ${distributionText(svc.startLatency)}`, from: 'set' });
    else out.push(...taskPhases(svc.lifecycle, base, c, 'service', ''));
    out.push(...stopPhases(svc.lifecycle, base, ''), warmStart(svc.warmStart, 'initial tasks'));
  }
  const jobs = alt.jobs;
  if (jobs?.lifecycle) {
    const base = defaultLifecycle(jobs.task.os, 'jobs');
    const prefix = svc ? 'jobs: ' : '';
    out.push(...taskPhases(jobs.lifecycle, base, c, 'jobs', prefix), ...stopPhases(jobs.lifecycle, base, prefix));
  }
  if (c.type === 'cluster') {
    const groups = c.providers.filter((p): p is AsgProviderSpec => p.kind === 'asg');
    const os = (svc ?? jobs)?.task.os ?? 'linux';
    for (const p of groups) {
      const label = groups.length > 1 ? `instance launch (${p.name})` : 'instance launch';
      out.push(setting(label, p.launchLatency, defaultInstanceLaunch(os), 'assumption', distributionText(p.launchLatency)));
    }
  }
  return out;
}

function warmStart(warm: boolean, what: string): Setting {
  return { text: warm ? `${what} serving at t = 0` : `${what} launched cold at t = 0`, from: warm === DEFAULT_WARM_START ? 'assumption' : 'set' };
}

/** The lifecycle settings in force for an alternative, grouped by where they come from. */
function lifecycleInputs(alt: Alternative): LifecycleInputs {
  const all = lifecycleSettings(alt);
  const of = (from: Setting['from']) => all.filter((s) => s.from === from).map((s) => s.text);
  return { set: of('set'), aws: of('aws'), assumed: of('assumption') };
}

// ---- the rows ----------------------------------------------------------------------------------

/** The default drop budget before a run: its rule, since the best alternative is not known yet. */
export function dropBudgetRuleText(declared: number | undefined): string {
  if (declared !== undefined) return dropBudgetText({ basis: 'scenario', maxDroppedShare: declared, best: null });
  return (
    `at most the lowest dropped share among the alternatives meeting the SLO + ${formatShareExact(DROP_BUDGET_MARGIN.relative)} of it + ` +
    `${formatNumber(DROP_BUDGET_MARGIN.absolute * 100, 2)} percentage points (known after the run)`
  );
}

export function inputRowsOf(view: InputView): InputRows {
  const sc = view.scenario;
  const run: [string, string][] = [];
  if (!view.jobsOnly) {
    const w = sc.workload;
    const busiest = view.busiestMinuteRps === null ? '' : `; busiest minute ${formatNumber(view.busiestMinuteRps, 1)} rps`;
    run.push(['Workload', w?.curve ? `${curveText(w.curve)}; per-minute noise σ ${formatNumber(w.noiseSigma ?? 0, 2)}${busiest}` : '—']);
    run.push(['SLO', `${sloRuleText(view.slo.latencyP95Ms, view.slo.maxMinutesOverShare)}; a minute whose p95 exceeds the target, or that drops any request, counts as a miss`]);
    if (view.dropBudget) run.push(['Drop budget', `to be recommended, ${view.dropBudget}`]);
  }
  run.push(['Horizon', `${formatDuration(view.horizonSeconds)}, fluid tick ${formatNumber(view.tickSeconds, view.tickSeconds % 1 ? 1 : 0)} s`]);
  const reps = typeof sc.replications === 'number' ? Math.max(1, sc.replications) : null;
  run.push(['Seed and replications', `seed ${view.seed}; ${reps === null ? '—' : reps === 1 ? 'one run per alternative' : `${formatCount(reps)} replications (seeds derived from it), ranked on their means`}`]);
  const alts = Array.isArray(sc.alternatives) ? sc.alternatives : [];
  return {
    run,
    alternatives: view.alternatives.map(({ name, platform }) => {
      const alt = alts.find((a) => a?.name === name);
      if (!alt?.capacity) return { name, capacity: platform, task: '—', scaling: '—', lifecycle: null };
      const c = alt.capacity;
      const serverless = c.type === 'lambda' || c.type === 'app-runner';
      return {
        name,
        capacity: capacityText(c),
        task: serverless ? functionText(c) : taskText((alt.service ?? alt.jobs)?.task),
        scaling: serverless ? functionScalingText(c) : scalingText(alt),
        lifecycle: lifecycleInputs(alt),
      };
    }),
  };
}

/** Reads the resolved scenario only as far as it holds what is asked. */
function resolvedOf(result: ComparisonResult): Partial<Scenario> {
  const r = result.scenario.resolved;
  return r !== null && typeof r === 'object' ? (r as Partial<Scenario>) : {};
}

/** The resolved scenario's alternatives, as far as a saved result holds them (none when it does not). */
export function resolvedAlternatives(result: ComparisonResult): Partial<Alternative>[] {
  const alts = resolvedOf(result).alternatives;
  return Array.isArray(alts) ? (alts as Partial<Alternative>[]) : [];
}

export function inputRows(result: ComparisonResult): InputRows {
  const s = result.scenario;
  const only = jobsOnly(result);
  return inputRowsOf({
    scenario: resolvedOf(result),
    seed: s.seed,
    horizonSeconds: s.horizonSeconds,
    tickSeconds: s.tickSeconds,
    jobsOnly: only,
    slo: { latencyP95Ms: s.sloLatencyP95Ms, maxMinutesOverShare: result.alternatives[0]?.slo.maxMinutesOverShare },
    dropBudget: result.dropBudget ? dropBudgetText(result.dropBudget) : null,
    busiestMinuteRps: only ? null : busiestMinuteRps(result),
    alternatives: result.alternatives.map((a) => ({ name: a.name, platform: a.platform })),
  });
}

/** The lifecycle table's columns after the alternative: where each setting in force comes from. */
export const LIFECYCLE_HEADERS = ['lifecycle set in the scenario', "AWS's defaults", "capsim's assumptions (defaults)"] as const;

/** A lifecycle group as one cell: its settings joined, or "—" when none. */
function lifecycleCell(items: string[] | undefined): string {
  return items && items.length > 0 ? items.join('; ') : '—';
}

/** An alternative's lifecycle row after its name: one cell per `LIFECYCLE_HEADERS` column, in that order. */
export function lifecycleCells(lifecycle: LifecycleInputs | null): string[] {
  return [lifecycle?.set, lifecycle?.aws, lifecycle?.assumed].map(lifecycleCell);
}
