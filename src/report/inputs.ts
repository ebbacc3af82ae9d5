// The Inputs section: what the run was given, read back from `scenario.resolved` (the resolved
// scenario results.json keeps): workload, SLO rule, seed and replications, and per alternative
// its capacity, task size and scaling policies. A result whose resolved scenario lacks a part
// (an older or hand-made one) shows "—" there rather than guessing.

import type { ComparisonResult } from '../domain/result.js';
import { functionPlatformText, type Alternative, type Autoscaling, type Capacity, type Curve, type Scenario, type TaskSize } from '../domain/scenario.js';
import { dropBudgetText, jobsOnly, sloText } from './columns.js';
import { formatCount, formatDuration, formatNumber, formatRunTime } from './format.js';

export interface InputRows {
  /** Run-wide inputs: label and value (plain text). */
  run: [string, string][];
  /** One row per alternative, in the scenario's order: name, capacity, task, scaling. */
  alternatives: { name: string; capacity: string; task: string; scaling: string }[];
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
  return `${c.orchestrator.toUpperCase()} cluster: ${providers.join('; ')}`;
}

const METRIC: Record<string, string> = { cpu: 'CPU', memory: 'memory', requestsPerTarget: 'requests per target' };

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

/** Reads the resolved scenario only as far as it holds what is asked. */
function resolvedOf(result: ComparisonResult): Partial<Scenario> {
  const r = result.scenario.resolved;
  return r !== null && typeof r === 'object' ? (r as Partial<Scenario>) : {};
}

export function inputRows(result: ComparisonResult): InputRows {
  const sc = resolvedOf(result);
  const s = result.scenario;
  const run: [string, string][] = [];
  if (!jobsOnly(result)) {
    const w = sc.workload;
    run.push(['Workload', w?.curve ? `${curveText(w.curve)}; per-minute noise σ ${formatNumber(w.noiseSigma ?? 0, 2)}` : '—']);
    run.push(['SLO', `${sloText(result)}; a minute whose p95 exceeds the target, or that drops any request, counts as a miss`]);
    if (result.dropBudget) run.push(['Drop budget', `to be recommended, ${dropBudgetText(result.dropBudget)}`]);
  }
  run.push(['Horizon', `${formatDuration(s.horizonSeconds)}, fluid tick ${formatNumber(s.tickSeconds, s.tickSeconds % 1 ? 1 : 0)} s`]);
  const reps = typeof sc.replications === 'number' ? Math.max(1, sc.replications) : null;
  run.push(['Seed and replications', `seed ${s.seed}; ${reps === null ? '—' : reps === 1 ? 'one run per alternative' : `${formatCount(reps)} replications (seeds derived from it), ranked on their means`}`]);
  const alts = Array.isArray(sc.alternatives) ? sc.alternatives : [];
  return {
    run,
    alternatives: result.alternatives.map((res) => {
      const alt = alts.find((a) => a?.name === res.name);
      if (!alt?.capacity) return { name: res.name, capacity: res.platform, task: '—', scaling: '—' };
      return { name: res.name, capacity: capacityText(alt.capacity), task: taskText((alt.service ?? alt.jobs)?.task), scaling: scalingText(alt) };
    }),
  };
}
