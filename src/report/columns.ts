// The comparison table as one column specification (CloudSim Plus's table builders are the
// model): each column has a header, a unit, a getter, a formatter and an alignment. The terminal,
// Markdown and HTML tables are all renderings of these columns, so they cannot disagree.

import {
  DROP_BUDGET_MARGIN,
  hasMeanCostRates,
  judgedCostRates,
  judgedDroppedShare,
  judgedMinutesOverShare,
  judgedSloMet,
  judgedWithinDropBudget,
  type AlternativeResult,
  type ComparisonResult,
  type DropBudget,
  type EventKind,
  type LineItem,
} from '../domain/result.js';
import { formatCount, formatDecimalString, formatNumber, formatShare, formatShareExact, formatUsd, formatUsdRate, formatUsdSmall, toCents } from './format.js';

export type Align = 'left' | 'right' | 'center';
/** A hint for colour: what the cell says about the decision. */
export type Tone = 'good' | 'bad' | 'muted' | undefined;

export interface Column<Row> {
  id: string;
  header: string;
  /** Unit shown under or beside the header; empty when the header says it all. */
  unit: string;
  align: Align;
  /** The raw value (for tests and machine readers). */
  value(row: Row): number | string | boolean | null;
  /** The displayed text. */
  text(row: Row): string;
  tone?(row: Row): Tone;
}

/** Builds a column whose formatter is typed by its getter. */
function column<Row, V extends number | string | boolean | null>(spec: {
  id: string;
  header: string;
  unit?: string;
  align: Align;
  get: (row: Row) => V;
  format?: (value: V, row: Row) => string;
  tone?: (row: Row) => Tone;
}): Column<Row> {
  const format = spec.format ?? ((v: V) => String(v));
  return {
    id: spec.id,
    header: spec.header,
    unit: spec.unit ?? '',
    align: spec.align,
    value: spec.get,
    text: (row) => format(spec.get(row), row),
    ...(spec.tone ? { tone: spec.tone } : {}),
  };
}

export interface SummaryRow {
  /** 1-based position in `result.ranking`. */
  rank: number;
  alt: AlternativeResult;
  recommended: boolean;
  /** Within the result's drop budget; null when the result has none or the alternative serves no requests. */
  withinDropBudget: boolean | null;
}

/** Rows in ranking order; an alternative missing from `ranking` (should not happen) goes last. */
export function summaryRows(result: ComparisonResult): SummaryRow[] {
  const byName = new Map(result.alternatives.map((a) => [a.name, a]));
  const ordered: AlternativeResult[] = [];
  for (const name of result.ranking) {
    const alt = byName.get(name);
    if (alt && !ordered.includes(alt)) ordered.push(alt);
  }
  for (const alt of result.alternatives) if (!ordered.includes(alt)) ordered.push(alt);
  return ordered.map((alt, i) => ({
    rank: i + 1,
    alt,
    recommended: alt.name === result.recommended,
    withinDropBudget: result.dropBudget && servesRequests(alt) ? judgedWithinDropBudget(alt, result.dropBudget) : null,
  }));
}

// ---- what an alternative (and a result) holds ------------------------------------------------
// The table shows a group of columns only when some alternative has something to put in it, and
// "—" in a row that has nothing: a zero would claim a measurement that was never made (no
// requests means no SLO minutes, not zero of them).

/** The alternative served requests (it has a service with traffic); SLO and per-request figures apply. */
export function servesRequests(alt: AlternativeResult): boolean {
  return alt.requests.offered > 0;
}

/** The alternative ran EC2 container instances (an ASG, alone or beside Fargate). */
export function usesEc2(alt: AlternativeResult): boolean {
  return alt.capacityType === 'ec2' || alt.usage.avgInstances > 0 || alt.cost.lineItems.some((li) => li.id.startsWith('ec2.'));
}

/** The alternative ran on Spot capacity (Fargate Spot or EC2 Spot), so interruptions can happen. */
export function usesSpot(alt: AlternativeResult): boolean {
  return (
    alt.capacityType === 'fargate-spot' ||
    (alt.eventCounts.interruption ?? 0) > 0 ||
    alt.cost.lineItems.some((li) => li.id.startsWith('ec2.spot.') || li.id.startsWith('fargate-spot.'))
  );
}

/** Reserved Instances held (their fee is a line item). */
export function holdsReservedInstances(alt: AlternativeResult): boolean {
  return alt.cost.lineItems.some((li) => li.id.startsWith('ec2.ri-fee.'));
}

