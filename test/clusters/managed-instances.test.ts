// ECS Managed Instances: instance types picked from attributes, the EC2 bill plus the management
// fee, per second with a one-minute minimum. Fee share 0.1209 of on-demand (AWS's example:
// c6a.2xlarge $0.037 per hour against 4 × $0.0765 = $0.306 on-demand; 0.037 / 0.306 = 0.12092).

import { describe, expect, it } from 'vitest';
import { ManagedInstancesFeeMeter, managedFeeRate } from '../../src/billing/managed-instances-meter.js';
import { MANAGED_INSTANCES_FEE, instanceType } from '../../src/catalog/index.js';
import type { ContainerInstance } from '../../src/domain/instance.js';
import type { LineItem } from '../../src/domain/result.js';
import { Signals } from '../../src/domain/signals.js';
import { parseScenario, simulate } from '../../src/index.js';
import { ScenarioError } from '../../src/domain/errors.js';
import { thrown } from '../support/thrown.js';

function item(items: LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

function scenario(capacity: string, task = '{ cpu: 1 vCPU, memory: 2 GB }', horizon = '2h'): string {
  return `
name: mi
seed: 3
horizon: ${horizon}
tick: 1s
workload:
  rps: { type: constant, rps: 50 }
service:
  task: ${task}
  desiredCount: 2
  warmStart: true
  taskCapacity: 100 rps
alternatives:
  - name: mi
    capacity: ${capacity}
`;
}

const providerTypes = (text: string) => {
  const c = parseScenario(text).alternatives[0].capacity;
  if (c.type !== 'cluster' || c.providers[0].kind !== 'asg') throw new Error('not a cluster');
  return c.providers[0].instanceTypes;
};

describe('instance selection', () => {
  it('the fee share is AWS example arithmetic: 0.037 / (4 × 0.0765) rounded to 0.1209', () => {
    expect(Number(instanceType('c6a.large').onDemandUsdPerHour) * 4).toBeCloseTo(0.306, 12);
    expect(0.037 / 0.306).toBeCloseTo(0.12092, 5);
    expect(MANAGED_INSTANCES_FEE.shareOfOnDemand).toBe('0.1209');
  });

  it('with no attributes: the general-purpose x86 types that hold the task, cheapest first', () => {
    // The catalog's general-purpose x86 types, by us-east-1 on-demand $/h (ties by name); ARM m6g/m7g excluded:
    // large: m6a 0.0864 < m5 = m6i 0.096 < m4 0.1 < m7i 0.1008; xlarge: m6a 0.1728 < m5 = m6i 0.192 < m4 0.2 < m7i 0.2016;
    // 2xlarge: 0.3456 < 0.384 = 0.384 < 0.4 < 0.4032; 4xlarge: 0.6912 < 0.768 = 0.768 < 0.8 < 0.8064
    const sizes = ['large', 'xlarge', '2xlarge', '4xlarge'];
    expect(providerTypes(scenario('{ type: managed-instances, max: 4 }'))).toEqual(sizes.flatMap((s) => ['m6a', 'm5', 'm6i', 'm4', 'm7i'].map((f) => `${f}.${s}`)));
  });

  it('families by wildcard and a vCPU range; an arm64 task gets Graviton types', () => {
    // c6*.* on x86: c6a.large 0.0765, c6i.large 0.085, c6i.xlarge 0.17, c6i.2xlarge 0.34, c6i.4xlarge 0.68 (c6g is ARM)
    expect(providerTypes(scenario('{ type: managed-instances, max: 4, instanceTypes: ["c6*.*"] }'))).toEqual(['c6a.large', 'c6i.large', 'c6i.xlarge', 'c6i.2xlarge', 'c6i.4xlarge']);
    // 4 vCPU, ≤ 16 GiB, x86, no GPU: c5.xlarge = c6i.xlarge 0.17 < m6a.xlarge 0.1728 < c7i.xlarge 0.1785 < m5.xlarge = m6i.xlarge 0.192
    // < m4.xlarge 0.2 < m7i.xlarge 0.2016 (r5.xlarge has 32 GiB; g4dn.xlarge has a GPU; t3.xlarge is burstable, left out unless named)
    expect(providerTypes(scenario('{ type: managed-instances, max: 4, vcpu: { min: 4, max: 4 }, memoryGiB: { max: 16 } }'))).toEqual(['c5.xlarge', 'c6i.xlarge', 'm6a.xlarge', 'c7i.xlarge', 'm5.xlarge', 'm6i.xlarge', 'm4.xlarge', 'm7i.xlarge']);
    expect(providerTypes(scenario('{ type: managed-instances, max: 4, instanceTypes: ["c6*.*", "m6*.*"] }', '{ cpu: 1 vCPU, memory: 2 GB, arch: arm64 }'))).toEqual(['c6g.large', 'm6g.large', 'm6g.xlarge']);
  });

  it('no matching type is an error naming the field and what is allowed', () => {
    const err = thrown(() => parseScenario(scenario('{ type: managed-instances, max: 4, vcpu: { min: 64 } }'), 'mi.yaml'));
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message).toMatch(/mi\.yaml/);
    expect((err as Error).message).toMatch(/alternatives\[0\]\.capacity/);
    expect((err as Error).message).toMatch(/no catalog instance type matches/);
  });
});

