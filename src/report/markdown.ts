// `report.md`: the comparison as an architecture decision record: the decision first, then the
// context, the evidence (charts in charts/), each alternative's bill and behaviour, and the
// assumptions a reviewer must accept for the numbers to hold.

import type { AlternativeResult, ComparisonResult, EventKind } from '../run/result.js';
import { recommendationSentence, sloText, summaryRows } from './columns.js';
import { formatCount, formatDuration, formatNumber, formatShare, formatUsd, formatUsdRate, toCents } from './format.js';
import { CHARTS_DIR } from './svg/index.js';
import { markdownCell, renderMarkdownLineItems, renderMarkdownSummary } from './table.js';

const EVENT_LABELS: Record<EventKind, string> = {
  scaling: 'scaling actions',
  interruption: 'Spot interruptions',
  'task-launch': 'task launches',
  'task-running': 'tasks reaching RUNNING',
  'task-stopped': 'tasks stopped',
  'placement-failed': 'placement failures',
  'instance-launch': 'instance launches',
  'instance-terminate': 'instance terminations',
  deployment: 'deployments',
};

function chart(file: string, alt: string, caption: string): string[] {
  return [`![${alt}](${CHARTS_DIR}/${file})`, '', `_${caption}_`, ''];
}

/** Peak offered load, read from the (shared) demand of the first alternative. */
function peakOfferedRps(result: ComparisonResult): number {
  let peak = 0;
  for (const v of result.alternatives[0]?.series.offeredRps ?? []) if (v > peak) peak = v;
  return peak;
}