/** A Savings Plan held (its commitment is a line item). */
export function holdsSavingsPlan(alt: AlternativeResult): boolean {
  return alt.cost.lineItems.some((li) => li.id.startsWith('sp.commitment.'));
}

export interface ResultHolds {
  /** Some alternative served requests: cost per request and the SLO columns. */
  service: boolean;
  /** Some alternative ran batch jobs: the job columns. */
  jobs: boolean;
  /** Some alternative ran EC2 instances: the instances column. */
  instances: boolean;
  /** Some alternative ran on Spot: the interruptions column. */
  spot: boolean;
  /** The run has replications: mean cost with its 95 % confidence interval. */
  replications: boolean;
  /** The recommendation was held to a drop budget (results saved before it existed have none). */
  dropBudget: boolean;
}

export function resultHolds(result: ComparisonResult): ResultHolds {
  const alts = result.alternatives;
  return {
    service: alts.some(servesRequests),
    jobs: alts.some((a) => a.jobs !== null),
    instances: alts.some(usesEc2),
    spot: alts.some(usesSpot),
    replications: alts.some((a) => a.replications !== null && a.replications.n > 1),
    dropBudget: result.dropBudget !== undefined && result.dropBudget !== null,
  };
}

/** Jobs but no requests: the decision is about cost per job, and no latency SLO applies. */
export function jobsOnly(result: ComparisonResult): boolean {
  const h = resultHolds(result);
  return h.jobs && !h.service;
}

const sloTone = (row: SummaryRow): Tone => (!servesRequests(row.alt) ? undefined : judgedSloMet(row.alt) ? 'good' : 'bad');
/** `—` for a value the row does not have. */
const orDash = <V>(format: (v: V) => string) => (v: V | null) => (v === null ? '—' : format(v));
const seconds = (v: number) => formatNumber(v, 1);

/** A summary column, shown only when the result holds what it measures. */
type SummaryColumn = Column<SummaryRow> & { when?: (h: ResultHolds) => boolean };
const only = (when: (h: ResultHolds) => boolean, c: Column<SummaryRow>): SummaryColumn => ({ ...c, when });

/**
 * Every column the summary table can have, in display order: who, what it costs, what it used,
 * what went wrong, what it delivered. `summaryColumns(result)` picks those the result needs.
 */
