// An ECS service: the scheduler keeps `desired` tasks of the current revision, launching through
// the launch and ENI throttles, placing on its capacity, and moving each task through the ECS
// lifecycle (PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → STOPPED).
// Deployments (rolling, blue/green) are driven by `Deployer`; this class only offers the moves.

import type { Rng, Sampler, Simulation } from '../engine/index.js';
import { sampler } from '../engine/index.js';
import type { CapacityModel } from '../capacity/capacity.js';
import type { ServiceModel } from '../domain/scenario.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';
import { TokenBucket } from './token-bucket.js';

interface Phases {
  eni: Sampler;
  pullOverhead: Sampler;
  containerStart: Sampler;
  healthCheck: Sampler;
  stopTime: Sampler;
  start: Sampler | null;
}

export class EcsService {
  /** Every task ever launched, by id. */
  readonly tasks: Task[] = [];
  /** Tasks not yet STOPPED, in launch order (a Set: a stop removes its task without a scan). */
  readonly live = new Set<Task>();
  /** Counts by revision: tasks starting or running, and tasks running. */
  private readonly activeCount = new Map<number, number>();
  private readonly runningCount = new Map<number, number>();
  private activeTotal = 0;
  private runningTotal = 0;
  /** Tasks the scheduler wants of the current revision. */
  desired: number;
  revision = 0;
  /** Standalone tasks (jobs) never join the load balancer. */
  servesTraffic = true;
  /** Blue/green: new tasks wait out of service until the traffic shift. */
  holdNewOutOfService = false;
  /** Set by the deployer; scale-in is suspended while a deployment runs. */
  deploying = false;
  /** Launches granted by no throttle yet, or not placeable: counted as pending. */
  private waitingLaunches = 0;
  private readonly unplaced: number[] = [];
  private readonly phases: Phases;
  private readonly launchBucket: TokenBucket | null;
  private readonly eniBucket: TokenBucket | null;
  /** Throttled launches dropped before their token came: their grants are ignored. */
  private cancelledGrants = 0;
  /** Request times of launches waiting for a throttle token, oldest first. */
  private readonly requestedAt: number[] = [];
  /** While a deployment runs, it decides how tasks are replaced. */
  deployment: { reconcile(): void } | null = null;

  constructor(
    private readonly sim: Simulation,
    readonly model: ServiceModel,
    private readonly capacity: CapacityModel,
    private readonly signals: Signals,
    rng: (name: string) => Rng,
    /** The account's Fargate launch bucket, shared with the scenario's other services and job runners (null on EC2). */
    sharedLaunchBucket: TokenBucket | null = null,
  ) {
    const l = model.lifecycle;
    this.phases = {
      eni: sampler(l.eniProvisioning, rng('eni-latency')),
      pullOverhead: sampler(l.pullOverhead, rng('image-pull')),
      containerStart: sampler(l.containerStart, rng('container-start')),
      healthCheck: sampler(l.healthCheck, rng('health-check')),
      stopTime: sampler(l.stopTime, rng('stop-time')),
      start: model.startLatency ? sampler(model.startLatency, rng('start-latency')) : null,
    };
    this.desired = model.desiredCount;
    this.launchBucket = model.launchRate ? new TokenBucket(model.launchRate.perSecond, model.launchRate.burst) : sharedLaunchBucket;
    this.eniBucket = model.eniRate ? new TokenBucket(model.eniRate.perSecond, model.eniRate.burst) : null;
    capacity.onCapacityChange(() => this.retryUnplaced());
    signals.taskInterrupted.connect(({ task, deadline, mode }) => {
      if (task.service !== this.model.name || task.state === TaskState.STOPPED) return;
      if (deadline <= this.sim.now) this.forceStop(task);
      else {
        if (mode === 'sigterm') this.sigterm(task);
        else this.stop(task);
        this.sim.scheduleAt(deadline, () => this.forceStop(task));
        // The scheduler replaces an interrupted task at the notice, not when it has stopped.
        this.reconcile();
      }
    });
  }

  /** SIGTERM now: out of the load balancer at once, stopped when the app exits (≤ stopTimeout). */
  private sigterm(task: Task): void {
    if (task.state > TaskState.DEACTIVATING) return; // already stopping
    if (task.timer >= 0) this.sim.cancel(task.timer);
    task.timer = -1;
    this.setInService(task, false);
    if (task.state === TaskState.RUNNING) this.transition(task, TaskState.DEACTIVATING);
    this.onDeregistered(this.sim, task.id);
  }

