// `report.html`: one self-contained page (d3 inlined from the installed package, data embedded
// as JSON, no external request, works from file://). The ranked summary table, toggles and line
// items are rendered here, so the decision reads even without JavaScript; the charts are drawn
// in the browser by the script in html/client-*.ts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ComparisonResult } from '../domain/result.js';
import { NOT_COSTED_LEAD, notCosted } from './not-costed.js';
import { PLACEMENT_FAILURES_LEAD, placementFailureLines } from './placement.js';
import { priceRows, pricesIntro } from './prices.js';
import { LIFECYCLE_HEADERS, inputRows, lifecycleCells } from './inputs.js';
import { jobsScatterCaption, sloScatterAxis } from './chart-choices.js';
import {
  COMMITMENT_COLUMNS,
  LINE_ITEM_COLUMNS,
  eventColumns,
  jobsOnly,
  rankingText,
  recommendationSentence,
  resultHolds,
  decidingColumnIds,
  summaryColumns,
  summaryRows,
  verdictNotes,
  type Column,
} from './columns.js';
import { formatUsd } from './format.js';
import { CLIENT_CORE } from './html/client-core.js';
import { CLIENT_OTHER } from './html/client-other.js';
import { CLIENT_TIME } from './html/client-time.js';
import { buildHtmlData, scriptJson } from './html/data.js';
import { STYLE } from './html/style.js';
import { assumptions, behaviour, commitmentIntro, eventsIntro, interruptionHeading, interruptionSummaries } from './markdown.js';
import { escapeXml as esc } from './svg/primitives.js';
import { scenarioLine } from './table.js';

let d3Source: string | undefined;

/**
 * The UMD build of the installed d3. d3's package exports do not expose `dist/d3.min.js`, so it
 * is found beside the resolved entry point (`dist/d3.mjs`).
 */
export function d3MinJs(): string {
  if (d3Source === undefined) {
    const entry = createRequire(import.meta.url).resolve('d3');
    d3Source = readFileSync(join(dirname(entry), 'd3.min.js'), 'utf8');
  }
  return d3Source;
}

/** The complete client script, wrapped so nothing leaks into the page's globals. */
export function clientScript(): string {
  return `(function () {\n${CLIENT_CORE}\n${CLIENT_TIME}\n${CLIENT_OTHER}\n})();\n`;
}

