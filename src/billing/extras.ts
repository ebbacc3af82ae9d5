// What a container bill carries besides compute: public IPv4 addresses, the EBS volumes of EC2
// container instances, the network path of image pulls and logs (NAT gateways or VPC
// endpoints), CloudWatch Logs ingestion and the EKS control plane. This module holds the spec,
// resolves each rate (catalog `OTHER_RATES` for the region, or an override) and builds the
// meters the spec asks for. Volume tiers, free tiers and cross-AZ traffic are left out.

import { CatalogError, OTHER_RATES, type OtherRateName } from '../catalog/index.js';
import type { LineItem } from '../run/result.js';
import type { Signals } from '../service/signals.js';
import { EbsMeter } from './ebs-meter.js';
import { EksControlPlaneMeter } from './eks-meter.js';
import { PublicIpv4Meter } from './ip-meter.js';
import { LogsMeter } from './logs-meter.js';
import { Dec, toCents } from './money.js';
import { NetworkMeter } from './network-meter.js';

/**
 * How tasks reach ECR (image pulls) and CloudWatch Logs.
 * - `nat`: private subnets, one NAT gateway per AZ (AWS's highly available layout). Every pulled
 *   and logged byte is NAT "data processed".
 * - `vpc-endpoints`: private subnets with interface endpoints (ecr.api, ecr.dkr, logs …) and the
 *   free S3 gateway endpoint. Image layers come from S3, so pulled bytes cross the free gateway;
 *   the interface endpoints carry the manifests and API calls (kilobytes, counted as 0 bytes) and
 *   the logs.
 * - `public`: public subnets; each task (Fargate) or instance (EC2) has its own public IPv4
 *   (`publicIpv4` must be true), and the path itself costs nothing (data in is free).
 */
/** 'none': leave the network path out of the bill (e.g. only the EKS control plane is wanted). */
export type NetworkPath = 'nat' | 'vpc-endpoints' | 'public' | 'none';

export interface NetworkSpec {
  path: NetworkPath;
  /** AZs the subnets span: one NAT gateway, and one ENI of each interface endpoint, per AZ. */
  azs: number;
  /** Interface endpoints on the `vpc-endpoints` path, e.g. ecr.api, ecr.dkr, logs = 3 (the S3 gateway is free, not counted). */
  interfaceEndpoints: number;
}

export interface ExtrasSpec {
  /**
   * The compute's ENIs are in public subnets with a public IPv4: each Fargate task's ENI
   * (ECS only: EKS never gives a Fargate pod one) and each EC2 container instance's primary ENI.
   * An awsvpc task on EC2 never gets one (`assignPublicIp` ENABLED is for Fargate only).
   */
  publicIpv4: boolean;
  /** gp3 volume per EC2 container instance, GiB (a whole number); 0 for none. */
  ebsGiBPerInstance: number;
  network: NetworkSpec;
  /** CloudWatch Logs volume per task-hour in RUNNING, GiB; 0 for no logs. */
  logsGiBPerTaskHour: number;
  /** EKS clusters (control planes) the alternative runs; 0 for ECS. */
  eksClusters: number;
  /** The clusters run a Kubernetes version in extended support ($0.60 instead of $0.10 per cluster-hour). */
  eksExtendedSupport?: boolean;
}

/**
 * Defaults, each a plain choice:
 * - `publicIpv4: false`: private subnets, the layout AWS recommends for services behind a load balancer.
 * - `ebsGiBPerInstance: 30`: the ECS-optimized Amazon Linux 2 / 2023 AMI "ships with a single
 *   30-GiB root volume" (awsdocs/amazon-ecs-developer-guide:doc_source/ecs-ami-storage-config.md).
 *   EKS node groups differ (eksctl 80 GiB): set it.
 * - `network`: NAT in 2 AZs (an Application Load Balancer needs subnets in at least two AZs);
 *   3 interface endpoints (ecr.api, ecr.dkr, logs) when the path is `vpc-endpoints`.
 * - `logsGiBPerTaskHour: 0`: log volume is the application's; AWS publishes no typical figure.
 * - `eksClusters: 0`: ECS. An EKS scenario should default it to 1.
 */
export const DEFAULT_EXTRAS: Readonly<ExtrasSpec> = Object.freeze({
  publicIpv4: false,
  ebsGiBPerInstance: 30,
  network: Object.freeze({ path: 'nat', azs: 2, interfaceEndpoints: 3 }),
  logsGiBPerTaskHour: 0,
  eksClusters: 0,
  eksExtendedSupport: false,
});

