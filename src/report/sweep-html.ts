// A sweep's HTML page: one self-contained file (no script, no network) with the selection, the
// charts inline as SVG (Pareto scatter, heatmap, tornado) and the table of every point.

import type { SweepResult } from '../domain/sweep.js';
import { escapeXml } from './svg/primitives.js';
import { sweepSvgCharts } from './sweep-svg.js';
import { isSelected, summaryLines, sweepColumns, sweepTitle } from './sweep-table.js';

const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#1f2328;max-width:1100px}
table{border-collapse:collapse;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #e6e9ed}th{text-align:left}
td.right{text-align:right}tr.selected{font-weight:600;background:#e6f4ea}td.good{color:#1a7f37}td.bad{color:#cf222e}
figure{margin:16px 0}svg{max-width:100%;height:auto}.lead{font-size:15px}`;

export function renderSweepHtml(result: SweepResult): string {
  const columns = sweepColumns(result);
  const head = columns.map((c) => `<th>${escapeXml(c.unit ? `${c.header} [${c.unit}]` : c.header)}</th>`).join('');
  const rows = result.rows
    .map((r) => {
      const cells = columns.map((c) => {
        const cls = [c.align === 'right' ? 'right' : '', c.tone?.(r) ?? ''].filter(Boolean).join(' ');
        return `<td${cls ? ` class="${cls}"` : ''}>${escapeXml(c.text(r))}</td>`;
      });
      return `<tr${isSelected(result, r) ? ' class="selected"' : ''} data-point="${r.point}">${cells.join('')}</tr>`;
    })
    .join('\n');
  const [selection, ...rest] = summaryLines(result);
  const charts = sweepSvgCharts(result)
    .map((c) => `<figure id="${escapeXml(c.file.replace(/\.svg$/, ''))}">${c.svg.replace(/aria-labelledby="t d"/, '').replace(/<title id="t">/, '<title>').replace(/<desc id="d">/, '<desc>')}</figure>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(result.header.scenario.name)}: sweep</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(result.header.scenario.name)}: ${result.header.mode === 'one-at-a-time' ? 'sensitivity' : 'sweep'}</h1>`,
    `<p>${escapeXml(sweepTitle(result))}</p>`,
    `<p class="lead" id="selection"><strong>${escapeXml(selection)}</strong></p>`,
    ...rest.map((l) => `<p>${escapeXml(l)}</p>`),
    charts,
    '<h2>Every point</h2>',
    `<table><thead><tr>${head}</tr></thead><tbody>`,
    rows,
    '</tbody></table>',
    '</body></html>',
    '',
  ].join('\n');
}
