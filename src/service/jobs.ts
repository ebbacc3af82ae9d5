// Batch jobs as standalone tasks (RunTask): jobs arrive (Poisson or at a fixed interval), wait
// in a FIFO queue, and each runs as its own task for its duration once RUNNING, then stops.
// Arrival times and durations come from their own random streams and are drawn in arrival
// order, so every alternative sees the same jobs (common random numbers). The task lifecycle,
// throttles and placement are the service's (an EcsService that never joins a load balancer).

import type { Rng, Sampler, Simulation } from '../engine/index.js';
import { sampler } from '../engine/index.js';
import type { CapacityModel } from '../capacity/capacity.js';
import type { JobsModel, ServiceModel } from '../domain/scenario.js';
import { EcsService } from './service.js';
import type { TokenBucket } from './token-bucket.js';
import type { Signals } from '../domain/signals.js';
import { TaskState, type Task } from '../domain/task.js';

export interface JobRecord {
  arrivedAt: number;
  duration: number;
  /** When its (last) task started running it (NaN while waiting). */
  startedAt: number;
  finishedAt: number;
  /** Times its task was stopped under it (Spot interruptions); each time the job ran again from the start. */
  restarts: number;
  /** Seconds of work lost to those stops (billed, then redone). */
  lostSeconds: number;
}

/** The service-shaped model that runs job tasks: no traffic, no autoscaling, no warm tasks. */
function jobServiceModel(jobs: JobsModel): ServiceModel {
  return {
    name: jobs.name,
    task: jobs.task,
    desiredCount: 0,
    warmStart: false,
    taskCapacityRps: 1,
    baseLatencySeconds: 1,
    concurrency: 1,
    queueLimitPerTask: 0,
    startLatency: null,
    lifecycle: jobs.lifecycle,
    launchRate: jobs.launchRate,
    eniRate: jobs.eniRate,
    autoscaling: null,
    deployments: [],
    memoryUtilization: 0.5,
  };
}

export class JobRunner {
  readonly service: EcsService;
  readonly records: JobRecord[] = [];
  private readonly waiting: number[] = [];
  private running = 0;
  private readonly interarrival: Sampler;
  private readonly duration: Sampler;
  private readonly jobOf = new Map<Task, { job: number; timer: number }>();

  constructor(
    private readonly sim: Simulation,
    private readonly model: JobsModel,
    capacity: CapacityModel,
    signals: Signals,
    rng: (name: string) => Rng,
    private readonly horizonSeconds: number,
    sharedLaunchBucket: TokenBucket | null = null,
  ) {
    this.service = new EcsService(sim, jobServiceModel(model), capacity, signals, (name) => rng(`jobs/${name}`), sharedLaunchBucket);
    this.service.servesTraffic = false;
    const a = model.arrival;
    this.interarrival = a.type === 'poisson' ? sampler({ type: 'exponential', mean: 1 / a.perSecond }, rng('job-arrivals')) : () => a.seconds;
    this.duration = sampler(model.duration, rng('job-durations'));
    signals.taskState.connect(({ task, to }) => {
      if (task.service !== this.service.model.name) return;
      if (to === TaskState.RUNNING) this.startJob(task);
      else if (to === TaskState.STOPPED && this.jobOf.has(task)) this.lostJob(task);
    });
    // An interrupted job's work is lost at the notice (SIGTERM): it is requeued at once, so the
    // replacement the scheduler launches picks it up.
    signals.taskInterrupted.connect(({ task }) => {
      if (task.service === this.service.model.name && this.jobOf.has(task)) this.lostJob(task);
    });
  }

  start(): void {
    if (this.model.arrival.type === 'poisson' && this.model.arrival.perSecond <= 0) return;
    const first = this.sim.now + this.interarrival();
    if (first < this.horizonSeconds) this.sim.scheduleAt(first, this.onArrival);
  }

  get queued(): number {
    return this.waiting.length;
  }

  private readonly onArrival = (sim: Simulation): void => {
    const job = this.records.length;
    this.records.push({ arrivedAt: sim.now, duration: Math.max(0, this.duration()), startedAt: NaN, finishedAt: NaN, restarts: 0, lostSeconds: 0 });
    this.waiting.push(job);
    this.resize();
    const next = sim.now + this.interarrival();
    if (next < this.horizonSeconds) sim.scheduleAt(next, this.onArrival);
  };

  /** Tasks wanted: every job running or waiting, up to the concurrency cap. */
  private resize(): void {
    const wanted = Math.min(this.model.maxConcurrent, this.running + this.waiting.length);
    if (wanted > this.service.desired) this.service.setDesired(wanted, '');
  }

  private startJob(task: Task): void {
    const job = this.waiting.shift();
    if (job === undefined) {
      this.service.finishTask(task); // nothing left to run (cannot happen while desired tracks jobs)
      return;
    }
    this.running++;
    const record = this.records[job];
    record.startedAt = this.sim.now;
    this.jobOf.set(task, { job, timer: this.sim.schedule(record.duration, this.onJobDone, task.id) });
  }

  /** The job's task stopped before the job finished (an interruption): the job goes back to the front of the queue. */
  private lostJob(task: Task): void {
    const { job, timer } = this.jobOf.get(task)!;
    this.jobOf.delete(task);
    this.sim.cancel(timer);
    const record = this.records[job];
    record.restarts++;
    record.lostSeconds += this.sim.now - record.startedAt;
    record.startedAt = NaN;
    this.running--;
    // Desired (jobs running + waiting) is unchanged, so the service launches a replacement task,
    // and the requeued job is the next one it runs.
    this.waiting.unshift(job);
  }

  private readonly onJobDone = (sim: Simulation, taskId: number): void => {
    const task = this.service.tasks[taskId];
    const { job } = this.jobOf.get(task)!;
    this.jobOf.delete(task);
    this.records[job].finishedAt = sim.now;
    this.running--;
    this.service.finishTask(task);
    this.resize();
  };
}
