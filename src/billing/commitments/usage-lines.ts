// The ledger's on-demand usage as billing lines with exact integer quantities per clock hour.
// A line is one line item (an EC2 type, Fargate vCPU, Fargate memory); its hourly quantities are
// integers in `denominator`-ths of a unit-second, so RI arithmetic stays exact in plain numbers.
// Spot usage is left out: no commitment covers it, and the meters price it (hourly traces).
//
// The meters bill whole seconds, but split an interval at hour boundaries at its (fractional)
// launch time, so one hour can hold 0.7 s and the next 99.3 s. Each series is rounded
// cumulatively (every hour within 1 s of the meter's split, the run's total exactly the
// meter's integer total), which is what makes a run with no commitments price to the cent and
// the digit exactly as the meters do.

import { instanceType, NORMALIZATION_FACTORS, type InstanceType, type Rate } from '../../catalog/index.js';
import { Dec } from '../money.js';
import { integerHours, type UsageLedger } from '../usage.js';

export interface UsageLine {
  id: string;
  description: string;
  /** Base unit as the meters name it: "instance", "vCPU", "GB". */
  unit: string;
  source: string;
  kind: 'ec2' | 'fargate';
  /** The platform an RI must be bought for to cover the line (Fargate: Linux, though no RI covers it). */
  os: 'linux' | 'windows';
  instanceType: string | null;
  family: string | null;
  /** RI normalisation factor of the type (null: unknown size, or Fargate). */
  normalizationFactor: number | null;
  /** The on-demand rate the meter charges uncovered usage at, and a multiplier on it (none: undefined). */
  rate: Rate;
  rateFactor: number | undefined;
  /** Integer quantities per hour, in units of 1/denominator unit-seconds. */
  perHour: Float64Array;
  denominator: number;
  /** The meter's own denominator (EC2 1: seconds; Fargate 1024: CPU units / MiB). */
  meterDenominator: number;
  /** The rate × factor, exact: $ per `tickDivisor` ticks (a unit-hour or a unit-second). */
  usd: Dec;
  tickDivisor: number;
  usdPerTickFloat: number;
  /** $ per unit-hour (instance-hour, vCPU-hour, GB-hour), for ordering Savings Plans by rate. */
  usdPerUnitHourFloat: number;
  /** Windows: the licence part of `usd` (same units), which no commitment discounts; zero otherwise. */
  licenseUsd: Dec;
  /** Windows: the licence $ per instance-hour, as the ledger gives it. */
  licenseUsdPerHour?: string;
}

export interface TypeInfo {
  family: string;
  size: string;
  normalizationFactor: number | null;
}

/** Family, size and normalisation factor from the catalog, or from the name for types it lacks. */
export function typeInfo(name: string, custom?: readonly InstanceType[]): TypeInfo {
  try {
    const t = instanceType(name, custom);
    return { family: t.family, size: t.size, normalizationFactor: t.normalizationFactor > 0 ? t.normalizationFactor : null };
  } catch {
    const dot = name.indexOf('.');
    const family = dot < 0 ? name : name.slice(0, dot);
    const size = dot < 0 ? '' : name.slice(dot + 1);
    return { family, size, normalizationFactor: NORMALIZATION_FACTORS[size] ?? null };
  }
}

type LineCore = Omit<UsageLine, 'usd' | 'tickDivisor' | 'usdPerTickFloat' | 'usdPerUnitHourFloat' | 'licenseUsd'>;

/** Keeps the rate and an integer divisor apart, so $ = ticks × usd / divisor stays exact. */
function priced(core: LineCore): UsageLine {
  let usd = new Dec(core.rate.usd);
  if (core.rateFactor !== undefined) usd = usd.times(new Dec(String(core.rateFactor)));
  const perHour = core.rate.per === 'hour';
  const tickDivisor = core.denominator * (perHour ? 3600 : 1);
  const licenseUsd = core.licenseUsdPerHour === undefined ? new Dec(0) : perHour ? new Dec(core.licenseUsdPerHour) : new Dec(core.licenseUsdPerHour).div(3600);
  return { ...core, usd, tickDivisor, usdPerTickFloat: usd.toNumber() / tickDivisor, usdPerUnitHourFloat: usd.toNumber() * (perHour ? 1 : 3600), licenseUsd };
}

