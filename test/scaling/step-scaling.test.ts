// Step scaling (aws-facts §4.2), driven directly with a fake ScalingContext: each `period` call
// is one published 60-second datapoint; when the policy proposes a change the helper applies it
// the way the controller does (desired = proposal, then `applied(..., own = true)`).

import { describe, expect, it } from 'vitest';
import type { ScalingContext } from '../../src/scaling/policy.js';
import { StepScalingPolicy, roundPercentChange, selectStep, stepChange } from '../../src/scaling/step-scaling.js';
import type { StepAdjustment, StepScalingSpec } from '../../src/domain/scenario.js';
import { desiredChanges, runService } from './run-scenario.js';

function spec(over: Partial<StepScalingSpec> = {}): StepScalingSpec {
  return {
    name: 'step',
    metric: 'cpu',
    threshold: 70,
    comparison: '>',
    datapointsToAlarm: 1,
    evaluationPeriods: 1,
    adjustmentType: 'ChangeInCapacity',
    minAdjustmentMagnitude: 0,
    cooldownSeconds: 0,
    steps: [{ lower: 0, upper: null, adjustment: 1 }],
    ...over,
  };
}

const step = (lower: number | null, upper: number | null, adjustment: number): StepAdjustment => ({ lower, upper, adjustment });

/** Runs periods against one policy, keeping the desired count as the controller would. */
class Harness {
  constructor(
    readonly policy: StepScalingPolicy,
    public desired: number,
  ) {}

  /** One datapoint at time `now`; returns the new desired count (unchanged when nothing was proposed). */
  period(now: number, value: number): number {
    const ctx: ScalingContext = { now, minute: Math.floor(now / 60) - 1, running: this.desired, desired: this.desired, value: () => value };
    const p = this.policy.evaluate(ctx);
    if (p && p.desired !== this.desired) {
      this.policy.applied(now, p.direction, p.desired, true);
      this.desired = p.desired;
    }
    return this.desired;
  }
}

