// The service's CloudWatch metrics, one datapoint per 60-second period, as ECS and the ALB
// publish them: ECSServiceAverageCPUUtilization and ...MemoryUtilization average over ALL the
// service's RUNNING tasks (a blue/green set not yet in traffic counts, at 0 % CPU);
// ALBRequestCountPerTarget is requests in the period / targets in service. A period with no
// running task has no datapoint (NaN).

import { MinuteGauge } from '../metrics/gauge.js';
import type { ScalingMetric } from '../domain/scenario.js';
import type { LoadModel } from '../service/fluid.js';
import type { Signals } from '../domain/signals.js';
import { TaskState } from '../domain/task.js';

export interface MetricReader {
  /** The datapoint of minute `m` (NaN when missing). The fluid model must have passed its end. */
  value(metric: ScalingMetric, m: number): number;
  /**
   * A high-resolution datapoint: the average over the window that ends now and began at the
   * previous call (the first window begins at the reader's creation). NaN when missing.
   * Only cpu and memory have one (ECSService...HighResolution); the load model must be at `now`.
   */
  windowValues(now: number): { cpu: number; memory: number };
}

export class ServiceMetrics implements MetricReader {
  /** The service's RUNNING tasks, integrated per minute (task-seconds). */
  private readonly running: MinuteGauge;
  /** The same count as a plain running integral, for windows that are not whole minutes. */
  private runningNow: number;
  private runningSince: number;
  private runningTaskSeconds = 0;
  private windowServed: number;
  private windowTaskSeconds = 0;

  constructor(
    private readonly fluid: LoadModel,
    signals: Signals,
    private readonly serviceName: string,
    private readonly taskCapacityRps: number,
    private readonly memoryUtilization: number,
    now: number,
    runningNow: number,
  ) {
    this.running = new MinuteGauge(fluid.horizonSeconds);
    this.running.set(now, runningNow);
    this.runningNow = runningNow;
    this.runningSince = now;
    this.windowServed = fluid.servedTotal;
    signals.taskState.connect(({ task, from, to, t }) => {
      if (task.service !== serviceName || (from === TaskState.RUNNING) === (to === TaskState.RUNNING)) return;
      const delta = to === TaskState.RUNNING ? 1 : -1;
      this.running.add(t, delta);
      this.runningTaskSeconds += this.runningNow * (t - this.runningSince);
      this.runningNow += delta;
      this.runningSince = t;
    });
  }

  windowValues(now: number): { cpu: number; memory: number } {
    const taskSeconds = this.runningTaskSeconds + this.runningNow * (now - this.runningSince);
    const dt = taskSeconds - this.windowTaskSeconds;
    const served = this.fluid.servedTotal - this.windowServed;
    this.windowTaskSeconds = taskSeconds;
    this.windowServed = this.fluid.servedTotal;
    if (dt <= 0) return { cpu: NaN, memory: NaN };
    return { cpu: (100 * served) / (dt * this.taskCapacityRps), memory: 100 * this.memoryUtilization };
  }

  /** Brings the running-task integral up to `t` (call before reading a minute ending at t). */
  accrue(t: number): void {
    this.running.accrue(t);
  }

  value(metric: ScalingMetric, m: number): number {
    const { served, offered, capacity } = this.fluid.minutes;
    const runningTaskSeconds = this.running.integral[m];
    if (runningTaskSeconds <= 0) return NaN;
    switch (metric) {
      case 'cpu':
        return (100 * served[m]) / (runningTaskSeconds * this.taskCapacityRps);
      case 'requestsPerTarget': {
        const targets = capacity[m] / this.taskCapacityRps / 60;
        return targets > 0 ? offered[m] / targets : NaN;
      }
      case 'memory':
        return 100 * this.memoryUtilization;
    }
  }
}

export const HIGH_RESOLUTION_METRIC_NAMES: Partial<Record<ScalingMetric, string>> = {
  cpu: 'ECSServiceAverageCPUUtilizationHighResolution',
  memory: 'ECSServiceAverageMemoryUtilizationHighResolution',
};

export const METRIC_NAMES: Record<ScalingMetric, string> = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
  requestsPerTarget: 'ALBRequestCountPerTarget',
};
