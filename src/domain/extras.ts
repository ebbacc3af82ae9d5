// What a container bill carries besides compute, as a scenario states it: public IPv4, EBS per
// instance, the network path of image pulls and logs, CloudWatch Logs volume, EKS control planes.
// The spec, its documented defaults, its validity and the catalog rates it needs; billing/extras
// meters it.

import type { OtherRateName } from '../catalog/index.js';

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

/**
 * A load balancer in front of the service: its hours and its capacity units from the simulated
 * traffic (billing/lb-meter.ts). Byte and connection figures are the scenario's assumptions.
 */
export interface LoadBalancerSpec {
  type: 'alb' | 'nlb';
  /** Load balancers billed by the hour (traffic is split over them; capacity units add up the same). */
  count: number;
  /** Bytes of a request and of its response through the load balancer (LCU processed bytes, both ways). */
  requestBytes: number;
  responseBytes: number;
  /** Requests a client sends on one connection before closing it (HTTP keep-alive reuse); 1 = a connection per request. */
  requestsPerConnection: number;
  /** How long a client connection stays open, seconds (active connections = new connections/s × this). */
  connectionSeconds: number;
  /** Listener rules evaluated per request (ALB; the first 10 are free). */
  rulesPerRequest: number;
  /** Cross-zone load balancing: always on for an ALB (and free of inter-AZ charges); off by default for an NLB. */
  crossZone: boolean;
}

/** Data transfer the service's traffic causes (billing/transfer-meter.ts), by GB. */
export interface DataTransferSpec {
  /** Bytes sent to internet clients per request served (responses), billed by the month's tiers. */
  internetEgressBytesPerRequest: number;
  /** Bytes exchanged with other services per request served (calls and their answers), crossing AZs at 1 − 1/azs. */
  serviceBytesPerRequest: number;
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
  /** A load balancer billed from the traffic; null or absent for none. */
  loadBalancer?: LoadBalancerSpec | null;
  /** Internet egress and service-to-service transfer; null or absent for none. */
  dataTransfer?: DataTransferSpec | null;
}

/**
 * Load balancer defaults, each a stated assumption except where noted:
 * - `requestBytes: 1000`, `responseBytes: 10000`: a small JSON API (AWS publishes no typical size).
 * - `requestsPerConnection: 10`: clients reuse a kept-alive connection for a few requests.
 * - `connectionSeconds: 60`: a connection stays open about the ALB's default idle timeout, 60 s
 *   (docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout).
 * - `rulesPerRequest: 1`: one listener rule (the default action); the first 10 are free.
 * - `crossZone`: ALB always on (AWS: "always turned on at the load balancer level"); NLB off (AWS's default).
 */
export function withLoadBalancerDefaults(input: Partial<LoadBalancerSpec> = {}): LoadBalancerSpec {
  const type = input.type ?? 'alb';
  return {
    type,
    count: 1,
    requestBytes: 1000,
    responseBytes: 10_000,
    requestsPerConnection: 10,
    connectionSeconds: 60,
    rulesPerRequest: 1,
    ...input,
    crossZone: type === 'alb' ? true : (input.crossZone ?? false),
  };
}

export function withDataTransferDefaults(input: Partial<DataTransferSpec> = {}): DataTransferSpec {
  return { internetEgressBytesPerRequest: 0, serviceBytesPerRequest: 0, ...input };
}

