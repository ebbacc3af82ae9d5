// The lifecycle signals one alternative's models emit. Billing, metrics and the event log
// subscribe; emitters never reach into their listeners.

import { Signal } from '../engine/signal.js';
import type { InstanceChange } from './instance.js';
import type { PlacementFailure, ServingChange, Task, TaskTransition } from './task.js';

export class Signals {
  readonly taskState = new Signal<TaskTransition>();
  readonly instance = new Signal<InstanceChange>();
  readonly placementFailed = new Signal<PlacementFailure>();
  readonly serving = new Signal<ServingChange>();
  /** A Spot interruption notice (EC2 instance or Fargate Spot task), for the event log. */
  readonly interruption = new Signal<{ t: number; target: string; deadline: number; tasks: Task[] }>();
  /**
   * A task must go by `deadline` (its host is reclaimed). 'drain': it stops as for a scale-in
   * (EC2 Spot instance draining). 'sigterm': it gets SIGTERM now and exits within stopTimeout
   * (Fargate Spot). Whatever is left at the deadline is stopped then.
   */
  readonly taskInterrupted = new Signal<{ t: number; task: Task; deadline: number; reason: string; mode: 'drain' | 'sigterm' }>();
  /** An image pull that crossed the network (not served from an instance's cache). */
  readonly imagePull = new Signal<{ t: number; task: Task; bytes: number }>();
  readonly desired = new Signal<{ t: number; service: string; desired: number }>();
  /** Launches asked for but not started (throttled, or no room on any instance). */
  readonly pendingLaunches = new Signal<{ t: number; service: string; count: number }>();
  /** Desired count changes and deployment steps, with their reason (for the decision log). */
  readonly decision = new Signal<{ t: number; kind: 'scaling' | 'deployment'; detail: string }>();
}
