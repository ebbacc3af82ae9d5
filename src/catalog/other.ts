// Non-compute rates (us-east-1) that a container bill also carries: public IPv4, NAT gateway,
// VPC endpoints, cross-AZ transfer, EKS control plane, CloudWatch Logs ingestion, EBS gp3, ALB and
// NLB (hours and capacity units), internet egress by tier. Keys carry the unit. Free tiers are not
// modelled; internet egress is tiered (INTERNET_EGRESS_TIERS), the rest are first-tier list rates.

import { CatalogError } from './errors.js';
import type { OtherRate } from './types.js';

const NETWORK_NOTE_SOURCE =
  'https://www.zacfukuda.com/blog/aws-nat-gateway-vs-vpc-endpoint ("as of June 1, 2026"); ' +
  'https://basavytix.com/blog/aws-nat-gateway-pricing';

const INTERNET_EGRESS_SOURCE =
  'https://aws.amazon.com/ec2/pricing/on-demand/ (Data Transfer OUT From Amazon EC2 To Internet, US East (N. Virginia)), as tabulated in ' +
  'https://wring.co/blog/aws-data-transfer-pricing-guide ("AWS Data Transfer Pricing, 2026": first 100 GB free, up to 10 TB $0.09, next 40 TB $0.085, ' +
  'next 100 TB $0.07, over 150 TB $0.05) and https://cloud-cost-557.pages.dev/blog/estimate-aws-data-transfer-bill/ ("list prices as of June 2026")';

/** Pricing-page quotes collected in a dated pricing-claims note in the code index (repository not named). */
const CLAIMS_NOTE = 'quoted verbatim in a pricing-claims note found in the code index (read 2026-09-29; repository not named)';

