// Windows on EC2 against Fargate Windows, worked by hand from AWS's published rates:
//   EC2 Windows = Linux on-demand + $0.046 per vCPU-hour (EC2 User Guide, "Optimize CPUs for
//   License-Included instances": Windows Server, RunInstances:0002), on burstable t2/t3/t3a types per
//   baseline vCPU (credits per hour ÷ 60), per second, 1-minute minimum (per-second Windows billing
//   since 2021-06-11).
//   Fargate Windows us-east-1 per second: vCPU 0.0000254167 + OS licence 0.0000127778 per vCPU,
//   memory 0.0000027778 per GB (Fargate pricing page, Example 4; aws-facts §1.2).
// RIs and Savings Plans discount the Linux part only; the licence is paid in full (vantage
// x2iedn.32xlarge: Windows − Linux = 128 × 0.046 on-demand and on every RI).

import { describe, expect, it } from 'vitest';
import { applyCommitments } from '../../src/billing/commitments/index.js';
import type { UsageLedger } from '../../src/billing/usage.js';
import { HourlySeries } from '../../src/billing/usage.js';
import { instanceTypePrice, windowsLicensedVcpus, windowsLicenseUsdPerHour, windowsUsdPerHour } from '../../src/catalog/index.js';
import { compare, parseScenario, type AlternativeResult, type LineItem } from '../../src/index.js';
import { scenarioText } from '../fixtures/scenario-text.js';

