// `report.md`: the comparison as an architecture decision record: the decision first, then the
// context, the evidence (charts in charts/), each alternative's bill and behaviour, and the
// assumptions a reviewer must accept for the numbers to hold.

import { hasMeanCostRates, judgedCostRates, judgedDroppedShare, judgedMinutesOverShare, judgedSloMet, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import {
  COMMITMENT_COLUMNS,
  EVENT_KINDS,
  commitmentCaveat,
  dropBudgetText,
  eventColumns,
  jobsOnly,
  rankingText,
  recommendationSentence,
  resultHolds,
  servesRequests,
  sloText,
  summaryRows,
  verdictNotes,
} from './columns.js';
import { jobsScatterCaption, jobsScatterPoint, sloScatterAxis } from './chart-choices.js';
import { hasHourlyCosts } from './costs-csv.js';
import { formatCount, formatDuration, formatNumber, formatRunTime, formatShare, formatUsd, formatUsdRate, formatUsdSmall, toCents } from './format.js';
import { NOT_COSTED_LEAD, notCosted } from './not-costed.js';
import { PLACEMENT_FAILURES_LEAD, placementFailureLines } from './placement.js';
import { priceRows, pricesIntro } from './prices.js';
import { LIFECYCLE_HEADERS, busiestMinuteRps, inputRows, lifecycleCells } from './inputs.js';
import { CHARTS_DIR, svgChartFiles } from './svg/index.js';
import { markdownCell, markdownCode, markdownTable, markdownText, renderMarkdownLineItems, renderMarkdownSummary } from './table.js';

/** Interruptions listed by time under the Events table, per alternative (events.csv has them all). */
export const LISTED_INTERRUPTIONS = 5;

function contextTable(result: ComparisonResult): string[] {
  const s = result.scenario;
  const holds = resultHolds(result);
  const offered = result.alternatives.find(servesRequests)?.requests.offered ?? 0;
  const jobs = result.alternatives.find((a) => a.jobs)?.jobs;
  // Values are plain text, escaped below, except the Scenario row, escaped part by part here.
  const scenarioRow = `${markdownText(s.name)} (${markdownCode(s.file)})`;
  const rows: [string, string][] = [
    ['Scenario', scenarioRow],
    ['Horizon', `${formatDuration(s.horizonSeconds)} (${formatCount(s.horizonSeconds)} s), fluid tick ${formatNumber(s.tickSeconds, s.tickSeconds % 1 ? 1 : 0)} s`],
    ['Region', s.region],
    ['Seed', String(s.seed)],
    ['Prices', `catalog as of ${s.catalogAsOf}; every rate with its source under Prices, below`],
  ];
  if (holds.service) {
    rows.push(['Workload', `${formatCount(offered)} requests offered; mean ${formatNumber(offered / Math.max(1, s.horizonSeconds), 1)} rps, busiest minute ${formatNumber(busiestMinuteRps(result), 1)} rps`]);
  }
  if (jobs) {
    rows.push(['Jobs', `${formatCount(jobs.submitted)} batch jobs submitted (mean ${formatNumber(jobs.submitted / Math.max(1, s.horizonSeconds / 3600), 1)} per hour), each a standalone task`]);
  }
  rows.push(
    holds.service
      ? ['SLO', `${sloText(result)} (a minute whose p95 exceeds the target, or that drops requests, counts as a miss)`]
      : ['SLO', 'none: no service, so no latency SLO; alternatives are compared on cost per job, wait and turnaround'],
  );
  if (holds.service && result.dropBudget) rows.push(['Drop budget', `to be recommended, ${dropBudgetText(result.dropBudget)}`]);
  rows.push(
    ['Alternatives', result.alternatives.map((a) => `${a.name} (${a.platform})`).join('; ')],
    ['Produced by', `capsim ${result.capsimVersion}, results schema v${result.schemaVersion}`],
  );
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v === scenarioRow ? v : markdownCell(v)} |`)];
}

/** What an alternative did, in sentences (Markdown list items; shared with report.html). */
export function behaviour(alt: AlternativeResult): string[] {
  const u = alt.usage;
  const counts = EVENT_KINDS.filter(({ kind }) => (alt.eventCounts[kind] ?? 0) > 0).map(({ kind, label, one }) => `${formatCount(alt.eventCounts[kind]!)} ${alt.eventCounts[kind] === 1 ? one : label}`);
  const lines = [
    `- Tasks: ${formatNumber(u.avgTasks, 1)} on average, ${formatCount(u.maxTasks)} at most` +
      (u.avgInstances > 0 ? `; ${formatNumber(u.avgInstances, 1)} EC2 instances on average` : '') + '.',
    `- Capacity paid vs used: ${formatNumber(u.avgPaidVcpu, 2)} vs ${formatNumber(u.avgUsedVcpu, 2)} vCPU (${formatShare(u.idleVcpuShare)} idle, about ${formatUsd(u.idleUsd)} paid for idle capacity); ` +
      `${formatNumber(u.avgPaidMemoryGiB, 1)} vs ${formatNumber(u.avgUsedMemoryGiB, 1)} GiB memory.`,
    ...(servesRequests(alt)
      ? [
          `- Requests: ${formatCount(alt.requests.served)} served, ${formatCount(alt.requests.dropped)} dropped (${formatShare(alt.slo.droppedShare)}); ` +
            `p95 over ${formatCount(alt.slo.latencyP95TargetMs)} ms in ${formatCount(alt.slo.minutesOver)} minutes (${formatShare(alt.slo.minutesOverShare)}).`,
          ...(alt.slo.latencyMeanMs === undefined
            ? []
            : [`- Latency over the run: p95 ${formatNumber(alt.slo.latencyP95Ms, 1)} ms; mean response ${formatNumber(alt.slo.latencyMeanMs, 1)} ms, of which ${formatNumber(alt.slo.queueWaitMeanMs, 1)} ms waiting in line.`]),
        ]
      : []),
    alt.startLatency.count > 0
      ? `- Task start latency: p50 ${formatNumber(alt.startLatency.p50Seconds, 1)} s, p95 ${formatNumber(alt.startLatency.p95Seconds, 1)} s over ${formatCount(alt.startLatency.count)} starts.`
      : '- Task start latency: no task started during the run (warm tasks serve from t = 0 with no start to time).',
  ];
  const j = alt.jobs;
  if (j) {
    lines.push(
      `- Batch jobs: ${formatCount(j.completed)} of ${formatCount(j.submitted)} completed, ${formatCount(j.queuedAtEnd)} still queued at the end; ` +
        `wait p50 ${formatNumber(j.waitP50Seconds, 1)} s, p95 ${formatNumber(j.waitP95Seconds, 1)} s; turnaround p95 ${formatNumber(j.turnaroundP95Seconds, 1)} s; ` +
        `${j.usdPerJob === null ? 'no job completed' : `${formatUsdSmall(j.usdPerJob)} per job`}` +
        (j.restarts > 0 ? `; ${formatCount(j.restarts)} restarted after an interruption, ${formatDuration(j.lostWorkSeconds)} of work redone` : '; no restarts') +
        '.',
    );
  }
  const means = replicationMeans(alt);
  if (means !== null) lines.push(means);
  if (u.pendingTaskSeconds > 0) lines.push(`- Unplaced tasks: ${formatCount(u.pendingTaskSeconds)} task-seconds pending, at most ${formatCount(u.maxPendingTasks)} at once.`);
  if (counts.length > 0) lines.push(`- Events: ${counts.join(', ')}.`);
  return lines;
}

/**
 * With replications, the figures the verdicts judge (and the table's means), beside replication
 * 0's above them: the shares of minutes over target and of requests dropped, cost per job and the
 * p95 wait, each mean ± its 95 % half-width. Null with one run.
 */
function replicationMeans(alt: AlternativeResult): string | null {
  const r = alt.replications;
  if (!r || r.n <= 1) return null;
  const pm = (ci: number | null, format: (v: number) => string) => (ci === null ? '' : ` ± ${format(ci)}`);
  const parts: string[] = [];
  if (servesRequests(alt)) {
    parts.push(
      `over target in ${formatShare(judgedMinutesOverShare(alt))}${pm(r.minutesOverShare.ci95, formatShare)} of minutes, ` +
        `${formatShare(judgedDroppedShare(alt))}${pm(r.droppedShare.ci95, formatShare)} of requests dropped`,
    );
  }
  const jobs = jobsScatterPoint(alt);
  if (jobs !== null) {
    const seconds = (v: number) => `${formatNumber(v, 1)} s`;
    parts.push(`${formatUsdSmall(jobs.x.value)}${pm(jobs.x.ci95, formatUsdSmall)} per job, p95 wait ${seconds(jobs.y.value)}${pm(jobs.y.ci95, seconds)}`);
  }
  return parts.length === 0 ? null : `- Over the ${formatCount(r.n)} replications (mean ± 95% CI; the figures above are replication 0's): ${parts.join('; ')}.`;
}

/**
 * An alternative's cost for its heading: `$0.10 ($24.53/month)`; with replications the mean total
 * ± its interval and the mean per month, then replication 0's total (the bill detailed below).
 */
function alternativeCostText(alt: AlternativeResult): string {
  if (!hasMeanCostRates(alt)) return `${formatUsd(alt.cost.totalUsd)} (${formatUsdRate(alt.cost.usdPerMonth)}/month)`;
  const r = alt.replications!;
  return `mean ${formatUsd(r.totalUsd.mean)} ± ${formatUsd(r.totalUsd.ci95)} (${formatUsdRate(judgedCostRates(alt).usdPerMonth)}/month) over ${formatCount(r.n)} replications (replication 0: ${formatUsd(alt.cost.totalUsd)})`;
}

/** The assumptions a reader must accept; shared with report.html. */
export function assumptions(result: ComparisonResult): string[] {
  const monthly = result.alternatives.map(judgedCostRates).every((c) => Math.abs(toCents(c.usdPerMonth) - toCents(c.usdPerHour * 730)) <= 1)
    ? 'Per-month figures are the run’s average hourly cost × 730 hours (AWS’s monthly convention).'
    : 'Per-month figures scale the run’s average hourly cost to a month.';
  return [
    'Fargate is billed at AWS’s per-second rates (the ones in AWS’s own worked examples), from image pull to task stop with a one-minute minimum; hourly figures are equivalents. Both agree to the cent on monthly totals.',
    'AWS’s “GB” is GiB (1024³ bytes): a 2048 MiB task is billed as 2 GB.',
    'Costs are exact: billed quantities are accumulated per rate and priced once. Each line item is rounded to the cent once and the total is the exact sum rounded once, so line items can differ from the total by a cent.',
    `${monthly}`,
    ...(resultHolds(result).service
      ? ['Demand is modelled as a fluid spread over the RUNNING tasks each tick, not request by request; latency percentiles come from a queueing approximation.']
      : []),
    ...(resultHolds(result).jobs
      ? ['Each batch job runs as one standalone task; while it runs it counts as busy for its whole task size (batch work is assumed CPU-bound), so “vCPU used” for jobs is an upper bound.']
      : []),
    'Every alternative sees the same demand (common random numbers), so differences come from capacity, sizing and scaling, not from luck.',
    'Spot interruption rates, image-pull and registration times are model inputs, not AWS figures; their values are in `results.json` under `scenario.resolved`.',
    'Charts show at most 1,000 points per series: each point is the mean of its minutes, except latency, dropped requests and pending tasks (the worst minute) and cumulative cost (the last). `timeseries.csv` has every minute.',
    // A report saved before the hourly ledger re-renders with the curve it was saved with.
    hasHourlyCosts(result.alternatives)
      ? 'The cumulative-cost curve is the hourly bill (`costs.csv`) summed hour by hour: exact at each clock hour’s end, a straight line within the hour.'
      : 'The cumulative-cost curve is approximate (for the chart); the line items and totals are exact.',
    ...commitmentNotes(result).map((note) => `Commitment recommendations: ${note}`),
  ];
}

/** The distinct notes of the commitment recommendations (usually one for the whole run). */
function commitmentNotes(result: ComparisonResult): string[] {
  return [...new Set(result.alternatives.map((a) => a.commitments.recommendation.note.trim()).filter(Boolean))];
}

/** The Commitments section's lead-in and caveat (Markdown; shared with report.html). */
export function commitmentIntro(result: ComparisonResult): { lead: string; caveat: string } {
  const caveats = [...new Set(result.alternatives.map((a) => commitmentCaveat(a.commitments.recommendation.note)).filter(Boolean))];
  return {
    lead:
      'Covered: the share of commitment-eligible on-demand spend (EC2 on-demand instances, Fargate; never Spot) that Reserved Instances or Savings Plans paid for; ' +
      'utilisation only for the commitments an alternative holds. Recommended: what capsim would hold for this usage, and this run’s eligible usage ' +
      'billed on-demand against billed with it (commitment fees for the run’s hours included).',
    caveat: caveats.length > 0 ? `Caveat: ${caveats.join(' ')}` : '',
  };
}

export interface InterruptionSummary {
  alt: string;
  total: number;
  /** The first few, in time order: `day 2, 04:13` and the simulator's reason. */
  listed: { at: string; detail: string }[];
  /** How many more events.csv has. */
  more: number;
}

/** The interruptions of every alternative that had any, the first few by time (shared with report.html). */
export function interruptionSummaries(result: ComparisonResult): InterruptionSummary[] {
  const out: InterruptionSummary[] = [];
  for (const { alt } of summaryRows(result)) {
    const total = alt.eventCounts.interruption ?? 0;
    if (total === 0) continue;
    const listed = alt.events.filter((e) => e.kind === 'interruption').slice(0, LISTED_INTERRUPTIONS);
    out.push({ alt: alt.name, total, listed: listed.map((e) => ({ at: formatRunTime(e.t), detail: e.detail })), more: total - listed.length });
  }
  return out;
}

/** The heading line of one alternative's interruptions, e.g. `fargate-spot: 5 Spot interruptions`. */
export function interruptionHeading(s: InterruptionSummary): string {
  return `${s.alt}: ${formatCount(s.total)} Spot interruption${s.total === 1 ? '' : 's'}` + (s.more > 0 ? ` (the first ${s.listed.length}; \`events.csv\` has all)` : '');
}

/** Interruptions as a nested Markdown list. */
export function interruptionList(result: ComparisonResult): string[] {
  return interruptionSummaries(result).flatMap((s) => [`- ${interruptionHeading({ ...s, alt: markdownText(s.alt) })}`, ...s.listed.map((i) => `  - ${i.at}: ${markdownText(i.detail)}`)]);
}

/** The Events section's lead-in (shared with report.html). */
export function eventsIntro(result: ComparisonResult): string {
  const any = result.alternatives.some((a) => (a.eventCounts.interruption ?? 0) > 0);
  const spot = resultHolds(result).spot;
  return (
    'What happened, by kind, over the whole run (counts are complete even where events.csv caps chatty kinds). ' +
    (any ? 'Spot interruptions are listed below the table and marked in red on the tasks chart.' : spot ? 'No Spot capacity was interrupted in this run.' : 'No alternative ran on Spot capacity.')
  );
}

/** A scenario's description as Markdown paragraphs: its text escaped, nothing at a line start read as a heading, list or quote. */
function markdownParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.split(/\r?\n/).map((line) => markdownText(line.trim()).replace(/^([#>+=-]|\d+[.)])/, '\\$1')).join('\n'))
    .filter((p) => p !== '')
    .flatMap((p, i) => (i === 0 ? [p] : ['', p]));
}

export function renderMarkdownReport(result: ComparisonResult): string {
  const s = result.scenario;
  const rows = summaryRows(result);
  const charts = new Set(svgChartFiles(result));
  const chart = (file: string, alt: string, caption: string): string[] =>
    charts.has(file) ? [`![${alt}](${CHARTS_DIR}/${file})`, '', `_${caption}_`, ''] : [];
  const out: string[] = [`# Capacity and cost comparison: ${markdownText(s.name)}`, ''];
  out.push(`> **Decision.** ${markdownText(recommendationSentence(result))}`, '');
  if (s.description) out.push(...markdownParagraphs(s.description), '');
  out.push('## Context', '', ...contextTable(result), '');
  out.push('## Decision', '', markdownText(rankingText(result)), '');
  out.push(renderMarkdownSummary(result));
  const notes = verdictNotes(result);
  if (notes.length > 0) out.push(...notes.map((n) => `- ${markdownText(n)}`), '');
  out.push(`**Not costed.** ${NOT_COSTED_LEAD}`, '', ...notCosted(result).map((n) => `- ${markdownText(n)}`), '');
  if (jobsOnly(result)) {
    out.push(...chart('scatter.svg', 'Cost per job vs wait', jobsScatterCaption(result)));
  } else {
    const axis = sloScatterAxis(result);
    out.push(...chart('scatter.svg', axis.metric === 'latencyP95' ? 'Cost vs p95 latency' : 'Cost vs SLO', axis.caption));
  }
  out.push(...chart('breakdown.svg', 'Cost breakdown by line item', 'Where the money goes, per alternative.'));
  out.push('## Evidence', '');
  out.push(...chart('load.svg', 'Offered load vs serving capacity', 'One panel per alternative on the same axes. Grey: the demand every alternative faces (band: busiest minute). Line: serving capacity. Where it dips under the grey, requests queue or drop.'));
  out.push(...chart('latency.svg', 'p95 latency vs SLO', 'One panel per alternative on the same axes: worst p95 per point against the SLO target (dashed).'));
  out.push(
    ...chart(
      'tasks.svg',
      'Tasks over time',
      'Running, desired, starting/draining and pending tasks per alternative, EC2 instances on their own (right) axis; how fast scaling follows the load. Red crosses and lines: Spot interruptions.',
    ),
  );
  out.push(...chart('cost.svg', 'Cumulative cost', 'Cost accrued over the run; the slope is the spend rate.'));
  out.push(...chart('waste.svg', 'Paid vs used capacity', 'Time-averaged vCPU and memory paid for vs used: the grey beyond the coloured bar is idle headroom.'));
  const intro = commitmentIntro(result);
  out.push('## Commitments', '', intro.lead, '');
  out.push(...markdownTable(COMMITMENT_COLUMNS, rows.map((r) => r.alt)), '');
  if (intro.caveat) out.push(`_${intro.caveat}_`, '');
  out.push('## Events', '', eventsIntro(result), '');
  out.push(...markdownTable(eventColumns(result), rows.map((r) => r.alt)), '');
  const interruptions = interruptionList(result);
  if (interruptions.length > 0) out.push(...interruptions, '');
  const placement = placementFailureLines(result);
  if (placement.length > 0) out.push(PLACEMENT_FAILURES_LEAD, '', ...placement.map((p) => `- ${markdownText(p.alt)}: ${markdownText(p.text)}`), '');
  out.push('## Alternatives', '');
  for (const { alt, rank } of rows) {
    const misses = servesRequests(alt) && !judgedSloMet(alt) ? ', misses the SLO' : '';
    out.push(`### ${rank}. ${markdownCell(alt.name)}: ${alternativeCostText(alt)}${misses}`, '');
    out.push(`${markdownCell(alt.platform)}.`, '', ...behaviour(alt), '');
  }
  out.push('### Line items', '', renderMarkdownLineItems(result, 4));
  const inputs = inputRows(result);
  out.push('## Inputs', '', '| | |', '| --- | --- |', ...inputs.run.map(([k, v]) => `| ${k} | ${markdownCell(v)} |`), '');
  out.push(
    '| alternative | capacity | task | scaling |',
    '| --- | --- | --- | --- |',
    ...inputs.alternatives.map((a) => `| ${markdownCell(a.name)} | ${markdownCell(a.capacity)} | ${markdownCell(a.task)} | ${markdownCell(a.scaling)} |`),
    '',
    `| alternative | ${LIFECYCLE_HEADERS.join(' | ')} |`,
    '| --- | --- | --- | --- |',
    ...inputs.alternatives.map((a) => `| ${[a.name, ...lifecycleCells(a.lifecycle)].map(markdownCell).join(' | ')} |`),
    '',
  );
  out.push('## Assumptions', '', ...assumptions(result).map((a) => `- ${a}`), '');
  out.push('## Prices', '', markdownText(pricesIntro(result)), '');
  out.push(
    '| line item | rate [USD/unit] | unit | source | used by |',
    '| --- | ---: | --- | --- | --- |',
    ...priceRows(result).map((p) => `| ${markdownCell(p.item)} | $${p.usdPerUnit} | ${markdownCell(p.unit)} | ${markdownCell(p.source)} | ${markdownCell(p.usedBy.join(', '))} |`),
    '',
  );
  out.push(
    '## Files',
    '',
    '- `results.json`: this comparison without the per-minute series (versioned schema).',
    '- `timeseries.csv`: every minute of every alternative; `events.csv`: scaling actions, interruptions, placements, deployments.',
    '- `report.html`: the interactive version of these charts (works offline).',
    '',
    `Reproduce with ${markdownCode(`capsim run ${s.file} --seed ${s.seed}`)}; re-render these files from the saved results with \`capsim report results.json --out <dir>\`.`,
    '',
  );
  return out.join('\n');
}
