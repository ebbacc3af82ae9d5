// The comparison table for the terminal and for Markdown, both rendered from the column
// specification in columns.ts. Colour is plain ANSI SGR codes, emitted only when asked.

import type { ComparisonResult } from '../domain/result.js';
import {
  LINE_ITEM_COLUMNS,
  commitmentCaveat,
  commitmentSaves,
  decidingColumnIds,
  jobsOnly,
  recommendationSentence,
  recommendedPurchase,
  summaryColumns,
  summaryRows,
  verdictNotes,
  type Align,
  type Column,
  type Tone,
} from './columns.js';
import type { AlternativeResult, LineItem } from '../domain/result.js';
import { formatCount, formatDuration, formatShare, formatUsd } from './format.js';
import { PLACEMENT_FAILURES_LEAD, placementFailureLines } from './placement.js';

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

/** `text` cut to `w` display columns, an ellipsis marking the cut. */
export function clip(text: string, w: number): string {
  const chars = [...text];
  if (chars.length <= w) return text;
  return w <= 0 ? '' : chars.slice(0, w - 1).join('') + '…';
}

const GAP = 2;

/** Natural width of each column: its widest header, unit or cell. */
function naturalWidths<Row>(columns: Column<Row>[], rows: Row[]): number[] {
  return columns.map((c) => Math.max(width(c.header), width(c.unit), ...rows.map((r) => width(c.text(r)))));
}

/** Width of a line of columns this wide, two spaces apart. */
function lineWidth(widths: number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
}

