// A probe for the audit: while a run goes, it hears every lifecycle signal the models emit (by
// wrapping `Signal.prototype.emit`) and every subnet IP taken or given (by wrapping `Subnets`),
// and checks the invariants that must hold at every instant: no instance over its CPU, memory,
// GPUs or network slots, no task placed where it cannot be, subnets neither overdrawn nor
// over-returned, only RUNNING tasks in the load balancer, the ECS lifecycle only moving forward,
// and (at the end of each simulated instant) no more tasks than the service wants. It also keeps
// what billing needs to be recomputed independently: when each task started and stopped being
// billed, and each instance's launch and end.
//
// It reads the payloads the models publish and the objects they carry (tasks, instances); it
// never changes them.

import { Signal } from '../../src/engine/signal.js';
import { Simulation, type EventHandler } from '../../src/engine/simulation.js';
import { Subnets } from '../../src/capacity/subnets.js';
import type { ContainerInstance } from '../../src/domain/instance.js';
import { TaskState, type Task } from '../../src/domain/task.js';
import { EcsService } from '../../src/service/service.js';
import { ClusterCapacity } from '../../src/capacity/cluster.js';

export interface TaskRecord {
  task: Task;
  service: string;
  /** Where it was placed (at PROVISIONING): -1 on Fargate. */
  instanceId: number;
  provider: string;
  az: string;
  launchedAt: number;
  /** PENDING (start of Fargate billing), NaN if it never got there. */
  pendingAt: number;
  runningAt: number;
  /** Left the load balancer for the last time (NaN: never served, or serving at the end). */
  leftServiceAt: number;
  stoppedAt: number;
  warm: boolean;
  transitions: { from: TaskState; to: TaskState; t: number; seq: number }[];
}

export interface InstanceRecord {
  instance: ContainerInstance;
  launchedAt: number;
  endedAt: number;
  reason: string;
  /** Spot interruption notice time (NaN: none). */
  noticeAt: number;
}

export interface Interruption {
  t: number;
  target: string;
  deadline: number;
  tasks: Task[];
}

export interface TaskInterruption {
  t: number;
  task: Task;
  deadline: number;
  mode: 'drain' | 'sigterm';
  reason: string;
  /** The task's state when the notice came. */
  stateAtNotice: TaskState;
}

export interface DesiredChange {
  t: number;
  service: string;
  desired: number;
}

export interface Decision {
  t: number;
  kind: string;
  detail: string;
}

export interface ServingChange {
  t: number;
  task: Task;
  serving: boolean;
}

export interface ProbeOptions {
  /** Desired count of each service at t = 0 (before any `desired` signal). */
  initialDesired: Record<string, number>;
  horizonSeconds: number;
}

/** What the probe saw in one run, and the invariant violations it found on the way. */
export class ProbeLog {
  readonly tasks = new Map<Task, TaskRecord>();
  readonly instances = new Map<ContainerInstance, InstanceRecord>();
  readonly interruptions: Interruption[] = [];
  readonly taskInterruptions: TaskInterruption[] = [];
  readonly desired: DesiredChange[] = [];
  readonly decisions: Decision[] = [];
  readonly servingChanges: ServingChange[] = [];
  /** Image pulls that crossed the network. */
  readonly pulls: { t: number; task: Task; bytes: number }[] = [];
  readonly violations: string[] = [];
  readonly subnets = new Map<Subnets, Map<string, number>>();
  readonly currentDesired = new Map<string, number>();
  /** Launches each service has waiting (throttled or unplaced), as it sets them: (t, service, count). */
  readonly waiting: { t: number; service: string; count: number }[] = [];
  readonly waitingNow = new Map<string, number>();
  /** The run's cluster (heard through its `place` calls). */
  cluster: ClusterCapacity | null = null;
  private readonly serving = new Set<Task>();
  /** Tasks starting or running (PROVISIONING … RUNNING), per service. */
  private readonly activeBy = new Map<string, number>();
  private deploying = 0;
  private lastT = 0;
  emits = 0;

  constructor(readonly opts: ProbeOptions) {
    for (const [service, n] of Object.entries(opts.initialDesired)) this.currentDesired.set(service, n);
  }

  violation(message: string): void {
    if (this.violations.length < 50) this.violations.push(message);
  }

