// A sweep's charts as static SVG: the Pareto scatter of cost against SLO misses (every point ×
// alternative, the front joined, the selection ringed), a heatmap of the cheapest feasible cost
// when exactly two parameters vary on a grid, and the tornado chart of a one-at-a-time sweep with
// the values where the recommendation flips marked. Built from the shared SVG helpers.

import { interpolateYlGnBu, scaleLinear } from 'd3';
import type { SweepResult, SweepRow } from '../domain/sweep.js';
import { formatCount, formatShare, formatShareExact, formatUsdRate } from './format.js';
import { legend, xAxis, yAxis, type Frame } from './svg/axes.js';
import { ALT_PALETTE, THEME, WIDTH, escapeXml, px, svgDocument, text, type SvgChart } from './svg/primitives.js';
import { isSelected } from './sweep-table.js';

export const SWEEP_CHARTS_DIR = 'charts';

function colorOf(result: SweepResult): (alt: string) => string {
  const colors = new Map(result.header.alternatives.map((a, i) => [a, ALT_PALETTE[i % ALT_PALETTE.length]]));
  return (alt) => colors.get(alt) ?? THEME.muted;
}

/** Every chart the sweep has: the Pareto scatter always, the heatmap and the tornado when they apply. */
export function sweepSvgCharts(result: SweepResult): SvgChart[] {
  const charts = [paretoChart(result)];
  if (heatmapApplies(result)) charts.push(heatmapChart(result));
  if (result.sensitivity) charts.push(tornadoChart(result));
  return charts;
}

function pointLabel(result: SweepResult, r: SweepRow): string {
  const params = result.header.parameters.flatMap((p, i) => (r.values[i] === '' ? [] : [`${p.name}=${r.values[i]}`]));
  return `point ${r.point} (${params.join(', ') || 'as written'}), ${r.alternative}`;
}