/** Aligned columns, two spaces apart; header and unit rows; per-row emphasis. */
function alignedTable<Row>(
  columns: Column<Row>[],
  rows: Row[],
  paint: Paint,
  opts: { indent?: string; emphasise?: (row: Row) => boolean; maxWidths?: (number | undefined)[] } = {},
): string[] {
  const indent = opts.indent ?? '';
  const cap = (t: string, i: number) => (opts.maxWidths?.[i] === undefined ? t : clip(t, opts.maxWidths[i]!));
  const cells = rows.map((row) => columns.map((c, i) => cap(c.text(row), i)));
  const headers = columns.map((c, i) => cap(c.header, i));
  const units = columns.map((c, i) => cap(c.unit, i));
  const widths = columns.map((c, i) => Math.max(width(headers[i]), width(units[i]), ...cells.map((r) => width(r[i]))));
  const line = (texts: string[], style: (i: number) => (keyof typeof SGR)[]) => {
    const padded = texts.map((t, i) => pad(t, widths[i], columns[i].align));
    // No trailing blanks, with or without colour: trim before painting.
    while (padded.length > 0 && padded[padded.length - 1].trim() === '') padded.pop();
    if (padded.length > 0) padded[padded.length - 1] = padded[padded.length - 1].trimEnd();
    return indent + padded.map((t, i) => paint(t, ...style(i))).join(' '.repeat(GAP));
  };
  const out = [line(headers, () => ['bold'])];
  if (columns.some((c) => c.unit !== '')) out.push(line(units, () => ['dim']));
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

/** A block of the summary table: its columns and the widths some of them are cut to. */
interface Block<Row> {
  columns: Column<Row>[];
  maxWidths: (number | undefined)[];
}

/** The narrowest a cut text column gets (an ellipsis and a few characters). */
const MIN_CUT = 8;
/** The narrowest the alternative's name is cut to. */
const MIN_NAME = 12;
/** Room enough to show a cut text column in a block that already has columns. */
const MIN_TEXT = 24;

/**
 * Splits the summary columns into blocks no wider than `maxWidth`: the whole table when it fits;
 * else the deciding columns first (the alternative's name cut to a third of the width if need be),
 * then the rest packed in order into further blocks that repeat the rank and name. A column too
 * wide for a block of its own (a long platform) is cut with an ellipsis. Columns it does not know
 * (a metric added later) are packed like any other.
 */
export function summaryBlocks<Row>(columns: Column<Row>[], rows: Row[], maxWidth: number, deciding: Set<string>): Block<Row>[] {
  const natural = naturalWidths(columns, rows);
  if (lineWidth(natural) <= maxWidth) return [{ columns, maxWidths: columns.map(() => undefined) }];
  const anchors = columns.filter((c) => c.id === 'rank' || c.id === 'alternative');
  const w = new Map(columns.map((c, i) => [c, natural[i]]));
  const first = columns.filter((c) => !anchors.includes(c) && deciding.has(c.id));
  const nameCol = columns.find((c) => c.id === 'alternative');
  if (nameCol) {
    // A third of the width at most, less if that keeps the deciding columns on one line.
    const others = lineWidth([...anchors.filter((c) => c !== nameCol), ...first].map((c) => w.get(c)!)) + GAP;
    w.set(nameCol, Math.min(w.get(nameCol)!, Math.max(MIN_NAME, Math.min(Math.floor(maxWidth / 3), maxWidth - others))));
  }
  const anchorWidth = lineWidth(anchors.map((c) => w.get(c)!));
  // The platform is long and descriptive: last, where it can be cut without hiding a figure.
  const others = columns.filter((c) => !anchors.includes(c) && !deciding.has(c.id));
  const rest = [...others.filter((c) => c.id !== 'platform'), ...others.filter((c) => c.id === 'platform')];
  const naturalOf = (c: Column<Row>) => natural[columns.indexOf(c)];
  const blocks: Block<Row>[] = [];
  let current: Column<Row>[] = [];
  let used = anchorWidth;
  const flush = () => {
    if (current.length === 0) return;
    const cols = [...anchors, ...current];
    blocks.push({ columns: cols, maxWidths: cols.map((c) => (w.get(c)! < naturalOf(c) ? w.get(c) : undefined)) });
    current = [];
    used = anchorWidth;
  };
  const place = (c: Column<Row>) => {
    const room = maxWidth - used - GAP;
    // Left-aligned text (the platform) is cut into the room left rather than opening a block for it.
    if (w.get(c)! > room && c.align === 'left' && room >= MIN_TEXT && current.length > 0) w.set(c, room);
    if (w.get(c)! > room && current.length > 0) flush();
    // Alone beside the anchors and still too wide: cut it to what is left.
    if (used + GAP + w.get(c)! > maxWidth) w.set(c, Math.max(MIN_CUT, maxWidth - used - GAP));
    current.push(c);
    used += GAP + w.get(c)!;
  };
  for (const c of first) place(c);
  flush();
  for (const c of rest) place(c);
  flush();
  return blocks;
}

/** Words of `text` wrapped to lines of at most `maxWidth` columns (a longer word is cut). */
export function wrapText(text: string, maxWidth: number, indent = ''): string[] {
  const room = Math.max(MIN_CUT, maxWidth - width(indent));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (width(candidate) <= room) line = candidate;
    else {
      if (line !== '') lines.push(line);
      line = clip(word, room);
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => indent + l);
}

/** Line items cut to fit: the description gives way first. */
function lineItemTable(items: LineItem[], paint: Paint, maxWidth: number | undefined): string[] {
  const indent = '  ';
  if (maxWidth === undefined) return alignedTable(LINE_ITEM_COLUMNS, items, paint, { indent });
  const natural = naturalWidths(LINE_ITEM_COLUMNS, items);
  const over = lineWidth(natural) + indent.length - maxWidth;
  const d = LINE_ITEM_COLUMNS.findIndex((c) => c.id === 'description');
  const maxWidths = LINE_ITEM_COLUMNS.map((_, i) => (i === d && over > 0 ? Math.max(MIN_CUT, natural[i] - over) : undefined));
  return alignedTable(LINE_ITEM_COLUMNS, items, paint, { indent, maxWidths });
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

export interface TableOptions {
  color: boolean;
  /**
   * The terminal's width in columns: the table is split into blocks that fit (deciding columns
   * first) and prose is wrapped, so no row wraps. Undefined: one table however wide (`--wide`).
   */
  width?: number;
}

/** The width the CLI renders for: the terminal's columns, or 100 when stdout is not a terminal. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 100;
}

export function renderTable(result: ComparisonResult, opts: TableOptions): string {
  const paint = painter(opts.color);
  const rows = summaryRows(result);
  const maxWidth = opts.width;
  const prose = (text: string, indent = ''): string[] => (maxWidth === undefined ? [indent + text] : wrapText(text, maxWidth, indent));
  const out: string[] = [...prose(scenarioLine(result)).map((l) => paint(l, 'bold')), ''];
  const columns = summaryColumns(result);
  const blocks = maxWidth === undefined ? [{ columns, maxWidths: columns.map(() => undefined) }] : summaryBlocks(columns, rows, maxWidth, decidingColumnIds(result));
  blocks.forEach((block, i) => {
    if (i === 1) out.push('', paint('More columns (capsim run --wide, or capsim report --wide, prints one table):', 'dim'));
    if (i > 0) out.push('');
    out.push(...alignedTable(block.columns, rows, paint, { emphasise: (r) => r.recommended, maxWidths: block.maxWidths }));
  });
  const notes = verdictNotes(result);
  if (notes.length > 0) out.push('', ...notes.flatMap((n) => prose(n)).map((l) => paint(l, 'dim')));
  out.push('', ...prose(recommendationSentence(result)).map((l) => paint(l, result.recommended ? 'green' : 'red', 'bold')), '');
  const placement = placementFailureLines(result);
  if (placement.length > 0) {
    out.push(...prose(PLACEMENT_FAILURES_LEAD).map((l) => paint(l, 'bold')));
    for (const p of placement) out.push(...prose(`${p.alt}: ${p.text}`, '  '));
    out.push('');
  }
  out.push(paint('Line items', 'bold'));
  for (const row of rows) {
    const alt = row.alt;
    const head = `${alt.name}  ${alt.platform}  total ${formatUsd(alt.cost.totalUsd)}`;
    if (maxWidth !== undefined && width(head) > maxWidth) {
      out.push('', `${paint(clip(alt.name, maxWidth), 'bold', 'cyan')}`, ...prose(`${alt.platform}  total ${formatUsd(alt.cost.totalUsd)}`, '  '));
    } else {
      out.push('', `${paint(alt.name, 'bold', 'cyan')}  ${paint(alt.platform, 'dim')}  total ${paint(formatUsd(alt.cost.totalUsd), 'bold')}`);
    }
    if (alt.cost.lineItems.length === 0) out.push(paint('  (no billed line items)', 'dim'));
    else out.push(...lineItemTable(alt.cost.lineItems, paint, maxWidth));
    if (commitmentSaves(alt)) out.push(...prose(commitmentLine(alt), '  ').map((l) => paint(l, 'green')));
  }
  const caveats = [...new Set(rows.filter((r) => commitmentSaves(r.alt)).map((r) => commitmentCaveat(r.alt.commitments.recommendation.note)))].filter(Boolean);
  if (caveats.length > 0) out.push('', ...prose(`Commitment recommendations: ${caveats.join(' ')}`).map((l) => paint(l, 'dim')));
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
