// Windows Server on EC2: the licence AWS adds per vCPU-hour to the Linux price of a
// license-included instance, its billing granularity, and the start-up defaults of Windows
// tasks. Left out: SQL Server editions, BYOL and Dedicated Hosts, Optimize CPUs.

import { Decimal } from 'decimal.js';
import type { Sourced } from './types.js';

/**
 * Windows Server licence on a license-included EC2 instance, USD per vCPU-hour (usage operation
 * RunInstances:0002). AWS's table gives one figure for every type; the Windows on-demand price
 * is the Linux price + vCPU × this. Cross-check: x2iedn.32xlarge in af-south-1, Windows 43.984 −
 * Linux 38.096 = 5.888 = 128 vCPU × 0.046, on-demand and for every RI term and payment alike
 * (so RIs and Savings Plans discount the Linux part only; the licence is paid in full).
 */
export const EC2_WINDOWS_LICENSE_USD_PER_VCPU_HOUR = '0.046';

export const EC2_WINDOWS_LICENSE_SOURCE: Sourced = {
  source:
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/optimize-cpu.html (table "License-included AMI instance billing": ' +
    'Windows Server, RunInstances:0002, $0.046 per vCPU hour; read via the docs.amazonaws.cn mirror); cross-check ' +
    'vantage-sh/ec2instances.info:next/utils/mocks/ec2_single_instance.json (x2iedn.32xlarge mswin vs linux, all regions, on-demand and reserved); ' +
    'https://strategic-blue.com/resources/blog/understanding-windows-license-costs-on-aws-analysis-and-pricing-insights (2023-06-21: $0.046 for ~95% of types)',
  asOf: '2026-09-29',
  note:
    'Burstable t2, t3 and t3a types pay the licence on their baseline, not on every vCPU (EC2_WINDOWS_BURSTABLE_SOURCE). ' +
    'Some older types are priced off this rule by AWS (strategic-blue 2023); theirs here is the rule, an approximation: give the ' +
    'type\'s published Windows price under `instanceTypes[].prices.windows` to use it instead.',
};

/**
 * CPU credits a burstable type earns per hour (EC2 User Guide credit table): its baseline is
 * credits ÷ 60 vCPUs (t3.medium: 24 credits = 0.4 vCPU, 20 % of each of its 2 vCPUs), and that is
 * what AWS charges the Windows licence on, so t3.medium Windows = 0.0416 + 0.4 × 0.046 = $0.0600
 * an hour in us-east-1, not 0.0416 + 2 × 0.046 = $0.1336.
 */
export const BURSTABLE_CREDITS_PER_HOUR: Readonly<Record<string, number>> = Object.freeze({
  't2.nano': 3, 't2.micro': 6, 't2.small': 12, 't2.medium': 24, 't2.large': 36, 't2.xlarge': 54, 't2.2xlarge': 81.6,
  't3.nano': 6, 't3.micro': 12, 't3.small': 24, 't3.medium': 24, 't3.large': 36, 't3.xlarge': 96, 't3.2xlarge': 192,
  't3a.nano': 6, 't3a.micro': 12, 't3a.small': 24, 't3a.medium': 24, 't3a.large': 36, 't3a.xlarge': 96, 't3a.2xlarge': 192,
});

export const EC2_WINDOWS_BURSTABLE_SOURCE: Sourced = {
  source:
    'credits per hour: awsdocs/amazon-ec2-user-guide:doc_source/burstable-credits-baseline-concepts.md (credit table; "Baseline utilization % = ' +
    '(number of credits earned/number of vCPUs)/60 minutes"); the licence on credits ÷ 60 vCPUs, from AWS Price List line items quoted in public files ' +
    'found through the code index (repositories not named): "$0.0736 per Windows t3.xlarge Dedicated Host Instance hour" (the licence alone: ' +
    '96 ÷ 60 × 0.046 = 0.0736; beside "$0.092 per Windows z1d.large Dedicated Host Instance hour" = 2 × 0.046), "$0.064 per On Demand Windows ' +
    't3.medium Instance Hour" in EU (Ireland) (0.0456 Linux + 24 ÷ 60 × 0.046), "$0.0162 per On Demand Windows t2.micro Instance Hour" in ' +
    'US West (Oregon) (0.0116 + 6 ÷ 60 × 0.046)',
  asOf: '2026-12-07',
  note:
    'AWS states no rule for it; every burstable price found fits it to the cent, and the flat per-vCPU rule misses them by 2–3x ' +
    '(t3.medium us-east-1: rule 0.0600, flat 0.1336). Read 2026-12-07; the price list lines are undated. t4g is arm64 (no Windows).',
};

/** Windows on EC2: per second with a one-minute minimum, On-Demand, Reserved and Spot, since 2021-06-11. */
export const EC2_WINDOWS_MINIMUM_BILLED_SECONDS = 60;

export const EC2_WINDOWS_BILLING_SOURCE: Sourced = {
  source:
    'AWS What\'s New "Announcing per second billing for EC2 Windows Server and SQL Server Instances" (effective 2021-06-11), ' +
    'as quoted at https://cloudsteak.com/?p=8437: "in one second increments, with a minimum of 1 minute"',
  asOf: '2021-06-11',
  note: 'Before then Windows instances were billed per hour (the 2017 per-second announcement excluded Windows).',
};

/** What the Windows licence of an instance type is charged on. */
export interface WindowsLicensed {
  /** vCPUs the licence is charged on: all of them, or a burstable type's baseline (credits ÷ 60). */
  vcpus: string;
  /** Its credits per hour, for a burstable type (null otherwise). */
  creditsPerHour: number | null;
}

/** The vCPUs a type's Windows licence is charged on (a burstable t2/t3/t3a type: its baseline). */
export function windowsLicensedVcpus(type: { name: string; vcpu: number }): WindowsLicensed {
  const credits = BURSTABLE_CREDITS_PER_HOUR[type.name];
  if (credits === undefined) return { vcpus: String(type.vcpu), creditsPerHour: null };
  return { vcpus: new Decimal(credits).dividedBy(60).toFixed(), creditsPerHour: credits };
}

/** Windows on-demand USD per hour: Linux + the licence (`windowsLicenseUsdPerHour`), exact decimal string. */
export function windowsUsdPerHour(linuxUsdPerHour: string, type: { name: string; vcpu: number }): string {
  return new Decimal(linuxUsdPerHour).plus(windowsLicenseUsdPerHour(type)).toFixed();
}

/**
 * The licence part of a Windows instance's hourly price, exact decimal string: $0.046 per vCPU,
 * and for a burstable t2/t3/t3a type per baseline vCPU (0.046 × credits per hour ÷ 60).
 */
export function windowsLicenseUsdPerHour(type: { name: string; vcpu: number }): string {
  return new Decimal(EC2_WINDOWS_LICENSE_USD_PER_VCPU_HOUR).times(windowsLicensedVcpus(type).vcpus).toFixed();
}

/**
 * Start-up defaults of Windows tasks (ECS on EC2 and Fargate), used when the scenario leaves
 * them out. The image is the Windows Server Core base image's download size (version 2004:
 * 1.856 GB, Microsoft's release notes); the container start is a modelling choice, three times
 * the Linux default, since AWS publishes no figure and only says Windows images are "much larger
 * and have more complex dependencies" so launches take longer.
 */
export const WINDOWS_TASK_DEFAULTS = {
  /** 1.856 GB (decimal) = 1770 MiB. */
  imageSizeMiB: 1770,
  containerStart: { type: 'lognormal' as const, mean: 15, p99: 45 },
};

export const WINDOWS_TASK_DEFAULTS_SOURCE: Sourced = {
  source:
    'image: https://winbuzzerac.pages.dev/posts/microsoft-releases-windows-server-version-2004 (Server Core 2004 "1.856GB through download"); ' +
    'launch: https://aws.amazon.com/blogs/containers/windows-containers-on-aws-fargate-launch-time-improvements/ ; ' +
    'https://aws.amazon.com/blogs/containers/speeding-up-windows-container-launch-times-with-ec2-image-builder-and-image-cache-strategy/ ' +
    '("around 4 to 8 minutes for a container to become ready" from an Auto Scaling trigger)',
  asOf: 'undated',
  note: 'The pages are undated (the Server Core 2004 image is from 2020). Container start mean 15 s, p99 45 s is a modelling choice (3x the Linux default), not an AWS figure.',
};

/**
 * Launch of a Windows container instance until it registers: standard Windows launches "often take
 * 15 minutes or longer" without EC2 Fast Launch, up to 65% faster with it (AWS, 2022). Default:
 * uniform 4–8 minutes, the AWS blog's range with a cached AMI (a modelling choice).
 */
export const WINDOWS_INSTANCE_LAUNCH_SECONDS = { type: 'uniform' as const, min: 240, max: 480 };
