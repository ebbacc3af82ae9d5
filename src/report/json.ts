// `results.json`: the ComparisonResult without its per-minute `series` (those go to
// timeseries.csv) and its hourly ledger (costs.csv), canonical so the same result always gives the same bytes: keys sorted at every
// level (schemaVersion hoisted first so a reader sees it at once), two-space indent, trailing newline.
// `loadSavedResult` reads a saved report directory back into a full ComparisonResult.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCHEMA_VERSION, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import { CsvFormatError, parseEventsCsv } from './csv.js';
import { parseTimeseriesCsv } from './csv-read.js';
import { COSTS_FILE, parseCostsCsv } from './costs-csv.js';

export const RESULTS_FILE = 'results.json';
export const TIMESERIES_FILE = 'timeseries.csv';
export const EVENTS_FILE = 'events.csv';

/** What results.json holds: the result with `series` and `hourlyCosts` left out of every alternative. */
export type SavedAlternative = Omit<AlternativeResult, 'series' | 'hourlyCosts'>;
export type SavedResult = Omit<ComparisonResult, 'alternatives'> & { alternatives: SavedAlternative[] };

export function withoutSeries(result: ComparisonResult): SavedResult {
  return {
    ...result,
    alternatives: result.alternatives.map(({ series: _series, hourlyCosts: _hourly, ...rest }) => rest),
  };
}

/** Deep copy with object keys in sorted order; arrays keep their order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  // JSON has no NaN or Infinity; write null as JSON.stringify would, but say so here.
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function resultsJson(result: ComparisonResult): string {
  const body = canonical(withoutSeries(result)) as Record<string, unknown>;
  const { schemaVersion, ...rest } = body;
  return JSON.stringify({ schemaVersion, ...rest }, null, 2) + '\n';
}

/** A saved report that cannot be loaded; the message names the file at fault. */
export class ReportLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ReportLoadError';
  }
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportLoadError(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${(err as Error).message})`);
  }
}

function readText(file: string): string {
  return readBytes(file).toString('utf8');
}

function parseSaved(file: string): SavedResult {
  let data: unknown;
  try {
    data = JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof ReportLoadError) throw err;
    throw new ReportLoadError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ReportLoadError(file, 'expected a JSON object');
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new ReportLoadError(
      file,
      version === undefined
        ? 'no schemaVersion: not a capsim results.json'
        : `schemaVersion ${JSON.stringify(version)} is not supported (this capsim reads ${SCHEMA_VERSION})`,
    );
  }
  const alternatives = (data as { alternatives?: unknown }).alternatives;
  if (!Array.isArray(alternatives) || alternatives.some((a) => typeof a?.name !== 'string')) {
    throw new ReportLoadError(file, 'alternatives must be an array of objects with a name');
  }
  return data as SavedResult;
}

/** Reads `results.json` alone (no series): enough to diff two runs. `path` is the file or its directory. */
export function loadResultsJson(path: string): SavedResult {
  return parseSaved(path.endsWith('.json') ? path : join(path, RESULTS_FILE));
}

/**
 * Reads `results.json` and its sibling `timeseries.csv`, `events.csv` and `costs.csv` back into a
 * full result. `path` is the results.json file or the report directory holding it. A report saved
 * before costs.csv existed loads without the hourly ledger (re-rendered, it has no costs.csv).
 */
export function loadSavedResult(path: string): ComparisonResult {
  const file = path.endsWith('.json') ? path : join(path, RESULTS_FILE);
  const dir = dirname(file);
  const saved = parseSaved(file);
  const seriesFile = join(dir, TIMESERIES_FILE);
  const eventsFile = join(dir, EVENTS_FILE);
  const costsFile = join(dir, COSTS_FILE);
  const hours = Math.ceil(saved.scenario.horizonSeconds / 3600);
  let series, events, costs;
  try {
    series = parseTimeseriesCsv(readBytes(seriesFile), seriesFile);
    events = parseEventsCsv(readText(eventsFile), eventsFile);
    costs = existsSync(costsFile) ? parseCostsCsv(readText(costsFile), costsFile, saved.alternatives, hours) : null;
  } catch (err) {
    if (err instanceof CsvFormatError) throw new ReportLoadError(err.file, err.message.slice(err.file.length + 2));
    throw err;
  }
  const names = new Set(saved.alternatives.map((a) => a.name));
  for (const name of [...series.keys(), ...events.keys()]) {
    if (!names.has(name)) throw new ReportLoadError(series.has(name) ? seriesFile : eventsFile, `alternative "${name}" is not in ${file}`);
  }
  const alternatives = saved.alternatives.map((alt): AlternativeResult => {
    const s = series.get(alt.name);
    if (!s) throw new ReportLoadError(seriesFile, `no rows for alternative "${alt.name}"`);
    const ev = events.get(alt.name) ?? [];
    // results.json keeps the events too; disagreeing files come from two different runs.
    if (Array.isArray(alt.events) && alt.events.length !== ev.length) {
      throw new ReportLoadError(eventsFile, `${ev.length} events for "${alt.name}" but ${file} has ${alt.events.length}: files from different runs?`);
    }
    const hourly = costs?.get(alt.name);
    return { ...alt, events: ev, series: s, ...(hourly ? { hourlyCosts: hourly } : {}) };
  });
  return { ...saved, alternatives };
}
