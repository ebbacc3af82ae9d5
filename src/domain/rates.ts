// The rates one alternative is billed at: the catalog's rate card for the region, with the
// scenario's overrides on top. Fargate Spot without a published table is priced at a fraction
// of on-demand (aws-facts: default 30%).

import { fargateRateCard, instanceType, instanceTypePrice, requireEphemeralStorageRate, type Rate } from '../catalog/index.js';
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

export function ec2InstanceRate(scenario: Scenario, typeName: string): { rate: Rate; source: string } {
  const override = scenario.rates.ec2[typeName];
  if (override) return { rate: override, source: `scenario ${scenario.file} rates.ec2` };
  const type = instanceType(typeName);
  return { rate: { usd: instanceTypePrice(typeName, scenario.region), per: 'hour' }, source: `${type.source} (as of ${type.asOf})` };
}