export type ExtrasInput = Partial<Omit<ExtrasSpec, 'network'>> & { network?: Partial<NetworkSpec> };

/** The spec with every field not given taken from `DEFAULT_EXTRAS`. */
export function withExtrasDefaults(input: ExtrasInput = {}): ExtrasSpec {
  return { ...DEFAULT_EXTRAS, ...input, network: { ...DEFAULT_EXTRAS.network, ...input.network } };
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** Problems with a spec, in the scenario's terms; empty when it is valid. */
export function validateExtras(spec: ExtrasSpec): string[] {
  const problems: string[] = [];
  if (!isCount(spec.ebsGiBPerInstance)) problems.push(`ebsGiBPerInstance must be a whole number of GiB ≥ 0, got ${spec.ebsGiBPerInstance}`);
  if (!(Number.isFinite(spec.logsGiBPerTaskHour) && spec.logsGiBPerTaskHour >= 0)) problems.push(`logsGiBPerTaskHour must be ≥ 0, got ${spec.logsGiBPerTaskHour}`);
  if (!isCount(spec.eksClusters)) problems.push(`eksClusters must be a whole number ≥ 0, got ${spec.eksClusters}`);
  if (!(Number.isInteger(spec.network.azs) && spec.network.azs >= 1)) problems.push(`network.azs must be a whole number ≥ 1, got ${spec.network.azs}`);
  if (!isCount(spec.network.interfaceEndpoints)) problems.push(`network.interfaceEndpoints must be a whole number ≥ 0, got ${spec.network.interfaceEndpoints}`);
  if (spec.network.path === 'public' && !spec.publicIpv4) {
    problems.push("network.path 'public' needs publicIpv4: true (without NAT or endpoints, a task in a public subnet reaches ECR only through its own public IP)");
  }
  return problems;
}

// ---- rates --------------------------------------------------------------------------------

/** Rates given by the scenario instead of the catalog, USD per the catalog rate's unit, by `OTHER_RATES` key. */
export type OtherRateOverrides = Partial<Record<OtherRateName, string>>;

/** One non-compute rate, resolved for a region, that prices a quantity of its unit once, exactly. */
export class OtherRateQuote {
  constructor(
    readonly name: string,
    /** USD per `unit`, the exact decimal string of the rate card or the override. */
    readonly usd: string,
    readonly unit: string,
    readonly source: string,
    readonly partialHourBilledAsFullHour: boolean,
  ) {}

  /** Hours billed for a resource held `seconds` (to the second; whole hours where AWS bills partial hours as full). */
  hoursFor(seconds: number): Dec {
    const whole = Math.ceil(seconds - 1e-9);
    return this.partialHourBilledAsFullHour ? new Dec(Math.ceil(whole / 3600)) : new Dec(whole).div(3600);
  }

  /** Prices `quantity` (in `unit`, e.g. "GB") once; rounds to the cent once. */
  lineItem(id: string, description: string, quantity: Dec, unit: string): LineItem {
    const usdExact = quantity.times(this.usd);
    return {
      id,
      description,
      quantity: quantity.toDecimalPlaces(6).toFixed(),
      unit,
      usdPerUnit: new Dec(this.usd).toFixed(),
      usdExact: usdExact.toFixed(),
      usd: toCents(usdExact),
      source: this.source,
    };
  }
}

/** The catalog rate for `region`, or the override; a CatalogError naming the rate when neither exists. */
export function quoteOtherRate(name: OtherRateName, region: string, overrides: OtherRateOverrides = {}): OtherRateQuote {
  const entry = OTHER_RATES[name];
  const partial = 'partialHourBilledAsFullHour' in entry && entry.partialHourBilledAsFullHour === true;
  const override = overrides[name];
  if (override !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(override)) throw new CatalogError(`rates.other.${name} must be a decimal USD amount, got "${override}".`);
    return new OtherRateQuote(name, override, entry.rate.unit, `scenario rates.other.${name}`, partial);
  }
  if (entry.region !== region) {
    throw new CatalogError(
      `No sourced rate "${name}" (USD per ${entry.rate.unit}) for region "${region}": the catalog has it for ` +
        `${entry.region} only. Give it under the scenario's rates.other.${name}.`,
      [entry.region],
    );
  }
  return new OtherRateQuote(name, entry.rate.usd, entry.rate.unit, `${entry.source} (as of ${entry.asOf})`, partial);
}

