// `costs.csv`: the hourly ledger, one row per alternative × clock hour × line item, the amount as
// exact decimal text (as results.json's `usdExact`), so a line item's rows add up to its
// `usdExact` exactly. Hours in order, each hour's line items in results.json's order, every hour
// written (0 included). `parseCostsCsv` reads it back for `capsim report`, checking it against
// results.json: the ledger cannot be recomputed from a saved run (it needs the meters).

import { Decimal } from 'decimal.js';
import type { AlternativeResult, HourlyCosts } from '../domain/result.js';
import { CsvFormatError, readRows } from './csv.js';
import { csvText, csvTextValue } from './csv-text.js';

export const COSTS_FILE = 'costs.csv';
const COSTS_HEADER = ['alternative', 'hour', 'line_item', 'usd'];

/** Characters per chunk: a year of four alternatives is ~350,000 rows. */
const CHUNK_CHARS = 1 << 20;

/** Every alternative has a ledger to write (a saved report without costs.csv has none). */
export function hasHourlyCosts(alternatives: readonly Pick<AlternativeResult, 'hourlyCosts'>[]): boolean {
  return alternatives.length > 0 && alternatives.every((a) => a.hourlyCosts !== undefined);
}

/** costs.csv as text chunks; its text cells (names, ids) are spreadsheet-safe (csv-text.ts). */
export function* costsCsvChunks(alternatives: readonly Pick<AlternativeResult, 'name' | 'hourlyCosts'>[]): Generator<string> {
  yield `${COSTS_HEADER.join(',')}\n`;
  let lines: string[] = [];
  let size = 0;
  for (const alt of alternatives) {
    const ledger = alt.hourlyCosts;
    if (!ledger) continue;
    const name = csvText(alt.name);
    const ids = ledger.items.map((item) => csvText(item.id));
    for (let h = 0; h < ledger.hours; h++) {
      for (let i = 0; i < ledger.items.length; i++) {
        const line = `${name},${h},${ids[i]},${ledger.items[i].usd[h]}\n`;
        lines.push(line);
        size += line.length;
      }
      if (size >= CHUNK_CHARS) {
        yield lines.join('');
        lines = [];
        size = 0;
      }
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/** costs.csv as one string (tests, small runs). */
export function costsCsv(alternatives: readonly Pick<AlternativeResult, 'name' | 'hourlyCosts'>[]): string {
  return [...costsCsvChunks(alternatives)].join('');
}

/** Sums at any precision a ledger's amounts can need (see billing/hourly.ts). */
const Exact = Decimal.clone({ precision: 1_000 });
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * costs.csv back into each alternative's ledger, checked against the saved results: the same
 * alternatives, every hour of the run (`hours`) for every line item, in results.json's order, and
 * each item's hours adding up to its `usdExact` (else the files are from different runs).
 */
export function parseCostsCsv(text: string, file: string, alternatives: readonly Pick<AlternativeResult, 'name' | 'cost'>[], hours: number): Map<string, HourlyCosts> {
  const byName = new Map(alternatives.map((a) => [a.name, new Map(a.cost.lineItems.map((item, k) => [item.id, k]))]));
  const cells = new Map<string, (string | undefined)[][]>();
  readRows(text, file, COSTS_HEADER).forEach((row, i) => {
    const line = i + 2;
    const [name, hourText, id, usd] = row.map((cell, j) => (j === 0 || j === 2 ? csvTextValue(cell) : cell));
    const items = byName.get(name);
    if (!items) throw new CsvFormatError(file, `row ${line}: alternative "${name}" is not in results.json`);
    const k = items.get(id);
    if (k === undefined) throw new CsvFormatError(file, `row ${line}: "${name}" has no line item "${id}" in results.json`);
    const hour = Number(hourText);
    if (!/^\d+$/.test(hourText) || hour >= hours) throw new CsvFormatError(file, `row ${line}: hour is "${hourText}"; allowed: a whole number from 0 to ${hours - 1}`);
    if (!DECIMAL.test(usd)) throw new CsvFormatError(file, `row ${line}: usd is "${usd}", not a decimal number`);
    let table = cells.get(name);
    if (!table) cells.set(name, (table = [...items.keys()].map(() => new Array<string | undefined>(hours))));
    if (table[k][hour] !== undefined) throw new CsvFormatError(file, `row ${line}: a second row for "${name}", hour ${hour}, ${id}`);
    table[k][hour] = usd;
  });
  const out = new Map<string, HourlyCosts>();
  for (const alt of alternatives) {
    const table = cells.get(alt.name);
    if (!table && alt.cost.lineItems.length > 0) throw new CsvFormatError(file, `no rows for alternative "${alt.name}"`);
    const items = alt.cost.lineItems.map((item, k) => {
      const usd = table![k];
      const missing = usd.findIndex((u) => u === undefined);
      if (missing >= 0) throw new CsvFormatError(file, `"${alt.name}" has no row for ${item.id} in hour ${missing}`);
      const sum = (usd as string[]).reduce((s, u) => s.plus(u), new Exact(0));
      if (!sum.eq(item.usdExact)) throw new CsvFormatError(file, `the hours of "${alt.name}" ${item.id} add up to ${sum.toFixed()}, but results.json has ${item.usdExact}: files from different runs?`);
      return { id: item.id, usd: usd as string[] };
    });
    out.set(alt.name, { hours, items });
  }
  return out;
}
