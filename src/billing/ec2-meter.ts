// EC2 billing (Linux, and Windows since 2021-06-11): per second from the instance's `running`
// state (not from the request: `pending` is free), with a 60-second minimum per instance launch,
// whether or not tasks use the instance. Windows instances pay the Windows price
// (Linux + a per-vCPU licence); on Spot only the Linux part follows the Spot price, the licence is
// paid in full (catalog/windows.ts). Spot instances pay the Spot price of each clock hour (a fraction of
// on-demand, or a price trace that changes at clock hours); a Spot instance that EC2 interrupts
// within its first hour is free (aws-facts §2.3). An instance still running at the horizon is
// billed to the horizon (a window cut, no minimum). One line item per purchase option and type.
// By clock hour (`hourly`): a Spot hour at that hour's price; on-demand hours are the
// commitments engine's (billing/commitments/apply.ts), which re-bills them hour by hour.

import type { Rate } from '../catalog/index.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { LineItem } from '../domain/result.js';
import type { SpotSpec } from '../domain/scenario.js';
import type { Signals } from '../domain/signals.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec, lineItem, toCents } from './money.js';
import { HourlySeries, integerHours, type Ec2Usage } from './usage.js';

export const EC2_MINIMUM_BILLED_SECONDS = 60;
/** EC2-initiated Spot interruptions in an instance's first hour are not charged. */
export const SPOT_FREE_IF_INTERRUPTED_WITHIN_SECONDS = 3600;

export interface Ec2PriceInfo {
  /** On-demand rate per instance-hour, licence included. */
  rate: Rate;
  source: string;
  spot: SpotSpec | null;
  /** Default Linux. */
  os?: 'linux' | 'windows';
  /** Windows licence part of `rate`, $ per instance-hour; null or absent: none (Linux). */
  licenseUsdPerHour?: string | null;
  /** Spot: `rate` is the Spot price the scenario gave for its own type (`spot.priceFraction` is 1). */
  spotPriceGiven?: boolean;
}

function osLabel(info: Ec2PriceInfo): string {
  return info.os === 'windows' ? 'Windows' : 'Linux';
}

/** The Spot price per hour at a fraction: the Linux part × fraction + the licence. */
function spotUsdPerHour(info: Ec2PriceInfo, fraction: number): Dec {
  const hourly = new Dec(info.rate.usd).times(info.rate.per === 'hour' ? 1 : 3600);
  const license = new Dec(info.licenseUsdPerHour ?? '0');
  return hourly.minus(license).times(String(fraction)).plus(license);
}

interface TypeMeter {
  name: string;
  purchase: 'on-demand' | 'spot';
  instanceSeconds: bigint;
  info: Ec2PriceInfo;
  hourly: HourlySeries;
}

/** The Spot price fraction in force during clock hour h. */
export function spotFractionAt(spot: SpotSpec, hour: number): number {
  let fraction = spot.priceFraction;
  for (const p of spot.priceTrace) if (p.atSeconds <= hour * 3600) fraction = p.fraction;
  return fraction;
}

export class Ec2Meter {
  private readonly byKey = new Map<string, TypeMeter>();
  private readonly open = new Map<number, ContainerInstance>();
  /** Spot instances interrupted in their first hour, and the seconds AWS did not charge. */
  freeInterruptions = 0;
  freeInterruptedSeconds = 0;

  constructor(
    signals: Signals,
    private readonly priceOf: (instance: ContainerInstance) => Ec2PriceInfo,
    private readonly hours: number,
  ) {
    signals.instance.connect(({ instance, t, kind, reason }) => {
      if (kind === 'launch') this.open.set(instance.id, instance);
      else this.close(instance, t, reason === 'spot-interruption' ? 'interrupted' : 'terminated');
    });
  }

  private close(instance: ContainerInstance, t: number, how: 'terminated' | 'interrupted' | 'cut'): void {
    if (!this.open.delete(instance.id)) return;
    // Billing starts when the instance is running, not when it was requested (pending is free).
    const from = Math.min(t, instance.runningAt ?? instance.launchedAt);
    const elapsed = Math.ceil(t - from - 1e-9);
    if (how === 'interrupted' && instance.purchase === 'spot' && t - from < SPOT_FREE_IF_INTERRUPTED_WITHIN_SECONDS) {
      this.freeInterruptions++;
      this.freeInterruptedSeconds += elapsed;
      return;
    }
    const seconds = how === 'cut' ? Math.max(0, elapsed) : Math.max(EC2_MINIMUM_BILLED_SECONDS, elapsed);
    const key = `${instance.purchase}:${instance.type.name}`;
    let meter = this.byKey.get(key);
    if (!meter) {
      meter = { name: instance.type.name, purchase: instance.purchase, instanceSeconds: 0n, info: this.priceOf(instance), hourly: new HourlySeries(this.hours) };
      this.byKey.set(key, meter);
    }
    meter.instanceSeconds += BigInt(seconds);
    const end = Math.min(t, from + seconds);
    meter.hourly.add(from, end, 1, seconds - (end - from));
  }