const item = (alt: AlternativeResult, id: string): LineItem => {
  const found = alt.cost.lineItems.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id} in ${alt.cost.lineItems.map((i) => i.id).join(', ')}`);
  return found;
};

describe('Windows prices in the catalog', () => {
  it('m5.large Windows = 0.096 + 2 × 0.046 = 0.188 $/h; c5.2xlarge = 0.34 + 8 × 0.046 = 0.708', () => {
    expect(instanceTypePrice('m5.large', 'us-east-1', 'windows')).toBe('0.188');
    expect(instanceTypePrice('c5.2xlarge', 'us-east-1', 'windows')).toBe('0.708');
    expect(instanceTypePrice('c5.2xlarge', 'us-east-1')).toBe('0.34');
    expect(windowsUsdPerHour('0.096', { name: 'm5.large', vcpu: 2 })).toBe('0.188');
  });

  // Burstable t2/t3/t3a: the licence is charged on the baseline, credits earned per hour ÷ 60 vCPUs
  // (EC2 User Guide credit table), not on every vCPU. AWS's price list: t3.medium Windows $0.0600
  // (us-east-1); $0.064 in EU (Ireland) on Linux $0.0456; the t3.xlarge licence alone on a Dedicated
  // Host $0.0736.
  it('t3.medium Windows = 0.0416 + 24 ÷ 60 × 0.046 = 0.0416 + 0.0184 = $0.0600/h, not 0.0416 + 2 × 0.046 = $0.1336', () => {
    expect(instanceTypePrice('t3.medium', 'us-east-1', 'windows')).toBe('0.06');
    expect(windowsLicenseUsdPerHour({ name: 't3.medium', vcpu: 2 })).toBe('0.0184');
    // EU (Ireland): 0.0456 + 0.0184 = 0.064, AWS's "$0.064 per On Demand Windows t3.medium Instance Hour".
    expect(windowsUsdPerHour('0.0456', { name: 't3.medium', vcpu: 2 })).toBe('0.064');
  });

  it('t3.large = 0.0832 + 36 ÷ 60 × 0.046 = 0.0832 + 0.0276 = $0.1108/h; t3.xlarge = 0.1664 + 96 ÷ 60 × 0.046 = 0.1664 + 0.0736 = $0.24/h', () => {
    expect(instanceTypePrice('t3.large', 'us-east-1', 'windows')).toBe('0.1108');
    expect(instanceTypePrice('t3.xlarge', 'us-east-1', 'windows')).toBe('0.24');
    // The licence alone, AWS's "$0.0736 per Windows t3.xlarge Dedicated Host Instance hour".
    expect(windowsLicenseUsdPerHour({ name: 't3.xlarge', vcpu: 4 })).toBe('0.0736');
    expect(windowsLicensedVcpus({ name: 't3.xlarge', vcpu: 4 })).toEqual({ vcpus: '1.6', creditsPerHour: 96 });
    // t2.micro (1 vCPU, 6 credits/h): 0.0116 + 0.1 × 0.046 = 0.0162, AWS's US West (Oregon) line.
    expect(windowsUsdPerHour('0.0116', { name: 't2.micro', vcpu: 1 })).toBe('0.0162');
    // GovCloud (US-East) t3.medium: its Linux 0.0488 + 0.0184 = 0.0672.
    expect(instanceTypePrice('t3.medium', 'us-gov-east-1', 'windows')).toBe('0.0672');
  });

  it('Windows on an arm64 type is refused, naming the architecture', () => {
    expect(() => instanceTypePrice('m6g.large', 'us-east-1', 'windows')).toThrow(/arm64: Windows runs on x86_64/);
  });
});

describe('a Windows service on a burstable t3.medium', () => {
  it('bills one t3.medium-hour at $0.0600 (0.0416 + 0.4 baseline vCPU × 0.046), the line naming the baseline rule', () => {
    const alt = compare(
      parseScenario(
        scenarioText({
          horizon: '1h',
          tick: '60s',
          task: '{ cpu: 0.5 vCPU, memory: 1 GB, os: windows }',
          desiredCount: 1,
          taskCapacity: '60 rps',
          rps: '{ type: constant, rps: 10 }',
          alternatives: ['{ name: ec2, capacity: { type: ec2, instanceType: t3.medium, instances: 1 } }'],
        }),
      ),
    ).alternatives[0];
    const line = item(alt, 'ec2.on-demand.t3.medium');
    expect(line).toMatchObject({ quantity: '1', usdPerUnit: '0.06', usdExact: '0.06', usd: 0.06 });
    expect(line.source).toContain('0.4 baseline vCPU (24 credits/h ÷ 60)');
  });
});

describe('a Windows service: EC2 vs Fargate ranks as the Windows prices say', () => {
  // 3 tasks of 1 vCPU / 2 GB for one hour, warm (serving at t = 0, billed from 0 to the horizon).
  // One c5.2xlarge (8 vCPU, 16 GiB, 4 ENIs → 3 awsvpc tasks) holds all three.
  const text = (os: 'windows' | 'linux') =>
    scenarioText({
      horizon: '1h',
      tick: '60s',
      task: `{ cpu: 1 vCPU, memory: 2 GB, os: ${os} }`,
      desiredCount: 3,
      taskCapacity: '60 rps',
      rps: '{ type: constant, rps: 60 }',
      alternatives: ['{ name: fargate, capacity: { type: fargate } }', '{ name: ec2, capacity: { type: ec2, instanceType: c5.2xlarge, instances: 1 } }'],
    });

  const windows = compare(parseScenario(text('windows')));
  const [fargate, ec2] = windows.alternatives;

  it('EC2: one c5.2xlarge-hour at the Windows price, 0.34 + 8 × 0.046 = $0.708', () => {
    expect(item(ec2, 'ec2.on-demand.c5.2xlarge')).toMatchObject({ quantity: '1', usdPerUnit: '0.708', usdExact: '0.708', usd: 0.71 });
    expect(item(ec2, 'ec2.on-demand.c5.2xlarge').description).toContain('Windows');
    expect(ec2.cost.totalUsd).toBe(0.71);
  });

  it('Fargate: 3 tasks × 3600 s × (0.0000254167 + 0.0000127778 + 2 × 0.0000027778) = $0.47250108', () => {
    // vCPU 3 × 3600 × 0.0000254167 = 0.27450036; licence 3 × 3600 × 0.0000127778 = 0.13800024;
    // memory 6 GB × 3600 × 0.0000027778 = 0.06000048; sum 0.47250108 → $0.47
    expect(fargate.cost.totalUsd).toBe(0.47);
    const sum = fargate.cost.lineItems.reduce((s, i) => s + Number(i.usdExact), 0);
    expect(sum).toBeCloseTo(0.47250108, 8);
  });

  it('Fargate Windows ranks first ($0.47 < $0.71); billed as Linux the EC2 fleet ($0.34) would have won', () => {
    // Both serve all 60 rps, so both hold the SLO and rank by cost.
    expect(windows.ranking).toEqual(['fargate', 'ec2']);
    const linux = compare(parseScenario(text('linux')));
    // Linux: c5.2xlarge 0.34; Fargate Linux 3 × 3600 × (0.000011244 + 2 × 0.000001235) = 0.1481112 → $0.15
    expect(linux.alternatives[1].cost.totalUsd).toBe(0.34);
    expect(linux.alternatives[1].cost.totalUsd).toBeLessThan(fargate.cost.totalUsd);
  });

  it('EC2 Spot Windows: the Linux part at the Spot fraction, the licence in full: 0.34 × 0.35 + 8 × 0.046 = $0.487/h', () => {
    // 0.34 × 0.35 = 0.119; + 0.368 = 0.487. One prewarmed c5.2xlarge for the hour.
    const spot = '{ type: cluster, providers: [{ name: spot, asg: { instanceTypes: [c5.2xlarge], purchase: spot, min: 1, desired: 1, max: 1, managedScaling: false } }], strategy: [{ provider: spot, weight: 1 }] }';
    const s = parseScenario(text('windows').replace('{ name: ec2, capacity: { type: ec2, instanceType: c5.2xlarge, instances: 1 } }', `{ name: ec2, capacity: ${spot} }`));
    const [, a] = compare(s).alternatives;
    expect(item(a, 'ec2.spot.c5.2xlarge')).toMatchObject({ usdPerUnit: '0.487', usdExact: '0.487' });
    expect(item(a, 'ec2.spot.c5.2xlarge').description).toContain('Spot (Windows)');
  });

  it('Windows tasks start slower by default: a bigger image (1770 MiB) and container start (mean 15 s)', () => {
    const s = parseScenario(text('windows'));
    const lifecycle = s.alternatives[0].service!.lifecycle;
    expect(lifecycle.imageSizeMiB).toBe(1770);
    expect(lifecycle.containerStart).toEqual({ type: 'lognormal', mean: 15, p99: 45 });
    const l = parseScenario(text('linux')).alternatives[0].service!.lifecycle;
    expect(l.imageSizeMiB).toBe(200);
    // A Windows container instance launches in uniform(4 min, 8 min) unless the group says otherwise.
    const cluster = '{ type: cluster, providers: [{ name: g, asg: { instanceTypes: [c5.2xlarge], max: 2 } }], strategy: [{ provider: g, weight: 1 }] }';
    const launch = (os: 'windows' | 'linux') => {
      const cap = parseScenario(text(os).replace('{ type: ec2, instanceType: c5.2xlarge, instances: 1 }', cluster)).alternatives[1].capacity;
      return cap.type === 'cluster' && cap.providers[0].kind === 'asg' ? cap.providers[0].launchLatency : null;
    };
    expect(launch('windows')).toEqual({ type: 'uniform', min: 240, max: 480 });
    expect(launch('linux')).toEqual({ type: 'uniform', min: 30, max: 90 });
  });
});

describe('commitments at Windows rates: the licence is never discounted', () => {
  // 2 m5.large Windows instances for 2 full hours: 14,400 instance-seconds, on-demand 0.188 $/h,
  // of which the licence is 2 × 0.046 = 0.092 $/h.
  const ledger = (): UsageLedger => {
    const series = new HourlySeries(2);
    series.add(0, 7200, 2, 0);
    return {
      hours: 2,
      lastHourSeconds: 3600,
      ec2: [
        {
          instanceType: 'm5.large',
          purchase: 'on-demand',
          instanceSeconds: series,
          rate: { usd: '0.188', per: 'hour' },
          onDemandRate: { usd: '0.188', per: 'hour' },
          source: 'test',
          licenseUsdPerHour: '0.092',
          os: 'windows',
        },
      ],
      fargate: [],
    };
  };

  it('a 1-yr standard no-upfront RI costs 0.096 × (1 − 0.375) + 0.092 = 0.06 + 0.092 = $0.152/h', () => {
    // 37.5 %: the m5 card's 1-yr standard no-upfront discount (AWS Price List, m5.large $0.06/h vs $0.096).
    const r = applyCommitments(ledger(), [{ instanceType: 'm5.large', count: 2, term: '1y', offeringClass: 'standard', payment: 'no-upfront', platform: 'windows' }], []);
    const fee = r.lineItems.find((i) => i.id === 'ec2.ri-fee.m5.large')!;
    expect(fee.usdPerUnit).toBe('0.152');
    expect(fee.description).toContain('m5.large Windows');
    expect(fee.description).not.toContain('size-flexible');
    // 2 RIs × 2 h × 0.152 = 0.608; the RIs cover all 14,400 s, so nothing is left on demand
    expect(fee.usdExact).toBe('0.608');
    expect(r.lineItems.find((i) => i.id === 'ec2.on-demand.m5.large')!.usdExact).toBe('0');
  });

  it('a Compute Savings Plan charges the Linux part at its rate and the licence in full', () => {
    // Plan discount on m5 (1y no-upfront compute): d. Plan rate = 0.096 × (1 − d) + 0.092 per instance-hour.
    // A commitment of $10/h covers both instances every hour: spend per hour = 2 × plan rate.
    const r = applyCommitments(ledger(), [], [{ type: 'compute', term: '1y', payment: 'no-upfront', commitmentUsdPerHour: '10', discounts: { ec2: 0.25 } }]);
    // 2 × (0.096 × 0.75 + 0.092) = 2 × (0.072 + 0.092) = 0.328 $/h of the $10 → utilisation 0.0328
    expect(r.spUtilisation).toBeCloseTo(0.0328, 10);
    expect(r.lineItems.find((i) => i.id === 'ec2.on-demand.m5.large')!.usdExact).toBe('0');
  });
});

describe('Reserved Instances and the platform: a Windows RI is never size-flexible, a Linux RI never covers Windows', () => {
  // AWS: "Instance size flexibility … applies only to regional Linux/Unix Reserved Instances with
  // default tenancy" (EC2 User Guide, apply_ri; aws-facts §2.4); an RI's platform must match the
  // usage it covers. Two Windows m5.large for one hour: on-demand 2 × (0.096 + 2 × 0.046) = $0.376.
  const text = (ri: string) =>
    scenarioText({
      horizon: '1h',
      tick: '60s',
      task: '{ cpu: 0.5 vCPU, memory: 1 GB, os: windows }',
      desiredCount: 2,
      taskCapacity: '100 rps',
      rps: '{ type: constant, rps: 10 }',
      alternatives: [`{ name: a, capacity: { type: ec2, instanceType: m5.large, instances: 2 }, commitments: { reservedInstances: [${ri}] } }`],
    });
  const run = (ri: string) => compare(parseScenario(text(ri))).alternatives[0];

  it('an m5.xlarge RI on a Windows alternative is a Windows RI: it covers no m5.large and its fee carries the licence', () => {
    // Fee: 0.192 × (1 − 0.375) + 4 vCPU × 0.046 = 0.12 + 0.184 = $0.304/h; the two m5.large stay on demand ($0.376).
    const a = run('{ instanceType: m5.xlarge, count: 1 }');
    expect(item(a, 'ec2.ri-fee.m5.xlarge')).toMatchObject({ usdPerUnit: '0.304', usdExact: '0.304' });
    expect(item(a, 'ec2.on-demand.m5.large')).toMatchObject({ quantity: '2', usdExact: '0.376' });
    expect(a.cost.totalUsd).toBe(0.68);
  });

  it('a Linux RI held beside Windows usage covers none of it: $0.12 fee + $0.376 on demand', () => {
    const a = run('{ instanceType: m5.xlarge, count: 1, platform: linux }');
    expect(item(a, 'ec2.ri-fee.m5.xlarge')).toMatchObject({ usdPerUnit: '0.12' });
    expect(item(a, 'ec2.on-demand.m5.large').usdExact).toBe('0.376');
    expect(a.cost.totalUsd).toBe(0.5);
  });

  it('a same-size Windows RI covers one instance: 0.152 + 0.188 = $0.34', () => {
    const a = run('{ instanceType: m5.large, count: 1 }');
    expect(item(a, 'ec2.ri-fee.m5.large').usdExact).toBe('0.152');
    expect(item(a, 'ec2.on-demand.m5.large')).toMatchObject({ quantity: '1', usdExact: '0.188' });
  });

  it('sizeFlexible: true on a Windows RI is refused at load, naming the field', () => {
    expect(() => parseScenario(text('{ instanceType: m5.xlarge, count: 1, sizeFlexible: true }'))).toThrow(/reservedInstances\[0\]\.sizeFlexible.*only regional Linux\/Unix RIs/s);
  });

  it('the recommendation for Windows usage is Windows RIs of the type used, at the licensed fee', () => {
    // Two Windows m5.large RIs: 2 × $0.152 = $0.304 for the hour, against $0.376 on demand.
    const rec = run('{ instanceType: m5.large, count: 1 }').commitments!.recommendation;
    expect(rec.reservedInstances).toEqual([expect.objectContaining({ instanceType: 'm5.large', count: 2 })]);
    expect(rec.onDemandUsd).toBe(0.38);
    expect(rec.withRecommendedUsd).toBe(0.3);
  });
});
