// Regression gates against a baseline (`capsim diff`, `capsim run --baseline --fail-on`): per
// alternative and metric, the old and new values, the change and the change in percent, and
// whether a gate fails. With replications on both sides a change counts only when its 95 %
// confidence interval excludes zero: the half-widths of the two means combine as
// √(h_old² + h_new²) (independent samples; common random numbers make the real interval
// narrower, so this errs towards calling a change noise). Warns when the two results are not
// comparable (another capsim version, catalog, scenario or seed).

import { Dec, totalOf } from '../billing/money.js';
import { GATE_METRICS, type Gate, type GateMetric } from '../domain/gates.js';
import type { AlternativeResult, ComparisonResult, Estimate } from '../domain/result.js';

/** What a diff reads of a result: results.json is enough (no series). */
export type Comparable = Pick<ComparisonResult, 'capsimVersion' | 'scenario'> & { alternatives: Omit<AlternativeResult, 'series'>[] };

export interface MetricValue {
  /** The value, or the mean over replications; null when the result does not record it. */
  value: number | null;
  /** Half-width of the 95 % confidence interval of the mean (0 without replications). */
  ci95: number;
}

export type Verdict = 'fail' | 'noise' | 'ok' | 'n/a' | 'added' | 'removed';

export interface MetricChange {
  alternative: string;
  metric: GateMetric | 'alternative';
  old: MetricValue | null;
  new: MetricValue | null;
  /** new − old. */
  change: number | null;
  /** Change in percent of the old value; Infinity when it grew from 0. */
  percent: number | null;
  /** Half-width of the change's 95 % interval (0 without replications). */
  changeCi95: number;
  /** The gate applied to this metric, if any. */
  gate: string | null;
  verdict: Verdict;
}

export interface GateReport {
  warnings: string[];
  gates: string[];
  rows: MetricChange[];
  /** Some gate failed, or an alternative the baseline had is gone (with gates set). */
  failed: boolean;
}

const METRICS = Object.keys(GATE_METRICS) as GateMetric[];

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function fromEstimate(e: Estimate | undefined, fallback: number | null): MetricValue {
  const mean = num(e?.mean);
  return mean === null ? { value: fallback, ci95: 0 } : { value: mean, ci95: num(e?.ci95) ?? 0 };
}

/**
 * One run's total cost unrounded: the sum of its line items' `usdExact`. `cost.totalUsd` is
 * rounded to the cent, which on a small bill hides a doubling ($0.00576 → $0.01152 reads
 * $0.01 → $0.01) and skews percentages ($2.962224 → $3.258446 is +10.000 %, $2.96 → $3.26
 * +10.1 %). Falls back to `totalUsd` for a result whose line items do not carry `usdExact`.
 */
export function exactTotalUsd(alt: Pick<AlternativeResult, 'cost'>): number | null {
  const items = alt.cost?.lineItems;
  if (Array.isArray(items) && items.length > 0 && items.every((i) => typeof i?.usdExact === 'string')) {
    try {
      return num(totalOf(items).toNumber());
    } catch {
      // a hand-edited usdExact that is not a number: the rounded total is all there is
    }
  }
  return num(alt.cost?.totalUsd);
}

/** The metric of an alternative, from its replication estimates when it has them. */
export function metricValue(alt: Omit<AlternativeResult, 'series'>, metric: GateMetric): MetricValue {
  const r = alt.replications ?? undefined;
  switch (metric) {
    case 'cost':
      return fromEstimate(r?.totalUsd, exactTotalUsd(alt));
    case 'sloMinutes':
      return fromEstimate(r?.minutesOver, num(alt.slo?.minutesOver));
    case 'p95':
      return fromEstimate(r?.latencyP95Ms, num(alt.slo?.latencyP95Ms));
    case 'dropped':
      return fromEstimate(r?.dropped, num(alt.requests?.dropped));
  }
}