export const SUMMARY_COLUMNS: SummaryColumn[] = [
  column({ id: 'rank', header: '#', align: 'right', get: (r) => r.rank }),
  column({ id: 'alternative', header: 'alternative', align: 'left', get: (r) => r.alt.name }),
  column({ id: 'platform', header: 'platform', align: 'left', get: (r) => r.alt.platform, tone: () => 'muted' }),
  column({ id: 'totalUsd', header: 'total', unit: 'USD', align: 'right', get: (r) => r.alt.cost.totalUsd, format: formatUsd }),
  only(
    (h) => h.replications,
    column({
      id: 'meanUsd',
      header: 'mean ± 95% CI',
      unit: 'USD, all seeds',
      align: 'right',
      get: (r) => r.alt.replications?.totalUsd.mean ?? null,
      format: (v, r) => (v === null ? '—' : `${formatUsd(v)} ± ${formatUsd(r.alt.replications!.totalUsd.ci95)}`),
    }),
  ),
  // With replications the rates are the means over them, like the ranking's total (judgedCostRates).
  column({ id: 'usdPerHour', header: 'per hour', unit: 'USD/h', align: 'right', get: (r) => judgedCostRates(r.alt).usdPerHour, format: formatUsdRate }),
  column({ id: 'usdPerMonth', header: 'per month', unit: 'USD/mo', align: 'right', get: (r) => judgedCostRates(r.alt).usdPerMonth, format: formatUsdRate }),
  only(
    (h) => h.service,
    column({
      id: 'usdPerMillionRequests',
      header: 'per M req',
      unit: 'USD/1M',
      align: 'right',
      get: (r) => (servesRequests(r.alt) ? judgedCostRates(r.alt).usdPerMillionRequests : null),
      format: formatUsdRate,
    }),
  ),
  only(
    (h) => h.jobs,
    column({ id: 'usdPerJob', header: 'per job', unit: 'USD/job', align: 'right', get: (r) => (r.alt.jobs ? judgedCostRates(r.alt).usdPerJob : null), format: formatUsdSmall }),
  ),
  column({ id: 'avgTasks', header: 'avg tasks', unit: 'tasks', align: 'right', get: (r) => r.alt.usage.avgTasks, format: (v) => formatNumber(v, 1) }),
  column({ id: 'avgPaidVcpu', header: 'vCPU paid', unit: 'vCPU', align: 'right', get: (r) => r.alt.usage.avgPaidVcpu, format: (v) => formatNumber(v, 2) }),
  column({ id: 'avgUsedVcpu', header: 'vCPU used', unit: 'vCPU', align: 'right', get: (r) => r.alt.usage.avgUsedVcpu, format: (v) => formatNumber(v, 2) }),
  column({ id: 'idleVcpuShare', header: 'idle', unit: '% vCPU', align: 'right', get: (r) => r.alt.usage.idleVcpuShare, format: formatShare }),
  column({ id: 'idleUsd', header: 'idle paid', unit: 'USD', align: 'right', get: (r) => r.alt.usage.idleUsd, format: formatUsd }),
  only(
    (h) => h.instances,
    column({
      id: 'avgInstances',
      header: 'instances',
      unit: 'avg',
      align: 'right',
      get: (r) => (usesEc2(r.alt) ? r.alt.usage.avgInstances : null),
      format: orDash((v: number) => formatNumber(v, 1)),
    }),
  ),
  only(
    (h) => h.spot,
    column({
      id: 'interruptions',
      header: 'Spot intr.',
      unit: 'count',
      align: 'right',
      get: (r) => (usesSpot(r.alt) ? (r.alt.eventCounts.interruption ?? 0) : null),
      format: orDash(formatCount),
      tone: (r) => ((r.alt.eventCounts.interruption ?? 0) > 0 ? 'bad' : undefined),
    }),
  ),
  only(
    (h) => h.jobs,
    column({
      id: 'jobRestarts',
      header: 'restarts',
      unit: 'jobs',
      align: 'right',
      get: (r) => r.alt.jobs?.restarts ?? null,
      format: orDash(formatCount),
      tone: (r) => ((r.alt.jobs?.restarts ?? 0) > 0 ? 'bad' : undefined),
    }),
  ),
  only(
    (h) => h.jobs,
    column({
      id: 'jobsCompleted',
      header: 'jobs done',
      unit: 'count',
      align: 'right',
      get: (r) => r.alt.jobs?.completed ?? null,
      format: orDash(formatCount),
    }),
  ),
  only(
    (h) => h.jobs,
    column({ id: 'jobWaitP95', header: 'wait p95', unit: 's', align: 'right', get: (r) => r.alt.jobs?.waitP95Seconds ?? null, format: orDash(seconds) }),
  ),
  only(
    (h) => h.jobs,
    column({
      id: 'jobTurnaroundP95',
      header: 'turnaround p95',
      unit: 's',
      align: 'right',
      get: (r) => r.alt.jobs?.turnaroundP95Seconds ?? null,
      format: orDash(seconds),
    }),
  ),
  only(
    (h) => h.service,
    column({
      id: 'latencyMean',
      header: 'mean latency',
      unit: 'ms (wait)',
      align: 'right',
      // results.json files saved before the means were added have none: a dash.
      get: (r) => (servesRequests(r.alt) ? (r.alt.slo.latencyMeanMs ?? null) : null),
      format: (v, r) => (v === null ? '—' : `${formatNumber(v, 1)} (${formatNumber(r.alt.slo.queueWaitMeanMs ?? 0, 1)})`),
    }),
  ),
  only(
    (h) => h.service,
    column({
      id: 'minutesOver',
      header: 'over SLO',
      unit: 'min (%)',
      align: 'right',
      get: (r) => (servesRequests(r.alt) ? r.alt.slo.minutesOver : null),
      format: (v, r) => (v === null ? '—' : `${formatCount(v)} (${formatShare(r.alt.slo.minutesOverShare)})`),
      tone: sloTone,
    }),
  ),
  only(
    (h) => h.service,
    column({
      id: 'dropped',
      header: 'dropped',
      unit: 'requests (%)',
      align: 'right',
      get: (r) => (servesRequests(r.alt) ? r.alt.requests.dropped : null),
      format: (v, r) => (v === null ? '—' : `${formatCount(v)} (${formatShare(r.alt.slo.droppedShare)})`),
      tone: (r) => (r.alt.requests.dropped > 0 ? 'bad' : undefined),
    }),
  ),
  only(
    (h) => h.service && h.replications,
    column({
      id: 'minutesOverShareMean',
      header: 'over SLO mean',
      unit: '% ± 95% CI',
      align: 'right',
      get: (r) => (servesRequests(r.alt) && r.alt.replications ? r.alt.replications.minutesOverShare.mean : null),
      format: (v, r) => (v === null ? '—' : `${formatShare(v)} ± ${formatShare(r.alt.replications!.minutesOverShare.ci95)}`),
      tone: sloTone,
    }),
  ),
  only(
    (h) => h.service && h.replications,
    column({
      id: 'droppedShareMean',
      header: 'dropped mean',
      unit: '% ± 95% CI',
      align: 'right',
      get: (r) => (servesRequests(r.alt) && r.alt.replications ? r.alt.replications.droppedShare.mean : null),
      format: (v, r) => (v === null ? '—' : `${formatShare(v)} ± ${formatShare(r.alt.replications!.droppedShare.ci95)}`),
    }),
  ),
  only(
    (h) => h.service,
    column({
      id: 'sloMet',
      header: 'SLO',
      align: 'center',
      get: (r) => (servesRequests(r.alt) ? judgedSloMet(r.alt) : null),
      format: (v) => (v === null ? '—' : v ? '✓' : '✗'),
      tone: sloTone,
    }),
  ),
  only(
    (h) => h.service && h.dropBudget,
    column({
      id: 'withinDropBudget',
      header: 'drop budget',
      align: 'center',
      get: (r) => r.withinDropBudget,
      format: (v) => (v === null ? '—' : v ? '✓' : '✗'),
      tone: (r) => (r.withinDropBudget === null ? undefined : r.withinDropBudget ? 'good' : 'bad'),
    }),
  ),
];

