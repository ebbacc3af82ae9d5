// The lifecycle timings a scenario gets for what it leaves out, and what each default rests on:
// AWS's own default (the ALB's deregistration delay, ECS's stopTimeout) or a capsim assumption
// (AWS publishes no figure). The resolver fills them in from here; the Inputs section and
// `capsim validate` compare the resolved values with them to say which settings in force are
// assumptions. Figures and sources: docs/model.md, Task lifecycle; docs/scenarios.md, lifecycle.

import type { DistributionSpec } from '../engine/index.js';
import { WINDOWS_INSTANCE_LAUNCH_SECONDS, WINDOWS_TASK_DEFAULTS } from '../catalog/index.js';
import type { Lifecycle, Os } from './scenario.js';

/** `aws`: the default AWS applies itself; `assumption`: capsim's choice where AWS publishes none. */
export type DefaultBasis = 'aws' | 'assumption';

/** ECS refuses a longer stopTimeout. */
export const MAX_STOP_TIMEOUT_SECONDS = 120;

/**
 * A task's lifecycle when the scenario sets none of it. Standalone tasks (`jobs`) have no load
 * balancer: no health-check wait and no deregistration delay. Windows tasks pull a bigger image
 * and start slower (catalog/windows.ts).
 */
export function defaultLifecycle(os: Os, kind: 'service' | 'jobs'): Lifecycle {
  const windows = os === 'windows';
  const service = kind === 'service';
  return {
    eniProvisioning: { type: 'lognormal', mean: 10, p99: 25 },
    pullOverhead: { type: 'constant', value: 2 },
    imageSizeMiB: windows ? WINDOWS_TASK_DEFAULTS.imageSizeMiB : 200,
    pullBandwidthMiBps: 50,
    containerStart: windows ? { ...WINDOWS_TASK_DEFAULTS.containerStart } : { type: 'lognormal', mean: 5, p99: 15 },
    healthCheck: service ? { type: 'uniform', min: 0, max: 30 } : { type: 'constant', value: 0 },
    deregistrationDelaySeconds: service ? 300 : 0,
    stopTime: { type: 'constant', value: 2 },
    stopTimeoutSeconds: 30,
  };
}

/**
 * What each default rests on. The health check's spread is capsim's (from the ALB's 30 s check
 * interval); 300 s is the ALB target group's deregistration delay; 30 s ECS's stopTimeout.
 */
export const LIFECYCLE_DEFAULT_BASIS: Record<keyof Lifecycle, DefaultBasis> = {
  eniProvisioning: 'assumption',
  pullOverhead: 'assumption',
  imageSizeMiB: 'assumption',
  pullBandwidthMiBps: 'assumption',
  containerStart: 'assumption',
  healthCheck: 'assumption',
  deregistrationDelaySeconds: 'aws',
  stopTime: 'assumption',
  stopTimeoutSeconds: 'aws',
};

/** Launch of an EC2 container instance (or EKS node) until it registers: AWS publishes no figure (an assumption). */
export function defaultInstanceLaunch(os: Os): DistributionSpec {
  return os === 'windows' ? { ...WINDOWS_INSTANCE_LAUNCH_SECONDS } : { type: 'uniform', min: 30, max: 90 };
}

/** The initial tasks are RUNNING at t = 0, as for a service that already existed (capsim's choice). */
export const DEFAULT_WARM_START = true;

/** Default INIT of a Lambda cold start and idle reclaim time: AWS publishes neither (assumptions, docs/model.md). */
export const LAMBDA_DEFAULTS = { coldStart: { type: 'lognormal', mean: 0.3, p99: 1 } as const, idleReclaimSeconds: 600 };
/** App Runner's time to a new serving instance and before one is removed: AWS publishes neither (assumptions). */
export const APP_RUNNER_DEFAULTS = { scaleOutSeconds: 30, scaleInSeconds: 60 };

/** Two distributions (or numbers) are the same setting. */
export function sameSetting(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameSetting((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