function judge(old: MetricValue, cur: MetricValue, gate: Gate | undefined): Pick<MetricChange, 'change' | 'percent' | 'changeCi95' | 'verdict'> {
  if (old.value === null || cur.value === null) return { change: null, percent: null, changeCi95: 0, verdict: 'n/a' };
  // In decimal, from each value's shortest decimal text: 2.962224 → 3.2584464 is +10 % exactly,
  // where floats make it 10.000000000000009 % and fail `cost>+10%`.
  const exactChange = new Dec(String(cur.value)).minus(String(old.value));
  const exactPercent = old.value !== 0 ? exactChange.div(Math.abs(old.value)).times(100) : null;
  const change = exactChange.toNumber();
  const percent = exactPercent !== null ? exactPercent.toNumber() : change === 0 ? 0 : change > 0 ? Infinity : -Infinity;
  const changeCi95 = Math.hypot(old.ci95, cur.ci95);
  if (!gate) return { change, percent, changeCi95, verdict: 'ok' };
  const exceeded = gate.relative ? (exactPercent !== null ? exactPercent.gt(gate.limit) : percent > gate.limit) : exactChange.gt(gate.limit);
  const significant = changeCi95 === 0 || change - changeCi95 > 0 || change + changeCi95 < 0;
  return { change, percent, changeCi95, verdict: exceeded ? (significant ? 'fail' : 'noise') : 'ok' };
}

/** Why two results may not be comparable; empty when they are. */
export function comparabilityWarnings(baseline: Comparable, current: Comparable): string[] {
  const out: string[] = [];
  const b = baseline.scenario ?? ({} as Comparable['scenario']);
  const c = current.scenario ?? ({} as Comparable['scenario']);
  const field = (what: string, x: unknown, y: unknown, text: (x: string, y: string) => string) => {
    if (x === undefined || x === null) out.push(`the baseline does not record ${what} (made by an older capsim?)`);
    else if (x !== y) out.push(text(String(x), String(y)));
  };
  if (b.name !== c.name) out.push(`the baseline is of scenario "${String(b.name)}", this result of "${String(c.name)}"`);
  field('its scenario hash', b.scenarioHash, c.scenarioHash, (x, y) => `the scenarios differ (${x.slice(0, 19)}… vs ${y.slice(0, 19)}…): changes may come from the scenario, not the model`);
  field('its seed', b.seed, c.seed, (x, y) => `the seeds differ (${x} vs ${y}): changes may be chance`);
  field('the capsim version', baseline.capsimVersion, current.capsimVersion, (x, y) => `the baseline was made by capsim ${x}, this result by ${y}`);
  field('its catalog date', b.catalogAsOf, c.catalogAsOf, (x, y) => `the catalogs differ (prices as of ${x} vs ${y})`);
  const n = (r: Comparable) => Math.max(1, ...r.alternatives.map((a) => num(a.replications?.n) ?? 1));
  if (n(baseline) !== n(current)) out.push(`replications differ (${n(baseline)} vs ${n(current)})`);
  return out;
}

/** Every metric of every alternative, old against new, judged by the gates. */
export function evaluateGates(baseline: Comparable, current: Comparable, gates: readonly Gate[]): GateReport {
  const byMetric = new Map(gates.map((g) => [g.metric, g]));
  const rows: MetricChange[] = [];
  const before = new Map(baseline.alternatives.map((a) => [a.name, a]));
  for (const alt of current.alternatives) {
    const b = before.get(alt.name);
    if (!b) {
      rows.push({ alternative: alt.name, metric: 'alternative', old: null, new: null, change: null, percent: null, changeCi95: 0, gate: null, verdict: 'added' });
      continue;
    }
    for (const metric of METRICS) {
      const gate = byMetric.get(metric);
      const old = metricValue(b, metric);
      const cur = metricValue(alt, metric);
      rows.push({ alternative: alt.name, metric, old, new: cur, gate: gate?.text ?? null, ...judge(old, cur, gate) });
    }
  }
  for (const alt of baseline.alternatives) {
    if (!current.alternatives.some((a) => a.name === alt.name)) {
      rows.push({ alternative: alt.name, metric: 'alternative', old: null, new: null, change: null, percent: null, changeCi95: 0, gate: null, verdict: 'removed' });
    }
  }
  const warnings = comparabilityWarnings(baseline, current);
  const missing = rows.filter((r) => r.verdict === 'n/a' && r.gate !== null);
  for (const r of missing) warnings.push(`${r.alternative}: ${r.metric} is not recorded in ${r.old?.value === null ? 'the baseline' : 'this result'}, so ${r.gate} was not checked`);
  const failed = rows.some((r) => r.verdict === 'fail' || (r.verdict === 'removed' && gates.length > 0));
  return { warnings, gates: gates.map((g) => g.text), rows, failed };
}

// ---- rendering: a terminal table, Markdown for a pull-request comment, JSON ----

function value(metric: GateMetric, v: number): string {
  switch (metric) {
    case 'cost':
      return `$${v.toFixed(2)}`;
    case 'p95':
      return `${v.toFixed(1)} ms`;
    default:
      return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  }
}