/** The summary columns this result needs (a Fargate-only web comparison has no instance or Spot columns). */
export function summaryColumns(result: ComparisonResult): Column<SummaryRow>[] {
  const holds = resultHolds(result);
  return SUMMARY_COLUMNS.filter((c) => !c.when || c.when(holds));
}

export const LINE_ITEM_COLUMNS: Column<LineItem>[] = [
  column({ id: 'description', header: 'line item', align: 'left', get: (li) => li.description }),
  column({ id: 'quantity', header: 'quantity', align: 'right', get: (li) => li.quantity, format: (v) => formatDecimalString(v, 4) }),
  column({ id: 'unit', header: 'unit', align: 'left', get: (li) => li.unit, tone: () => 'muted' }),
  column({ id: 'usdPerUnit', header: 'rate', unit: 'USD/unit', align: 'right', get: (li) => li.usdPerUnit, format: (v) => `$${v}` }),
  column({ id: 'usd', header: 'amount', unit: 'USD', align: 'right', get: (li) => li.usd, format: formatUsd }),
];

/** The SLO in words: `p95 latency ≤ 250 ms in at least 99.9% of minutes`. */
export function sloText(result: ComparisonResult): string {
  return sloRuleText(result.scenario.sloLatencyP95Ms, result.alternatives[0]?.slo.maxMinutesOverShare);
}

/** The SLO target in words from its two figures (what `capsim validate` knows before a run). */
export function sloRuleText(latencyP95Ms: number, maxMinutesOverShare: number | undefined): string {
  const target = `p95 latency ≤ ${formatCount(latencyP95Ms)} ms`;
  return maxMinutesOverShare === undefined || !Number.isFinite(maxMinutesOverShare) ? target : `${target} in at least ${formatShareExact(1 - maxMinutesOverShare)} of minutes`;
}

/** The drop budget in words: `at most 0.274% of requests dropped (the lowest share among the alternatives meeting the SLO, steady's, + 10% of it + 0.01 percentage points)`. */
export function dropBudgetText(budget: DropBudget): string {
  const cap = `at most ${formatShareExact(budget.maxDroppedShare)} of requests dropped`;
  if (budget.basis === 'scenario') return `${cap} (the scenario's slo.maxDroppedShare)`;
  const margin = `${formatShareExact(DROP_BUDGET_MARGIN.relative)} of it + ${formatNumber(DROP_BUDGET_MARGIN.absolute * 100, 2)} percentage points`;
  return budget.best === null ? cap : `${cap} (the lowest share among the alternatives meeting the SLO, ${budget.best}'s, + ${margin})`;
}

/**
 * What the verdict columns mean, one sentence each (the same in every format): the SLO ✓/✗ and
 * the drop budget ✓/✗ are separate tests, and the ranking needs both.
 */
export function verdictNotes(result: ComparisonResult): string[] {
  if (!resultHolds(result).service) return [];
  const reps = result.alternatives.find((a) => a.replications && a.replications.n > 1)?.replications?.n;
  const judged = reps ? ` (judged on the mean over ${reps} replications)` : '';
  const notes = [`SLO: ✓ when ${sloText(result)}${judged}; a minute that drops any request counts as over target.`];
  if (result.dropBudget) notes.push(`Drop budget: ✓ when ${dropBudgetText(result.dropBudget)}${judged}; it keeps a cheaper alternative that sheds load from being recommended.`);
  if (reps) notes.push(repsNote(result, reps));
  return notes;
}