  /** One signal payload; `t` first, so the previous instant can be settled. */
  hear(payload: Record<string, unknown>): void {
    this.emits++;
    const t = payload.t as number;
    if (typeof t === 'number') {
      if (!(t >= 0) || t > this.opts.horizonSeconds + 1e-9) this.violation(`a signal at t=${t}, outside [0, horizon ${this.opts.horizonSeconds}]: ${JSON.stringify(Object.keys(payload))}`);
      if (t < this.lastT - 1e-9) this.violation(`time went backwards: a signal at ${t} after one at ${this.lastT}`);
      if (t > this.lastT) this.lastT = t;
    }
    if ('from' in payload && 'to' in payload && 'task' in payload) this.onTaskState(payload as unknown as { task: Task; from: TaskState; to: TaskState; t: number });
    else if ('instance' in payload && 'kind' in payload) this.onInstance(payload as unknown as { instance: ContainerInstance; t: number; kind: 'launch' | 'terminate'; reason?: string });
    else if ('serving' in payload && 'task' in payload) this.onServing(payload as unknown as ServingChange);
    else if ('mode' in payload && 'task' in payload) this.taskInterruptions.push({ ...(payload as unknown as TaskInterruption), stateAtNotice: (payload.task as Task).state });
    else if ('target' in payload && 'deadline' in payload) this.onInterruption(payload as unknown as Interruption);
    else if ('desired' in payload && 'service' in payload) {
      const d = payload as unknown as DesiredChange;
      this.desired.push({ ...d });
      this.currentDesired.set(d.service, d.desired);
    } else if ('detail' in payload && 'kind' in payload) this.onDecision(payload as unknown as Decision);
    else if ('bytes' in payload && 'task' in payload) this.pulls.push({ ...(payload as unknown as { t: number; task: Task; bytes: number }) });
    else if ('count' in payload) {
      if ((payload.count as number) < 0) this.violation(`pending launches ${payload.count as number} < 0 at t=${t}`);
    }
    this.checkInstances(t);
    this.checkSubnets(t);
  }

  private onTaskState({ task, from, to, t }: { task: Task; from: TaskState; to: TaskState; t: number }): void {
    let rec = this.tasks.get(task);
    if (!rec) {
      if (from !== TaskState.STOPPED || to !== TaskState.PROVISIONING) this.violation(`task ${task.service}#${task.id} first seen moving ${from} → ${to} at t=${t}`);
      rec = {
        task,
        service: task.service,
        instanceId: task.instanceId,
        provider: task.capacityProvider,
        az: task.az,
        launchedAt: t,
        pendingAt: NaN,
        runningAt: NaN,
        leftServiceAt: NaN,
        stoppedAt: NaN,
        warm: task.warm,
        transitions: [],
      };
      this.tasks.set(task, rec);
      if (task.capacityProvider === '') this.violation(`task ${task.service}#${task.id} launched with no capacity provider at t=${t}`);
      if (task.az === '') this.violation(`task ${task.service}#${task.id} launched with no AZ (not placed) at t=${t}`);
      if (task.instanceId >= 0) {
        const inst = [...this.instances.keys()].find((i) => i.id === task.instanceId);
        if (!inst) this.violation(`task ${task.service}#${task.id} placed on unknown instance ${task.instanceId} at t=${t}`);
        else if (!inst.registered || inst.draining || !Number.isNaN(inst.terminatedAt)) {
          this.violation(`task ${task.service}#${task.id} placed on instance ${inst.id} that is not usable (registered ${inst.registered}, draining ${inst.draining}, terminated ${inst.terminatedAt}) at t=${t}`);
        }
      }
    } else if (!(to > from) || from !== rec.transitions[rec.transitions.length - 1]?.to) {
      this.violation(`task ${task.service}#${task.id} moved ${from} → ${to} at t=${t} (last state ${rec.transitions[rec.transitions.length - 1]?.to})`);
    }
    rec.transitions.push({ from, to, t, seq: this.emits });
    const wasActive = from <= TaskState.RUNNING;
    const isActive = to <= TaskState.RUNNING;
    if (wasActive !== isActive) this.activeBy.set(task.service, (this.activeBy.get(task.service) ?? 0) + (isActive ? 1 : -1));
    if (to === TaskState.PENDING) {
      rec.pendingAt = t;
      rec.provider = task.capacityProvider;
      rec.instanceId = task.instanceId;
    }
    if (to === TaskState.RUNNING) rec.runningAt = t;
    if (to === TaskState.STOPPED) {
      rec.stoppedAt = t;
      if (this.serving.has(task)) this.violation(`task ${task.service}#${task.id} STOPPED while still in the load balancer at t=${t}`);
    }
  }

