// A time-series chart made of layers (lines, areas, bands) on a shared time axis: the load,
// cumulative cost and latency charts are all this with different layers.

import { area, curveLinear, curveStepAfter, line, max, scaleLinear, type ScaleLinear } from 'd3';
import { legend, timeUnit, xAxis, yAxis, type Frame, type LegendItem } from './axes.js';
import { THEME, WIDTH, escapeXml, svgDocument, text, type SvgChart } from './primitives.js';

export interface TimeLayer {
  kind: 'line' | 'area' | 'band';
  /** Alternative the layer belongs to (becomes `data-alt`). */
  alt?: string;
  color: string;
  /** Seconds from start. */
  t: number[];
  y: number[];
  /** Lower edge for `band`. */
  y0?: number[];
  dash?: boolean;
  step?: boolean;
  width?: number;
  opacity?: number;
}

export interface TimeChartSpec {
  file: string;
  title: string;
  subtitle: string;
  yLabel: string;
  yFormat?: (v: number) => string;
  horizonSeconds: number;
  layers: TimeLayer[];
  legend: LegendItem[];
  /** Upper end of the y axis; values above it are drawn at the top edge. */
  yMax?: number;
  height?: number;
  /** Extra marks drawn over the layers (reference lines, end labels). */
  overlay?: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, frame: Frame) => string[];
  rightMargin?: number;
}

export const MARGIN = { left: 72, right: 24, bottom: 52 };

export function layerPath(layer: TimeLayer, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, divisor: number): string {
  const [lo, hi] = y.domain();
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const curve = layer.step ? curveStepAfter : curveLinear;
  const idx = layer.t.map((_, i) => i);
  const tx = (i: number) => x(layer.t[i] / divisor);
  let d: string | null;
  if (layer.kind === 'line') {
    d = line<number>().x(tx).y((i) => y(clamp(layer.y[i]))).curve(curve).digits(1)(idx);
  } else {
    const base = layer.y0;
    d = area<number>()
      .x(tx)
      .y0((i) => y(clamp(base ? base[i] : 0)))
      .y1((i) => y(clamp(layer.y[i])))
      .curve(curve)
      .digits(1)(idx);
  }
  const alt = layer.alt !== undefined ? ` data-alt="${escapeXml(layer.alt)}"` : '';
  const cls = ` class="series ${layer.kind}"`;
  if (layer.kind === 'line') {
    const dash = layer.dash ? ' stroke-dasharray="5 3"' : '';
    return `<path${cls}${alt} d="${d ?? ''}" fill="none" stroke="${layer.color}" stroke-width="${layer.width ?? 1.6}"${dash} stroke-linejoin="round"${layer.opacity !== undefined ? ` opacity="${layer.opacity}"` : ''}/>`;
  }
  return `<path${cls}${alt} d="${d ?? ''}" fill="${layer.color}" opacity="${layer.opacity ?? 0.35}" stroke="none"/>`;
}

export function timeChart(spec: TimeChartSpec): SvgChart {
  const unit = timeUnit(spec.horizonSeconds);
  const height = spec.height ?? 400;
  const leg = legend(spec.legend, MARGIN.left, 62, WIDTH - MARGIN.left - MARGIN.right);
  const top = 62 + leg.height + 8;
  const frame: Frame = {
    left: MARGIN.left,
    top,
    width: WIDTH - MARGIN.left - (spec.rightMargin ?? MARGIN.right),
    height: height - top - MARGIN.bottom,
  };
  const x = scaleLinear().domain([0, spec.horizonSeconds / unit.divisor]).range([frame.left, frame.left + frame.width]);
  const dataMax = max(spec.layers, (l) => max(l.y)) ?? 0;
  const y = scaleLinear()
    .domain([0, spec.yMax ?? (dataMax > 0 ? dataMax * 1.05 : 1)])
    .range([frame.top + frame.height, frame.top])
    .nice();
  const body = [
    leg.svg,
    yAxis(y, frame, { label: spec.yLabel, ...(spec.yFormat ? { format: spec.yFormat } : {}) }),
    xAxis(x, frame, { label: unit.label, ticks: 14 }),
    `<g class="layers">`,
    ...spec.layers.map((l) => layerPath(l, x, y, unit.divisor)),
    '</g>',
    ...(spec.overlay ? spec.overlay(x, y, frame) : []),
  ];
  return { file: spec.file, title: spec.title, svg: svgDocument({ width: WIDTH, height, title: spec.title, subtitle: spec.subtitle, body }) };
}

