// A task and its ECS lifecycle states. The states are AWS's (task-lifecycle.md); which of them
// serve load and which are billed is decided here, once, for every model.

import type { TaskSize } from './scenario.js';

export enum TaskState {
  PROVISIONING = 0,
  PENDING = 1,
  ACTIVATING = 2,
  RUNNING = 3,
  DEACTIVATING = 4,
  STOPPING = 5,
  STOPPED = 6,
}

export const TASK_STATE_NAMES = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'STOPPED'] as const;

export interface Task {
  readonly id: number;
  /** Name of the service (or job runner) that launched it. */
  readonly service: string;
  readonly size: TaskSize;
  state: TaskState;
  /** Time the service asked for the task. */
  readonly launchedAt: number;
  /** Time the task started to serve load (NaN until then). */
  servingSince: number;
  stoppedAt: number;
  /** EC2: the container instance it is placed on; Fargate: -1. */
  instanceId: number;
  /** Capacity provider the strategy assigned ('' until assigned). */
  capacityProvider: string;
  /** AZ of its ENI / host ('' until placed). */
  az: string;
  /** Started already serving (warm start at t = 0): it has no start latency to report. */
  readonly warm: boolean;
  /** Deployment revision (task definition) the task runs. */
  readonly revision: number;
  /** Receives traffic: RUNNING and in the load balancer's live target set. */
  inService: boolean;
  /** Pending lifecycle timer, so a stop can cancel it (-1: none). */
  timer: number;
}

export interface ServingChange {
  task: Task;
  serving: boolean;
  t: number;
}

export interface TaskTransition {
  task: Task;
  from: TaskState;
  to: TaskState;
  t: number;
}

/** Why a task fits nowhere: in full (the event log), and its cause without the figures that vary (what reports count by). */
export interface PlacementReason {
  /** E.g. `nodes: no free subnet IP for the pod (VPC CNI, WARM_ENI_TARGET=1)`. */
  cause: string;
  /** The cause with its figures, e.g. `…: 1 node(s) have CPU, memory and a pod slot but the subnets of us-east-1a are out of addresses`. */
  detail: string;
}

export interface PlacementFailure {
  task: Task;
  t: number;
  reason: PlacementReason;
}
