// The rates one alternative is billed at: the catalog's rate card for the region, with the
// scenario's overrides on top. Fargate Spot without a published table is priced at a fraction
// of on-demand (aws-facts: default 30%).

import { EC2_WINDOWS_BURSTABLE_SOURCE, EC2_WINDOWS_LICENSE_SOURCE, fargateRateCard, instanceType, instanceTypePrice, requireEphemeralStorageRate, windowsLicensedVcpus, windowsLicenseUsdPerHour, type Ec2Os, type Rate } from '../catalog/index.js';
import { Decimal } from 'decimal.js';
import { primaryTask, type Alternative, type FargateRates, type RateOverrides, type Scenario } from './scenario.js';

export interface ResolvedFargateRates extends FargateRates {
  /** Multiplier on the rates when Spot is priced as a fraction of on-demand; 1 otherwise. */
  factor: number;
  label: string;
}

export function fargateRates(scenario: Scenario, alt: Alternative, spot: boolean): ResolvedFargateRates {
  const card = fargateRateCard(scenario.region);
  const over: RateOverrides['fargate'] = scenario.rates.fargate;
  const task = primaryTask(alt);
  const { os, arch } = task;
  const onDemandKey = os === 'windows' ? 'windowsX86' : arch === 'arm64' ? 'linuxArm' : 'linuxX86';
  const spotKey = arch === 'arm64' ? 'spotLinuxArm' : 'spotLinuxX86';
  const base = card[onDemandKey];
  if (!base && !over[onDemandKey]?.vcpu) {
    throw new Error(`no Fargate ${os}/${arch} rates for ${scenario.region} in the catalog; give them under rates.fargate.${onDemandKey}`);
  }
  const onDemand = { ...base, ...over[onDemandKey] } as { vcpu: Rate; memoryGb: Rate; osLicenseVcpu?: Rate };
  let vcpu = onDemand.vcpu;
  let memoryGb = onDemand.memoryGb;
  let factor = 1;
  let label = `${card.region} ${os}/${arch} on-demand`;
  if (spot) {
    const spotTable = { ...card[spotKey], ...over[spotKey] } as Partial<{ vcpu: Rate; memoryGb: Rate }>;
    if (spotTable.vcpu && spotTable.memoryGb) {
      vcpu = spotTable.vcpu;
      memoryGb = spotTable.memoryGb;
      label = `${card.region} ${os}/${arch} Spot`;
    } else {
      factor = scenario.rates.fargateSpotFraction ?? card.spotFractionOfOnDemand;
      label = `${card.region} ${os}/${arch} Spot at ${Number((factor * 100).toPrecision(12))}% of on-demand`;
    }
  }
  return {
    source: `${card.source} (as of ${card.asOf})`,
    vcpu,
    memoryGb,
    osLicenseVcpu: os === 'windows' ? onDemand.osLicenseVcpu : undefined,
    ephemeralStorageGbAbove20:
      scenario.rates.fargateEphemeralGbAbove20 ??
      (Math.max(task.ephemeralStorageGiB, alt.jobs?.task.ephemeralStorageGiB ?? 0) > card.freeEphemeralStorageGb ? requireEphemeralStorageRate(card) : card.ephemeralStorageGbAbove20 ?? { usd: '0', per: 'second' }),
    minimumBilledSeconds: os === 'windows' ? card.windowsMinimumBilledSeconds : card.linuxMinimumBilledSeconds,
    freeEphemeralStorageGb: card.freeEphemeralStorageGb,
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