function contextTable(result: ComparisonResult): string[] {
  const s = result.scenario;
  const offered = result.alternatives[0]?.requests.offered ?? 0;
  const rows: [string, string][] = [
    ['Scenario', `${s.name} (\`${s.file}\`)`],
    ['Horizon', `${formatDuration(s.horizonSeconds)} (${formatCount(s.horizonSeconds)} s), fluid tick ${formatNumber(s.tickSeconds, s.tickSeconds % 1 ? 1 : 0)} s`],
    ['Region', s.region],
    ['Seed', String(s.seed)],
    ['Workload', `${formatCount(offered)} requests offered; mean ${formatNumber(offered / Math.max(1, s.horizonSeconds), 1)} rps, busiest minute ${formatNumber(peakOfferedRps(result), 1)} rps`],
    ['SLO', `${sloText(result)} (a minute whose p95 exceeds the target, or that drops requests, counts as a miss)`],
    ['Alternatives', result.alternatives.map((a) => `${a.name} (${a.platform})`).join('; ')],
    ['Produced by', `capsim ${result.capsimVersion}, results schema v${result.schemaVersion}`],
  ];
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${markdownCell(v)} |`)];
}

/** What an alternative did, in sentences (Markdown list items; shared with report.html). */
export function behaviour(alt: AlternativeResult): string[] {
  const u = alt.usage;
  const counts = (Object.keys(EVENT_LABELS) as EventKind[])
    .filter((k) => (alt.eventCounts[k] ?? 0) > 0)
    .map((k) => `${formatCount(alt.eventCounts[k]!)} ${EVENT_LABELS[k]}`);
  const lines = [
    `- Tasks: ${formatNumber(u.avgTasks, 1)} on average, ${formatCount(u.maxTasks)} at most` +
      (u.avgInstances > 0 ? `; ${formatNumber(u.avgInstances, 1)} EC2 instances on average` : '') + '.',
    `- Capacity paid vs used: ${formatNumber(u.avgPaidVcpu, 2)} vs ${formatNumber(u.avgUsedVcpu, 2)} vCPU (${formatShare(u.idleVcpuShare)} idle); ` +
      `${formatNumber(u.avgPaidMemoryGiB, 1)} vs ${formatNumber(u.avgUsedMemoryGiB, 1)} GiB memory.`,
    `- Requests: ${formatCount(alt.requests.served)} served, ${formatCount(alt.requests.dropped)} dropped (${formatShare(alt.slo.droppedShare)}); ` +
      `p95 over ${formatCount(alt.slo.latencyP95TargetMs)} ms in ${formatCount(alt.slo.minutesOver)} minutes (${formatShare(alt.slo.minutesOverShare)}).`,
    `- Task start latency: p50 ${formatNumber(alt.startLatency.p50Seconds, 1)} s, p95 ${formatNumber(alt.startLatency.p95Seconds, 1)} s over ${formatCount(alt.startLatency.count)} starts.`,
  ];
  const j = alt.jobs;
  if (j) {
    lines.push(
      `- Batch jobs: ${formatCount(j.completed)} of ${formatCount(j.submitted)} completed, ${formatCount(j.queuedAtEnd)} still queued at the end; ` +
        `wait p50 ${formatNumber(j.waitP50Seconds, 1)} s, p95 ${formatNumber(j.waitP95Seconds, 1)} s; turnaround p95 ${formatNumber(j.turnaroundP95Seconds, 1)} s; ` +
        `${j.usdPerJob === null ? 'no job completed' : `${formatUsdRate(j.usdPerJob)} per job`}.`,
    );
  }
  if (u.pendingTaskSeconds > 0) lines.push(`- Unplaced tasks: ${formatCount(u.pendingTaskSeconds)} task-seconds pending, at most ${formatCount(u.maxPendingTasks)} at once.`);
  if (counts.length > 0) lines.push(`- Events: ${counts.join(', ')}.`);
  return lines;
}

/** The assumptions a reader must accept; shared with report.html. */
export function assumptions(result: ComparisonResult): string[] {
  const monthly = result.alternatives.every((a) => Math.abs(toCents(a.cost.usdPerMonth) - toCents(a.cost.usdPerHour * 730)) <= 1)
    ? 'Per-month figures are the run’s average hourly cost × 730 hours (AWS’s monthly convention).'
    : 'Per-month figures scale the run’s average hourly cost to a month.';
  return [
    'Fargate is billed at AWS’s per-second rates (the ones in AWS’s own worked examples), from image pull to task stop with a one-minute minimum; hourly figures are equivalents. Both agree to the cent on monthly totals.',
    'AWS’s “GB” is GiB (1024³ bytes): a 2048 MiB task is billed as 2 GB.',
    'Costs are exact: billed quantities are accumulated per rate and priced once. Each line item is rounded to the cent once and the total is the exact sum rounded once, so line items can differ from the total by a cent.',
    `${monthly}`,
    'Demand is modelled as a fluid spread over the RUNNING tasks each tick, not request by request; latency percentiles come from a queueing approximation.',
    'Every alternative sees the same demand (common random numbers), so differences come from capacity, sizing and scaling, not from luck.',
    'Spot interruption rates, image-pull and registration times are model inputs, not AWS figures; their values are in `results.json` under `scenario.resolved`.',
    'Charts show at most 1,000 points per series: each point is the mean of its minutes, except latency, dropped requests and pending tasks (the worst minute) and cumulative cost (the last). `timeseries.csv` has every minute.',
    'The cumulative-cost curve is approximate (for the chart); the line items and totals are exact.',
  ];
}

export function renderMarkdownReport(result: ComparisonResult): string {
  const s = result.scenario;
  const rec = summaryRows(result).find((r) => r.recommended);
  const out: string[] = [`# Capacity and cost comparison: ${s.name}`, ''];
  out.push(`> **Decision.** ${recommendationSentence(result)}`, '');
  if (s.description) out.push(s.description, '');
  out.push('## Context', '', ...contextTable(result), '');
  out.push('## Decision', '', 'Ranked cheapest first among the alternatives that meet the SLO, then the rest by cost.', '');
  out.push(renderMarkdownSummary(result));
  if (rec) {
    const cheapest = summaryRows(result).reduce((a, b) => (b.alt.cost.totalUsd < a.alt.cost.totalUsd ? b : a));
    if (cheapest !== rec) {
      out.push(
        `${cheapest.alt.name} is cheaper (${formatUsdRate(cheapest.alt.cost.usdPerMonth)} per month) but misses the SLO: ` +
          `p95 over target in ${formatShare(cheapest.alt.slo.minutesOverShare)} of minutes, ${formatShare(cheapest.alt.slo.droppedShare)} of requests dropped.`,
        '',
      );
    }
  }
  out.push(...chart('scatter.svg', 'Cost vs SLO', 'Monthly cost against minutes over the SLO: lower and further left is better; a cross misses the SLO.'));
  out.push(...chart('breakdown.svg', 'Cost breakdown by line item', 'Where the money goes, per alternative.'));
  out.push('## Evidence', '');
  out.push(...chart('load.svg', 'Offered load vs serving capacity', 'Grey: the demand every alternative faces (band: busiest minute). Lines: serving capacity. Where capacity dips under the grey, requests queue or drop.'));
  out.push(...chart('latency.svg', 'p95 latency vs SLO', 'Worst p95 per point against the SLO target (dashed).'));
  out.push(...chart('tasks.svg', 'Tasks over time', 'Running, desired, starting/draining and pending tasks per alternative; how fast scaling follows the load.'));
  out.push(...chart('cost.svg', 'Cumulative cost', 'Cost accrued over the run; the slope is the spend rate.'));
  out.push(...chart('waste.svg', 'Paid vs used capacity', 'Time-averaged vCPU and memory paid for vs used: the grey beyond the coloured bar is idle headroom.'));
  out.push('## Alternatives', '');
  for (const { alt, rank } of summaryRows(result)) {
    out.push(`### ${rank}. ${markdownCell(alt.name)}: ${formatUsd(alt.cost.totalUsd)} (${formatUsdRate(alt.cost.usdPerMonth)}/month)${alt.slo.met ? '' : ', misses the SLO'}`, '');
    out.push(`${markdownCell(alt.platform)}.`, '', ...behaviour(alt), '');
  }
  out.push('### Line items', '', renderMarkdownLineItems(result, 4));
  out.push('## Assumptions', '', ...assumptions(result).map((a) => `- ${a}`), '');
  out.push(
    '## Files',
    '',
    '- `results.json`: this comparison without the per-minute series (versioned schema).',
    '- `timeseries.csv`: every minute of every alternative; `events.csv`: scaling actions, interruptions, placements, deployments.',
    '- `report.html`: the interactive version of these charts (works offline).',
    '',
    `Reproduce with \`capsim run ${s.file} --seed ${s.seed}\`; re-render these files from the saved results with \`capsim report results.json --out <dir>\`.`,
    '',
  );
  return out.join('\n');
}
