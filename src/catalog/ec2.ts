// Look-ups over the EC2 instance table: by name (with typo suggestions), price by region,
// ECS awsvpc task slots and EKS VPC CNI max pods. Placement and billing use these; they
// never hard-code limits themselves.

import { INSTANCE_TYPE_ROWS } from './ec2-data.js';
import { CatalogError, suggestionText } from './errors.js';
import { EC2_REGION_PRICES } from './ec2-regions.js';
import type { InstanceType } from './types.js';
import { windowsUsdPerHour } from './windows.js';

export { INSTANCE_TABLE_SOURCE, NORMALIZATION_FACTORS, NORMALIZATION_FACTORS_SOURCE } from './ec2-data.js';
export { EC2_REGION_PRICES, EC2_REGION_PRICES_SOURCE } from './ec2-regions.js';

export const INSTANCE_TYPES: readonly InstanceType[] = INSTANCE_TYPE_ROWS;

const BY_NAME: ReadonlyMap<string, InstanceType> = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));
const NAMES: readonly string[] = INSTANCE_TYPES.map((t) => t.name).sort();

/** On-demand Linux prices per region: us-east-1 from the instance table, the others from ec2-regions.ts. */
const ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'us-east-1': Object.fromEntries(INSTANCE_TYPES.map((t) => [t.name, t.onDemandUsdPerHour])),
  ...EC2_REGION_PRICES,
};

export const EC2_PRICE_REGIONS: readonly string[] = Object.keys(ON_DEMAND_USD_PER_HOUR).sort();

/**
 * A type by name: a scenario's own types (`custom`, declared under `instanceTypes:`) first, then
 * the built-in table. A scenario type may shadow a built-in one of the same name.
 */
export function instanceType(name: string, custom?: readonly InstanceType[]): InstanceType {
  const own = custom?.find((t) => t.name === name);
  if (own !== undefined) return own;
  const found = BY_NAME.get(name);
  if (found === undefined) {
    const names = custom && custom.length > 0 ? [...NAMES, ...custom.map((t) => t.name)].sort() : NAMES;
    throw new CatalogError(`Unknown instance type "${name}".${suggestionText(name, names)}`, [...names]);
  }
  return found;
}

export type Ec2Os = 'linux' | 'windows';

/**
 * On-demand USD per hour, exact decimal string. Linux: the region's table (a scenario type's own
 * `prices.onDemand` wherever it runs). Windows: the type's own Windows price when it has one,
 * else Linux + the Windows Server licence on its vCPUs, or a burstable type's baseline vCPUs
 * (catalog/windows.ts). Windows runs on x86 only.
 */
export function instanceTypePrice(name: string, region: string, os: Ec2Os = 'linux', custom?: readonly InstanceType[]): string {
  const t = instanceType(name, custom);
  if (os === 'windows' && t.arch !== 'x86_64') {
    throw new CatalogError(`${t.name} is ${t.arch}: Windows runs on x86_64 instance types only.`);
  }
  if (os === 'windows' && t.windowsUsdPerHour !== undefined) return t.windowsUsdPerHour;
  const linux = t.custom ? t.onDemandUsdPerHour : ON_DEMAND_USD_PER_HOUR[region]?.[t.name];
  if (linux === undefined) {
    throw new CatalogError(
      `No on-demand price for ${t.name} in region "${region}" (the catalog has EC2 prices for: ` +
        `${EC2_PRICE_REGIONS.join(', ')}). Give one under the scenario's \`rates\` section.`,
      [...EC2_PRICE_REGIONS],
    );
  }
  return os === 'windows' ? windowsUsdPerHour(linux, t) : linux;
}

/**
 * ECS tasks in awsvpc mode an instance can hold: one ENI per task, the primary ENI is the
 * instance's own, so maxEnis − 1; with `awsvpcTrunking` the published trunking limit.
 * Throws when trunking is asked for a type that does not support it (or is not in the table).
 */
export function ecsAwsvpcTaskLimit(t: InstanceType, trunking: boolean): number {
  if (!trunking) return t.maxEnis - 1;
  if (t.trunkingTaskLimit === null) {
    throw new CatalogError(
      `${t.name} has no ECS awsvpcTrunking task limit in the catalog (not supported, or not in the sourced ` +
        `table). Turn trunking off for it (limit ${t.maxEnis - 1}) or give the limit in the scenario.`,
    );
  }
  return t.trunkingTaskLimit;
}

/** Pods per /28 prefix under VPC CNI prefix delegation. */
const IPS_PER_PREFIX = 16;
/** Host-network pods (aws-node, kube-proxy) that take no VPC IP: the "+2" of eni-max-pods.txt. */
const HOST_NETWORK_PODS = 2;
/** EKS max-pods calculator convention for prefix delegation: 110 below 30 vCPU, else 250. */
const PREFIX_DELEGATION_CAP_SMALL = 110;
const PREFIX_DELEGATION_CAP_LARGE = 250;
const PREFIX_DELEGATION_LARGE_VCPU = 30;

/**
 * EKS pods per node with the Amazon VPC CNI.
 *
 * Default (secondary IPs): maxEnis × (ipv4PerEni − 1) + 2, the published eni-max-pods.txt value.
 * With prefix delegation (Nitro only; every type in this table is Nitro): each secondary IP slot
 * holds a /28 prefix of 16 addresses, so maxEnis × (ipv4PerEni − 1) × 16 + 2, capped at 110 for
 * instances with fewer than 30 vCPUs and 250 otherwise. The cap is the EKS max-pods calculator's
 * CONVENTION (kubelet's recommended pod density), not a VPC limit, and is not in the stored
 * AWS sources (aws-facts §3.5); override max pods in the scenario to model another choice.
 */
export function eksMaxPods(t: InstanceType, opts?: { prefixDelegation?: boolean }): number {
  const ipSlots = t.maxEnis * (t.ipv4PerEni - 1);
  if (opts?.prefixDelegation !== true) return ipSlots + HOST_NETWORK_PODS;
  const cap = t.vcpu < PREFIX_DELEGATION_LARGE_VCPU ? PREFIX_DELEGATION_CAP_SMALL : PREFIX_DELEGATION_CAP_LARGE;
  return Math.min(ipSlots * IPS_PER_PREFIX + HOST_NETWORK_PODS, cap);
}
