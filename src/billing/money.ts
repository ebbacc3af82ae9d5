// Money, exact: quantities are accumulated as integers (CPU-unit-seconds, MiB-seconds,
// instance-seconds) and priced once, with decimal arithmetic, against the rate exactly as the
// rate card prints it. Rounding to the cent happens once per line item and once for the total.

import { Decimal } from 'decimal.js';
import type { Rate } from '../catalog/index.js';
import type { LineItem } from '../domain/result.js';

export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

export function toCents(value: Dec): number {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

export interface LineItemSpec {
  id: string;
  description: string;
  /** Base unit name, e.g. "vCPU", "GB", "instance". */
  unit: string;
  /** Integer unit-seconds (before dividing by `denominator`). */
  unitSeconds: bigint;
  denominator: number;
  rate: Rate;
  /** Optional factor on the rate (e.g. Fargate Spot as a fraction of on-demand). */
  rateFactor?: number;
  source: string;
}

/** Prices `unitSeconds / denominator` unit-seconds at `rate` in the rate's own time unit. */
export function lineItem(spec: LineItemSpec): LineItem {
  const perHour = spec.rate.per === 'hour';
  let rate = new Dec(spec.rate.usd);
  if (spec.rateFactor !== undefined) rate = rate.times(new Dec(String(spec.rateFactor)));
  const quantity = new Dec(spec.unitSeconds.toString()).div(spec.denominator).div(perHour ? 3600 : 1);
  const usdExact = new Dec(spec.unitSeconds.toString()).times(rate).div(spec.denominator * (perHour ? 3600 : 1));
  return {
    id: spec.id,
    description: spec.description,
    quantity: quantity.toDecimalPlaces(6).toFixed(),
    unit: `${spec.unit}-${perHour ? 'hours' : 'seconds'}`,
    usdPerUnit: rate.toFixed(),
    usdExact: usdExact.toFixed(),
    usd: toCents(usdExact),
    source: spec.source,
  };
}

export function totalOf(items: readonly LineItem[]): Dec {
  return items.reduce((sum, item) => sum.plus(item.usdExact), new Dec(0));
}

/** Rate in USD per second as a float, for comparing prices (lowest-price allocation); never for the bill. */
export function usdPerSecond(rate: Rate): number {
  return Number(rate.usd) / (rate.per === 'hour' ? 3600 : 1);
}
