// Reads timeseries.csv back into typed-array series by scanning its bytes, with no string per
// cell (a year of four alternatives is ~57 million): names are decoded only when they change,
// numbers read from their digits (Number() only for the unusual cell). RFC 4180 quoting.

import type { TimeSeries } from '../domain/result.js';
import { SERIES_COLUMNS, SERIES_FIELDS, createSeries, minuteSeconds } from '../domain/series.js';
import { CsvFormatError, TIMESERIES_HEADER, parseNumber } from './csv.js';
import { csvTextValue } from './csv-text.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** What `Scanner.cell` returns when the record (or the input) ends after the cell. */
const END = -1;

/** 10^i, exact. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * A plain decimal (`-12.345`, at most 15 digits) as Number() would read it: the digits are an
 * exact integer and one division by an exact power of ten rounds correctly. NaN for anything
 * else, which the caller hands to Number().
 */
function plainDecimal(b: Uint8Array, start: number, end: number): number {
  let p = start;
  const negative = b[p] === MINUS;
  if (negative) p++;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; p < end; p++) {
    const c = b[p];
    if (c >= ZERO && c <= NINE) {
      n = n * 10 + (c - ZERO);
      digits++;
    } else if (c === DOT && fraction < 0) fraction = digits;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const x = fraction < 0 || fraction === digits ? n : n / POW10[digits - fraction];
  return negative ? -x : x;
}

/** A cursor over CSV bytes: `cell()` reads one cell and leaves its span in start/end. */
class Scanner {
  pos = 0;
  start = 0;
  end = 0;
  quoted = false;
  /** Data row being read (the header is row 1), for messages. */
  row = 1;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {}

  /** Skips empty lines; false at the end of the input. */
  nextRecord(): boolean {
    const b = this.bytes;
    while (this.pos < b.length && (b[this.pos] === LF || b[this.pos] === CR)) this.pos++;
    return this.pos < b.length;
  }

  /** Reads one cell; returns COMMA when another cell follows in this record, else END. */
  cell(): number {
    const b = this.bytes;
    let p = this.pos;
    this.quoted = b[p] === QUOTE;
    if (this.quoted) {
      this.start = ++p;
      for (;;) {
        if (p >= b.length) throw this.invalid('a quoted cell is not closed');
        if (b[p] === QUOTE) {
          if (b[p + 1] !== QUOTE) break;
          p++;
        }
        p++;
      }
      this.end = p++;
    } else {
      this.start = p;
      while (p < b.length && b[p] !== COMMA && b[p] !== LF && b[p] !== CR) p++;
      this.end = p;
    }
    if (p >= b.length) {
      this.pos = p;
      return END;
    }
    const c = b[p];
    this.pos = p + 1;
    if (c === COMMA) return COMMA;
    if (c === CR && b[p + 1] === LF) this.pos++;
    if (c === CR || c === LF) return END;
    throw this.invalid('text after a quoted cell');
  }

  text(): string {
    const raw = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.start, this.end - this.start).toString('utf8');
    return this.quoted ? raw.replaceAll('""', '"') : raw;
  }

  /** The cell as a number; a cell that is not one is an error naming the row and column. */
  number(column: string): number {
    const x = this.quoted ? NaN : plainDecimal(this.bytes, this.start, this.end);
    return x === x ? x : parseNumber(this.text(), this.file, this.row, column);
  }

  /** True when the cell's bytes equal those at [start, end). */
  sameAs(start: number, end: number): boolean {
    if (end - start !== this.end - this.start) return false;
    const b = this.bytes;
    for (let i = 0; i < end - start; i++) if (b[start + i] !== b[this.start + i]) return false;
    return true;
  }

  tooFew(): CsvFormatError {
    return this.invalid(`too few cells, expected ${TIMESERIES_HEADER.length}`);
  }

  invalid(why: string): CsvFormatError {
    return new CsvFormatError(this.file, `not valid CSV (row ${this.row}: ${why})`);
  }
}