  finish(horizon: number): void {
    const open = [...this.open.values()].sort((a, b) => a.id - b.id);
    for (const instance of open) this.close(instance, horizon, 'cut');
  }

  private sorted(): TypeMeter[] {
    return [...this.byKey.values()].sort((a, b) => a.purchase.localeCompare(b.purchase) || a.name.localeCompare(b.name));
  }

  /** Billed instance-seconds by clock hour, per purchase option and type (for RIs and Savings Plans). */
  usage(): Ec2Usage[] {
    return this.sorted().map((m) => ({
      instanceType: m.name,
      purchase: m.purchase,
      instanceSeconds: m.hourly,
      rate: m.purchase === 'spot' && m.info.spot ? { usd: spotUsdPerHour(m.info, m.info.spot.priceFraction).toFixed(), per: 'hour' } : m.info.rate,
      onDemandRate: m.info.rate,
      source: m.info.source,
      ...(m.info.licenseUsdPerHour ? { licenseUsdPerHour: m.info.licenseUsdPerHour, os: 'windows' as const } : m.info.os === 'windows' ? { os: 'windows' as const } : {}),
    }));
  }

  /** Each line item by clock hour: Spot at each hour's price; on-demand as whole instance-seconds at the rate. */
  hourly(): HourlyDrivers {
    const drivers: HourlyDrivers = new Map();
    for (const m of this.sorted()) {
      if (m.purchase === 'on-demand' || !m.info.spot) {
        const perHour = m.info.rate.per === 'hour';
        drivers.set(`ec2.on-demand.${m.name}`, { kind: 'ticks', ticks: integerHours(m.hourly, 1, this.hours), usd: new Dec(m.info.rate.usd), divisor: perHour ? 3600 : 1 });
      } else drivers.set(`ec2.spot.${m.name}`, { kind: 'usd', usd: spotHours(m, false) });
    }
    return drivers;
  }

  lineItems(): LineItem[] {
    return this.sorted().map((m) => {
      if (m.purchase === 'on-demand' || !m.info.spot) {
        return lineItem({ id: `ec2.on-demand.${m.name}`, description: `EC2 ${m.name} on-demand (${osLabel(m.info)})`, unit: 'instance', unitSeconds: m.instanceSeconds, denominator: 1, rate: m.info.rate, source: m.info.source });
      }
      return spotLineItem(m);
    });
  }
}

/**
 * Spot usage of each clock hour, priced at that hour's fraction of the on-demand rate. `asBilled`:
 * a Linux hour per second, in the order the line item has always been computed (its exact
 * digits); else, as Windows is, from the hourly price divided last, so an hour that costs $0.048
 * reads 0.048 (the ledger takes the line item's last digits from the hours: billing/hourly.ts).
 */
function spotHours(m: TypeMeter, asBilled: boolean): Dec[] {
  const spot = m.info.spot!;
  const seconds = m.hourly.seconds;
  const license = new Dec(m.info.licenseUsdPerHour ?? '0');
  const linuxPerSecond = new Dec(m.info.rate.usd).minus(m.info.rate.per === 'hour' ? license : license.div(3600)).div(m.info.rate.per === 'hour' ? 3600 : 1);
  // Windows, or a Spot price given for the type: from the hourly price, divided last (exact digits).
  const fromHourly = !asBilled || m.info.spotPriceGiven === true || !license.isZero();
  const out: Dec[] = [];
  for (let h = 0; h < seconds.length; h++) {
    if (seconds[h] <= 0) out.push(new Dec(0));
    else if (fromHourly) out.push(spotUsdPerHour(m.info, spotFractionAt(spot, h)).times(seconds[h]).div(3600));
    else out.push(linuxPerSecond.times(seconds[h]).times(String(spotFractionAt(spot, h))));
  }
  return out;
}

/** Spot usage priced hour by hour at that hour's fraction of the on-demand rate. */
function spotLineItem(m: TypeMeter): LineItem {
  const spot = m.info.spot!;
  // The hours summed in order: the exact digits the bill has always had.
  const exact = spotHours(m, true).reduce((sum, usd) => (usd.isZero() ? sum : sum.plus(usd)), new Dec(0));
  const hoursBilled = new Dec(m.instanceSeconds.toString()).div(3600);
  const constant = spot.priceTrace.length === 0;
  const perHour = constant ? spotUsdPerHour(m.info, spot.priceFraction) : hoursBilled.isZero() ? new Dec(0) : exact.div(hoursBilled);
  return {
    id: `ec2.spot.${m.name}`,
    description: `EC2 ${m.name} Spot (${osLabel(m.info)}), ${m.info.spotPriceGiven ? 'Spot price given for the type' : constant ? `${Number((spot.priceFraction * 100).toPrecision(12))}% of on-demand` : 'price trace, average rate shown'}`,
    quantity: hoursBilled.toDecimalPlaces(6).toFixed(),
    unit: 'instance-hours',
    usdPerUnit: constant ? perHour.toFixed() : perHour.toDecimalPlaces(8).toFixed(),
    usdExact: exact.toFixed(),
    usd: toCents(exact),
    source: `${m.info.source}; Spot price model: ${constant ? 'fixed fraction' : 'trace'}`,
  };
}
