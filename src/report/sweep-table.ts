// A sweep's rows as one column specification (as columns.ts does for a comparison), rendered as
// the terminal table, sweep.csv and the Markdown table; sweep.json is the result itself with a
// stable key order; and the sentences that say which point was selected and why.

import type { SensitivityBar, SweepResult, SweepRow } from '../domain/sweep.js';
import type { Column, Tone } from './columns.js';
import { csvText } from './csv-text.js';
import { formatCount, formatNumber, formatShare, formatUsdRate } from './format.js';

export const SWEEP_CSV = 'sweep.csv';
export const SWEEP_JSON = 'sweep.json';

function col(spec: { id: string; header: string; unit?: string; align: 'left' | 'right'; get: (r: SweepRow) => string | number | boolean; text?: (r: SweepRow) => string; tone?: (r: SweepRow) => Tone }): Column<SweepRow> {
  return { id: spec.id, header: spec.header, unit: spec.unit ?? '', align: spec.align, value: spec.get, text: spec.text ?? ((r) => String(spec.get(r))), ...(spec.tone ? { tone: spec.tone } : {}) };
}

/** Whether a row is the selected point × alternative. */
export function isSelected(result: SweepResult, r: SweepRow): boolean {
  return result.selected !== null && result.selected.point === r.point && result.selected.alternative === r.alternative;
}

/** The columns of the sweep table: the point, each parameter, the alternative, then the figures. */
export function sweepColumns(result: SweepResult): Column<SweepRow>[] {
  const params = result.header.parameters.map((p, i) => col({ id: `param:${p.name}`, header: p.name, align: 'left', get: (r) => r.values[i], text: (r) => (r.values[i] === '' ? '(as written)' : r.values[i]) }));
  return [
    col({ id: 'point', header: 'point', align: 'right', get: (r) => r.point }),
    ...params,
    col({ id: 'alternative', header: 'alternative', align: 'left', get: (r) => r.alternative }),
    col({ id: 'usdPerMonth', header: 'per month', unit: 'USD/mo', align: 'right', get: (r) => r.usdPerMonth, text: (r) => formatUsdRate(r.usdPerMonth) }),
    col({ id: 'totalUsd', header: 'total', unit: 'USD', align: 'right', get: (r) => r.totalUsd, text: (r) => formatUsdRate(r.totalUsd) + (r.replications > 1 ? ` ±${formatNumber(r.totalUsdCi95, 2)}` : '') }),
    col({ id: 'minutesOver', header: 'SLO misses', unit: '% min', align: 'right', get: (r) => r.minutesOverShare, text: (r) => formatShare(r.minutesOverShare), tone: (r) => (r.meetsSlo ? 'good' : 'bad') }),
    col({ id: 'dropped', header: 'dropped', align: 'right', get: (r) => r.dropped, text: (r) => formatCount(r.dropped), tone: (r) => (r.withinDropBudget ? undefined : 'bad') }),
    col({ id: 'p95', header: 'p95', unit: 'ms', align: 'right', get: (r) => r.latencyP95Ms, text: (r) => formatNumber(r.latencyP95Ms, 0) }),
    col({ id: 'flags', header: '', align: 'left', get: (r) => `${isSelected(result, r) ? 'selected ' : ''}${r.pareto ? 'pareto' : ''}`.trim() }),
  ];
}

const ANSI: Record<Exclude<Tone, undefined>, string> = { good: '\x1b[32m', bad: '\x1b[31m', muted: '\x1b[2m' };

