// The ECS Managed Instances management fee (catalog MANAGED_INSTANCES_FEE): per instance the
// provider launches, from launch to termination, "billed per second with a one-minute minimum",
// at the type's fee per hour. The EC2 price of the same instances is the Ec2Meter's (per second,
// 60 s minimum); this meter adds only the fee, on the same instance-seconds. An instance still
// running at the horizon is billed to the horizon (a window cut, no minimum), as the Ec2Meter does;
// by clock hour, also as the Ec2Meter counts it (the minimum in the hour the instance started).

import type { Rate } from '../catalog/index.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec, lineItem } from './money.js';
import { HourlySeries, integerHours } from './usage.js';

export interface ManagedFee {
  /** The fee per instance-hour for this instance's type. */
  rate: Rate;
  source: string;
}

export class ManagedInstancesFeeMeter {
  private readonly open = new Map<number, ContainerInstance>();
  private readonly seconds = new Map<string, bigint>();
  private readonly byHour = new Map<string, HourlySeries>();

  constructor(
    signals: Signals,
    private readonly provider: string,
    private readonly minimumSeconds: number,
    private readonly feeOf: (instanceType: string) => ManagedFee,
    /** Clock hours of the run, for `hourly` (0: no hourly ledger kept). */
    private readonly hours = 0,
  ) {
    signals.instance.connect(({ instance, t, kind }) => {
      if (instance.provider !== this.provider) return;
      if (kind === 'launch') this.open.set(instance.id, instance);
      else this.close(instance, t, false);
    });
  }

  private close(instance: ContainerInstance, t: number, cut: boolean): void {
    if (!this.open.delete(instance.id)) return;
    // The fee runs with the instance's EC2 billing: from `running`, not from the request.
    const from = Math.min(t, instance.runningAt ?? instance.launchedAt);
    const elapsed = Math.ceil(t - from - 1e-9);
    const billed = cut ? Math.max(0, elapsed) : Math.max(this.minimumSeconds, elapsed);
    const name = instance.type.name;
    this.seconds.set(name, (this.seconds.get(name) ?? 0n) + BigInt(billed));
    if (this.hours === 0) return;
    let series = this.byHour.get(name);
    if (!series) this.byHour.set(name, (series = new HourlySeries(this.hours)));
    const end = Math.min(t, from + billed);
    series.add(from, end, 1, billed - (end - from));
  }

  finish(horizon: number): void {
    for (const instance of [...this.open.values()].sort((a, b) => a.id - b.id)) this.close(instance, horizon, true);
  }

  /** Billed instance-seconds per type (tests). */
  instanceSeconds(type: string): bigint {
    return this.seconds.get(type) ?? 0n;
  }

  /** Each type's fee by clock hour: whole instance-seconds at the fee rate. */
  hourly(): HourlyDrivers {
    const drivers: HourlyDrivers = new Map();
    for (const [name, series] of this.byHour) {
      const rate = this.feeOf(name).rate;
      drivers.set(`ecs.managed-instances.fee.${name}`, { kind: 'ticks', ticks: integerHours(series, 1, this.hours), usd: new Dec(rate.usd), divisor: rate.per === 'hour' ? 3600 : 1 });
    }
    return drivers;
  }

  lineItems(): LineItem[] {
    return [...this.seconds.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([name, unitSeconds]) => {
        const fee = this.feeOf(name);
        return lineItem({ id: `ecs.managed-instances.fee.${name}`, description: `ECS Managed Instances management fee, ${name}`, unit: 'instance', unitSeconds, denominator: 1, rate: fee.rate, source: fee.source });
      });
  }
}

/** The fee per hour of a type: its on-demand price × the share, exact. */
export function managedFeeRate(onDemand: Rate, share: string): Rate {
  const perHour = onDemand.per === 'hour' ? new Dec(onDemand.usd) : new Dec(onDemand.usd).times(3600);
  return { usd: perHour.times(share).toFixed(), per: 'hour' };
}
