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
}

export class ServiceMetrics implements MetricReader {
  /** The service's RUNNING tasks, integrated per minute (task-seconds). */
  private readonly running: MinuteGauge;

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
    signals.taskState.connect(({ task, from, to, t }) => {
      if (task.service !== serviceName || (from === TaskState.RUNNING) === (to === TaskState.RUNNING)) return;
      this.running.add(t, to === TaskState.RUNNING ? 1 : -1);
    });
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

export const METRIC_NAMES: Record<ScalingMetric, string> = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
  requestsPerTarget: 'ALBRequestCountPerTarget',
};
