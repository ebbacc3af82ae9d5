// CSV exports at full resolution: `timeseries.csv` (one row per minute per alternative) and
// `events.csv`. A series cell prints the value the run holds (on its column's grid, see
// domain/series.ts), so a saved file reads back bit for bit; `loadSavedResult` relies on that.

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { AlternativeResult, ComparisonResult, EventKind, SimEvent } from '../domain/result.js';
import { FLOAT32_SIGNIFICANT_DIGITS, SERIES_COLUMNS, SERIES_DECIMALS, SERIES_FIELDS, float32Places, isFloat64Field, minuteSeconds } from '../domain/series.js';
import { MAX_NUMBER_BYTES, writeRounded, writeScaled, writeUint } from './ascii.js';
import { csvText, csvTextValue } from './csv-text.js';

export { SERIES_COLUMNS, SERIES_FIELDS, type SeriesField } from '../domain/series.js';

export const TIMESERIES_HEADER = ['alternative', 'minute', 't_seconds', ...SERIES_FIELDS.map((f) => SERIES_COLUMNS[f])];
const EVENTS_HEADER = ['alternative', 't_seconds', 'kind', 'detail'];

/** Shortest decimal that parses back to the same double (`String(x)`), NaN and ±Infinity spelled out. */
function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** timeseries.csv's alternative-name cell: quoted as csv-stringify quotes it, and never a spreadsheet formula. */
function cell(text: string): string {
  return csvText(text);
}

/** Bytes per chunk of timeseries.csv: big enough that a write call costs nothing, small enough to stay out of the way. */
const CHUNK_BYTES = 2 << 20;
const COMMA = 44;
const NEWLINE = 10;
const ZERO = 48;

/** A buffer of one chunk's size, for `alternativeCsvChunks` to reuse. */
export function chunkBuffer(): Buffer {
  return Buffer.allocUnsafe(CHUNK_BYTES);
}

/** timeseries.csv's header line. */
export function timeseriesCsvHeader(): Uint8Array {
  return Buffer.from(stringify([TIMESERIES_HEADER]));
}

/**
 * timeseries.csv in chunks of bytes, written from the columns straight into buffers: digits
 * go in as ASCII, with no string per cell and no joins (a year of four alternatives is about two
 * million rows of 27 cells). The alternative's cell is a text cell, quoted once per alternative.
 */
export function* timeseriesCsvChunks(result: ComparisonResult): Generator<Uint8Array> {
  yield timeseriesCsvHeader();
  for (const alt of result.alternatives) yield* alternativeCsvChunks(alt);
}

/**
 * One alternative's rows of timeseries.csv (no header). timeseries.csv is the header followed by
 * each alternative's rows, so a worker process can write its alternative's rows while others
 * still simulate (`TimeseriesJoin` joins them), and a thread can while this one simulates
 * (`TimeseriesWriter`). With `reuse`, every chunk is written into that one buffer, so a chunk
 * holds only until the next is asked for: for a writer that is done with each chunk by then (a
 * year of one alternative is ~40 chunks of 2 MB that are otherwise garbage at once). The rows
 * are minutes `firstMinute` on when `alt.series` is a window of the whole (`seriesWindow`).
 */
