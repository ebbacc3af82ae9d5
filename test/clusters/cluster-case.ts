// Small cluster scenarios for the cluster tests, written as the YAML a user would write (the
// capacity is given as a JSON flow map, which is YAML). Every lifecycle phase is a constant and
// there is no noise, so every time in a run can be worked out by hand:
//   launch → ENI 10 s → PENDING (Fargate billing starts) → image pull 100 MB / 10 MB/s = 10 s
//   (0 s on an EC2 host that already has the image) → container start 5 s → health check 15 s
//   → RUNNING: a task serves 40 s after its launch (30 s on a host with the image cached).
//   Stopping a serving task (scale-in, EC2 Spot drain): DEACTIVATING 30 s (deregistration delay)
//   → STOPPING 2 s → STOPPED, 32 s after the stop was asked for; a Fargate Spot notice sends
//   SIGTERM at once, so the task is STOPPED 2 s (its stopTime) after the notice.

import { parseScenario, simulate, type AlternativeResult, type EventKind, type LineItem } from '../../src/index.js';

export const LIFECYCLE = {
  eniProvisioning: '10s',
  pullOverhead: '0s',
  imageSize: '100 MB',
  pullBandwidth: '10 MB/s',
  containerStart: '5s',
  healthCheck: '15s',
  deregistrationDelay: '30s',
  stopTime: '2s',
} as const;

/** PROVISIONING (the ENI) before PENDING, when Fargate billing starts. */
export const ENI_SECONDS = 10;

export interface ClusterCase {
  horizon: string;
  tick?: string;
  seed?: number;
  /** The rps curve as a flow map; default 10 rps, constant (the load does not matter here). */
  rps?: string;
  /** Default `{ cpu: 1 vCPU, memory: 2 GB }`. */
  task?: string;
  desiredCount: number;
  /** Default true: the initial tasks are placed and serving at t = 0 (where they fit). */
  warmStart?: boolean;
  /** The alternative's capacity; serialised as JSON (a YAML flow map). */
  capacity: Record<string, unknown>;
  commitments?: Record<string, unknown>;
  /** The service's autoscaling section as a flow map (none by default). */
  autoscaling?: string;
}

export function clusterText(c: ClusterCase): string {
  const lifecycle = `{ ${Object.entries(LIFECYCLE)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
  const alternative: Record<string, unknown> = { name: 'a', capacity: c.capacity };
  if (c.commitments) alternative.commitments = c.commitments;
  const lines = [
    'name: cluster-hand-case',
    `horizon: ${c.horizon}`,
    ...(c.tick ? [`tick: ${c.tick}`] : []),
    ...(c.seed !== undefined ? [`seed: ${c.seed}`] : []),
    'workload:',
    `  rps: ${c.rps ?? '{ type: constant, rps: 10 }'}`,
    '  noise: 0',
    'service:',
    `  task: ${c.task ?? '{ cpu: 1 vCPU, memory: 2 GB }'}`,
    `  desiredCount: ${c.desiredCount}`,
    '  taskCapacity: 50 rps',
    ...(c.warmStart !== undefined ? [`  warmStart: ${c.warmStart}`] : []),
    `  lifecycle: ${lifecycle}`,
    ...(c.autoscaling ? [`  autoscaling: ${c.autoscaling}`] : []),
    'alternatives:',
    `  - ${JSON.stringify(alternative)}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function runCluster(c: ClusterCase): AlternativeResult {
  return simulate(parseScenario(clusterText(c)));
}

/** The events of one kind as { t, detail }, in order. */
export function eventsOf(alt: AlternativeResult, kind: EventKind): { t: number; detail: string }[] {
  return alt.events.filter((e) => e.kind === kind).map(({ t, detail }) => ({ t, detail }));
}

export function lineItem(alt: AlternativeResult, id: string): LineItem {
  const found = alt.cost.lineItems.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; the run has ${alt.cost.lineItems.map((i) => i.id).join(', ')}`);
  return found;
}

/** The instance number in an instance event's detail, e.g. "m5.large #3 (spot, …)" → 3. */
export function instanceNo(detail: string): number {
  const m = /#(\d+) \(/.exec(detail);
  if (!m) throw new Error(`no instance number in "${detail}"`);
  return Number(m[1]);
}

/** The task number in a task event's detail, e.g. "task 12 stopped (was STOPPING)" → 12. */
export function taskNo(detail: string): number {
  const m = /task (\d+)/.exec(detail) ?? /#(\d+):?/.exec(detail);
  if (!m) throw new Error(`no task number in "${detail}"`);
  return Number(m[1]);
}
