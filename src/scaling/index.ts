// Builds a service's scaling: Application Auto Scaling policies (target tracking, step) and
// scheduled actions on CloudWatch's one-minute periods, or a Kubernetes HPA.

import type { Simulation } from '../engine/index.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Autoscaling, ServiceModel } from '../scenario/types.js';
import type { LoadModel } from '../service/fluid.js';
import type { EcsService } from '../service/service.js';
import type { Signals } from '../service/signals.js';
import { ScalingController } from './controller.js';
import { ServiceMetrics } from './metrics.js';
import type { ScalingPolicy } from './policy.js';
import { TargetTrackingPolicy } from './target-tracking.js';

export function startAutoscaling(sim: Simulation, spec: Autoscaling, service: EcsService, fluid: LoadModel, recorder: Recorder, signals: Signals, svc: ServiceModel): ScalingController {
  const metrics = new ServiceMetrics(fluid, recorder, svc.taskCapacityRps, svc.task.memoryMiB / 1024);
  const policies: ScalingPolicy[] = spec.targetTracking.map((p) => new TargetTrackingPolicy(p));
  const controller = new ScalingController(sim, spec, service, fluid, metrics, policies, signals, (t) => {
    recorder.running.accrue(t);
    recorder.usedMemoryGiB.accrue(t);
  });
  controller.start();
  return controller;
}
