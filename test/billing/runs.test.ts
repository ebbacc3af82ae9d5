// Whole runs (parseScenario → simulate/compare) whose bills are worked out by hand from the
// rate cards in aws-facts §1.2 (Fargate, per second) and §2.2 (EC2, per hour). The service
// keeps its tasks to the horizon, so every task here is billed from t = 0 to the horizon.

import { describe, expect, it } from 'vitest';
import { compare, parseScenario, simulate, type AlternativeResult, type LineItem } from '../../src/index.js';
import { scenarioText } from '../fixtures/scenario-text.js';

function item(alt: AlternativeResult, id: string): LineItem {
  const found = alt.cost.lineItems.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${alt.cost.lineItems.map((i) => i.id).join(', ')}`);
  return found;
}

function run(task: string, capacity: string, opts: { horizon: string; count?: number; region?: string; rates?: string }): AlternativeResult {
  return simulate(
    parseScenario(
      scenarioText({
        horizon: opts.horizon,
        tick: '60s', // long horizons: billing does not depend on the fluid tick
        region: opts.region,
        task,
        desiredCount: opts.count ?? 1,
        alternatives: [`{ name: a, capacity: ${capacity} }`],
        rates: opts.rates,
      }),
    ),
  );
}

describe('Fargate on-demand, us-east-1', () => {
  it('one 1 vCPU / 2 GB Linux/x86 task for 730 h costs $36.04', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate }', { horizon: '730h' });
    // 730 h = 730 × 3600 = 2,628,000 s
    // vCPU: 2,628,000 × 1 × $0.000011244 = $29.549232
    expect(item(alt, 'fargate.vcpu').quantity).toBe('2628000');
    expect(item(alt, 'fargate.vcpu').unit).toBe('vCPU-seconds');
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('29.549232');
    // memory: 2 GB × 2,628,000 s = 5,256,000 GB-s × $0.000001235 = $6.49116
    expect(item(alt, 'fargate.memory').quantity).toBe('5256000');
    expect(item(alt, 'fargate.memory').usdExact).toBe('6.49116');
    // total $36.040392 → $36.04; the hourly calculator agrees to the cent:
    // 730 × 0.04048 + 2 × 730 × 0.004445 = 29.5504 + 6.4897 = 36.0401 → $36.04
    expect(alt.cost.totalUsd).toBe(36.04);
    // the horizon is one 730-hour month, so the monthly figure is the total
    expect(alt.cost.usdPerMonth).toBe(36.04);
    expect(alt.cost.lineItems.map((i) => i.id)).toEqual(['fargate.vcpu', 'fargate.memory']);
  });

  it('the same task on Linux/ARM costs $28.83 (per-second rates)', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB, arch: arm64 }', '{ type: fargate }', { horizon: '730h' });
    // vCPU: 2,628,000 × $0.0000089944 = $23.6372832
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('23.6372832');
    // memory: 5,256,000 GB-s × $0.0000009889 = $5.1976584
    expect(item(alt, 'fargate.memory').usdExact).toBe('5.1976584');
    // total 28.8349416 → $28.83. (The hourly card gives 730 × 0.03238 + 1460 × 0.00356
    // = 23.6374 + 5.1976 = 28.835 → $28.84: the per-second and hourly ARM rates differ by a
    // cent over a month; capsim bills per second, aws-facts §1.2 modelling choice.)
    expect(alt.cost.totalUsd).toBe(28.83);
  });

  it('one Windows task of 1 vCPU / 2 GB for 1 h: vCPU + OS licence + memory', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB, os: windows }', '{ type: fargate }', { horizon: '1h' });
    // vCPU 3600 × 0.0000254167 = 0.09150012
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('0.09150012');
    // OS licence 3600 × 1 vCPU × 0.0000127778 = 0.04600008
    expect(item(alt, 'fargate.windows-license').usdExact).toBe('0.04600008');
    // memory 3600 × 2 × 0.0000027778 = 7200 × 0.0000027778 = 0.02000016
    expect(item(alt, 'fargate.memory').usdExact).toBe('0.02000016');
    // 0.09150012 + 0.04600008 + 0.02000016 = 0.15750036 → $0.16
    expect(alt.cost.totalUsd).toBe(0.16);
  });

  it('a Windows task cut by a 2-minute horizon is billed 120 s, not the 5-minute minimum', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB, os: windows }', '{ type: fargate }', { horizon: '2m' });
    // still running at the horizon: a window cut, not a stop → 120 s
    // vCPU 120 × 0.0000254167 = 0.003050004; licence 120 × 0.0000127778 = 0.001533336
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('0.003050004');
    expect(item(alt, 'fargate.windows-license').usdExact).toBe('0.001533336');
  });

  it('ephemeral storage of 50 GB bills (50 − 20) GB per second at $0.0000000308', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB, ephemeralStorage: 50 GB }', '{ type: fargate }', { horizon: '730h' });
    // 30 GB × 2,628,000 s = 78,840,000 GB-s × 0.0000000308 = 2.428272
    const storage = item(alt, 'fargate.ephemeral-storage');
    expect(storage.quantity).toBe('78840000');
    expect(storage.usdExact).toBe('2.428272');
    // 36.040392 + 2.428272 = 38.468664 → $38.47
    expect(alt.cost.totalUsd).toBe(38.47);
  });

  it('10 tasks of 0.25 vCPU / 1 GB for 1 h: one day of AWS pricing Example 3', () => {
    const alt = run('{ cpu: 0.25 vCPU, memory: 1 GB }', '{ type: fargate }', { horizon: '1h', count: 10 });
    // vCPU 10 × 0.25 × 3600 = 9000 vCPU-s × 0.000011244 = 0.101196
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('0.101196');
    // memory 10 × 1 × 3600 = 36,000 GB-s × 0.000001235 = 0.04446
    expect(item(alt, 'fargate.memory').usdExact).toBe('0.04446');
    // 0.145656 → $0.15 (× 30 days = 4.36968, AWS's $4.37)
    expect(alt.cost.totalUsd).toBe(0.15);
  });
});

describe('Fargate Spot', () => {
  it('us-east-1 has no Spot table: Spot is 30% of on-demand', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }', { horizon: '730h' });
    // vCPU rate 0.000011244 × 0.3 = 0.0000033732; × 2,628,000 s = 8.8647696
    expect(item(alt, 'fargate-spot.vcpu').usdPerUnit).toBe('0.0000033732');
    expect(item(alt, 'fargate-spot.vcpu').usdExact).toBe('8.8647696');
    // memory rate 0.000001235 × 0.3 = 0.0000003705; × 5,256,000 GB-s = 1.947348
    expect(item(alt, 'fargate-spot.memory').usdExact).toBe('1.947348');
    // 10.8121176 → $10.81 (= 0.3 × 36.040392)
    expect(alt.cost.totalUsd).toBe(10.81);
    expect(alt.capacityType).toBe('fargate-spot');
  });

  it('eu-west-1 has a Spot table: it is used instead of the 30% rule', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }', { horizon: '730h', region: 'eu-west-1' });
    // aws-facts §1.3 eu-west-1 Spot x86: $0.01334053 /vCPU-h, $0.00146489 /GB-h
    // vCPU 730 × 0.01334053 = 9.7385869; memory 1460 × 0.00146489 = 2.1387394
    expect(item(alt, 'fargate-spot.vcpu').usdExact).toBe('9.7385869');
    expect(item(alt, 'fargate-spot.memory').usdExact).toBe('2.1387394');
    // 11.8773263 → $11.88
    expect(alt.cost.totalUsd).toBe(11.88);
  });
});

describe('EC2 on-demand', () => {
  it('4 × m5.large for 14 days = 1344 instance-hours × $0.096 = $129.02', () => {
    const alt = run('{ cpu: 0.5 vCPU, memory: 1 GB }', '{ type: ec2, instanceType: m5.large, instances: 4 }', { horizon: '14d', count: 8 });
    // 14 × 24 × 4 = 1344 instance-hours; × 0.096 = 129.024 → $129.02
    const line = item(alt, 'ec2.on-demand.m5.large');
    expect(line.quantity).toBe('1344');
    expect(line.unit).toBe('instance-hours');
    expect(line.usdPerUnit).toBe('0.096');
    expect(line.usdExact).toBe('129.024');
    expect(alt.cost.totalUsd).toBe(129.02);
    // instances are paid whether or not tasks use them: one line, nothing per task
    expect(alt.cost.lineItems).toHaveLength(1);
  });
});

describe('rate overrides in the scenario `rates` section', () => {
  it('hourly Fargate rates replace the per-second card: 730 h of 1 vCPU / 2 GB = $36.0401', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate }', {
      horizon: '730h',
      rates: '{ fargate: { linuxX86: { vcpu: { usdPerHour: 0.04048 }, memoryGb: { usdPerHour: 0.004445 } } } }',
    });
    // 730 vCPU-h × 0.04048 = 29.5504; 1460 GB-h × 0.004445 = 6.4897; total 36.0401
    expect(item(alt, 'fargate.vcpu').quantity).toBe('730');
    expect(item(alt, 'fargate.vcpu').unit).toBe('vCPU-hours');
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('29.5504');
    expect(item(alt, 'fargate.memory').usdExact).toBe('6.4897');
    expect(alt.cost.totalUsd).toBe(36.04);
  });

  it('overriding only the vCPU rate keeps the catalog memory rate', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate }', {
      horizon: '10h',
      rates: '{ fargate: { linuxX86: { vcpu: 0.05 } } }', // a bare number is per hour
    });
    // vCPU 10 h × $0.05 = $0.5; memory 2 × 36,000 s × 0.000001235 = 0.08892; total 0.58892 → $0.59
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('0.5');
    expect(item(alt, 'fargate.memory').usdExact).toBe('0.08892');
    expect(alt.cost.totalUsd).toBe(0.59);
  });

  it('spotFraction: 50% prices Spot at half the on-demand rates', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }', { horizon: '730h', rates: '{ fargate: { spotFraction: 50% } }' });
    // 0.5 × 36.040392 = 18.020196 → $18.02
    expect(item(alt, 'fargate-spot.vcpu').usdExact).toBe('14.774616'); // 0.5 × 29.549232
    expect(alt.cost.totalUsd).toBe(18.02);
  });

  // Was a bug, fixed (src/domain/rates.ts, label `Spot at ${factor * 100}% of on-demand`): the label
  // prints the float product, and 0.55 × 100 = 55.00000000000001 in IEEE doubles, so the line
  // item reads "Spot at 55.00000000000001% of on-demand" (the amount itself is exact).
  it('the Spot line-item label prints the fraction as written (55%)', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }', { horizon: '1h', rates: '{ fargate: { spotFraction: 55% } }' });
    // the amount is exact: 3600 × 0.000011244 × 0.55 = 0.0404784 × 0.55 = 0.02226312
    expect(item(alt, 'fargate-spot.vcpu').usdExact).toBe('0.02226312');
    expect(item(alt, 'fargate-spot.vcpu').description).toContain('Spot at 55% of on-demand');
  });

  // Was refused, fixed (src/domain/rates.ts fargateRates): a region with no Fargate rate card was an
  // error at load even when rates.fargate gave every rate its tasks need.
  it('a region without a Fargate card is billed at rates.fargate: us-west-2, 1 vCPU / 2 GB for 1 h = $0.04937', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate }', {
      horizon: '1h',
      region: 'us-west-2',
      rates: '{ fargate: { linuxX86: { vcpu: 0.04048, memoryGb: 0.004445 } } }',
    });
    // 1 vCPU-h × 0.04048 = 0.04048; 2 GB-h × 0.004445 = 0.00889; total 0.04937 → $0.05
    expect(item(alt, 'fargate.vcpu').usdExact).toBe('0.04048');
    expect(item(alt, 'fargate.memory').usdExact).toBe('0.00889');
    expect(item(alt, 'fargate.vcpu').source).toBe('scenario <inline> rates.fargate');
    expect(item(alt, 'fargate.vcpu').description).toBe('Fargate vCPU (us-west-2 linux/x86_64 on-demand)');
    expect(alt.cost.totalUsd).toBe(0.05);
    // per hour 0.04937 / 1 h → $0.0494; per month 0.04937 × 730 = 36.0401 → $36.04
    expect(alt.cost.usdPerHour).toBe(0.0494);
    expect(alt.cost.usdPerMonth).toBe(36.04);
  });

  it('Fargate Spot in a region without a card takes the scenario\'s spotFraction (no 30% default there)', () => {
    const alt = run('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }', {
      horizon: '1h',
      region: 'us-west-2',
      rates: '{ fargate: { linuxX86: { vcpu: 0.04048, memoryGb: 0.004445 }, spotFraction: 40% } }',
    });
    // 0.4 × 0.04048 = 0.016192; 0.4 × 0.00889 = 0.003556; total 0.019748 → $0.02
    expect(item(alt, 'fargate-spot.vcpu').usdExact).toBe('0.016192');
    expect(item(alt, 'fargate-spot.memory').usdExact).toBe('0.003556');
    expect(alt.cost.totalUsd).toBe(0.02);
  });

  it('an EC2 price override: 4 × m5.large for 14 days at $0.10/h = $134.40', () => {
    const alt = run('{ cpu: 0.5 vCPU, memory: 1 GB }', '{ type: ec2, instanceType: m5.large, instances: 4 }', {
      horizon: '14d',
      rates: '{ ec2: { m5.large: 0.1 } }',
    });
    // 1344 instance-hours × 0.1 = 134.4
    expect(item(alt, 'ec2.on-demand.m5.large').usdExact).toBe('134.4');
    expect(alt.cost.totalUsd).toBe(134.4);
  });

  it('compare() bills each alternative with its own rates: Fargate vs EC2 in one run', () => {
    const result = compare(
      parseScenario(
        scenarioText({
          horizon: '730h',
          tick: '60s',
          task: '{ cpu: 1 vCPU, memory: 2 GB }',
          desiredCount: 1,
          alternatives: ['{ name: fargate, capacity: { type: fargate } }', '{ name: ec2, capacity: { type: ec2, instanceType: t3.medium, instances: 1 } }'],
        }),
      ),
    );
    const [fargate, ec2] = result.alternatives;
    expect(fargate.cost.totalUsd).toBe(36.04); // as above
    // t3.medium $0.0416/h × 730 h = 30.368 → $30.37
    expect(ec2.cost.totalUsd).toBe(30.37);
    // neither meets the SLO (one task serves 60 of the 100 rps offered), so both rank by cost
    expect(result.ranking).toEqual(['ec2', 'fargate']);
    expect(result.recommended).toBeNull();
  });
});
