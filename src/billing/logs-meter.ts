// CloudWatch Logs ingestion: a fixed volume per task-hour in RUNNING (the application's log rate,
// an input) × $ per GB ingested (standard log class, first tier). Storage, volume tiers and the
// free tier are left out. GB = GiB, as for the other per-GB rates (see network-meter.ts).
// Running time is kept in whole milliseconds per task, so the volume is exact in decimal.

import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';
import type { OtherRateQuote } from './quote.js';
import { Dec } from './money.js';

const MS_PER_HOUR = 3_600_000;

export class LogsMeter {
  private readonly runningSince = new Map<Task, number>();
  private runningMs = 0n;
  private readonly gibPerTaskHour: Dec;

  constructor(
    signals: Signals,
    private readonly rate: OtherRateQuote,
    gibPerTaskHour: number,
  ) {
    this.gibPerTaskHour = new Dec(String(gibPerTaskHour));
    signals.taskState.connect(({ task, to, t }) => {
      if (to === TaskState.RUNNING) {
        if (!this.runningSince.has(task)) this.runningSince.set(task, t);
      } else this.close(task, t);
    });
  }

  private close(task: Task, t: number): void {
    const since = this.runningSince.get(task);
    if (since === undefined) return;
    this.runningSince.delete(task);
    this.runningMs += BigInt(Math.max(0, Math.round((t - since) * 1000)));
  }

  finish(horizon: number): void {
    for (const task of [...this.runningSince.keys()]) this.close(task, horizon);
  }

  /** Task-hours in RUNNING so far (after `finish`, the whole run). */
  runningTaskHours(): Dec {
    return new Dec(this.runningMs.toString()).div(MS_PER_HOUR);
  }

  /** GiB ingested: running task-hours × the volume per task-hour. Also what the network path carries. */
  ingestedGiB(): Dec {
    return this.runningTaskHours().times(this.gibPerTaskHour);
  }

  lineItems(): LineItem[] {
    const description = `CloudWatch Logs ingestion (${this.gibPerTaskHour.toFixed()} GB per running task-hour)`;
    return [this.rate.lineItem('logs.ingestion', description, this.ingestedGiB(), 'GB')];
  }
}
