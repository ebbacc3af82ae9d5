// The EKS control plane: $ per cluster-hour for every cluster, for the whole horizon (a cluster
// exists before and after the window; nothing in the run starts or stops it). Standard support
// $0.10, extended support $0.60 in total (the caller picks the rate). The catalog does not mark
// the fee as billed by whole hours, so a 90-minute horizon bills 1.5 cluster-hours. By clock hour:
// each hour's seconds in the run.

import type { LineItem } from '../domain/result.js';
import type { ClockHours, HourlyDrivers } from './hourly.js';
import type { OtherRateQuote } from './quote.js';

export class EksControlPlaneMeter {
  constructor(
    private readonly rate: OtherRateQuote,
    private readonly clusters: number,
    private readonly horizonSeconds: number,
  ) {}

  finish(): void {}

  hourly(clock: ClockHours): HourlyDrivers {
    return new Map([['eks.control-plane', { kind: 'usd', usd: this.rate.hourlyForRun(clock, this.clusters) }]]);
  }

  lineItems(): LineItem[] {
    const clusterHours = this.rate.hoursFor(this.horizonSeconds).times(this.clusters);
    const support = this.rate.name === 'eksExtendedSupportUsdPerClusterHour' ? 'extended support' : 'standard support';
    return [this.rate.lineItem('eks.control-plane', `EKS control plane (${this.clusters} cluster${this.clusters === 1 ? '' : 's'}, ${support})`, clusterHours, 'cluster-hours')];
  }
}
