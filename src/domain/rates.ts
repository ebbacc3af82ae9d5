// The rates one alternative is billed at: the catalog's rate card for the region, with the
// scenario's overrides on top. Fargate Spot without a published table is priced at a fraction
// of on-demand (aws-facts: default 30%). A region without a card is billed at the scenario's
// `rates.fargate` alone, so every rate its tasks need must be there.

import { EC2_WINDOWS_BURSTABLE_SOURCE, EC2_WINDOWS_LICENSE_SOURCE, FARGATE_BILLING_RULES, FARGATE_REGIONS, closestNames, editDistance, findFargateRateCard, instanceType, instanceTypePrice, windowsLicensedVcpus, windowsLicenseUsdPerHour, type Ec2Os, type FargateRateCard, type Rate } from '../catalog/index.js';
import { Decimal } from 'decimal.js';
import { primaryTask, type Alternative, type FargateRates, type RateOverrides, type Scenario } from './scenario.js';

export interface ResolvedFargateRates extends FargateRates {
  /** Multiplier on the rates when Spot is priced as a fraction of on-demand; 1 otherwise. */
  factor: number;
  label: string;
}

type FargateTableKey = keyof RateOverrides['fargate'];
type FargateField = 'vcpu' | 'memoryGb' | 'osLicenseVcpu';

/** What to write for each field, in words, for "add …" advice. */
const FIELD_UNITS: Record<FargateField | 'ephemeralStorageGbAbove20', string> = {
  vcpu: 'USD per vCPU-hour',
  memoryGb: 'USD per GB-hour',
  osLicenseVcpu: 'USD per vCPU-hour of Windows licence',
  ephemeralStorageGbAbove20: 'USD per GB-hour above the free 20 GB',
};

/**
 * Fargate rates an alternative needs that neither the region's card nor `rates.fargate` gives:
 * `paths` are the fields to add (`rates.fargate.linuxX86.memoryGb`). The message names them, the
 * region, and what to write (`fargateRatesToAdd`).
 */
export class MissingFargateRates extends Error {
  constructor(
    readonly region: string,
    /** The region has a rate card (that lacks these fields); false: no card at all. */
    readonly hasCard: boolean,
    /** What needs them, e.g. `linux/x86_64 tasks on Fargate Spot`. */
    readonly who: string,
    readonly paths: string[],
    /** A Spot table is missing and `spotFraction` would do instead. */
    readonly spotFractionWouldDo: boolean,
  ) {
    super(`${missingFargateRatesText(region, hasCard, [who], paths)}; add ${fargateRatesToAdd(paths, spotFractionWouldDo)}`);
    this.name = 'MissingFargateRates';
  }
}

/** Why the rates are missing, in one clause: `no Fargate rates for region us-west-2: … linux/x86_64 tasks in us-west-2 need rates.fargate.linuxX86.vcpu`. */
export function missingFargateRatesText(region: string, hasCard: boolean, who: readonly string[], paths: readonly string[]): string {
  const need = `${who.join(' and ')} in ${region} need ${paths.join(', ')}`;
  if (hasCard) return `the ${region} Fargate rate card has no ${paths.map((p) => p.replace('rates.fargate.', '')).join(', ')}, and the scenario does not give ${paths.length > 1 ? 'them' : 'it'}: ${need}`;
  // A typo is an edit or two away; a real region further off (us-west-2) gets no "did you mean".
  const near = closestNames(region, FARGATE_REGIONS, 1).filter((name) => editDistance(region, name) <= 2);
  const known = `it has cards for ${FARGATE_REGIONS.join(', ')}${near.length > 0 ? `; did you mean ${near[0]}?` : ''}`;
  return `no Fargate rates for region ${region}: capsim has no rate card for it (${known}), so every Fargate rate must come from the scenario's rates.fargate: ${need}`;
}