  /** The task's host is gone: it stops now, whatever phase it was in. */
  private forceStop(task: Task): void {
    if (task.state === TaskState.STOPPED) return;
    if (task.timer >= 0) this.sim.cancel(task.timer);
    this.setInService(task, false);
    if (task.state !== TaskState.STOPPING) this.transition(task, TaskState.STOPPING);
    this.stopNow(task);
    this.reconcile();
  }

  /** Starts the initial tasks; with a warm start they are serving at t = 0. */
  start(): void {
    this.signals.desired.emit({ t: this.sim.now, service: this.model.name, desired: this.desired });
    if (this.model.warmStart) {
      for (let k = 0; k < this.desired; k++) {
        const task = this.createTask(true, 0);
        if (!this.capacity.place(task)) {
          this.capacity.release(task); // undo the provider assignment and the wait it recorded
          this.tasks.pop(); // the rest launch (and wait for room) like any other task
          break;
        }
        this.transition(task, TaskState.PROVISIONING);
        this.capacity.setImageReadyAt(task, 0);
        this.transition(task, TaskState.PENDING);
        this.transition(task, TaskState.ACTIVATING);
        this.toRunning(task);
      }
    }
    this.reconcile();
  }

  // ---- counts -------------------------------------------------------------------------------

  /** Tasks that are starting or running (not draining or stopped), optionally of one revision. */
  active(revision?: number): number {
    return revision === undefined ? this.activeTotal : (this.activeCount.get(revision) ?? 0);
  }

  running(revision?: number): number {
    return revision === undefined ? this.runningTotal : (this.runningCount.get(revision) ?? 0);
  }

  private count(task: Task, from: TaskState, to: TaskState): void {
    // A new task object starts as STOPPED (not yet launched), so launch counts it in.
    const wasActive = from <= TaskState.RUNNING;
    const isActive = to <= TaskState.RUNNING;
    if (wasActive !== isActive) {
      const d = isActive ? 1 : -1;
      this.activeTotal += d;
      this.activeCount.set(task.revision, (this.activeCount.get(task.revision) ?? 0) + d);
    }
    if ((from === TaskState.RUNNING) !== (to === TaskState.RUNNING)) {
      const d = to === TaskState.RUNNING ? 1 : -1;
      this.runningTotal += d;
      this.runningCount.set(task.revision, (this.runningCount.get(task.revision) ?? 0) + d);
    }
    if (to === TaskState.STOPPED) this.live.delete(task);
  }

  get pendingLaunches(): number {
    return this.waitingLaunches;
  }

  // ---- scheduler ----------------------------------------------------------------------------

  /** A task that finished its own work (a job) stops, and the desired count drops with it. */
  finishTask(task: Task): void {
    this.desired -= 1;
    this.signals.desired.emit({ t: this.sim.now, service: this.model.name, desired: this.desired });
    this.stop(task);
  }

  setDesired(n: number, reason: string): void {
    if (n === this.desired) return;
    if (reason) this.signals.decision.emit({ t: this.sim.now, kind: 'scaling', detail: `desired ${this.desired} → ${n}: ${reason}` });
    this.desired = n;
    this.signals.desired.emit({ t: this.sim.now, service: this.model.name, desired: n });
    this.reconcile();
  }

  /**
   * Brings the current revision to `desired`: launch what is missing, stop the newest surplus.
   * Older revisions are the deployer's to replace.
   */
  reconcile(): void {
    if (this.deployment) {
      this.deployment.reconcile();
      return;
    }
    this.dropUnwantedWaiting();
    this.launchUpTo(this.desired, Infinity);
    let surplus = this.active(this.revision) - this.desired;
    while (surplus-- > 0) {
      const victim = this.pickVictim(this.revision);
      if (!victim) break;
      this.stop(victim);
    }
  }

  /** Launches current-revision tasks until `count` are active (or launching), within `maxTotal` tasks overall. */
  launchUpTo(count: number, maxTotal: number): void {
    let missing = count - this.active(this.revision) - this.waitingLaunches;
    const room = maxTotal - this.active() - this.waitingLaunches;
    missing = Math.min(missing, room);
    for (let k = 0; k < missing; k++) this.requestLaunch();
  }