export const OTHER_RATES = {
  publicIpv4UsdPerAddressHour: {
    region: 'us-east-1',
    rate: { usd: '0.005', unit: 'address-hour' },
    source:
      'https://vishalvyas.com/understand-aws-public-ipv4-address-usage-and-pricing/ (rate); ' +
      'https://www.repost.aws/articles/ARapCqBMkaTfCidGWemmSjAA/public-ipv4-addresses-cost-projection (dates); ' +
      `https://aws.amazon.com/vpc/pricing/ ("Hourly charge for In-use Public IPv4 Address $0.005", ${CLAIMS_NOTE})`,
    asOf: '2024-02-01',
    note: 'In use or idle, from 2024-02-01 (announced 2023-07-28). VPC page: billed in one-second increments, 60 s minimum. Applies to each Fargate task ENI with a public IP.',
  },
  natGatewayUsdPerHour: {
    region: 'us-east-1',
    rate: { usd: '0.045', unit: 'gateway-hour' },
    source: NETWORK_NOTE_SOURCE,
    asOf: '2026-06-01',
    partialHourBilledAsFullHour: true,
    note: 'Third-party pages; AWS VPC pricing page: "Each partial NAT Gateway-hour consumed is billed as a full hour."',
  },
  natGatewayUsdPerGbProcessed: {
    region: 'us-east-1',
    rate: { usd: '0.045', unit: 'GB processed' },
    source: NETWORK_NOTE_SOURCE,
    asOf: '2026-06-01',
    note: 'Both directions.',
  },
  interfaceEndpointUsdPerAzHour: {
    region: 'us-east-1',
    rate: { usd: '0.01', unit: 'endpoint-AZ-hour' },
    source: 'https://www.zacfukuda.com/blog/aws-nat-gateway-vs-vpc-endpoint',
    asOf: '2026-06-01',
    note: 'Per interface endpoint (ECR api, ECR dkr, CloudWatch Logs, SSM …) per AZ. Gateway endpoints (S3, DynamoDB) are free.',
  },
  interfaceEndpointUsdPerGbProcessed: {
    region: 'us-east-1',
    rate: { usd: '0.01', unit: 'GB processed' },
    source: 'https://www.zacfukuda.com/blog/aws-nat-gateway-vs-vpc-endpoint',
    asOf: '2026-06-01',
  },
  crossAzUsdPerGbEachWay: {
    region: 'us-east-1',
    rate: { usd: '0.01', unit: 'GB each way' },
    source: 'https://basavytix.com/blog/aws-nat-gateway-pricing',
    asOf: '2026-06-01',
    note: 'Charged in each direction (out of one AZ and into the other). Third-party page; date is that of the companion source.',
  },
  eksControlPlaneUsdPerClusterHour: {
    region: 'us-east-1',
    rate: { usd: '0.10', unit: 'cluster-hour' },
    source:
      'https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/ ' +
      '("Pricing for clusters running Kubernetes versions in standard support is unchanged — you will continue to ' +
      'pay $0.10 per cluster per hour"); https://aws.amazon.com/eks/pricing/ ("You pay $0.10 per hour for each ' +
      `Amazon EKS cluster that you create.", ${CLAIMS_NOTE})`,
    asOf: '2026-09-29',
    note: 'Standard support. The AWS blog copy read was a mirror of the aws.amazon.com post (pricing effective April 2024).',
  },
  eksExtendedSupportUsdPerClusterHour: {
    region: 'us-east-1',
    rate: { usd: '0.60', unit: 'cluster-hour' },
    source: 'https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/',
    asOf: '2024-04-01',
    note: 'TOTAL per cluster-hour (replaces the 0.10, not added to it) for a Kubernetes version in extended support, from the April 2024 billing cycle.',
  },
  cloudwatchLogsIngestionUsdPerGb: {
    region: 'us-east-1',
    rate: { usd: '0.50', unit: 'GB ingested' },
    source:
      'https://c3x.dev/blog/cloudwatch-logs-cost-optimization ("us-east-1, June 2026 … Ingestion: $0.50 per GB"); ' +
      'https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing; https://aws.amazon.com/cloudwatch/pricing/ ' +
      '(as quoted in public code: "US East (N. Virginia) … Collect (Data Ingestion) Standard $0.50 per GB")',
    asOf: '2026-06',
    note: 'Standard log class, first tier; not in aws-facts. Secondary sources: no stored first-party copy renders the table. Volume tiers and storage ($0.03/GB-month) not modelled.',
  },
  ebsGp3UsdPerGbMonth: {
    region: 'us-east-1',
    rate: { usd: '0.08', unit: 'GB-month' },
    source: `https://aws.amazon.com/ebs/pricing/ ("General Purpose SSD (gp3) - Storage $0.08/GB-month", ${CLAIMS_NOTE}, N. Virginia); https://www.saisci.com/aws/gp3-throughput-explained/`,
    asOf: '2026-09-29',
    note: 'Storage only; baseline 3,000 IOPS and 125 MiB/s included. Not in aws-facts. EBS page: billed per second, 60-second minimum.',
  },
  albUsdPerHour: {
    region: 'us-east-1',
    rate: { usd: '0.0225', unit: 'load-balancer-hour' },
    source: `https://aws.amazon.com/elasticloadbalancing/pricing/ (US-East-1 worked example, ${CLAIMS_NOTE})`,
    asOf: '2026-09-29',
    partialHourBilledAsFullHour: true,
    note: 'Per load balancer; the LCU charge is albUsdPerLcuHour. Not in aws-facts.',
  },
  albUsdPerLcuHour: {
    region: 'us-east-1',
    rate: { usd: '0.008', unit: 'LCU-hour' },
    source:
      'https://aws.amazon.com/elasticloadbalancing/pricing/ ("$0.008 per LCU-hour (or partial hour)", US-East-1 worked example, ' +
      'as transcribed in api-evangelist/amazon-elastic-load-balancing:plans/amazon-elastic-load-balancing-plans-pricing.yml, read 2026-09-20); ' +
      'https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/ (2026-05-08: "$0.0225 per ALB per hour … The LCU-hour bills $0.008")',
    asOf: '2026-09-20',
    note: 'LCU = the largest of the four dimensions in LB_CAPACITY_UNITS.alb, per hour. Not in aws-facts.',
  },
  nlbUsdPerHour: {
    region: 'us-east-1',
    rate: { usd: '0.0225', unit: 'load-balancer-hour' },
    source:
      'https://aws.amazon.com/elasticloadbalancing/pricing/ (NLB hourly, US-East-1, as transcribed in ' +
      'api-evangelist/amazon-elastic-load-balancing:plans/amazon-elastic-load-balancing-plans-pricing.yml, read 2026-09-20); ' +
      'https://aws.amazon.com/elasticloadbalancing/networkloadbalancer (stored copy: "Each partial Network Load Balancer hour used is billed as a full hour")',
    asOf: '2026-09-20',
    partialHourBilledAsFullHour: true,
    note: 'Same hourly figure as the ALB in us-east-1. Not in aws-facts.',
  },
  nlbUsdPerNlcuHour: {
    region: 'us-east-1',
    rate: { usd: '0.006', unit: 'NLCU-hour' },
    source:
      'https://aws.amazon.com/elasticloadbalancing/pricing/ ("$0.006 per NLCU", "TCP: 800 new connections/sec, 100,000 active connections, 1 GB per hour", ' +
      'as transcribed in api-evangelist/amazon-elastic-load-balancing:plans/amazon-elastic-load-balancing-plans-pricing.yml, read 2026-09-20)',
    asOf: '2026-09-20',
    note: 'TCP listeners (LB_CAPACITY_UNITS.nlb). Not in aws-facts.',
  },
  internetEgressUsdPerGbFirst10Tb: {
    region: 'us-east-1',
    rate: { usd: '0.09', unit: 'GB out to the internet' },
    source: INTERNET_EGRESS_SOURCE,
    asOf: '2026-06-10',
    note: 'Tier 1 of INTERNET_EGRESS_TIERS (the first 10 TB of a month). The account-wide 100 GB/month free tier is not applied.',
  },
  internetEgressUsdPerGbNext40Tb: {
    region: 'us-east-1',
    rate: { usd: '0.085', unit: 'GB out to the internet' },
    source: INTERNET_EGRESS_SOURCE,
    asOf: '2026-06-10',
  },
  internetEgressUsdPerGbNext100Tb: {
    region: 'us-east-1',
    rate: { usd: '0.07', unit: 'GB out to the internet' },
    source: INTERNET_EGRESS_SOURCE,
    asOf: '2026-06-10',
  },
  internetEgressUsdPerGbOver150Tb: {
    region: 'us-east-1',
    rate: { usd: '0.05', unit: 'GB out to the internet' },
    source: INTERNET_EGRESS_SOURCE,
    asOf: '2026-06-10',
  },
} satisfies Record<string, OtherRate>;

