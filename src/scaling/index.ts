// Builds a service's scaling: Application Auto Scaling policies (target tracking, step) on
// CloudWatch's one-minute periods, or a Kubernetes HPA instead of them; and scheduled actions,
// which change the capacity bounds either one honours.

import type { Simulation } from '../engine/index.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Autoscaling, ServiceModel } from '../domain/scenario.js';
import type { LoadModel } from '../service/fluid.js';
import type { EcsService } from '../service/service.js';
import type { Signals } from '../domain/signals.js';
import { ScalingController } from './controller.js';
import { HorizontalPodAutoscaler, cpuOverSyncPeriod, memoryNow } from './hpa.js';
import { ServiceMetrics } from './metrics.js';
import type { ScalingPolicy } from './policy.js';
import { scheduleActions } from './scheduled.js';
import { startPredictiveScaling } from './predictive.js';
import { StepScalingPolicy } from './step-scaling.js';
import { TargetTrackingPolicy } from './target-tracking.js';

export function startAutoscaling(sim: Simulation, spec: Autoscaling, service: EcsService, fluid: LoadModel, recorder: Recorder, signals: Signals, svc: ServiceModel): ScalingController {
  const metrics = new ServiceMetrics(fluid, signals, svc.name, svc.taskCapacityRps, svc.memoryUtilization, sim.now, service.running());
  // With an HPA the controller keeps only the bounds (the resolver rejects HPA + policies).
  const policies: ScalingPolicy[] = spec.hpa
    ? []
    : [...spec.targetTracking.map((p) => new TargetTrackingPolicy(p)), ...spec.stepScaling.map((p) => new StepScalingPolicy(p))];
  const controller = new ScalingController(sim, spec, service, fluid, metrics, policies, signals, (t) => metrics.accrue(t));
  controller.start();
  if (spec.hpa) {
    const reader = spec.hpa.metric === 'cpu' ? cpuOverSyncPeriod(fluid) : memoryNow(service, svc.memoryUtilization);
    new HorizontalPodAutoscaler(sim, spec.hpa, service, controller, reader, fluid.horizonSeconds).start();
  }
  scheduleActions(sim, spec.scheduled, controller, fluid.horizonSeconds, (detail) => signals.decision.emit({ t: sim.now, kind: 'scaling', detail }));
  if (spec.predictive) startPredictiveScaling(sim, spec.predictive, fluid, svc.taskCapacityRps, controller, (detail) => signals.decision.emit({ t: sim.now, kind: 'scaling', detail }));
  return controller;
}

export { parseCron, nextFireTime, type Cron } from '../domain/cron.js';
export { StepScalingPolicy } from './step-scaling.js';
export { HorizontalPodAutoscaler } from './hpa.js';
