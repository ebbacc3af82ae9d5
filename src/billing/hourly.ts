// The bill clock hour by clock hour (hour h is [3600 h, 3600 (h + 1)) s of the run, the last one
// cut at the horizon). Each meter, and the commitments engine, says how its line items fall on the
// hours with a driver: the exact $ of each hour, or whole ticks per hour priced as the line item
// prices them, or, for what AWS does not bill by the hour, weights to spread the amount by.
// `hourlyCosts` turns them into every line item's exact amount per hour; an item's hours add up
// to its `usdExact` exactly (decimal, at any precision), whatever the driver: hours are priced to
// `Dec`'s 60 digits as the line items are, and summed without rounding (`Exact`), and where an
// item's own 60-digit rounding leaves a difference (a few units in the 60th digit), the last
// hour with an amount carries it. Rounding is left to the readers.

import type { HourlyCosts, LineItem } from '../domain/result.js';
import { Decimal } from 'decimal.js';
import { Dec } from './money.js';
import { secondsInHour } from './usage.js';

export type HourlyDriver =
  /** The line item's exact $ in each hour (a Spot price trace, fees, tiers). */
  | { kind: 'usd'; usd: readonly Dec[] }
  /**
   * Whole ticks per hour (unit-seconds in the line item's units), each worth `usd / divisor` $,
   * as the line item prices its total: hour = ticks × usd / divisor. `parts`: hours whose
   * quantity is not whole ticks (a Savings Plan covered part of the hour), as exact ticks.
   */
  | { kind: 'ticks'; ticks: ArrayLike<number>; usd: Dec; divisor: number; parts?: ReadonlyMap<number, Dec> }
  /** Not billed by the hour: the amount is spread in proportion to `weights` (each such item says why). */
  | { kind: 'share'; weights: ArrayLike<number> | readonly Dec[] };

/** Drivers by line-item id. */
export type HourlyDrivers = Map<string, HourlyDriver>;

/** The run's clock hours: how many, and the seconds of the run in the last one (1–3600). */
export interface ClockHours {
  hours: number;
  lastHourSeconds: number;
}

export interface HourlyLedger {
  costs: HourlyCosts;
  /** Each hour's total over the line items, exact. */
  hourTotals: Decimal[];
  /**
   * Line items whose amount was spread rather than priced hour by hour: a `share` driver, no
   * driver (spread by the seconds of each hour), or a driver whose hours did not add up to the
   * item (a rounding the driver does not follow; spread by the driver's own amounts).
   */
  spread: string[];
}

const ZERO = new Dec(0);

/**
 * Sums and differences without rounding: hour amounts have 60 significant digits at magnitudes
 * from dollars down to 1e-60, so their exact sum needs ~130 digits; far below this precision.
 */
const Exact = Decimal.clone({ precision: 1_000, rounding: Decimal.ROUND_HALF_UP });
type Exact = InstanceType<typeof Exact>;
const EXACT_ZERO = new Exact(0);

function exactSum(values: readonly Dec[]): Exact {
  let sum = EXACT_ZERO;
  for (const v of values) if (!v.isZero()) sum = sum.plus(v);
  return sum;
}

/** Beyond this share of the amount, hours that do not add up are a driver that does not follow the bill, not arithmetic noise (60 digits). */
const NOISE = new Dec('1e-40');

/** Spreads `total` over the hours in proportion to `weights`; the last hour with weight takes what is left, so the hours add up exactly. */
function share(total: Dec, weights: readonly Dec[]): Exact[] {
  const sum = exactSum(weights);
  const out: Exact[] = weights.map(() => EXACT_ZERO);
  if (sum.isZero()) return out;
  let last = -1;
  for (let h = weights.length - 1; h >= 0 && last < 0; h--) if (!weights[h].isZero()) last = h;
  let given = EXACT_ZERO;
  for (let h = 0; h < last; h++) {
    if (weights[h].isZero()) continue;
    out[h] = new Exact(total.times(weights[h]).div(sum));
    given = given.plus(out[h]);
  }
  out[last] = new Exact(total).minus(given);
  return out;
}