function shown(metric: GateMetric, m: MetricValue | null): string {
  if (!m || m.value === null) return '—';
  return m.ci95 > 0 ? `${value(metric, m.value)} ± ${value(metric, m.ci95).replace(/^\$/, '')}` : value(metric, m.value);
}

function signed(metric: GateMetric, r: MetricChange): string {
  if (r.change === null) return '—';
  const sign = r.change > 0 ? '+' : r.change < 0 ? '−' : '±';
  const body = value(metric, Math.abs(r.change));
  return `${sign}${body}${r.changeCi95 > 0 ? ` ± ${value(metric, r.changeCi95).replace(/^\$/, '')}` : ''}`;
}

function percent(r: MetricChange): string {
  if (r.percent === null) return '—';
  if (!Number.isFinite(r.percent)) return r.percent > 0 ? '+∞' : '−∞';
  const p = Math.abs(r.percent) < 0.05 ? 0 : r.percent;
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toFixed(1)}%`;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  fail: 'FAIL',
  noise: 'within noise',
  ok: 'ok',
  'n/a': 'not recorded',
  added: 'added',
  removed: 'removed',
};

function cells(r: MetricChange): string[] {
  if (r.metric === 'alternative') return [r.alternative, 'alternative', r.verdict === 'removed' ? 'present' : '—', r.verdict === 'added' ? 'present' : '—', '', '', '', VERDICT_TEXT[r.verdict]];
  const m = GATE_METRICS[r.metric];
  return [r.alternative, `${m.label} (${m.unit})`, shown(r.metric, r.old), shown(r.metric, r.new), signed(r.metric, r), percent(r), r.gate ?? '', r.gate === null && r.verdict === 'ok' ? '' : VERDICT_TEXT[r.verdict]];
}

const HEADER = ['alternative', 'metric', 'old', 'new', 'change', '%', 'gate', 'verdict'];

function summary(report: GateReport): string {
  const failures = report.rows.filter((r) => r.verdict === 'fail' || (r.verdict === 'removed' && report.gates.length > 0));
  const noise = report.rows.filter((r) => r.verdict === 'noise').length;
  if (report.gates.length === 0) return 'No gates set (--fail-on or the scenario\'s thresholds): changes are shown, nothing fails.';
  const within = noise > 0 ? `; ${noise} change${noise === 1 ? '' : 's'} beyond a gate within the replications' noise (95% interval includes 0)` : '';
  if (failures.length === 0) return `All gates passed (${report.gates.join(', ')})${within}.`;
  // Name what failed, not every gate set: the gates in the order given, then removed alternatives.
  const failedGates = report.gates.filter((g) => failures.some((r) => r.verdict === 'fail' && r.gate === g));
  const removed = failures.filter((r) => r.verdict === 'removed').map((r) => `alternative ${r.alternative} removed`);
  const n = failures.length;
  return `${n} gate check${n === 1 ? '' : 's'} failed (${[...failedGates, ...removed].join(', ')})${within}.`;
}

export function formatGateReport(report: GateReport): string {
  const table = [HEADER, ...report.rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) => row.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  return [...report.warnings.map((w) => `warning: ${w}`), ...lines, summary(report)].join('\n') + '\n';
}

/** Markdown for a pull-request comment (GitHub-flavoured). */
export function formatGateReportMarkdown(report: GateReport, title = 'capsim: against the baseline'): string {
  const esc = (s: string) => s.replace(/[\\`<>|]/g, '\\$&').replace(/\](?=[([:])/g, '\\]');
  const out = [`### ${esc(title)}`, ''];
  if (report.warnings.length > 0) out.push(...report.warnings.map((w) => `> **Warning:** ${esc(w)}`), '');
  out.push('| alternative | metric | old | new | change | % | gate | verdict |', '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of report.rows) {
    const c = cells(r).map(esc);
    if (r.gate) c[6] = `\`${r.gate}\``;
    if (r.verdict === 'fail' || r.verdict === 'removed') c[7] = `**${c[7]}**`;
    out.push(`| ${c.join(' | ')} |`);
  }
  out.push('', `**${esc(summary(report))}**`, '');
  return out.join('\n');
}

export function gateReportJson(report: GateReport): string {
  const clean = (x: unknown): unknown => (typeof x === 'number' && !Number.isFinite(x) ? (Number.isNaN(x) ? null : x > 0 ? 'Infinity' : '-Infinity') : x);
  return `${JSON.stringify(report, (_k, v: unknown) => clean(v), 2)}\n`;
}
