// The Prices appendix: every rate a line item was billed at, with its unit and its source (URL and
// as-of date, as the line item carries them), once per distinct rate, naming the alternatives
// that used it. A reviewer checks a total against a price list with it.

import type { ComparisonResult } from '../domain/result.js';
import { summaryRows } from './columns.js';

export interface PriceRow {
  /** The line item's description (the first alternative's, in ranking order, for a shared rate). */
  item: string;
  usdPerUnit: string;
  unit: string;
  source: string;
  /** Alternatives billed at this rate, in ranking order. */
  usedBy: string[];
}

/** One row per distinct (description, rate, unit, source), in ranking order of first use. */
export function priceRows(result: ComparisonResult): PriceRow[] {
  const rows = new Map<string, PriceRow>();
  for (const { alt } of summaryRows(result)) {
    for (const li of alt.cost.lineItems) {
      const key = JSON.stringify([li.description, li.usdPerUnit, li.unit, li.source]);
      const row = rows.get(key);
      if (row) {
        if (!row.usedBy.includes(alt.name)) row.usedBy.push(alt.name);
      } else rows.set(key, { item: li.description, usdPerUnit: li.usdPerUnit, unit: li.unit, source: li.source, usedBy: [alt.name] });
    }
  }
  return [...rows.values()];
}

/** The appendix's lead-in (shared by report.md and report.html). */
export function pricesIntro(result: ComparisonResult): string {
  return (
    `Every rate the line items were billed at, as the rate card prints it, with its source and date. ` +
    `Catalog as of ${result.scenario.catalogAsOf} (the newest date of capsim's price tables); a rate set under the scenario's rates replaces the catalog's.`
  );
}
