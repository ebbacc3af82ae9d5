// The App Runner bill: every instance pays its memory for as long as it exists (provisioned or
// active: the two memory rates are one price), and pays its vCPU only while active (serving
// requests, per second, with the one-minute minimum folded into the active time the model records).
// Exact: whole instance-seconds priced in decimal. By clock hour: the instance and active seconds
// of each hour, rounded cumulatively to whole seconds as the run's totals are.

import { appRunnerRateCard } from '../catalog/index.js';
import type { LineItem } from '../domain/result.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec, toCents } from './money.js';
import { integerHours, type HourlySeries } from './usage.js';

export interface AppRunnerUsage {
  cpuUnits: number;
  memoryMiB: number;
  /** Instance-seconds of every instance (provisioned or active). */
  instanceSeconds: number;
  /** Instance-seconds billed as active (fractional from the fluid model; rounded to whole seconds here). */
  activeSeconds: number;
  /** The same by clock hour (absent: no hourly ledger kept). */
  byHour?: { instanceSeconds: HourlySeries; activeSeconds: HourlySeries };
}

/** The line items by clock hour: idle and active instance-seconds of each hour, whole, at the line's rate. */
export function appRunnerHourly(u: AppRunnerUsage, region: string, hours: number): HourlyDrivers {
  const drivers: HourlyDrivers = new Map();
  if (!u.byHour) return drivers;
  const card = appRunnerRateCard(region);
  const gb = new Dec(u.memoryMiB).div(1024);
  const vcpu = new Dec(u.cpuUnits).div(1024);
  const instance = integerHours(u.byHour.instanceSeconds, 1, hours);
  const active = integerHours(u.byHour.activeSeconds, 1, hours);
  const idle = instance.map((s, h) => s - active[h]);
  drivers.set('app-runner.provisioned.memory', { kind: 'ticks', ticks: idle, usd: gb.times(card.provisionedUsdPerGbHour), divisor: 3600 });
  drivers.set('app-runner.active.memory', { kind: 'ticks', ticks: active, usd: gb.times(card.activeUsdPerGbHour), divisor: 3600 });
  drivers.set('app-runner.active.vcpu', { kind: 'ticks', ticks: active, usd: vcpu.times(card.activeUsdPerVcpuHour), divisor: 3600 });
  return drivers;
}

export function appRunnerLineItems(u: AppRunnerUsage, region: string): LineItem[] {
  const card = appRunnerRateCard(region);
  const source = `${card.source} (as of ${card.asOf})`;
  const gb = new Dec(u.memoryMiB).div(1024);
  const vcpu = new Dec(u.cpuUnits).div(1024);
  const provisioned = new Dec(Math.round(u.instanceSeconds) - Math.round(u.activeSeconds));
  const active = new Dec(Math.round(u.activeSeconds));
  const line = (id: string, description: string, hours: Dec, rate: string): LineItem => {
    const usd = hours.times(rate);
    return { id, description, quantity: hours.toDecimalPlaces(6).toFixed(), unit: id.endsWith('vcpu') ? 'vCPU-hours' : 'GB-hours', usdPerUnit: rate, usdExact: usd.toFixed(), usd: toCents(usd), source };
  };
  return [
    line('app-runner.provisioned.memory', `App Runner provisioned (idle) instances, memory ${u.memoryMiB / 1024} GB`, provisioned.times(gb).div(3600), card.provisionedUsdPerGbHour),
    line('app-runner.active.memory', `App Runner active instances, memory ${u.memoryMiB / 1024} GB`, active.times(gb).div(3600), card.activeUsdPerGbHour),
    line('app-runner.active.vcpu', `App Runner active instances, ${u.cpuUnits / 1024} vCPU`, active.times(vcpu).div(3600), card.activeUsdPerVcpuHour),
  ];
}
