// EBS gp3 volumes of EC2 container instances, $ per GB-month of provisioned size, whether or not
// it is used. Each instance has one volume from launch to terminate (deleted with it, as a root
// volume is by default). Billed per second with a 60-second minimum (EBS pricing page, as noted
// in OTHER_RATES.ebsGp3UsdPerGbMonth); a volume still attached at the horizon is cut there.
// GB = GiB (AWS meters volumes in byte-hours / 1024³). IOPS and throughput above gp3's baseline,
// snapshots and Fargate's ephemeral storage (billed by the Fargate meter) are left out.
//
// A month is 730 hours (8,760 / 12), the month of AWS's pricing calculator. AWS's own bill prorates
// over the calendar month's hours (744 in a 31-day month), so a real bill differs by −2% to +4%.
// By clock hour: each volume's GB-seconds in the hours it existed, its minimum in its first hour.

import type { ContainerInstance } from '../domain/instance.js';
import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import type { OtherRateQuote } from './quote.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';
import { HourlySeries, integerHours } from './usage.js';

export const HOURS_PER_MONTH = 730;
export const EBS_MINIMUM_BILLED_SECONDS = 60;

export class EbsMeter {
  private readonly open = new Map<number, ContainerInstance>();
  private gibSeconds = 0n;
  private volumes = 0;
  private readonly byHour: HourlySeries;

  constructor(
    signals: Signals,
    private readonly rate: OtherRateQuote,
    private readonly gibPerInstance: number,
    /** Clock hours of the run, for `hourly` (0: no hourly ledger kept). */
    private readonly hours = 0,
  ) {
    this.byHour = new HourlySeries(hours);
    signals.instance.connect(({ instance, t, kind }) => {
      if (kind === 'launch') {
        this.open.set(instance.id, instance);
        this.volumes++;
      } else this.close(instance, t, true);
    });
  }

  private close(instance: ContainerInstance, t: number, deleted: boolean): void {
    if (!this.open.delete(instance.id)) return;
    const elapsed = Math.max(0, Math.ceil(t - instance.launchedAt - 1e-9));
    const seconds = deleted ? Math.max(EBS_MINIMUM_BILLED_SECONDS, elapsed) : elapsed;
    this.gibSeconds += BigInt(this.gibPerInstance) * BigInt(seconds);
    if (this.hours === 0) return;
    const end = Math.min(t, instance.launchedAt + seconds);
    this.byHour.add(instance.launchedAt, end, this.gibPerInstance, seconds - (end - instance.launchedAt));
  }

  /** GB-seconds by clock hour, whole, at the rate per GB-month (730 h). */
  hourly(): HourlyDrivers {
    return new Map([['ebs.gp3', { kind: 'ticks', ticks: integerHours(this.byHour, 1, this.hours), usd: new Dec(this.rate.usd), divisor: HOURS_PER_MONTH * 3600 }]]);
  }

  finish(horizon: number): void {
    for (const instance of [...this.open.values()]) this.close(instance, horizon, false);
  }

  get billedGiBSeconds(): bigint {
    return this.gibSeconds;
  }

  lineItems(): LineItem[] {
    const gbMonths = new Dec(this.gibSeconds.toString()).div(HOURS_PER_MONTH * 3600);
    const description = `EBS gp3, ${this.gibPerInstance} GiB per instance (${this.volumes} volumes; month = ${HOURS_PER_MONTH} h)`;
    return [this.rate.lineItem('ebs.gp3', description, gbMonths, 'GB-months')];
  }
}
