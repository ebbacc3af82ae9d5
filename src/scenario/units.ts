// Human units in scenario files, resolved to capsim's base units: seconds, ECS CPU units
// (1024 per vCPU), MiB, requests per second and US dollars. A bare number takes the unit
// ECS itself uses for that field (CPU units, MiB, seconds), so task definitions paste in as-is.

import { closestNames } from '../catalog/index.js';
import { FieldError } from '../domain/errors.js';

type UnitTable = Record<string, number>;

const DURATION_UNITS: UnitTable = {
  ms: 0.001, s: 1, sec: 1, second: 1, seconds: 1,
  m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  y: 31536000, year: 31536000, years: 31536000,
};
const CPU_UNITS: UnitTable = { vcpu: 1024, vcpus: 1024, cpu: 1024, units: 1, unit: 1, 'cpu units': 1 };
const MEMORY_UNITS: UnitTable = { mib: 1, mb: 1, gib: 1024, gb: 1024, tib: 1024 * 1024, tb: 1024 * 1024 };
const STORAGE_UNITS: UnitTable = { gib: 1, gb: 1, tib: 1024, tb: 1024 };
const RATE_UNITS: UnitTable = { rps: 1, '/s': 1, 'req/s': 1, rpm: 1 / 60, '/m': 1 / 60, '/min': 1 / 60, rph: 1 / 3600, '/h': 1 / 3600 };

const BANDWIDTH_UNITS: UnitTable = { 'mb/s': 1, 'mib/s': 1, 'gb/s': 1024, 'gib/s': 1024, mbps: 1 / 8, gbps: 1024 / 8 };

/**
 * The largest value of each kind, in base units: beyond anything a scenario means (so a typo such
 * as 1e300 is named, not simulated). Run size (horizon × alternatives, tasks) is bounded
 * separately, with an estimate, by `estimateRun`.
 */
export const UNIT_MAX = {
  duration: { max: 1000 * 31_536_000, text: '1000 years' },
  cpu: { max: 1024 * 1024, text: '1024 vCPU' },
  memory: { max: 32 * 1024 * 1024, text: '32 TiB' },
  storage: { max: 1024 * 1024, text: '1 PiB' },
  rate: { max: 1e9, text: 'a billion requests per second' },
  bandwidth: { max: 10 * 1024 * 1024, text: '10 TiB/s' },
} as const;

type Limit = (typeof UNIT_MAX)[keyof typeof UNIT_MAX];

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z/ ]*?)\s*$/i;

/** ` (did you mean "rps"?)` for a near miss among `candidates`, or an empty string. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const near = closestNames(value, candidates, 1);
  return near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN (.nan) is not a number' : 'infinity (.inf) is not a number';
}

function parseQuantity(input: unknown, units: UnitTable, bareUnit: number, what: string, allowed: string, limit: Limit): number {
  let value: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new FieldError(`${what} must be a finite number: ${nonFinite(input)}`, allowed);
    value = input * bareUnit;
  } else {
    if (typeof input !== 'string') throw new FieldError(`${what} must be a number or a string with a unit`, allowed);
    const match = QUANTITY.exec(input);
    if (!match) throw new FieldError(`cannot read ${what} "${input}"`, allowed);
    const unit = match[2].toLowerCase();
    const factor = unit === '' ? bareUnit : units[unit];
    if (factor === undefined) throw new FieldError(`unknown unit "${match[2]}" for ${what}${didYouMean(unit, Object.keys(units))}`, allowed);
    value = Number(match[1]) * factor;
  }
  if (!(Math.abs(value) <= limit.max)) throw new FieldError(`${what} of ${String(input)} is out of range (at most ${limit.text})`, allowed);
  return value;
}

function nonNegative(value: number, what: string, allowed: string): number {
  if (value < 0) throw new FieldError(`${what} cannot be negative`, allowed);
  return value;
}

const COMPOUND_DURATION = /^\s*(?:\d+(?:\.\d+)?\s*[a-z]+\s*){2,}$/i;

/** "30s", "5m", "2h", "7d", "500ms", compounds like "3d 10h" or "1h30m", or a number of seconds. */
export function parseDuration(input: unknown): number {
  const allowed = 'a number of seconds or e.g. "500ms", "30s", "5m", "2h", "7d", "1w", "3d 10h"';
  if (typeof input === 'string' && COMPOUND_DURATION.test(input)) {
    let total = 0;
    for (const part of input.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi)) total += parseQuantity(`${part[1]} ${part[2]}`, DURATION_UNITS, 1, 'a duration', allowed, UNIT_MAX.duration);
    if (total > UNIT_MAX.duration.max) throw new FieldError(`a duration of ${input} is out of range (at most ${UNIT_MAX.duration.text})`, allowed);
    return total;
  }
  return nonNegative(parseQuantity(input, DURATION_UNITS, 1, 'a duration', allowed, UNIT_MAX.duration), 'a duration', allowed);
}

