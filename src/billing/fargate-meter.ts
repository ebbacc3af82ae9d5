// Fargate billing as AWS does it: from the start of the image pull (PENDING) to the task's end,
// rounded up to the second, with a minimum (1 minute Linux, 5 minutes Windows) per task;
// vCPU, memory (GB = GiB), ephemeral storage above 20 GB, and the Windows OS licence per vCPU.
// A task still running at the horizon is billed to the horizon (a window cut, no minimum).
// By clock hour (`hourly`), as the commitments engine counts it: a task's billed seconds fall in
// the hours it ran, its minimum in the hour it started.

import type { Rate } from '../catalog/index.js';
import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';
import type { TaskSize } from '../domain/scenario.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec, lineItem } from './money.js';
import type { ResolvedFargateRates } from '../domain/rates.js';
import { HourlySeries, integerHours, type FargateUsage } from './usage.js';

export class FargateMeter {
  private readonly billedSince = new Map<Task, number>();
  private cpuUnitSeconds = 0n;
  private memoryMiBSeconds = 0n;
  private extraStorageGiBSeconds = 0n;
  private taskSeconds = 0n;
  private readonly vcpuHourly: HourlySeries;
  private readonly gbHourly: HourlySeries;
  /** GB-seconds of ephemeral storage above the free 20 GB, by clock hour. */
  private readonly storageHourly: HourlySeries;

  constructor(
    signals: Signals,
    private readonly rates: ResolvedFargateRates,
    private readonly hours: number,
    private readonly spot: boolean,
    /** Only tasks on this capacity provider are billed here (FARGATE or FARGATE_SPOT); null: all. */
    private readonly provider: string | null = null,
    /** The size Fargate provisions for a task (EKS pods are rounded up). */
    private readonly sizeOf: (task: Task) => TaskSize = (task) => task.size,
  ) {
    this.vcpuHourly = new HourlySeries(hours);
    this.gbHourly = new HourlySeries(hours);
    this.storageHourly = new HourlySeries(hours);
    signals.taskState.connect(({ task, to, t }) => {
      if (to === TaskState.PENDING && task.instanceId < 0 && (this.provider === null || task.capacityProvider === this.provider)) this.billedSince.set(task, t);
      else if (to === TaskState.STOPPED) this.close(task, t, true);
    });
  }

  private close(task: Task, t: number, stopped: boolean): void {
    const since = this.billedSince.get(task);
    if (since === undefined) return;
    this.billedSince.delete(task);
    const elapsed = Math.ceil(t - since - 1e-9);
    const seconds = BigInt(stopped ? Math.max(this.rates.minimumBilledSeconds, elapsed) : Math.max(0, elapsed));
    const { cpuUnits, memoryMiB, ephemeralStorageGiB } = this.sizeOf(task);
    this.cpuUnitSeconds += BigInt(cpuUnits) * seconds;
    this.memoryMiBSeconds += BigInt(memoryMiB) * seconds;
    const extraStorageGiB = Math.max(0, ephemeralStorageGiB - this.rates.freeEphemeralStorageGb);
    this.extraStorageGiBSeconds += BigInt(extraStorageGiB) * seconds;
    this.taskSeconds += seconds;
    const billed = Number(seconds);
    const end = Math.min(t, since + billed);
    const topUp = billed - (end - since);
    this.vcpuHourly.add(since, end, cpuUnits / 1024, topUp);
    this.gbHourly.add(since, end, memoryMiB / 1024, topUp);
    if (extraStorageGiB > 0) this.storageHourly.add(since, end, extraStorageGiB, topUp);
  }

  /** Billed vCPU- and GB-seconds by clock hour (for Compute Savings Plans). */
  usage(): FargateUsage {
    const r = this.rates;
    return { label: r.label, spot: this.spot, vcpuSeconds: this.vcpuHourly, gbSeconds: this.gbHourly, vcpuRate: r.vcpu, gbRate: r.memoryGb, rateFactor: r.factor, source: r.source };
  }

  /** Bills tasks still running at the horizon, in launch order (deterministic). */
  finish(horizon: number): void {
    for (const task of [...this.billedSince.keys()]) this.close(task, horizon, false);
  }

  get billedTaskSeconds(): bigint {
    return this.taskSeconds;
  }

  /**
   * Each line item by clock hour, in the line items' own units: CPU-unit-seconds and MiB-seconds
   * (÷ 1024), GB-seconds of storage, whole in every hour and adding up to the billed total.
   */
  hourly(): HourlyDrivers {
    const r = this.rates;
    const id = this.spot ? 'fargate-spot' : 'fargate';
    const factor = r.factor === 1 ? null : new Dec(String(r.factor));
    const drivers: HourlyDrivers = new Map();
    const cpu = integerHours(this.vcpuHourly, 1024, this.hours);
    const add = (item: string, ticks: Float64Array, rate: Rate, denominator: number, withFactor: boolean) => {
      const usd = withFactor && factor ? new Dec(rate.usd).times(factor) : new Dec(rate.usd);
      drivers.set(`${id}.${item}`, { kind: 'ticks', ticks, usd, divisor: denominator * (rate.per === 'hour' ? 3600 : 1) });
    };
    add('vcpu', cpu, r.vcpu, 1024, true);
    add('memory', integerHours(this.gbHourly, 1024, this.hours), r.memoryGb, 1024, true);
    if (r.osLicenseVcpu) add('windows-license', cpu, r.osLicenseVcpu, 1024, true);
    if (this.extraStorageGiBSeconds > 0n) add('ephemeral-storage', integerHours(this.storageHourly, 1, this.hours), r.ephemeralStorageGbAbove20, 1, false);
    return drivers;
  }

  lineItems(): LineItem[] {
    const r = this.rates;
    const common = { source: r.source, rateFactor: r.factor === 1 ? undefined : r.factor };
    const id = this.spot ? 'fargate-spot' : 'fargate';
    const items = [
      lineItem({ ...common, id: `${id}.vcpu`, description: `Fargate vCPU (${r.label})`, unit: 'vCPU', unitSeconds: this.cpuUnitSeconds, denominator: 1024, rate: r.vcpu }),
      lineItem({ ...common, id: `${id}.memory`, description: `Fargate memory (${r.label})`, unit: 'GB', unitSeconds: this.memoryMiBSeconds, denominator: 1024, rate: r.memoryGb }),
    ];
    if (r.osLicenseVcpu) {
      items.push(lineItem({ ...common, id: `${id}.windows-license`, description: 'Fargate Windows OS licence', unit: 'vCPU', unitSeconds: this.cpuUnitSeconds, denominator: 1024, rate: r.osLicenseVcpu }));
    }
    if (this.extraStorageGiBSeconds > 0n) {
      items.push(lineItem({ ...common, rateFactor: undefined, id: `${id}.ephemeral-storage`, description: 'Fargate ephemeral storage above 20 GB', unit: 'GB', unitSeconds: this.extraStorageGiBSeconds, denominator: 1, rate: r.ephemeralStorageGbAbove20 }));
    }
    return items;
  }
}