  private onInstance({ instance, t, kind, reason }: { instance: ContainerInstance; t: number; kind: 'launch' | 'terminate'; reason?: string }): void {
    if (kind === 'launch') {
      if (this.instances.has(instance)) this.violation(`instance ${instance.id} launched twice`);
      this.instances.set(instance, { instance, launchedAt: t, endedAt: NaN, reason: '', noticeAt: NaN });
      return;
    }
    const rec = this.instances.get(instance);
    if (!rec) return this.violation(`instance ${instance.id} terminated but never launched`);
    if (!Number.isNaN(rec.endedAt)) this.violation(`instance ${instance.id} terminated twice`);
    rec.endedAt = t;
    rec.reason = reason ?? '';
    if (instance.tasks !== 0 || instance.cpuUsed !== 0 || instance.memoryUsed !== 0 || instance.gpusUsed !== 0) {
      this.violation(`instance ${instance.id} terminated at t=${t} still holding ${instance.tasks} tasks / ${instance.cpuUsed} CPU units / ${instance.memoryUsed} MiB`);
    }
    for (const r of this.tasks.values()) {
      if (r.instanceId === instance.id && r.task.state !== TaskState.STOPPED) this.violation(`instance ${instance.id} terminated at t=${t} under task ${r.service}#${r.task.id} (${r.task.state})`);
    }
  }

  private onServing(s: ServingChange): void {
    this.servingChanges.push({ ...s });
    if (s.serving) {
      if (s.task.state !== TaskState.RUNNING) this.violation(`task ${s.task.service}#${s.task.id} joined the load balancer in state ${s.task.state} at t=${s.t}`);
      if (this.serving.has(s.task)) this.violation(`task ${s.task.id} joined the load balancer twice`);
      this.serving.add(s.task);
    } else {
      if (!this.serving.delete(s.task)) this.violation(`task ${s.task.id} left a load balancer it was not in`);
      const rec = this.tasks.get(s.task);
      if (rec) rec.leftServiceAt = s.t;
    }
  }

  private onInterruption(i: Interruption): void {
    this.interruptions.push({ ...i });
    for (const rec of this.instances.values()) {
      if (i.target.startsWith(`${rec.instance.type.name} #${rec.instance.id} `)) rec.noticeAt = i.t;
    }
  }

  /** The deployment running, with the bounds it must keep (percent of desired). */
  private deployment: { type: string; minHealthy: number; max: number; peakDesired: number } | null = null;

  private onDecision(d: Decision): void {
    this.decisions.push({ ...d });
    if (d.kind === 'deployment') {
      const started = /^(rolling|blue-green) deployment of revision \d+ started \((.*)\)$/.exec(d.detail);
      if (started) {
        this.deploying++;
        const rolling = /minimumHealthyPercent (\d+), maximumPercent (\d+)/.exec(started[2]);
        this.deployment = { type: started[1], minHealthy: rolling ? Number(rolling[1]) : 100, max: rolling ? Number(rolling[2]) : 200, peakDesired: 0 };
      }
      if (/ completed$/.test(d.detail)) {
        this.deploying--;
        this.deployment = null;
      }
    }
  }

  private checkInstances(t: number): void {
    for (const { instance: i } of this.instances.values()) {
      if (i.cpuUsed < 0 || i.memoryUsed < 0 || i.gpusUsed < 0 || i.tasks < 0) this.violation(`instance ${i.id} uses a negative amount at t=${t}: ${i.cpuUsed} CPU, ${i.memoryUsed} MiB, ${i.gpusUsed} GPUs, ${i.tasks} tasks`);
      if (i.cpuUsed > i.cpuUnits || i.memoryUsed > i.memoryMiB || i.gpusUsed > i.gpus || i.tasks > i.taskSlots) {
        this.violation(`instance ${i.id} (${i.type.name}) over capacity at t=${t}: CPU ${i.cpuUsed}/${i.cpuUnits}, memory ${i.memoryUsed}/${i.memoryMiB}, GPUs ${i.gpusUsed}/${i.gpus}, tasks ${i.tasks}/${i.taskSlots}`);
      }
    }
  }