describe('step bounds (relative to the threshold)', () => {
  // Scale-out steps above a threshold of 70: [0, 10) +1, [10, 20) +2, [20, +∞) +3.
  const out = [step(0, 10, 1), step(10, 20, 2), step(20, null, 3)];
  // Scale-in steps below a threshold of 30: (−10, 0] −1, (−20, −10] −2, (−∞, −20] −3.
  const inSteps = [step(-10, 0, -1), step(-20, -10, -2), step(null, -20, -3)];

  it('above the threshold the lower bound is inclusive and the upper exclusive', () => {
    expect(selectStep(out, 0, true)?.adjustment).toBe(1); // 70 − 70 = 0 → [0, 10)
    expect(selectStep(out, 9.99, true)?.adjustment).toBe(1);
    expect(selectStep(out, 10, true)?.adjustment).toBe(2); // exactly 10 belongs to [10, 20)
    expect(selectStep(out, 20, true)?.adjustment).toBe(3);
    expect(selectStep(out, 500, true)?.adjustment).toBe(3);
    expect(selectStep(out, -1, false)).toBeNull(); // no step covers a breach below 0
  });

  it('below the threshold the lower bound is exclusive and the upper inclusive', () => {
    expect(selectStep(inSteps, -5, false)?.adjustment).toBe(-1);
    expect(selectStep(inSteps, -10, false)?.adjustment).toBe(-2); // exactly −10 belongs to (−20, −10]
    expect(selectStep(inSteps, -10.01, false)?.adjustment).toBe(-2);
    expect(selectStep(inSteps, -20, false)?.adjustment).toBe(-3); // exactly −20 belongs to (−∞, −20]
    expect(selectStep(inSteps, 0, false)?.adjustment).toBe(-1); // 0 belongs to (−10, 0]
  });

  it('the policy applies the same rule to the datapoint: 80 against 70 takes the +2 step', () => {
    const h = new Harness(new StepScalingPolicy(spec({ steps: out })), 10);
    expect(h.period(60, 80)).toBe(12); // 80 − 70 = 10 → [10, 20) → +2
    expect(h.period(120, 79.9)).toBe(13); // 9.9 → [0, 10) → +1 (no cooldown here)
    expect(h.period(180, 70)).toBe(13); // 70 is not > 70: the alarm is OK, nothing happens
  });

  it('a breach of exactly 0 is "above" for >= and "below" for <=', () => {
    const ge = new Harness(new StepScalingPolicy(spec({ comparison: '>=', steps: out })), 10);
    expect(ge.period(60, 70)).toBe(11); // [0, 10) → +1
    const le = new Harness(new StepScalingPolicy(spec({ threshold: 30, comparison: '<=', steps: inSteps })), 10);
    expect(le.period(60, 30)).toBe(9); // (−10, 0] → −1
    expect(le.period(120, 20)).toBe(7); // 20 − 30 = −10 → (−20, −10] → −2
    expect(le.period(180, 10)).toBe(4); // −20 → (−∞, −20] → −3
  });

  it("AWS's worked example: 10 tasks, threshold 50, ±10% / ±30% steps → 11, 14, 13, 10", () => {
    // scale-out [0,10) 0, [10,20) +10%, [20,∞) +30%; scale-in (−10,0] 0, (−20,−10] −10%, (−∞,−20] −30%
    const outPolicy = new StepScalingPolicy(
      spec({ threshold: 50, adjustmentType: 'PercentChangeInCapacity', steps: [step(0, 10, 0), step(10, 20, 10), step(20, null, 30)] }),
    );
    const inPolicy = new StepScalingPolicy(
      spec({ threshold: 50, comparison: '<', adjustmentType: 'PercentChangeInCapacity', steps: [step(-10, 0, 0), step(-20, -10, -10), step(null, -20, -30)] }),
    );
    let desired = 10;
    const period = (now: number, value: number): number => {
      for (const policy of [outPolicy, inPolicy]) {
        const p = policy.evaluate({ now, minute: 0, running: desired, desired, value: () => value });
        if (p) {
          policy.applied(now, p.direction, p.desired, true);
          desired = p.desired;
        }
      }
      return desired;
    };
    expect(period(60, 55)).toBe(10); // 55 − 50 = 5 → [0, 10) → 0%: unchanged
    expect(period(120, 60)).toBe(11); // +10% of 10 = 1
    expect(period(180, 70)).toBe(14); // +30% of 11 = 3.3 → 3
    expect(period(240, 40)).toBe(13); // −10% of 14 = −1.4 → −1
    expect(period(300, 30)).toBe(10); // −30% of 13 = −3.9 → −3
  });
});

describe('adjustment types', () => {
  it("AWS's rounding of percent results: 12.7 → 12, 0.67 → 1, −0.58 → −1, −6.67 → −6", () => {
    expect(roundPercentChange(12.7)).toBe(12);
    expect(roundPercentChange(0.67)).toBe(1);
    expect(roundPercentChange(-0.58)).toBe(-1);
    expect(roundPercentChange(-6.67)).toBe(-6);
    expect(roundPercentChange(3)).toBe(3);
    expect(roundPercentChange(0)).toBe(0);
    expect(roundPercentChange(1.0000000000000002)).toBe(1); // float noise is not a fraction
  });

  it('ChangeInCapacity 3 + 5 = 8; ExactCapacity 5 from 3 is 5; PercentChangeInCapacity 10% of 10 is +1', () => {
    const change = (adjustmentType: StepScalingSpec['adjustmentType'], adjustment: number, from: number) =>
      new Harness(new StepScalingPolicy(spec({ adjustmentType, steps: [step(0, null, adjustment)] })), from).period(60, 80);
    expect(change('ChangeInCapacity', 5, 3)).toBe(8);
    expect(change('ExactCapacity', 5, 3)).toBe(5);
    expect(change('PercentChangeInCapacity', 10, 10)).toBe(11);
    // 127% of 10 = 12.7 → +12 → 22; −66.7% of 10 = −6.67 → −6 → 4
    expect(change('PercentChangeInCapacity', 127, 10)).toBe(22);
    expect(change('PercentChangeInCapacity', -66.7, 10)).toBe(4);
    // 5% of 10 = 0.5 → +1; −5% of 10 = −0.5 → −1
    expect(change('PercentChangeInCapacity', 5, 10)).toBe(11);
    expect(change('PercentChangeInCapacity', -5, 10)).toBe(9);
  });

  it('MinAdjustmentMagnitude: 25% of 4 is 1, raised to 2 (both directions)', () => {
    const s = { adjustmentType: 'PercentChangeInCapacity' as const, minAdjustmentMagnitude: 2 };
    expect(stepChange(s, 25, 4)).toBe(2);
    expect(stepChange(s, -25, 4)).toBe(-2);
    expect(stepChange(s, 100, 4)).toBe(4); // already ≥ 2: unchanged
    expect(stepChange(s, 0, 4)).toBe(0); // a 0% step stays "no change"
    // it applies to percent steps only
    expect(stepChange({ adjustmentType: 'ChangeInCapacity', minAdjustmentMagnitude: 2 }, 1, 4)).toBe(1);
    const h = new Harness(new StepScalingPolicy(spec({ ...s, steps: [step(0, null, 25)] })), 4);
    expect(h.period(60, 80)).toBe(6);
  });

  it('scalesIn: any negative step; ExactCapacity only on a low alarm', () => {
    expect(new StepScalingPolicy(spec({ steps: [step(0, 10, 1), step(10, null, 2)] })).scalesIn).toBe(false);
    expect(new StepScalingPolicy(spec({ comparison: '<', steps: [step(null, 0, -1)] })).scalesIn).toBe(true);
    expect(new StepScalingPolicy(spec({ adjustmentType: 'ExactCapacity', steps: [step(0, null, 10)] })).scalesIn).toBe(false);
    expect(new StepScalingPolicy(spec({ adjustmentType: 'ExactCapacity', comparison: '<', steps: [step(null, 0, 2)] })).scalesIn).toBe(true);
  });
});