/**
 * Defaults, each a plain choice:
 * - `publicIpv4: false`: private subnets, the layout AWS recommends for services behind a load balancer.
 * - `ebsGiBPerInstance: 30`: the ECS-optimized Amazon Linux 2 / 2023 AMI "ships with a single
 *   30-GiB root volume" (awsdocs/amazon-ecs-developer-guide:doc_source/ecs-ami-storage-config.md).
 *   EKS node groups differ (eksctl 80 GiB): set it.
 * - `network`: NAT; 3 interface endpoints (ecr.api, ecr.dkr, logs) when the path is
 *   `vpc-endpoints`. `azs: 2` here is only the library fallback (an Application Load Balancer
 *   needs subnets in at least two AZs): a scenario's run takes the AZ count of its cluster's
 *   subnets (3 by default) or 3 for a fixed fleet (scenario/resolve-billing.ts `resolveExtras`),
 *   unless `network.azs` is given.
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

export type ExtrasInput = Partial<Omit<ExtrasSpec, 'network' | 'loadBalancer' | 'dataTransfer'>> & {
  network?: Partial<NetworkSpec>;
  loadBalancer?: Partial<LoadBalancerSpec> | null;
  dataTransfer?: Partial<DataTransferSpec> | null;
};

/** The spec with every field not given taken from `DEFAULT_EXTRAS` (and the load balancer's and transfer's defaults). */
export function withExtrasDefaults(input: ExtrasInput = {}): ExtrasSpec {
  const { loadBalancer, dataTransfer, ...rest } = input;
  return {
    ...DEFAULT_EXTRAS,
    ...rest,
    network: { ...DEFAULT_EXTRAS.network, ...input.network },
    // Only when given, so a spec without them (and results.json) reads as before.
    ...(loadBalancer ? { loadBalancer: withLoadBalancerDefaults(loadBalancer) } : {}),
    ...(dataTransfer ? { dataTransfer: withDataTransferDefaults(dataTransfer) } : {}),
  };
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
  const lb = spec.loadBalancer;
  if (lb) {
    if (!(Number.isInteger(lb.count) && lb.count >= 1)) problems.push(`loadBalancer.count must be a whole number ≥ 1, got ${lb.count}`);
    for (const key of ['requestBytes', 'responseBytes'] as const) {
      if (!(Number.isFinite(lb[key]) && lb[key] >= 0)) problems.push(`loadBalancer.${key} must be a number of bytes ≥ 0, got ${lb[key]}`);
    }
    if (!(Number.isFinite(lb.requestsPerConnection) && lb.requestsPerConnection >= 1)) problems.push(`loadBalancer.requestsPerConnection must be ≥ 1, got ${lb.requestsPerConnection}`);
    if (!(Number.isFinite(lb.connectionSeconds) && lb.connectionSeconds > 0)) problems.push(`loadBalancer.connectionSeconds must be > 0, got ${lb.connectionSeconds}`);
    if (!isCount(lb.rulesPerRequest)) problems.push(`loadBalancer.rulesPerRequest must be a whole number ≥ 0, got ${lb.rulesPerRequest}`);
    if (lb.type === 'nlb' && lb.rulesPerRequest > 1) problems.push(`loadBalancer.rulesPerRequest applies to an ALB only (an NLB has no listener rules), got ${lb.rulesPerRequest}`);
  }
  const dt = spec.dataTransfer;
  if (dt) {
    for (const key of ['internetEgressBytesPerRequest', 'serviceBytesPerRequest'] as const) {
      if (!(Number.isFinite(dt[key]) && dt[key] >= 0)) problems.push(`dataTransfer.${key} must be a number of bytes ≥ 0, got ${dt[key]}`);
    }
  }
  if (spec.network.path === 'public' && !spec.publicIpv4) {
    problems.push("network.path 'public' needs publicIpv4: true (without NAT or endpoints, a task in a public subnet reaches ECR only through its own public IP)");
  }
  return problems;
}

/** Rates given by the scenario instead of the catalog, USD per the catalog rate's unit, by `OTHER_RATES` key. */
export type OtherRateOverrides = Partial<Record<OtherRateName, string>>;

/** The catalog rates the spec's meters need, in the order they are built. */
export function requiredRates(spec: ExtrasSpec): OtherRateName[] {
  const names: OtherRateName[] = [];
  if (spec.publicIpv4) names.push('publicIpv4UsdPerAddressHour');
  if (spec.ebsGiBPerInstance > 0) names.push('ebsGp3UsdPerGbMonth');
  if (spec.logsGiBPerTaskHour > 0) names.push('cloudwatchLogsIngestionUsdPerGb');
  if (spec.network.path === 'nat') names.push('natGatewayUsdPerHour', 'natGatewayUsdPerGbProcessed');
  if (spec.network.path === 'vpc-endpoints') names.push('interfaceEndpointUsdPerAzHour', 'interfaceEndpointUsdPerGbProcessed');
  if (spec.eksClusters > 0) names.push(spec.eksExtendedSupport ? 'eksExtendedSupportUsdPerClusterHour' : 'eksControlPlaneUsdPerClusterHour');
  if (spec.loadBalancer?.type === 'alb') names.push('albUsdPerHour', 'albUsdPerLcuHour');
  if (spec.loadBalancer?.type === 'nlb') names.push('nlbUsdPerHour', 'nlbUsdPerNlcuHour');
  if (spec.loadBalancer?.type === 'nlb' && spec.loadBalancer.crossZone) names.push('crossAzUsdPerGbEachWay');
  if (spec.dataTransfer && spec.dataTransfer.serviceBytesPerRequest > 0) names.push('crossAzUsdPerGbEachWay');
  if (spec.dataTransfer && spec.dataTransfer.internetEgressBytesPerRequest > 0) {
    names.push('internetEgressUsdPerGbFirst10Tb', 'internetEgressUsdPerGbNext40Tb', 'internetEgressUsdPerGbNext100Tb', 'internetEgressUsdPerGbOver150Tb');
  }
  return [...new Set(names)];
}