/** What ± means, and which figures are means over the replications and which are replication 0's. */
function repsNote(result: ComparisonResult, reps: number): string {
  const ci = `± is the half-width of the 95% confidence interval over ${reps} replications (Student's t)`;
  // Results saved before the mean rates existed show replication 0's rates.
  if (!result.alternatives.some(hasMeanCostRates)) return `${ci}; the other figures are replication 0's.`;
  const holds = resultHolds(result);
  const rates = `per hour, per month${holds.service ? ', per M req' : ''}${holds.jobs ? ', per job' : ''}`;
  return `${ci}; ${rates} and the figures the recommendation quotes (costs, shares of minutes over target and of requests dropped) are means over the replications too; total and the other figures are replication 0's.`;
}

/**
 * The columns that decide, kept together when the terminal is narrow: who, what it costs, and
 * the verdicts. With replications the means (what the ranking uses) stand in for one run's figures.
 */
export function decidingColumnIds(result: ComparisonResult): Set<string> {
  const reps = resultHolds(result).replications;
  return new Set([
    'rank',
    'alternative',
    reps ? 'meanUsd' : 'totalUsd',
    'usdPerMonth',
    'usdPerJob',
    'jobsCompleted',
    // With replications the SLO ✓ is judged on the mean share over target; that share sits in the next block.
    ...(reps ? [] : ['minutesOver']),
    reps ? 'droppedShareMean' : 'dropped',
    'sloMet',
    'withinDropBudget',
  ]);
}

/** How the table is ordered, in words (the same in every format). */
export function rankingText(result: ComparisonResult): string {
  if (jobsOnly(result)) return 'Ranked by total cost, cheapest first; cost per job is the total over the jobs completed.';
  if (!result.dropBudget) return 'Ranked cheapest first among the alternatives that meet the SLO, then the rest by cost.';
  return `Ranked cheapest first among the alternatives that meet the SLO and drop at most ${formatShareExact(result.dropBudget.maxDroppedShare)} of requests (the drop budget), then those that meet only the SLO, then the rest, each by cost.`;
}

/**
 * The cheapest alternative that costs less per month than the recommendation and `lost` says
 * lost, with the recommendation and how many cents a month cheaper it is; null when there is no
 * recommendation or no such alternative.
 */
function cheapestLoser(result: ComparisonResult, lost: (a: AlternativeResult) => boolean): { rec: AlternativeResult; cheapest: AlternativeResult; cheaperCents: number } | null {
  const alts = summaryRows(result);
  const rec = alts.find((r) => r.recommended)?.alt;
  if (!rec) return null;
  const month = (a: AlternativeResult) => judgedCostRates(a).usdPerMonth;
  const losers = alts.map((r) => r.alt).filter((a) => lost(a) && month(a) < month(rec));
  if (losers.length === 0) return null;
  const cheapest = losers.reduce((a, b) => (month(b) < month(a) ? b : a));
  return { rec, cheapest, cheaperCents: toCents(month(rec)) - toCents(month(cheapest)) };
}

/**
 * Why the cheapest alternative meeting the SLO lost to the recommendation, when it did: it drops
 * more requests than the drop budget allows. E.g. `fargate-spot is $12.00 per month cheaper but
 * drops 46% more requests than fargate (0.35% vs 0.24% of requests offered)`.
 */
export function runnerUpText(result: ComparisonResult): string | null {
  // Alternatives meeting the SLO but over the budget rank after the recommendation; the cheapest of them is the runner-up.
  const lost = cheapestLoser(result, (a) => judgedSloMet(a) && !judgedWithinDropBudget(a, result.dropBudget));
  if (!lost) return null;
  const { rec, cheapest, cheaperCents } = lost;
  const dRec = judgedDroppedShare(rec);
  const dLost = judgedDroppedShare(cheapest);
  const more = dRec > 0 ? `drops ${formatShare(dLost / dRec - 1)} more requests than ${rec.name} (${formatShare(dLost)} vs ${formatShare(dRec)} of requests offered)` : `drops ${formatShare(dLost)} of requests offered where ${rec.name} drops none`;
  return `${cheapest.name} is ${formatUsd(cheaperCents / 100)} per month cheaper but ${more}`;
}

/**
 * Why the cheapest alternative that costs less than the recommendation lost on the SLO, when one
 * did. E.g. `small is $36.04 per month cheaper but misses the SLO: over target in 100% of minutes
 * (1% allowed), 33% of requests dropped` (with replications, the means the ranking judged).
 */