export function paretoChart(result: SweepResult): SvgChart {
  const color = colorOf(result);
  const allowed = result.header.scenario.maxMinutesOverShare * 100;
  const leg = legend(
    [
      ...result.header.alternatives.map((a) => ({ label: a, color: color(a), swatch: 'dot' as const })),
      { label: 'misses the SLO', color: THEME.muted, swatch: 'cross' },
      { label: 'Pareto front', color: THEME.text, swatch: 'line' },
      { label: `SLO allowance: ${formatShareExact(allowed / 100)} of minutes over`, color: THEME.bad, swatch: 'dash' },
    ],
    72,
    62,
    WIDTH - 96,
  );
  const top = 62 + leg.height + 12;
  const height = 460;
  const frame: Frame = { left: 72, top, width: WIDTH - 72 - 40, height: height - top - 56 };
  const rows = result.rows;
  const x = scaleLinear()
    .domain([Math.min(...rows.map((r) => r.usdPerMonth)) * 0.95, Math.max(...rows.map((r) => r.usdPerMonth), 0.01) * 1.05])
    .range([frame.left, frame.left + frame.width])
    .nice();
  const y = scaleLinear()
    .domain([0, Math.max(...rows.map((r) => r.minutesOverShare * 100), allowed, 0.1) * 1.1])
    .range([frame.top + frame.height - 10, frame.top])
    .nice();
  const body = [leg.svg, yAxis(y, frame, { label: 'minutes over SLO (% of minutes)', format: (v) => `${v}%` }), xAxis(x, frame, { label: 'cost (USD per month)', ticks: 8, format: (v) => `$${formatCount(v)}`, grid: true })];
  body.push(`<line class="reference" x1="${px(frame.left)}" x2="${px(frame.left + frame.width)}" y1="${px(y(allowed))}" y2="${px(y(allowed))}" stroke="${THEME.bad}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  const front = result.pareto.map((p) => rows.find((r) => r.point === p.point && r.alternative === p.alternative)!);
  // A staircase: between two front points, spending more buys nothing until the next one.
  if (front.length > 1) body.push(`<path class="pareto" d="${front.map((r, i) => `${i === 0 ? 'M' : 'H'}${px(x(r.usdPerMonth))}${i === 0 ? ',' : 'V'}${px(y(r.minutesOverShare * 100))}`).join('')}" fill="none" stroke="${THEME.text}" stroke-width="1.5"/>`);
  for (const r of rows) {
    const cx = x(r.usdPerMonth);
    const cy = y(r.minutesOverShare * 100);
    const c = color(r.alternative);
    const tip = escapeXml(`${pointLabel(result, r)}: ${formatUsdRate(r.usdPerMonth)}/month, ${formatShare(r.minutesOverShare)} of minutes over SLO`);
    body.push(
      r.meetsSlo
        ? `<circle class="point" data-point="${r.point}" cx="${px(cx)}" cy="${px(cy)}" r="${r.pareto ? 6 : 4.5}" fill="${c}" opacity="${r.pareto ? 1 : 0.7}"><title>${tip}</title></circle>`
        : `<path class="point" data-point="${r.point}" d="M${px(cx - 4)},${px(cy - 4)}l8,8m0,-8l-8,8" stroke="${c}" stroke-width="2.5"><title>${tip}</title></path>`,
    );
    if (isSelected(result, r)) {
      body.push(`<circle class="selected" cx="${px(cx)}" cy="${px(cy)}" r="12" fill="none" stroke="${THEME.good}" stroke-width="2.5"/>`);
      // Right of the mark, or left of it when the mark sits in the right half.
      const right = cx < frame.left + frame.width / 2;
      body.push(text(right ? cx + 16 : cx - 16, cy - 10, `selected: ${pointLabel(result, r)}`, { weight: 'bold', fill: THEME.good, halo: true, anchor: right ? 'start' : 'end' }));
    }
  }
  const title = 'Sweep: cost against SLO misses';
  const subtitle = 'Each mark is a point × alternative (means over replications); the line joins the Pareto front; the selected point is ringed.';
  return { file: 'pareto.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}

/** A heatmap needs a grid over exactly two parameters. */
export function heatmapApplies(result: SweepResult): boolean {
  return result.header.mode === 'grid' && result.header.parameters.length === 2;
}

/** Per point, the cheapest alternative meeting the SLO and the drop budget (null: none does). */
export function bestPerPoint(result: SweepResult): Map<number, SweepRow | null> {
  const best = new Map<number, SweepRow | null>();
  for (const r of result.rows) {
    if (!best.has(r.point)) best.set(r.point, null);
    const b = best.get(r.point)!;
    if (r.meetsSlo && r.withinDropBudget && (b === null || r.usdPerMonth < b.usdPerMonth)) best.set(r.point, r);
  }
  return best;
}

export function heatmapChart(result: SweepResult): SvgChart {
  const [px0, py0] = result.header.parameters;
  const best = bestPerPoint(result);
  const cellW = Math.min(140, (WIDTH - 260) / px0.values.length);
  const cellH = Math.min(56, 360 / py0.values.length);
  const left = 200;
  const top = 80;
  const costs = [...best.values()].flatMap((r) => (r ? [r.usdPerMonth] : []));
  const lo = Math.min(...costs, Infinity);
  const hi = Math.max(...costs, -Infinity);
  const shade = (v: number) => interpolateYlGnBu(hi > lo ? 0.15 + (0.75 * (v - lo)) / (hi - lo) : 0.5);
  const body: string[] = [];
  const pointAt = new Map<string, number>();
  const firstRowOf = new Map<number, SweepRow>();
  for (const r of result.rows) if (!firstRowOf.has(r.point)) firstRowOf.set(r.point, r);
  for (const [point, r] of firstRowOf) pointAt.set(`${r.values[0]}\u0000${r.values[1]}`, point);
  px0.values.forEach((vx, i) => {
    body.push(text(left + i * cellW + cellW / 2, top - 8, vx.label, { anchor: 'middle', fill: THEME.muted, size: 11 }));
    py0.values.forEach((vy, j) => {
      const point = pointAt.get(`${vx.label}\u0000${vy.label}`);
      const b = point === undefined ? null : (best.get(point) ?? null);
      const x0 = left + i * cellW;
      const y0 = top + j * cellH;
      const selected = b !== null && isSelected(result, b);
      const fill = b ? shade(b.usdPerMonth) : '#f0f0f0';
      const tip = escapeXml(b ? `${px0.name}=${vx.label}, ${py0.name}=${vy.label}: ${b.alternative} ${formatUsdRate(b.usdPerMonth)}/month` : `${px0.name}=${vx.label}, ${py0.name}=${vy.label}: no alternative meets the SLO`);
      body.push(`<rect class="cell" x="${px(x0)}" y="${px(y0)}" width="${px(cellW - 2)}" height="${px(cellH - 2)}" fill="${fill}"${selected ? ` stroke="${THEME.good}" stroke-width="3"` : ''}><title>${tip}</title></rect>`);
      body.push(text(x0 + cellW / 2, y0 + cellH / 2 - 6, b ? formatUsdRate(b.usdPerMonth) : 'misses SLO', { anchor: 'middle', baseline: 'middle', size: 11, weight: selected ? 'bold' : 'normal', halo: true }));
      if (b) body.push(text(x0 + cellW / 2, y0 + cellH / 2 + 8, b.alternative, { anchor: 'middle', baseline: 'middle', size: 9, fill: THEME.muted, halo: true }));
    });
  });
  py0.values.forEach((vy, j) => body.push(text(left - 8, top + j * cellH + cellH / 2, vy.label, { anchor: 'end', baseline: 'middle', fill: THEME.muted, size: 11 })));
  const height = top + py0.values.length * cellH + 40;
  body.push(text(left + (px0.values.length * cellW) / 2, height - 12, px0.name, { anchor: 'middle', cls: 'axis-label' }));
  body.push(text(16, top - 8, py0.name, { cls: 'axis-label' }));
  const title = `Cheapest feasible cost per point: ${px0.name} × ${py0.name}`;
  const subtitle = 'Each cell: the cheapest alternative meeting the SLO and the drop budget at that point, USD per month (darker costs more); the selection is outlined.';
  return { file: 'heatmap.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}

export function tornadoChart(result: SweepResult): SvgChart {
  const s = result.sensitivity!;
  const bars = s.bars;
  const base = s.baseUsdPerMonth ?? (bars[0]?.values[0]?.usdPerMonth ?? 0);
  // Room for the longest parameter name (bold 12 px text is about 7 px a character).
  const left = Math.min(440, Math.max(160, 24 + 7 * Math.max(0, ...bars.map((b) => b.parameter.length))));
  const top = 80;
  const barH = 30;
  const frame: Frame = { left, top, width: WIDTH - left - 40, height: Math.max(1, bars.length) * (barH + 14) };
  const all = bars.flatMap((b) => [b.low.usdPerMonth, b.high.usdPerMonth]).concat(base);
  const x = scaleLinear()
    .domain([Math.min(...all) * 0.98, Math.max(...all) * 1.02 + 0.01])
    .range([frame.left, frame.left + frame.width])
    .nice();
  const body = [xAxis(x, frame, { label: `cost of ${bars[0]?.alternative ?? 'the base recommendation'} (USD per month)`, ticks: 8, format: (v) => `$${formatCount(v)}`, grid: true })];
  body.push(`<line class="base" x1="${px(x(base))}" x2="${px(x(base))}" y1="${px(top - 6)}" y2="${px(top + frame.height)}" stroke="${THEME.text}" stroke-width="1.5"/>`);
  body.push(text(x(base), top - 10, `base ${formatUsdRate(base)}`, { anchor: 'middle', size: 11 }));
  bars.forEach((b, i) => {
    const y0 = top + i * (barH + 14) + 4;
    const x0 = x(b.low.usdPerMonth);
    const x1 = x(b.high.usdPerMonth);
    body.push(text(left - 8, y0 + barH / 2, b.parameter, { anchor: 'end', baseline: 'middle', weight: 'bold' }));
    body.push(`<rect class="bar" x="${px(x0)}" y="${px(y0)}" width="${px(Math.max(2, x1 - x0))}" height="${barH}" fill="${ALT_PALETTE[0]}" opacity="0.8"><title>${escapeXml(`${b.parameter}: ${formatUsdRate(b.low.usdPerMonth)} at ${b.low.label} to ${formatUsdRate(b.high.usdPerMonth)} at ${b.high.label}; SLO misses ${formatShare(b.minutesOverLow)}–${formatShare(b.minutesOverHigh)}`)}</title></rect>`);
    body.push(text(x0 - 4, y0 + barH / 2, b.low.label, { anchor: 'end', baseline: 'middle', size: 10, fill: THEME.muted, halo: true }));
    body.push(text(x1 + 4, y0 + barH / 2, b.high.label, { baseline: 'middle', size: 10, fill: THEME.muted, halo: true }));
    for (const f of b.flips) {
      const v = b.values.find((val) => val.label === f.to)!;
      const fx = x(v.usdPerMonth);
      body.push(`<path class="flip" d="M${px(fx)},${px(y0 - 3)}l-5,-7h10z" fill="${THEME.bad}"><title>${escapeXml(`recommendation flips between ${f.from} and ${f.to}: ${f.fromRecommended ?? 'none'} → ${f.toRecommended ?? 'none'}`)}</title></path>`);
    }
  });
  const height = top + frame.height + 60;
  const title = 'Sensitivity: one parameter at a time';
  const subtitle = `Each bar spans the cost of the base recommendation over one parameter's values, the rest as written; ▼ marks a value where the recommended alternative changes.`;
  return { file: 'tornado.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}
