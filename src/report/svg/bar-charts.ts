// Bar charts comparing alternatives as wholes: the bill broken down by line item (stacked,
// one bar per alternative) and paid vs used vCPU and memory (the waste).

import { scaleLinear } from 'd3';
import type { AlternativeResult } from '../../domain/result.js';
import { formatNumber, formatShare, formatUsd } from '../format.js';
import { legend, xAxis, type Frame, type LegendItem } from './axes.js';
import { LINE_ITEM_PALETTE, THEME, WIDTH, escapeXml, px, svgDocument, text, type ChartInput, type SvgChart } from './primitives.js';

/**
 * Line-item kinds across all alternatives in first-seen order, each with a colour, keyed by the
 * description the reader sees: two alternatives share an id (`fargate.vcpu`) but not a rate
 * (arm64 vs x86_64), so keying by id would label an x86 bar with the first alternative's arm64 item.
 */
export function lineItemKinds(alternatives: AlternativeResult[]): { label: string; color: string }[] {
  const seen = new Set<string>();
  for (const a of alternatives) for (const li of a.cost.lineItems) seen.add(li.description);
  return [...seen].map((label, i) => ({ label, color: LINE_ITEM_PALETTE[i % LINE_ITEM_PALETTE.length] }));
}

const LABEL_WIDTH = 170;

export function breakdownChart(input: ChartInput): SvgChart {
  const kinds = lineItemKinds(input.ranked);
  const colorOf = new Map(kinds.map((k) => [k.label, k.color]));
  const leg = legend(
    kinds.map((k): LegendItem => ({ label: k.label, color: k.color, swatch: 'rect' })),
    LABEL_WIDTH,
    62,
    WIDTH - LABEL_WIDTH - 24,
  );
  const top = 62 + leg.height + 12;
  const barHeight = 26;
  const rowHeight = 40;
  const frame: Frame = { left: LABEL_WIDTH, top, width: WIDTH - LABEL_WIDTH - 110, height: input.ranked.length * rowHeight };
  const maxTotal = Math.max(...input.ranked.map((a) => a.cost.totalUsd), 0.01);
  const x = scaleLinear().domain([0, maxTotal]).range([frame.left, frame.left + frame.width]).nice();
  const body = [leg.svg, xAxis(x, frame, { label: 'cost over the run (USD)', ticks: 8, format: (v) => `$${formatNumber(v, 0)}`, grid: true })];
  input.ranked.forEach((alt, i) => {
    const y = frame.top + i * rowHeight + (rowHeight - barHeight) / 2;
    body.push(`<g class="bar" data-alt="${escapeXml(alt.name)}">`);
    body.push(text(frame.left - 10, y + barHeight / 2, alt.name, { anchor: 'end', baseline: 'middle', weight: 'bold', fill: input.color(alt.name), maxWidth: LABEL_WIDTH - 20 }));
    // Segments are laid end to end from the rounded line-item amounts; the label is the exact total.
    let x0 = 0;
    for (const li of alt.cost.lineItems) {
      const w = x(x0 + li.usd) - x(x0);
      body.push(
        `<rect class="segment" data-alt="${escapeXml(alt.name)}" data-item="${escapeXml(li.description)}" x="${px(x(x0))}" y="${px(y)}" width="${px(Math.max(0, w))}" height="${barHeight}" fill="${colorOf.get(li.description)}"><title>${escapeXml(`${li.description}: ${formatUsd(li.usd)}`)}</title></rect>`,
      );
      x0 += li.usd;
    }
    body.push(text(x(x0) + 8, y + barHeight / 2, formatUsd(alt.cost.totalUsd), { baseline: 'middle', weight: 'bold' }), '</g>');
  });
  const height = frame.top + frame.height + 60;
  const title = 'Cost breakdown by line item';
  const subtitle = 'What each alternative pays for over the whole run; totals are the billed amounts.';
  return { file: 'breakdown.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}

export function wasteChart(input: ChartInput): SvgChart {
  const panels = [
    { label: 'vCPU (time-averaged)', axis: 'vCPU', paid: (a: AlternativeResult) => a.usage.avgPaidVcpu, used: (a: AlternativeResult) => a.usage.avgUsedVcpu },
    { label: 'memory (time-averaged)', axis: 'memory (GiB)', paid: (a: AlternativeResult) => a.usage.avgPaidMemoryGiB, used: (a: AlternativeResult) => a.usage.avgUsedMemoryGiB },
  ];
  const leg = legend(
    [
      { label: 'paid for', color: THEME.offeredBand, swatch: 'rect' },
      { label: 'used (in the alternative’s colour)', color: THEME.offered, swatch: 'rect' },
    ],
    LABEL_WIDTH,
    62,
    WIDTH - LABEL_WIDTH,
  );
  const top = 62 + leg.height + 26;
  const rowHeight = 34;
  const barHeight = 20;
  const panelWidth = (WIDTH - LABEL_WIDTH - 40) / 2 - 30;
  const plotHeight = input.ranked.length * rowHeight;
  const body = [leg.svg];
  panels.forEach((panel, p) => {
    const frame: Frame = { left: LABEL_WIDTH + p * (panelWidth + 60), top, width: panelWidth - 110, height: plotHeight };
    const maxPaid = Math.max(...input.ranked.map((a) => Math.max(panel.paid(a), panel.used(a))), 0.01);
    const x = scaleLinear().domain([0, maxPaid]).range([frame.left, frame.left + frame.width]).nice();
    body.push(text(frame.left, top - 10, panel.label, { weight: 'bold' }));
    body.push(xAxis(x, frame, { label: panel.axis, ticks: 5, grid: true }));
    input.ranked.forEach((alt, i) => {
      const y = frame.top + i * rowHeight + (rowHeight - barHeight) / 2;
      const paid = panel.paid(alt);
      const used = Math.min(panel.used(alt), paid);
      const idle = paid > 0 ? 1 - used / paid : 0;
      if (p === 0) body.push(text(LABEL_WIDTH - 10, y + barHeight / 2, alt.name, { anchor: 'end', baseline: 'middle', weight: 'bold', fill: input.color(alt.name), maxWidth: LABEL_WIDTH - 20 }));
      body.push(
        `<g class="bar" data-alt="${escapeXml(alt.name)}">`,
        `<rect class="paid" data-alt="${escapeXml(alt.name)}" x="${px(x(0))}" y="${px(y)}" width="${px(x(paid) - x(0))}" height="${barHeight}" fill="${THEME.offeredBand}"/>`,
        `<rect class="used" data-alt="${escapeXml(alt.name)}" x="${px(x(0))}" y="${px(y + 4)}" width="${px(x(used) - x(0))}" height="${barHeight - 8}" fill="${input.color(alt.name)}"/>`,
        text(x(paid) + 6, y + barHeight / 2, `${formatNumber(paid, 1)} paid · ${formatShare(idle)} idle`, { baseline: 'middle', size: 11, fill: THEME.muted }),
        '</g>',
      );
    });
  });
  const height = top + plotHeight + 62;
  const title = 'Paid vs used capacity';
  const subtitle = 'Time-averaged vCPU and memory paid for vs actually used; the gap is idle headroom you pay for.';
  return { file: 'waste.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}
