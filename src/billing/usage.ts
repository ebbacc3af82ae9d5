// Billed usage by clock hour (hh:00:00–hh:59:59), the granularity at which AWS applies Reserved
// Instances and Savings Plans. Meters add each billed interval here, split at hour boundaries;
// a launch minimum (EC2 60 s, Fargate 60 s/300 s) tops up the hour the interval started in.

import type { InstanceType, Rate } from '../catalog/index.js';

export class HourlySeries {
  readonly seconds: Float64Array;

  constructor(hours: number) {
    this.seconds = new Float64Array(hours);
  }

  /** Adds `weight` × the overlap of [from, to) with each clock hour, plus `topUp` weighted seconds in the first hour. */
  add(from: number, to: number, weight: number, topUp = 0): void {
    const s = this.seconds;
    if (topUp > 0) s[Math.min(s.length - 1, Math.floor(from / 3600))] += topUp * weight;
    for (let t = from; t < to; ) {
      const h = Math.floor(t / 3600);
      if (h >= s.length) break;
      const end = Math.min(to, (h + 1) * 3600);
      s[h] += (end - t) * weight;
      t = end;
    }
  }

  total(): number {
    let sum = 0;
    for (const v of this.seconds) sum += v;
    return sum;
  }
}

/**
 * Rounds `series × scale` to integers hour by hour so that the running sum is always the rounded
 * running sum of the exact values. Integer and fractional parts are summed apart, so a year of
 * large values loses no precision.
 */
export function integerHours(series: HourlySeries, scale: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  const values = series.seconds;
  let whole = 0;
  let fraction = 0;
  let previous = 0;
  for (let h = 0; h < hours; h++) {
    const v = h < values.length ? values[h] * scale : 0;
    const floor = Math.floor(v);
    whole += floor;
    fraction += v - floor;
    const rounded = whole + Math.round(fraction);
    out[h] = rounded - previous;
    previous = rounded;
  }
  return out;
}

export interface Ec2Usage {
  instanceType: string;
  /** On-demand or Spot: only on-demand usage is eligible for RIs and Savings Plans. */
  purchase: 'on-demand' | 'spot';
  /** Billed instance-seconds per clock hour. */
  instanceSeconds: HourlySeries;
  /** Price per instance-hour actually charged when not covered (on-demand rate, or the Spot price). */
  rate: Rate;
  onDemandRate: Rate;
  source: string;
  /** Windows: the licence part of `onDemandRate`, $ per instance-hour, which no RI or Savings Plan discounts. */
  licenseUsdPerHour?: string;
  os?: 'linux' | 'windows';
}

export interface FargateUsage {
  /** Label of the rate card, e.g. "us-east-1 linux/x86_64 on-demand". */
  label: string;
  spot: boolean;
  vcpuSeconds: HourlySeries;
  gbSeconds: HourlySeries;
  vcpuRate: Rate;
  gbRate: Rate;
  /** Multiplier on the rates (Spot at a fraction of on-demand), 1 otherwise. */
  rateFactor: number;
  source: string;
}

/** Everything a commitments engine needs: usage by hour and the rates it was billed at. */
export interface UsageLedger {
  hours: number;
  /**
   * Whole seconds of the run in its last clock hour, 1–3600 (3600: the horizon is whole hours).
   * The horizon is a window cut out of steady operation, so that hour's RI fees, plan commitments
   * and RI capacity are prorated to these seconds, as the usage in it is cut at the horizon.
   */
  lastHourSeconds: number;
  ec2: Ec2Usage[];
  fargate: FargateUsage[];
  /** The scenario's own instance types, for commitments on them (absent: none). */
  instanceTypes?: readonly InstanceType[];
}

export function hoursIn(horizonSeconds: number): number {
  return Math.ceil(horizonSeconds / 3600);
}

/** The clock hours a horizon touches and its seconds in the last one; a cut second counts whole, as the meters bill it. */
export function clockHours(horizonSeconds: number): { hours: number; lastHourSeconds: number } {
  const hours = hoursIn(horizonSeconds);
  return { hours, lastHourSeconds: hours === 0 ? 3600 : Math.ceil(horizonSeconds - (hours - 1) * 3600) };
}

/** Seconds of the run in clock hour `h` of the ledger: 3600, or `lastHourSeconds` in the last hour. */
export function secondsInHour(ledger: Pick<UsageLedger, 'hours' | 'lastHourSeconds'>, h: number): number {
  return h === ledger.hours - 1 ? ledger.lastHourSeconds : 3600;
}

/** Seconds of the run over all its clock hours: what an RI fee or a plan commitment is due for. */
export function runSeconds(ledger: Pick<UsageLedger, 'hours' | 'lastHourSeconds'>): number {
  return ledger.hours === 0 ? 0 : (ledger.hours - 1) * 3600 + ledger.lastHourSeconds;
}
