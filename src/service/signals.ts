// The lifecycle signals one alternative's models emit. Billing, metrics and the event log
// subscribe; emitters never reach into their listeners.

import { Signal } from '../engine/signal.js';
import type { InstanceChange } from '../capacity/instance.js';
import type { PlacementFailure, TaskTransition } from './task.js';

export class Signals {
  readonly taskState = new Signal<TaskTransition>();
  readonly instance = new Signal<InstanceChange>();
  readonly placementFailed = new Signal<PlacementFailure>();
}
