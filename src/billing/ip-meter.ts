// Public IPv4 addresses, $ per address-hour in use or idle (aws-facts §3.6). A Fargate task's ENI
// holds one from PROVISIONING (ENI created) to STOPPED (ENI deleted); an EC2 container
// instance's primary ENI from launch to terminate. Elastic IPs, load balancer addresses and the
// free tier's 750 hours are left out.
//
// Rounding: the VPC pricing page bills an address "in one-second increments, with a minimum of
// 60 seconds" (OTHER_RATES.publicIpv4UsdPerAddressHour.note). Each address is held a whole number
// of seconds (rounded up, at least 60 when it is released in the window); the seconds of all
// addresses are summed and priced once as address-hours (sum / 3600 × rate), so there is no
// rounding of any address to a whole hour. An address still held at the horizon is cut there.
// By clock hour: each address's seconds in the hours it was held, its minimum in the hour it was taken.

import type { ContainerInstance } from '../domain/instance.js';
import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';
import type { OtherRateQuote } from './quote.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';
import { HourlySeries, integerHours } from './usage.js';

export const PUBLIC_IPV4_MINIMUM_BILLED_SECONDS = 60;

/** Which ENIs carry a public address. */
export interface PublicIpv4Holders {
  /** Fargate tasks' ENIs (tasks placed on no instance). */
  taskEnis: boolean;
  /** EC2 container instances' primary ENIs. */
  instances: boolean;
}

export class PublicIpv4Meter {
  private readonly heldSinceByTask = new Map<Task, number>();
  private readonly openInstances = new Map<number, ContainerInstance>();
  private addressSeconds = 0n;
  private taskAddresses = 0;
  private instanceAddresses = 0;
  private readonly byHour: HourlySeries;

  constructor(
    signals: Signals,
    private readonly rate: OtherRateQuote,
    holders: PublicIpv4Holders,
    /** Clock hours of the run, for `hourly` (0: no hourly ledger kept). */
    private readonly hours = 0,
  ) {
    this.byHour = new HourlySeries(hours);
    if (holders.taskEnis) {
      signals.taskState.connect(({ task, to, t }) => {
        // instanceId < 0: on Fargate. An awsvpc task on EC2 cannot have a public IP.
        if (to === TaskState.PROVISIONING && task.instanceId < 0 && !this.heldSinceByTask.has(task)) {
          this.heldSinceByTask.set(task, t);
          this.taskAddresses++;
        } else if (to === TaskState.STOPPED) this.closeTask(task, t, true);
      });
    }
    if (holders.instances) {
      signals.instance.connect(({ instance, t, kind }) => {
        if (kind === 'launch') {
          this.openInstances.set(instance.id, instance);
          this.instanceAddresses++;
        } else this.closeInstance(instance, t, true);
      });
    }
  }

  private bill(since: number, until: number, released: boolean): void {
    const elapsed = Math.max(0, Math.ceil(until - since - 1e-9));
    const seconds = released ? Math.max(PUBLIC_IPV4_MINIMUM_BILLED_SECONDS, elapsed) : elapsed;
    this.addressSeconds += BigInt(seconds);
    if (this.hours === 0) return;
    const end = Math.min(until, since + seconds);
    this.byHour.add(since, end, 1, seconds - (end - since));
  }

  /** Address-seconds by clock hour, whole, at the rate per address-hour. */
  hourly(): HourlyDrivers {
    return new Map([['vpc.public-ipv4', { kind: 'ticks', ticks: integerHours(this.byHour, 1, this.hours), usd: new Dec(this.rate.usd), divisor: 3600 }]]);
  }

  private closeTask(task: Task, t: number, released: boolean): void {
    const since = this.heldSinceByTask.get(task);
    if (since === undefined) return;
    this.heldSinceByTask.delete(task);
    this.bill(since, t, released);
  }

  private closeInstance(instance: ContainerInstance, t: number, released: boolean): void {
    if (!this.openInstances.delete(instance.id)) return;
    this.bill(instance.launchedAt, t, released);
  }

  /** Bills addresses still held at the horizon up to it, in the order they were taken. */
  finish(horizon: number): void {
    for (const task of [...this.heldSinceByTask.keys()]) this.closeTask(task, horizon, false);
    for (const instance of [...this.openInstances.values()]) this.closeInstance(instance, horizon, false);
  }

  get billedAddressSeconds(): bigint {
    return this.addressSeconds;
  }

  lineItems(): LineItem[] {
    const held = [
      ...(this.taskAddresses > 0 ? [`${this.taskAddresses} task ENIs`] : []),
      ...(this.instanceAddresses > 0 ? [`${this.instanceAddresses} instances`] : []),
    ];
    const addressHours = new Dec(this.addressSeconds.toString()).div(3600);
    const description = `Public IPv4 addresses${held.length > 0 ? ` (${held.join(', ')})` : ''}`;
    return [this.rate.lineItem('vpc.public-ipv4', description, addressHours, 'address-hours')];
  }
}
