import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  EC2_PRICE_REGIONS,
  INSTANCE_TYPES,
  type InstanceType,
  ecsAwsvpcTaskLimit,
  eksMaxPods,
  instanceType,
  instanceTypePrice,
} from '../../src/catalog/index.js';
import { thrown } from '../support/thrown.js';

// Rows of aws-facts §2.2, typed in by hand: name, vCPU, GiB, $/h, ENIs, IPv4/ENI, trunking, EKS max pods.
const AWS_FACTS_2_2: [string, number, number, string, number, number, number | null, number][] = [
  ['t3.medium', 2, 4, '0.0416', 3, 6, null, 17],
  ['t3.large', 2, 8, '0.0832', 3, 12, null, 35],
  ['t4g.medium', 2, 4, '0.0336', 3, 6, null, 17],
  ['m5.large', 2, 8, '0.096', 3, 10, 10, 29],
  ['m5.xlarge', 4, 16, '0.192', 4, 15, 20, 58],
  ['m5.2xlarge', 8, 32, '0.384', 4, 15, 40, 58],
  ['m6i.large', 2, 8, '0.096', 3, 10, 10, 29],
  ['m6i.xlarge', 4, 16, '0.192', 4, 15, 20, 58],
  ['m6g.large', 2, 8, '0.077', 3, 10, 10, 29],
  ['m6g.xlarge', 4, 16, '0.154', 4, 15, 20, 58],
  ['m7g.large', 2, 8, '0.0816', 3, 10, 10, 29],
  ['m7i.large', 2, 8, '0.1008', 3, 10, null, 29],
  ['c5.large', 2, 4, '0.085', 3, 10, 10, 29],
  ['c5.xlarge', 4, 8, '0.17', 4, 15, 20, 58], // aws-facts prints 0.170
  ['c6g.large', 2, 4, '0.068', 3, 10, 10, 29],
  ['c6i.large', 2, 4, '0.085', 3, 10, 10, 29],
  ['c7g.large', 2, 4, '0.0725', 3, 10, 10, 29],
  ['r5.large', 2, 16, '0.126', 3, 10, 10, 29],
  ['r5.xlarge', 4, 32, '0.252', 4, 15, 20, 58],
  ['r6g.large', 2, 16, '0.1008', 3, 10, 10, 29],
  ['r6i.large', 2, 16, '0.126', 3, 10, 10, 29],
  ['m6a.large', 2, 8, '0.0864', 3, 10, 10, 29],
  ['c6a.large', 2, 4, '0.0765', 3, 10, 10, 29],
];

describe('EC2 instance table', () => {
  it('holds every row of aws-facts §2.2 with its published numbers', () => {
    for (const [name, vcpu, gib, price, enis, ips, trunk, pods] of AWS_FACTS_2_2) {
      const t = instanceType(name);
      const actual = {
        name,
        vcpu: t.vcpu,
        gib: t.memoryGiB,
        price: t.onDemandUsdPerHour,
        enis: t.maxEnis,
        ips: t.ipv4PerEni,
        trunk: t.trunkingTaskLimit,
        pods: t.eksMaxPods,
      };
      expect(actual).toEqual({ name, vcpu, gib, price, enis, ips, trunk, pods });
    }
    expect(INSTANCE_TYPES.length).toBeGreaterThanOrEqual(20);
  });

  it('covers general, compute, memory, burstable, gpu and Graviton', () => {
    const cats = new Set(INSTANCE_TYPES.map((t) => t.category));
    for (const c of ['general', 'compute', 'memory', 'burstable', 'gpu']) expect(cats).toContain(c);
    for (const n of ['t4g.medium', 'm6g.large', 'm7g.large', 'c6g.large', 'c7g.large', 'r6g.large']) {
      expect(instanceType(n).arch).toBe('arm64');
    }
    expect(instanceType('m5.large').arch).toBe('x86_64');
    expect(instanceType('g4dn.xlarge').gpus).toBe(1);
  });

  it('splits names and sets RI normalization factors (medium 2, large 4, xlarge 8, 2xlarge 16, 4xlarge 32)', () => {
    const m5 = instanceType('m5.2xlarge');
    expect([m5.family, m5.size, m5.normalizationFactor]).toEqual(['m5', '2xlarge', 16]);
    expect(instanceType('t3.medium').normalizationFactor).toBe(2);
    expect(instanceType('m5.large').normalizationFactor).toBe(4);
    expect(instanceType('m5.xlarge').normalizationFactor).toBe(8);
    expect(instanceType('c5.4xlarge').normalizationFactor).toBe(32);
  });

  it('has unique names, a source and an as-of date on every row, and decimal-string prices', () => {
    expect(new Set(INSTANCE_TYPES.map((t) => t.name)).size).toBe(INSTANCE_TYPES.length);
    for (const t of INSTANCE_TYPES) {
      expect(t.source.length).toBeGreaterThan(0);
      expect(t.asOf.length).toBeGreaterThan(0);
      expect(t.onDemandUsdPerHour).toMatch(/^\d+\.\d+$/);
    }
  });
});

