// Building blocks for static SVG charts rendered in Node without a DOM: escaping, the document
// frame (title, subtitle, background), the colour palette shared with the HTML page, and the
// chart input every chart function receives.

import type { AlternativeResult, ComparisonResult } from '../../domain/result.js';
import { summaryRows } from '../columns.js';
import { downsample, type DisplaySeries } from '../downsample.js';

/**
 * Categorical colours for alternatives (Tableau 10, reordered): readable on white and on dark
 * grey. Red and green come last because the charts use them to mean "misses" and "meets".
 */
export const ALT_PALETTE = ['#4e79a7', '#f28e2b', '#499894', '#b07aa1', '#9c755f', '#d4a017', '#ff9da7', '#59a14f', '#e15759', '#79706e'];
/** Colours for bill line items, distinct from the alternatives' palette. */
export const LINE_ITEM_PALETTE = [
  '#1f77b4', '#aec7e8', '#ff7f0e', '#ffbb78', '#2ca02c', '#98df8a', '#9467bd', '#c5b0d5', '#8c564b', '#c49c94', '#7f7f7f', '#c7c7c7',
  '#17becf', '#9edae5', '#bcbd22', '#dbdb8d', '#e377c2', '#f7b6d2',
];

export const THEME = {
  background: '#ffffff',
  text: '#1f2328',
  muted: '#59636e',
  grid: '#e6e9ed',
  axis: '#8c959f',
  offered: '#6e7781',
  offeredBand: '#d0d7de',
  bad: '#cf222e',
  good: '#1a7f37',
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
};

export const WIDTH = 960;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A coordinate with at most one decimal: smaller files, no visible difference. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export interface TextOpts {
  anchor?: 'start' | 'middle' | 'end';
  size?: number;
  weight?: 'normal' | 'bold';
  fill?: string;
  rotate?: number;
  /** Draw a background-coloured outline behind the glyphs so the label stays legible over lines. */
  halo?: boolean;
  baseline?: 'middle' | 'hanging' | 'auto';
  cls?: string;
}

export function text(x: number, y: number, content: string, o: TextOpts = {}): string {
  const attrs = [
    `x="${px(x)}"`,
    `y="${px(y)}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.size ? `font-size="${o.size}"` : '',
    o.weight === 'bold' ? 'font-weight="600"' : '',
    o.fill ? `fill="${o.fill}"` : '',
    o.baseline && o.baseline !== 'auto' ? `dominant-baseline="${o.baseline}"` : '',
    o.rotate ? `transform="rotate(${o.rotate} ${px(x)} ${px(y)})"` : '',
    o.cls ? `class="${o.cls}"` : '',
    o.halo ? `paint-order="stroke" stroke="${THEME.background}" stroke-width="3" stroke-linejoin="round"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** The whole SVG document: accessible title and description, white background, heading. */
export function svgDocument(o: { width: number; height: number; title: string; subtitle: string; body: string[] }): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" role="img" aria-labelledby="t d" font-family="${escapeXml(THEME.font)}" font-size="12" fill="${THEME.text}">`,
    `<title id="t">${escapeXml(o.title)}</title>`,
    `<desc id="d">${escapeXml(o.subtitle)}</desc>`,
    `<rect width="100%" height="100%" fill="${THEME.background}"/>`,
    text(16, 24, o.title, { size: 16, weight: 'bold' }),
    text(16, 42, o.subtitle, { fill: THEME.muted }),
    ...o.body,
    '</svg>',
    '',
  ].join('\n');
}

/** What every chart is drawn from: the result plus display-ready series and stable colours. */
export interface ChartInput {
  result: ComparisonResult;
  /** Alternatives in ranking order. */
  ranked: AlternativeResult[];
  display: Map<string, DisplaySeries>;
  color: (name: string) => string;
}

export function chartInput(result: ComparisonResult, maxPoints?: number): ChartInput {
  const colors = new Map(result.alternatives.map((a, i) => [a.name, ALT_PALETTE[i % ALT_PALETTE.length]]));
  return {
    result,
    ranked: summaryRows(result).map((r) => r.alt),
    display: new Map(result.alternatives.map((a) => [a.name, downsample(a.series, maxPoints)])),
    color: (name) => colors.get(name) ?? THEME.muted,
  };
}

export interface SvgChart {
  /** File name under charts/, e.g. `load.svg`. */
  file: string;
  title: string;
  svg: string;
}
