// An open catalog: a scenario declares an instance type the catalog lacks (`instanceTypes:` or
// `catalog: { instanceTypes }`) and uses it wherever a catalog type works: a fixed fleet, an Auto
// Scaling group, EKS nodes (VPC CNI max pods), Reserved Instances, Windows and Spot prices.
// Bills are worked by hand from the declared prices.

import { describe, expect, it } from 'vitest';
import { compare, parseScenario, type AlternativeResult, type LineItem } from '../../src/index.js';
import { edit, scenarioError } from '../fixtures/bad-scenario.js';

const M8I = '{ name: m8i.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, trunkLimit: 10, prices: { onDemand: 0.10584, spot: 0.04, windows: 0.2 } }';

const text = (capacity: string, extra = '', task = '{ cpu: 1 vCPU, memory: 2 GB }') => `name: open-catalog
horizon: 1h
tick: 60s
workload: { rps: { type: constant, rps: 60 } }
service:
  task: ${task}
  desiredCount: 2
  taskCapacity: 60 rps
instanceTypes:
  - ${M8I}
alternatives:
  - { name: a, capacity: ${capacity}${extra} }
`;

const item = (alt: AlternativeResult, id: string): LineItem => {
  const found = alt.cost.lineItems.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id} in ${alt.cost.lineItems.map((i) => i.id).join(', ')}`);
  return found;
};

describe('a declared type', () => {
  it('resolves with the fields given and the VPC CNI max pods 3 × (10 − 1) + 2 = 29', () => {
    const s = parseScenario(text('{ type: ec2, instanceType: m8i.large, instances: 2 }'));
    expect(s.instanceTypes).toHaveLength(1);
    expect(s.instanceTypes![0]).toMatchObject({ name: 'm8i.large', family: 'm8i', vcpu: 2, memoryGiB: 8, maxEnis: 3, ipv4PerEni: 10, trunkingTaskLimit: 10, eksMaxPods: 29, gpus: 0, arch: 'x86_64', custom: true });
  });

  it('bills a fixed fleet at its declared price: 2 instances × 1 h × $0.10584 = $0.21168', () => {
    const [a] = compare(parseScenario(text('{ type: ec2, instanceType: m8i.large, instances: 2 }'))).alternatives;
    expect(item(a, 'ec2.on-demand.m8i.large')).toMatchObject({ quantity: '2', usdPerUnit: '0.10584', usdExact: '0.21168', usd: 0.21 });
  });

  it('works the same declared under `catalog:`', () => {
    const under = text('{ type: ec2, instanceType: m8i.large, instances: 2 }').replace('instanceTypes:\n  - ', 'catalog:\n  instanceTypes:\n    - ');
    const [a] = compare(parseScenario(under)).alternatives;
    expect(item(a, 'ec2.on-demand.m8i.large').usdExact).toBe('0.21168');
  });

  it('runs Windows at its declared Windows price: 2 × $0.20 = $0.40', () => {
    const [a] = compare(parseScenario(text('{ type: ec2, instanceType: m8i.large, instances: 2 }', '', '{ cpu: 1 vCPU, memory: 2 GB, os: windows }'))).alternatives;
    expect(item(a, 'ec2.on-demand.m8i.large')).toMatchObject({ usdPerUnit: '0.2', usdExact: '0.4' });
  });

  it('in an Auto Scaling group on Spot: billed at its declared Spot price, 2 × 1 h × $0.04 = $0.08', () => {
    const cluster = '{ type: cluster, providers: [{ name: spot, asg: { instanceTypes: [m8i.large], purchase: spot, min: 2, desired: 2, max: 2, managedScaling: false } }], strategy: [{ provider: spot, weight: 1 }] }';
    const [a] = compare(parseScenario(text(cluster))).alternatives;
    expect(item(a, 'ec2.spot.m8i.large')).toMatchObject({ usdExact: '0.08' });
    expect(item(a, 'ec2.spot.m8i.large').description).toContain('Spot price given for the type');
  });

  it('in a Karpenter NodePool: launched for the pending pods and billed at its declared price, $0.10584 an hour', () => {
    const cluster = '{ type: cluster, orchestrator: eks, nodeProvisioner: { type: karpenter, instanceTypes: [m8i.large], capacityTypes: [on-demand], limits: { cpu: 16 } } }';
    const [a] = compare(parseScenario(text(cluster))).alternatives;
    const line = item(a, 'ec2.on-demand.m8i.large');
    expect(line.usdPerUnit).toBe('0.10584');
    expect(Number(line.quantity)).toBeGreaterThan(0);
  });

  it('in ECS Managed Instances: chosen by name, billed at its declared price plus the fee, 12.09 % of it = $0.012796056 an hour', () => {
    const [a] = compare(parseScenario(text('{ type: managed-instances, instanceTypes: [m8i.large], min: 1, max: 4 }'))).alternatives;
    expect(item(a, 'ec2.on-demand.m8i.large').usdPerUnit).toBe('0.10584');
    // 0.10584 × 0.1209 = 0.012796056
    expect(item(a, 'ecs.managed-instances.fee.m8i.large').usdPerUnit).toBe('0.012796056');
  });

  it('takes Reserved Instances: family m8i has no commitment card, so c5\'s 36.92 % applies: 0.10584 × 0.6308 = $0.066763872', () => {
    const commitments = ', commitments: { reservedInstances: [{ instanceType: m8i.large, count: 2 }] }';
    const [a] = compare(parseScenario(text('{ type: ec2, instanceType: m8i.large, instances: 2 }', commitments))).alternatives;
    // 2 RIs × 1 h × 0.066763872 = 0.133527744; both instance-hours covered, nothing on demand.
    expect(item(a, 'ec2.ri-fee.m8i.large')).toMatchObject({ usdPerUnit: '0.066763872', usdExact: '0.133527744' });
    expect(item(a, 'ec2.on-demand.m8i.large').usdExact).toBe('0');
  });
});

describe('errors name the field', () => {
  const withTypes = (decl: string) => edit('alternatives:', `instanceTypes:\n  - ${decl}\nalternatives:`);

  it('a missing on-demand price', () => {
    const err = scenarioError(withTypes('{ name: x9.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, prices: {} }'));
    expect(err.issues.map((i) => i.path)).toContain('instanceTypes[0].prices.onDemand');
  });

  it('one address per interface leaves none for a task', () => {
    const err = scenarioError(withTypes('{ name: x9.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 1, prices: { onDemand: 0.1 } }'));
    expect(err.issues.find((i) => i.path === 'instanceTypes[0].ipv4PerEni')?.allowed).toBe('at least 2');
  });

  it('a name that is not family.size, a duplicate, and a Windows price on arm64', () => {
    expect(scenarioError(withTypes('{ name: bogus, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, prices: { onDemand: 0.1 } }')).issues.map((i) => i.path)).toContain('instanceTypes[0].name');
    const dup = edit('alternatives:', 'instanceTypes:\n  - { name: x9.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, prices: { onDemand: 0.1 } }\ncatalog:\n  instanceTypes:\n    - { name: x9.large, vcpu: 4, memory: 8 GB, enis: 3, ipv4PerEni: 10, prices: { onDemand: 0.2 } }\nalternatives:');
    expect(scenarioError(dup).issues.map((i) => i.path)).toContain('catalog.instanceTypes[0].name');
    const arm = scenarioError(withTypes('{ name: x9g.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, arch: arm64, prices: { onDemand: 0.1, windows: 0.2 } }'));
    expect(arm.issues.map((i) => i.path)).toContain('instanceTypes[0].prices.windows');
  });

  it('an undeclared type is still unknown, and the message lists the declared ones among the suggestions', () => {
    const err = scenarioError(withTypes('{ name: m8i.large, vcpu: 2, memory: 8 GB, enis: 3, ipv4PerEni: 10, prices: { onDemand: 0.1 } }').replace('{ type: fargate }', '{ type: ec2, instanceType: m8i.larg, instances: 1 }'));
    const issue = err.issues.find((i) => i.path === 'alternatives[0].capacity.instanceType');
    expect(issue?.message).toMatch(/Unknown instance type "m8i.larg"/);
    expect(issue?.allowed).toMatch(/m8i\.large/);
  });
});
