// A recorded rps trace, read from a CSV (`timestamp,rps` or `timestamp,count`) or from the JSON
// `aws cloudwatch get-metric-data` prints. A CSV is streamed in 64 KiB pieces and each row kept
// as two float64s (time, rate): 16 bytes a row, never the text. CloudWatch JSON is streamed too,
// through a streaming JSON parser that hands over one value at a time. Raw ALB access logs are not read here:
// docs/scenarios.md shows the one-line command that turns them into the `timestamp,count` form.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { JSONParser, TokenType } from '@streamparser/json';

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
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TIMESTAMP_ALLOWED = 'an ISO 8601 time such as 2026-03-02T14:05:00Z, or a number of seconds from the start, one kind in the whole file (hours 00–23, minutes and seconds 00–59: no leap second)';
const HEADER_ALLOWED = 'a first line "timestamp,rps" or "timestamp,count" (lines starting with # are comments)';

/** Seconds since the epoch of an ISO 8601 time, or NaN when it is not one (e.g. month 13, 30 February, 00:00:60). */
export function parseIsoSeconds(text: string): number {
  const m = ISO.exec(text);
  if (!m || isoOutOfRange(text) !== null) return NaN;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 30 February over to March: a time that does not round-trip is no date.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return NaN;
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
  }
  return ms / 1000 + (m[7] ? Number(m[7]) : 0) - offset;
}

/**
 * Which time-of-day field of an ISO-shaped time is out of range, e.g. "second 60 is not 00–59
 * (leap seconds are not supported)"; null when none is (or the text is not ISO-shaped). Date.UTC
 * would roll 00:00:60 over to 00:01:00 silently. Leap seconds are refused: the trace clock, like
 * POSIX time, has no 61st second, and 23:59:60 would land on the next day's 00:00:00.
 */
export function isoOutOfRange(text: string): string | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const field = (k: number) => Number(m[k] ?? 0);
  if (field(4) > 23) return `hour ${m[4]} is not 00–23`;
  if (field(5) > 59) return `minute ${m[5]} is not 00–59`;
  if (field(6) > 59) return `second ${m[6]} is not 00–59 (leap seconds are not supported)`;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3, 5)) > 59) return `offset ${zone} is not within ±23:59`;
  }
  return null;
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

/**
 * Reads a trace: `path` is opened, `shown` is how messages name it (as the scenario wrote it);
 * `metric` picks one of several CloudWatch metrics by Id or Label.
 */
export function readTrace(path: string, shown: string = path, opts: { metric?: string } = {}): TraceData {
  const where = 'a path relative to the scenario file\'s folder, e.g. traces/api.csv';
  try {
    const stat = statSync(path);
    // Not a device or a pipe: /dev/zero would stream forever, a FIFO block the load.
    if (!stat.isFile()) throw new TraceError(shown, 1, 1, 'the trace is not a regular file', where);
  } catch (err) {
    if (err instanceof TraceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new TraceError(shown, 1, 1, code === 'ENOENT' ? 'the trace file does not exist' : `cannot read the trace file: ${(err as Error).message}`, where);
  }
  if (/\.json$/i.test(path)) return readCloudWatch(path, shown, opts.metric);
  if (opts.metric !== undefined) throw new TraceError(shown, 1, 1, '`metric` applies to CloudWatch JSON traces only', 'no `metric` for a CSV trace, or a .json file');
  return readCsv(path, shown);
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
    if (!Number.isFinite(seconds)) {
      const range = isNumber ? null : isoOutOfRange(stamp);
      throw new TraceError(shown, lineNo, 1, range !== null ? `timestamp "${stamp.slice(0, 40)}" is not an ISO time: ${range}` : `timestamp "${stamp.slice(0, 40)}" is not an ISO time or a number of seconds`, TIMESTAMP_ALLOWED);
    }
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

/** Line and column (1-based) of a byte offset in a file, read again up to it (only when reporting an error). */
function positionInFile(path: string, offset: number): [number, number] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let line = 1;
    let lineStart = 0;
    let read = 0;
    // The bytes from the start of the offset's line, kept so its column counts characters, not bytes.
    let tail: Buffer[] = [];
    for (let n; read < offset && (n = readSync(fd, buf, 0, Math.min(CHUNK_BYTES, offset - read), null)) > 0; read += n) {
      let from = 0;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) {
        line++;
        lineStart = read + i + 1;
        from = i + 1;
        tail = [];
      }
      tail.push(Buffer.from(buf.subarray(from, n)));
    }
    const column = Buffer.concat(tail).toString('utf8').length + 1;
    return lineStart > offset ? [line, 1] : [line, column];
  } finally {
    closeSync(fd);
  }
}

