// An ECS service with a fixed desired count: it launches tasks on its capacity, moves them
// through the lifecycle and keeps unplaceable tasks waiting (retried when room frees up).
// Lifecycle here: PROVISIONING → PENDING (image pull and start, `startLatency`) → RUNNING.

import type { Rng, Sampler, Simulation } from '../engine/index.js';
import { sampler } from '../engine/index.js';
import type { CapacityModel } from '../capacity/capacity.js';
import type { ServiceModel } from '../scenario/types.js';
import type { Signals } from './signals.js';
import { TaskState, type Task } from './task.js';

export class EcsService {
  readonly tasks: Task[] = [];
  /** Tasks asked for but not yet placed (EC2 with no room). */
  private readonly unplaced: Task[] = [];
  private readonly startLatency: Sampler;
  private readonly onServing = (sim: Simulation, taskId: number) => this.transition(this.tasks[taskId], TaskState.RUNNING, sim.now);

  constructor(
    private readonly sim: Simulation,
    readonly model: ServiceModel,
    private readonly capacity: CapacityModel,
    private readonly signals: Signals,
    startLatencyRng: Rng,
  ) {
    this.startLatency = sampler(model.startLatency, startLatencyRng);
  }

  /** Launches the initial desired count; with a warm start they serve at once. */
  start(): void {
    for (let k = 0; k < this.model.desiredCount; k++) this.launch(this.model.warmStart);
  }

  get unplacedCount(): number {
    return this.unplaced.length;
  }

  private launch(warm = false): void {
    const now = this.sim.now;
    const task: Task = {
      id: this.tasks.length,
      size: this.model.task,
      state: TaskState.PROVISIONING,
      launchedAt: now,
      servingSince: NaN,
      stoppedAt: NaN,
      instanceId: -1,
      warm,
    };
    this.tasks.push(task);
    this.signals.taskState.emit({ task, from: TaskState.STOPPED, to: TaskState.PROVISIONING, t: now });
    this.tryPlace(task, warm);
  }

  private tryPlace(task: Task, warm = false): boolean {
    const now = this.sim.now;
    if (!this.capacity.place(task, now)) {
      if (!this.unplaced.includes(task)) {
        this.unplaced.push(task);
        this.signals.placementFailed.emit({ task, t: now, reason: this.capacity.lastFailure() });
      }
      return false;
    }
    this.transition(task, TaskState.PENDING, now);
    if (warm) this.transition(task, TaskState.RUNNING, now);
    else this.sim.schedule(Math.max(0, this.startLatency()), this.onServing, task.id);
    return true;
  }

  /** Retries unplaced tasks in launch order (call when capacity frees up). */
  retryUnplaced(): void {
    while (this.unplaced.length > 0 && this.tryPlace(this.unplaced[0])) this.unplaced.shift();
  }

  private transition(task: Task, to: TaskState, t: number): void {
    const from = task.state;
    task.state = to;
    if (to === TaskState.RUNNING) task.servingSince = t;
    if (to === TaskState.STOPPED) task.stoppedAt = t;
    this.signals.taskState.emit({ task, from, to, t });
  }
}
