// Turns what one run recorded (gauges, fluid minutes, meters) into an `AlternativeResult`.
// Pure bookkeeping: no model logic lives here.

import { type Dec, toCents } from '../billing/money.js';
import { fillCumulativeUsd, hourlyCosts, type HourlyDrivers, type HourlyLedger } from '../billing/hourly.js';
import { clockHours } from '../billing/usage.js';
import type { Recorder } from '../metrics/recorder.js';
import { functionPlatformText, primaryTask, type Alternative, type Scenario } from '../domain/scenario.js';
import type { LoadModel, MinuteLoad } from '../service/fluid.js';
import type { JobRecord } from '../service/jobs.js';
import { TaskState } from '../domain/task.js';
import type { CommitmentResult, Recommendation } from '../billing/commitments/index.js';
import { placementFailureCounts, type AlternativeResult, type JobStats, type LineItem, type TimeSeries } from '../domain/result.js';
import { SERIES_DECIMALS, createSeries, float32Cell, minuteLength } from '../domain/series.js';

export interface RunRecord {
  scenario: Scenario;
  alt: Alternative;
  recorder: Recorder;
  fluid: LoadModel;
  lineItems: LineItem[];
  total: Dec;
  jobs: JobRecord[] | null;
  commitments: { applied: CommitmentResult; advice: Recommendation };
  /** How each line item falls on the clock hours (built only when the series is). */
  hourly: () => HourlyDrivers;
  /** false: the caller keeps only the run's figures (a replication's sample), so no columns are built; 'shared': built in shared memory. */
  withSeries?: boolean | 'shared';
  /** false: no hourly ledger and no cumulative cost column (`RunOptions.ledger`). */
  withLedger?: boolean;
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
  if (c.type === 'lambda' || c.type === 'app-runner') return functionPlatformText(c);
  if (c.managedInstances) {
    const p = c.providers[0];
    const types = p.kind === 'asg' ? p.instanceTypes : [];
    const shown = types.length > 3 ? `${types.slice(0, 3).join('/')}/…` : types.join('/');
    return `ECS Managed Instances ${shown} ×${p.kind === 'asg' ? `${p.minSize}–${p.maxSize}` : ''} (${c.managedInstances.selection}), tasks ${size}`;
  }
  const np = c.nodeProvisioner;
  if (np?.type === 'karpenter') return `EKS Karpenter ${np.capacityTypes.join('/')} ${np.instanceTypes.join('/')}, tasks ${size}`;
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
  if (c.type === 'lambda' || c.type === 'app-runner') return c.type;
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
 * What the SLO reads from the minutes, at the series' printed precision (before the float32
 * grid, so results.json does not depend on the series' storage): minutes over the target, and
 * the p95 of every minute that served requests (sorted, for the run's p95 latency).
 */
function sloMinutes(r: RunRecord, targetMs: number): { minutesOver: number; servingP95: Float64Array } {
  const minutes = r.fluid.minutes;
  const horizon = r.scenario.horizonSeconds;
  // round(x, d) of the series' decimals, with the powers of ten fixed: the same operations, so the same values.
  const droppedScale = 10 ** SERIES_DECIMALS.droppedRps;
  const servedScale = 10 ** SERIES_DECIMALS.servedRps;
  const p95Scale = 10 ** SERIES_DECIMALS.latencyP95Ms;
  let minutesOver = 0;
  const servingP95 = new Float64Array(minutes.offered.length);
  let serving = 0;
  for (let m = 0; m < minutes.offered.length; m++) {
    const width = minuteLength(m, horizon);
    const p95 = Math.round(minutes.p95[m] * 1000 * p95Scale) / p95Scale;
    if (Math.round((minutes.dropped[m] / width) * droppedScale) / droppedScale > 0 || p95 > targetMs) minutesOver++;
    if (Math.round((minutes.served[m] / width) * servedScale) / servedScale > 0 && Number.isFinite(p95)) servingP95[serving++] = p95;
  }
  return { minutesOver, servingP95: servingP95.subarray(0, serving).sort() };
}

/**
 * The run's mean response time and mean queue wait, ms (3 decimals): Σ minute mean × requests
 * served in the minute / Σ served, i.e. the mean over every served request.
 */
function runMeans(minutes: MinuteLoad): { latencyMeanMs: number; queueWaitMeanMs: number } {
  let served = 0;
  let response = 0;
  let wait = 0;
  for (let m = 0; m < minutes.served.length; m++) {
    const n = minutes.served[m];
    if (!(n > 0)) continue;
    served += n;
    response += minutes.mean[m] * n;
    wait += minutes.wait[m] * n;
  }
  if (served === 0) return { latencyMeanMs: 0, queueWaitMeanMs: 0 };
  return { latencyMeanMs: round((response / served) * 1000, 3), queueWaitMeanMs: round((wait / served) * 1000, 3) };
}

/** The per-minute series, written in place into its columns (no intermediate arrays); cumulative cost from the hourly ledger. */
function series(r: RunRecord, used: Float64Array, ledger: HourlyLedger | null): TimeSeries {
  const { recorder, fluid, alt } = r;
  const minutes = fluid.minutes;
  const n = minutes.offered.length;
  const horizon = r.scenario.horizonSeconds;
  const taskMemoryGiB = primaryTask(alt).memoryMiB / 1024;
  const ts = createSeries(n, r.withSeries === 'shared');
  const D = SERIES_DECIMALS;
  const cell = (field: keyof typeof D) => (v: number) => float32Cell(v, D[field]);
  for (let m = 0; m < n; m++) {
    const width = minuteLength(m, horizon);
    const dropped = minutes.dropped[m] / width;
    const p95 = minutes.p95[m] * 1000;
    ts.offeredRps[m] = float32Cell(minutes.offered[m] / width, D.offeredRps);
    ts.servedRps[m] = float32Cell(minutes.served[m] / width, D.servedRps);
    ts.droppedRps[m] = float32Cell(dropped, D.droppedRps);
    ts.servingCapacityRps[m] = float32Cell(minutes.capacity[m] / width, D.servingCapacityRps);
    ts.usedVcpu[m] = float32Cell(used[m] / width, D.usedVcpu);
    ts.cpuPct[m] = minutes.capacity[m] > 0 ? float32Cell((100 * minutes.served[m]) / minutes.capacity[m], D.cpuPct) : 0;
    const running = recorder.running.integral[m];
    const usedMemoryGiB = recorder.usedMemoryGiB.integral[m] / width;
    ts.memoryPct[m] = running > 0 ? float32Cell((100 * usedMemoryGiB * width) / (running * taskMemoryGiB), D.memoryPct) : 0;
    ts.latencyP50Ms[m] = float32Cell(minutes.p50[m] * 1000, D.latencyP50Ms);
    ts.latencyP95Ms[m] = float32Cell(p95, D.latencyP95Ms);
    ts.latencyP99Ms[m] = float32Cell(minutes.p99[m] * 1000, D.latencyP99Ms);
    ts.latencyMeanMs[m] = float32Cell(minutes.mean[m] * 1000, D.latencyMeanMs);
    ts.queueWaitMeanMs[m] = float32Cell(minutes.wait[m] * 1000, D.queueWaitMeanMs);
  }
  recorder.desired.fillPerMinute(ts.desiredTasks, cell('desiredTasks'));
  recorder.running.fillPerMinute(ts.runningTasks, cell('runningTasks'));
  recorder.starting.fillPerMinute(ts.startingTasks, cell('startingTasks'));
  recorder.pending.fillPerMinute(ts.pendingTasks, cell('pendingTasks'));
  recorder.byState[TaskState.PROVISIONING].fillPerMinute(ts.tasksProvisioning, cell('tasksProvisioning'));
  recorder.byState[TaskState.PENDING].fillPerMinute(ts.tasksPending, cell('tasksPending'));
  recorder.byState[TaskState.ACTIVATING].fillPerMinute(ts.tasksActivating, cell('tasksActivating'));
  recorder.byState[TaskState.DEACTIVATING].fillPerMinute(ts.tasksDeactivating, cell('tasksDeactivating'));
  recorder.byState[TaskState.STOPPING].fillPerMinute(ts.tasksStopping, cell('tasksStopping'));
  recorder.instances.fillPerMinute(ts.instances, cell('instances'));
  recorder.paidVcpu.fillPerMinute(ts.paidVcpu, cell('paidVcpu'));
  recorder.paidMemoryGiB.fillPerMinute(ts.paidMemoryGiB, cell('paidMemoryGiB'));
  recorder.usedMemoryGiB.fillPerMinute(ts.usedMemoryGiB, cell('usedMemoryGiB'));
  if (ledger !== null) fillCumulativeUsd(ts.cumulativeUsd, ledger.hourTotals, horizon, D.cumulativeUsd);
  return ts;
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
  const { minutesOver, servingP95 } = sloMinutes(r, targetMs);
  // A replication that only reports its sample needs no columns (an empty series) and no hourly ledger.
  const ledger = r.withSeries === false || r.withLedger === false ? null : hourlyCosts(lineItems, r.hourly(), clockHours(horizon));
  const ts = r.withSeries === false ? createSeries(0) : series(r, used, ledger);
  const minutesRun = fluid.minutes.offered.length;
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
      minutesOverShare: round(minutesOver / minutesRun, 6),
      droppedShare: round(droppedShare, 6),
      met: minutesOver / minutesRun <= scenario.slo.maxMinutesOverShare,
      latencyP95Ms: servingP95.length > 0 ? servingP95[Math.ceil(0.95 * servingP95.length) - 1] : 0,
      ...runMeans(fluid.minutes),
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
    // Absent when nothing failed, so results.json of such a run is unchanged.
    ...(recorder.placementFailures.size > 0 ? { placementFailures: placementFailureCounts(recorder.placementFailures) } : {}),
    // Before the series: a stored result (compare.ts `storeOutput`) puts its series back last.
    ...(ledger === null ? {} : { hourlyCosts: ledger.costs }),
    series: ts,
  };
}

