// EKS sizing by hand: Fargate pod sizes (requests + 256 MiB, rounded up to the next valid
// combination, aws-facts §1.6) and VPC CNI pods per node (aws-facts §3.5).

import { describe, expect, it } from 'vitest';
import { EKS_FARGATE_POD_OVERHEAD_MIB } from '../../src/catalog/index.js';
import { eksFargatePodSize, eksPodsPerNode } from '../../src/capacity/eks.js';

const GiB = 1024;

describe('EKS on Fargate: pod size', () => {
  it("AWS's example: 1 vCPU + 8 GB → 8 GB + 256 MB does not fit 1 vCPU (2–8 GB) → 2 vCPU / 9 GB", () => {
    // 8192 + 256 = 8448 MiB; the 1024-unit row stops at 8192; the 2048-unit row's first size ≥ 8448 is 9216
    expect(eksFargatePodSize({ cpuUnits: 1024, memoryMiB: 8 * GiB })).toEqual({ cpuUnits: 2048, memoryMiB: 9 * GiB });
  });

  it('0.25 vCPU / 0.25 GB → 256 + 256 = 512 MiB → 0.25 vCPU / 0.5 GB', () => {
    expect(eksFargatePodSize({ cpuUnits: 256, memoryMiB: 256 })).toEqual({ cpuUnits: 256, memoryMiB: 512 });
  });

  it('0.5 vCPU / 3.9 GB → 4250 MiB is over the 0.5 vCPU maximum (4 GB) → 1 vCPU / 5 GB', () => {
    // 3.9 GiB = 3993.6 MiB, requested as 3994 MiB; + 256 = 4250 > 4096 (0.5 vCPU's largest);
    // the 1024-unit row (2048–8192 in 1024 steps) first reaches 4250 at 5120
    expect(eksFargatePodSize({ cpuUnits: 512, memoryMiB: 3994 })).toEqual({ cpuUnits: 1024, memoryMiB: 5 * GiB });
  });

  it('no requests → the smallest size, 0.25 vCPU / 0.5 GB', () => {
    expect(eksFargatePodSize({ cpuUnits: 0, memoryMiB: 0 })).toEqual({ cpuUnits: 256, memoryMiB: 512 });
  });

  it('a request that lands exactly on a size still gets the overhead: 1 vCPU / 2 GB → 1 vCPU / 3 GB', () => {
    // 2048 + 256 = 2304 → next 1 GB step of the 1024-unit row is 3072
    expect(EKS_FARGATE_POD_OVERHEAD_MIB).toBe(256);
    expect(eksFargatePodSize({ cpuUnits: 1024, memoryMiB: 2 * GiB })).toEqual({ cpuUnits: 1024, memoryMiB: 3 * GiB });
  });

  it('rejects what no Fargate size holds, and nonsense', () => {
    // 16 vCPU / 120 GB is the largest: 120 GiB + 256 MiB does not fit
    expect(() => eksFargatePodSize({ cpuUnits: 16384, memoryMiB: 120 * GiB })).toThrow(/larger than any Fargate size/);
    expect(() => eksFargatePodSize({ cpuUnits: -1, memoryMiB: 512 })).toThrow(RangeError);
  });
});

describe('EKS on EC2: pods per node (VPC CNI)', () => {
  it('secondary IPs: ENIs × (IPv4 per ENI − 1) + 2', () => {
    expect(eksPodsPerNode('m5.large', { prefixDelegation: false })).toBe(29); // 3 × (10 − 1) + 2
    expect(eksPodsPerNode('t3.medium', { prefixDelegation: false })).toBe(17); // 3 × (6 − 1) + 2
    expect(eksPodsPerNode('m5.xlarge', { prefixDelegation: false })).toBe(58); // 4 × (15 − 1) + 2
  });

  it('prefix delegation: m5.large has 3 × 9 = 27 slots × 16 = 432 + 2 = 434 addresses, capped at 110 (2 vCPU < 30)', () => {
    expect(eksPodsPerNode('m5.large', { prefixDelegation: true })).toBe(110);
  });
});