/** One entry of MetricDataResults as it streams by: its id and label, and its points as float64s. */
class MetricResult {
  id: string | null = null;
  label: string | null = null;
  stamps = new Columns();
  values = new Columns();
}

/**
 * `aws cloudwatch get-metric-data` output, streamed (64 KiB pieces through @streamparser/json, only
 * Id, Label, Timestamps and Values kept, as float64s: 16 bytes a point, never the text). Each value
 * is the requests of one period (Sum of RequestCount or RequestCountPerTarget). With several
 * metrics in MetricDataResults, `metric` picks one by Id (or else by Label); CloudWatch lists the
 * newest first by default, so rows are sorted by time.
 */
function readCloudWatch(path: string, shown: string, metric: string | undefined): TraceData {
  const allowed = 'the JSON `aws cloudwatch get-metric-data` prints: { "MetricDataResults": [ { "Id": "m1", "Timestamps": [ISO times], "Values": [requests per period] } ] }';
  const results: MetricResult[] = [];
  /** Byte offsets of the first "MetricDataResults", "Timestamps" and "Values" keys (for messages), and of the last token. */
  const keyAt = new Map<string, number>();
  let tokenAt = 0;
  let points = 0;
  let failure: { offset: number; problem: string; allowed: string } | null = null;
  const fail = (offset: number, problem: string, what = allowed) => {
    failure = { offset, problem, allowed: what };
    throw new TraceError(shown, 1, 1, problem, what);
  };
  const parser = new JSONParser({ paths: ['$.MetricDataResults.*.Id', '$.MetricDataResults.*.Label', '$.MetricDataResults.*.Timestamps.*', '$.MetricDataResults.*.Values.*'], keepStack: false });
  parser.onToken = ({ token, value, offset }) => {
    tokenAt = offset;
    if (token === TokenType.STRING && (value === 'MetricDataResults' || value === 'Timestamps' || value === 'Values') && !keyAt.has(value)) keyAt.set(value, offset);
  };
  parser.onValue = ({ value, key, stack }) => {
    const r = (results[stack[2].key as number] ??= new MetricResult());
    const field = stack.length === 3 ? (key as string) : (stack[3].key as string);
    if (field === 'Id' || field === 'Label') {
      r[field === 'Id' ? 'id' : 'label'] = typeof value === 'string' ? value : JSON.stringify(value);
      return;
    }
    const i = key as number;
    const where = `MetricDataResults[${stack[2].key}].${field}[${i}]`;
    if (++points > MAX_TRACE_ROWS) fail(tokenAt, `more than ${MAX_TRACE_ROWS.toLocaleString('en-US')} data points`, 'a shorter trace, or longer periods');
    if (field === 'Timestamps') {
      const t = typeof value === 'string' ? parseIsoSeconds(value) : NaN;
      if (!Number.isFinite(t)) {
        const range = typeof value === 'string' ? isoOutOfRange(value) : null;
        fail(tokenAt, `${where} ${JSON.stringify(value)} is not an ISO time${range !== null ? `: ${range}` : ''}`, TIMESTAMP_ALLOWED);
      }
      r.stamps.push(i, t);
    } else {
      if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) fail(tokenAt, `${where} ${JSON.stringify(value)} is not a count ≥ 0`);
      r.values.push(i, value as number);
    }
  };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let read = 0;
    for (let n; (n = readSync(fd, buf, 0, CHUNK_BYTES, null)) > 0; read += n) {
      if (parser.isEnded) {
        if (buf.subarray(0, n).toString('utf8').trim() !== '') fail(read, 'not valid JSON: more after the end of the document');
        continue;
      }
      parser.write(buf.subarray(0, n));
    }
    if (!parser.isEnded) fail(read, 'not valid JSON: the document ends too early');
  } catch (err) {
    if (failure === null) {
      // The tokenizer names the byte it stopped at; the token parser stops at the last token read.
      const message = (err as Error).message;
      const absolute = /absolute position "(\d+)"/.exec(message);
      failure = { offset: absolute ? Number(absolute[1]) : tokenAt, problem: `not valid JSON: ${message.replace(/ at chunk position .*$/, '').replace(/ in state \w+$/, '')}`, allowed };
    }
    const f = failure as { offset: number; problem: string; allowed: string };
    throw new TraceError(shown, ...positionInFile(path, f.offset), f.problem, f.allowed);
  } finally {
    closeSync(fd);
  }
  const at = (key: string): [number, number] => (keyAt.has(key) ? positionInFile(path, keyAt.get(key)!) : [1, 1]);
  const present = results.filter(Boolean);
  if (present.length === 0) throw new TraceError(shown, ...at('MetricDataResults'), 'no MetricDataResults list with a result in it', allowed);
  const index = chooseResult(results, metric, (problem, what) => new TraceError(shown, ...at('MetricDataResults'), problem, what));
  const chosen = results[index];
  const name = `MetricDataResults[${index}]`;
  const { stamps, values } = chosen;
  if (stamps.length === 0 && values.length === 0) throw new TraceError(shown, ...at('MetricDataResults'), `${name} has no Timestamps and Values lists`, allowed);
  if (stamps.length !== values.length) throw new TraceError(shown, ...at('Values'), `${name} has ${stamps.length} Timestamps but ${values.length} Values`, allowed);
  if (stamps.length < 2) throw new TraceError(shown, ...at('Timestamps'), `${name} has ${stamps.length} data point${stamps.length === 1 ? '' : 's'}; a trace of counts needs two at least`, allowed);
  // stamps.times / values.times hold each point's index in its list, in order: values[i] pairs with stamps[i].
  const n = stamps.length;
  const order = new Uint32Array(n).map((_, i) => i);
  const t = stamps.values;
  let ascending = true;
  let descending = true;
  for (let i = 1; i < n; i++) {
    if (t[i] < t[i - 1]) ascending = false;
    if (t[i] > t[i - 1]) descending = false;
  }
  if (descending) order.reverse();
  else if (!ascending) order.sort((a, b) => t[a] - t[b]);
  const rows = new Columns();
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (k > 0 && t[i] === t[order[k - 1]]) throw new TraceError(shown, ...at('Timestamps'), `${name}.Timestamps has ${new Date(t[i] * 1000).toISOString()} twice`, 'each timestamp once');
    rows.push(t[i] - t[order[0]], values.values[i]);
  }
  return finish(rows, 'count', shown, 1);
}

