// The network path of image pulls and logs (aws-facts §3.7), for the `nat` and `vpc-endpoints`
// paths (the `public` path costs nothing and has no meter):
// - NAT: one gateway per AZ for the whole horizon, each partial gateway-hour billed as a full
//   hour, plus $ per GB processed of every pulled byte (`imagePull` signals) and logged byte.
// - VPC endpoints: each interface endpoint in each AZ for the whole horizon, plus $ per GB
//   processed. Split chosen for pulls: the manifest and auth calls go through ecr.api / ecr.dkr
//   (kilobytes: counted as 0 bytes), the layers (all of `imagePull.bytes`) through the free S3
//   gateway endpoint, shown as a $0 line. Logs go through the logs interface endpoint.
// Cross-AZ traffic, internet egress and other services' traffic are left out.
//
// GB = 2^30 bytes. AWS meters traffic in bytes; its usage reports convert with 1024³ (EBS
// VolumeUsage byte-hours / 1024³), and storage vendors that mirror AWS billing describe base-2
// "GB" as "the AWS convention" (https://docs.wasabi.com/docs/does-wasabi-use-base-2-or-base-10-in-billing-calculations).
// No first-party statement for NAT was found; this matches the Fargate meter's GB = GiB. A
// decimal GB would make the per-GB lines 7.4% higher.
// By clock hour: gateways and endpoints every hour of the run, pulled bytes in the hour of the pull,
// logged bytes as the logs meter has them.

import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import type { NetworkSpec } from '../domain/extras.js';
import type { OtherRateQuote } from './quote.js';
import type { ClockHours, HourlyDriver, HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';
import { hoursIn } from './usage.js';

export const BYTES_PER_GB = 2 ** 30;

export interface NetworkRates {
  /** Per NAT gateway-hour, or per interface endpoint per AZ-hour. */
  hour: OtherRateQuote;
  /** Per GB processed by the NAT gateway or the interface endpoints. */
  gb: OtherRateQuote;
  /** VPC endpoints path: the S3 gateway endpoint ($0), for the line that shows the pulled GB. */
  s3GatewayGb?: OtherRateQuote;
}

/** Where the logged volume comes from (the logs meter), when there are logs. */
export interface LogVolume {
  ingestedGiB(): Dec;
  /** A line priced at `usdPerGiB` on the logged volume, by clock hour. */
  hourlyDriver(usdPerGiB: string): HourlyDriver;
}

export class NetworkMeter {
  private pullBytes = 0n;
  private pulls = 0;
  /** Pulled bytes by clock hour (whole bytes, exact in float64). */
  private readonly pullBytesByHour: Float64Array;

  constructor(
    signals: Signals,
    private readonly spec: NetworkSpec,
    private readonly rates: NetworkRates,
    private readonly horizonSeconds: number,
    private readonly logs: LogVolume | null,
  ) {
    if (spec.path === 'public') throw new Error("NetworkMeter: the 'public' path has nothing to bill");
    const byHour = (this.pullBytesByHour = new Float64Array(hoursIn(horizonSeconds)));
    signals.imagePull.connect(({ t, bytes }) => {
      this.pullBytes += BigInt(Math.round(bytes));
      this.pulls++;
      if (byHour.length > 0) byHour[Math.min(byHour.length - 1, Math.floor(t / 3600))] += Math.round(bytes);
    });
  }

  /** Nothing is open: gateways and endpoints are billed for the horizon, bytes as they pass. */
  finish(): void {}

  pulledGiB(): Dec {
    return new Dec(this.pullBytes.toString()).div(BYTES_PER_GB);
  }

  hourly(clock: ClockHours): HourlyDrivers {
    const { azs, interfaceEndpoints } = this.spec;
    const { hour, gb, s3GatewayGb } = this.rates;
    const pulled = (usd: string): HourlyDriver => ({ kind: 'ticks', ticks: this.pullBytesByHour, usd: new Dec(usd), divisor: BYTES_PER_GB });
    const drivers: HourlyDrivers = new Map();
    if (this.spec.path === 'nat') {
      drivers.set('nat.hours', { kind: 'usd', usd: hour.hourlyForRun(clock, azs) });
      drivers.set('nat.processed.pulls', pulled(gb.usd));
      if (this.logs) drivers.set('nat.processed.logs', this.logs.hourlyDriver(gb.usd));
      return drivers;
    }
    drivers.set('vpce.interface.hours', { kind: 'usd', usd: hour.hourlyForRun(clock, interfaceEndpoints * azs) });
    if (this.logs) drivers.set('vpce.interface.processed.logs', this.logs.hourlyDriver(gb.usd));
    if (s3GatewayGb) drivers.set('vpce.s3-gateway.pulls', pulled(s3GatewayGb.usd));
    return drivers;
  }

  lineItems(): LineItem[] {
    const { azs, interfaceEndpoints } = this.spec;
    const { hour, gb, s3GatewayGb } = this.rates;
    const hours = hour.hoursFor(this.horizonSeconds);
    const logsGiB = this.logs?.ingestedGiB() ?? new Dec(0);
    const pulled = `${this.pulls} image pulls`;
    const items: LineItem[] = [];
    if (this.spec.path === 'nat') {
      items.push(hour.lineItem('nat.hours', `NAT gateways (${azs}, one per AZ)`, hours.times(azs), 'gateway-hours'));
      if (this.pulls > 0) items.push(gb.lineItem('nat.processed.pulls', `NAT data processed: ${pulled}`, this.pulledGiB(), 'GB'));
      if (logsGiB.gt(0)) items.push(gb.lineItem('nat.processed.logs', 'NAT data processed: logs', logsGiB, 'GB'));
      return items;
    }
    const endpointAzs = interfaceEndpoints * azs;
    items.push(hour.lineItem('vpce.interface.hours', `Interface VPC endpoints (${interfaceEndpoints} × ${azs} AZs)`, hours.times(endpointAzs), 'endpoint-AZ-hours'));
    if (logsGiB.gt(0)) items.push(gb.lineItem('vpce.interface.processed.logs', 'Interface endpoint data processed: logs', logsGiB, 'GB'));
    if (this.pulls > 0 && s3GatewayGb) {
      items.push(s3GatewayGb.lineItem('vpce.s3-gateway.pulls', `S3 gateway endpoint (free): image layers of ${pulled}`, this.pulledGiB(), 'GB'));
    }
    return items;
  }
}
