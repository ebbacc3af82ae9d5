// The Fargate task launch rate limit is per account and Region (ECS throttling doc, catalog
// FARGATE_LAUNCH_RATE: burst 100, then 20 per second), shared by every service and job runner
// of the scenario, and applies to Fargate only: EC2 launch type tasks are not throttled by it.
// A service or job runner may still set its own `launchRate`, which then replaces the shared one.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type AlternativeResult } from '../../src/index.js';

function scenario(desired: number, capacity: string, jobsLaunchRate = ''): string {
  return `name: launch-rate
horizon: 2m
workload:
  rps: { type: constant, rps: 10 rps }
  noise: 0
service:
  task: { cpu: 0.25 vCPU, memory: 512 MiB }
  desiredCount: ${desired}
  warmStart: false
  taskCapacity: 50 rps
  startLatency: { type: constant, value: 30s }
jobs:
  name: batch
  task: { cpu: 0.25 vCPU, memory: 512 MiB }
  arrivals: { type: every, interval: 1m }
  duration: { type: constant, value: 10s }
  lifecycle: { eniProvisioning: 10s, pullOverhead: 0s, imageSize: 100 MB, pullBandwidth: 10 MB/s, containerStart: 5s }
${jobsLaunchRate}
alternatives:
  - name: a
    capacity: ${capacity}
`;
}

const run = (text: string): AlternativeResult => simulate(parseScenario(text));

describe('Fargate launch rate: one bucket per account and Region', () => {
  it('a job arriving while the service is still launching waits behind it', () => {
    // Service: 1400 cold tasks at t = 0 reserve tokens 1..1400: 100 from the burst, the rest at
    // 20/s, the last at (1400 − 100) / 20 = 65 s. The job arrives at 60 s: tokens then
    // 100 − 1400 + 20 × 60 = −100; its reservation is −101 → granted at 60 + 101 / 20 = 65.05 s.
    // Its task runs ENI 10 + pull 100 MB / 10 MB/s = 10 + start 5 = 25 s later: wait 30.05 s.
    const alt = run(scenario(1400, '{ type: fargate }'));
    expect(alt.jobs?.waitP50Seconds).toBeCloseTo(30.05, 9);
  });

  it('with its own launchRate the job runner does not share the account bucket', () => {
    // Its own bucket is full at 60 s: granted at once, running 25 s later.
    const alt = run(scenario(1400, '{ type: fargate }', '  launchRate: { perSecond: 20, burst: 100 }'));
    expect(alt.jobs?.waitP50Seconds).toBe(25);
  });

  it('the service alone: the 101st task launches 1 / 20 s after the burst, the 150th at 50 / 20 = 2.5 s', () => {
    const alt = run(scenario(150, '{ type: fargate }'));
    const running = alt.events.filter((e) => e.kind === 'task-running' && !e.detail.startsWith('task 0 serving after 25')).map((e) => e.t);
    // startLatency 30 s: the first 100 run at 30 s, then 30.05, 30.1, ..., 32.5.
    expect(running.slice(0, 100).every((t) => t === 30)).toBe(true);
    expect(running[100]).toBeCloseTo(30.05, 9);
    expect(running[149]).toBeCloseTo(32.5, 9);
  });

  it('EC2 launch type tasks are not throttled by the Fargate limit: all 150 start at once', () => {
    const alt = run(scenario(150, '{ type: ec2, instanceType: c5.4xlarge, instances: 10, networkMode: bridge }'));
    const running = alt.events.filter((e) => e.kind === 'task-running' && e.t < 60).map((e) => e.t);
    expect(running).toHaveLength(150);
    expect(new Set(running)).toEqual(new Set([30]));
  });
});
