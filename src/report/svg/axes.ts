// Axes, grid lines and legends as SVG strings, driven by d3 scales (no DOM: d3-axis needs one,
// so ticks come from `scale.ticks()` and are drawn here).

import type { ScaleLinear } from 'd3';
import { THEME, escapeXml, px, text } from './primitives.js';

export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function xAxis(
  scale: ScaleLinear<number, number>,
  frame: Frame,
  o: { label: string; ticks?: number; format?: (v: number) => string; grid?: boolean },
): string {
  const fmt = o.format ?? scale.tickFormat(o.ticks ?? 10);
  const y = frame.top + frame.height;
  const parts = [`<g class="axis x-axis">`, `<line x1="${px(frame.left)}" x2="${px(frame.left + frame.width)}" y1="${px(y)}" y2="${px(y)}" stroke="${THEME.axis}"/>`];
  for (const v of scale.ticks(o.ticks ?? 10)) {
    const x = scale(v);
    if (o.grid) parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(frame.top)}" y2="${px(y)}" stroke="${THEME.grid}"/>`);
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(y)}" y2="${px(y + 5)}" stroke="${THEME.axis}"/>`);
    parts.push(text(x, y + 18, fmt(v), { anchor: 'middle', fill: THEME.muted, size: 11 }));
  }
  parts.push(text(frame.left + frame.width / 2, y + 38, o.label, { anchor: 'middle', cls: 'axis-label' }), '</g>');
  return parts.join('');
}

export function yAxis(
  scale: ScaleLinear<number, number>,
  frame: Frame,
  o: { label: string; ticks?: number; format?: (v: number) => string; grid?: boolean },
): string {
  const fmt = o.format ?? scale.tickFormat(o.ticks ?? 5);
  const x = frame.left;
  const parts = [`<g class="axis y-axis">`];
  for (const v of scale.ticks(o.ticks ?? 5)) {
    const y = scale(v);
    if (o.grid !== false) parts.push(`<line x1="${px(x)}" x2="${px(x + frame.width)}" y1="${px(y)}" y2="${px(y)}" stroke="${THEME.grid}"/>`);
    parts.push(text(x - 6, y, fmt(v), { anchor: 'end', baseline: 'middle', fill: THEME.muted, size: 11 }));
  }
  parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(frame.top)}" y2="${px(frame.top + frame.height)}" stroke="${THEME.axis}"/>`);
  const cy = frame.top + frame.height / 2;
  parts.push(text(x - 50, cy, o.label, { anchor: 'middle', rotate: -90, cls: 'axis-label' }), '</g>');
  return parts.join('');
}

/** How time is shown: days for runs of two days or more, hours below that. */
export function timeUnit(horizonSeconds: number): { divisor: number; label: string } {
  return horizonSeconds >= 2 * 86400 ? { divisor: 86400, label: 'time since start (days)' } : { divisor: 3600, label: 'time since start (hours)' };
}

export type Swatch = 'line' | 'dash' | 'area' | 'rect' | 'dot' | 'cross';

export interface LegendItem {
  label: string;
  color: string;
  swatch: Swatch;
}

/** A one-row (wrapping) legend; returns the markup and the height it took. */
export function legend(items: LegendItem[], x: number, y: number, maxWidth: number): { svg: string; height: number } {
  const parts = ['<g class="legend">'];
  let cx = x;
  let cy = y;
  for (const item of items) {
    const w = 26 + item.label.length * 6.6 + 18;
    if (cx + w > x + maxWidth && cx > x) {
      cx = x;
      cy += 18;
    }
    parts.push(swatch(item, cx, cy), text(cx + 24, cy, item.label, { baseline: 'middle' }));
    cx += w;
  }
  parts.push('</g>');
  return { svg: parts.join(''), height: cy - y + 18 };
}

function swatch(item: LegendItem, x: number, y: number): string {
  const c = escapeXml(item.color);
  switch (item.swatch) {
    case 'line':
      return `<line x1="${px(x)}" x2="${px(x + 18)}" y1="${px(y)}" y2="${px(y)}" stroke="${c}" stroke-width="2.5"/>`;
    case 'dash':
      return `<line x1="${px(x)}" x2="${px(x + 18)}" y1="${px(y)}" y2="${px(y)}" stroke="${c}" stroke-width="2" stroke-dasharray="4 3"/>`;
    case 'area':
      return `<rect x="${px(x)}" y="${px(y - 6)}" width="18" height="12" fill="${c}" opacity="0.5"/>`;
    case 'rect':
      return `<rect x="${px(x)}" y="${px(y - 6)}" width="18" height="12" fill="${c}"/>`;
    case 'dot':
      return `<circle cx="${px(x + 9)}" cy="${px(y)}" r="5" fill="${c}"/>`;
    case 'cross':
      return `<path d="M${px(x + 5)},${px(y - 4)}l8,8m0,-8l-8,8" stroke="${c}" stroke-width="2.5"/>`;
  }
}
