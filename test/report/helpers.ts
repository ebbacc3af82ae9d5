// Shared by the report tests: the fixture written once per file, and a reader for displayed numbers.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComparisonResult } from '../../src/run/result.js';
import { resultsJson } from '../../src/report/json.js';
import { makeFixture } from './fixture.js';

let cached: ComparisonResult | undefined;
/** The fixture (built once per test file; treat as read-only). */
export function fixture(): ComparisonResult {
  return (cached ??= makeFixture());
}

const made: string[] = [];
// Reports of the fixture are ~10 MB each: remove this file's temporary directories when it ends.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `capsim-${prefix}-`));
  made.push(dir);
  return dir;
}

/** results.json as a reader would see it. */
export function savedJson(result: ComparisonResult): any {
  return JSON.parse(resultsJson(result));
}

/**
 * The number a cell shows and the precision it shows it with: `$1,234.56` → 1234.56 ± 0.005,
 * `48%` → 0.48 ± 0.005, `3 (0.015%)` → 3 ± 0.5 (the first number). Null for a dash.
 */
export function displayed(text: string): { value: number; halfUnit: number } | null {
  const m = /-?[\d,]*\.?\d+/.exec(text.replace(/<0\.001/, '0.001'));
  if (!m || text.trim() === '—') return null;
  const digits = m[0].replace(/,/g, '');
  const decimals = digits.includes('.') ? digits.split('.')[1].length : 0;
  const percent = text.slice(m.index + m[0].length).startsWith('%');
  const scale = percent ? 0.01 : 1;
  return { value: Number(digits) * scale, halfUnit: (0.5 * 10 ** -decimals) * scale };
}

/** Asserts that a displayed cell is the JSON value rounded to the digits shown. */
export function shows(text: string, value: number | null): boolean {
  const d = displayed(text);
  if (d === null || value === null) return d === null && value === null;
  return Math.abs(d.value - value) <= d.halfUnit + 1e-12;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * Checks one summary-table row (cells by column id, as displayed) against the alternative's
 * entry in results.json; returns the mismatches (empty when all agree).
 */
export function rowMismatches(cells: Record<string, string>, alt: any, rank: number): string[] {
  const paren = (t: string) => /\(([^)]*)\)/.exec(t)?.[1] ?? '';
  const checks: [string, boolean][] = [
    ['rank', cells.rank.trim() === String(rank)],
    ['alternative', cells.alternative.trim() === alt.name],
    ['platform', cells.platform.trim() === alt.platform],
    ['totalUsd', shows(cells.totalUsd, alt.cost.totalUsd) && /\.\d\d$/.test(cells.totalUsd.trim())],
    ['usdPerHour', shows(cells.usdPerHour, alt.cost.usdPerHour)],
    ['usdPerMonth', shows(cells.usdPerMonth, alt.cost.usdPerMonth)],
    ['usdPerMillionRequests', shows(cells.usdPerMillionRequests, alt.cost.usdPerMillionRequests)],
    ['avgTasks', shows(cells.avgTasks, alt.usage.avgTasks)],
    ['avgPaidVcpu', shows(cells.avgPaidVcpu, alt.usage.avgPaidVcpu)],
    ['avgUsedVcpu', shows(cells.avgUsedVcpu, alt.usage.avgUsedVcpu)],
    ['idleVcpuShare', shows(cells.idleVcpuShare, alt.usage.idleVcpuShare)],
    ['minutesOver', shows(cells.minutesOver, alt.slo.minutesOver) && shows(paren(cells.minutesOver), alt.slo.minutesOverShare)],
    ['dropped', shows(cells.dropped, alt.requests.dropped) && shows(paren(cells.dropped), alt.slo.droppedShare)],
    ['sloMet', cells.sloMet.trim() === (alt.slo.met ? '✓' : '✗')],
  ];
  return checks.filter(([, ok]) => !ok).map(([col]) => `${alt.name}.${col}: "${cells[col]}"`);
}
