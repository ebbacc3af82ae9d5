// EC2 on-demand billing (Linux): per second with a 60-second minimum per instance launch,
// whether or not tasks use the instance. An instance still running at the horizon is billed
// to the horizon (a window cut, no minimum). One line item per instance type.

import type { Rate } from '../catalog/index.js';
import type { ContainerInstance } from '../capacity/instance.js';
import type { LineItem } from '../run/result.js';
import type { Signals } from '../service/signals.js';
import { lineItem } from './money.js';
import { HourlySeries, type Ec2Usage } from './usage.js';

export const EC2_MINIMUM_BILLED_SECONDS = 60;

interface TypeMeter {
  instanceSeconds: bigint;
  rate: Rate;
  source: string;
  hourly: HourlySeries;
}

export class Ec2Meter {
  private readonly byType = new Map<string, TypeMeter>();
  private readonly open = new Map<number, ContainerInstance>();

  constructor(
    signals: Signals,
    private readonly rateOf: (typeName: string) => { rate: Rate; source: string },
    private readonly hours: number,
  ) {
    signals.instance.connect(({ instance, t, kind }) => {
      if (kind === 'launch') this.open.set(instance.id, instance);
      else this.close(instance, t, true);
    });
  }

  private close(instance: ContainerInstance, t: number, terminated: boolean): void {
    if (!this.open.delete(instance.id)) return;
    const elapsed = Math.ceil(t - instance.launchedAt - 1e-9);
    const seconds = terminated ? Math.max(EC2_MINIMUM_BILLED_SECONDS, elapsed) : Math.max(0, elapsed);
    const name = instance.type.name;
    let meter = this.byType.get(name);
    if (!meter) {
      meter = { instanceSeconds: 0n, ...this.rateOf(name), hourly: new HourlySeries(this.hours) };
      this.byType.set(name, meter);
    }
    meter.instanceSeconds += BigInt(seconds);
    const end = Math.min(t, instance.launchedAt + seconds);
    meter.hourly.add(instance.launchedAt, end, 1, seconds - (end - instance.launchedAt));
  }

  /** Billed instance-seconds by clock hour, per instance type (for RIs and Savings Plans). */
  usage(): Ec2Usage[] {
    return [...this.byType.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, m]) => ({ instanceType: name, purchase: 'on-demand', instanceSeconds: m.hourly, rate: m.rate, onDemandRate: m.rate, source: m.source }));
  }

  finish(horizon: number): void {
    const open = [...this.open.values()].sort((a, b) => a.id - b.id);
    for (const instance of open) this.close(instance, horizon, false);
  }

  lineItems(): LineItem[] {
    return [...this.byType.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, m]) =>
        lineItem({ id: `ec2.on-demand.${name}`, description: `EC2 ${name} on-demand (Linux)`, unit: 'instance', unitSeconds: m.instanceSeconds, denominator: 1, rate: m.rate, source: m.source }),
      );
  }
}
