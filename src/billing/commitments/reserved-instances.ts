// Reserved Instances as AWS applies them each clock hour (aws-facts §2.4): an RI covers at most
// 3600 s of matching usage per hour (the run's last, partial hour: its seconds in the run), and
// its fee is due whether used or not. A size-flexible
// (regional Linux) RI covers its family in normalised units (seconds × normalisation factor),
// smallest size first; the RIs of one family pool their units. RIs that are not size-flexible
// cover their own type only and are applied first (as zonal RIs are). An RI covers usage of its
// own platform only: a Linux RI never covers a Windows instance, and a Windows RI (never
// size-flexible: AWS makes only regional Linux/Unix RIs so) carries the licence in its fee.
// Everything here is integer arithmetic in 1/4 normalised-unit-seconds, so it is exact in float64.
// Left out: zonal capacity reservations, AZs, accounts and organisation sharing, tenancy.

import { instanceType, windowsLicenseUsdPerHour } from '../../catalog/index.js';
import { Dec } from '../money.js';
import type { UsageLedger } from '../usage.js';
import { percent, riDiscountWithSource } from './discounts.js';
import type { ReservedInstanceSpec } from './types.js';
import { decimalOrNaN, onDemandUsdPerHour, typeInfo, type UsageLine } from './usage-lines.js';

export interface ResolvedReservedInstance {
  spec: ReservedInstanceSpec;
  platform: 'linux' | 'windows';
  sizeFlexible: boolean;
  family: string;
  /** Normalisation factor of the RI's type (1 when not size-flexible and unknown). */
  normalizationFactor: number;
  effectiveUsdPerHour: string;
  /** The on-demand rate the default was derived from (null when the spec gave the rate). */
  onDemandUsdPerHour: string | null;
  source: string;
}

/** One pool of RI capacity and the lines it covers, in the order it covers them. */
export interface RiPool {
  /** Capacity per second of a clock hour in the covered lines' ticks (1/denominator instance-seconds): an integer. */
  capacityPerSecond: number;
  lines: number[];
}

export function resolveReservedInstance(ledger: UsageLedger, spec: ReservedInstanceSpec): ResolvedReservedInstance {
  if (!Number.isInteger(spec.count) || spec.count < 0) throw new Error(`reserved instance ${spec.instanceType}: count must be a whole number ≥ 0, got ${spec.count}`);
  const info = typeInfo(spec.instanceType, ledger.instanceTypes);
  const platform = spec.platform ?? 'linux';
  if (platform === 'windows' && spec.sizeFlexible === true) {
    throw new Error(`reserved instance ${spec.instanceType}: a Windows RI is never size-flexible (AWS makes only regional Linux/Unix RIs so; set sizeFlexible: false)`);
  }
  const sizeFlexible = spec.sizeFlexible ?? platform === 'linux';
  if (sizeFlexible && info.normalizationFactor === null) {
    throw new Error(`reserved instance ${spec.instanceType}: no normalisation factor for size "${info.size}", so it cannot be size-flexible (set sizeFlexible: false)`);
  }
  let effective: string;
  let source: string;
  let onDemand: string | null = null;
  if (spec.effectiveUsdPerHour !== undefined) {
    const given = decimalOrNaN(spec.effectiveUsdPerHour);
    if (!given.isFinite() || given.isNegative()) throw new Error(`reserved instance ${spec.instanceType}: effectiveUsdPerHour must be a non-negative decimal, got "${spec.effectiveUsdPerHour}"`);
    effective = given.toFixed();
    source = 'scenario: effectiveUsdPerHour';
  } else {
    const od = onDemandUsdPerHour(ledger, spec.instanceType);
    const { discount, source: discountSource } = riDiscountWithSource(spec.term, spec.offeringClass, spec.payment, info.family);
    // The rate the run billed the type at carries the licence when the type ran Windows.
    const usedLicense = od.licenseUsdPerHour ?? null;
    const linux = usedLicense === null ? new Dec(od.usd) : new Dec(od.usd).minus(usedLicense);
    if (platform === 'linux') {
      onDemand = linux.toFixed();
      effective = linux.times(new Dec(1).minus(discount)).toFixed();
      source =
        `on-demand $${onDemand}/h × (1 − ${percent(discount)}): ${discountSource}; ` +
        `on-demand rate: ${od.source}${usedLicense === null ? '' : ', less its Windows licence'}`;
    } else {
      // A Windows RI: the Linux part discounted, the licence in full (catalog/windows.ts).
      const license = usedLicense ?? windowsLicenseUsdPerHour(instanceType(spec.instanceType, ledger.instanceTypes));
      onDemand = linux.plus(license).toFixed();
      effective = linux.times(new Dec(1).minus(discount)).plus(license).toFixed();
      source =
        `Windows = Linux part $${linux.toFixed()}/h × (1 − ${percent(discount)}) + licence $${license}/h undiscounted: ${discountSource}; ` +
        `on-demand rate: ${od.source}`;
    }
  }
  return { spec, platform, sizeFlexible, family: info.family, normalizationFactor: info.normalizationFactor ?? 1, effectiveUsdPerHour: effective, onDemandUsdPerHour: onDemand, source };
}

