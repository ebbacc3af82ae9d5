// EKS node allocatable by the EKS-optimised AMI's formulas (awslabs/amazon-eks-ami
// files/bootstrap.sh), worked by hand for three node types:
//   kubeReserved memory = 11 MiB × maxPods (eni-max-pods.txt) + 255 MiB; eviction 100 MiB
//   kubeReserved CPU    = 6% of core 1 + 1% of core 2 + 0.5% of cores 3–4 + 0.25% above 4
// and the DaemonSets (aws-node 25m, kube-proxy 100m, host network) on top.

import { describe, expect, it } from 'vitest';
import { eksKubeReservedCpuMillicores, eksNodeAllocatable, instanceType } from '../../src/catalog/index.js';
import { nodeShape } from '../../src/capacity/eks-node.js';
import type { AsgProviderSpec, ClusterSpec } from '../../src/domain/scenario.js';
import { parseScenario, simulate } from '../../src/index.js';

describe('kubeReserved CPU by core tiers', () => {
  it('1, 2, 4, 8 and 16 vCPU', () => {
    expect(eksKubeReservedCpuMillicores(1)).toBe(60); // 1000 × 6%
    expect(eksKubeReservedCpuMillicores(2)).toBe(70); // 60 + 1000 × 1%
    expect(eksKubeReservedCpuMillicores(4)).toBe(80); // 70 + 2000 × 0.5%
    expect(eksKubeReservedCpuMillicores(8)).toBe(90); // 80 + 4000 × 0.25%
    expect(eksKubeReservedCpuMillicores(16)).toBe(110); // 80 + 12000 × 0.25%
  });
});

describe('allocatable of three node types', () => {
  it('m5.large (2 vCPU, 8 GiB, 29 pods): 1930m and 7518 MiB', () => {
    // CPU 2000 − 70 = 1930m; memory 8192 − (11 × 29 + 255 = 574) − 100 = 7518 MiB
    expect(eksNodeAllocatable(instanceType('m5.large'))).toEqual({ cpuMillicores: 1930, memoryMiB: 7518, reservedCpuMillicores: 70, reservedMemoryMiB: 674 });
  });

  it('t3.medium (2 vCPU, 4 GiB, 17 pods): 1930m and 3554 MiB', () => {
    // memory 4096 − (11 × 17 + 255 = 442) − 100 = 3554
    expect(eksNodeAllocatable(instanceType('t3.medium'))).toEqual({ cpuMillicores: 1930, memoryMiB: 3554, reservedCpuMillicores: 70, reservedMemoryMiB: 542 });
  });

  it('c5.4xlarge (16 vCPU, 32 GiB, 234 pods): 15890m and 29839 MiB', () => {
    // CPU 16000 − 110 = 15890; memory 32768 − (11 × 234 + 255 = 2829) − 100 = 29839
    expect(eksNodeAllocatable(instanceType('c5.4xlarge'))).toEqual({ cpuMillicores: 15890, memoryMiB: 29839, reservedCpuMillicores: 110, reservedMemoryMiB: 2929 });
  });

  it('m5.xlarge (4 vCPU, 16 GiB, 58 pods): 3920m and 15391 MiB', () => {
    // memory 16384 − (11 × 58 + 255 = 893) − 100 = 15391
    expect(eksNodeAllocatable(instanceType('m5.xlarge'))).toMatchObject({ cpuMillicores: 3920, memoryMiB: 15391 });
  });
});

describe('what an EKS node offers application pods', () => {
  const group = { kind: 'asg', reservedCpuUnits: 0, reservedMemoryMiB: 0, eksAmiReservation: true } as AsgProviderSpec;
  const cluster = (daemonSets: ClusterSpec['daemonSets']) => ({ orchestrator: 'eks', daemonSets }) as ClusterSpec;
  const defaults = [
    { name: 'aws-node', cpuUnits: 25.6, memoryMiB: 0, hostNetwork: true },
    { name: 'kube-proxy', cpuUnits: 102.4, memoryMiB: 0, hostNetwork: true },
  ];

  it('m5.large: the +2 of max pods is aws-node and kube-proxy, so 27 application pods', () => {
    const shape = nodeShape(instanceType('m5.large'), group, cluster(defaults), 29);
    expect(shape.podSlots).toBe(27); // 29 − 2
    // CPU units: 1930m × 1.024 = 1976.32; less (25 + 100)m × 1.024 = 128 → 1848.32
    expect(shape.cpuUnits).toBeCloseTo(1848.32, 9);
    expect(shape.memoryMiB).toBe(7518);
  });

  it('a declared log agent (100m, 200 MiB, pod network) takes one more slot and its requests', () => {
    const shape = nodeShape(instanceType('m5.large'), group, cluster([...defaults, { name: 'fluent-bit', cpuUnits: 102.4, memoryMiB: 200, hostNetwork: false }]), 29);
    expect(shape.podSlots).toBe(26);
    expect(shape.cpuUnits).toBeCloseTo(1976.32 - 230.4, 9); // (25 + 100 + 100)m × 1.024 = 230.4
    expect(shape.memoryMiB).toBe(7318); // 7518 − 200
    expect(shape.daemonIpPods).toBe(1);
  });
});

describe('application pods per m5.large in a run', () => {
  function run(pods: number, extra = '', task = 'cpu: 50, memory: 128 MiB') {
    return parseScenario(textOf(pods, extra, task));
  }
  function textOf(pods: number, extra: string, task: string): string {
    return `name: eks-pods
horizon: 1h
workload: { rps: { type: constant, rps: 10 }, noise: 0 }
service: { task: { ${task} }, desiredCount: ${pods}, taskCapacity: 50 rps }
alternatives:
  - name: a
    capacity:
      type: cluster
      orchestrator: eks
      nodeProvisioner: false
      providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 1, max: 1, desired: 1 } }]
${extra}`;
  }

  it('30 small pods: 27 run (29 max pods − aws-node − kube-proxy), 3 wait on pod slots', () => {
    // 50 units each; 27 × 50 = 1350 ≤ 1848.32; 27 × 128 = 3456 ≤ 7518 MiB: slots bind
    const alt = simulate(run(30));
    expect(alt.usage.maxTasks).toBe(27);
    expect(alt.usage.maxPendingTasks).toBe(3);
    const failed = alt.events.filter((e) => e.kind === 'placement-failed');
    expect(failed).toHaveLength(3);
    for (const e of failed) expect(e.detail).toMatch(/pod\/port slots/);
  });

  it('a declared DaemonSet leaves 26', () => {
    const alt = simulate(run(30, '      daemonSets: [{ name: fluent-bit, cpu: 100, memory: 200 MiB }]\n'));
    expect(alt.usage.maxTasks).toBe(26);
  });

  it('CPU binds with 0.5 vCPU pods: 3 fit in 1848.32 units (4 × 512 = 2048 would not)', () => {
    const alt = simulate(run(4, '', 'cpu: 0.5 vCPU, memory: 1 GB'));
    expect(alt.usage.maxTasks).toBe(3);
  });
});
