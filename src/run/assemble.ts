// Turns what one run recorded (gauges, fluid minutes, meters) into an `AlternativeResult`.
// Pure bookkeeping: no model logic lives here.

import { type Dec, toCents } from '../billing/money.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Alternative, Scenario } from '../scenario/types.js';
import type { LoadModel } from '../service/fluid.js';
import type { AlternativeResult, LineItem, TimeSeries } from './result.js';

export interface RunRecord {
  scenario: Scenario;
  alt: Alternative;
  recorder: Recorder;
  fluid: LoadModel;
  lineItems: LineItem[];
  total: Dec;
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
  const { task } = alt.service;
  const size = `${task.cpuUnits / 1024} vCPU/${task.memoryMiB / 1024} GB`;
  const c = alt.capacity;
  if (c.type === 'fargate') return `Fargate${c.spot ? ' Spot' : ''} ${task.os}/${task.arch} ${size}`;
  return `EC2 ${c.instances} × ${c.instanceType} (${c.networkMode}${c.trunking ? ', trunking' : ''}), tasks ${size}`;
}

function series(r: RunRecord): TimeSeries {
  const { recorder, fluid, alt } = r;
  const minutes = fluid.minutes;
  const n = minutes.offered.length;
  const horizon = r.scenario.horizonSeconds;
  const width = (m: number) => Math.min(60, horizon - m * 60);
  const vcpuPerRequest = alt.service.task.cpuUnits / 1024 / alt.service.taskCapacityRps;
  const t = new Array<number>(n);
  const perSecond = (a: Float64Array) => Array.from(a, (v, m) => round(v / width(m), 4));
  for (let m = 0; m < n; m++) t[m] = m * 60;
  const cpuPct = Array.from(minutes.served, (served, m) => (minutes.capacity[m] > 0 ? round((100 * served) / minutes.capacity[m], 3) : 0));
  const memoryPct = recorder.usedMemoryGiB.perMinute().map((used, m) => {
    const running = recorder.running.integral[m];
    return running > 0 ? round((100 * used * width(m)) / ((running * alt.service.task.memoryMiB) / 1024), 3) : 0;
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
    instances: recorder.instances.perMinute().map((v) => round(v, 4)),
    servingCapacityRps: perSecond(minutes.capacity),
    paidVcpu: recorder.paidVcpu.perMinute().map((v) => round(v, 4)),
    usedVcpu: Array.from(minutes.served, (v, m) => round((v * vcpuPerRequest) / width(m), 4)),
    paidMemoryGiB: recorder.paidMemoryGiB.perMinute().map((v) => round(v, 4)),
    usedMemoryGiB: recorder.usedMemoryGiB.perMinute().map((v) => round(v, 4)),
    cumulativeUsd: recorder.usdPerSecond.cumulative().map((v) => round(v, 4)),
  };
}

export function buildResult(r: RunRecord): AlternativeResult {
  const { scenario, alt, recorder, fluid, lineItems, total } = r;
  const horizon = scenario.horizonSeconds;
  const offered = sum(fluid.minutes.offered);
  const served = sum(fluid.minutes.served);
  const dropped = sum(fluid.minutes.dropped);
  const totalUsd = toCents(total);
  const usedVcpuSeconds = (served * alt.service.task.cpuUnits) / 1024 / alt.service.taskCapacityRps;
  const avgPaidVcpu = recorder.paidVcpu.average();
  const avgUsedVcpu = usedVcpuSeconds / horizon;
  const latencies = [...recorder.startLatencies].sort((a, b) => a - b);
  const targetMs = scenario.slo.latencyP95Seconds * 1000;
  const droppedShare = offered > 0 ? dropped / offered : 0;
  const ts = series(r);
  let minutesOver = 0;
  for (let m = 0; m < ts.t.length; m++) if (ts.droppedRps[m] > 0 || ts.latencyP95Ms[m] > targetMs) minutesOver++;
  const c = alt.capacity;
  return {
    name: alt.name,
    platform: describePlatform(alt),
    capacityType: c.type === 'ec2' ? 'ec2' : c.spot ? 'fargate-spot' : 'fargate',
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
    },
    startLatency: { count: latencies.length, p50Seconds: round(quantile(latencies, 0.5), 3), p95Seconds: round(quantile(latencies, 0.95), 3) },
    events: recorder.events,
    eventCounts: recorder.eventCounts,
    series: ts,
  };
}