function htmlTable<Row>(
  columns: Column<Row>[],
  rows: Row[],
  rowAttrs: (row: Row) => string = () => '',
  /** Markup put before a cell's text (e.g. a colour swatch). */
  prefix: (column: Column<Row>, row: Row) => string = () => '',
): string {
  const head = columns
    .map((c) => `<th class="${c.align}" data-col="${c.id}">${esc(c.header)}${c.unit ? `<span class="unit">${esc(c.unit)}</span>` : ''}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => {
        const tone = c.tone?.(row);
        const value = c.value(row);
        return `<td class="${c.align}${tone ? ` tone-${tone}` : ''}" data-col="${c.id}" data-value="${esc(String(value))}">${prefix(c, row)}${esc(c.text(row))}</td>`;
      });
      return `<tr${rowAttrs(row)}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function chartCard(id: string, title: string, subtitle: string, extraClass = ''): string {
  return `<section class="card chart${extraClass}" id="${id}"><header><h2>${esc(title)}</h2><p>${esc(subtitle)}</p></header><div class="legend"></div><div class="plot"></div></section>`;
}

/** A list of the shared Markdown list items (`- …`) as HTML. */
function htmlList(lines: string[], cls: string): string {
  return `<ul class="${cls}">${lines.map((line) => `<li>${inlineCode(line.replace(/^- /, ''))}</li>`).join('')}</ul>`;
}

/** Markdown-ish `code` spans in the shared assumption sentences become <code>. */
function inlineCode(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * The decision table's columns with those that decide first (who, what it costs, minutes over,
 * drops, the verdicts), then the rest. A table wider than its card scrolls, and a reviewer who
 * reads the page as printed or as a screenshot sees the deciding columns without scrolling.
 */
function decidingFirst<Row>(columns: Column<Row>[], result: ComparisonResult): Column<Row>[] {
  const deciding = new Set([...decidingColumnIds(result), 'minutesOver', 'dropped', 'minutesOverShareMean', 'droppedShareMean']);
  return [...columns.filter((c) => deciding.has(c.id)), ...columns.filter((c) => !deciding.has(c.id))];
}

export function renderHtml(result: ComparisonResult, opts: { maxPoints?: number } = {}): string {
  const data = buildHtmlData(result, opts.maxPoints);
  const rows = summaryRows(result);
  const colors = new Map(data.alternatives.map((a) => [a.name, a.color]));
  const swatch = (name: string) => `<span class="swatch" style="background:${colors.get(name)}"></span>`;
  const title = `Capacity and cost comparison: ${result.scenario.name}`;
  const holds = resultHolds(result);
  const alts = rows.map((r) => r.alt);
  const nameCell = (c: Column<{ name: string }>, a: { name: string }) => (c.id === 'alternative' ? swatch(a.name) : '');
  const summary = htmlTable(
    decidingFirst(summaryColumns(result), result),
    rows,
    (r) => ` data-alt="${esc(r.alt.name)}"${r.recommended ? ' class="recommended"' : ''}`,
    // The alternative's colour swatch, so the table doubles as the charts' key.
    (c, r) => (c.id === 'alternative' ? swatch(r.alt.name) : ''),
  );
  const toggles = rows
    .map(({ alt }) => `<label><input type="checkbox" class="alt-toggle" data-alt="${esc(alt.name)}" checked> ${swatch(alt.name)}${esc(alt.name)}</label>`)
    .join('\n');
  const lineItems = rows
    .map(({ alt, recommended }) => {
      const table = alt.cost.lineItems.length > 0 ? htmlTable(LINE_ITEM_COLUMNS, alt.cost.lineItems) : '<p>No billed line items.</p>';
      const facts = htmlList(behaviour(alt), 'facts');
      return `<details${recommended ? ' open' : ''} data-alt="${esc(alt.name)}"><summary>${swatch(alt.name)}${esc(alt.name)}: ${esc(formatUsd(alt.cost.totalUsd))} <span class="meta">${esc(alt.platform)}</span></summary>\n${table}\n${facts}\n</details>`;
    })
    .join('\n');
  const verdictClass = result.recommended ? 'verdict' : 'verdict none';
  const intro = commitmentIntro(result);
  const commitments = htmlTable(COMMITMENT_COLUMNS, alts, (a) => ` data-alt="${esc(a.name)}"`, nameCell);
  const events = htmlTable(eventColumns(result), alts, (a) => ` data-alt="${esc(a.name)}"`, nameCell);
  const interruptions = interruptionSummaries(result)
    .map((i) => `<li>${inlineCode(interruptionHeading(i))}<ul>${i.listed.map((e) => `<li><span class="when">${esc(e.at)}</span> ${esc(e.detail)}</li>`).join('')}</ul></li>`)
    .join('');
  const scatterAxis = sloScatterAxis(result);
  const scatter = jobsOnly(result)
    ? chartCard('chart-scatter', 'Cost per job vs wait', jobsScatterCaption(result))
    : chartCard('chart-scatter', scatterAxis.metric === 'latencyP95' ? 'Cost vs p95 latency' : 'Cost vs SLO', scatterAxis.caption);
  const overview = holds.service
    ? 'Offered load over the whole run. Drag to zoom every chart below; double-click a chart or press “Reset zoom” to go back.'
    : `Running tasks of ${rows[0]?.alt.name ?? 'the first alternative'} over the whole run. Drag to zoom every chart below; double-click a chart or press “Reset zoom” to go back.`;
  const serviceCharts = holds.service
    ? `${chartCard('chart-load', 'Offered load vs serving capacity', 'One panel per alternative, on the same axes. Grey: the demand every alternative faces (band up to the busiest minute). Line: the alternative’s serving capacity. Where it dips under the grey, requests queue or drop.')}
${chartCard('chart-latency', 'p95 latency vs SLO', 'One panel per alternative, on the same axes: worst p95 latency per point against the SLO target (dashed).')}
`
    : '';
  const s = result.scenario;
  const inputs = inputRows(result);
  const placement = placementFailureLines(result);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="capsim ${esc(result.capsimVersion)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${esc(title)}</h1>
<p class="meta">${esc(scenarioLine(result))} · prices as of ${esc(s.catalogAsOf)} · capsim ${esc(result.capsimVersion)}${s.description ? ` — ${esc(s.description)}` : ''}</p>
</header>
<p class="${verdictClass}" id="verdict"><strong>${esc(recommendationSentence(result))}</strong></p>
<section class="card" id="summary"><header><h2>Decision table</h2><p>${esc(rankingText(result))} Money is the billed amount, rounded to the cent; “—” means the alternative has nothing to measure there.</p></header>
<div class="summary-wrap">
${summary}
</div>
${verdictNotes(result).length > 0 ? `<ul class="verdict-notes">${verdictNotes(result).map((n) => `<li>${esc(n)}</li>`).join('')}</ul>\n` : ''}<p class="not-costed-lead">${esc(NOT_COSTED_LEAD)}</p>
<ul class="not-costed">
${notCosted(result).map((n) => `<li>${esc(n)}</li>`).join('\n')}
</ul>
</section>
<div class="toolbar" id="toggles"><strong>Show:</strong>
${toggles}
<span class="spacer"></span><span class="hint" id="zoom-state">showing the whole run; drag on the strip to zoom</span><button type="button" id="reset-zoom" disabled>Reset zoom</button>
</div>
<noscript><p class="verdict none">The charts need JavaScript; the tables above and below do not.</p></noscript>
<div class="grid2">
${scatter}
${chartCard('chart-breakdown', 'Cost breakdown by line item', 'What each alternative pays for over the whole run. Hover a segment for quantity × rate.')}
</div>
<section class="card overview-card" id="chart-overview"><header><h2>Time range</h2><p>${esc(overview)}</p></header><div class="plot"></div></section>
${serviceCharts}${chartCard('chart-tasks', 'Tasks and instances over time', 'Tasks by state per alternative, with scaling actions, instance launches/terminations, placement failures and deployments marked above each panel; Spot interruptions in red, on their own row and as a line through the panel.')}
<div class="grid2">
${chartCard('chart-cost', 'Cumulative cost', 'Spend accrued over the run; labels at the end are the exact billed totals.')}
${chartCard('chart-waste', 'Paid vs used capacity', 'Time-averaged vCPU and memory paid for vs used: the grey beyond the coloured bar is idle headroom.')}
</div>
<section class="card" id="commitments"><header><h2>Commitments</h2><p>${inlineCode(intro.lead)}</p></header>
<div class="table-wrap">
${commitments}
</div>
${intro.caveat ? `<p class="caveat">${inlineCode(intro.caveat)}</p>` : ''}
</section>
<section class="card" id="events"><header><h2>Events</h2><p>${inlineCode(eventsIntro(result))}</p></header>
<div class="table-wrap">
${events}
</div>
${interruptions ? `<ul class="interruptions">${interruptions}</ul>` : ''}
${placement.length > 0 ? `<p class="placement-lead">${esc(PLACEMENT_FAILURES_LEAD)}</p>\n<ul class="placement-failures">${placement.map((p) => `<li>${swatch(p.alt)}<strong>${esc(p.alt)}</strong>: ${esc(p.text)}</li>`).join('')}</ul>` : ''}
</section>
<section class="card" id="line-items"><header><h2>Alternatives in detail</h2><p>Line items (quantity × rate, as billed; the total is the exact sum rounded once) and what each alternative did.</p></header>
${lineItems}
</section>
<section class="card" id="inputs"><header><h2>Inputs</h2><p>What the run was given (from the resolved scenario in results.json); the lifecycle settings in force by where each comes from: the scenario, AWS's own defaults, or capsim's assumptions where AWS publishes no figure.</p></header>
<div class="table-wrap">
<table class="inputs-run"><tbody>
${inputs.run.map(([k, v]) => `<tr><th class="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</tbody></table>
<table class="inputs-alternatives"><thead><tr><th class="left">alternative</th><th class="left">capacity</th><th class="left">task</th><th class="left">scaling</th></tr></thead><tbody>
${inputs.alternatives.map((a) => `<tr data-alt="${esc(a.name)}"><td>${swatch(a.name)}${esc(a.name)}</td><td>${esc(a.capacity)}</td><td>${esc(a.task)}</td><td>${esc(a.scaling)}</td></tr>`).join('\n')}
</tbody></table>
<table class="inputs-lifecycle"><thead><tr><th class="left">alternative</th>${LIFECYCLE_HEADERS.map((h) => `<th class="left">${esc(h)}</th>`).join('')}</tr></thead><tbody>
${inputs.alternatives.map((a) => `<tr data-alt="${esc(a.name)}"><td>${swatch(a.name)}${esc(a.name)}</td>${lifecycleCells(a.lifecycle).map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
</div>
</section>
<section class="card" id="assumptions"><header><h2>Assumptions</h2></header>
<ul class="assumptions">
${assumptions(result).map((a) => `<li>${inlineCode(a)}</li>`).join('\n')}
</ul>
</section>
<section class="card" id="prices"><header><h2>Prices</h2><p>${esc(pricesIntro(result))}</p></header>
<div class="table-wrap">
<table class="prices"><thead><tr><th>line item</th><th class="right">rate <span class="unit">USD/unit</span></th><th>unit</th><th>source</th><th>used by</th></tr></thead>
<tbody>
${priceRows(result)
  .map((p) => `<tr><td>${esc(p.item)}</td><td class="right">$${esc(p.usdPerUnit)}</td><td>${esc(p.unit)}</td><td class="source">${esc(p.source)}</td><td>${esc(p.usedBy.join(', '))}</td></tr>`)
  .join('\n')}
</tbody></table>
</div>
</section>
<footer>capsim ${esc(result.capsimVersion)} · results schema v${result.schemaVersion} · ${esc(s.file)} · seed ${s.seed}. Charts show at most ${data.alternatives[0]?.series.t.length ?? 0} points per series (${data.bucketMinutes} minute(s) each); timeseries.csv has every minute.</footer>
</main>
<script>${d3MinJs().replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="capsim-data">${scriptJson(data)}</script>
<script>${clientScript()}</script>
</body>
</html>
`;
}