/** The missing fields as YAML to add: `rates: { fargate: { linuxX86: { vcpu: <USD per vCPU-hour>, … } } }`. */
export function fargateRatesToAdd(paths: readonly string[], spotFractionWouldDo: boolean): string {
  const tables = new Map<string, string[]>();
  const flat: string[] = [];
  for (const path of paths) {
    const [, , key, field] = path.split('.');
    if (field === undefined) flat.push(`${key}: <${FIELD_UNITS[key as 'ephemeralStorageGbAbove20']}>`);
    else tables.set(key, [...(tables.get(key) ?? []), `${field}: <${FIELD_UNITS[field as FargateField]}>`]);
  }
  const entries = [...[...tables].map(([key, fields]) => `${key}: { ${fields.join(', ')} }`), ...flat];
  const storage = flat.length > 0 ? ` (or keep ephemeral storage at the free ${FARGATE_BILLING_RULES.freeEphemeralStorageGb} GB)` : '';
  const spot = spotFractionWouldDo ? ' (for Spot, spotFraction: <share of on-demand> instead of the Spot table)' : '';
  return `rates: { fargate: { ${entries.join(', ')} } }${spot}${storage}`;
}

/**
 * Which rate card fields a Fargate alternative is billed at, and the rates: the card's for the
 * region merged with `rates.fargate` (field by field). Throws `MissingFargateRates` when a field
 * is in neither. No card for the region: every field must come from the scenario.
 */
export function fargateRates(scenario: Pick<Scenario, 'region' | 'rates' | 'file'>, alt: Alternative, spot: boolean): ResolvedFargateRates {
  const region = scenario.region;
  const card: FargateRateCard | undefined = findFargateRateCard(region);
  const over = scenario.rates.fargate;
  const task = primaryTask(alt);
  const { os, arch } = task;
  const onDemandKey: FargateTableKey = os === 'windows' ? 'windowsX86' : arch === 'arm64' ? 'linuxArm' : 'linuxX86';
  const spotKey: FargateTableKey = arch === 'arm64' ? 'spotLinuxArm' : 'spotLinuxX86';
  const missing: string[] = [];
  const onDemand: Partial<Record<FargateField, Rate>> = { ...card?.[onDemandKey], ...over[onDemandKey] };
  const needed: FargateField[] = os === 'windows' ? ['vcpu', 'memoryGb', 'osLicenseVcpu'] : ['vcpu', 'memoryGb'];
  for (const field of needed) if (onDemand[field] === undefined) missing.push(`rates.fargate.${onDemandKey}.${field}`);
  let vcpu = onDemand.vcpu;
  let memoryGb = onDemand.memoryGb;
  let factor = 1;
  let label = `${region} ${os}/${arch} on-demand`;
  let spotFractionToo = false;
  if (spot) {
    const spotTable: Partial<Record<FargateField, Rate>> = { ...card?.[spotKey], ...over[spotKey] };
    const fraction = scenario.rates.fargateSpotFraction ?? card?.spotFractionOfOnDemand;
    if (spotTable.vcpu && spotTable.memoryGb) {
      vcpu = spotTable.vcpu;
      memoryGb = spotTable.memoryGb;
      label = `${region} ${os}/${arch} Spot`;
    } else if (fraction !== undefined) {
      factor = fraction;
      label = `${region} ${os}/${arch} Spot at ${Number((factor * 100).toPrecision(12))}% of on-demand`;
    } else {
      // No card, so no default fraction: the Spot price is the scenario's to give.
      for (const field of ['vcpu', 'memoryGb'] as const) if (spotTable[field] === undefined) missing.push(`rates.fargate.${spotKey}.${field}`);
      spotFractionToo = true;
    }
  }
  const rules = card ?? FARGATE_BILLING_RULES;
  const storageGiB = Math.max(task.ephemeralStorageGiB, alt.jobs?.task.ephemeralStorageGiB ?? 0);
  const storageRate = scenario.rates.fargateEphemeralGbAbove20 ?? card?.ephemeralStorageGbAbove20;
  if (storageRate === undefined && storageGiB > rules.freeEphemeralStorageGb) missing.push('rates.fargate.ephemeralStorageGbAbove20');
  if (missing.length > 0) throw new MissingFargateRates(region, card !== undefined, `${os}/${arch} tasks${spot ? ' on Fargate Spot' : ''}`, missing, spotFractionToo);
  return {
    source: card ? `${card.source} (as of ${card.asOf})` : `scenario ${scenario.file} rates.fargate`,
    vcpu: vcpu!,
    memoryGb: memoryGb!,
    osLicenseVcpu: os === 'windows' ? onDemand.osLicenseVcpu : undefined,
    ephemeralStorageGbAbove20: storageRate ?? { usd: '0', per: 'second' },
    minimumBilledSeconds: os === 'windows' ? rules.windowsMinimumBilledSeconds : rules.linuxMinimumBilledSeconds,
    freeEphemeralStorageGb: rules.freeEphemeralStorageGb,
    factor,
    label,
  };
}

