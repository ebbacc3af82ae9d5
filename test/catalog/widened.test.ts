// The widened built-in catalog: current general, compute, memory and Graviton families, burstable,
// the previous generation, GPU types; limits from AWS's tables; us-east-1 plus GovCloud prices;
// and `capsim catalog ec2` lists them. Expected figures are read off the sources by hand.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { INSTANCE_TYPES, ecsAwsvpcTaskLimit, eksMaxPods, instanceType, instanceTypePrice } from '../../src/catalog/index.js';
import { catalogCommand } from '../../src/cli/catalog.js';

const FAMILIES = ['m7i', 'm7g', 'm6i', 'm6a', 'c7i', 'c7g', 'c6i', 'r7i', 'r7g', 'r6i', 't3', 't4g', 'm5', 'c5', 'r5', 'm4', 'g5', 'g6'];

describe('the families planners compare, in several sizes', () => {
  it.each(FAMILIES)('%s: at least three sizes', (family) => {
    expect(INSTANCE_TYPES.filter((t) => t.family === family).length).toBeGreaterThanOrEqual(3);
  });

  it('and p4d.24xlarge: 96 vCPU, 1152 GiB, 8 GPUs, $21.957642/h (Karpenter: 21.957642)', () => {
    expect(instanceType('p4d.24xlarge')).toMatchObject({ vcpu: 96, memoryGiB: 1152, gpus: 8, category: 'gpu', onDemandUsdPerHour: '21.957642' });
  });

  it('Graviton families are arm64, the rest x86_64', () => {
    for (const t of INSTANCE_TYPES) expect(t.arch, t.name).toBe(/^[a-z]+\dg$/.test(t.family) ? 'arm64' : 'x86_64');
  });

  it('sizes follow the family ratios: m 4 GiB, c 2 GiB, r 8 GiB per vCPU', () => {
    expect(instanceType('m7i.4xlarge')).toMatchObject({ vcpu: 16, memoryGiB: 64 });
    expect(instanceType('c7g.2xlarge')).toMatchObject({ vcpu: 8, memoryGiB: 16 });
    expect(instanceType('r7i.xlarge')).toMatchObject({ vcpu: 4, memoryGiB: 32 });
  });
});

describe('network limits from AWS\'s tables', () => {
  it('VPC CNI max pods = ENIs × (IPv4 per ENI − 1) + 2 on every row (eni-max-pods.txt)', () => {
    for (const t of INSTANCE_TYPES) expect(t.eksMaxPods, t.name).toBe(t.maxEnis * (t.ipv4PerEni - 1) + 2);
    // m6i.4xlarge: 8 × 29 + 2 = 234; m4.large (Xen): 2 × 9 + 2 = 20; g5.12xlarge 15 × 49 + 2 = 737
    expect(eksMaxPods(instanceType('m6i.4xlarge'))).toBe(234);
    expect(eksMaxPods(instanceType('m4.large'))).toBe(20);
    expect(eksMaxPods(instanceType('g5.12xlarge'))).toBe(737);
  });

  it('ECS awsvpc tasks: ENIs − 1, or the ECS trunking table', () => {
    // ECS table (2023): m6i.4xlarge 7 / 60; c7g.medium 1 / 4; g5.xlarge 3 / 6; g5.2xlarge 3 / 19.
    expect(ecsAwsvpcTaskLimit(instanceType('m6i.4xlarge'), false)).toBe(7);
    expect(ecsAwsvpcTaskLimit(instanceType('m6i.4xlarge'), true)).toBe(60);
    expect(ecsAwsvpcTaskLimit(instanceType('c7g.medium'), true)).toBe(4);
    expect(ecsAwsvpcTaskLimit(instanceType('g5.xlarge'), true)).toBe(6);
    expect(ecsAwsvpcTaskLimit(instanceType('g5.2xlarge'), true)).toBe(19);
    // not in the table: t3 (not supported), m7i (newer than the table), m4 (Xen)
    for (const name of ['t3.xlarge', 'm7i.large', 'm4.large']) expect(() => ecsAwsvpcTaskLimit(instanceType(name), true), name).toThrow(/trunking/);
  });
});

describe('prices', () => {
  it('us-east-1 (Karpenter, generated 2026-07-20): m7i.xlarge 0.2016 = 2 × 0.1008; c7i.large 0.08925; r7g.4xlarge 0.8568', () => {
    expect(instanceTypePrice('m7i.xlarge', 'us-east-1')).toBe('0.2016');
    expect(instanceTypePrice('c7i.large', 'us-east-1')).toBe('0.08925');
    expect(instanceTypePrice('r7g.4xlarge', 'us-east-1')).toBe('0.8568');
  });

  it('GovCloud: c7i.large 0.1071 in both; g6.4xlarge 1.66781', () => {
    expect(instanceTypePrice('c7i.large', 'us-gov-east-1')).toBe('0.1071');
    expect(instanceTypePrice('c7i.large', 'us-gov-west-1')).toBe('0.1071');
    expect(instanceTypePrice('g6.4xlarge', 'us-gov-west-1')).toBe('1.66781');
  });
});

describe('capsim catalog ec2', () => {
  afterEach(() => vi.restoreAllMocks());
  const print = (region: string): string => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    catalogCommand('ec2', region);
    return out;
  };

  it('lists every type with its Windows price (Linux + vCPU × 0.046) and GPUs', () => {
    const out = print('us-east-1');
    for (const t of INSTANCE_TYPES) expect(out).toContain(t.name);
    // c7i.large: 0.08925 + 2 × 0.046 = 0.18125; t4g (arm64): no Windows; g6.xlarge 0.8048 + 0.184 = 0.9888, 1 GPU
    expect(out).toMatch(/c7i\.large\s+compute\s+x86_64\s+2\s+4\s+3\s+10\s+2\s+—\s+29\s+0\.08925\s+0\.18125\s+0/);
    expect(out).toMatch(/t4g\.medium\s+burstable\s+arm64\s+2\s+4\s+3\s+6\s+2\s+—\s+17\s+0\.0336\s+—\s+0/);
    expect(out).toMatch(/g6\.xlarge\s+gpu\s+x86_64\s+4\s+16\s+4\s+15\s+3\s+—\s+58\s+0\.8048\s+0\.9888\s+1/);
    expect(out).toContain('regions with EC2 prices: us-east-1, us-gov-east-1, us-gov-west-1');
  });

  it('in another region shows its prices, and a dash where the region sells no such type', () => {
    const out = print('us-gov-east-1');
    expect(out).toMatch(/m5\.large\s+general\s+x86_64\s+2\s+8\s+3\s+10\s+2\s+10\s+29\s+0\.121\s+0\.213\s+0/);
    expect(out).toMatch(/g5\.xlarge\s+gpu\s+x86_64\s+4\s+16\s+4\s+15\s+3\s+6\s+58\s+—\s+—\s+1/);
  });
});
