// The service's CloudWatch metrics, one datapoint per 60-second period, as ECS and the ALB
// publish them: ECSServiceAverageCPUUtilization and ...MemoryUtilization (average over the
// service's tasks), ALBRequestCountPerTarget (requests in the period / healthy targets). A
// period with no serving task has no datapoint (NaN).

import type { ScalingMetric } from '../scenario/types.js';
import type { LoadModel } from '../service/fluid.js';
import type { Recorder } from '../metrics/recorder.js';

export interface MetricReader {
  /** The datapoint of minute `m` (NaN when missing). The fluid model must have passed its end. */
  value(metric: ScalingMetric, m: number): number;
}

export class ServiceMetrics implements MetricReader {
  constructor(
    private readonly fluid: LoadModel,
    private readonly recorder: Recorder,
    private readonly taskCapacityRps: number,
    private readonly taskMemoryGiB: number,
  ) {}

  value(metric: ScalingMetric, m: number): number {
    const { served, offered, capacity } = this.fluid.minutes;
    if (capacity[m] <= 0) return NaN;
    switch (metric) {
      case 'cpu':
        return (100 * served[m]) / capacity[m];
      case 'requestsPerTarget': {
        const targets = capacity[m] / this.taskCapacityRps / 60;
        return offered[m] / targets;
      }
      case 'memory': {
        const running = this.recorder.running.integral[m];
        return running > 0 ? (100 * this.recorder.usedMemoryGiB.integral[m]) / (running * this.taskMemoryGiB) : NaN;
      }
    }
  }
}

export const METRIC_NAMES: Record<ScalingMetric, string> = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
  requestsPerTarget: 'ALBRequestCountPerTarget',
};