export function* alternativeCsvChunks(alt: Pick<AlternativeResult, 'name' | 'series'>, reuse?: Buffer, firstMinute = 0): Generator<Uint8Array> {
  const decimals = SERIES_FIELDS.map((f) => SERIES_DECIMALS[f]);
  const scale = decimals.map((d) => 10 ** d);
  // Below this magnitude a cell keeps all its decimals and its scaled value is an int32: for
  // float32 columns, six significant digits allow `decimals` places under 10^(6 − decimals); for
  // float64 ones, up to 2e9 / 10^decimals. Larger values, NaN and ±Infinity take writeRounded.
  const plain = SERIES_FIELDS.map((f, j) => (isFloat64Field(f) ? 2e9 / scale[j] : 10 ** (FLOAT32_SIGNIFICANT_DIGITS - decimals[j])));
  const float32 = SERIES_FIELDS.map((f) => !isFloat64Field(f));
  const lead = Buffer.from(`${cell(alt.name)},`);
  const rowBytes = lead.length + (SERIES_FIELDS.length + 2) * (MAX_NUMBER_BYTES + 1);
  const fresh = () => (reuse !== undefined && reuse.length >= rowBytes ? reuse : Buffer.allocUnsafe(Math.max(CHUNK_BYTES, rowBytes)));
  let buf = fresh();
  let pos = 0;
  // Most cells repeat the cell above (task counts hold for minutes): copy its bytes instead of
  // formatting the number again. prevAt[j] is where the row above wrote column j (-1: not in this buffer).
  const prevValue = new Float64Array(SERIES_FIELDS.length);
  const prevAt = new Int32Array(SERIES_FIELDS.length).fill(-1);
  const prevLen = new Int32Array(SERIES_FIELDS.length);
  const s = alt.series;
  const columns: ArrayLike<number>[] = SERIES_FIELDS.map((f) => s[f]);
  for (let m = 0; m < s.minutes; m++) {
    if (pos + rowBytes > buf.length) {
      yield buf.subarray(0, pos);
      buf = fresh();
      pos = 0;
      prevAt.fill(-1);
    }
    pos += lead.copy(buf, pos);
    pos = writeUint(buf, pos, firstMinute + m);
    buf[pos++] = COMMA;
    pos = writeUint(buf, pos, minuteSeconds(firstMinute + m));
    for (let j = 0; j < columns.length; j++) {
      buf[pos++] = COMMA;
      const x = columns[j][m];
      const at = prevAt[j];
      // Zero (not -0) is the most common cell by far: idle states, no drops, no instances.
      if (x === 0 && 1 / x > 0) buf[pos++] = ZERO;
      else if (at >= 0 && x === prevValue[j] && x !== 0) {
        // Same value as the row above (NaN never equals, ±0 never gets here): same bytes.
        const len = prevLen[j];
        prevAt[j] = pos;
        for (let k = 0; k < len; k++) buf[pos + k] = buf[at + k];
        pos += len;
      } else {
        const start = pos;
        if (x < plain[j] && x > -plain[j]) pos = writeScaled(buf, pos, Math.round(x * scale[j]), decimals[j]);
        else pos = writeRounded(buf, pos, x, float32[j] && Number.isFinite(x) ? float32Places(x, decimals[j]) : decimals[j]);
        prevValue[j] = x;
        prevAt[j] = start;
        prevLen[j] = pos - start;
      }
    }
    buf[pos++] = NEWLINE;
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/** Writes `bytes` whole at the file's position (a write may take only part of them). */
export function writeWhole(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/** An alternative's timeseries.csv rows (`alternativeCsvChunks`) at `path`, written under a temporary name and renamed when whole. */
export function writeAlternativeRows(path: string, alt: Pick<AlternativeResult, 'name' | 'series'>): void {
  const fd = openSync(`${path}.part`, 'w');
  try {
    for (const chunk of alternativeCsvChunks(alt, chunkBuffer())) writeWhole(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.part`, path);
}

/**
 * timeseries.csv put together at `path` from files that each hold one alternative's rows
 * (`alternativeCsvChunks`, written by worker processes), while the run goes on: the header first,
 * then each part as soon as it and every part before it are ready (`partReady`), each part
 * removed once copied. At the end of the run only the last alternative's rows are left to copy.
 */
export class TimeseriesJoin {
  private next = 0;
  private readonly ready = new Set<number>();
  private chain: Promise<void>;
  private handle: FileHandle | null = null;

  constructor(
    readonly path: string,
    private readonly parts: readonly string[],
  ) {
    this.chain = this.start();
    this.chain.catch(() => {}); // `finish` reports a failure; until then it is not unhandled.
  }

  /** Part `index` (an alternative's rows) is written whole. */
  partReady(index: number): void {
    this.ready.add(index);
    this.chain = this.chain.then(() => this.drain());
    this.chain.catch(() => {});
  }

  /** Waits for the copying; true when every part went in (false when some never became ready). */
  async finish(): Promise<boolean> {
    try {
      await this.chain;
    } finally {
      await this.handle?.close();
      this.handle = null;
    }
    return this.next === this.parts.length;
  }

  private async start(): Promise<void> {
    this.handle = await open(this.path, 'w');
    await this.handle.write(timeseriesCsvHeader());
  }

  private async drain(): Promise<void> {
    // A part ready out of order waits for the ones before it: nothing to copy yet.
    if (!this.ready.has(this.next)) return;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    while (this.ready.has(this.next)) {
      const part = await open(this.parts[this.next], 'r');
      try {
        for (;;) {
          const { bytesRead } = await part.read(buf, 0, CHUNK_BYTES, null);
          if (bytesRead === 0) break;
          for (let done = 0; done < bytesRead; ) done += (await this.handle!.write(buf, done, bytesRead - done)).bytesWritten;
        }
      } finally {
        await part.close();
      }
      await rm(this.parts[this.next], { force: true });
      this.next++;
    }
  }
}

/** timeseries.csv as one string (tests, small runs; big runs write the chunks). */
export function timeseriesCsv(result: ComparisonResult): string {
  return Buffer.concat([...timeseriesCsvChunks(result)]).toString('utf8');
}

/** events.csv; its text cells (names, details from the scenario) are spreadsheet-safe (csv-text.ts). */
export function eventsCsv(result: ComparisonResult): string {
  const lines = [stringify([EVENTS_HEADER])];
  for (const alt of result.alternatives) {
    const name = csvText(alt.name);
    for (const e of alt.events) lines.push(`${name},${num(e.t)},${csvText(e.kind)},${csvText(e.detail)}\n`);
  }
  return lines.join('');
}

/** A CSV that cannot be read back; `file` names it for the error message. */
export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

/** The rows of a CSV capsim wrote, after checking its header. */
export function readRows(text: string, file: string, header: string[]): string[][] {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new CsvFormatError(file, `not valid CSV (${(err as Error).message})`);
  }
  const head = rows.shift();
  const missing = header.filter((h, i) => head?.[i] !== h);
  if (!head || missing.length > 0) {
    throw new CsvFormatError(file, `expected the header "${header.join(',')}", found "${(head ?? []).join(',')}"`);
  }
  return rows;
}

export function parseNumber(cell: string, file: string, line: number, column: string): number {
  const x = Number(cell);
  if (cell.trim() === '' || (Number.isNaN(x) && cell !== 'NaN')) {
    throw new CsvFormatError(file, `row ${line}: ${column} is "${cell}", not a number`);
  }
  return x;
}

const EVENT_KINDS: ReadonlySet<string> = new Set<EventKind>([
  'task-launch', 'task-running', 'task-stopped', 'placement-failed', 'scaling', 'interruption',
  'instance-launch', 'instance-terminate', 'deployment',
]);

export function parseEventsCsv(text: string, file: string): Map<string, SimEvent[]> {
  const out = new Map<string, SimEvent[]>();
  readRows(text, file, EVENTS_HEADER).forEach((row, i) => {
    const [name, t, kind, detail] = row.map((cell, j) => (j === 1 ? cell : csvTextValue(cell)));
    if (!EVENT_KINDS.has(kind)) throw new CsvFormatError(file, `row ${i + 2}: unknown event kind "${kind}"`);
    const list = out.get(name) ?? [];
    list.push({ t: parseNumber(t, file, i + 2, 't_seconds'), kind: kind as EventKind, detail });
    out.set(name, list);
  });
  return out;
}