/** The driver's own amount for each hour. */
function amounts(driver: Exclude<HourlyDriver, { kind: 'share' }>, hours: number): Dec[] {
  if (driver.kind === 'usd') return Array.from({ length: hours }, (_, h) => driver.usd[h] ?? ZERO);
  const { ticks, usd, divisor, parts } = driver;
  // Hours with the same ticks cost the same: a steady fleet prices each distinct hour once.
  const priced = new Map<number, Dec>();
  const out: Dec[] = new Array(hours);
  for (let h = 0; h < hours; h++) {
    const part = parts?.get(h);
    if (part !== undefined) {
      out[h] = part.times(usd).div(divisor);
      continue;
    }
    const t = h < ticks.length ? ticks[h] : 0;
    let a = priced.get(t);
    if (a === undefined) priced.set(t, (a = t === 0 ? ZERO : new Dec(t).times(usd).div(divisor)));
    out[h] = a;
  }
  return out;
}

function asDec(weights: ArrayLike<number> | readonly Dec[], hours: number): Dec[] {
  return Array.from({ length: hours }, (_, h) => {
    const w = h < weights.length ? weights[h] : 0;
    return typeof w === 'number' ? (w === 0 ? ZERO : new Dec(w)) : w;
  });
}

/**
 * One line item's exact amount in each hour, adding up to `usdExact`; `spread` when it was not
 * priced hour by hour. The last hour with an amount takes the sum's last digits (60-digit noise).
 */
export function hourlyAmounts(usdExact: Dec, driver: HourlyDriver | undefined, clock: ClockHours): { usd: Exact[]; spread: boolean } {
  const { hours } = clock;
  const bySeconds = () => Array.from({ length: hours }, (_, h) => new Dec(secondsInHour(clock, h)));
  if (driver === undefined) return { usd: share(usdExact, bySeconds()), spread: true };
  if (driver.kind === 'share') {
    const weights = asDec(driver.weights, hours);
    return { usd: share(usdExact, weights.some((w) => !w.isZero()) ? weights : bySeconds()), spread: true };
  }
  const priced = amounts(driver, hours);
  const usd = priced.map((a) => (a.isZero() ? EXACT_ZERO : new Exact(a)));
  const sum = exactSum(priced);
  const rest = new Exact(usdExact).minus(sum);
  if (rest.isZero()) return { usd, spread: false };
  const scale = Exact.max(1, usdExact.abs(), sum.abs());
  let last = -1;
  for (let h = hours - 1; h >= 0 && last < 0; h--) if (!usd[h].isZero()) last = h;
  if (last >= 0 && rest.abs().lte(scale.times(NOISE))) {
    usd[last] = usd[last].plus(rest);
    return { usd, spread: false };
  }
  return { usd: share(usdExact, priced.some((a) => !a.isZero()) ? priced : bySeconds()), spread: true };
}

/**
 * `hourlyAmounts` for a ticks driver, hour by hour, without arrays of decimals (a year of a
 * varying fleet is 8,760 of them per item, which, held for the item, reached the old generation
 * and grew a year's run by ~40 MB at its peak): the hour's text and its share of the hour totals,
 * or null when the hours do not add up to the item within 60-digit noise (the caller spreads it).
 */
function tickHours(usdExact: Dec, driver: Extract<HourlyDriver, { kind: 'ticks' }>, hours: number, hourTotals: Exact[], text: (a: Exact) => string): string[] | null {
  const { ticks, usd, divisor, parts } = driver;
  let cachedTicks = NaN;
  let cached = ZERO;
  const amount = (h: number): Dec => {
    const part = parts?.get(h);
    if (part !== undefined) return part.times(usd).div(divisor);
    const t = h < ticks.length ? ticks[h] : 0;
    if (t === 0) return ZERO;
    // Hours with the same ticks cost the same: a steady fleet prices its hour once.
    if (t !== cachedTicks) {
      cachedTicks = t;
      cached = new Dec(t).times(usd).div(divisor);
    }
    return cached;
  };
  let sum = EXACT_ZERO;
  let last = -1;
  for (let h = 0; h < hours; h++) {
    const a = amount(h);
    if (a.isZero()) continue;
    sum = sum.plus(a);
    last = h;
  }
  const rest = new Exact(usdExact).minus(sum);
  if (!rest.isZero()) {
    const scale = Exact.max(1, usdExact.abs(), sum.abs());
    if (last < 0 || rest.abs().gt(scale.times(NOISE))) return null;
  }
  const out = new Array<string>(hours);
  for (let h = 0; h < hours; h++) {
    const a = amount(h);
    if (a.isZero() && h !== last) {
      out[h] = '0';
      continue;
    }
    const exact = h === last && !rest.isZero() ? new Exact(a).plus(rest) : new Exact(a);
    hourTotals[h] = hourTotals[h].plus(exact);
    out[h] = text(exact);
  }
  return out;
}

