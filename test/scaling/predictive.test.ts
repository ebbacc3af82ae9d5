// Predictive scaling (docs/model.md): each hour, schedulingBufferTime (default 300 s) before it
// starts, the hour's load is forecast as the mean of the same clock hour over the past days
// (up to lookbackDays, default 7; at least one day of history), and capacity =
// ceil(forecast rps ÷ (taskCapacity × target %)) becomes a floor on the desired count in
// ForecastAndScale mode (the higher of it and target tracking wins); ForecastOnly records it.
//
// Every run: tasks of 1 vCPU / 2 GB serving 50 rps at 100% CPU (test/dynamics/scenario.ts),
// a step load of 60 rps with 300 rps from 10:00 to 14:00 each day, no noise.

import { describe, expect, it } from 'vitest';
import { forecastHourRps, predictiveCapacity } from '../../src/scaling/predictive.js';
import { eventsOf, run } from '../dynamics/scenario.js';

/** Two days: 60 rps, 300 rps from 10:00 to 14:00 (36,000–50,400 s, and +86,400). */
const TWO_DAYS = '{ type: steps, initial: 60 rps, steps: [ { at: 10h, rps: 300 rps }, { at: 14h, rps: 60 rps }, { at: 34h, rps: 300 rps }, { at: 38h, rps: 60 rps } ] }';

const scaling = (predictive: string) => `{ minCapacity: 2, maxCapacity: 20, targetTracking: [ { metric: cpu, target: 60 } ]${predictive ? `, predictive: ${predictive}` : ''} }`;

describe('the forecaster, by hand', () => {
  it('averages the same clock hour over the past days in the record', () => {
    // Three days of per-minute requests: hour 10 carries 18,000 requests a minute (300 rps) on
    // day 0 and 12,000 (200 rps) on day 1. Forecast of hour 58 (day 2, 10:00):
    // (200 + 300) / 2 = 250 rps; with lookbackDays 1 only day 1 counts: 200 rps.
    const offered = new Float64Array(3 * 1440).fill(3600); // 60 rps
    offered.fill(18000, 10 * 60, 11 * 60);
    offered.fill(12000, 1440 + 10 * 60, 1440 + 11 * 60);
    expect(forecastHourRps(offered, 58, 7)).toBe(250);
    expect(forecastHourRps(offered, 58, 1)).toBe(200);
    // Hour 20 of day 0 has no past day: no forecast.
    expect(forecastHourRps(offered, 20, 7)).toBeNaN();
  });

  it('turns load into tasks: cpu target 60 % of 50 rps = 30 rps a task; 1,200 requests per target per minute = 20 rps', () => {
    expect(predictiveCapacity(300, { metric: 'cpu', target: 60 }, 50)).toBe(10); // 300 / 30
    expect(predictiveCapacity(61, { metric: 'cpu', target: 60 }, 50)).toBe(3); // ceil(2.03)
    expect(predictiveCapacity(300, { metric: 'requestsPerTarget', target: 1200 }, 50)).toBe(15); // 300 / 20
  });
});

describe('predictive scaling in a run', () => {
  it('ForecastAndScale: the day-1 peak is forecast from day 0 and its 10 tasks are asked for at 34 h − 300 s', () => {
    const alt = run({ horizon: '2d', rps: TWO_DAYS, desiredCount: 4, autoscaling: scaling('{ metric: cpu, target: 60, mode: ForecastAndScale }') });
    const predictive = eventsOf(alt, 'scaling').filter((e) => e.detail.includes('predictive scaling'));
    // Hour 34 (day 1, 10:00) = day 0's hour 10: 300 rps → ceil(300 / 30) = 10, at 34 × 3600 − 300 = 122,100 s.
    const peak = predictive.find((e) => e.detail.includes('hour 34 forecast'));
    expect(peak?.t).toBe(122_100);
    expect(peak?.detail).toContain('hour 34 forecast 300.00 rps → 10 tasks');
    expect(peak?.detail.startsWith('desired ')).toBe(true);
    // Hour 24 (day 1, 00:00) = day 0's hour 0: 60 rps → 2 tasks, at 86,400 − 300 = 86,100 s.
    expect(predictive.find((e) => e.detail.includes('hour 24 forecast'))).toMatchObject({ t: 86_100 });
  });

  it('drops fewer requests on day 1 than target tracking alone, which waits for the load', () => {
    const alone = run({ horizon: '2d', rps: TWO_DAYS, desiredCount: 4, autoscaling: scaling('') });
    const both = run({ horizon: '2d', rps: TWO_DAYS, desiredCount: 4, autoscaling: scaling('{ metric: cpu, target: 60, mode: ForecastAndScale }') });
    const day1 = (alt: typeof alone) => alt.series.droppedRps.slice(1440).reduce((a, b) => a + b, 0);
    // With 10 tasks serving from 122,100 + 40 s, 300 rps ≤ 10 × 50: nothing dropped at 34 h.
    expect(day1(both)).toBe(0);
    expect(day1(alone)).toBeGreaterThan(0);
  });

  it('ForecastOnly (the default mode) records the forecast and changes nothing', () => {
    const alone = run({ horizon: '2d', rps: TWO_DAYS, desiredCount: 4, autoscaling: scaling('') });
    const only = run({ horizon: '2d', rps: TWO_DAYS, desiredCount: 4, autoscaling: scaling('{ metric: cpu, target: 60 }') });
    expect(eventsOf(only, 'scaling').some((e) => e.detail.startsWith('predictive scaling (ForecastOnly): hour 34 forecast 300.00 rps → 10 tasks'))).toBe(true);
    expect(only.cost.totalUsd).toBeGreaterThan(0);
    expect(only.cost.totalUsd).toBe(alone.cost.totalUsd);
    expect(only.series.desiredTasks).toEqual(alone.series.desiredTasks);
  });
});
