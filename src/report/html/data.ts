// The data embedded in report.html: display-ready (downsampled, rounded to four significant
// digits) with short keys, because for a year-long run the page must stay small. Chatty event
// kinds (task launches, starts, stops) are left out: their counts are in the table; the charts
// mark what a reviewer asks "why?" about (scaling, interruptions, instances, placements, deploys).

import { judgedCostRates, judgedDroppedShare, judgedSloMet, type ComparisonResult, type EventKind, type SimEvent } from '../../domain/result.js';
import { resultHolds, summaryRows } from '../columns.js';
import { jobsScatterPoint, monthlyCost, sloScatterAxis, totalCost } from '../chart-choices.js';
import { downsample, roundForDisplay, DEFAULT_MAX_POINTS } from '../../domain/downsample.js';
import { lineItemKinds } from '../svg/bar-charts.js';
import { ALT_PALETTE } from '../svg/primitives.js';

export const MARKED_EVENT_KINDS: EventKind[] = ['scaling', 'interruption', 'deployment', 'instance-launch', 'instance-terminate', 'placement-failed'];
/** Per alternative; beyond this the page marks a sample and says so. */
export const MAX_MARKED_EVENTS = 1500;
/** Kinds always marked in full (rare and the first thing a reviewer asks about). */
const ALWAYS_MARKED: ReadonlySet<EventKind> = new Set(['interruption', 'deployment']);

/** All events when they fit; else every rare one plus evenly spaced picks of the rest, in time order. */
export function sampleEvents(events: SimEvent[], budget = MAX_MARKED_EVENTS): SimEvent[] {
  if (events.length <= budget) return events;
  const rare = events.filter((e) => ALWAYS_MARKED.has(e.kind));
  const rest = events.filter((e) => !ALWAYS_MARKED.has(e.kind));
  const room = Math.max(0, budget - rare.length);
  const picked = room === 0 ? [] : Array.from({ length: Math.min(room, rest.length) }, (_, i) => rest[Math.floor((i * rest.length) / Math.min(room, rest.length))]);
  return [...rare, ...picked].sort((a, b) => a.t - b.t);
}

export interface HtmlSeries {
  t: number[];
  offered: number[];
  offeredMax: number[];
  capacity: number[];
  served: number[];
  dropped: number[];
  cpu: number[];
  running: number[];
  desired: number[];
  starting: number[];
  pending: number[];
  instances: number[];
  cumUsd: number[];
  p50: number[];
  p95: number[];
  p99: number[];
}

export interface HtmlAlternative {
  name: string;
  platform: string;
  color: string;
  rank: number;
  met: boolean;
  totalUsd: number;
  /** Per hour and per month: with replications the means over them (judgedCostRates), as the table shows. */
  usdPerHour: number;
  usdPerMonth: number;
  /** Replication 0's, like the load and latency panels whose titles quote them (the scatter has the judged figures). */
  minutesOverShare: number;
  droppedShare: number;
  avgTasks: number;
  maxTasks: number;
  avgPaidVcpu: number;
  avgUsedVcpu: number;
  avgPaidMemoryGiB: number;
  avgUsedMemoryGiB: number;
  idleVcpuShare: number;
  /** Batch jobs: cost per completed job as the table shows it (the mean with replications; null without jobs or completions). */
  usdPerJob: number | null;
  /** The jobs scatter's point (chart-choices.ts `jobsScatterPoint`: with replications the means, with their 95 % CI half-widths); null without a completed job. */
  jobScatter: { x: number; xCi: number | null; y: number; yCi: number | null } | null;
  /** Replication 0's, for the jobs scatter's tooltip. */
  jobTurnaroundP95: number | null;
  jobsCompleted: number | null;
  /** Spot interruptions over the run (uncapped count). */
  interruptions: number;
  lineItems: { id: string; description: string; quantity: string; unit: string; usdPerUnit: string; usd: number }[];
  /** [t seconds, kind, detail]. */
  events: [number, EventKind, string][];
  /** True when `events` is a sample (see sampleEvents). */
  eventsTruncated: boolean;
  /** How many markable events the result recorded. */
  eventsTotal: number;
  series: HtmlSeries;
  /**
   * The cost-vs-SLO scatter's point: monthly cost and the axis figure (see `scatterAxis`), each
   * with its 95 % CI half-width (null without replications), and the dropped share its tooltip
   * quotes, as the drop budget judges it (the mean with replications).
   */
  scatter: { x: number; xCi: number | null; y: number; yCi: number | null; droppedShare: number };
  /** Total cost (the mean with replications) and its 95 % CI half-width, for the bar's whisker. */
  total: { value: number; ci95: number | null };
  /** The run's p95 latency (ms). */
  latencyP95Ms: number;
}