export interface Ec2InstanceRate {
  /** On-demand price per instance-hour, the OS licence included. */
  rate: Rate;
  source: string;
  os: Ec2Os;
  /**
   * Windows: the licence part of `rate`, $ per instance-hour (vCPU, or a burstable type's baseline vCPU, × $0.046). No RI, Savings Plan or
   * Spot discount applies to it (catalog/windows.ts). Null on Linux, and for a type whose Windows
   * price the scenario gave whole (then the split is not known and the whole price is discounted).
   */
  licenseUsdPerHour: string | null;
}

/**
 * What an instance of `typeName` costs on demand in the scenario's region, for the alternative's
 * OS: `rates.ec2` (Linux) overrides the catalog; Windows adds the licence to that Linux price.
 */
export function ec2InstanceRate(scenario: Scenario, typeName: string, os: Ec2Os = 'linux'): Ec2InstanceRate {
  const custom = scenario.instanceTypes;
  const override = scenario.rates.ec2[typeName];
  const type = instanceType(typeName, custom);
  const typeSource = type.custom ? `scenario ${scenario.file} instanceTypes.${type.name}` : `${type.source} (as of ${type.asOf})`;
  if (os === 'linux') {
    if (override) return { rate: override, source: `scenario ${scenario.file} rates.ec2`, os, licenseUsdPerHour: null };
    return { rate: { usd: instanceTypePrice(typeName, scenario.region, 'linux', custom), per: 'hour' }, source: typeSource, os, licenseUsdPerHour: null };
  }
  if (type.windowsUsdPerHour !== undefined) return { rate: { usd: type.windowsUsdPerHour, per: 'hour' }, source: `${typeSource} (Windows price)`, os, licenseUsdPerHour: null };
  const license = windowsLicenseUsdPerHour(type);
  const licensed = windowsLicensedVcpus(type);
  const licenseSource =
    licensed.creditsPerHour === null
      ? `Windows = Linux + ${type.vcpu} vCPU × licence (${EC2_WINDOWS_LICENSE_SOURCE.source}, as of ${EC2_WINDOWS_LICENSE_SOURCE.asOf})`
      : `Windows = Linux + ${licensed.vcpus} baseline vCPU (${licensed.creditsPerHour} credits/h ÷ 60) × licence (${EC2_WINDOWS_LICENSE_SOURCE.source}; burstable: ${EC2_WINDOWS_BURSTABLE_SOURCE.source}, as of ${EC2_WINDOWS_BURSTABLE_SOURCE.asOf})`;
  if (override) {
    const hourly = override.per === 'hour' ? new Decimal(override.usd) : new Decimal(override.usd).times(3600);
    return { rate: { usd: hourly.plus(license).toFixed(), per: 'hour' }, source: `scenario ${scenario.file} rates.ec2; ${licenseSource}`, os, licenseUsdPerHour: license };
  }
  return { rate: { usd: instanceTypePrice(typeName, scenario.region, 'windows', custom), per: 'hour' }, source: `${typeSource}; ${licenseSource}`, os, licenseUsdPerHour: license };
}