  /** Scale-in choice: a task not yet serving (newest first), else the newest running one. */
  pickVictim(revision: number): Task | null {
    let best: Task | null = null;
    for (const t of this.live) {
      if (t.revision !== revision || t.state > TaskState.RUNNING) continue;
      if (best === null) best = t;
      else {
        const tNotServing = t.state < TaskState.RUNNING;
        const bNotServing = best.state < TaskState.RUNNING;
        if ((tNotServing && !bNotServing) || (tNotServing === bNotServing && t.id > best.id)) best = t;
      }
    }
    return best;
  }

  private requestLaunch(): void {
    this.requestedAt.push(this.sim.now);
    const at = this.launchBucket ? this.launchBucket.take(this.sim.now) : this.sim.now;
    if (at > this.sim.now) {
      this.setWaiting(this.waitingLaunches + 1);
      this.sim.scheduleAt(at, this.onLaunchGranted, this.revision);
    } else {
      this.waitingLaunches++; // granted at once: never visible as pending
      this.onLaunchGranted(this.sim, this.revision);
    }
  }

  private readonly onLaunchGranted = (_sim: Simulation, revision: number): void => {
    const requestedAt = this.requestedAt.shift() ?? this.sim.now;
    if (this.cancelledGrants > 0) {
      this.cancelledGrants--; // dropped while throttled: already out of the waiting count
      return;
    }
    // Tasks already waiting for room count too: a grant beyond what is wanted is dropped.
    if (revision !== this.revision || this.active(revision) + this.unplaced.length >= this.desired) {
      this.setWaiting(this.waitingLaunches - 1);
      return;
    }
    const task = this.createTask(false, requestedAt);
    if (this.placeAndStart(task)) {
      this.setWaiting(this.waitingLaunches - 1);
    } else {
      this.setWaiting(this.waitingLaunches);
      this.unplaced.push(task.id);
      this.signals.placementFailed.emit({ task, t: this.sim.now, reason: this.capacity.lastFailure() });
    }
  };

  /** A task object is created when its launch is granted; `launchedAt` is when it was asked for. */
  private createTask(warm: boolean, requestedAt: number): Task {
    const task: Task = {
      id: this.tasks.length,
      service: this.model.name,
      size: this.model.task,
      state: TaskState.STOPPED,
      launchedAt: requestedAt,
      servingSince: NaN,
      stoppedAt: NaN,
      instanceId: -1,
      capacityProvider: '',
      az: '',
      warm,
      revision: this.revision,
      inService: false,
      timer: -1,
    };
    this.tasks.push(task);
    return task;
  }

  /** Places the task and starts its lifecycle; false (and no change) when it fits nowhere. */
  private placeAndStart(task: Task): boolean {
    if (!this.capacity.place(task)) return false;
    this.transition(task, TaskState.PROVISIONING);
    if (this.phases.start) {
      this.transition(task, TaskState.PENDING);
      this.after(task, this.phases.start(), this.onStarted);
    } else if (this.capacity.needsEni(task)) {
      const granted = this.eniBucket ? this.eniBucket.take(this.sim.now) : this.sim.now;
      this.after(task, granted - this.sim.now + this.phases.eni(), this.onEniAttached);
    } else {
      this.onEniAttached(this.sim, task.id);
    }
    return true;
  }

  /**
   * Retries waiting tasks in launch order. One that still fits nowhere does not block the ones
   * behind it (they may be assigned to another capacity provider). Tasks no longer wanted go.
   */
  private retryUnplaced(): void {
    const still: number[] = [];
    for (const id of this.unplaced) {
      const task = this.tasks[id];
      const wanted = task.revision === this.revision && this.active(task.revision) < this.desired;
      if (wanted && !this.placeAndStart(task)) {
        still.push(id);
        continue;
      }
      if (!wanted) this.capacity.release(task);
      this.setWaiting(this.waitingLaunches - 1);
    }
    this.unplaced.splice(0, this.unplaced.length, ...still);
  }