/**
 * RI pools in the order AWS applies them: RIs that are not size-flexible first, one pool per
 * type; then one pool per family for the size-flexible ones, covering sizes smallest first.
 */
export function riPools(lines: readonly UsageLine[], ris: readonly ResolvedReservedInstance[]): RiPool[] {
  const pools: RiPool[] = [];
  const exact = new Map<string, { typeName: string; platform: 'linux' | 'windows'; count: number; normalizationFactor: number }>();
  const flexible = new Map<string, number>();
  for (const ri of ris) {
    if (ri.spec.count === 0) continue;
    // Only Linux RIs are size-flexible (resolveReservedInstance), so a family pool is Linux.
    if (ri.sizeFlexible) flexible.set(ri.family, (flexible.get(ri.family) ?? 0) + ri.spec.count * ri.normalizationFactor);
    else {
      const key = `${ri.spec.instanceType} ${ri.platform}`;
      const count = (exact.get(key)?.count ?? 0) + ri.spec.count;
      exact.set(key, { typeName: ri.spec.instanceType, platform: ri.platform, count, normalizationFactor: ri.normalizationFactor });
    }
  }
  for (const [, { typeName, platform, count, normalizationFactor }] of [...exact.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const covered = lines.flatMap((line, i) => (line.kind === 'ec2' && line.instanceType === typeName && line.os === platform ? [i] : []));
    // In the line's own ticks: count instance-seconds a second (unused RIs: in normalised ticks).
    const denominator = covered.length > 0 ? lines[covered[0]].denominator : 4 * normalizationFactor;
    pools.push({ capacityPerSecond: count * denominator, lines: covered });
  }
  for (const [family, units] of [...flexible.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const covered = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.kind === 'ec2' && line.os === 'linux' && line.family === family && line.normalizationFactor !== null)
      .sort((a, b) => a.line.normalizationFactor! - b.line.normalizationFactor! || a.line.id.localeCompare(b.line.id))
      .map(({ i }) => i);
    // Ticks are 1/(4 × factor) instance-seconds, so a normalised unit-second is 4 ticks.
    pools.push({ capacityPerSecond: units * 4, lines: covered });
  }
  return pools;
}

/**
 * Covers one hour's usage in place (`remaining[line]`, ticks) with the pools; returns the ticks
 * of RI capacity used. `seconds`: the hour's seconds in the run (3600 but in a partial last
 * hour). The pools' total capacity per second × `seconds` is the utilisation's divisor.
 */
export function applyRiHour(pools: readonly RiPool[], remaining: Float64Array, coveredTicks: Float64Array | null, seconds: number): number {
  let used = 0;
  for (const pool of pools) {
    const capacity = pool.capacityPerSecond * seconds;
    let left = capacity;
    for (const i of pool.lines) {
      if (left <= 0) break;
      const cover = Math.min(left, remaining[i]);
      if (cover <= 0) continue;
      remaining[i] -= cover;
      if (coveredTicks) coveredTicks[i] += cover;
      left -= cover;
    }
    used += capacity - left;
  }
  return used;
}
