// The comparison table as one column specification (CloudSim Plus's table builders are the
// model): each column has a header, a unit, a getter, a formatter and an alignment. The terminal,
// Markdown and HTML tables are all renderings of these columns, so they cannot disagree.

import type { AlternativeResult, ComparisonResult, LineItem } from '../run/result.js';
import { formatCount, formatDecimalString, formatNumber, formatShare, formatShareExact, formatUsd, formatUsdRate } from './format.js';

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
  return ordered.map((alt, i) => ({ rank: i + 1, alt, recommended: alt.name === result.recommended }));
}

const sloTone = (row: SummaryRow): Tone => (row.alt.slo.met ? 'good' : 'bad');

export const SUMMARY_COLUMNS: Column<SummaryRow>[] = [
  column({ id: 'rank', header: '#', align: 'right', get: (r) => r.rank }),
  column({ id: 'alternative', header: 'alternative', align: 'left', get: (r) => r.alt.name }),
  column({ id: 'platform', header: 'platform', align: 'left', get: (r) => r.alt.platform, tone: () => 'muted' }),
  column({ id: 'totalUsd', header: 'total', unit: 'USD', align: 'right', get: (r) => r.alt.cost.totalUsd, format: formatUsd }),
  column({ id: 'usdPerHour', header: 'per hour', unit: 'USD/h', align: 'right', get: (r) => r.alt.cost.usdPerHour, format: formatUsdRate }),
  column({ id: 'usdPerMonth', header: 'per month', unit: 'USD/mo', align: 'right', get: (r) => r.alt.cost.usdPerMonth, format: formatUsdRate }),
  column({
    id: 'usdPerMillionRequests',
    header: 'per M req',
    unit: 'USD/1M',
    align: 'right',
    get: (r) => r.alt.cost.usdPerMillionRequests,
    format: formatUsdRate,
  }),
  column({ id: 'avgTasks', header: 'avg tasks', unit: 'tasks', align: 'right', get: (r) => r.alt.usage.avgTasks, format: (v) => formatNumber(v, 1) }),
  column({ id: 'avgPaidVcpu', header: 'vCPU paid', unit: 'vCPU', align: 'right', get: (r) => r.alt.usage.avgPaidVcpu, format: (v) => formatNumber(v, 2) }),
  column({ id: 'avgUsedVcpu', header: 'vCPU used', unit: 'vCPU', align: 'right', get: (r) => r.alt.usage.avgUsedVcpu, format: (v) => formatNumber(v, 2) }),
  column({ id: 'idleVcpuShare', header: 'idle', unit: '% vCPU', align: 'right', get: (r) => r.alt.usage.idleVcpuShare, format: formatShare }),
  column({ id: 'idleUsd', header: 'idle paid', unit: 'USD', align: 'right', get: (r) => r.alt.usage.idleUsd, format: formatUsd }),
  column({ id: 'avgInstances', header: 'instances', unit: 'avg', align: 'right', get: (r) => r.alt.usage.avgInstances, format: (v) => formatNumber(v, 1) }),
  column({
    id: 'interruptions',
    header: 'Spot intr.',
    unit: 'count',
    align: 'right',
    get: (r) => r.alt.eventCounts.interruption ?? 0,
    format: (v) => formatCount(v),
    tone: (r) => ((r.alt.eventCounts.interruption ?? 0) > 0 ? 'bad' : undefined),
  }),
  column({
    id: 'minutesOver',
    header: 'over SLO',
    unit: 'min (%)',
    align: 'right',
    get: (r) => r.alt.slo.minutesOver,
    format: (v, r) => `${formatCount(v)} (${formatShare(r.alt.slo.minutesOverShare)})`,
    tone: sloTone,
  }),
  column({
    id: 'dropped',
    header: 'dropped',
    unit: 'requests (%)',
    align: 'right',
    get: (r) => r.alt.requests.dropped,
    format: (v, r) => `${formatCount(v)} (${formatShare(r.alt.slo.droppedShare)})`,
    tone: (r) => (r.alt.requests.dropped > 0 ? 'bad' : undefined),
  }),
  column({ id: 'sloMet', header: 'SLO', align: 'center', get: (r) => r.alt.slo.met, format: (v) => (v ? '✓' : '✗'), tone: sloTone }),
];

export const LINE_ITEM_COLUMNS: Column<LineItem>[] = [
  column({ id: 'description', header: 'line item', align: 'left', get: (li) => li.description }),
  column({ id: 'quantity', header: 'quantity', align: 'right', get: (li) => li.quantity, format: (v) => formatDecimalString(v, 4) }),
  column({ id: 'unit', header: 'unit', align: 'left', get: (li) => li.unit, tone: () => 'muted' }),
  column({ id: 'usdPerUnit', header: 'rate', unit: 'USD/unit', align: 'right', get: (li) => li.usdPerUnit, format: (v) => `$${v}` }),
  column({ id: 'usd', header: 'amount', unit: 'USD', align: 'right', get: (li) => li.usd, format: formatUsd }),
];

/** The SLO in words: `p95 latency ≤ 250 ms in at least 99.9% of minutes`. */
export function sloText(result: ComparisonResult): string {
  const target = `p95 latency ≤ ${formatCount(result.scenario.sloLatencyP95Ms)} ms`;
  const allowed = result.alternatives[0]?.slo.maxMinutesOverShare;
  return allowed === undefined || !Number.isFinite(allowed) ? target : `${target} in at least ${formatShareExact(1 - allowed)} of minutes`;
}

/** The sentence that states the decision; the same words in every format. */
export function recommendationSentence(result: ComparisonResult): string {
  const rows = summaryRows(result);
  const target = sloText(result);
  const rec = rows.find((r) => r.recommended);
  if (!rec) {
    const closest = [...rows].sort((a, b) => a.alt.slo.minutesOverShare - b.alt.slo.minutesOverShare)[0];
    return closest
      ? `No alternative meets the SLO (${target}); the closest is ${closest.alt.name}, over target in ${formatShare(closest.alt.slo.minutesOverShare)} of minutes.`
      : 'No alternatives were simulated.';
  }
  const base = `Recommended: ${rec.alt.name} (${rec.alt.platform}), the cheapest alternative that meets the SLO (${target}), at ${formatUsdRate(rec.alt.cost.usdPerMonth)} per month`;
  const next = rows.find((r) => r !== rec && r.alt.slo.met);
  if (!next) return `${base}; it is the only one that meets the SLO.`;
  // Subtract in whole cents so the saving is exact for the rounded figures shown.
  const savingCents = Math.round(next.alt.cost.usdPerMonth * 100) - Math.round(rec.alt.cost.usdPerMonth * 100);
  const pct = next.alt.cost.usdPerMonth > 0 ? formatShare(savingCents / 100 / next.alt.cost.usdPerMonth) : '—';
  return `${base}, ${formatUsd(savingCents / 100)} per month (${pct}) less than the next one that meets it, ${next.alt.name}.`;
}