describe('EKS max pods (VPC CNI: ENIs × (IPv4 per ENI − 1) + 2)', () => {
  it('matches the hand-computed values', () => {
    expect(eksMaxPods(instanceType('m5.large'))).toBe(29); // 3 × 9 + 2
    expect(eksMaxPods(instanceType('t3.medium'))).toBe(17); // 3 × 5 + 2
    expect(eksMaxPods(instanceType('m5.xlarge'))).toBe(58); // 4 × 14 + 2
    expect(eksMaxPods(instanceType('c5.4xlarge'))).toBe(234); // 8 × 29 + 2
  });

  it('every published eni-max-pods value equals the formula', () => {
    for (const t of INSTANCE_TYPES) {
      expect(t.eksMaxPods, t.name).toBe(t.maxEnis * (t.ipv4PerEni - 1) + 2);
      expect(eksMaxPods(t), t.name).toBe(t.eksMaxPods);
    }
  });

  it('prefix delegation: 16 IPs per slot, capped at 110 below 30 vCPU and 250 above (calculator convention)', () => {
    // t3.medium: 3 × 5 × 16 + 2 = 242 → cap 110.
    expect(eksMaxPods(instanceType('t3.medium'), { prefixDelegation: true })).toBe(110);
    const tiny: InstanceType = { ...instanceType('m5.large'), name: 'x.tiny', vcpu: 2, maxEnis: 2, ipv4PerEni: 4 };
    // 2 × 3 × 16 + 2 = 98 < 110.
    expect(eksMaxPods(tiny, { prefixDelegation: true })).toBe(98);
    const big: InstanceType = { ...instanceType('c5.4xlarge'), name: 'x.big', vcpu: 48 };
    // 8 × 29 × 16 + 2 = 3714 → cap 250 at ≥ 30 vCPU.
    expect(eksMaxPods(big, { prefixDelegation: true })).toBe(250);
    expect(eksMaxPods(instanceType('m5.large'), { prefixDelegation: false })).toBe(29);
  });
});

describe('ECS awsvpc task limit', () => {
  it('is ENIs − 1 without trunking and the published limit with it', () => {
    expect(ecsAwsvpcTaskLimit(instanceType('m5.large'), false)).toBe(2);
    expect(ecsAwsvpcTaskLimit(instanceType('m5.large'), true)).toBe(10);
    expect(ecsAwsvpcTaskLimit(instanceType('c5.large'), true)).toBe(10);
    expect(ecsAwsvpcTaskLimit(instanceType('m5.xlarge'), false)).toBe(3);
    expect(ecsAwsvpcTaskLimit(instanceType('m5.xlarge'), true)).toBe(20);
    expect(ecsAwsvpcTaskLimit(instanceType('m5.2xlarge'), true)).toBe(40);
    expect(ecsAwsvpcTaskLimit(instanceType('c5.4xlarge'), true)).toBe(60);
  });

  it('throws when trunking is asked of a type that does not support it', () => {
    expect(() => ecsAwsvpcTaskLimit(instanceType('t3.medium'), true)).toThrow(CatalogError);
    expect(ecsAwsvpcTaskLimit(instanceType('t3.medium'), false)).toBe(2);
  });
});

describe('look-up errors', () => {
  it('suggests close names for a typo', () => {
    const err = thrown(() => instanceType('m5.lrage'));
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).message).toContain('Did you mean "m5.large"');
    expect((err as CatalogError).allowed).toContain('m5.large');
  });

  it('offers no suggestion for a name that resembles nothing', () => {
    expect(() => instanceType('quantum.enormous')).toThrow(/^Unknown instance type "quantum.enormous"\.$/);
  });

  it('prices only where sourced, and points to the rates section otherwise', () => {
    expect(EC2_PRICE_REGIONS).toEqual(['us-east-1', 'us-gov-east-1', 'us-gov-west-1']);
    expect(instanceTypePrice('m5.large', 'us-east-1')).toBe('0.096');
    // GovCloud (Karpenter's generated us-gov table): m5.large 0.121000, m7g.xlarge 0.205600 / 0.205700.
    expect(instanceTypePrice('m5.large', 'us-gov-west-1')).toBe('0.121');
    expect(instanceTypePrice('m7g.xlarge', 'us-gov-east-1')).toBe('0.2056');
    expect(instanceTypePrice('m7g.xlarge', 'us-gov-west-1')).toBe('0.2057');
    // Windows there too: 0.121 + 2 × 0.046 = 0.213
    expect(instanceTypePrice('m5.large', 'us-gov-west-1', 'windows')).toBe('0.213');
    // m4 is sold in us-gov-west-1 only; g5 in neither.
    expect(instanceTypePrice('m4.large', 'us-gov-west-1')).toBe('0.126');
    expect(() => instanceTypePrice('m4.large', 'us-gov-east-1')).toThrow(/No on-demand price for m4.large in region "us-gov-east-1"/);
    expect(() => instanceTypePrice('g5.xlarge', 'us-gov-west-1')).toThrow(CatalogError);
    expect(instanceTypePrice('t3.medium', 'us-east-1')).toBe('0.0416');
    expect(() => instanceTypePrice('m5.large', 'eu-west-1')).toThrow(/`rates` section/);
    expect(() => instanceTypePrice('m5.lrage', 'us-east-1')).toThrow(CatalogError);
  });
});