describe('alarm', () => {
  it('acts only once datapointsToAlarm of evaluationPeriods breach, and not on a missing datapoint', () => {
    const h = new Harness(new StepScalingPolicy(spec({ datapointsToAlarm: 2, evaluationPeriods: 3 })), 5);
    expect(h.period(60, 80)).toBe(5); // [80]: 1 breaching, window not full → INSUFFICIENT_DATA
    expect(h.period(120, 60)).toBe(5); // [80, 60]: 1 breaching
    expect(h.period(180, 80)).toBe(6); // [80, 60, 80]: 2 of 3 → ALARM; 80 − 70 = 10 → +1
    expect(h.period(240, 60)).toBe(6); // [60, 80, 60]: 1 of 3 → OK
    expect(h.period(300, 80)).toBe(7); // [80, 60, 80]: ALARM again
    expect(h.period(360, NaN)).toBe(7); // [60, 80, missing]: 1 breaching → OK
  });

  it('an alarm still in ALARM whose latest datapoint is missing does nothing', () => {
    const h = new Harness(new StepScalingPolicy(spec({ datapointsToAlarm: 1, evaluationPeriods: 2 })), 5);
    expect(h.period(60, 80)).toBe(6);
    expect(h.period(120, NaN)).toBe(6); // [80, missing]: still ALARM, but no value to place in a step
  });
});