/** One alternative's columns while they are read, grown by doubling and trimmed at the end. */
class SeriesBuilder {
  series = createSeries(1024);
  /** The series' columns in SERIES_FIELDS order (float32 columns round as they store). */
  columns = columnsOf(this.series);
  minutes = 0;

  grow(): void {
    const bigger = createSeries(this.series.minutes * 2);
    for (const f of SERIES_FIELDS) (bigger[f] as Float32Array | Float64Array).set(this.series[f]);
    this.series = bigger;
    this.columns = columnsOf(bigger);
  }

  finish(): TimeSeries {
    const s = createSeries(this.minutes);
    for (const f of SERIES_FIELDS) (s[f] as Float32Array | Float64Array).set(this.series[f].subarray(0, this.minutes));
    return s;
  }
}

function columnsOf(s: TimeSeries): (Float32Array | Float64Array)[] {
  return SERIES_FIELDS.map((f) => s[f]);
}

function readHeader(scan: Scanner): void {
  const head: string[] = [];
  if (scan.nextRecord()) {
    let more = COMMA;
    while (more === COMMA) {
      more = scan.cell();
      head.push(scan.text());
    }
  }
  if (head.length !== TIMESERIES_HEADER.length || TIMESERIES_HEADER.some((h, i) => head[i] !== h)) {
    throw new CsvFormatError(scan.file, `expected the header "${TIMESERIES_HEADER.join(',')}", found "${head.join(',')}"`);
  }
}

/** Rebuilds each alternative's series from timeseries.csv (bytes or text); keyed by alternative name. */
export function parseTimeseriesCsv(input: Uint8Array | string, file: string): Map<string, TimeSeries> {
  const scan = new Scanner(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, file);
  readHeader(scan);
  const columns = SERIES_FIELDS.length;
  const names = SERIES_FIELDS.map((f) => SERIES_COLUMNS[f]);
  const builders = new Map<string, SeriesBuilder>();
  let name = '';
  let builder: SeriesBuilder | undefined;
  // The previous row's name cell: most rows repeat it, and then nothing is decoded.
  let nameStart = 0;
  let nameEnd = 0;
  let nameQuoted = false;
  while (scan.nextRecord()) {
    scan.row++;
    if (scan.cell() !== COMMA) throw scan.tooFew();
    if (!builder || scan.quoted !== nameQuoted || !scan.sameAs(nameStart, nameEnd)) {
      name = csvTextValue(scan.text());
      builder = builders.get(name);
      if (!builder) builders.set(name, (builder = new SeriesBuilder()));
      nameStart = scan.start;
      nameEnd = scan.end;
      nameQuoted = scan.quoted;
    }
    if (scan.cell() !== COMMA) throw scan.tooFew();
    const minute = scan.number('minute');
    if (minute !== builder.minutes) {
      throw new CsvFormatError(file, `row ${scan.row}: minute ${minute} of ${name} is out of order (expected ${builder.minutes})`);
    }
    if (scan.cell() !== COMMA) throw scan.tooFew();
    const t = scan.number('t_seconds');
    if (t !== minuteSeconds(minute)) throw new CsvFormatError(file, `row ${scan.row}: t_seconds ${t} of ${name} is not minute ${minute} × 60`);
    if (builder.minutes === builder.series.minutes) builder.grow();
    const cols = builder.columns;
    for (let j = 0; j < columns; j++) {
      const more = scan.cell();
      if (more !== COMMA && j < columns - 1) throw scan.tooFew();
      if (more === COMMA && j === columns - 1) throw scan.invalid(`too many cells, expected ${TIMESERIES_HEADER.length}`);
      // A float32 column rounds as it stores; the text was printed on a grid that survives that.
      cols[j][minute] = scan.number(names[j]);
    }
    builder.minutes++;
  }
  const out = new Map<string, TimeSeries>();
  for (const [key, b] of builders) out.set(key, b.finish());
  return out;
}
