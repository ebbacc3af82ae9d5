// Shapes of the catalog's data tables. Every table carries where its numbers came from
// (`source`) and when they were known to hold (`asOf`); the catalog holds data, not behaviour.

/**
 * Provenance of a table or row. `source` is a URL or `owner/repo:path`; `asOf` is an ISO date
 * (YYYY-MM-DD or YYYY-MM) for when the figure was published or read, or `undated` when the
 * source carries no date (then `note` says so and what bounds the date).
 */
export interface Sourced {
  source: string;
  asOf: string;
  note?: string;
}

/** A price per unit of time, as the exact decimal string the source prints (never a float product). */
export interface Rate {
  usd: string;
  per: 'second' | 'hour';
}

/** Fargate prices per vCPU and per GB of memory. "GB" is GiB (aws-facts modelling choice). */
export interface FargateDimensionRates {
  vcpu: Rate;
  memoryGb: Rate;
  /** Windows only: the OS licence fee, charged per vCPU on top of `vcpu`. */
  osLicenseVcpu?: Rate;
}

export interface FargateRateCard extends Sourced {
  region: string;
  linuxX86: FargateDimensionRates;
  /** Absent when no source gives ARM rates for the region. */
  linuxArm?: FargateDimensionRates;
  /** Includes `osLicenseVcpu`. Absent when no source gives Windows rates for the region. */
  windowsX86?: FargateDimensionRates;
  /** Absent → the model prices Spot as `spotFractionOfOnDemand` × on-demand. */
  spotLinuxX86?: FargateDimensionRates;
  spotLinuxArm?: FargateDimensionRates;
  /** Used when a Spot table is absent. Default 0.3 ("up to 70% off", aws-facts modelling choice). */
  spotFractionOfOnDemand: number;
  /**
   * Price per GB of ephemeral storage configured above the free 20 GB.
   * DEVIATION from the first API sketch: optional, because no source gives it for every
   * region (eu-west-1, sa-east-1). Use `requireEphemeralStorageRate(card)` to get it or a
   * CatalogError that asks for a `rates` override.
   */
  ephemeralStorageGbAbove20?: Rate;
  /** Linux tasks: per-second billing with a 1-minute minimum (aws-facts §1.1). */
  linuxMinimumBilledSeconds: number;
  /** Windows tasks: per-second billing with a 5-minute minimum (aws-facts §1.1). */
  windowsMinimumBilledSeconds: number;
  /** Ephemeral storage included with every task/pod. */
  freeEphemeralStorageGb: number;
}

export type Arch = 'x86_64' | 'arm64';

export type InstanceCategory = 'general' | 'compute' | 'memory' | 'burstable' | 'gpu';

export interface InstanceType extends Sourced {
  /** e.g. "m5.large" → family "m5", size "large". */
  name: string;
  family: string;
  size: string;
  category: InstanceCategory;
  arch: Arch;
  vcpu: number;
  memoryGiB: number;
  gpus: number;
  /** Maximum network interfaces (default network card). */
  maxEnis: number;
  /** IPv4 addresses per network interface (including the primary). */
  ipv4PerEni: number;
  /** ECS tasks per instance with `awsvpcTrunking`; null = not supported or not in the sourced table. */
  trunkingTaskLimit: number | null;
  /** Published VPC CNI max pods (eni-max-pods.txt); equals maxEnis × (ipv4PerEni − 1) + 2. */
  eksMaxPods: number;
  /** Reserved Instance size-flexibility normalization factor (large 4, xlarge 8, …). */
  normalizationFactor: number;
  /** us-east-1 Linux on-demand price per hour, decimal string (a scenario type: its price wherever it runs). */
  onDemandUsdPerHour: string;
  /** Published Windows on-demand price per hour, where it is not Linux + the per-vCPU licence. */
  windowsUsdPerHour?: string;
  /** Spot price per hour a scenario gave for its own type (else the Spot model's fraction). */
  spotUsdPerHour?: string;
  /** True for a type a scenario declared (`instanceTypes:`), not one of the built-in table. */
  custom?: boolean;
}

/** A rate for something other than compute. The unit is in `rate.unit` and in the record key. */
export interface OtherRate extends Sourced {
  region: string;
  rate: { usd: string; unit: string };
  /** True where AWS bills each partial hour as a full hour (NAT gateway, ALB). */
  partialHourBilledAsFullHour?: boolean;
}

/** One entry of the catalog's table-of-tables, for reports and `capsim catalog`. */
export interface CatalogTable extends Sourced {
  name: string;
}