/** A horizontal reference line with a label at its right end (e.g. the SLO target). */
export function referenceLine(y: number, frame: Frame, label: string, color = THEME.bad): string {
  return [
    `<line class="reference" x1="${frame.left}" x2="${frame.left + frame.width}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    text(frame.left + frame.width - 4, y - 6, label, { anchor: 'end', fill: color, weight: 'bold', halo: true }),
  ].join('');
}

/** Spreads labels vertically so none overlaps (positions sorted top to bottom, min gap). */
export function spreadLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 0; k < order.length; k++) {
    const prev = order[k - 1];
    order[k].y = Math.max(order[k].y, top, prev ? prev.y + gap : -Infinity);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const next = order[k + 1];
    order[k].y = Math.min(order[k].y, bottom, next ? next.y - gap : Infinity);
  }
  const out = new Array<number>(ys.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}

export interface Panel {
  alt: string;
  /** Panel heading (the alternative's name and a figure), cut to the panel's width. */
  label: string;
  color: string;
  layers: TimeLayer[];
  overlay?: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, frame: Frame) => string[];
}

/**
 * Small multiples: one panel per alternative on shared time and value axes, so lines that would
 * lie on top of each other in one plot (capacities, p95 latencies that agree most of the time)
 * each stay visible, and differences read as differences in shape across panels.
 */
export function panelChart(spec: Omit<TimeChartSpec, 'layers' | 'overlay' | 'height' | 'rightMargin'> & { panels: Panel[]; panelHeight?: number }): SvgChart {
  const unit = timeUnit(spec.horizonSeconds);
  const panelHeight = spec.panelHeight ?? 90;
  const head = 18;
  const gap = 14;
  const leg = legend(spec.legend, MARGIN.left, 62, WIDTH - MARGIN.left - MARGIN.right);
  const top = 62 + leg.height + 8;
  const n = Math.max(1, spec.panels.length);
  const height = top + n * (head + panelHeight + gap) - gap + MARGIN.bottom;
  const width = WIDTH - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([0, spec.horizonSeconds / unit.divisor]).range([MARGIN.left, MARGIN.left + width]);
  const dataMax = max(spec.panels, (p) => max(p.layers, (l) => max(l.y))) ?? 0;
  const yTop = spec.yMax ?? (dataMax > 0 ? dataMax * 1.05 : 1);
  const body = [leg.svg];
  spec.panels.forEach((p, i) => {
    const frame: Frame = { left: MARGIN.left, top: top + i * (head + panelHeight + gap) + head, width, height: panelHeight };
    const y = scaleLinear().domain([0, yTop]).range([frame.top + frame.height, frame.top]).nice();
    const last = i === n - 1;
    body.push(
      `<g class="panel" data-alt="${escapeXml(p.alt)}">`,
      text(frame.left, frame.top - 6, p.label, { weight: 'bold', fill: p.color, maxWidth: width }),
      yAxis(y, frame, { label: i === Math.floor((n - 1) / 2) ? spec.yLabel : '', ticks: 3, ...(spec.yFormat ? { format: spec.yFormat } : {}) }),
      last
        ? xAxis(x, frame, { label: unit.label, ticks: 14 })
        : `<line x1="${frame.left}" x2="${frame.left + frame.width}" y1="${frame.top + frame.height}" y2="${frame.top + frame.height}" stroke="${THEME.axis}"/>`,
      `<g class="layers">`,
      ...p.layers.map((l) => layerPath(l, x, y, unit.divisor)),
      '</g>',
      ...(p.overlay ? p.overlay(x, y, frame) : []),
      '</g>',
    );
  });
  return { file: spec.file, title: spec.title, svg: svgDocument({ width: WIDTH, height, title: spec.title, subtitle: spec.subtitle, body }) };
}