  private checkSubnets(t: number): void {
    for (const [subnets, initial] of this.subnets) {
      const free = (subnets as unknown as { free: Map<string, number> }).free;
      for (const [az, n] of free) {
        if (n < 0) this.violation(`subnet ${az} has ${n} free IPs at t=${t}`);
        if (n > (initial.get(az) ?? 0)) this.violation(`subnet ${az} has ${n} free IPs at t=${t}, more than its ${initial.get(az)} at the start`);
      }
    }
  }

  /** Checks at the end of the instant `t`, when every same-time event has run. */
  settle(t: number): void {
    this.checkWaiting(t);
    this.checkGroups(t);
    if (this.deploying > 0) {
      this.checkDeployment(t);
      return;
    }
    const active = this.activeBy;
    for (const service of new Set([...active.keys(), ...this.waitingNow.keys()])) {
      const n = active.get(service) ?? 0;
      const waiting = this.waitingNow.get(service) ?? 0;
      const desired = this.currentDesired.get(service) ?? 0;
      if (n > desired) this.violation(`service ${service}: ${n} tasks starting or running > desired ${desired} at the end of t=${t}`);
      else if (n + waiting > desired) {
        // Launches that failed placement wait in their provider; the rest wait for a throttle token.
        const unplaced = this.cluster ? this.cluster.providers.reduce((k, p) => k + [...p.waiting].filter((task) => task.service === service).length, 0) : 0;
        const what = n + unplaced > desired ? 'unplaced launches' : 'throttled launches';
        this.violation(`service ${service}: ${waiting} launches still waiting (${what} beyond desired) with ${n} tasks active and desired ${desired} at the end of t=${t}`);
      }
    }
  }

  private readonly shortSince = new Map<object, number>();

  /** Free IPs per AZ in the cluster's subnets, now. */
  freeIps(cluster: ClusterCapacity): Map<string, number> {
    return (cluster as unknown as { subnets: { free: Map<string, number> } }).subnets.free;
  }

  /** An Auto Scaling group below its desired capacity keeps trying to launch (within 10 minutes) while a subnet has an IP. */
  checkGroups(t: number): void {
    const cluster = this.cluster;
    if (!cluster) return;
    const ipFree = [...this.freeIps(cluster).values()].some((n) => n > 0);
    for (const g of cluster.groups) {
      const blocked = (g as unknown as { blockedLaunches: number }).blockedLaunches;
      const short = g.inService.length + blocked < g.desired && ipFree;
      if (!short) {
        this.shortSince.delete(g);
        continue;
      }
      const since = this.shortSince.get(g);
      if (since === undefined) this.shortSince.set(g, t);
      else if (t - since >= 600) {
        this.violation(`Auto Scaling group ${g.spec.name}: ${g.inService.length} instances (+${blocked} waiting) of desired ${g.desired} since t=${since} (still at t=${t}) although a subnet has a free IP`);
        this.shortSince.set(g, Infinity);
      }
    }
  }

  /**
   * A deployment keeps its tasks (starting or running, both revisions) within maximumPercent of
   * desired (rolling: at least one above minimumHealthyPercent, so it can progress; blue/green:
   * two full sets), measured against the largest desired count during the deployment.
   */
  private checkDeployment(t: number): void {
    const d = this.deployment;
    if (!d) return;
    for (const [service, desired] of this.currentDesired) {
      if (service !== this.deploymentService()) continue;
      d.peakDesired = Math.max(d.peakDesired, desired);
      const active = this.activeBy.get(service) ?? 0;
      const peak = d.peakDesired;
      const bound = d.type === 'rolling' ? Math.max(Math.floor((peak * d.max) / 100), Math.ceil((peak * d.minHealthy) / 100) + 1, peak) : 2 * peak;
      if (active > bound) this.violation(`${d.type} deployment: ${active} tasks starting or running > ${bound} (desired up to ${peak}, maximumPercent ${d.max}) at the end of t=${t}`);
    }
  }

  /** The web service (deployments are its own; the job runner has none). */
  private deploymentService(): string {
    return Object.keys(this.opts.initialDesired)[0];
  }

