// Application Auto Scaling target tracking for an ECS service (aws-facts §4.1): a high alarm
// (metric > target for 3 of 3 datapoints) and a low alarm (metric < 0.9 × target for 15 of 15),
// over one-minute datapoints or, for ECS's high-resolution metrics, 20-second ones (the same
// counts: AWS documents no other alarm shape for them, see docs/model.md). While the high alarm is in ALARM, each period proposes
// desired = ceil(running × metric / target) — AWS does not publish the formula; this is the
// proportional rule the docs describe ("scales out proportionally"), starting from the running
// count. Scale-in uses the same ratio rounded up, so it never goes below what keeps the metric
// under target. Cooldowns: during scale-out cooldown only a larger scale-out applies, and "the
// capacity added by the initiating scale-out activity is calculated as part of the desired
// capacity for the next" (aws-facts §4.1): a proposal then starts from the running count the
// initiating scale-out started from, not from the tasks it added. The metric lags ~3 minutes, so
// datapoints read on the old count would otherwise be multiplied by the new one, and a constant
// load would double the service every minute up to its maximum. Scale-in waits out its
// cooldown, and a scale-out during it cancels it.

import type { TargetTrackingSpec } from '../domain/scenario.js';
import { Alarm, round } from './alarm.js';
import { HIGH_RESOLUTION_METRIC_NAMES, METRIC_NAMES } from './metrics.js';
import type { Proposal, ScalingContext, ScalingPolicy } from './policy.js';

export class TargetTrackingPolicy implements ScalingPolicy {
  readonly name: string;
  readonly metrics;
  readonly scalesIn: boolean;
  readonly scaleInRule = 'all-must-agree' as const;
  readonly periodSeconds: number;
  readonly high: Alarm;
  readonly low: Alarm;
  private scaleOutUntil = -Infinity;
  private scaleOutDesired = 0;
  /** The running count the scale-out that started the cooldown in force proposed from. */
  private scaleOutBase = 0;
  /** The running count of the last scale-out this policy proposed. */
  private proposedFrom = 0;
  private scaleInUntil = -Infinity;

  constructor(private readonly spec: TargetTrackingSpec) {
    this.name = spec.name;
    this.metrics = [spec.metric] as const;
    this.scalesIn = !spec.disableScaleIn;
    this.periodSeconds = spec.periodSeconds;
    this.high = new Alarm(spec.target, '>', spec.highDatapoints, spec.highDatapoints);
    this.low = new Alarm(spec.target * spec.scaleInThresholdFactor, '<', spec.lowDatapoints, spec.lowDatapoints);
  }

  evaluate(ctx: ScalingContext): Proposal | null {
    const value = ctx.value(this.spec.metric);
    const high = this.high.push(value);
    const low = this.low.push(value);
    if (Number.isNaN(value) || ctx.running === 0) return null;
    const proportional = Math.ceil((ctx.running * value) / this.spec.target - 1e-9);
    if (high === 'ALARM') {
      const cooling = ctx.now < this.scaleOutUntil;
      const from = cooling ? this.scaleOutBase : ctx.running;
      const out = cooling ? Math.ceil((from * value) / this.spec.target - 1e-9) : proportional;
      if (out <= ctx.desired) return null;
      if (cooling && out <= this.scaleOutDesired) return null;
      this.proposedFrom = from;
      const start = cooling ? `${from} running at the cooldown's start` : `${from} running`;
      return { direction: 'out', desired: out, reason: this.reason('AlarmHigh', this.high, value, start, out) };
    }
    if (low === 'ALARM' && this.scalesIn) {
      if (ctx.now < this.scaleInUntil || proportional >= ctx.desired) return null;
      return { direction: 'in', desired: proportional, reason: this.reason('AlarmLow', this.low, value, `${ctx.running} running`, proportional) };
    }
    return null;
  }

  /** Built only for a proposal: most periods propose nothing, and this runs every minute. */
  private reason(name: string, alarm: Alarm, value: number, from: string, proportional: number): string {
    const metricName = this.periodSeconds < 60 ? HIGH_RESOLUTION_METRIC_NAMES[this.spec.metric] : METRIC_NAMES[this.spec.metric];
    const metric = `${metricName} ${round(value)} vs target ${round(this.spec.target)}`;
    return `${this.name}: ${name} (${alarm.describe()}), ${metric}, ${from} → ${proportional}`;
  }

  applied(now: number, direction: 'out' | 'in', desired: number, own: boolean): void {
    if (!own) return;
    if (direction === 'out') {
      // A larger scale-out during the cooldown still counts from the count before the first.
      if (now >= this.scaleOutUntil) this.scaleOutBase = this.proposedFrom;
      this.scaleOutUntil = now + this.spec.scaleOutCooldownSeconds;
      this.scaleOutDesired = desired;
      this.scaleInUntil = -Infinity; // a scale-out cancels a running scale-in cooldown
    } else {
      this.scaleInUntil = now + this.spec.scaleInCooldownSeconds;
    }
  }
}