/** Which result to replay: the only one, or the one whose Id (else Label) is `metric`; else an error naming the ids. */
function chooseResult(results: readonly (MetricResult | undefined)[], metric: string | undefined, error: (problem: string, allowed: string) => TraceError): number {
  const listed = results.flatMap((r, i) => (r ? [i] : []));
  const names = listed.map((i) => `${results[i]!.id ?? `[${i}] (no Id)`}${results[i]!.label !== null ? ` (label "${results[i]!.label}")` : ''}`).join(', ');
  const how = `\`metric:\` set to one of the Ids (or a Label that only one result has): ${names}`;
  if (metric === undefined) {
    if (listed.length === 1) return listed[0];
    throw error(`MetricDataResults has ${listed.length} metrics (${names}): say which to replay`, how);
  }
  const byId = listed.filter((i) => results[i]!.id === metric);
  if (byId.length === 1) return byId[0];
  const byLabel = listed.filter((i) => results[i]!.label === metric);
  if (byId.length === 0 && byLabel.length === 1) return byLabel[0];
  if (byId.length + byLabel.length === 0) throw error(`no metric with Id or Label "${metric}" in MetricDataResults; it has ${names}`, how);
  throw error(`"${metric}" is ambiguous: ${byId.length > 1 ? `${byId.length} results have that Id` : `${byLabel.length} results have that Label`} (${names})`, `\`metric:\` set to a unique Id: ${names}`);
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