  /** No task waits for room while its capacity provider has room for it. */
  private checkWaiting(t: number): void {
    const cluster = this.cluster;
    if (!cluster) return;
    const free = [...this.freeIps(cluster).entries()];
    const hasIp = (az: string) => free.some(([a, n]) => a === az && n > 0);
    const spec = cluster.spec;
    const needsIp = spec.networkMode === 'awsvpc' && spec.orchestrator === 'ecs';
    const distinct = spec.constraints.some((c) => c.type === 'distinctInstance');
    for (const p of cluster.providers) {
      for (const task of p.waiting) {
        if (p.spec.kind === 'fargate') {
          if (free.some(([, n]) => n > 0)) this.violation(`task ${task.service}#${task.id} waits for ${p.spec.name} at the end of t=${t} although a subnet has a free IP`);
          continue;
        }
        const room = p.asg!.instances.find(
          (i) =>
            i.registered &&
            !i.draining &&
            Number.isNaN(i.terminatedAt) &&
            i.cpuUnits - i.cpuUsed >= task.size.cpuUnits &&
            i.memoryMiB - i.memoryUsed >= task.size.memoryMiB &&
            i.gpus - i.gpusUsed >= task.size.gpus &&
            i.tasks < i.taskSlots &&
            (!needsIp || hasIp(i.az)) &&
            (!distinct || (i.byService.get(task.service) ?? 0) === 0),
        );
        if (room) this.violation(`task ${task.service}#${task.id} waits for ${p.spec.name} at the end of t=${t} although instance ${room.id} has room for it`);
      }
    }
  }

  finish(): void {
    this.settle(this.opts.horizonSeconds);
  }
}

let current: ProbeLog | null = null;

/**
 * Runs `fn` with a probe listening. The wrappers (on the prototypes of this test file's own
 * module instances) stay installed for the rest of the file and do nothing when no probe is open.
 */
export function withProbe<T>(opts: ProbeOptions, fn: () => T): { result: T; log: ProbeLog } {
  install();
  const log = new ProbeLog(opts);
  current = log;
  try {
    const result = fn();
    log.finish();
    return { result, log };
  } finally {
    current = null;
  }
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  const emit = Signal.prototype.emit;
  // Plain replacement, not vi.spyOn: a spy would keep every call's arguments for the whole file.
  Signal.prototype.emit = function (this: Signal<unknown>, payload: unknown) {
    // Before the listeners, so that signals a listener emits in turn are heard in causal order.
    current?.hear(payload as Record<string, unknown>);
    emit.call(this, payload);
  };
  // Every event handler is wrapped: once the last event of an instant has run, the instant is settled.
  const after = (sim: Simulation) => {
    if (!current) return;
    const queue = (sim as unknown as { queue: { size: number; peekTime(): number } }).queue;
    if (queue.size === 0 || queue.peekTime() > sim.now) current.settle(sim.now);
  };
  const wrap = (handler: EventHandler): EventHandler => (sim, arg) => {
    current?.checkGroups(sim.now); // the state since the last instant, seen just before it changes
    handler(sim, arg);
    after(sim);
  };
  const schedule = Simulation.prototype.schedule;
  Simulation.prototype.schedule = function (this: Simulation, delay: number, handler: EventHandler, arg?: number, priority?: number) {
    return schedule.call(this, delay, wrap(handler), arg, priority);
  };
  const scheduleAt = Simulation.prototype.scheduleAt;
  Simulation.prototype.scheduleAt = function (this: Simulation, time: number, handler: EventHandler, arg?: number, priority?: number) {
    return scheduleAt.call(this, time, wrap(handler), arg, priority);
  };
  const take = Subnets.prototype.take;
  Subnets.prototype.take = function (this: Subnets, az: string) {
    if (current && !current.subnets.has(this)) current.subnets.set(this, new Map((this as unknown as { free: Map<string, number> }).free));
    return take.call(this, az);
  };
  const proto = EcsService.prototype as unknown as { setWaiting(n: number): void };
  const setWaiting = proto.setWaiting;
  proto.setWaiting = function (this: EcsService, n: number) {
    if (current) {
      current.waiting.push({ t: (this as unknown as { sim: { now: number } }).sim.now, service: this.model.name, count: n });
      current.waitingNow.set(this.model.name, n);
    }
    setWaiting.call(this, n);
  };
  const place = ClusterCapacity.prototype.place;
  ClusterCapacity.prototype.place = function (this: ClusterCapacity, task: Task) {
    if (current) current.cluster = this;
    return place.call(this, task);
  };
  const give = Subnets.prototype.give;
  Subnets.prototype.give = function (this: Subnets, az: string) {
    if (current && !current.subnets.has(this)) current.violation(`subnet ${az}: an IP given back before any was taken`);
    give.call(this, az);
  };
}