/** The S3 gateway endpoint: no hourly or per-GB charge; a $0 line shows the pulled GB it carried. */
export function s3GatewayEndpointQuote(): OtherRateQuote {
  const basis = OTHER_RATES.interfaceEndpointUsdPerAzHour;
  return new OtherRateQuote('s3GatewayEndpoint', '0', 'GB processed', `${basis.source} ("${basis.note}") (as of ${basis.asOf})`, false);
}

// ---- assembly -----------------------------------------------------------------------------

export interface ExtraMeter {
  finish(horizon: number): void;
  lineItems(): LineItem[];
}

/** The catalog rates the spec's meters need, in the order they are built. */
export function requiredRates(spec: ExtrasSpec): OtherRateName[] {
  const names: OtherRateName[] = [];
  if (spec.publicIpv4) names.push('publicIpv4UsdPerAddressHour');
  if (spec.ebsGiBPerInstance > 0) names.push('ebsGp3UsdPerGbMonth');
  if (spec.logsGiBPerTaskHour > 0) names.push('cloudwatchLogsIngestionUsdPerGb');
  if (spec.network.path === 'nat') names.push('natGatewayUsdPerHour', 'natGatewayUsdPerGbProcessed');
  if (spec.network.path === 'vpc-endpoints') names.push('interfaceEndpointUsdPerAzHour', 'interfaceEndpointUsdPerGbProcessed');
  if (spec.eksClusters > 0) names.push(spec.eksExtendedSupport ? 'eksExtendedSupportUsdPerClusterHour' : 'eksControlPlaneUsdPerClusterHour');
  return names;
}

/** Throws a CatalogError naming the first rate the spec needs that the region lacks. */
export function checkExtrasRates(spec: ExtrasSpec, region: string, overrides: OtherRateOverrides = {}): void {
  for (const name of requiredRates(spec)) quoteOtherRate(name, region, overrides);
}

/**
 * Builds the meters the spec calls for on the run's signals. Rates are resolved here, before the
 * run, so a region without one fails at once. Call `finish(horizon)` after the run, then `lineItems()`.
 */
export function startExtraMeters(
  signals: Signals,
  spec: ExtrasSpec,
  horizonSeconds: number,
  region: string,
  overrides: OtherRateOverrides = {},
): ExtraMeter {
  const problems = validateExtras(spec);
  if (problems.length > 0) throw new Error(`extras: ${problems.join('; ')}`);
  const quote = (name: OtherRateName) => quoteOtherRate(name, region, overrides);
  const meters: ExtraMeter[] = [];
  if (spec.publicIpv4) {
    // EKS on Fargate: "A Pod running on Fargate isn't assigned a public IP address" (EKS CreateFargateProfile API).
    meters.push(new PublicIpv4Meter(signals, quote('publicIpv4UsdPerAddressHour'), { taskEnis: spec.eksClusters === 0, instances: true }));
  }
  if (spec.ebsGiBPerInstance > 0) meters.push(new EbsMeter(signals, quote('ebsGp3UsdPerGbMonth'), spec.ebsGiBPerInstance));
  const logs = spec.logsGiBPerTaskHour > 0 ? new LogsMeter(signals, quote('cloudwatchLogsIngestionUsdPerGb'), spec.logsGiBPerTaskHour) : null;
  if (logs) meters.push(logs);
  const path = spec.network.path;
  if (path === 'nat') {
    meters.push(new NetworkMeter(signals, spec.network, { hour: quote('natGatewayUsdPerHour'), gb: quote('natGatewayUsdPerGbProcessed') }, horizonSeconds, logs));
  } else if (path === 'vpc-endpoints') {
    const rates = { hour: quote('interfaceEndpointUsdPerAzHour'), gb: quote('interfaceEndpointUsdPerGbProcessed'), s3GatewayGb: s3GatewayEndpointQuote() };
    meters.push(new NetworkMeter(signals, spec.network, rates, horizonSeconds, logs));
  }
  if (spec.eksClusters > 0) {
    const rate = quote(spec.eksExtendedSupport ? 'eksExtendedSupportUsdPerClusterHour' : 'eksControlPlaneUsdPerClusterHour');
    meters.push(new EksControlPlaneMeter(rate, spec.eksClusters, horizonSeconds));
  }
  return {
    finish: (horizon) => {
      for (const m of meters) m.finish(horizon);
    },
    lineItems: () => meters.flatMap((m) => m.lineItems()),
  };
}