export interface HtmlData {
  scenario: { name: string; horizonSeconds: number; region: string; seed: number; sloLatencyP95Ms: number; maxMinutesOverShare: number | null };
  /** Some alternative served requests (else the page draws no load or latency chart and compares cost per job). */
  service: boolean;
  jobs: boolean;
  recommended: string | null;
  bucketMinutes: number;
  lineItemKinds: { label: string; color: string }[];
  /** What the scatter's vertical axis shows (chart-choices.ts). */
  scatterAxis: { metric: 'minutesOver' | 'latencyP95'; label: string; caption: string };
  /** Some alternative has replications: the charts draw 95 % confidence intervals. */
  replications: boolean;
  /** In ranking order. */
  alternatives: HtmlAlternative[];
}

const r4 = (xs: number[]) => xs.map((x) => roundForDisplay(x, 4));

export function buildHtmlData(result: ComparisonResult, maxPoints = DEFAULT_MAX_POINTS): HtmlData {
  const colorIndex = new Map(result.alternatives.map((a, i) => [a.name, i]));
  const rows = summaryRows(result);
  const axis = sloScatterAxis(result);
  let bucketMinutes = 1;
  const alternatives = rows.map(({ alt, rank }): HtmlAlternative => {
    const d = downsample(alt.series, maxPoints);
    bucketMinutes = d.bucketMinutes;
    const marked = alt.events.filter((e) => MARKED_EVENT_KINDS.includes(e.kind));
    return {
      name: alt.name,
      platform: alt.platform,
      color: ALT_PALETTE[(colorIndex.get(alt.name) ?? 0) % ALT_PALETTE.length],
      rank,
      met: judgedSloMet(alt),
      totalUsd: alt.cost.totalUsd,
      usdPerHour: judgedCostRates(alt).usdPerHour,
      usdPerMonth: judgedCostRates(alt).usdPerMonth,
      minutesOverShare: alt.slo.minutesOverShare,
      droppedShare: alt.slo.droppedShare,
      avgTasks: alt.usage.avgTasks,
      maxTasks: alt.usage.maxTasks,
      avgPaidVcpu: alt.usage.avgPaidVcpu,
      avgUsedVcpu: alt.usage.avgUsedVcpu,
      avgPaidMemoryGiB: alt.usage.avgPaidMemoryGiB,
      avgUsedMemoryGiB: alt.usage.avgUsedMemoryGiB,
      idleVcpuShare: alt.usage.idleVcpuShare,
      usdPerJob: alt.jobs ? judgedCostRates(alt).usdPerJob : null,
      jobScatter: (() => {
        const p = jobsScatterPoint(alt);
        return p && { x: p.x.value, xCi: p.x.ci95, y: p.y.value, yCi: p.y.ci95 };
      })(),
      jobTurnaroundP95: alt.jobs?.turnaroundP95Seconds ?? null,
      jobsCompleted: alt.jobs?.completed ?? null,
      interruptions: alt.eventCounts.interruption ?? 0,
      lineItems: alt.cost.lineItems.map(({ id, description, quantity, unit, usdPerUnit, usd }) => ({ id, description, quantity, unit, usdPerUnit, usd })),
      events: sampleEvents(marked).map((e) => [e.t, e.kind, e.detail]),
      eventsTruncated: marked.length > MAX_MARKED_EVENTS,
      eventsTotal: marked.length,
      scatter: (() => {
        const x = monthlyCost(alt);
        const y = axis.value(alt);
        return { x: x.value, xCi: x.ci95, y: y.value, yCi: y.ci95, droppedShare: judgedDroppedShare(alt) };
      })(),
      total: totalCost(alt),
      latencyP95Ms: alt.slo.latencyP95Ms,
      series: {
        t: d.t.map((t) => Math.round(t)),
        offered: r4(d.offeredRps),
        offeredMax: r4(d.offeredRpsMax),
        capacity: r4(d.servingCapacityRps),
        served: r4(d.servedRps),
        dropped: r4(d.droppedRps),
        cpu: r4(d.cpuPct),
        running: r4(d.runningTasks),
        desired: r4(d.desiredTasks),
        starting: r4(d.startingTasks),
        pending: r4(d.pendingTasks),
        instances: r4(d.instances),
        cumUsd: r4(d.cumulativeUsd),
        p50: r4(d.latencyP50Ms),
        p95: r4(d.latencyP95Ms),
        p99: r4(d.latencyP99Ms),
      },
    };
  });
  const s = result.scenario;
  const holds = resultHolds(result);
  return {
    scenario: {
      name: s.name,
      horizonSeconds: s.horizonSeconds,
      region: s.region,
      seed: s.seed,
      sloLatencyP95Ms: s.sloLatencyP95Ms,
      maxMinutesOverShare: result.alternatives[0]?.slo.maxMinutesOverShare ?? null,
    },
    service: holds.service,
    jobs: holds.jobs,
    recommended: result.recommended,
    bucketMinutes,
    lineItemKinds: lineItemKinds(rows.map((r) => r.alt)),
    scatterAxis: { metric: axis.metric, label: axis.label, caption: axis.caption },
    replications: holds.replications,
    alternatives,
  };
}

/** JSON safe inside a <script> element: no `<` can close it or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
