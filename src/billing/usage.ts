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
  ec2: Ec2Usage[];
  fargate: FargateUsage[];
  /** The scenario's own instance types, for commitments on them (absent: none). */
  instanceTypes?: readonly InstanceType[];
}

export function hoursIn(horizonSeconds: number): number {
  return Math.ceil(horizonSeconds / 3600);
}
