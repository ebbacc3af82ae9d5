// Application Auto Scaling step scaling for an ECS service (aws-facts §4.2; source
// awsdocs/application-auto-scaling-user-guide:doc_source/application-auto-scaling-step-scaling-policies.md).
//
// The policy owns one CloudWatch alarm (threshold, comparison, datapointsToAlarm of
// evaluationPeriods, over the controller's 60-second periods). CloudWatch invokes Auto Scaling
// actions once per period while an alarm stays in ALARM, so each period in ALARM the policy
// takes the period's datapoint, finds the step adjustment whose bounds contain
// (metric − threshold) and proposes the adjusted capacity:
//   * Bounds are relative to the threshold, null = unbounded. Above the threshold the lower
//     bound is inclusive and the upper exclusive; below it, the reverse. A breach of exactly 0
//     counts as "above" for a `>`/`>=` alarm and as "below" for a `<`/`<=` alarm.
//   * ChangeInCapacity adds the adjustment; ExactCapacity sets it; PercentChangeInCapacity adds
//     that percentage of the starting capacity, rounded as AWS does: above 1 down (12.7 → 12),
//     0..1 → 1, −1..0 → −1, below −1 up (−6.67 → −6). MinAdjustmentMagnitude (percent only)
//     raises a non-zero change to at least that many tasks.
//   * Cooldown (one per policy, started by its own scaling activity): during it, scale-in is
//     blocked, and a scale-out adds only the excess of its change over the scale-out change
//     already in progress (a step of 3 after a step of 2 adds 1; a step of 2 again adds
//     nothing), after which that larger change is the one in progress and the cooldown
//     restarts. A scale-out after a scale-in is not held back; a scale-out by any policy ends
//     a cooldown that a scale-in started ("the cooldown period for the scale-in activity stops").
//
// Documented choices where AWS is silent or unclear:
//   * Starting point: the service's current desired count. (The ECS guide says Service Auto
//     Scaling starts from the running count; this model uses desired because AWS states the
//     step examples and the cooldown rule in terms of desired capacity, and because a running
//     count below desired — tasks still starting or unplaceable, or two task sets running
//     during a blue/green deployment — would turn "+1" into a proposal below, or far above,
//     the desired count.)
//   * An alarm in ALARM whose latest datapoint is missing, or whose breach falls in no step,
//     proposes nothing.
//   * `scalesIn` (the policy votes in the controller's all-must-agree scale-in rule): any
//     negative adjustment for ChangeInCapacity / PercentChangeInCapacity; for ExactCapacity,
//     a low alarm (`<`, `<=`), since an exact count on a high alarm is meant to add capacity.
//   * An ExactCapacity step during a scale-out cooldown applies when it is above the current
//     desired count (its excess over what is in progress is exactly that difference).

import type { StepAdjustment, StepScalingSpec } from '../domain/scenario.js';
import { Alarm, round } from './alarm.js';
import { METRIC_NAMES } from './metrics.js';
import type { Proposal, ScalingContext, ScalingPolicy } from './policy.js';

/** AWS's rounding of a PercentChangeInCapacity result (aws-facts §4.2). */
export function roundPercentChange(value: number): number {
  // Values within float noise of a whole number are that number (30% of 10 is 3, not 2.9999…).
  const nearest = Math.round(value);
  const v = Math.abs(value - nearest) < 1e-9 ? nearest : value;
  if (Number.isInteger(v)) return v;
  if (v > 1) return Math.floor(v);
  if (v > 0) return 1;
  if (v > -1) return -1;
  return Math.ceil(v);
}

/** The step whose bounds contain `breach` (metric − threshold), or null. */
export function selectStep(steps: readonly StepAdjustment[], breach: number, above: boolean): StepAdjustment | null {
  for (const s of steps) {
    const lower = s.lower ?? -Infinity;
    const upper = s.upper ?? Infinity;
    const inside = above ? breach >= lower && breach < upper : breach > lower && breach <= upper;
    if (inside) return s;
  }
  return null;
}

/** The capacity change a step makes from `current` tasks. */
export function stepChange(spec: Pick<StepScalingSpec, 'adjustmentType' | 'minAdjustmentMagnitude'>, adjustment: number, current: number): number {
  switch (spec.adjustmentType) {
    case 'ChangeInCapacity':
      return adjustment;
    case 'ExactCapacity':
      return adjustment - current;
    case 'PercentChangeInCapacity': {
      const change = roundPercentChange((current * adjustment) / 100);
      if (change === 0 || Math.abs(change) >= spec.minAdjustmentMagnitude) return change;
      return Math.sign(change) * spec.minAdjustmentMagnitude;
    }
  }
}