describe('billing', () => {
  it('fee meter: 90 s and 20 s (→ 60 s minimum) of c5.xlarge, and one cut at the horizon', () => {
    const signals = new Signals();
    const share = '0.1209';
    const meter = new ManagedInstancesFeeMeter(signals, 'mi', 60, () => ({ rate: managedFeeRate({ usd: '0.17', per: 'hour' }, share), source: 'test' }));
    const make = (id: number, launchedAt: number, provider = 'mi') => ({ id, launchedAt, provider, type: instanceType('c5.xlarge') }) as unknown as ContainerInstance;
    const a = make(1, 0);
    const b = make(2, 100);
    const c = make(3, 3000);
    const other = make(4, 0, 'asg');
    for (const i of [a, b, c, other]) signals.instance.emit({ instance: i, t: i.launchedAt, kind: 'launch' } as never);
    signals.instance.emit({ instance: a, t: 90, kind: 'terminate' } as never);
    signals.instance.emit({ instance: b, t: 120, kind: 'terminate' } as never);
    signals.instance.emit({ instance: other, t: 500, kind: 'terminate' } as never);
    meter.finish(3600);
    // 90 + 60 (minimum) + 600 (cut at 3600, no minimum) = 750 s; the other provider's instance is not billed
    expect(meter.instanceSeconds('c5.xlarge')).toBe(750n);
    const [line] = meter.lineItems();
    // fee 0.17 × 0.1209 = 0.020553 $/h; 750 s × 0.020553 / 3600 = 0.004281875
    expect(line).toMatchObject({ id: 'ecs.managed-instances.fee.c5.xlarge', usdPerUnit: '0.020553', usdExact: '0.004281875' });
  });

  it('a run: one c5.xlarge for 2 h = 2 × $0.17 EC2 + 2 × $0.020553 fee', () => {
    const r = simulate(parseScenario(scenario('{ type: managed-instances, instanceTypes: [c5.xlarge], min: 1, desired: 1, max: 1 }')));
    expect(item(r.cost.lineItems, 'ec2.on-demand.c5.xlarge')).toMatchObject({ quantity: '2', usdExact: '0.34' });
    // 2 h × 0.020553 = 0.041106
    expect(item(r.cost.lineItems, 'ecs.managed-instances.fee.c5.xlarge')).toMatchObject({ quantity: '2', usdExact: '0.041106' });
    expect(r.cost.totalUsd).toBe(0.38); // 0.34 + 0.041106 = 0.381106 → $0.38
    expect(r.platform).toMatch(/^ECS Managed Instances c5\.xlarge/);
    expect(r.capacityType).toBe('ec2');
  });

  it('a scenario can give its own fee share', () => {
    const r = simulate(parseScenario(scenario('{ type: managed-instances, instanceTypes: [c5.xlarge], min: 1, desired: 1, max: 1, managementFee: 10% }')));
    // 2 h × 0.17 × 0.1 = 0.034
    expect(item(r.cost.lineItems, 'ecs.managed-instances.fee.c5.xlarge')).toMatchObject({ usdPerUnit: '0.017', usdExact: '0.034' });
  });
});