/** Ids the meters use, made unique if the ledger holds two usages that would share one. */
function uniqueId(taken: Set<string>, id: string, qualifier: string): string {
  let candidate = taken.has(id) ? `${id}.${qualifier}` : id;
  for (let k = 2; taken.has(candidate); k++) candidate = `${id}.${qualifier}.${k}`;
  taken.add(candidate);
  return candidate;
}

/** The ledger's on-demand usage, the only usage RIs and Savings Plans cover (Spot never is). */
export function usageLines(ledger: UsageLedger): UsageLine[] {
  const lines: UsageLine[] = [];
  const taken = new Set<string>();
  const hours = ledger.hours;
  for (const u of ledger.ec2) {
    if (u.purchase !== 'on-demand') continue;
    const info = typeInfo(u.instanceType, ledger.instanceTypes);
    // Seconds × 4 × normalisation factor is an integer for every factor (the smallest is 0.25).
    const scale = info.normalizationFactor !== null ? 4 * info.normalizationFactor : 1;
    const seconds = integerHours(u.instanceSeconds, 1, hours);
    lines.push(
      priced({
        id: uniqueId(taken, `ec2.on-demand.${u.instanceType}`, String(lines.length)),
        description: `EC2 ${u.instanceType} on-demand (${u.os === 'windows' ? 'Windows' : 'Linux'})`,
        unit: 'instance',
        source: u.source,
        kind: 'ec2',
        os: u.os ?? (u.licenseUsdPerHour !== undefined ? 'windows' : 'linux'),
        instanceType: u.instanceType,
        family: info.family,
        normalizationFactor: info.normalizationFactor,
        rate: u.onDemandRate,
        rateFactor: undefined,
        perHour: scale === 1 ? seconds : seconds.map((s) => s * scale),
        denominator: scale,
        meterDenominator: 1,
        ...(u.licenseUsdPerHour !== undefined ? { licenseUsdPerHour: u.licenseUsdPerHour } : {}),
      }),
    );
  }
  for (const f of ledger.fargate) {
    if (f.spot) continue;
    // FargateUsage carries no source yet; the meter's line items use the rate card's.
    const source = (f as { source?: string }).source ?? f.label;
    const rateFactor = f.rateFactor === 1 ? undefined : f.rateFactor;
    const common = { source, kind: 'fargate' as const, os: 'linux' as const, instanceType: null, family: null, normalizationFactor: null, rateFactor, denominator: 1024, meterDenominator: 1024 };
    lines.push(
      priced({ ...common, id: uniqueId(taken, 'fargate.vcpu', f.label), description: `Fargate vCPU (${f.label})`, unit: 'vCPU', rate: f.vcpuRate, perHour: integerHours(f.vcpuSeconds, 1024, hours) }),
      priced({ ...common, id: uniqueId(taken, 'fargate.memory', f.label), description: `Fargate memory (${f.label})`, unit: 'GB', rate: f.gbRate, perHour: integerHours(f.gbSeconds, 1024, hours) }),
    );
  }
  return lines;
}

/** A decimal from a scenario string, NaN (for the caller's message) when it is not one. */
export function decimalOrNaN(text: string): Dec {
  try {
    return new Dec(text);
  } catch {
    return new Dec(NaN);
  }
}

/**
 * On-demand $/hour of a type: the rate the run billed it at, else the catalog's (us-east-1), and
 * the Windows licence part of it (null: Linux).
 */
export function onDemandUsdPerHour(ledger: UsageLedger, typeName: string): { usd: string; source: string; licenseUsdPerHour?: string | null } {
  const used = ledger.ec2.find((u) => u.instanceType === typeName && u.purchase === 'on-demand');
  if (used) {
    const r = used.onDemandRate;
    return { usd: r.per === 'hour' ? r.usd : new Dec(r.usd).times(3600).toFixed(), source: used.source, licenseUsdPerHour: used.licenseUsdPerHour ?? null };
  }
  const t = instanceType(typeName, ledger.instanceTypes);
  return { usd: t.onDemandUsdPerHour, source: `${t.source} (as of ${t.asOf})` };
}
