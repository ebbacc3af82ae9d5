// Command-line flags checked like scenario fields: a bad value is one line naming the flag, what
// was given and what is allowed, and exit code 2. yargs hands every value over as the text typed
// (declared as strings), so "1.5", "abc" or "1e300" are refused here instead of being turned
// into NaN or a fraction that quietly does something else.

import { FieldError } from '../domain/errors.js';
import { parseGates, type Gate } from '../domain/gates.js';
import { MAX_SEED } from '../domain/scenario.js';

export class FlagError extends Error {
  constructor(
    readonly flag: string,
    message: string,
    readonly allowed: string,
  ) {
    super(`--${flag}: ${message}; allowed: ${allowed}`);
    this.name = 'FlagError';
  }
}

/** The one value of a flag: undefined when absent; refused when given twice or empty. */
function single(flag: string, value: unknown, allowed: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new FlagError(flag, `given ${value.length} times`, `${allowed}, once`);
  const text = String(value).trim();
  if (text === '') throw new FlagError(flag, 'needs a value', allowed);
  return text;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function integer(flag: string, value: unknown, min: number, max: number, allowed: string): number | undefined {
  const text = single(flag, value, allowed);
  if (text === undefined) return undefined;
  if (!DECIMAL.test(text)) throw new FlagError(flag, `"${text}" is not a number`, allowed);
  const n = Number(text);
  if (!(n >= min && n <= max)) throw new FlagError(flag, `${text} is out of range`, allowed);
  if (!Number.isInteger(n)) throw new FlagError(flag, `${text} is not a whole number`, allowed);
  return n;
}

/** `--seed`: the same range as a scenario's `seed` (a whole number that JSON and String() keep exact). */
export function seedFlag(value: unknown): number | undefined {
  return integer('seed', value, 0, MAX_SEED, `a whole number from 0 to ${MAX_SEED}`);
}

/** Worker threads; more than this is a typo, not a machine. */
export const MAX_JOBS = 1024;

/** `--jobs`: a positive whole number (the default is set by the command, not here). */
export function jobsFlag(value: unknown): number | undefined {
  return integer('jobs', value, 1, MAX_JOBS, `a whole number from 1 to ${MAX_JOBS}`);
}

/** `--tolerance`: a relative cost change, as a fraction (0.01) or a percentage ("1%"). */
export function toleranceFlag(value: unknown, baseline: unknown): number | undefined {
  const allowed = 'a fraction of at least 0 (e.g. 0.01) or a percentage (e.g. "1%")';
  const text = single('tolerance', value, allowed);
  if (text === undefined) return undefined;
  if (baseline === undefined) throw new FlagError('tolerance', 'applies only to a run with --baseline', '--baseline old/results.json --tolerance 0.01');
  const m = /^([+]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(%?)$/i.exec(text);
  if (!m) throw new FlagError('tolerance', `"${text}" is not a non-negative number`, allowed);
  const x = Number(m[1]) / (m[2] ? 100 : 1);
  if (!Number.isFinite(x)) throw new FlagError('tolerance', `${text} is out of range`, allowed);
  return x;
}

/** A path flag (`--out`, `--baseline`): present means non-empty. */
export function pathFlag(flag: string, value: unknown): string | undefined {
  return single(flag, value, 'a file or directory path');
}

/** `--fail-on`: regression gates, e.g. "cost>+5%,sloMinutes>+0" (domain/gates.ts). */
export function failOnFlag(value: unknown): Gate[] | undefined {
  const text = single('fail-on', value, 'gates such as "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0"');
  if (text === undefined) return undefined;
  try {
    return parseGates(text);
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    throw new FlagError('fail-on', err.message, err.allowed ?? '');
  }
}

/** capsim's on/off flags (`--wide`, `--color`, `--quiet`, `--parquet`). */
const SWITCHES = ['wide', 'color', 'quiet', 'parquet'];

/**
 * Refuses `--wide=maybe` and the like: yargs reads any text given to a boolean flag as true, so
 * a typo would pass unnoticed. `--flag`, `--no-flag`, `--flag=true` and `--flag=false` remain.
 */
export function checkSwitches(argv: readonly string[]): void {
  for (const arg of argv) {
    const m = /^--(?:no-)?([a-z-]+)=(.*)$/.exec(arg);
    if (m && SWITCHES.includes(m[1]) && m[2] !== 'true' && m[2] !== 'false') throw new FlagError(m[1], `"${m[2]}" is not on or off`, `--${m[1]}, --no-${m[1]}, --${m[1]}=true or --${m[1]}=false`);
  }
}