/**
 * Every line item's amount per clock hour (in `items` order), exact decimal text, and each hour's
 * total. An item without a driver is spread over the run by the seconds of each hour.
 */
export function hourlyCosts(items: readonly LineItem[], drivers: ReadonlyMap<string, HourlyDriver>, clock: ClockHours): HourlyLedger {
  const hourTotals: Exact[] = Array.from({ length: clock.hours }, () => EXACT_ZERO);
  const spread: string[] = [];
  // Equal amounts share one string (a steady fleet's hours are all alike).
  const texts = new Map<string, string>();
  const text = (a: Exact): string => {
    const s = a.isZero() ? '0' : a.toFixed();
    const known = texts.get(s);
    if (known !== undefined) return known;
    texts.set(s, s);
    return s;
  };
  const costItems = items.map((item) => {
    const driver = drivers.get(item.id);
    if (driver?.kind === 'ticks') {
      const streamed = tickHours(new Dec(item.usdExact), driver, clock.hours, hourTotals, text);
      if (streamed) return { id: item.id, usd: streamed };
    }
    const { usd, spread: wasSpread } = hourlyAmounts(new Dec(item.usdExact), driver, clock);
    if (wasSpread) spread.push(item.id);
    for (let h = 0; h < usd.length; h++) if (!usd[h].isZero()) hourTotals[h] = hourTotals[h].plus(usd[h]);
    return { id: item.id, usd: usd.map(text) };
  });
  return { costs: { hours: clock.hours, items: costItems }, hourTotals, spread };
}

/** Seconds of the run in each clock hour (3600, the last one its `lastHourSeconds`). */
export function runSecondsByHour(clock: ClockHours): Float64Array {
  const out = new Float64Array(clock.hours);
  for (let h = 0; h < clock.hours; h++) out[h] = secondsInHour(clock, h);
  return out;
}

/**
 * Cumulative cost at the end of each minute, from the hours' exact totals: exact at every hour's
 * end, linear in between (within an hour the ledger has no finer grain), each value rounded to
 * `decimals` places, half up (as `Math.round`). The last minute ends at the horizon, so the
 * column ends at the exact total. Floats in between, with the exact decimal value taken only where
 * a float could round the other way (a value within a hair of half a unit in the last place).
 */
export function fillCumulativeUsd(out: Float64Array, hourTotals: readonly Decimal[], horizonSeconds: number, decimals: number): void {
  const scale = 10 ** decimals;
  const round = (exact: Decimal) => exact.toDecimalPlaces(decimals, Decimal.ROUND_HALF_CEIL).toNumber();
  let before: Decimal = EXACT_ZERO;
  for (let h = 0; h < hourTotals.length; h++) {
    const start = h * 3600;
    const end = Math.min(start + 3600, horizonSeconds);
    const after = before.plus(hourTotals[h]);
    const a = before.toNumber();
    const d = hourTotals[h].toNumber();
    const length = end - start;
    const firstMinute = h * 60;
    for (let m = firstMinute; m < out.length; m++) {
      const minuteEnd = Math.min((m + 1) * 60, horizonSeconds);
      if (minuteEnd >= end) {
        out[m] = round(after);
        break;
      }
      const share = (minuteEnd - start) / length;
      const scaled = (a + d * share) * scale;
      const off = Math.abs(scaled - Math.floor(scaled) - 0.5);
      out[m] = off > 1e-7 + Math.abs(scaled) * 1e-14 ? Math.round(scaled) / scale : round(before.plus(hourTotals[h].times(minuteEnd - start).div(length)));
    }
    before = after;
  }
}
