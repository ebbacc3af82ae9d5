// Listens to one alternative's signals and keeps the gauges and the event log that become its
// per-minute series and usage figures. It reads payloads only, never a model's insides.

import type { EventKind, SimEvent } from '../domain/result.js';
import type { Signals } from '../domain/signals.js';
import { TASK_STATE_NAMES, TaskState, type Task } from '../domain/task.js';
import { MinuteGauge } from './gauge.js';

const MAX_EVENTS = 10_000;

function billed(state: TaskState): boolean {
  return state >= TaskState.PENDING && state <= TaskState.STOPPING;
}

/** A setter that records one service's value and sets the gauge to the sum over services. */
function perServiceSum(gauge: MinuteGauge): (t: number, service: string, value: number) => void {
  const byService = new Map<string, number>();
  return (t, service, value) => {
    byService.set(service, value);
    let sum = 0;
    for (const v of byService.values()) sum += v;
    gauge.set(t, sum);
  };
}

export interface RecorderOptions {
  horizonSeconds: number;
  memoryUtilization: number;
  /** The size a task is billed at (EKS Fargate pods are rounded up); default its requested size. */
  billedSize?: (task: Task) => { cpuUnits: number; memoryMiB: number };
}

export class Recorder {
  readonly running: MinuteGauge;
  readonly starting: MinuteGauge;
  readonly pending: MinuteGauge;
  readonly desired: MinuteGauge;
  readonly instances: MinuteGauge;
  readonly paidVcpu: MinuteGauge;
  readonly paidMemoryGiB: MinuteGauge;
  readonly usedMemoryGiB: MinuteGauge;
  /** Tasks per ECS state, indexed by TaskState. */
  readonly byState: MinuteGauge[];
  readonly events: SimEvent[] = [];
  readonly eventCounts: Partial<Record<EventKind, number>> = {};
  /** Placement failures by cause, uncapped (the event log keeps the first MAX_EVENTS events). */
  readonly placementFailures = new Map<string, number>();
  readonly startLatencies: number[] = [];

  constructor(signals: Signals, private readonly opts: RecorderOptions) {
    const h = opts.horizonSeconds;
    this.running = new MinuteGauge(h);
    this.starting = new MinuteGauge(h);
    this.pending = new MinuteGauge(h);
    this.desired = new MinuteGauge(h);
    this.instances = new MinuteGauge(h);
    this.paidVcpu = new MinuteGauge(h);
    this.paidMemoryGiB = new MinuteGauge(h);
    this.usedMemoryGiB = new MinuteGauge(h);
    this.byState = TASK_STATE_NAMES.map(() => new MinuteGauge(h));

    signals.taskState.connect(({ task, from, to, t }) => {
      // A new task object starts as STOPPED; STOPPED itself is not counted.
      if (from !== TaskState.STOPPED) this.byState[from].add(t, -1);
      if (to !== TaskState.STOPPED) this.byState[to].add(t, 1);
      const vcpu = task.size.cpuUnits / 1024;
      const memoryGiB = task.size.memoryMiB / 1024;
      if (to === TaskState.PROVISIONING) {
        // Where placement put it, so a placement strategy can be checked from events.csv.
        const where = [task.capacityProvider, task.az].filter((part) => part !== '').join(', ');
        const on = task.instanceId >= 0 ? `instance #${task.instanceId}` : 'Fargate';
        this.log(t, 'task-launch', `task ${task.id} launched on ${on}${where ? ` (${where})` : ''}`);
      }
      if (to === TaskState.RUNNING) {
        this.running.add(t, 1);
        this.usedMemoryGiB.add(t, memoryGiB * opts.memoryUtilization);
        if (!task.warm) {
          this.startLatencies.push(t - task.launchedAt);
          this.log(t, 'task-running', `task ${task.id} serving after ${(t - task.launchedAt).toFixed(1)} s`);
        }
      }
      if (from === TaskState.RUNNING) {
        this.running.add(t, -1);
        this.usedMemoryGiB.add(t, -memoryGiB * opts.memoryUtilization);
      }
      // Tasks that exist but do not serve: starting up, or draining and stopping.
      const wasStarting = from !== TaskState.RUNNING && from !== TaskState.STOPPED;
      const isStarting = to !== TaskState.RUNNING && to !== TaskState.STOPPED;
      if (wasStarting !== isStarting) this.starting.add(t, isStarting ? 1 : -1);
      // Fargate bills the task; on EC2 the instance is what is paid for.
      if (task.instanceId < 0 && billed(from) !== billed(to)) {
        const sign = billed(to) ? 1 : -1;
        const size = opts.billedSize ? opts.billedSize(task) : task.size;
        this.paidVcpu.add(t, (sign * size.cpuUnits) / 1024);
        this.paidMemoryGiB.add(t, (sign * size.memoryMiB) / 1024);
      }
      if (to === TaskState.STOPPED) this.log(t, 'task-stopped', `task ${task.id} stopped (was ${TASK_STATE_NAMES[from]})`);
    });
    signals.placementFailed.connect(({ task, t, reason }) => {
      this.log(t, 'placement-failed', `task ${task.id} unplaced: ${reason.detail}`);
      this.placementFailures.set(reason.cause, (this.placementFailures.get(reason.cause) ?? 0) + 1);
    });
    // Desired and pending tasks are summed over the alternative's services (a web service and a job runner).
    const desiredTotal = perServiceSum(this.desired);
    signals.desired.connect(({ t, service, desired }) => desiredTotal(t, service, desired));
    const pendingTotal = perServiceSum(this.pending);
    signals.pendingLaunches.connect(({ t, service, count }) => pendingTotal(t, service, count));
    signals.decision.connect(({ t, kind, detail }) => this.log(t, kind, detail));
    signals.interruption.connect(({ t, target, deadline }) => this.log(t, 'interruption', `${target}: 2-minute notice, reclaimed at ${deadline.toFixed(0)} s`));
    signals.instance.connect(({ instance, t, kind, reason }) => {
      const sign = kind === 'launch' ? 1 : -1;
      this.instances.add(t, sign);
      this.paidVcpu.add(t, sign * instance.type.vcpu);
      this.paidMemoryGiB.add(t, sign * instance.type.memoryGiB);
      this.log(t, kind === 'launch' ? 'instance-launch' : 'instance-terminate', `${instance.type.name} #${instance.id} (${instance.provider}, ${instance.purchase}, ${instance.az}) ${kind === 'launch' ? 'launched' : `terminated (${reason ?? 'scale-in'})`}`);
    });
  }

  log(t: number, kind: EventKind, detail: string): void {
    this.eventCounts[kind] = (this.eventCounts[kind] ?? 0) + 1;
    if (this.events.length < MAX_EVENTS) this.events.push({ t, kind, detail });
  }

  finish(horizon: number): void {
    for (const g of [this.running, this.starting, this.pending, this.desired, this.instances, this.paidVcpu, this.paidMemoryGiB, this.usedMemoryGiB, ...this.byState]) g.accrue(horizon);
  }
}
