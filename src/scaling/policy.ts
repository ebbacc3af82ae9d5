// What a scaling policy gives the controller each period: a proposed desired count with its
// reason, or nothing. Policies own their alarms and cooldowns; the controller arbitrates
// between policies (AWS: scale out if any policy says so, scale in only if all do) and applies
// min/max capacity.

import type { ScalingMetric } from '../domain/scenario.js';

export interface Proposal {
  direction: 'out' | 'in';
  desired: number;
  reason: string;
}

export interface ScalingContext {
  now: number;
  /** Minute index of the datapoint just published. */
  minute: number;
  /** Running tasks (Application Auto Scaling's starting point for target tracking). */
  running: number;
  /** Current desired count. */
  desired: number;
  value(metric: ScalingMetric): number;
}

export interface ScalingPolicy {
  readonly name: string;
  readonly metrics: readonly ScalingMetric[];
  /** False when the policy never scales in (disableScaleIn). */
  readonly scalesIn: boolean;
  /**
   * 'all-must-agree': target tracking — scale in only when every such policy is ready (AWS's
   * multiple-policies rule). 'independent': step scaling acts on its own alarm.
   */
  readonly scaleInRule: 'all-must-agree' | 'independent';
  /** The CloudWatch period of the datapoints it evaluates: 60 s, or 20 s (ECS high resolution). */
  readonly periodSeconds: number;
  evaluate(ctx: ScalingContext): Proposal | null;
  /** Told after the controller applied a change (from any policy), to start cooldowns. */
  applied(now: number, direction: 'out' | 'in', desired: number, own: boolean): void;
}