describe('cooldown', () => {
  // Threshold 70: [0, 10) +2, [10, ∞) +3; cooldown 300 s.
  const policy = () => new StepScalingPolicy(spec({ cooldownSeconds: 300, steps: [step(0, 10, 2), step(10, null, 3)] }));

  it('a larger step during scale-out cooldown adds only its excess: +2 then +3 → +1', () => {
    const h = new Harness(policy(), 10);
    expect(h.period(60, 75)).toBe(12); // +2; cooldown until 360
    expect(h.period(120, 85)).toBe(13); // +3 in cooldown: the +2 in progress counts, 3 − 2 = +1; cooldown until 420
    expect(h.period(180, 85)).toBe(13); // +3 again: nothing beyond the +3 now in progress
    expect(h.period(240, 75)).toBe(13); // a smaller step: nothing
    expect(h.period(419, 85)).toBe(13); // still in cooldown (until 120 + 300 = 420)
    expect(h.period(420, 75)).toBe(15); // cooldown over: the full +2
  });

  it('scale-in is blocked during cooldown, then resumes', () => {
    const h = new Harness(new StepScalingPolicy(spec({ threshold: 30, comparison: '<', cooldownSeconds: 300, steps: [step(null, 0, -1)] })), 10);
    expect(h.period(60, 20)).toBe(9); // −1; cooldown until 360
    expect(h.period(120, 20)).toBe(9); // blocked
    expect(h.period(359, 20)).toBe(9); // blocked
    expect(h.period(360, 20)).toBe(8); // cooldown over
  });

  it('a scale-out by another policy ends a scale-in cooldown', () => {
    const h = new Harness(new StepScalingPolicy(spec({ threshold: 30, comparison: '<', cooldownSeconds: 300, steps: [step(null, 0, -1)] })), 10);
    expect(h.period(60, 20)).toBe(9);
    h.policy.applied(90, 'out', 12, false); // e.g. a target tracking policy scaled out
    h.desired = 12;
    expect(h.period(120, 20)).toBe(11); // no longer blocked
  });

  it('a mixed policy: scale-in waits out the cooldown of its own scale-out; a scale-out after its scale-in is not held back', () => {
    // Threshold 50, alarm "1 of 2 datapoints > 50", so a datapoint below 50 right after one above
    // keeps the alarm in ALARM with a negative breach. Steps: (−∞, −20] −1, (−20, 20) 0, [20, ∞) +2.
    const mixed = new StepScalingPolicy(
      spec({ threshold: 50, datapointsToAlarm: 1, evaluationPeriods: 2, cooldownSeconds: 300, steps: [step(null, -20, -1), step(-20, 20, 0), step(20, null, 2)] }),
    );
    const h = new Harness(mixed, 10);
    expect(h.period(60, 80)).toBe(12); // +30 → +2; cooldown until 360
    expect(h.period(120, 25)).toBe(12); // [80, 25] ALARM, −25 → −1: blocked by the cooldown
    expect(h.period(360, 80)).toBe(14); // cooldown over: +2; cooldown until 660
    expect(h.period(420, 25)).toBe(14); // −1 blocked
    expect(h.period(600, 80)).toBe(14); // +2 while +2 is in progress: nothing
    expect(h.period(660, 25)).toBe(13); // cooldown over: −1; a scale-in cooldown until 960
    expect(h.period(720, 80)).toBe(15); // scale-out during a scale-in cooldown: the full +2 at once
  });
});

describe('whole run', () => {
  it('300 rps on 2 tasks of 60 rps: +2, cooldown, +2, then +1 steps until under 70%', () => {
    const alt = runService({
      rps: 300,
      desiredCount: 2,
      horizon: '15m',
      autoscaling: `
minCapacity: 1
maxCapacity: 20
metricDelay: 0s
stepScaling:
  - name: cpu-high
    metric: cpu
    threshold: 70
    comparison: '>'
    adjustmentType: ChangeInCapacity
    cooldown: 120s
    steps: [{ lower: 0, upper: 20, adjustment: 1 }, { lower: 20, adjustment: 2 }]`,
    });
    // Datapoint of minute m at (m + 1) × 60 s; new tasks serve 30 s after the change.
    // t = 60: 2 tasks (120 rps) at 100% → +30 → [20, ∞) → +2 → 4; cooldown until 180.
    // t = 120: 2 then 4 tasks (240 rps), 100% → +2 again, in cooldown with +2 in progress → nothing.
    // t = 180: 4 tasks, 100% → cooldown over → +2 → 6; cooldown until 300.
    // t = 240: 30 s of 4 tasks at 100% and 30 s of 6 draining the backlog, ~92% → +2 in cooldown → nothing.
    // t = 300: 300/360 = 83.3% → +13.3 → [0, 20) → +1 → 7; cooldown until 420.
    // t = 360: 30 s at 83.3%, 30 s at 300/420 = 71.4% → 76.9% → +1 in cooldown → nothing.
    // t = 420: 71.4% → +1.4 → +1 → 8.  t = 480 on: 30 s at 71.4% + 30 s at 62.5%, then 62.5%: OK.
    expect(desiredChanges(alt.events)).toEqual(['60 desired 2 → 4', '180 desired 4 → 6', '300 desired 6 → 7', '420 desired 7 → 8']);
    const first = alt.events.find((e) => e.t === 60 && e.kind === 'scaling');
    expect(first?.detail).toBe(
      'desired 2 → 4: cpu-high: alarm 1 of 1 datapoints > 70 in ALARM, ECSServiceAverageCPUUtilization 100, +30 from the threshold, step [20, +∞) ChangeInCapacity +2: 2 → 4',
    );
  });
});