  /**
   * Waiting launches beyond what the current revision still needs go: first those waiting for
   * room (newest first), then those still waiting for a throttle token (their grants are ignored).
   */
  private dropUnwantedWaiting(): void {
    while (this.unplaced.length > 0 && this.active(this.revision) + this.waitingLaunches > this.desired) {
      const task = this.tasks[this.unplaced.pop()!];
      this.capacity.release(task);
      this.setWaiting(this.waitingLaunches - 1);
    }
    const throttled = this.waitingLaunches - this.unplaced.length;
    const excess = Math.min(throttled, this.active(this.revision) + this.waitingLaunches - this.desired);
    if (excess > 0) {
      this.cancelledGrants += excess;
      this.setWaiting(this.waitingLaunches - excess);
    }
  }

  /** Updates the launches waiting (throttled or unplaced) and publishes the count. */
  private setWaiting(n: number): void {
    this.waitingLaunches = n;
    this.signals.pendingLaunches.emit({ t: this.sim.now, service: this.model.name, count: n });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private after(task: Task, delay: number, handler: (sim: Simulation, id: number) => void): void {
    task.timer = this.sim.schedule(Math.max(0, delay), handler, task.id);
  }

  private readonly onEniAttached = (_sim: Simulation, id: number): void => {
    const task = this.tasks[id];
    this.transition(task, TaskState.PENDING);
    const l = this.model.lifecycle;
    // A host pulls an image once; tasks placed there meanwhile wait for that pull to finish.
    const now = this.sim.now;
    const readyAt = this.capacity.imageReadyAt(task);
    let pull: number;
    if (Number.isNaN(readyAt)) {
      pull = this.phases.pullOverhead() + l.imageSizeMiB / l.pullBandwidthMiBps;
      this.signals.imagePull.emit({ t: now, task, bytes: l.imageSizeMiB * 1024 * 1024 });
      this.capacity.setImageReadyAt(task, now + pull);
    } else {
      pull = Math.max(0, readyAt - now);
    }
    this.after(task, pull + this.phases.containerStart(), this.onContainerStarted);
  };

  private readonly onContainerStarted = (_sim: Simulation, id: number): void => {
    const task = this.tasks[id];
    this.transition(task, TaskState.ACTIVATING);
    this.after(task, this.phases.healthCheck(), this.onStarted);
  };

  private readonly onStarted = (_sim: Simulation, id: number): void => {
    this.toRunning(this.tasks[id]);
    this.reconcile();
  };

  private toRunning(task: Task): void {
    task.timer = -1;
    this.transition(task, TaskState.RUNNING);
    if (this.servesTraffic && !(this.holdNewOutOfService && task.revision === this.revision)) this.setInService(task, true);
  }

  setInService(task: Task, serving: boolean): void {
    if (task.inService === serving) return;
    task.inService = serving;
    this.signals.serving.emit({ task, serving, t: this.sim.now });
  }

  /** Stops a task: a serving one drains through the deregistration delay first. */
  stop(task: Task): void {
    if (task.state > TaskState.RUNNING) return;
    if (task.timer >= 0) this.sim.cancel(task.timer);
    task.timer = -1;
    if (task.state === TaskState.RUNNING) {
      this.setInService(task, false);
      this.transition(task, TaskState.DEACTIVATING);
      this.after(task, this.model.lifecycle.deregistrationDelaySeconds, this.onDeregistered);
    } else {
      this.onDeregistered(this.sim, task.id);
    }
  }

  private readonly onDeregistered = (_sim: Simulation, id: number): void => {
    const task = this.tasks[id];
    this.transition(task, TaskState.STOPPING);
    const stopTime = Math.min(this.phases.stopTime(), this.model.lifecycle.stopTimeoutSeconds);
    this.after(task, stopTime, this.onStopped);
  };

  private readonly onStopped = (_sim: Simulation, id: number): void => {
    this.stopNow(this.tasks[id]);
    this.reconcile();
  };

  private stopNow(task: Task): void {
    task.timer = -1;
    if (task.state !== TaskState.STOPPED) this.transition(task, TaskState.STOPPED);
    this.capacity.release(task);
  }

  private transition(task: Task, to: TaskState): void {
    const from = task.state;
    if (from === TaskState.STOPPED && to !== TaskState.STOPPED) this.live.add(task);
    this.count(task, from, to);
    task.state = to;
    const t = this.sim.now;
    if (to === TaskState.RUNNING) task.servingSince = t;
    if (to === TaskState.STOPPED) task.stoppedAt = t;
    this.signals.taskState.emit({ task, from, to, t });
  }
}