/** "0.5 vCPU", "2 vCPU", "512" (ECS CPU units) → CPU units. */
export function parseCpu(input: unknown): number {
  const allowed = 'ECS CPU units (e.g. 512) or vCPUs (e.g. "0.5 vCPU")';
  const units = parseQuantity(input, CPU_UNITS, 1, 'a CPU size', allowed, UNIT_MAX.cpu);
  if (units <= 0) throw new FieldError('a CPU size must be positive', allowed);
  if (!Number.isInteger(units)) throw new FieldError(`${units} CPU units is not a whole number`, allowed);
  return units;
}

/** "1 GB", "2048 MiB", "0.5 GB", "2048" (MiB as in ECS) → MiB. AWS's task "GB" is GiB. */
export function parseMemory(input: unknown): number {
  const allowed = 'MiB (e.g. 2048) or e.g. "2 GB", "512 MiB" (GB means GiB, as in ECS)';
  const mib = parseQuantity(input, MEMORY_UNITS, 1, 'a memory size', allowed, UNIT_MAX.memory);
  if (mib <= 0) throw new FieldError('a memory size must be positive', allowed);
  if (!Number.isInteger(mib)) throw new FieldError(`${mib} MiB is not a whole number of MiB`, allowed);
  return mib;
}

/** "30 GB", "200 GiB", or a number of GiB → GiB. */
export function parseStorage(input: unknown): number {
  const allowed = 'GiB (e.g. 30) or e.g. "30 GB"';
  return nonNegative(parseQuantity(input, STORAGE_UNITS, 1, 'a storage size', allowed, UNIT_MAX.storage), 'a storage size', allowed);
}

/** "400 rps", "24000 rpm", "400/s", or a number of requests per second. */
export function parseRate(input: unknown): number {
  const allowed = 'requests per second (e.g. 400) or e.g. "400 rps", "24000 rpm"';
  return nonNegative(parseQuantity(input, RATE_UNITS, 1, 'a request rate', allowed, UNIT_MAX.rate), 'a request rate', allowed);
}

/** "50 MB/s", "400 Mbps", "1 Gbps" or a number of MiB/s → MiB/s. */
export function parseBandwidth(input: unknown): number {
  const allowed = 'MiB/s (e.g. 50) or e.g. "50 MB/s", "400 Mbps", "1 Gbps"';
  const value = parseQuantity(input, BANDWIDTH_UNITS, 1, 'a bandwidth', allowed, UNIT_MAX.bandwidth);
  if (value <= 0) throw new FieldError('a bandwidth must be positive', allowed);
  return value;
}

/** "$0.04048", "0.04048" or a number → decimal string, exactly as written (never via a float product). */
export function parseUsd(input: unknown): string {
  const allowed = 'a non-negative amount in US dollars, e.g. 0.04048 or "$0.04048"';
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim().replace(/^\$/, '') : '';
  if (!/^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) {
    throw new FieldError(`cannot read a price from ${JSON.stringify(input)}`, allowed);
  }
  return text;
}

/** "20%", 0.2, or "0.2" → fraction. */
export function parseFraction(input: unknown): number {
  const allowed = 'a fraction between 0 and 1 (e.g. 0.3) or a percentage (e.g. "30%")';
  let value: number;
  if (typeof input === 'number') value = input;
  else if (typeof input === 'string' && /^\s*[\d.]+\s*%\s*$/.test(input)) value = Number(input.replace('%', '')) / 100;
  else if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) value = Number(input);
  else throw new FieldError(`cannot read a fraction from ${JSON.stringify(input)}`, allowed);
  if (!(value >= 0 && value <= 1)) throw new FieldError(`${value} is not between 0 and 1`, allowed);
  return value;
}

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0 && seconds >= 86400) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60}m`;
  return `${seconds}s`;
}
