// Data transfer the service's traffic causes (domain/extras.ts `DataTransferSpec`, and the load
// balancer's cross-zone traffic), by GB (2³⁰ bytes, as the network meter):
// - Load balancer to targets in other AZs. With cross-zone load balancing on, a request reaching
//   the node in AZ a goes to any target; clients spread evenly over the n AZs' nodes, so the
//   share that stays in its AZ is Σₐ (1/n)·pₐ = 1/n whatever the task placement pₐ, and 1 − 1/n
//   crosses. An ALB's cross-zone traffic is free (a $0 line shows the GB); an NLB's, with
//   cross-zone on, pays inter-AZ transfer ($ per GB each way: out of one AZ and into the other).
//   NLB cross-zone off (AWS's default): nodes send only to their AZ's targets, nothing crosses.
// - Service-to-service: each served request exchanges `serviceBytesPerRequest` with other
//   services, assumed spread evenly over the same n AZs, so 1 − 1/n of it crosses, each way billed.
// - Internet egress: `internetEgressBytesPerRequest` per served request, priced by the month's
//   tiers (catalog INTERNET_EGRESS_TIERS), a month being each 730 h of the horizon from its start.
//   The account-wide 100 GB/month free tier is not applied (other services share it).
// n is `network.azs` (the AZs of the cluster's subnets).
// By clock hour: cross-AZ GB spread by each hour's requests (the bytes are rounded once over the
// run); internet egress by the month's running volume, so an hour pays the tier the month is in.

import { INTERNET_EGRESS_TIERS, type OtherRateName } from '../catalog/index.js';
import type { DataTransferSpec, LoadBalancerSpec } from '../domain/extras.js';
import type { LineItem } from '../domain/result.js';
import type { MinuteTraffic } from './lb-meter.js';
import type { ClockHours, HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';
import { OtherRateQuote } from './quote.js';

const BYTES_PER_GB = 2 ** 30;
const MINUTES_PER_MONTH = 730 * 60;

export interface TransferRates {
  crossAz: OtherRateQuote | null;
  /** Internet egress rates by name (INTERNET_EGRESS_TIERS), when egress is billed. */
  egress: ((name: OtherRateName) => OtherRateQuote) | null;
}

function gb(bytes: number): Dec {
  return new Dec(Math.round(bytes).toString()).div(BYTES_PER_GB);
}

function sum(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < Math.min(to, a.length); i++) s += a[i];
  return s;
}

/** Requests of each clock hour, from the minutes. */
function perHour(minutes: ArrayLike<number>, hours: number): Float64Array {
  const out = new Float64Array(hours);
  for (let m = 0; m < minutes.length; m++) out[Math.min(hours - 1, Math.floor(m / 60))] += minutes[m];
  return out;
}

/** GB per tier for one month's egress: the first 10 TB at tier 1, the next 40 TB at tier 2, … */
export function splitByTier(monthGb: Dec): Dec[] {
  const out: Dec[] = [];
  let below = new Dec(0);
  for (const tier of INTERNET_EGRESS_TIERS) {
    const top = Number.isFinite(tier.upToGb) ? Dec.min(monthGb, tier.upToGb) : monthGb;
    out.push(Dec.max(0, top.minus(below)));
    below = Number.isFinite(tier.upToGb) ? new Dec(tier.upToGb) : below;
  }
  return out;
}

export class TransferMeter {
  private traffic: MinuteTraffic | null = null;

  constructor(
    private readonly lb: LoadBalancerSpec | null,
    private readonly transfer: DataTransferSpec | null,
    private readonly azs: number,
    private readonly rates: TransferRates,
  ) {}

  finish(_horizon: number, traffic?: MinuteTraffic): void {
    this.traffic = traffic ?? null;
  }

  /** Share of traffic between spread-out parties that crosses an AZ boundary. */
  private get crossShare(): number {
    return 1 - 1 / this.azs;
  }

