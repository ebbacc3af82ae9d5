// Regression check against a saved result: per alternative, total cost, SLO, dropped requests
// and p95 start latency, each compared with a tolerance. A change beyond tolerance in the bad
// direction is a regression (the CLI exits non-zero); in the good direction, an improvement.

import type { AlternativeResult, ComparisonResult } from '../domain/result.js';

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

function compareAlternative(b: Saved['alternatives'][number], c: Saved['alternatives'][number], t: Tolerances): DiffRow[] {
  const name = c.name;
  const rows = [
    compareNumber(name, 'total cost (USD)', b.cost.totalUsd, c.cost.totalUsd, true, (x) => Math.max(0.01, Math.abs(x) * t.costRelative)),
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
  const fmt = (v: number | string, metric: string) => (typeof v !== 'number' ? v : metric.includes('share') ? `${(v * 100).toFixed(3)}%` : v.toFixed(2));
  const table = [['alternative', 'metric', 'baseline', 'current', 'verdict'], ...shown.map((r) => [r.alternative, r.metric, fmt(r.baseline, r.metric), fmt(r.current, r.metric), r.verdict])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  return `Baseline comparison:\n${table.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd()).join('\n')}\n`;
}