function describeBounds(s: StepAdjustment, above: boolean): string {
  const lo = s.lower === null ? '−∞' : round(s.lower);
  const hi = s.upper === null ? '+∞' : round(s.upper);
  return above ? `[${lo}, ${hi})` : `(${lo}, ${hi}]`;
}

function describeAdjustment(spec: StepScalingSpec, adjustment: number): string {
  switch (spec.adjustmentType) {
    case 'ChangeInCapacity':
      return `ChangeInCapacity ${adjustment > 0 ? '+' : ''}${adjustment}`;
    case 'ExactCapacity':
      return `ExactCapacity ${adjustment}`;
    case 'PercentChangeInCapacity':
      return `PercentChangeInCapacity ${adjustment > 0 ? '+' : ''}${adjustment}%${spec.minAdjustmentMagnitude > 0 ? ` (MinAdjustmentMagnitude ${spec.minAdjustmentMagnitude})` : ''}`;
  }
}

export class StepScalingPolicy implements ScalingPolicy {
  readonly name: string;
  readonly metrics;
  readonly scalesIn: boolean;
  readonly scaleInRule = 'independent' as const;
  readonly periodSeconds = 60;
  readonly alarm: Alarm;
  private cooldownUntil = -Infinity;
  /** Capacity added by the scale-out in progress during the cooldown (0 after a scale-in). */
  private inProgress = 0;
  /** The full change of the step last proposed (what `applied` records as in progress). */
  private proposedChange = 0;

  constructor(private readonly spec: StepScalingSpec) {
    this.name = spec.name;
    this.metrics = [spec.metric] as const;
    const low = spec.comparison === '<' || spec.comparison === '<=';
    this.scalesIn = spec.adjustmentType === 'ExactCapacity' ? low : spec.steps.some((s) => s.adjustment < 0);
    this.alarm = new Alarm(spec.threshold, spec.comparison, spec.datapointsToAlarm, spec.evaluationPeriods);
  }

  evaluate(ctx: ScalingContext): Proposal | null {
    const value = ctx.value(this.spec.metric);
    const state = this.alarm.push(value);
    if (state !== 'ALARM' || Number.isNaN(value)) return null;
    const breach = value - this.spec.threshold;
    const above = breach > 0 || (breach === 0 && (this.spec.comparison === '>' || this.spec.comparison === '>='));
    const step = selectStep(this.spec.steps, breach, above);
    if (!step) return null;
    const current = ctx.desired;
    const change = stepChange(this.spec, step.adjustment, current);
    const inCooldown = ctx.now < this.cooldownUntil;
    let target: number;
    let note = '';
    if (change > 0) {
      if (inCooldown && this.inProgress > 0) {
        const excess = this.spec.adjustmentType === 'ExactCapacity' ? change : change - this.inProgress;
        if (excess <= 0) return null;
        target = current + excess;
        note = this.spec.adjustmentType === 'ExactCapacity' ? ' (in cooldown)' : ` (in cooldown: only the excess over the +${this.inProgress} in progress)`;
      } else {
        target = current + change;
      }
    } else if (change < 0) {
      if (inCooldown) return null;
      target = Math.max(0, current + change);
    } else {
      return null;
    }
    this.proposedChange = change;
    const metric = `${METRIC_NAMES[this.spec.metric]} ${round(value)}, ${breach >= 0 ? '+' : ''}${round(breach)} from the threshold`;
    const reason = `${this.name}: alarm ${this.alarm.describe()} in ALARM, ${metric}, step ${describeBounds(step, above)} ${describeAdjustment(this.spec, step.adjustment)}: ${current} → ${target}${note}`;
    return { direction: target > current ? 'out' : 'in', desired: target, reason };
  }

  applied(now: number, direction: 'out' | 'in', _desired: number, own: boolean): void {
    if (!own) {
      // A scale-out by another policy ends a cooldown that this policy's scale-in started.
      if (direction === 'out' && this.inProgress === 0) this.cooldownUntil = -Infinity;
      return;
    }
    const continuing = direction === 'out' && now < this.cooldownUntil && this.inProgress > 0;
    this.cooldownUntil = now + this.spec.cooldownSeconds;
    if (direction === 'in') this.inProgress = 0;
    else this.inProgress = continuing ? Math.max(this.inProgress, this.proposedChange) : this.proposedChange;
  }
}
