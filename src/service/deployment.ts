// ECS deployments at set times. Rolling update: new-revision tasks replace old ones within
// maximumPercent (tasks starting or running, of any revision, ≤ desired × max%) and
// minimumHealthyPercent (running tasks ≥ desired × min%); old and new overlap and are both
// billed. Blue/green: a full green task set starts out of service; when it is all running,
// traffic shifts (at once, or stepPercent every interval — during a gradual shift both sets
// take traffic, spread evenly per task, which is an approximation of weighted target groups),
// and the blue set is stopped after the termination wait.

import type { Simulation } from '../engine/index.js';
import type { DeploymentSpec } from '../domain/scenario.js';
import type { EcsService } from './service.js';
import type { Signals } from '../domain/signals.js';
import { TaskState } from '../domain/task.js';

export function scheduleDeployment(sim: Simulation, spec: DeploymentSpec, service: EcsService, signals: Signals): void {
  if (spec.atSeconds >= sim.now && spec.atSeconds < Infinity) {
    sim.scheduleAt(spec.atSeconds, () => (spec.type === 'rolling' ? new RollingUpdate(sim, spec, service, signals) : new BlueGreen(sim, spec, service, signals)).begin());
  }
}

abstract class Deployment {
  protected readonly from: number;
  protected readonly to: number;

  constructor(
    protected readonly sim: Simulation,
    protected readonly spec: DeploymentSpec,
    protected readonly service: EcsService,
    protected readonly signals: Signals,
  ) {
    this.from = service.revision;
    this.to = service.revision + 1;
  }

  begin(): void {
    if (this.service.deployment) {
      this.log(`deployment of revision ${this.to} skipped: another deployment is still running`);
      return;
    }
    this.service.revision = this.to;
    this.service.deployment = this;
    this.log(`${this.spec.type} deployment of revision ${this.to} started (${this.describe()})`);
    this.reconcile();
  }

  abstract reconcile(): void;
  protected abstract describe(): string;

  protected finish(): void {
    this.service.deployment = null;
    this.log(`${this.spec.type} deployment of revision ${this.to} completed`);
    this.service.reconcile();
  }

  protected oldTasks() {
    return [...this.service.live].filter((t) => t.revision < this.to && t.state <= TaskState.RUNNING);
  }

  protected log(detail: string): void {
    this.signals.decision.emit({ t: this.sim.now, kind: 'deployment', detail });
  }
}

class RollingUpdate extends Deployment {
  protected describe(): string {
    return `minimumHealthyPercent ${this.spec.minimumHealthyPercent}, maximumPercent ${this.spec.maximumPercent}`;
  }

  reconcile(): void {
    const service = this.service;
    const desired = service.desired;
    const maxTotal = Math.floor((desired * this.spec.maximumPercent) / 100);
    const minHealthy = Math.ceil((desired * this.spec.minimumHealthyPercent) / 100);
    // Old tasks go first when they are not serving, then while enough others stay healthy.
    for (const task of this.oldTasks()) {
      if (task.state !== TaskState.RUNNING || service.running() - 1 >= minHealthy) service.stop(task);
    }
    // maximumPercent caps the tasks starting or running, of any revision (rounded down, as ECS
    // does): with no room above the running count and minimumHealthyPercent letting none stop,
    // the deployment cannot move, as in ECS, until desired changes.
    service.launchUpTo(desired, maxTotal);
    if (this.oldTasks().length === 0 && service.running(this.to) >= desired) this.finish();
    else if (!this.blockedSaid && this.oldTasks().length > 0 && service.active() >= maxTotal && service.active() === service.running() && service.running() - 1 < minHealthy) {
      this.blockedSaid = true;
      this.log(
        `rolling deployment of revision ${this.to} cannot proceed: maximumPercent ${this.spec.maximumPercent} allows ${maxTotal} task${maxTotal === 1 ? '' : 's'} of ${desired} desired (rounded down), ` +
          `and minimumHealthyPercent ${this.spec.minimumHealthyPercent} keeps ${minHealthy} running (rounded up), so no task can start or stop`,
      );
    }
  }

  private blockedSaid = false;
}

class BlueGreen extends Deployment {
  private shifted = 0;
  private shifting = false;

  protected describe(): string {
    const shift = this.spec.stepPercent >= 100 ? 'all at once' : `${this.spec.stepPercent}% every ${this.spec.stepIntervalSeconds}s`;
    return `traffic shift ${shift}, termination wait ${this.spec.terminationWaitSeconds}s`;
  }

  override begin(): void {
    if (!this.service.deployment) this.service.holdNewOutOfService = true;
    super.begin();
  }

  reconcile(): void {
    const service = this.service;
    service.launchUpTo(service.desired, Infinity);
    if (!this.shifting && service.running(this.to) >= service.desired) {
      this.shifting = true;
      this.shiftStep();
    }
  }

  private readonly shiftStep = (): void => {
    const service = this.service;
    this.shifted = Math.min(100, this.shifted + this.spec.stepPercent);
    for (const task of service.live) if (task.revision === this.to && task.state === TaskState.RUNNING) service.setInService(task, true);
    if (this.shifted < 100) {
      this.log(`blue/green: ${this.shifted}% of traffic on revision ${this.to}`);
      this.sim.schedule(this.spec.stepIntervalSeconds, this.shiftStep);
      return;
    }
    for (const task of this.oldTasks()) service.setInService(task, false);
    service.holdNewOutOfService = false;
    this.log(`blue/green: all traffic on revision ${this.to}; revision ${this.from} kept ${this.spec.terminationWaitSeconds}s`);
    this.sim.schedule(this.spec.terminationWaitSeconds, () => {
      for (const task of this.oldTasks()) service.stop(task);
      this.finish();
    });
  };
}
