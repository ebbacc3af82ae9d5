// ECS managed scaling for an ASG capacity provider (aws-facts §5.3). Each minute:
//   N = instances in the group (launched, not draining), M = instances with tasks + instances
//   needed (binpacked) for the provider's waiting tasks, CapacityProviderReservation = M/N×100
//   (200 when N = 0 and tasks wait: AWS then scales to two instances).
// Scale-out: the reservation above targetCapacity for 1 datapoint (the capacity provider's
// AlarmHigh); desired = ceil(M × 100 / targetCapacity), the step clamped to
// [minimumScalingStepSize, maximumScalingStepSize]; no further scale-out while an instance is
// inside its warm-up. Scale-in: below target for 15 datapoints (AlarmLow); the group then
// terminates empty instances. EKS node groups are scaled by the Cluster Autoscaler or Karpenter
// (cluster-autoscaler.ts, karpenter.ts), not by this loop.

import { PRIORITY_LATE, type Simulation } from '../engine/index.js';
import type { InstanceType } from '../catalog/index.js';
import type { ManagedScalingSpec, TaskSize } from '../domain/scenario.js';
import type { Task } from '../domain/task.js';
import type { AutoScalingGroup } from './asg.js';

const SCALE_IN_DATAPOINTS = { ecs: 15, eks: 10 } as const;

/** Instances of `type` needed to hold `tasks` (first-fit decreasing by memory, then CPU). */
export function instancesNeeded(tasks: readonly TaskSize[], type: InstanceType, slots: number, reserved: { cpuUnits: number; memoryMiB: number }): number {
  const cpu = type.vcpu * 1024 - reserved.cpuUnits;
  const mem = type.memoryGiB * 1024 - reserved.memoryMiB;
  const bins: { cpu: number; mem: number; gpus: number; n: number }[] = [];
  const sorted = [...tasks].sort((a, b) => b.memoryMiB - a.memoryMiB || b.cpuUnits - a.cpuUnits);
  for (const t of sorted) {
    if (t.cpuUnits > cpu || t.memoryMiB > mem || t.gpus > type.gpus) continue; // never fits: no instance helps
    let bin = bins.find((b) => b.cpu >= t.cpuUnits && b.mem >= t.memoryMiB && b.gpus >= t.gpus && b.n < slots);
    if (!bin) bins.push((bin = { cpu, mem, gpus: type.gpus, n: 0 }));
    bin.cpu -= t.cpuUnits;
    bin.mem -= t.memoryMiB;
    bin.gpus -= t.gpus;
    bin.n += 1;
  }
  return bins.length;
}

export class ManagedScaling {
  private lowStreak = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: ManagedScalingSpec,
    private readonly asg: AutoScalingGroup,
    private readonly waiting: () => ReadonlySet<Task>,
    private readonly orchestrator: 'ecs' | 'eks',
  ) {}

  start(): void {
    this.sim.scheduleAt(60, this.onMinute, 0, PRIORITY_LATE);
  }

  private readonly onMinute = (sim: Simulation): void => {
    this.evaluate();
    sim.schedule(60, this.onMinute, 0, PRIORITY_LATE);
  };

  private evaluate(): void {
    const asg = this.asg;
    const group = asg.inService;
    const n = group.length;
    const type = asg.launchType;
    const shape = asg.shapeOf(type);
    const needed = instancesNeeded([...this.waiting()].map((t) => t.size), type, shape.podSlots, {
      cpuUnits: type.vcpu * 1024 - shape.cpuUnits,
      memoryMiB: type.memoryGiB * 1024 - shape.memoryMiB,
    });
    const m = group.filter((i) => i.tasks > 0).length + needed;
    const target = this.spec.targetCapacityPercent;
    const reservation = n === 0 ? (m > 0 ? 200 : 100) : (100 * m) / n;
    const now = this.sim.now;
    const why = `CapacityProviderReservation ${reservation.toFixed(1)}% (M ${m} / N ${n}) vs target ${target}%`;
    if (reservation > target) {
      this.lowStreak = 0;
      if (now < asg.lastLaunchAt + this.spec.instanceWarmupSeconds) return;
      const wanted = n === 0 ? 2 : Math.ceil((m * 100) / target - 1e-9);
      const step = Math.min(this.spec.maximumScalingStepSize, Math.max(this.spec.minimumScalingStepSize, wanted - n));
      asg.setDesired(n + step, `managed scaling: ${why}`);
      return;
    }
    this.lowStreak = reservation < target ? this.lowStreak + 1 : 0;
    if (this.lowStreak >= SCALE_IN_DATAPOINTS[this.orchestrator]) {
      const wanted = Math.ceil((m * 100) / target - 1e-9);
      if (wanted < asg.desired) asg.setDesired(wanted, `managed scaling: ${why} for ${this.lowStreak} minutes`);
    }
  }
}