function cheaperMissText(result: ComparisonResult): string | null {
  const lost = cheapestLoser(result, (a) => servesRequests(a) && !judgedSloMet(a));
  if (!lost) return null;
  const { cheapest, cheaperCents } = lost;
  return (
    `${cheapest.name} is ${formatUsd(cheaperCents / 100)} per month cheaper but misses the SLO: over target in ${formatShare(judgedMinutesOverShare(cheapest))} of minutes ` +
    `(${formatShareExact(cheapest.slo.maxMinutesOverShare)} allowed), ${formatShare(judgedDroppedShare(cheapest))} of requests dropped`
  );
}

/**
 * The sentence that states the decision; the same words in every format. When a cheaper
 * alternative lost, it ends with why: over the drop budget, or missing the SLO.
 */
export function recommendationSentence(result: ComparisonResult): string {
  const decision = decisionSentence(result);
  const missed = result.recommended !== null && !jobsOnly(result) ? cheaperMissText(result) : null;
  return missed === null ? decision : `${decision} ${missed}.`;
}

function decisionSentence(result: ComparisonResult): string {
  const rows = summaryRows(result);
  if (jobsOnly(result)) return jobsRecommendationSentence(rows);
  const target = sloText(result);
  const rec = rows.find((r) => r.recommended);
  const budget = result.dropBudget;
  // Verdicts and figures as the ranking judged them (the means, with replications), as the table shows.
  const met = (r: SummaryRow) => judgedSloMet(r.alt);
  if (!rec && budget && rows.some(met)) {
    const fewest = rows.filter(met).reduce((a, b) => (judgedDroppedShare(b.alt) < judgedDroppedShare(a.alt) ? b : a));
    return `No alternative meets the SLO (${target}) with ${dropBudgetText(budget)}; of those meeting the SLO, ${fewest.alt.name} drops the fewest, ${formatShare(judgedDroppedShare(fewest.alt))} of requests.`;
  }
  if (!rec) {
    const closest = [...rows].sort((a, b) => judgedMinutesOverShare(a.alt) - judgedMinutesOverShare(b.alt))[0];
    return closest
      ? `No alternative meets the SLO (${target}); the closest is ${closest.alt.name}, over target in ${formatShare(judgedMinutesOverShare(closest.alt))} of minutes.`
      : 'No alternatives were simulated.';
  }
  const lost = runnerUpText(result);
  if (lost !== null && budget) {
    // The drop budget decided: say so, and why the cheaper alternative lost.
    const base = `Recommended: ${rec.alt.name} (${rec.alt.platform}), the cheapest alternative that meets the SLO (${target}) with ${dropBudgetText(budget)}, at ${formatUsdRate(judgedCostRates(rec.alt).usdPerMonth)} per month`;
    const next = rows.find((r) => r !== rec && met(r) && judgedWithinDropBudget(r.alt, budget));
    return `${base}. ${lost}.` + (next ? ` It is ${savingText(rec.alt, next.alt)} less than the next one that meets both, ${next.alt.name}.` + withPaired(result, next.alt.name) : '');
  }
  const base = `Recommended: ${rec.alt.name} (${rec.alt.platform}), the cheapest alternative that meets the SLO (${target}), at ${formatUsdRate(judgedCostRates(rec.alt).usdPerMonth)} per month`;
  const next = rows.find((r) => r !== rec && met(r));
  if (!next) return `${base}; it is the only one that meets the SLO.`;
  return `${base}, ${savingText(rec.alt, next.alt)} less than the next one that meets it, ${next.alt.name}.` + withPaired(result, next.alt.name);
}

/** ` Paired over …` appended to the decision, or nothing without paired differences for `name`. */
function withPaired(result: ComparisonResult, name: string): string {
  const text = pairedText(result, name);
  return text === null ? '' : ` ${text}`;
}

/**
 * The paired difference of `name` against the baseline in words, e.g. `Paired over 10
 * replications (common random numbers), fargate-big costs $41.20 more than fargate over the run,
 * 95% CI [$38.10, $44.30].` Null when the result has no paired differences for it.
 */
