// The defaults a scenario gets for what it leaves out (each documented in docs/scenarios.md and
// docs/model.md), and the small helpers every resolver shares: distributions from their input
// form, an alternative's override merged onto the scenario's definition, sizes as users write them.

import type { DistributionSpec } from '../engine/index.js';
import type { ScenarioIssue } from '../domain/errors.js';
import type { DistributionInput } from './schema.js';

/** Lifecycle defaults live in domain/lifecycle.ts (reports read them back). */
export const DEFAULTS = {
  seed: 1,
  region: 'us-east-1',
  tickSeconds: 1,
  peakHour: 14,
  baseLatencySeconds: 0.05,
  startLatencySeconds: 40,
  ephemeralStorageGiB: 20,
  maxEphemeralStorageGiB: 200,
  /** An EKS pod on Fargate: up to 175 GiB (aws-facts §1.5, EKS launch of 2023-08-02). */
  maxEksEphemeralStorageGiB: 175,
  expressionSampleSeconds: 60,
  sloLatencyP95Seconds: 0.5,
  sloMaxMinutesOver: 0.01,
  queueLimitPerTask: 100,
  cooldownSeconds: 300,
  ecsScaleInFactor: 0.9,
  highDatapoints: 3,
  lowDatapoints: 15,
  memoryUtilization: 0.5,
} as const;

export type Issues = ScenarioIssue[];

export function resolveDistribution(input: DistributionInput | undefined, fallbackSeconds: number): DistributionSpec {
  if (input === undefined) return { type: 'constant', value: fallbackSeconds };
  if (typeof input === 'number') return { type: 'constant', value: input };
  if (input.type === 'lognormal') {
    if (input.mean !== undefined && input.p99 !== undefined) return { type: 'lognormal', mean: input.mean, p99: input.p99 };
    // Half a pair is invalid: NaN makes checkDistribution report it instead of a silent default.
    return { type: 'lognormal', mu: input.mu ?? NaN, sigma: input.sigma ?? NaN };
  }
  return input as DistributionSpec;
}

/** An alternative's override on top of the scenario's definition: fields replace, task and lifecycle merge. */
export function mergeDefinition<T extends { task: object; lifecycle?: object }>(base: T, over: Partial<Record<keyof T, unknown>> | undefined): T {
  if (!over) return base;
  const task = over.task as object | undefined;
  const lifecycle = over.lifecycle as object | undefined;
  return { ...base, ...over, task: { ...base.task, ...task }, lifecycle: base.lifecycle || lifecycle ? { ...base.lifecycle, ...lifecycle } : undefined } as T;
}

export function formatSize(cpuUnits: number, memoryMiB: number): string {
  const gb = memoryMiB / 1024;
  return `${cpuUnits / 1024} vCPU / ${Number.isInteger(gb) ? `${gb} GB` : `${memoryMiB} MiB`}`;
}

/** Fargate ephemeral storage: whole GiB from the free 20 up to `max`; `outOfRange` says why a whole number is refused. */
export function checkEphemeralStorage(gib: number, max: number, outOfRange: string, path: string, issues: Issues): void {
  if (Number.isInteger(gib) && gib >= DEFAULTS.ephemeralStorageGiB && gib <= max) return;
  issues.push({
    path,
    message: Number.isInteger(gib) ? outOfRange : 'Fargate ephemeral storage is set in whole GiB',
    value: gib,
    allowed: `a whole number of GiB from ${DEFAULTS.ephemeralStorageGiB} to ${max}`,
  });
}
