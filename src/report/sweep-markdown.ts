// A sweep as Markdown fit for a decision record: what was swept, the selected point and how it
// was chosen, the charts (SVG files beside it), the Pareto front, the sensitivity bars and every
// row of the sweep.

import type { SweepResult } from '../domain/sweep.js';
import { formatShare, formatUsdRate } from './format.js';
import { markdownCell, markdownCode, markdownTable, markdownText } from './table.js';
import { SWEEP_CHARTS_DIR, sweepSvgCharts } from './sweep-svg.js';
import { cheapestFlipsText, isSelected, selectionSentence, sweepColumns, sweepTitle } from './sweep-table.js';

export function renderSweepMarkdown(result: SweepResult): string {
  const h = result.header;
  const out = [`# ${markdownText(h.scenario.name)}: ${h.mode === 'one-at-a-time' ? 'sensitivity' : 'sweep'}`, '', markdownText(sweepTitle(result)) + '.', ''];
  out.push(`Scenario ${markdownCode(h.scenario.file)} (${markdownCode(h.scenario.scenarioHash.slice(0, 19))}…), SLO: p95 ≤ ${h.scenario.sloLatencyP95Ms} ms in all but ${formatShare(h.scenario.maxMinutesOverShare)} of minutes.`, '');
  out.push('## Parameters', '');
  for (const p of h.parameters) out.push(`- ${markdownCode(p.name)}: ${p.values.map((v) => markdownCode(v.label)).join(', ')}`);
  out.push('', '## Selection', '', markdownText(selectionSentence(result)), '');
  if (result.dropBudget) out.push(`Drop budget: at most ${formatShare(result.dropBudget.maxDroppedShare)} of requests dropped.`, '');
  for (const chart of sweepSvgCharts(result)) out.push(`![${markdownText(chart.title)}](${SWEEP_CHARTS_DIR}/${chart.file})`, '');
  out.push('## Pareto front (cost against SLO misses)', '');
  const front = result.pareto.map((p) => result.rows.find((r) => r.point === p.point && r.alternative === p.alternative)!);
  out.push(...markdownTable(sweepColumns(result), front, (r) => isSelected(result, r)), '');
  const s = result.sensitivity;
  if (s) {
    out.push('## Sensitivity (one at a time)', '');
    out.push(`At the base point (the scenario as written) ${s.baseRecommended === null ? 'no alternative meets the SLO' : `${markdownCode(s.baseRecommended)} is recommended at ${formatUsdRate(s.baseUsdPerMonth)} per month`}.`, '');
    out.push('| parameter | cost low | cost high | SLO misses | recommendation flips | cheapest flips (SLO and drops ignored) |', '|---|---:|---:|---:|---|---|');
    for (const b of s.bars) {
      const flips = b.flips.map((f) => `${f.from} → ${f.to}: ${f.fromRecommended ?? 'none'} → ${f.toRecommended ?? 'none'}`).join('; ') || 'none';
      out.push(`| ${markdownCell(b.parameter)} | ${formatUsdRate(b.low.usdPerMonth)} (${markdownCell(b.low.label)}) | ${formatUsdRate(b.high.usdPerMonth)} (${markdownCell(b.high.label)}) | ${formatShare(b.minutesOverLow)}–${formatShare(b.minutesOverHigh)} | ${markdownCell(flips)} | ${markdownCell(cheapestFlipsText(b) || 'none')} |`);
    }
    out.push('');
  }
  out.push('## Every point', '', ...markdownTable(sweepColumns(result), result.rows, (r) => isSelected(result, r)), '');
  return out.join('\n');
}