export function pairedText(result: ComparisonResult, name: string): string | null {
  const d = result.paired?.differences.find((x) => x.alternative === name);
  if (!d || !result.paired) return null;
  const { mean, ci95 } = d.totalUsd;
  const lo = toCents(mean - ci95) / 100;
  const hi = toCents(mean + ci95) / 100;
  const way = toCents(mean) === 0 ? 'costs the same as' : `costs ${formatUsd(Math.abs(toCents(mean)) / 100)} ${mean > 0 ? 'more' : 'less'} than`;
  const zero = lo <= 0 && hi >= 0 ? ' (the interval includes $0: no clear difference)' : '';
  return `Paired over ${formatCount(d.n)} replications (common random numbers), ${name} ${way} ${result.paired.baseline} over the run, 95% CI [${formatUsd(lo)}, ${formatUsd(hi)}]${zero}.`;
}

/** `$1.74 per month (1.2%)`: how much less `rec` costs per month than `next`. */
function savingText(rec: AlternativeResult, next: AlternativeResult): string {
  // Subtract in whole cents so the saving is exact for the rounded figures shown.
  const nextMonth = judgedCostRates(next).usdPerMonth;
  const savingCents = Math.round(nextMonth * 100) - Math.round(judgedCostRates(rec).usdPerMonth * 100);
  const pct = nextMonth > 0 ? formatShare(savingCents / 100 / nextMonth) : '—';
  return `${formatUsd(savingCents / 100)} per month (${pct})`;
}

/**
 * Jobs and no service: there is no latency SLO, so the decision is cost per job. The result's
 * recommendation is the cheapest in total; the sentence says whether that is also the cheapest
 * per job (it is unless an alternative left jobs unfinished) rather than assuming it.
 */
function jobsRecommendationSentence(rows: SummaryRow[]): string {
  const perJob = (r: SummaryRow) => (r.alt.jobs ? judgedCostRates(r.alt).usdPerJob : null);
  const perMonth = (r: SummaryRow) => judgedCostRates(r.alt).usdPerMonth;
  const priced = rows.filter((r) => perJob(r) !== null).sort((a, b) => perJob(a)! - perJob(b)!);
  const rec = rows.find((r) => r.recommended);
  const cheapest = priced[0];
  if (!rec) {
    return cheapest
      ? `No alternative is recommended; the cheapest per job is ${cheapest.alt.name} at ${formatUsdSmall(perJob(cheapest))} per job.`
      : 'No alternative is recommended, and none completed a job.';
  }
  const base = `Recommended: ${rec.alt.name} (${rec.alt.platform})`;
  const month = `${formatUsdRate(perMonth(rec))} per month`;
  const recPerJob = perJob(rec);
  if (recPerJob === null || !cheapest) return `${base}, the cheapest in total at ${month}; it completed no job.`;
  if (perJob(cheapest) === recPerJob) {
    const head = `${base}, the cheapest per job: ${formatUsdSmall(recPerJob)} per job over ${formatCount(rec.alt.jobs!.completed)} completed jobs (${month})`;
    const next = priced.find((r) => r.alt.name !== rec.alt.name);
    if (!next) return `${head}.`;
    const pct = formatShare(1 - recPerJob / perJob(next)!);
    return `${head}, ${pct} less per job than the next, ${next.alt.name} at ${formatUsdSmall(perJob(next))}.`;
  }
  // Per month is the total over a common horizon (the mean total with replications): it orders as the ranking does.
  const why = perMonth(cheapest) > perMonth(rec) ? `but costs more in total (${formatUsdRate(perMonth(cheapest))} per month)` : 'but was not recommended';
  return `${base}, the cheapest in total at ${month} (${formatUsdSmall(recPerJob)} per job); ${cheapest.alt.name} costs less per job (${formatUsdSmall(perJob(cheapest))}) ${why}.`;
}

// ---- commitments -------------------------------------------------------------------------------

/** What capsim would buy for this alternative's usage, in words; `none` when nothing pays off. */
export function recommendedPurchase(alt: AlternativeResult): string {
  const rec = alt.commitments.recommendation;
  const parts = rec.reservedInstances
    .filter((ri) => ri.count > 0)
    .map((ri) => `${formatCount(ri.count)} × ${ri.instanceType} RI (break-even ${formatShareExact(ri.breakEvenUtilisation)} of hours)`);
  if (Number(rec.computeSavingsPlanUsdPerHour) > 0) parts.push(`Compute SP $${rec.computeSavingsPlanUsdPerHour}/h`);
  return parts.length > 0 ? parts.join(' + ') : 'none';
}

/** The recommendation saves money on this run's usage. */
export function commitmentSaves(alt: AlternativeResult): boolean {
  const rec = alt.commitments.recommendation;
  return rec.savingsShare > 0 && toCents(rec.withRecommendedUsd) < toCents(rec.onDemandUsd);
}

