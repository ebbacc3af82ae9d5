// The App Runner bill: every instance pays its memory for as long as it exists (provisioned or
// active: the two memory rates are one price), and pays its vCPU only while active (serving
// requests, per second, with the one-minute minimum folded into the active time the model records).
// Exact: whole instance-seconds priced in decimal.

import { appRunnerRateCard } from '../catalog/index.js';
import type { LineItem } from '../domain/result.js';
import { Dec, toCents } from './money.js';

export interface AppRunnerUsage {
  cpuUnits: number;
  memoryMiB: number;
  /** Instance-seconds of every instance (provisioned or active). */
  instanceSeconds: number;
  /** Instance-seconds billed as active (fractional from the fluid model; rounded to whole seconds here). */
  activeSeconds: number;
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
