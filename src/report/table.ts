// The comparison table for the terminal and for Markdown, both rendered from the column
// specification in columns.ts. Colour is plain ANSI SGR codes, emitted only when asked.

import type { ComparisonResult } from '../domain/result.js';
import {
  LINE_ITEM_COLUMNS,
  commitmentCaveat,
  commitmentSaves,
  jobsOnly,
  recommendationSentence,
  recommendedPurchase,
  summaryColumns,
  summaryRows,
  type Align,
  type Column,
  type Tone,
} from './columns.js';
import type { AlternativeResult } from '../domain/result.js';
import { formatCount, formatDuration, formatShare, formatUsd } from './format.js';

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', green: '\x1b[32m', red: '\x1b[31m', cyan: '\x1b[36m' };

type Paint = (text: string, ...styles: (keyof typeof SGR)[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) => (styles.length === 0 || text === '' ? text : styles.map((s) => SGR[s]).join('') + text + SGR.reset);
}

/** Display width: code points, which is right for the symbols we print (✓ ✗ — ·). */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, w: number, align: Align): string {
  const gap = Math.max(0, w - width(text));
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(gap - Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

const toneStyle: Record<Exclude<Tone, undefined>, keyof typeof SGR> = { good: 'green', bad: 'red', muted: 'dim' };

/** Aligned columns, two spaces apart; header and unit rows; per-row emphasis. */
function alignedTable<Row>(
  columns: Column<Row>[],
  rows: Row[],
  paint: Paint,
  opts: { indent?: string; emphasise?: (row: Row) => boolean } = {},
): string[] {
  const indent = opts.indent ?? '';
  const cells = rows.map((row) => columns.map((c) => c.text(row)));
  const widths = columns.map((c, i) => Math.max(width(c.header), width(c.unit), ...cells.map((r) => width(r[i]))));
  const line = (texts: string[], style: (i: number) => (keyof typeof SGR)[]) => {
    const padded = texts.map((t, i) => pad(t, widths[i], columns[i].align));
    // No trailing blanks, with or without colour: trim before painting.
    while (padded.length > 0 && padded[padded.length - 1].trim() === '') padded.pop();
    if (padded.length > 0) padded[padded.length - 1] = padded[padded.length - 1].trimEnd();
    return indent + padded.map((t, i) => paint(t, ...style(i))).join('  ');
  };
  const out = [line(columns.map((c) => c.header), () => ['bold'])];
  if (columns.some((c) => c.unit !== '')) out.push(line(columns.map((c) => c.unit), () => ['dim']));
  rows.forEach((row, r) => {
    const strong = opts.emphasise?.(row) ?? false;
    out.push(
      line(cells[r], (i) => {
        const tone = columns[i].tone?.(row);
        const styles: (keyof typeof SGR)[] = tone ? [toneStyle[tone]] : [];
        if (strong && tone !== 'muted') styles.push('bold');
        return styles;
      }),
    );
  });
  return out;
}

/** One line saying what was simulated, so a pasted table carries its context. */
export function scenarioLine(result: ComparisonResult): string {
  const s = result.scenario;
  const submitted = result.alternatives.find((a) => a.jobs)?.jobs?.submitted ?? 0;
  return [
    s.name,
    formatDuration(s.horizonSeconds),
    s.region,
    `seed ${s.seed}`,
    jobsOnly(result) ? `${formatCount(submitted)} jobs, no latency SLO` : `SLO p95 ≤ ${formatCount(s.sloLatencyP95Ms)} ms`,
  ].join(' · ');
}

/** One line: what capsim recommends holding and what it saves on this run's eligible usage. */
export function commitmentLine(alt: AlternativeResult): string {
  const rec = alt.commitments.recommendation;
  return (
    `Recommended commitments: ${recommendedPurchase(alt)} → this run's eligible usage ${formatUsd(rec.withRecommendedUsd)} ` +
    `instead of ${formatUsd(rec.onDemandUsd)} on-demand (${formatShare(rec.savingsShare)} less)`
  );
}

export function renderTable(result: ComparisonResult, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const rows = summaryRows(result);
  const out: string[] = [paint(scenarioLine(result), 'bold'), ''];
  out.push(...alignedTable(summaryColumns(result), rows, paint, { emphasise: (r) => r.recommended }));
  out.push('', paint(recommendationSentence(result), result.recommended ? 'green' : 'red', 'bold'), '');
  out.push(paint('Line items', 'bold'));
  for (const row of rows) {
    const alt = row.alt;
    out.push('', `${paint(alt.name, 'bold', 'cyan')}  ${paint(alt.platform, 'dim')}  total ${paint(formatUsd(alt.cost.totalUsd), 'bold')}`);
    if (alt.cost.lineItems.length === 0) out.push(paint('  (no billed line items)', 'dim'));
    else out.push(...alignedTable(LINE_ITEM_COLUMNS, alt.cost.lineItems, paint, { indent: '  ' }));
    if (commitmentSaves(alt)) out.push(`  ${paint(commitmentLine(alt), 'green')}`);
  }
  const caveats = [...new Set(rows.filter((r) => commitmentSaves(r.alt)).map((r) => commitmentCaveat(r.alt.commitments.recommendation.note)))].filter(Boolean);
  if (caveats.length > 0) out.push('', paint(`Commitment recommendations: ${caveats.join(' ')}`, 'dim'));
  return out.join('\n') + '\n';
}

/**
 * Text from the scenario (names, descriptions, paths) inline in Markdown, unable to change the
 * document: backslashes, backticks (code), < and > (HTML, autolinks), | (table cells) and a ]
 * that would close a link or image are backslash-escaped (CommonMark allows it before any ASCII
 * punctuation); line breaks become spaces. Emphasis characters are left as they are (x86_64).
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`<>|]/g, '\\$&')
    .replace(/\](?=[([:])/g, '\\]');
}

/** Escapes a cell for a GitHub-flavoured Markdown table (scenario text in it included). */
export function markdownCell(text: string): string {
  return markdownText(text);
}

/** Text as a code span, whatever backticks it holds; safe in a table cell. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function markdownTable<Row>(columns: Column<Row>[], rows: Row[], emphasise?: (row: Row) => boolean): string[] {
  const head = columns.map((c) => markdownCell(c.unit ? `${c.header} [${c.unit}]` : c.header));
  const rule = columns.map((c) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : '---'));
  const body = rows.map((row) =>
    columns.map((c) => {
      const text = markdownCell(c.text(row));
      return emphasise?.(row) && text !== '' ? `**${text}**` : text;
    }),
  );
  return [head, rule, ...body].map((cells) => `| ${cells.join(' | ')} |`);
}

/** The decision table alone (ranked, recommended row in bold). */
export function renderMarkdownSummary(result: ComparisonResult): string {
  return markdownTable(summaryColumns(result), summaryRows(result), (r) => r.recommended).join('\n') + '\n';
}

/** Line items of every alternative, one small table each, in ranking order. */
export function renderMarkdownLineItems(result: ComparisonResult, headingLevel = 3): string {
  const hashes = '#'.repeat(headingLevel);
  const parts: string[] = [];
  for (const { alt } of summaryRows(result)) {
    parts.push(`${hashes} ${markdownCell(alt.name)}: ${formatUsd(alt.cost.totalUsd)}`, '', `${markdownCell(alt.platform)}`, '');
    if (alt.cost.lineItems.length === 0) parts.push('_No billed line items._', '');
    else parts.push(...markdownTable(LINE_ITEM_COLUMNS, alt.cost.lineItems), '');
  }
  return parts.join('\n');
}

export function renderMarkdownTable(result: ComparisonResult): string {
  return [
    renderMarkdownSummary(result),
    `**${markdownCell(recommendationSentence(result))}**`,
    '',
    renderMarkdownLineItems(result),
  ].join('\n');
}
