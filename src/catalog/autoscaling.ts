// Application Auto Scaling timing for ECS services, calibrated on AWS's published benchmark of
// the 20-second high-resolution metrics (June 2026). capsim models the metric pipeline as
// "datapoint complete at period end, acted on `delay` seconds later"; the delays below are the
// ones for which a load step at a period boundary triggers scale-out when AWS measured it.

/** AWS's benchmark: time from a load step to the scale-out trigger, by metric resolution. */
export const ECS_SCALE_OUT_BENCHMARK = {
  /** Standard ECSServiceAverageCPUUtilization (60-second datapoints): 363 s to the trigger. */
  standardTriggerSeconds: 363,
  /** ECSServiceAverageCPUUtilizationHighResolution (20-second datapoints): 86 s to the trigger. */
  highResolutionTriggerSeconds: 86,
  /** Target tracking's scale-out alarm: 3 of 3 datapoints above target (aws-facts §4.1). */
  highAlarmDatapoints: 3,
  source: 'https://aws.amazon.com/about-aws/whats-new/2026/06/amazon-ecs-faster-autoscaling/ (announced 2026-06-18; benchmark figures 363 s → 86 s, 386 s → 109 s with task provisioning); measured independently in https://dev.classmethod.jp/en/articles/ecs-high-resolution-metrics-faster-autoscaling/ (2026-06-19)',
  asOf: '2026-06-18',
} as const;

/** ECS service metric periods: 60 s by default; 20 s when the service's monitoring configuration asks for it. */
export const ECS_METRIC_PERIODS = {
  standardSeconds: 60,
  highResolutionSeconds: 20,
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/target-tracking-faster-auto-scaling.html (ECSServiceAverageCPUUtilizationHighResolution, ECSServiceAverageMemoryUtilizationHighResolution: "20-second resolution")',
  asOf: '2026-06-18',
} as const;

/**
 * Publication + evaluation delay after a period ends, calibrated so that the 3rd breaching
 * datapoint after a step at a period boundary acts at AWS's measured trigger time:
 * 60 s: 363 − 3 × 60 = 183 s; 20 s: 86 − 3 × 20 = 26 s.
 */
export const ECS_METRIC_DELAY_SECONDS = {
  standard: ECS_SCALE_OUT_BENCHMARK.standardTriggerSeconds - ECS_SCALE_OUT_BENCHMARK.highAlarmDatapoints * ECS_METRIC_PERIODS.standardSeconds,
  highResolution: ECS_SCALE_OUT_BENCHMARK.highResolutionTriggerSeconds - ECS_SCALE_OUT_BENCHMARK.highAlarmDatapoints * ECS_METRIC_PERIODS.highResolutionSeconds,
} as const;

/** Application Auto Scaling predictive scaling defaults (PredictiveScalingPolicyConfiguration). */
export const PREDICTIVE_SCALING_DEFAULTS = {
  /** Mode defaults to ForecastOnly. */
  mode: 'ForecastOnly',
  /** SchedulingBufferTime: "Defaults to 300 seconds", and must be less than the 3600 s forecast interval. */
  schedulingBufferSeconds: 300,
  forecastIntervalSeconds: 3600,
  source: 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredictiveScalingPolicyConfiguration.html',
  asOf: '2026-12-07',
} as const;
