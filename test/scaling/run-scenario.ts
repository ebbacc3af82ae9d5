// A one-alternative Fargate scenario for whole-run scaling tests: constant load, tasks of 60 rps
// that start in exactly 30 s, and the given `autoscaling` block (YAML lines, no indent).

import { parseScenario, simulate, type AlternativeResult, type SimEvent } from '../../src/index.js';

export interface ServiceRun {
  rps: number;
  desiredCount: number;
  horizon: string;
  autoscaling: string;
  tick?: string;
  memoryUtilization?: string;
}

export function runService(r: ServiceRun): AlternativeResult {
  const text = [
    'name: scaling-run',
    `horizon: ${r.horizon}`,
    ...(r.tick ? [`tick: ${r.tick}`] : []),
    'workload:',
    `  rps: { type: constant, rps: ${r.rps} }`,
    'service:',
    '  task: { cpu: 0.5 vCPU, memory: 1 GB }',
    `  desiredCount: ${r.desiredCount}`,
    '  taskCapacity: 60 rps',
    '  startLatency: { type: constant, value: 30s }',
    ...(r.memoryUtilization ? [`  memoryUtilization: ${r.memoryUtilization}`] : []),
    '  autoscaling:',
    ...r.autoscaling
      .trim()
      .split('\n')
      .map((l) => `    ${l}`),
    'alternatives:',
    '  - { name: a, capacity: { type: fargate } }',
  ].join('\n');
  return simulate(parseScenario(text));
}

/** Desired-count changes as "t desired a → b". */
export function desiredChanges(events: readonly SimEvent[]): string[] {
  return events.filter((e) => e.kind === 'scaling' && e.detail.startsWith('desired')).map((e) => `${e.t} ${e.detail.slice(0, e.detail.indexOf(':'))}`);
}