/**
 * What one load balancer capacity unit holds, per dimension; an hour's LCUs are the largest of
 * the dimensions' quotients (ALB: "You are charged only on the dimension with the highest usage").
 * ALB: 25 new connections/s, 3,000 active connections (per minute), 1 GB processed per hour
 * (EC2/container/IP targets), 1,000 rule evaluations/s with the first 10 rules of a request free.
 * NLB (TCP): 800 new connections/s, 100,000 active connections, 1 GB per hour; no rules.
 */
export const LB_CAPACITY_UNITS = {
  alb: { newConnectionsPerSecond: 25, activeConnections: 3000, processedGbPerHour: 1, ruleEvaluationsPerSecond: 1000, freeRulesPerRequest: 10 },
  nlb: { newConnectionsPerSecond: 800, activeConnections: 100_000, processedGbPerHour: 1, ruleEvaluationsPerSecond: Infinity, freeRulesPerRequest: 0 },
  source:
    'https://aws.amazon.com/elasticloadbalancing/pricing/ (LCU and NLCU definitions and the US-East-1 worked example: 1 new connection/s lasting 2 minutes, ' +
    '5 requests/s, 300 KB/s processed, 60 rules → max(0.04, 0.04, 1.08, 0.25) = 1.08 LCU; as transcribed in ' +
    'api-evangelist/amazon-elastic-load-balancing:plans/amazon-elastic-load-balancing-plans-pricing.yml and quoted in public cost-tool code); ' +
    'https://handbook.vantage.sh/aws/services/elb-pricing',
  asOf: '2026-09-20',
} as const;

