// Regression check against a saved result: per alternative, total cost, SLO, dropped requests
// and p95 start latency, each compared with a tolerance. A change beyond tolerance in the bad
// direction is a regression (the CLI exits non-zero); in the good direction, an improvement.

import type { AlternativeResult, ComparisonResult } from '../domain/result.js';
import { exactTotalUsd } from './gates.js';

/** What the check reads of a result (results.json has it all; no series needed). */
type Saved = Pick<ComparisonResult, 'recommended'> & { alternatives: Omit<AlternativeResult, 'series'>[] };

export interface Tolerances {
  /** Relative change in total cost allowed, e.g. 0.01 = 1 %. */
  costRelative: number;
  /** Absolute change in the share of minutes over the SLO, e.g. 0.001 = 0.1 percentage points. */
  minutesOverAbsolute: number;
  /** Absolute change in the share of requests dropped. */
  droppedAbsolute: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { costRelative: 0.01, minutesOverAbsolute: 0.001, droppedAbsolute: 0.0001 };

export interface DiffRow {
  alternative: string;
  metric: string;
  baseline: number | string;
  current: number | string;
  verdict: 'regression' | 'improvement' | 'same' | 'added' | 'removed';
}

function compareNumber(alternative: string, metric: string, before: number, after: number, worseIfHigher: boolean, tolerance: (b: number) => number): DiffRow {
  const delta = after - before;
  const verdict = Math.abs(delta) <= tolerance(before) ? 'same' : delta > 0 === worseIfHigher ? 'regression' : 'improvement';
  return { alternative, metric, baseline: before, current: after, verdict };
}

/** The detailed run's exact total, as the other metrics here are the detailed run's (gates.ts compares means). */
function costOf(a: Saved['alternatives'][number]): number {
  return exactTotalUsd(a) ?? a.cost.totalUsd;
}

function compareAlternative(b: Saved['alternatives'][number], c: Saved['alternatives'][number], t: Tolerances): DiffRow[] {
  const name = c.name;
  const rows = [
    // Exact totals, and no cent floor on the tolerance: a bill under $1 could double within it.
    compareNumber(name, 'total cost (USD)', costOf(b), costOf(c), true, (x) => Math.abs(x) * t.costRelative),
    compareNumber(name, 'minutes over SLO (share)', b.slo.minutesOverShare, c.slo.minutesOverShare, true, () => t.minutesOverAbsolute),
    compareNumber(name, 'requests dropped (share)', b.slo.droppedShare, c.slo.droppedShare, true, () => t.droppedAbsolute),
  ];
  if (b.slo.met !== c.slo.met) {
    rows.push({ alternative: name, metric: 'SLO met', baseline: String(b.slo.met), current: String(c.slo.met), verdict: c.slo.met ? 'improvement' : 'regression' });
  }
  return rows;
}

/** Every difference between a baseline and a current result, alternative by alternative. */
export function diffResults(baseline: Saved, current: Saved, tolerances: Tolerances = DEFAULT_TOLERANCES): DiffRow[] {
  const rows: DiffRow[] = [];
  const before = new Map(baseline.alternatives.map((a) => [a.name, a]));
  for (const alt of current.alternatives) {
    const b = before.get(alt.name);
    if (!b) rows.push({ alternative: alt.name, metric: 'alternative', baseline: '—', current: 'present', verdict: 'added' });
    else rows.push(...compareAlternative(b, alt, tolerances));
  }
  for (const alt of baseline.alternatives) {
    if (!current.alternatives.some((a) => a.name === alt.name)) rows.push({ alternative: alt.name, metric: 'alternative', baseline: 'present', current: '—', verdict: 'removed' });
  }
  if (baseline.recommended !== current.recommended) {
    rows.push({ alternative: '(comparison)', metric: 'recommended', baseline: String(baseline.recommended), current: String(current.recommended), verdict: 'same' });
  }
  return rows;
}

export function hasRegression(rows: readonly DiffRow[]): boolean {
  return rows.some((r) => r.verdict === 'regression' || r.verdict === 'removed');
}

export function formatDiff(rows: readonly DiffRow[]): string {
  const shown = rows.filter((r) => r.verdict !== 'same' || r.metric === 'recommended');
  if (shown.length === 0) return 'Baseline: no change beyond tolerance.\n';
  // Costs to the cent, unless the cents hide the change ($0.00575988 → $0.01151976): then as many
  // places, up to 6, as tell them apart.
  const places = (r: DiffRow) => {
    if (typeof r.baseline !== 'number' || typeof r.current !== 'number') return 2;
    let p = 2;
    while (p < 6 && r.baseline !== r.current && r.baseline.toFixed(p) === r.current.toFixed(p)) p++;
    return p;
  };
  const fmt = (v: number | string, r: DiffRow) => (typeof v !== 'number' ? v : r.metric.includes('share') ? `${(v * 100).toFixed(3)}%` : v.toFixed(places(r)));
  const table = [['alternative', 'metric', 'baseline', 'current', 'verdict'], ...shown.map((r) => [r.alternative, r.metric, fmt(r.baseline, r), fmt(r.current, r), r.verdict])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  return `Baseline comparison:\n${table.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd()).join('\n')}\n`;
}
