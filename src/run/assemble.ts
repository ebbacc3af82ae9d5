// Turns what one run recorded (gauges, fluid minutes, meters) into an `AlternativeResult`.
// Pure bookkeeping: no model logic lives here.

import { type Dec, toCents } from '../billing/money.js';
import type { Recorder } from '../metrics/recorder.js';
import { primaryTask, type Alternative, type Scenario } from '../domain/scenario.js';
import type { LoadModel } from '../service/fluid.js';
import type { JobRecord } from '../service/jobs.js';
import { TaskState } from '../domain/task.js';
import type { CommitmentResult, Recommendation } from '../billing/commitments/index.js';
import type { AlternativeResult, JobStats, LineItem, TimeSeries } from '../domain/result.js';

export interface RunRecord {
  scenario: Scenario;
  alt: Alternative;
  recorder: Recorder;
  fluid: LoadModel;
  lineItems: LineItem[];
  total: Dec;
  jobs: JobRecord[] | null;
  commitments: { applied: CommitmentResult; advice: Recommendation };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const x = (sorted.length - 1) * q;
  const i = Math.floor(x);
  return i + 1 < sorted.length ? sorted[i] + (sorted[i + 1] - sorted[i]) * (x - i) : sorted[i];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function describePlatform(alt: Alternative): string {
  const task = primaryTask(alt);
  const size = `${task.cpuUnits / 1024} vCPU/${task.memoryMiB / 1024} GB`;
  const c = alt.capacity;
  if (c.type === 'fargate') return `Fargate${c.spot ? ' Spot' : ''} ${task.os}/${task.arch} ${size}`;
  if (c.type === 'ec2') return `EC2 ${c.instances} × ${c.instanceType} (${c.networkMode}${c.trunking ? ', trunking' : ''}), tasks ${size}`;
  const providers = c.strategy.map((s) => {
    const p = c.providers.find((q) => q.name === s.provider);
    const what = p?.kind === 'asg' ? `${p.purchase === 'spot' ? 'Spot ' : ''}${p.instanceTypes.join('/')} ×${p.minSize}–${p.maxSize}` : s.provider;
    return `${what}${s.base > 0 ? ` base ${s.base}` : ''}${c.strategy.length > 1 ? ` w${s.weight}` : ''}`;
  });
  return `${c.orchestrator.toUpperCase()} ${providers.join(' + ')}, tasks ${size}`;
}

/** The kind of capacity, for grouping in reports. */
export function capacityTypeOf(alt: Alternative): AlternativeResult['capacityType'] {
  const c = alt.capacity;
  if (c.type === 'ec2') return 'ec2';
  if (c.type === 'fargate') return c.spot ? 'fargate-spot' : 'fargate';
  const used = c.strategy.map((s) => c.providers.find((p) => p.name === s.provider)!);
  if (used.every((p) => p.kind === 'asg')) return 'ec2';
  if (used.every((p) => p.kind === 'fargate' && p.spot)) return 'fargate-spot';
  if (used.every((p) => p.kind === 'fargate' && !p.spot)) return 'fargate';
  return 'mixed';
}

/** vCPU busy per minute: the service's served load, plus running jobs at their full task size (an assumption: batch work is CPU-bound). */
function usedVcpuSeconds(r: RunRecord): Float64Array {
  const { fluid, alt } = r;
  const minutes = fluid.minutes;
  const out = new Float64Array(minutes.served.length);
  if (alt.service) {
    const vcpuPerRequest = alt.service.task.cpuUnits / 1024 / alt.service.taskCapacityRps;
    for (let m = 0; m < out.length; m++) out[m] = minutes.served[m] * vcpuPerRequest;
  }
  if (alt.jobs && r.jobs) {
    const vcpu = alt.jobs.task.cpuUnits / 1024;
    const horizon = r.scenario.horizonSeconds;
    for (const job of r.jobs) {
      if (Number.isNaN(job.startedAt)) continue;
      const end = Number.isNaN(job.finishedAt) ? horizon : job.finishedAt;
      for (let from = job.startedAt; from < end; ) {
        const m = Math.floor(from / 60);
        const to = Math.min(end, (m + 1) * 60);
        out[m] += vcpu * (to - from);
        from = to;
      }
    }
  }
  return out;
}

function jobStats(r: RunRecord, totalUsd: number): JobStats | null {
  if (!r.jobs) return null;
  const started = r.jobs.filter((j) => !Number.isNaN(j.startedAt));
  const completed = r.jobs.filter((j) => !Number.isNaN(j.finishedAt));
  const waits = started.map((j) => j.startedAt - j.arrivedAt).sort((a, b) => a - b);
  const turnarounds = completed.map((j) => j.finishedAt - j.arrivedAt).sort((a, b) => a - b);
  return {
    submitted: r.jobs.length,
    started: started.length,
    completed: completed.length,
    queuedAtEnd: r.jobs.length - started.length,
    restarts: r.jobs.reduce((n, j) => n + j.restarts, 0),
    lostWorkSeconds: round(r.jobs.reduce((n, j) => n + j.lostSeconds, 0), 1),
    waitP50Seconds: round(quantile(waits, 0.5), 3),
    waitP95Seconds: round(quantile(waits, 0.95), 3),
    turnaroundP95Seconds: round(quantile(turnarounds, 0.95), 3),
    usdPerJob: completed.length > 0 ? round(totalUsd / completed.length, 6) : null,
  };
}

/**
 * Cumulative cost per minute for charts: the compute bill's shape (paid capacity × rate, from
 * the gauges), plus what that shape does not see — flat fees (RIs, Savings Plans, NAT hours,
 * the EKS control plane), per-GB items, minimums, Spot prices — spread evenly over time, so the
 * curve ends exactly at the billed total.
 */
function cumulativeCost(compute: number[], totalUsd: number): number[] {
  const n = compute.length;
  const estimate = n > 0 ? compute[n - 1] : 0;
  const rest = totalUsd - estimate;
  // The gauge can over-estimate (e.g. the bill rounds down to the cent): scale it, so the curve never falls.
  if (rest < 0) return compute.map((v) => round((v * totalUsd) / estimate, 4));
  return compute.map((v, m) => round(v + (rest * (m + 1)) / n, 4));
}

function series(r: RunRecord, used: Float64Array): TimeSeries {
  const { recorder, fluid, alt } = r;
  const minutes = fluid.minutes;
  const n = minutes.offered.length;
  const horizon = r.scenario.horizonSeconds;
  const width = (m: number) => Math.min(60, horizon - m * 60);
  const taskMemoryGiB = primaryTask(alt).memoryMiB / 1024;
  const t = new Array<number>(n);
  const perSecond = (a: Float64Array) => Array.from(a, (v, m) => round(v / width(m), 4));
  for (let m = 0; m < n; m++) t[m] = m * 60;
  const cpuPct = Array.from(minutes.served, (served, m) => (minutes.capacity[m] > 0 ? round((100 * served) / minutes.capacity[m], 3) : 0));
  const memoryPct = recorder.usedMemoryGiB.perMinute().map((used, m) => {
    const running = recorder.running.integral[m];
    return running > 0 ? round((100 * used * width(m)) / (running * taskMemoryGiB), 3) : 0;
  });
  return {
    t,
    offeredRps: perSecond(minutes.offered),
    servedRps: perSecond(minutes.served),
    droppedRps: perSecond(minutes.dropped),
    cpuPct,
    memoryPct,
    latencyP50Ms: Array.from(minutes.p50, (v) => round(v * 1000, 3)),
    latencyP95Ms: Array.from(minutes.p95, (v) => round(v * 1000, 3)),
    latencyP99Ms: Array.from(minutes.p99, (v) => round(v * 1000, 3)),
    desiredTasks: recorder.desired.perMinute().map((v) => round(v, 4)),
    runningTasks: recorder.running.perMinute().map((v) => round(v, 4)),
    startingTasks: recorder.starting.perMinute().map((v) => round(v, 4)),
    pendingTasks: recorder.pending.perMinute().map((v) => round(v, 4)),
    tasksProvisioning: recorder.byState[TaskState.PROVISIONING].perMinute().map((v) => round(v, 4)),
    tasksPending: recorder.byState[TaskState.PENDING].perMinute().map((v) => round(v, 4)),
    tasksActivating: recorder.byState[TaskState.ACTIVATING].perMinute().map((v) => round(v, 4)),
    tasksDeactivating: recorder.byState[TaskState.DEACTIVATING].perMinute().map((v) => round(v, 4)),
    tasksStopping: recorder.byState[TaskState.STOPPING].perMinute().map((v) => round(v, 4)),
    instances: recorder.instances.perMinute().map((v) => round(v, 4)),
    servingCapacityRps: perSecond(minutes.capacity),
    paidVcpu: recorder.paidVcpu.perMinute().map((v) => round(v, 4)),
    usedVcpu: Array.from(used, (v, m) => round(v / width(m), 4)),
    paidMemoryGiB: recorder.paidMemoryGiB.perMinute().map((v) => round(v, 4)),
    usedMemoryGiB: recorder.usedMemoryGiB.perMinute().map((v) => round(v, 4)),
    cumulativeUsd: cumulativeCost(recorder.usdPerSecond.cumulative(), toCents(r.total)),
  };
}

export function buildResult(r: RunRecord): AlternativeResult {
  const { scenario, alt, recorder, fluid, lineItems, total } = r;
  const horizon = scenario.horizonSeconds;
  const offered = sum(fluid.minutes.offered);
  const served = sum(fluid.minutes.served);
  const dropped = sum(fluid.minutes.dropped);
  const totalUsd = toCents(total);
  const used = usedVcpuSeconds(r);
  const avgPaidVcpu = recorder.paidVcpu.average();
  const avgUsedVcpu = sum(used) / horizon;
  const latencies = [...recorder.startLatencies].sort((a, b) => a - b);
  const targetMs = scenario.slo.latencyP95Seconds * 1000;
  const droppedShare = offered > 0 ? dropped / offered : 0;
  const ts = series(r, used);
  let minutesOver = 0;
  const servingP95: number[] = [];
  for (let m = 0; m < ts.t.length; m++) {
    if (ts.droppedRps[m] > 0 || ts.latencyP95Ms[m] > targetMs) minutesOver++;
    if (ts.servedRps[m] > 0 && Number.isFinite(ts.latencyP95Ms[m])) servingP95.push(ts.latencyP95Ms[m]);
  }
  servingP95.sort((a, b) => a - b);
  const c = alt.capacity;
  return {
    name: alt.name,
    platform: describePlatform(alt),
    capacityType: capacityTypeOf(alt),
    cost: {
      totalUsd,
      usdPerHour: round(total.toNumber() / (horizon / 3600), 4),
      usdPerMonth: round((total.toNumber() / horizon) * 730 * 3600, 2),
      usdPerMillionRequests: served > 0 ? round((total.toNumber() / served) * 1e6, 4) : null,
      lineItems,
    },
    usage: {
      avgTasks: round(recorder.running.average() + recorder.starting.average(), 4),
      maxTasks: recorder.running.max,
      avgInstances: round(recorder.instances.average(), 4),
      avgPaidVcpu: round(avgPaidVcpu, 4),
      avgUsedVcpu: round(avgUsedVcpu, 4),
      avgPaidMemoryGiB: round(recorder.paidMemoryGiB.average(), 4),
      avgUsedMemoryGiB: round(recorder.usedMemoryGiB.average(), 4),
      idleVcpuShare: avgPaidVcpu > 0 ? round(1 - avgUsedVcpu / avgPaidVcpu, 4) : 0,
      idleUsd: avgPaidVcpu > 0 ? round(totalUsd * Math.max(0, 1 - avgUsedVcpu / avgPaidVcpu), 2) : 0,
      pendingTaskSeconds: round(recorder.pending.average() * horizon, 1),
      maxPendingTasks: recorder.pending.max,
    },
    requests: { offered: Math.round(offered), served: Math.round(served), dropped: Math.round(dropped) },
    slo: {
      latencyP95TargetMs: targetMs,
      maxMinutesOverShare: scenario.slo.maxMinutesOverShare,
      minutesOver,
      minutesOverShare: round(minutesOver / ts.t.length, 6),
      droppedShare: round(droppedShare, 6),
      met: minutesOver / ts.t.length <= scenario.slo.maxMinutesOverShare,
      latencyP95Ms: servingP95.length > 0 ? servingP95[Math.ceil(0.95 * servingP95.length) - 1] : 0,
    },
    startLatency: { count: latencies.length, p50Seconds: round(quantile(latencies, 0.5), 3), p95Seconds: round(quantile(latencies, 0.95), 3) },
    jobs: jobStats(r, totalUsd),
    replications: null,
    commitments: {
      coveredShare: round(r.commitments.applied.coveredShare, 4),
      riUtilisation: round(r.commitments.applied.riUtilisation, 4),
      spUtilisation: round(r.commitments.applied.spUtilisation, 4),
      recommendation: {
        reservedInstances: r.commitments.advice.reservedInstances.map((ri) => ({ instanceType: ri.instanceType, count: ri.count, breakEvenUtilisation: round(ri.breakEvenUtilisation, 4) })),
        computeSavingsPlanUsdPerHour: r.commitments.advice.savingsPlan.commitmentUsdPerHour,
        onDemandUsd: r.commitments.advice.onDemandUsd,
        withRecommendedUsd: r.commitments.advice.totalUsd,
        savingsShare: round(r.commitments.advice.savingsShare, 4),
        note: r.commitments.advice.note,
      },
    },
    events: recorder.events,
    eventCounts: recorder.eventCounts,
    series: ts,
  };
}
