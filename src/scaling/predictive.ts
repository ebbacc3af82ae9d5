// Predictive scaling for an ECS service (Application Auto Scaling, PredictiveScalingPolicy).
// Every hour, `schedulingBufferTime` before the hour starts, capsim forecasts the hour's load
// and schedules the capacity it needs: capacity = ceil(forecast load ÷ load per task at target).
// In ForecastAndScale mode that capacity is a floor on the desired count for the hour (AWS sets
// the minimum capacity; target tracking may add more and cannot scale in below it: the higher
// count wins); in ForecastOnly mode (AWS's default) the forecast is only recorded.
//
// The forecaster is deliberately simple and documented (docs/model.md): a seasonal naive
// forecast with a daily season, the equal-weight mean of the same clock hour's load over the
// last `lookbackDays` days that are in the run (at least one whole day of history is needed, as
// AWS needs 24 hours of data). AWS's own model is a machine-learning forecast over up to 14 days
// of daily and weekly patterns; it is not published, so capsim does not imitate its numbers.

import type { Simulation } from '../engine/index.js';
import type { PredictiveScalingSpec } from '../domain/scenario.js';
import type { LoadModel } from '../service/fluid.js';

const HOUR = 3600;
const DAY = 86400;

/** What predictive scaling acts on: the controller's predictive floor. */
export interface PredictiveTarget {
  setPredictiveFloor(n: number, reason: string): void;
}

/**
 * The forecast load (requests per second) of clock hour `hour` from per-minute offered
 * requests: mean over d = 1..lookbackDays with the hour d days earlier inside the record.
 * NaN when there is no such day.
 */
export function forecastHourRps(offeredPerMinute: ArrayLike<number>, hour: number, lookbackDays: number): number {
  let sum = 0;
  let days = 0;
  for (let d = 1; d <= lookbackDays; d++) {
    const start = hour * 60 - d * 24 * 60;
    if (start < 0) break;
    let requests = 0;
    for (let m = start; m < start + 60; m++) requests += offeredPerMinute[m] ?? 0;
    sum += requests / HOUR;
    days++;
  }
  return days > 0 ? sum / days : NaN;
}

/** Tasks needed to carry `rps` at the target: cpu % of each task's capacity, or requests per target per minute. */
export function predictiveCapacity(rps: number, spec: Pick<PredictiveScalingSpec, 'metric' | 'target'>, taskCapacityRps: number): number {
  const perTaskRps = spec.metric === 'cpu' ? (taskCapacityRps * spec.target) / 100 : spec.target / 60;
  return Math.ceil(rps / perTaskRps - 1e-9);
}

export function startPredictiveScaling(sim: Simulation, spec: PredictiveScalingSpec, fluid: LoadModel, taskCapacityRps: number, target: PredictiveTarget, log: (detail: string) => void): void {
  const horizon = fluid.horizonSeconds;
  const onHour = (_sim: Simulation, hour: number): void => {
    fluid.advanceTo(sim.now);
    const rps = forecastHourRps(fluid.minutes.offered, hour, spec.lookbackDays);
    if (!Number.isNaN(rps)) {
      const capacity = predictiveCapacity(rps, spec, taskCapacityRps);
      const detail = `predictive scaling (${spec.mode}): hour ${hour} forecast ${rps.toFixed(2)} rps → ${capacity} tasks`;
      if (spec.mode === 'ForecastAndScale') target.setPredictiveFloor(capacity, detail);
      else log(detail);
    }
    scheduleHour(hour + 1);
  };
  const scheduleHour = (hour: number): void => {
    const at = hour * HOUR - spec.schedulingBufferSeconds;
    if (at <= horizon) sim.scheduleAt(Math.max(at, sim.now), onHour, hour);
  };
  // The first forecast needs a whole day of history: hour 24 is the first it can cover.
  scheduleHour(DAY / HOUR);
}
