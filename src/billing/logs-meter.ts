// CloudWatch Logs ingestion: a fixed volume per task-hour in RUNNING (the application's log rate,
// an input) × $ per GB ingested (standard log class, first tier). Storage, volume tiers and the
// free tier are left out. GB = GiB, as for the other per-GB rates (see network-meter.ts).
// Running time is kept in whole milliseconds per task, so the volume is exact in decimal; by
// clock hour too, each task's milliseconds split at the hour boundaries it ran across.

import type { LineItem } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';
import type { OtherRateQuote } from './quote.js';
import type { HourlyDriver, HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';

const MS_PER_HOUR = 3_600_000;

export class LogsMeter {
  private readonly runningSince = new Map<Task, number>();
  private runningMs = 0n;
  private readonly gibPerTaskHour: Dec;
  /** Whole milliseconds in RUNNING by clock hour (exact integers in float64). */
  private readonly msByHour: Float64Array;

  constructor(
    signals: Signals,
    private readonly rate: OtherRateQuote,
    gibPerTaskHour: number,
    /** Clock hours of the run, for `hourly` (0: no hourly ledger kept). */
    hours = 0,
  ) {
    this.gibPerTaskHour = new Dec(String(gibPerTaskHour));
    this.msByHour = new Float64Array(hours);
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
    const ms = Math.max(0, Math.round((t - since) * 1000));
    this.runningMs += BigInt(ms);
    // The task's milliseconds by hour: each boundary it crossed cuts them where the whole is cut.
    const byHour = this.msByHour;
    if (byHour.length === 0) return;
    let given = 0;
    for (let h = Math.floor(since / 3600); given < ms; h++) {
      const upTo = h >= byHour.length - 1 ? ms : Math.min(ms, Math.max(0, Math.round(((h + 1) * 3600 - since) * 1000)));
      byHour[Math.min(h, byHour.length - 1)] += upTo - given;
      given = upTo;
    }
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

  /** A line priced at `usdPerGiB` on the logged volume, by clock hour: whole milliseconds × GB per task-hour. */
  hourlyDriver(usdPerGiB: string): HourlyDriver {
    return { kind: 'ticks', ticks: this.msByHour, usd: this.gibPerTaskHour.times(usdPerGiB), divisor: MS_PER_HOUR };
  }

  hourly(): HourlyDrivers {
    return new Map([['logs.ingestion', this.hourlyDriver(this.rate.usd)]]);
  }

  lineItems(): LineItem[] {
    const description = `CloudWatch Logs ingestion (${this.gibPerTaskHour.toFixed()} GB per running task-hour)`;
    return [this.rate.lineItem('logs.ingestion', description, this.ingestedGiB(), 'GB')];
  }
}
