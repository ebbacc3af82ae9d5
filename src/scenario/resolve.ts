// Turns a schema-valid scenario into the resolved `Scenario`: merges each alternative's service
// overrides, applies defaults, and checks everything that needs the catalog (Fargate sizes,
// instance types, regions, architectures). Problems are collected, not thrown one at a time.
// Each concern resolves in its own module: workload, service (and jobs), capacity, billing.

import { sampler, type DistributionSpec } from '../engine/index.js';
import type { Alternative, Lifecycle, Scenario } from '../domain/scenario.js';
import { DEFAULTS, type Issues } from './defaults.js';
import { FieldError } from '../domain/errors.js';
import { parseGates } from '../domain/gates.js';
import { checkEc2Prices, checkFargateRates, checkOtherRateNames, resolveCommitments, resolveExtras, resolveRates } from './resolve-billing.js';
import { checkFleetAddresses, resolveCapacity } from './resolve-capacity.js';
import { resolveInstanceTypes } from './resolve-instance-types.js';
import { checkUnmovable } from './resolve-eks.js';
import { mergeJobs, mergeService, resolveJobs, resolveService } from './resolve-service.js';
import { checkCurveExpressions, resolveCurve } from './resolve-workload.js';
import { estimateRun, runTooBig } from './estimate.js';
import type { CurveParsed, JobsOverrideParsed, JobsParsed, ScenarioParsed, ServiceOverrideParsed, ServiceParsed } from './schema.js';

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
  if (alt.capacity.type === 'lambda') {
    check(alt.capacity.duration, `${at}.capacity.duration`);
    check(alt.capacity.coldStart, `${at}.capacity.coldStart`);
  }
  if (alt.capacity.type === 'cluster') alt.capacity.providers.forEach((p, i) => p.kind === 'asg' && check(p.launchLatency, `${at}.capacity.providers[${i}].asg.launchLatency`));
}

/** Lambda takes Compute Savings Plans only; App Runner no commitment at all (aws-facts §2.5). */
function checkFunctionCommitments(alt: Alternative, at: string, issues: Issues): void {
  const c = alt.capacity;
  if (c.type !== 'lambda' && c.type !== 'app-runner') return;
  const { reservedInstances, savingsPlans } = alt.commitments;
  if (reservedInstances.length > 0) issues.push({ path: `${at}.commitments.reservedInstances`, message: `Reserved Instances cover EC2 instances, not ${c.type === 'lambda' ? 'Lambda' : 'App Runner'}`, value: reservedInstances.length, allowed: 'no reservedInstances on this alternative' });
  savingsPlans.forEach((sp, i) => {
    if (c.type === 'app-runner') issues.push({ path: `${at}.commitments.savingsPlans[${i}]`, message: 'no Savings Plan covers App Runner', value: sp.type, allowed: 'no savingsPlans on an app-runner alternative' });
    else if (sp.type !== 'compute') issues.push({ path: `${at}.commitments.savingsPlans[${i}].type`, message: 'EC2 Instance Savings Plans cover one EC2 family, not Lambda', value: sp.type, allowed: 'compute' });
  });
}

const describeDistributionHelp = 'constant, uniform (min ≤ max), exponential (mean > 0), normal (stddev ≥ 0), lognormal (mean and p99 with 1 < p99/mean ≤ 14.97, or mu and sigma), empirical (samples)';

export function resolveScenario(parsed: ScenarioParsed, file: string, issues: Issues, opts: { estimate?: boolean } = {}): Scenario {
  const region = parsed.region ?? DEFAULTS.region;
  if (parsed.workload) checkCurveExpressions(parsed.workload.rps as CurveParsed, 'workload.rps', issues, parsed.horizon);
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
  checkOtherRateNames(rates, issues);
  const instanceTypes = resolveInstanceTypes(parsed.instanceTypes, parsed.catalog?.instanceTypes, file, issues);
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
    const capacity = resolveCapacity(alt.capacity, tasks, at, issues, region, instanceTypes);
    checkFleetAddresses(capacity, region, at, issues);
    checkUnmovable(capacity, [svc?.name, jobs?.name].filter((n): n is string => n !== undefined), at, issues);
    const resolved: Alternative = {
      name: alt.name,
      capacity,
      service: svc,
      jobs,
      extras: resolveExtras(parsed.extras, alt.extras, capacity, region, rates, `${at}.extras`, issues),
      commitments: resolveCommitments(alt.commitments, tasks[0]?.task.os ?? 'linux', `${at}.commitments`, issues, instanceTypes),
    };
    checkFunctionCommitments(resolved, at, issues);
    checkDistributions(resolved, at, issues);
    return resolved;
  });

  checkEc2Prices(alternatives, rates, region, issues, instanceTypes);
  // Every Fargate rate an alternative will be billed at must exist (or be given) for the region.
  checkFargateRates(alternatives, rates, region, file, issues);

  const scenario: Scenario = {
    file,
    name: parsed.name,
    description: parsed.description ?? '',
    seed: parsed.seed ?? DEFAULTS.seed,
    replications: parsed.replications ?? 1,
    region,
    horizonSeconds: parsed.horizon,
    tickSeconds,
    mode: parsed.mode ?? 'fluid',
    workload: parsed.workload ? { curve: resolveCurve(parsed.workload.rps as CurveParsed, { scenarioFile: file, issues }), noiseSigma: parsed.workload.noise ?? 0 } : { curve: { type: 'constant', rps: 0 }, noiseSigma: 0 },
    slo: {
      latencyP95Seconds: parsed.slo?.latencyP95 ?? DEFAULTS.sloLatencyP95Seconds,
      maxMinutesOverShare: parsed.slo?.maxMinutesOver ?? DEFAULTS.sloMaxMinutesOver,
      // Absent unless declared, so the scenario hash of a scenario without it is unchanged.
      ...(parsed.slo?.maxDroppedShare !== undefined ? { maxDroppedShare: parsed.slo.maxDroppedShare } : {}),
    },
    rates,
    alternatives,
    thresholds: resolveThresholds(parsed.thresholds, issues),
    // Absent unless declared, so the scenario hash of a scenario without them is unchanged.
    ...(instanceTypes.length > 0 ? { instanceTypes } : {}),
  };
  // Only a scenario that is otherwise sound is sized: the estimate reads every part of it.
  if (issues.length === 0 && opts.estimate !== false) {
    const tooBig = runTooBig(estimateRun(scenario));
    if (tooBig) issues.push({ ...tooBig, value: valueAtPath(parsed, tooBig.path) });
  }
  return scenario;
}

function resolveThresholds(input: string | string[] | undefined, issues: Issues): string[] {
  if (input === undefined) return [];
  try {
    return parseGates(input).map((g) => g.text);
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    issues.push({ path: 'thresholds', message: err.message, value: input, allowed: err.allowed });
    return [];
  }
}

/** The value the file gave at a resolved path (for "got …"): the alternative's, else the inherited one. */
function valueAtPath(parsed: ScenarioParsed, path: string): unknown {
  const get = (p: string) => {
    let node: unknown = parsed;
    for (const part of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[part[2] ?? part[1]];
    }
    return node;
  };
  return get(path) ?? get(path.replace(/^alternatives\[\d+\]\./, ''));
}