  hourly(clock: ClockHours): HourlyDrivers {
    const t = this.traffic;
    const drivers: HourlyDrivers = new Map();
    if (!t) return drivers;
    const offered = perHour(t.offered, clock.hours);
    const served = perHour(t.served, clock.hours);
    for (const id of ['transfer.cross-az.alb', 'transfer.cross-az.nlb']) drivers.set(id, { kind: 'share', weights: offered });
    drivers.set('transfer.cross-az.services', { kind: 'share', weights: served });
    const dt = this.transfer;
    if (dt && dt.internetEgressBytesPerRequest > 0 && this.rates.egress) {
      const rates = INTERNET_EGRESS_TIERS.map((tier) => this.rates.egress!(tier.rate).usd);
      const usd = INTERNET_EGRESS_TIERS.map(() => Array.from({ length: clock.hours }, () => new Dec(0)));
      // The month's running volume at each hour's end, summed minute by minute as the bill sums the month.
      for (let m = 0; m < t.served.length; m += MINUTES_PER_MONTH) {
        const end = Math.min(t.served.length, m + MINUTES_PER_MONTH);
        let requests = 0;
        let before = splitByTier(new Dec(0));
        for (let i = m; i < end; ) {
          const hourEnd = Math.min(end, (Math.floor(i / 60) + 1) * 60);
          for (; i < hourEnd; i++) requests += t.served[i];
          const h = Math.min(clock.hours - 1, Math.floor((hourEnd - 1) / 60));
          const after = splitByTier(gb(requests * dt.internetEgressBytesPerRequest));
          after.forEach((q, k) => (usd[k][h] = usd[k][h].plus(q.minus(before[k]).times(rates[k]))));
          before = after;
        }
      }
      INTERNET_EGRESS_TIERS.forEach((_, k) => drivers.set(`transfer.internet.tier${k + 1}`, { kind: 'usd', usd: usd[k] }));
    }
    return drivers;
  }

  lineItems(): LineItem[] {
    const t = this.traffic;
    if (!t) return [];
    const items: LineItem[] = [];
    const offered = sum(t.offered);
    const served = sum(t.served);
    const lb = this.lb;
    if (lb && lb.crossZone && this.azs > 1) {
      const crossed = gb(offered * (lb.requestBytes + lb.responseBytes) * this.crossShare);
      const share = `${this.azs - 1}/${this.azs} of requests`;
      if (lb.type === 'alb') {
        const free = new OtherRateQuote('albCrossZone', '0', 'GB', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/disable-cross-zone.html (cross-zone always on for an ALB); ALB inter-AZ traffic to targets is not charged (stated by third-party guides; AWS charges it for NLB only)', false);
        items.push(free.lineItem('transfer.cross-az.alb', `ALB to targets in other AZs (${share}; free)`, crossed, 'GB'));
      } else if (this.rates.crossAz) {
        items.push(this.rates.crossAz.lineItem('transfer.cross-az.nlb', `NLB to targets in other AZs, cross-zone on (${share}), out + in`, crossed.times(2), 'GB each way'));
      }
    }
    const dt = this.transfer;
    if (dt && dt.serviceBytesPerRequest > 0 && this.azs > 1 && this.rates.crossAz) {
      const crossed = gb(served * dt.serviceBytesPerRequest * this.crossShare);
      items.push(this.rates.crossAz.lineItem('transfer.cross-az.services', `Service calls to other AZs (${this.azs - 1}/${this.azs} of ${dt.serviceBytesPerRequest} B per request), out + in`, crossed.times(2), 'GB each way'));
    }
    if (dt && dt.internetEgressBytesPerRequest > 0 && this.rates.egress) {
      const byTier = INTERNET_EGRESS_TIERS.map(() => new Dec(0));
      for (let m = 0; m < t.served.length; m += MINUTES_PER_MONTH) {
        const monthGb = gb(sum(t.served, m, m + MINUTES_PER_MONTH) * dt.internetEgressBytesPerRequest);
        splitByTier(monthGb).forEach((q, k) => (byTier[k] = byTier[k].plus(q)));
      }
      const labels = ['first 10 TB', 'next 40 TB', 'next 100 TB', 'over 150 TB'];
      INTERNET_EGRESS_TIERS.forEach((tier, k) => {
        if (byTier[k].gt(0) || k === 0) items.push(this.rates.egress!(tier.rate).lineItem(`transfer.internet.tier${k + 1}`, `Data transfer out to the internet (${labels[k]} of a month)`, byTier[k], 'GB'));
      });
    }
    return items;
  }
}
