// A recorded rps trace, read from a CSV (`timestamp,rps` or `timestamp,count`) or from the JSON
// `aws cloudwatch get-metric-data` prints. A CSV is streamed in 64 KiB pieces and each row kept
// as two float64s (time, rate): 16 bytes a row, never the text. CloudWatch JSON is one document
// and is parsed whole (it is bounded by MAX_JSON_BYTES). Raw ALB access logs are not read here:
// docs/scenarios.md shows the one-line command that turns them into the `timestamp,count` form.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The trace as the run keeps it: times from 0 (the first row) and rates in requests per second. */
export interface TraceData {
  /** Seconds from the first row, strictly increasing, times[0] = 0. */
  times: Float64Array;
  /** Requests per second from times[i] (a count row divided by its interval). */
  rates: Float64Array;
  /** The last row's interval (the spacing of the last two rows; 0 for a one-row rps trace). */
  lastIntervalSeconds: number;
}

/** A problem in a trace file, at a 1-based line and column of it. */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
    readonly allowed?: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'TraceError';
  }
}

const CHUNK_BYTES = 64 * 1024;
/** Longer than any row (a timestamp and a number); a longer "line" is not a trace (e.g. binary data). */
const MAX_LINE_CHARS = 4096;
/** 38 years of one-minute rows, 320 MB; more is refused at the row that passes it. */
export const MAX_TRACE_ROWS = 20_000_000;
/** A CloudWatch JSON is read whole; a month of one-minute periods is ~2 MB. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TIMESTAMP_ALLOWED = 'an ISO 8601 time such as 2026-03-02T14:05:00Z, or a number of seconds from the start, one kind in the whole file';
const HEADER_ALLOWED = 'a first line "timestamp,rps" or "timestamp,count" (lines starting with # are comments)';

/** Seconds since the epoch of an ISO 8601 time, or NaN when it is not one (e.g. month 13, 30 February). */
export function parseIsoSeconds(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 30 February over to March: a time that does not round-trip is no date.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) return NaN;
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
  }
  return ms / 1000 + (m[7] ? Number(m[7]) : 0) - offset;
}

/** Two growing float64 columns (doubling), trimmed to their length at the end. */
class Columns {
  times = new Float64Array(1024);
  values = new Float64Array(1024);
  length = 0;

