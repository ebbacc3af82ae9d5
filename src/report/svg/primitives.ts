// Building blocks for static SVG charts rendered in Node without a DOM: escaping, the document
// frame (title, subtitle, background), the colour palette shared with the HTML page, and the
// chart input every chart function receives.

import type { AlternativeResult, ComparisonResult } from '../../domain/result.js';
import { summaryRows } from '../columns.js';
import { downsample, type DisplaySeries } from '../../domain/downsample.js';

/**
 * Categorical colours for alternatives: Paul Tol's 12-colour qualitative scheme, built to stay
 * distinct for colour-blind readers (deuteranopia, protanopia) and in print. Its nine "muted"
 * colours are the scheme Tol now recommends; the other three (#6699CC, #661100, #AA4466) are his
 * 12-colour extension. Source: P. Tol, "Colour Schemes", SRON/EPS/TN/09-002, issue 2.2 (2012),
 * fig. 3, and issue 3.2 (2021-08-18), fig. 1 (muted); https://personal.sron.nl/~pault/ (read
 * 2026-12-07). Reordered: the mid-tones first, legible as label text on white and on dark grey;
 * the darkest (indigo, brown) and lightest (sand, pale cyan) later; rose and green, which the
 * charts use for "misses" and "meets", last. A 13th alternative reuses the first colour.
 */
export const ALT_PALETTE = ['#44AA99', '#AA4499', '#6699CC', '#999933', '#882255', '#332288', '#661100', '#DDCC77', '#88CCEE', '#CC6677', '#117733', '#AA4466'];
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
  /** The most pixels the text may take: beyond, it is cut with an ellipsis and the whole text is its <title> (tooltip). */
  maxWidth?: number;
}

/**
 * Estimated width of a text in pixels, generous (DejaVu Sans is wide): 0.62 em a character,
 * 0.68 em in bold. Without a DOM this is what keeps a label inside its card.
 */
export function textWidth(content: string, size = 12, bold = false): number {
  return [...content].length * size * (bold ? 0.68 : 0.62);
}

/** `content` cut with an ellipsis to fit `maxWidth` pixels (estimated); unchanged when it fits. */
export function fitText(content: string, maxWidth: number, size = 12, bold = false): string {
  if (textWidth(content, size, bold) <= maxWidth) return content;
  const chars = [...content];
  const keep = Math.max(1, Math.floor(maxWidth / (size * (bold ? 0.68 : 0.62))) - 1);
  return chars.slice(0, keep).join('').trimEnd() + '…';
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
  const shown = o.maxWidth === undefined ? content : fitText(content, o.maxWidth, o.size ?? 12, o.weight === 'bold');
  const tip = shown === content ? '' : `<title>${escapeXml(content)}</title>`;
  return `<text ${attrs.join(' ')}>${tip}${escapeXml(shown)}</text>`;
}

/** The whole SVG document: accessible title and description, white background, heading. */
export function svgDocument(o: { width: number; height: number; title: string; subtitle: string; body: string[] }): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" role="img" aria-labelledby="t d" font-family="${escapeXml(THEME.font)}" font-size="12" fill="${THEME.text}">`,
    `<title id="t">${escapeXml(o.title)}</title>`,
    `<desc id="d">${escapeXml(o.subtitle)}</desc>`,
    `<rect width="100%" height="100%" fill="${THEME.background}"/>`,
    text(16, 24, o.title, { size: 16, weight: 'bold', maxWidth: o.width - 32 }),
    text(16, 42, o.subtitle, { fill: THEME.muted, maxWidth: o.width - 32 }),
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