/** The terminal table (every row; the selected one marked), the Pareto front and the selection. */
export function renderSweepTable(result: SweepResult, opts: { color: boolean }): string {
  const columns = sweepColumns(result);
  const head = columns.map((c) => (c.unit ? `${c.header} [${c.unit}]` : c.header));
  const cells = result.rows.map((r) => columns.map((c) => c.text(r)));
  const widths = columns.map((_, i) => Math.max(head[i].length, ...cells.map((row) => row[i].length)));
  const pad = (s: string, i: number) => (columns[i].align === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [head.map(pad).join('  ').trimEnd(), widths.map((w) => '-'.repeat(w)).join('  ')];
  result.rows.forEach((r, k) => {
    const line = cells[k]
      .map((s, i) => {
        const tone = columns[i].tone?.(r);
        const padded = pad(s, i);
        return opts.color && tone ? `${ANSI[tone]}${padded}\x1b[0m` : padded;
      })
      .join('  ')
      .trimEnd();
    lines.push(opts.color && isSelected(result, r) ? `\x1b[1m${line}\x1b[0m` : line);
  });
  return [sweepTitle(result), '', ...lines, '', ...summaryLines(result), ''].join('\n');
}

export function sweepTitle(result: SweepResult): string {
  const h = result.header;
  const reps = h.scenario.replications > 1 ? `, ${h.scenario.replications} replications each (common random numbers)` : '';
  const what = h.mode === 'one-at-a-time' ? 'sensitivity, one parameter at a time' : `sweep of ${h.parameters.map((p) => p.name).join(' × ')}`;
  return `${h.scenario.name}: ${what}; ${h.pointCount} points × ${h.alternatives.length} alternatives, seed ${h.scenario.seed}${reps}`;
}

/** Where the cheapest alternative, the SLO and drops ignored, changes along a bar ('' when it never does). */
export function cheapestFlipsText(bar: SensitivityBar): string {
  return (bar.cheapestFlips ?? []).map((f) => `${f.from} → ${f.to}: ${f.fromCheapest} → ${f.toCheapest}`).join(', ');
}

/** The selection, the drop budget, the Pareto front and (one at a time) where the recommendation flips. */
export function summaryLines(result: SweepResult): string[] {
  const lines = [selectionSentence(result)];
  if (result.dropBudget) lines.push(`Drop budget: at most ${formatShare(result.dropBudget.maxDroppedShare)} of requests dropped (${result.dropBudget.basis === 'scenario' ? 'slo.maxDroppedShare' : `best share meeting the SLO${result.dropBudget.best ? `, ${result.dropBudget.best}` : ''}, plus 10 % of it and 0.01 points`}).`);
  lines.push(`Pareto front (cost against SLO misses): ${result.pareto.map((p) => `${p.alternative} at point ${p.point}`).join('; ')}.`);
  const s = result.sensitivity;
  if (s) {
    lines.push(`Base point ${s.basePoint}: ${s.baseRecommended === null ? 'no alternative meets the SLO' : `${s.baseRecommended} recommended at ${formatUsdRate(s.baseUsdPerMonth)} per month`}.`);
    for (const bar of s.bars) {
      const flips = bar.flips.map((f) => `${f.from} → ${f.to}: ${f.fromRecommended ?? 'none'} → ${f.toRecommended ?? 'none'}`);
      const cheapest = cheapestFlipsText(bar);
      lines.push(`  ${bar.parameter}: ${bar.alternative} ${formatUsdRate(bar.low.usdPerMonth)} (${bar.low.label}) to ${formatUsdRate(bar.high.usdPerMonth)} (${bar.high.label}) per month, SLO misses ${formatShare(bar.minutesOverLow)}–${formatShare(bar.minutesOverHigh)}${flips.length > 0 ? `; recommendation flips at ${flips.join(', ')}` : '; recommendation unchanged'}${cheapest ? `; cheapest (SLO and drops ignored) flips at ${cheapest}` : ''}`);
    }
  }
  return lines;
}

/** "Selected: …": the cheapest point that meets the SLO and the drop budget, with its parameters. */
export function selectionSentence(result: SweepResult): string {
  const sel = result.selected;
  if (sel === null) return 'Selected: none: no point × alternative meets the SLO and the drop budget.';
  const row = result.rows.find((r) => r.point === sel.point && r.alternative === sel.alternative)!;
  const params = result.header.parameters.flatMap((p, i) => (row.values[i] === '' ? [] : [`${p.name}=${row.values[i]}`])).join(', ');
  return `Selected: ${sel.alternative} at point ${sel.point} (${params || 'the scenario as written'}), ${formatUsdRate(sel.usdPerMonth)} per month, ${formatShare(row.minutesOverShare)} of minutes over the SLO; chosen by ${sel.procedure}: ${sel.note}.`;
}

/** sweep.csv: one row per point × alternative, numbers unformatted (shares as fractions). */
export function sweepCsv(result: SweepResult): string {
  const header = ['point', ...result.header.parameters.map((p) => csvText(p.name)), 'alternative', 'replications', 'total_usd', 'total_usd_ci95', 'usd_per_month', 'slo_minutes_over_share', 'dropped_share', 'dropped', 'p95_ms', 'meets_slo', 'within_drop_budget', 'pareto', 'selected'];
  const lines = [header.join(',')];
  for (const r of result.rows) {
    lines.push(
      [String(r.point), ...r.values.map(csvText), csvText(r.alternative), String(r.replications), String(r.totalUsd), String(r.totalUsdCi95), String(r.usdPerMonth), String(r.minutesOverShare), String(r.droppedShare), String(r.dropped), String(r.latencyP95Ms), String(r.meetsSlo), String(r.withinDropBudget), String(r.pareto), String(isSelected(result, r))].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** sweep.json: the result, two-space indented (keys in the order the result builds them: the same bytes every run). */
export function sweepJson(result: SweepResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