  push(t: number, v: number): void {
    if (this.length === this.times.length) {
      const times = new Float64Array(this.length * 2);
      times.set(this.times);
      this.times = times;
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.times[this.length] = t;
    this.values[this.length++] = v;
  }
}

/** Reads a trace: `path` is opened, `shown` is how messages name it (as the scenario wrote it). */
export function readTrace(path: string, shown: string = path): TraceData {
  let size: number;
  const where = 'a path relative to the scenario file\'s folder, e.g. traces/api.csv';
  try {
    const stat = statSync(path);
    size = stat.size;
    // Not a device or a pipe: /dev/zero would stream forever, a FIFO block the load.
    if (!stat.isFile()) throw new TraceError(shown, 1, 1, 'the trace is not a regular file', where);
  } catch (err) {
    if (err instanceof TraceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new TraceError(shown, 1, 1, code === 'ENOENT' ? 'the trace file does not exist' : `cannot read the trace file: ${(err as Error).message}`, where);
  }
  if (/\.json$/i.test(path)) {
    if (size > MAX_JSON_BYTES) throw new TraceError(shown, 1, 1, `the JSON file is ${Math.round(size / 2 ** 20)} MiB, too large to read whole`, `at most ${MAX_JSON_BYTES / 2 ** 20} MiB of JSON, or the same data as a CSV (streamed)`);
    return readCloudWatch(readWhole(path), shown);
  }
  return readCsv(path, shown);
}

function readWhole(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const parts: Buffer[] = [];
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n; (n = readSync(fd, buf, 0, CHUNK_BYTES, null)) > 0; ) parts.push(Buffer.from(buf.subarray(0, n)));
    return Buffer.concat(parts).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The CSV, a line at a time from 64 KiB pieces (a line split across two pieces is joined). */
function readCsv(path: string, shown: string): TraceData {
  const fd = openSync(path, 'r');
  const rows = new Columns();
  let kind: 'rps' | 'count' | null = null;
  let iso: boolean | null = null;
  let origin = 0;
  let last = -Infinity;
  let lineNo = 0;
  const line = (raw: string) => {
    lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = text.trim();
    if (text.length > MAX_LINE_CHARS) throw new TraceError(shown, lineNo, 1, `a line of more than ${MAX_LINE_CHARS} characters: not a trace`, 'a CSV of short rows "timestamp,rps" or "timestamp,count"');
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (kind === null) {
      const header = trimmed.replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();
      if (header === 'timestamp,rps') kind = 'rps';
      else if (header === 'timestamp,count') kind = 'count';
      else throw new TraceError(shown, lineNo, 1, `header "${trimmed.slice(0, 40)}" is not a trace header`, HEADER_ALLOWED);
      return;
    }
    const comma = text.indexOf(',');
    if (comma < 0 || text.indexOf(',', comma + 1) >= 0) throw new TraceError(shown, lineNo, 1, `a row needs two fields, timestamp and ${kind}`, `e.g. "2026-03-02T14:05:00Z,120" or "60,120"`);
    const stamp = text.slice(0, comma).trim();
    const isNumber = NUMBER.test(stamp);
    const seconds = isNumber ? Number(stamp) : parseIsoSeconds(stamp);
    if (!Number.isFinite(seconds)) throw new TraceError(shown, lineNo, 1, `timestamp "${stamp.slice(0, 40)}" is not an ISO time or a number of seconds`, TIMESTAMP_ALLOWED);
    if (iso === null) {
      iso = !isNumber;
      origin = seconds;
    } else if (iso === isNumber) throw new TraceError(shown, lineNo, 1, `timestamp "${stamp.slice(0, 40)}" is ${isNumber ? 'a number of seconds' : 'an ISO time'} but the first row's is ${isNumber ? 'an ISO time' : 'a number of seconds'}`, TIMESTAMP_ALLOWED);
    if (seconds <= last) throw new TraceError(shown, lineNo, 1, `timestamp "${stamp.slice(0, 40)}" ${seconds === last ? 'repeats the row before' : 'is earlier than the row before'}`, 'timestamps in increasing order, each once');
    last = seconds;
    const field = text.slice(comma + 1).trim();
    const value = NUMBER.test(field) ? Number(field) : NaN;
    if (!(value >= 0) || !Number.isFinite(value)) throw new TraceError(shown, lineNo, comma + 2, `${kind} "${field.slice(0, 40)}" is not a number ≥ 0`, `a ${kind === 'rps' ? 'rate in requests per second' : 'count of requests in the interval'} ≥ 0, e.g. 120`);
    if (rows.length === MAX_TRACE_ROWS) throw new TraceError(shown, lineNo, 1, `more than ${MAX_TRACE_ROWS.toLocaleString('en-US')} rows`, 'a shorter trace, or its rows summed to longer intervals');
    rows.push(seconds - origin, value);
  };
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = '';
    for (let n; (n = readSync(fd, buf, 0, CHUNK_BYTES, null)) > 0; ) {
      // Decoding whole pieces could split a multi-byte character: decode up to the last newline only.
      const cut = buf.lastIndexOf(10, n - 1);
      if (cut < 0) {
        carry += buf.toString('utf8', 0, n);
        if (carry.length > MAX_LINE_CHARS) throw new TraceError(shown, lineNo + 1, 1, `a line of more than ${MAX_LINE_CHARS} characters: not a trace`, 'a CSV of short rows "timestamp,rps" or "timestamp,count"');
        continue;
      }
      const text = carry + buf.toString('utf8', 0, cut);
      carry = buf.toString('utf8', cut + 1, n);
      let start = 0;
      for (let nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1) line(text.slice(start, nl));
      line(text.slice(start));
    }
    if (carry !== '') line(carry);
  } finally {
    closeSync(fd);
  }
  if (kind === null) throw new TraceError(shown, Math.max(1, lineNo), 1, 'the trace is empty: no header', HEADER_ALLOWED);
  if (rows.length === 0) throw new TraceError(shown, lineNo + 1, 1, 'the trace has a header but no rows', 'at least one row (two for counts) after the header');
  return finish(rows, kind, shown, lineNo);
}

/** Trims the columns and turns counts into rates (count ÷ the interval up to the next row). */
function finish(rows: Columns, kind: 'rps' | 'count', shown: string, lastLine: number): TraceData {
  const n = rows.length;
  const times = rows.times.slice(0, n);
  const rates = rows.values.slice(0, n);
  const lastIntervalSeconds = n > 1 ? times[n - 1] - times[n - 2] : 0;
  if (kind === 'count') {
    if (n < 2) throw new TraceError(shown, lastLine, 1, 'a count trace needs two rows at least (a count is spread over the interval to the next row)', 'two or more rows, or the header "timestamp,rps"');
    for (let i = 0; i < n; i++) rates[i] /= i + 1 < n ? times[i + 1] - times[i] : lastIntervalSeconds;
  }
  return { times, rates, lastIntervalSeconds };
}

/** Line and column (1-based) of an offset in a text. */
function position(text: string, offset: number): [number, number] {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return [line, offset - start + 1];
}

/**
 * `aws cloudwatch get-metric-data` output: MetricDataResults[0] (the first result; ask for one
 * metric) with Timestamps and Values, each value the requests of one period (Sum of RequestCount
 * or RequestCountPerTarget). CloudWatch lists the newest first by default: rows are sorted by time.
 */
function readCloudWatch(text: string, shown: string): TraceData {
  const allowed = 'the JSON `aws cloudwatch get-metric-data` prints: { "MetricDataResults": [ { "Timestamps": [ISO times], "Values": [requests per period] } ] }';
  const at = (key: string): [number, number] => {
    const i = text.indexOf(`"${key}"`);
    return i < 0 ? [1, 1] : position(text, i);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const offset = /position (\d+)/.exec((err as Error).message);
    const [line, column] = offset ? position(text, Number(offset[1])) : [1, 1];
    throw new TraceError(shown, line, column, `not valid JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, allowed);
  }
  const results = (doc as { MetricDataResults?: unknown } | null)?.MetricDataResults;
  if (!Array.isArray(results) || results.length === 0) throw new TraceError(shown, ...at('MetricDataResults'), 'no MetricDataResults list with a result in it', allowed);
  const first = results[0] as { Timestamps?: unknown; Values?: unknown };
  const stamps = first?.Timestamps;
  const values = first?.Values;
  if (!Array.isArray(stamps) || !Array.isArray(values)) throw new TraceError(shown, ...at('MetricDataResults'), 'MetricDataResults[0] has no Timestamps and Values lists', allowed);
  if (stamps.length !== values.length) throw new TraceError(shown, ...at('Values'), `MetricDataResults[0] has ${stamps.length} Timestamps but ${values.length} Values`, allowed);
  if (stamps.length < 2) throw new TraceError(shown, ...at('Timestamps'), `MetricDataResults[0] has ${stamps.length} data point${stamps.length === 1 ? '' : 's'}; a trace of counts needs two at least`, allowed);
  const order = stamps.map((s, i) => {
    const t = typeof s === 'string' ? parseIsoSeconds(s) : NaN;
    if (!Number.isFinite(t)) throw new TraceError(shown, ...at('Timestamps'), `MetricDataResults[0].Timestamps[${i}] ${JSON.stringify(s)} is not an ISO time`, TIMESTAMP_ALLOWED);
    const v = values[i] as unknown;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new TraceError(shown, ...at('Values'), `MetricDataResults[0].Values[${i}] ${JSON.stringify(v)} is not a count ≥ 0`, allowed);
    return { t, v };
  });
  order.sort((a, b) => a.t - b.t);
  const rows = new Columns();
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && order[i].t === order[i - 1].t) throw new TraceError(shown, ...at('Timestamps'), `MetricDataResults[0].Timestamps has ${new Date(order[i].t * 1000).toISOString()} twice`, 'each timestamp once');
    rows.push(order[i].t - order[0].t, order[i].v);
  }
  return finish(rows, 'count', shown, 1);
}

/** What a record of the run (results.json, the scenario hash) keeps of a trace: no rows. */
export interface TraceSummary {
  rows: number;
  /** Last row's time + last interval: the loop period. */
  spanSeconds: number;
  /** sha256 of the rows as kept (times then rates, float64 in the platform's order, little-endian on Node's): a changed trace changes it. */
  sha256: string;
}

export function summariseTrace(trace: TraceData): TraceSummary {
  const hash = createHash('sha256');
  for (const column of [trace.times, trace.rates]) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  const n = trace.times.length;
  return { rows: n, spanSeconds: trace.times[n - 1] + trace.lastIntervalSeconds, sha256: `sha256:${hash.digest('hex')}` };
}