/**
 * Internet egress tiers per month, GB (AWS's "First 10 TB / Next 40 TB / Next 100 TB / Greater
 * than 150 TB", TB = 1,024 GB as AWS's usage reports count), each with its rate's name.
 */
export const INTERNET_EGRESS_TIERS: readonly { upToGb: number; rate: OtherRateName }[] = [
  { upToGb: 10 * 1024, rate: 'internetEgressUsdPerGbFirst10Tb' },
  { upToGb: 50 * 1024, rate: 'internetEgressUsdPerGbNext40Tb' },
  { upToGb: 150 * 1024, rate: 'internetEgressUsdPerGbNext100Tb' },
  { upToGb: Infinity, rate: 'internetEgressUsdPerGbOver150Tb' },
];

export type OtherRateName = keyof typeof OTHER_RATES;

/** One non-compute rate for a region: the catalog's, or the scenario's override (USD per the catalog unit). */
export interface OtherRateQuoteData {
  name: OtherRateName;
  /** Exact decimal string, as the rate card prints it or as the override gives it. */
  usd: string;
  unit: string;
  source: string;
  partialHourBilledAsFullHour: boolean;
}

/** The catalog rate for `region`, or the override; a CatalogError naming the rate when neither exists. */
export function otherRate(name: OtherRateName, region: string, override?: string): OtherRateQuoteData {
  const entry = OTHER_RATES[name];
  const partialHourBilledAsFullHour = 'partialHourBilledAsFullHour' in entry && entry.partialHourBilledAsFullHour === true;
  if (override !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(override)) throw new CatalogError(`rates.other.${name} must be a decimal USD amount, got "${override}".`);
    return { name, usd: override, unit: entry.rate.unit, source: `scenario rates.other.${name}`, partialHourBilledAsFullHour };
  }
  if (entry.region !== region) {
    throw new CatalogError(
      `No sourced rate "${name}" (USD per ${entry.rate.unit}) for region "${region}": the catalog has it for ` +
        `${entry.region} only. Give it under the scenario's rates.other.${name}.`,
      [entry.region],
    );
  }
  return { name, usd: entry.rate.usd, unit: entry.rate.unit, source: `${entry.source} (as of ${entry.asOf})`, partialHourBilledAsFullHour };
}

/**
 * ECS Managed Instances: AWS launches, patches and retires the EC2 instances of the capacity
 * provider; the bill is the instance's EC2 price plus a management fee per instance, "billed per
 * second with a one-minute minimum". AWS's pricing page gives the fee by instance type and shows
 * one example: c6a.2xlarge, $0.037 per instance-hour (us-east-1). No per-type table was found
 * in the stored sources, so the fee is modelled as that example's share of the on-demand price:
 * c6a.2xlarge = 4 × c6a.large ($0.0765, INSTANCE_TYPES) = $0.306 per hour; 0.037 / 0.306 =
 * 0.12092 → 0.1209 (an assumption beyond the one type; a scenario can give its own share).
 */
export const MANAGED_INSTANCES_FEE = {
  shareOfOnDemand: '0.1209',
  example: { instanceType: 'c6a.2xlarge', usdPerHour: '0.037', onDemandUsdPerHour: '0.306' },
  minimumBilledSeconds: 60,
  source:
    'https://aws.amazon.com/ecs/pricing/ ("ECS Managed Instances management fee (example c6a.2xlarge)": $0.037 per instance hour, ' +
    '"Billed per second with a one-minute minimum"; as transcribed in api-evangelist/amazon-ecs:plans/amazon-ecs-plans-pricing.yml, read 2026-09-20); ' +
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ManagedInstances.html',
  asOf: '2026-09-20',
} as const;