/** The note's main caveat, one short sentence: its first clause. */
export function commitmentCaveat(note: string): string {
  const first = note.split(/;|\.\s/)[0].trim().replace(/\.$/, '');
  return first === '' ? '' : `${first}.`;
}

export const COMMITMENT_COLUMNS: Column<AlternativeResult>[] = [
  column({ id: 'alternative', header: 'alternative', align: 'left', get: (a) => a.name }),
  column({ id: 'coveredShare', header: 'covered', unit: '% of eligible', align: 'right', get: (a) => a.commitments.coveredShare, format: formatShare }),
  column({
    id: 'riUtilisation',
    header: 'RI used',
    unit: '%',
    align: 'right',
    get: (a) => (holdsReservedInstances(a) ? a.commitments.riUtilisation : null),
    format: orDash(formatShare),
    tone: (a) => (holdsReservedInstances(a) && a.commitments.riUtilisation < 1 ? 'bad' : undefined),
  }),
  column({
    id: 'spUtilisation',
    header: 'SP used',
    unit: '%',
    align: 'right',
    get: (a) => (holdsSavingsPlan(a) ? a.commitments.spUtilisation : null),
    format: orDash(formatShare),
    tone: (a) => (holdsSavingsPlan(a) && a.commitments.spUtilisation < 1 ? 'bad' : undefined),
  }),
  column({ id: 'purchase', header: 'recommended', align: 'left', get: (a) => recommendedPurchase(a) }),
  column({ id: 'onDemandUsd', header: 'on-demand', unit: 'USD', align: 'right', get: (a) => a.commitments.recommendation.onDemandUsd, format: formatUsd }),
  column({
    id: 'withRecommendedUsd',
    header: 'with recommended',
    unit: 'USD',
    align: 'right',
    get: (a) => a.commitments.recommendation.withRecommendedUsd,
    format: formatUsd,
  }),
  column({
    id: 'savingsShare',
    header: 'saving',
    unit: '%',
    align: 'right',
    get: (a) => (a.commitments.recommendation.onDemandUsd > 0 ? a.commitments.recommendation.savingsShare : null),
    format: orDash(formatShare),
    tone: (a) => (commitmentSaves(a) ? 'good' : undefined),
  }),
];

// ---- events --------------------------------------------------------------------------------------

/** Event kinds in the order a reviewer asks about them, with table headings. */
export const EVENT_KINDS: { kind: EventKind; header: string; label: string; one: string }[] = [
  { kind: 'interruption', header: 'Spot interruptions', label: 'Spot interruptions', one: 'Spot interruption' },
  { kind: 'instance-launch', header: 'instance launches', label: 'instance launches', one: 'instance launch' },
  { kind: 'instance-terminate', header: 'instance terminations', label: 'instance terminations', one: 'instance termination' },
  { kind: 'placement-failed', header: 'placement failures', label: 'placement failures', one: 'placement failure' },
  { kind: 'scaling', header: 'scaling actions', label: 'scaling actions', one: 'scaling action' },
  { kind: 'deployment', header: 'deployments', label: 'deployments', one: 'deployment' },
  { kind: 'task-launch', header: 'task launches', label: 'task launches', one: 'task launch' },
  { kind: 'task-running', header: 'tasks RUNNING', label: 'tasks reaching RUNNING', one: 'task reaching RUNNING' },
  { kind: 'task-stopped', header: 'tasks stopped', label: 'tasks stopped', one: 'task stopped' },
];

/** Counts by kind (uncapped), one column per kind that happened in any alternative. */
export function eventColumns(result: ComparisonResult): Column<AlternativeResult>[] {
  // Interruptions whenever something ran on Spot, so "none" is visible; `—` where nothing could be interrupted.
  const spot = resultHolds(result).spot;
  const kinds = EVENT_KINDS.filter(
    ({ kind }) => (kind === 'interruption' && spot) || result.alternatives.some((a) => (a.eventCounts[kind] ?? 0) > 0),
  );
  const count = (kind: EventKind) => (a: AlternativeResult) => (kind === 'interruption' && !usesSpot(a) ? null : (a.eventCounts[kind] ?? 0));
  return [
    column({ id: 'alternative', header: 'alternative', align: 'left', get: (a: AlternativeResult) => a.name }),
    ...kinds.map(({ kind, header }) =>
      column({
        id: kind,
        header,
        align: 'right',
        get: count(kind),
        format: orDash(formatCount),
        tone: (a: AlternativeResult) => {
          const n = count(kind)(a);
          return kind === 'interruption' && (n ?? 0) > 0 ? 'bad' : !n ? 'muted' : undefined;
        },
      }),
    ),
  ];
}
