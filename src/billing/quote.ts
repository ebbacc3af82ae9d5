// A non-compute rate resolved for a region (catalog `otherRate`), able to price a quantity of its
// unit once, exactly. Every extras meter bills through one.

import { OTHER_RATES, otherRate, type OtherRateName } from '../catalog/index.js';
import type { OtherRateOverrides } from '../domain/extras.js';
import type { LineItem } from '../domain/result.js';
import type { ClockHours } from './hourly.js';
import { Dec, toCents } from './money.js';
import { secondsInHour } from './usage.js';

export class OtherRateQuote {
  constructor(
    readonly name: string,
    /** USD per `unit`, the exact decimal string of the rate card or the override. */
    readonly usd: string,
    readonly unit: string,
    readonly source: string,
    readonly partialHourBilledAsFullHour: boolean,
  ) {}

  /** Hours billed for a resource held `seconds` (to the second; whole hours where AWS bills partial hours as full). */
  hoursFor(seconds: number): Dec {
    const whole = Math.ceil(seconds - 1e-9);
    return this.partialHourBilledAsFullHour ? new Dec(Math.ceil(whole / 3600)) : new Dec(whole).div(3600);
  }

  /**
   * A resource held for the whole run, `count` of it, priced clock hour by clock hour: each hour's
   * seconds in the run as `hoursFor` bills them (a partial last hour as a full one where AWS bills so).
   */
  hourlyForRun(clock: ClockHours, count: number): Dec[] {
    return Array.from({ length: clock.hours }, (_, h) => this.hoursFor(secondsInHour(clock, h)).times(count).times(this.usd));
  }

  /** Prices `quantity` (in `unit`, e.g. "GB") once; rounds to the cent once. */
  lineItem(id: string, description: string, quantity: Dec, unit: string): LineItem {
    const usdExact = quantity.times(this.usd);
    return {
      id,
      description,
      quantity: quantity.toDecimalPlaces(6).toFixed(),
      unit,
      usdPerUnit: new Dec(this.usd).toFixed(),
      usdExact: usdExact.toFixed(),
      usd: toCents(usdExact),
      source: this.source,
    };
  }
}

/** The catalog rate for `region`, or the override; a CatalogError naming the rate when neither exists. */
export function quoteOtherRate(name: OtherRateName, region: string, overrides: OtherRateOverrides = {}): OtherRateQuote {
  const rate = otherRate(name, region, overrides[name]);
  return new OtherRateQuote(name, rate.usd, rate.unit, rate.source, rate.partialHourBilledAsFullHour);
}

/** The S3 gateway endpoint: no hourly or per-GB charge; a $0 line shows the pulled GB it carried. */
export function s3GatewayEndpointQuote(): OtherRateQuote {
  const basis = OTHER_RATES.interfaceEndpointUsdPerAzHour;
  return new OtherRateQuote('s3GatewayEndpoint', '0', 'GB processed', `${basis.source} ("${basis.note}") (as of ${basis.asOf})`, false);
}
