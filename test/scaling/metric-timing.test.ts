// The metric pipeline's timing against AWS's benchmark of ECS's 20-second metrics (June 2026:
// a load step triggered scale-out after 363 s with 60-second metrics and after 86 s with the
// 20-second ECSServiceAverageCPUUtilizationHighResolution; src/catalog/autoscaling.ts). capsim
// acts on a period's datapoint `delay` after the period ends; the default delays are calibrated
// so that the same step reproduces AWS's figures, which these tests check by hand.
//
// Every run: tasks of 1 vCPU / 2 GB serving 50 rps each at 100% CPU, 4 warm tasks, so CPU% =
// 100 × load / 200 (test/dynamics/scenario.ts); a launched task serves 40 s later.

import { mmckBlocking } from '../support/mmck.js';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/index.js';
import { eventsOf, run, dynamicsScenario } from '../dynamics/scenario.js';

/** 95 rps (47.5%: no alarm) until 600 s, then 400 rps (100% CPU on 4 tasks). */
const STEP_AT_600 = '{ type: steps, initial: 95 rps, steps: [ { at: 10m, rps: 400 rps } ] }';

function scaleOutTimes(autoscaling: string): number[] {
  const alt = run({ horizon: '20m', rps: STEP_AT_600, desiredCount: 4, autoscaling });
  return eventsOf(alt, 'scaling').filter((e) => e.detail.startsWith('desired 4 → 8')).map((e) => e.t);
}

describe('metric pipeline delay (defaults calibrated on AWS benchmark)', () => {
  it('60-second metrics: a step at 600 s scales out at 600 + 363 = 963 s', () => {
    // Datapoints of minutes 10, 11, 12 breach (100% > 50); the third is complete at 780 s and
    // acted on 183 s later (363 − 3 × 60 = 183): 780 + 183 = 963 = 600 + 363.
    // desired = ceil(4 × 100 / 50) = 8.
    expect(scaleOutTimes('{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50 } ] }')).toEqual([963]);
  });

  it('20-second metrics: the same step scales out at 600 + 86 = 686 s', () => {
    // Periods [600,620), [620,640), [640,660) breach; the third is complete at 660 s and acted
    // on 26 s later (86 − 3 × 20 = 26): 660 + 26 = 686 = 600 + 86.
    expect(scaleOutTimes('{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50, resolution: 20s } ] }')).toEqual([686]);
  });

  it('the trigger gains 363 − 86 = 277 s, and the new tasks serve 40 s after it', () => {
    const std = run({ horizon: '20m', rps: STEP_AT_600, desiredCount: 4, autoscaling: '{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50 } ] }' });
    const fast = run({ horizon: '20m', rps: STEP_AT_600, desiredCount: 4, autoscaling: '{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50, resolution: 20s } ] }' });
    const firstServing = (alt: typeof std) => eventsOf(alt, 'task-running')[0]?.t;
    expect(firstServing(std)).toBe(963 + 40);
    expect(firstServing(fast)).toBe(686 + 40);
    // Overload from 600 s: 400 rps against 4 × 50 = 200. The queue (100 per task = 400) fills in
    // ticks 600 and 601; from 602, 200 requests a second are dropped until 8 tasks serve.
    // Standard: ticks 602..1002 = 401 × 200 = 80,200; high resolution: 602..725 = 124 × 200 = 24,800.
    // Then 8 tasks take 400 rps at ρ = 1 exactly, and a full task turns requests away by chance:
    // M/M/3/103 (3 workers of 50/3 rps, a = 3) blocks p_K = 4.5 / (8.5 + 101 × 4.5) = 4.5 / 463 of
    // them, 24,000 × 0.0097192 = 233.3 a minute. Standard: whole minutes 17..19 (minute 16, at
    // ρ = 24,000 / 15,400 = 1.56, blocks no more than its overflow); high resolution: minutes
    // 13..19, and minute 12 (4 tasks until 726 s: capacity 6 × 200 + 54 × 400 = 22,800) blocks
    // B(ρ = 24,000 / 22,800) × 24,000 less the 1,200 above capacity.
    const atOne = 24_000 * mmckBlocking(3, 100, 3);
    expect(atOne).toBeCloseTo((24_000 * 4.5) / 463, 6);
    const minute12 = mmckBlocking(3, 100, 3 * (24_000 / 22_800)) * 24_000 - 1_200;
    expect(std.requests.dropped).toBeCloseTo(80_200 + 3 * atOne, -1);
    expect(fast.requests.dropped).toBeCloseTo(24_800 + minute12 + 7 * atOne, -1);
  });

  it('a step in the middle of a 20-second period: the partial period breaches too', () => {
    // Step at 610 s: period [600,620) averages (95 × 10 + 400 × 10) / 20 = 247.5 rps → 61.9% > 50,
    // so it is the first of three breaching datapoints: third complete at 660 s → acts at 686 s.
    const alt = run({ horizon: '20m', rps: '{ type: steps, initial: 95 rps, steps: [ { at: 610s, rps: 400 rps } ] }', desiredCount: 4, autoscaling: '{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50, resolution: 20s } ] }' });
    expect(eventsOf(alt, 'scaling').map((e) => e.t)).toEqual([686]);
  });

  it('explicit delays override the defaults', () => {
    expect(scaleOutTimes('{ minCapacity: 1, maxCapacity: 8, metricDelay: 0s, targetTracking: [ { metric: cpu, target: 50 } ] }')).toEqual([780]);
    expect(scaleOutTimes('{ minCapacity: 1, maxCapacity: 8, highResolutionMetricDelay: 0s, targetTracking: [ { metric: cpu, target: 50, resolution: 20s } ] }')).toEqual([660]);
  });

  it('the high-resolution alarm names its metric in the decision', () => {
    const alt = run({ horizon: '20m', rps: STEP_AT_600, desiredCount: 4, autoscaling: '{ minCapacity: 1, maxCapacity: 8, targetTracking: [ { metric: cpu, target: 50, resolution: 20s } ] }' });
    expect(eventsOf(alt, 'scaling')[0].detail).toContain('ECSServiceAverageCPUUtilizationHighResolution 100 vs target 50');
  });
});

describe('resolution: bad input', () => {
  const scenario = (tt: string) => dynamicsScenario({ horizon: '20m', rps: '{ type: constant, rps: 95 rps }', desiredCount: 4, autoscaling: `{ minCapacity: 1, maxCapacity: 8, targetTracking: [ ${tt} ] }` });
  it('rejects a period other than 60 s or 20 s, naming the field', () => {
    expect(() => parseScenario(scenario('{ metric: cpu, target: 50, resolution: 30s }'))).toThrow(/targetTracking\[0\]\.resolution[\s\S]*60s or 20s/);
  });
  it('rejects 20 s for the ALB request count, which has no high-resolution variant', () => {
    expect(() => parseScenario(scenario('{ metric: requestsPerTarget, target: 1000, resolution: 20s }'))).toThrow(/targetTracking\[0\]\.resolution[\s\S]*cpu and memory/);
  });
});
