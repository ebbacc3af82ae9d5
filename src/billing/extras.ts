// Builds the meters for what a container bill carries besides compute (domain/extras.ts states
// the spec): public IPv4 addresses, the EBS volumes of EC2 container instances, the network path
// of image pulls and logs (NAT gateways or VPC endpoints), CloudWatch Logs ingestion and the EKS
// control plane. NAT gateways: one per AZ in `spec.network.azs`, which a scenario resolves to the AZ
// count of its cluster subnets (3 by default). With the run's traffic (`finish(horizon, traffic)`):
// a load balancer's hours and capacity units, and data transfer (cross-AZ, internet egress by tier).
// Free tiers and the volume tiers of logs are left out. `hourly` says how each line item falls on
// the run's clock hours (billing/hourly.ts).

import type { OtherRateName } from '../catalog/index.js';
import { validateExtras, type ExtrasSpec, type OtherRateOverrides } from '../domain/extras.js';
import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { EbsMeter } from './ebs-meter.js';
import { EksControlPlaneMeter } from './eks-meter.js';
import { LoadBalancerMeter, type MinuteTraffic } from './lb-meter.js';
import { TransferMeter } from './transfer-meter.js';
import { PublicIpv4Meter } from './ip-meter.js';
import { LogsMeter } from './logs-meter.js';
import { NetworkMeter } from './network-meter.js';
import { quoteOtherRate, s3GatewayEndpointQuote } from './quote.js';
import type { ClockHours, HourlyDrivers } from './hourly.js';
import { hoursIn } from './usage.js';

export interface ExtraMeter {
  /** `traffic`: the run's requests per minute, for the meters billed from traffic (load balancer, transfer). */
  finish(horizon: number, traffic?: MinuteTraffic): void;
  lineItems(): LineItem[];
  /** Each line item by clock hour (after `finish`). */
  hourly(clock: ClockHours): HourlyDrivers;
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
  const hours = hoursIn(horizonSeconds);
  if (spec.publicIpv4) {
    // EKS on Fargate: "A Pod running on Fargate isn't assigned a public IP address" (EKS CreateFargateProfile API).
    meters.push(new PublicIpv4Meter(signals, quote('publicIpv4UsdPerAddressHour'), { taskEnis: spec.eksClusters === 0, instances: true }, hours));
  }
  if (spec.ebsGiBPerInstance > 0) meters.push(new EbsMeter(signals, quote('ebsGp3UsdPerGbMonth'), spec.ebsGiBPerInstance, hours));
  const logs = spec.logsGiBPerTaskHour > 0 ? new LogsMeter(signals, quote('cloudwatchLogsIngestionUsdPerGb'), spec.logsGiBPerTaskHour, hours) : null;
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
  const lb = spec.loadBalancer ?? null;
  if (lb) {
    const rates = lb.type === 'alb' ? { hour: quote('albUsdPerHour'), unit: quote('albUsdPerLcuHour') } : { hour: quote('nlbUsdPerHour'), unit: quote('nlbUsdPerNlcuHour') };
    meters.push(new LoadBalancerMeter(lb, rates, horizonSeconds));
  }
  const dt = spec.dataTransfer ?? null;
  if (lb || dt) {
    const needsCrossAz = (lb?.type === 'nlb' && lb.crossZone) || (dt?.serviceBytesPerRequest ?? 0) > 0;
    const egress = (dt?.internetEgressBytesPerRequest ?? 0) > 0 ? (name: OtherRateName) => quote(name) : null;
    meters.push(new TransferMeter(lb, dt, spec.network.azs, { crossAz: needsCrossAz ? quote('crossAzUsdPerGbEachWay') : null, egress }));
  }
  return {
    finish: (horizon, traffic) => {
      for (const m of meters) m.finish(horizon, traffic);
    },
    lineItems: () => meters.flatMap((m) => m.lineItems()),
    hourly: (clock) => new Map(meters.flatMap((m) => [...m.hourly(clock)])),
  };
}
