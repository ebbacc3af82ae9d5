// An ECS container instance registers less memory than it has installed (the kernel and
// platform keep a share; ECS_RESERVED_MEMORY takes more if set). AWS's example: an m4.large with
// 8 GiB reports 8,373,026,816 bytes total, "7985 MiB available for tasks"
// (docs/model.md, src/catalog/ecs.ts). capsim scales that ratio to every type:
// registered = floor(installed MiB × 7985 / 8192); placement and instance counts follow it.

import { describe, expect, it } from 'vitest';
import { ecsRegisteredMemoryMiB, ecsUnregisteredMemoryMiB } from '../../src/catalog/index.js';
import { parseScenario } from '../../src/index.js';
import { clusterText, runCluster } from './cluster-case.js';

describe('registered memory by type', () => {
  it('follows AWS example and scales it', () => {
    // 8373026816 bytes / 1048576 = 7985.15 MiB → 7985 (the docs' figure for 8 GiB).
    expect(Math.floor(8373026816 / 1048576)).toBe(7985);
    // m5.large, 8 GiB: 8192 × 7985 / 8192 = 7985; 207 MiB not registered.
    expect(ecsRegisteredMemoryMiB(8)).toBe(7985);
    expect(ecsUnregisteredMemoryMiB(8)).toBe(207);
    // m5.xlarge, 16 GiB: 16384 × 7985 / 8192 = 15970; 414 MiB.
    expect(ecsRegisteredMemoryMiB(16)).toBe(15970);
    expect(ecsUnregisteredMemoryMiB(16)).toBe(414);
    // t3.medium, 4 GiB: 4096 × 7985 / 8192 = 3992.5 → 3992; 104 MiB.
    expect(ecsRegisteredMemoryMiB(4)).toBe(3992);
    expect(ecsUnregisteredMemoryMiB(4)).toBe(104);
  });
});

/** Tasks RUNNING in minute 0 of a warm start on a fixed fleet (bridge: no ENI limit). */
function placedAtStart(instanceType: string, instances: number, task: string, desiredCount: number): number {
  const alt = runCluster({ horizon: '5m', task, desiredCount, capacity: { type: 'ec2', instanceType, instances, networkMode: 'bridge' } });
  return alt.series!.runningTasks[0];
}

describe('placement follows registered memory', () => {
  it('m5.large: three 2 GB tasks per instance, not four (3 × 2048 = 6144 ≤ 7985 < 4 × 2048 = 8192)', () => {
    // 2 instances × 3 = 6 of the 8 wanted; the other 2 wait (bridge: no ENI limit; 0.25 vCPU × 4 fits CPU).
    expect(placedAtStart('m5.large', 2, '{ cpu: 0.25 vCPU, memory: 2 GB }', 8)).toBe(6);
  });
  it('m5.xlarge: three 4 GB tasks per instance (12288 ≤ 15970 < 16384)', () => {
    expect(placedAtStart('m5.xlarge', 2, '{ cpu: 1 vCPU, memory: 4 GB }', 8)).toBe(6);
  });
  it('t3.medium: three 1 GB tasks per instance (3072 ≤ 3992 < 4096)', () => {
    expect(placedAtStart('t3.medium', 3, '{ cpu: 0.25 vCPU, memory: 1 GB }', 12)).toBe(9);
  });
  it('a reservedMemory written in the scenario replaces the rule', () => {
    // Tasks of 2000 MiB on m5.large: by the rule 3 fit (4 × 2000 = 8000 > 7985); with
    // reservedMemory 100 MiB the instance offers 8192 − 100 = 8092 ≥ 8000: 4 fit.
    const group = (extra: Record<string, unknown>) => ({ type: 'cluster', providers: [{ name: 'od', asg: { instanceTypes: ['m5.large'], min: 2, max: 2, desired: 2, managedScaling: false, ...extra } }], networkMode: 'bridge' });
    const run = (extra: Record<string, unknown>) => runCluster({ horizon: '5m', task: '{ cpu: 0.25 vCPU, memory: 2000 }', desiredCount: 8, capacity: group(extra) });
    expect(run({}).series!.runningTasks[0]).toBe(6);
    expect(run({ reservedMemory: '100 MiB' }).series!.runningTasks[0]).toBe(8);
  });
  it('a task larger than the registered memory is an error at load, naming both figures', () => {
    const text = clusterText({ horizon: '5m', task: '{ cpu: 1 vCPU, memory: 8 GB }', desiredCount: 1, capacity: { type: 'ec2', instanceType: 'm5.large', instances: 1, networkMode: 'bridge' } });
    expect(() => parseScenario(text)).toThrow(/does not fit on m5\.large \(2 vCPU \/ 8 GiB installed, 7985 MiB registered for tasks\)/);
  });
});
