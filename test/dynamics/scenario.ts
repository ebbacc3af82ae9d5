// Small scenarios for the dynamics tests (scaling, lifecycle, deployments), written as the YAML a
// user would write. Every phase of the task lifecycle is a constant and there is no noise, so
// every time in a run can be worked out by hand:
//   launch → ENI 10 s → PENDING (billing starts) → pull 0 s + 100 MB / 10 MB/s = 10 s
//   → container start 5 s → ACTIVATING → health check 15 s → RUNNING:
//   a task serves exactly 10 + 10 + 5 + 15 = 40 s after it is launched, and is billed from 10 s.
//   Stopping a serving task: DEACTIVATING 300 s (deregistration delay) → STOPPING 2 s → STOPPED.

import { parseScenario, simulate, type AlternativeResult, type EventKind } from '../../src/index.js';

export const LIFECYCLE = {
  eniProvisioning: '10s',
  pullOverhead: '0s',
  imageSize: '100 MB',
  pullBandwidth: '10 MB/s',
  containerStart: '5s',
  healthCheck: '15s',
  deregistrationDelay: '300s',
  stopTime: '2s',
} as const;

/** Fargate us-east-1 Linux/x86 per second (aws-facts §1.2): $0.000011244 per vCPU, $0.000001235 per GB. */
export const USD_PER_VCPU_SECOND = 0.000011244;
export const USD_PER_GB_SECOND = 0.000001235;
/** One 1 vCPU / 2 GB task: 0.000011244 + 2 × 0.000001235 = $0.000013714 per second. */
export const TASK_USD_PER_SECOND = 0.000013714;

export interface DynamicsScenario {
  horizon: string;
  /** The rps curve as a flow map. */
  rps: string;
  desiredCount: number;
  /** Default `{ cpu: 1 vCPU, memory: 2 GB }`. */
  task?: string;
  /** Default 50 rps per task at 100% CPU. */
  taskCapacity?: string;
  warmStart?: boolean;
  /** Overrides of the constant phases above, e.g. `{ eniProvisioning: '60s' }`. */
  lifecycle?: Partial<Record<string, string>>;
  launchRate?: string;
  /** The `autoscaling` section as a flow map. */
  autoscaling?: string;
  /** One flow map per deployment. */
  deployments?: string[];
}

export function dynamicsScenario(s: DynamicsScenario): string {
  const lifecycle = { ...LIFECYCLE, ...s.lifecycle };
  const flow = `{ ${Object.entries(lifecycle)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
  const lines = [
    'name: dynamics-hand-case',
    `horizon: ${s.horizon}`,
    'workload:',
    `  rps: ${s.rps}`,
    '  noise: 0',
    'service:',
    `  task: ${s.task ?? '{ cpu: 1 vCPU, memory: 2 GB }'}`,
    `  desiredCount: ${s.desiredCount}`,
    `  taskCapacity: ${s.taskCapacity ?? '50 rps'}`,
    ...(s.warmStart !== undefined ? [`  warmStart: ${s.warmStart}`] : []),
    `  lifecycle: ${flow}`,
    ...(s.launchRate ? [`  launchRate: ${s.launchRate}`] : []),
    ...(s.autoscaling ? [`  autoscaling: ${s.autoscaling}`] : []),
    ...(s.deployments ? ['  deployments:', ...s.deployments.map((d) => `    - ${d}`)] : []),
    'alternatives:',
    '  - { name: a, capacity: { type: fargate } }',
  ];
  return `${lines.join('\n')}\n`;
}

export function run(s: DynamicsScenario): AlternativeResult {
  return simulate(parseScenario(dynamicsScenario(s)));
}

/** The events of one kind as [t, detail] pairs, in order. */
export function eventsOf(alt: AlternativeResult, kind: EventKind): { t: number; detail: string }[] {
  return alt.events.filter((e) => e.kind === kind).map(({ t, detail }) => ({ t, detail }));
}

export function timesOf(alt: AlternativeResult, kind: EventKind): number[] {
  return eventsOf(alt, kind).map((e) => e.t);
}

/** Billed task-seconds on Fargate, read from the vCPU line item of 1-vCPU tasks. */
export function billedVcpuSeconds(alt: AlternativeResult): number {
  const item = alt.cost.lineItems.find((i) => i.id === 'fargate.vcpu');
  if (!item) throw new Error('no fargate.vcpu line item');
  return Number(item.quantity);
}
