// Text cells of capsim's CSV files, safe to open in a spreadsheet. A cell that starts with = + - @
// (or a tab or carriage return) is a formula to Excel, LibreOffice and Google Sheets, so scenario
// text such as an alternative named "=HYPERLINK(…)" could run when a reviewer opens events.csv.
// As OWASP recommends (CSV Injection), such a cell is prefixed with a single quote and quoted;
// quoting otherwise follows csv-stringify. A cell that already starts with a quote gets one more,
// so `csvTextValue` undoes the prefix exactly when capsim reads its own CSV back.

import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r']/;

/** One CSV cell holding `text`, neutralised if a spreadsheet would read it as a formula. */
export function csvText(text: string): string {
  const risky = FORMULA_START.test(text);
  return stringify([[risky ? `'${text}` : text]], { quoted: risky }).slice(0, -1);
}

/** The text of a cell written by `csvText` (after CSV parsing): the added quote removed. */
export function csvTextValue(cell: string): string {
  return /^'[=+\-@\t\r']/.test(cell) ? cell.slice(1) : cell;
}
