// Load balancer hours and capacity units, and data transfer, from a run's traffic, each worked by
// hand from AWS's published rules and the us-east-1 catalog rates: ALB $0.0225 per hour and
// $0.008 per LCU-hour; NLB $0.0225 per hour and $0.006 per NLCU-hour; inter-AZ $0.01 per GB each
// way; internet egress $0.09 / $0.085 / $0.07 / $0.05 per GB by the month's tiers.

import { describe, expect, it } from 'vitest';
import { startExtraMeters } from '../../src/billing/extras.js';
import { hourUnits, type MinuteTraffic } from '../../src/billing/lb-meter.js';
import { splitByTier } from '../../src/billing/transfer-meter.js';
import { Dec } from '../../src/billing/money.js';
import { withExtrasDefaults, withLoadBalancerDefaults, type ExtrasInput } from '../../src/domain/extras.js';
import type { LineItem } from '../../src/domain/result.js';
import { Signals } from '../../src/domain/signals.js';
import { parseScenario, simulate } from '../../src/index.js';
import { ScenarioError } from '../../src/domain/errors.js';
import { thrown } from '../support/thrown.js';

const HOUR = 3600;
const GiB = 2 ** 30;

function item(items: LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

/** `perMinute` requests offered (and served) in each minute of `seconds`. */
function traffic(seconds: number, perMinute: number): MinuteTraffic {
  const n = Math.ceil(seconds / 60);
  const a = new Float64Array(n).fill(perMinute);
  return { offered: a, served: a };
}

function bill(input: ExtrasInput, seconds: number, t: MinuteTraffic): LineItem[] {
  const spec = withExtrasDefaults({ ebsGiBPerInstance: 0, network: { path: 'none', azs: 3 }, ...input });
  const meters = startExtraMeters(new Signals(), spec, seconds, 'us-east-1');
  meters.finish(seconds, t);
  return meters.lineItems();
}

// AWS's ALB pricing example (US-East-1): 1 new connection per second, each lasting 2 minutes;
// 5 requests per second; 300 KB per second processed; 60 rules. As a spec: 5 requests per
// connection, 120 s connections, 60,000 bytes per request (300 KB/s ÷ 5), 60 rules.
const AWS_EXAMPLE = withLoadBalancerDefaults({ type: 'alb', requestBytes: 10_000, responseBytes: 50_000, requestsPerConnection: 5, connectionSeconds: 120, rulesPerRequest: 60 });

describe('ALB capacity units: AWS pricing example', () => {
  it('an hour at 5 requests/s: max(0.04, 0.04, 1.08, 0.25) = 1.08 LCU', () => {
    const h = hourUnits(AWS_EXAMPLE, 5 * HOUR, HOUR);
    // new connections: 5 ÷ 5 = 1 per second ÷ 25 = 0.04
    expect(h.newConnections).toBeCloseTo(0.04, 12);
    // active: 1/s × 120 s = 120 ÷ 3000 = 0.04
    expect(h.activeConnections).toBeCloseTo(0.04, 12);
    // bytes: 18,000 requests × 60,000 B = 1.08 × 10⁹ B = 1.08 GB in the hour ÷ 1 GB = 1.08
    expect(h.processedBytes).toBeCloseTo(1.08, 12);
    // rules: (60 − 10 free) × 5 per second = 250 ÷ 1000 = 0.25
    expect(h.ruleEvaluations).toBeCloseTo(0.25, 12);
    expect(h.units).toBeCloseTo(1.08, 12);
  });

  it('bills a day: 24 h × $0.0225 = $0.54 and 24 × 1.08 = 25.92 LCU-hours × $0.008 = $0.20736', () => {
    const items = bill({ loadBalancer: AWS_EXAMPLE }, 24 * HOUR, traffic(24 * HOUR, 300)); // 5/s × 60 s
    expect(item(items, 'lb.alb.hours')).toMatchObject({ quantity: '24', unit: 'load-balancer-hours', usdPerUnit: '0.0225', usdExact: '0.54' });
    const lcu = item(items, 'lb.alb.capacity-units');
    expect(lcu).toMatchObject({ quantity: '25.92', unit: 'LCU-hours', usdPerUnit: '0.008', usdExact: '0.20736', usd: 0.21 });
    expect(lcu.description).toMatch(/led by 24 h processed bytes/);
    // AWS's example per hour: $0.0225 + 1.08 × $0.008 = $0.03114
    expect(new Dec(item(items, 'lb.alb.hours').usdExact).plus(lcu.usdExact).div(24).toNumber()).toBeCloseTo(0.03114, 12);
  });

  it('a partial last hour is measured over its own minutes and billed as a whole hour', () => {
    // 90 minutes at 5 requests/s: hour 1 = 1.08 LCU; the last 30 min run at the same rates, so
    // 1.08 LCU too (9,000 requests × 60 kB = 0.54 GB in half an hour = 1.08 GB per hour).
    // Hours: 2 (partial hour as full) × $0.0225 = $0.045; LCU: 2.16 × $0.008 = $0.01728.
    const items = bill({ loadBalancer: AWS_EXAMPLE }, 90 * 60, traffic(90 * 60, 300));
    expect(item(items, 'lb.alb.hours')).toMatchObject({ quantity: '2', usdExact: '0.045' });
    expect(item(items, 'lb.alb.capacity-units')).toMatchObject({ quantity: '2.16', usdExact: '0.01728' });
  });

  it('new connections lead without keep-alive: 100 requests/s, one per connection, 1 s each, 1 kB', () => {
    // new 100/s ÷ 25 = 4 LCU; active 100 × 1 s = 100 ÷ 3000 = 0.0333; bytes 360,000 × 1000 B = 0.36 GB; rules 1 < 10 free: 0
    const lb = withLoadBalancerDefaults({ requestBytes: 200, responseBytes: 800, requestsPerConnection: 1, connectionSeconds: 1 });
    const h = hourUnits(lb, 100 * HOUR, HOUR);
    expect(h.units).toBeCloseTo(4, 12);
    expect(h.processedBytes).toBeCloseTo(0.36, 12);
    expect(h.ruleEvaluations).toBe(0);
  });
});

describe('NLB capacity units and cross-zone transfer', () => {
  it('1,600 new TCP connections/s: 1600 ÷ 800 = 2 NLCU an hour, × $0.006; NLB hours $0.0225', () => {
    // 1600 requests/s, one per connection, 30 s each: active 48,000 ÷ 100,000 = 0.48; bytes 5.76 M requests × 100 B = 0.576 GB
    const lb = { type: 'nlb' as const, requestBytes: 50, responseBytes: 50, requestsPerConnection: 1, connectionSeconds: 30 };
    const items = bill({ loadBalancer: lb }, 2 * HOUR, traffic(2 * HOUR, 1600 * 60));
    expect(item(items, 'lb.nlb.hours')).toMatchObject({ quantity: '2', usdExact: '0.045' });
    // 2 hours × 2 NLCU = 4 NLCU-hours × $0.006 = $0.024
    expect(item(items, 'lb.nlb.capacity-units')).toMatchObject({ quantity: '4', unit: 'NLCU-hours', usdExact: '0.024' });
    // cross-zone off (AWS's default for an NLB): no transfer line
    expect(items.some((i) => i.id.startsWith('transfer.'))).toBe(false);
  });

  it('cross-zone on over 3 AZs: 2/3 of the bytes cross, billed out and in at $0.01 per GB', () => {
    // 1 h × 1,073,741.824 requests/h … take 3 × 2³⁰ bytes offered in the hour: 3,221,225,472 B = 3 GiB
    // → 2/3 crosses = 2 GiB, × 2 directions = 4 GB each way × $0.01 = $0.04
    const lb = { type: 'nlb' as const, crossZone: true, requestBytes: 1024, responseBytes: 0, requestsPerConnection: 1, connectionSeconds: 1 };
    const requests = (3 * GiB) / 1024; // 3,145,728 requests
    const items = bill({ loadBalancer: lb }, HOUR, { offered: new Float64Array(60).fill(requests / 60), served: new Float64Array(60) });
    expect(item(items, 'transfer.cross-az.nlb')).toMatchObject({ quantity: '4', unit: 'GB each way', usdPerUnit: '0.01', usdExact: '0.04' });
  });

  it('an ALB crosses AZs too but pays nothing for it: a $0 line shows the GB', () => {
    const lb = { requestBytes: 1024, responseBytes: 0 };
    const items = bill({ loadBalancer: lb }, HOUR, { offered: new Float64Array(60).fill((3 * GiB) / 1024 / 60), served: new Float64Array(60) });
    // 3 GiB × 2/3 = 2 GB, $0
    expect(item(items, 'transfer.cross-az.alb')).toMatchObject({ quantity: '2', usdExact: '0', usd: 0 });
  });
});

describe('data transfer from the traffic', () => {
  it('service calls: 2/3 of 3 GiB cross AZs in 3 AZs, 1/2 in 2 AZs, each way at $0.01', () => {
    const served = new Float64Array(60).fill((3 * GiB) / 1000 / 60); // 3 GiB at 1000 B per request
    const t = { offered: served, served };
    // 3 AZs: 2 GiB × 2 = 4 GB each way = $0.04; 2 AZs: 1.5 GiB × 2 = 3 → $0.03
    expect(item(bill({ dataTransfer: { serviceBytesPerRequest: 1000 } }, HOUR, t), 'transfer.cross-az.services')).toMatchObject({ quantity: '4', usdExact: '0.04' });
    const twoAzs = withExtrasDefaults({ ebsGiBPerInstance: 0, network: { path: 'none', azs: 2 }, dataTransfer: { serviceBytesPerRequest: 1000 } });
    const m = startExtraMeters(new Signals(), twoAzs, HOUR, 'us-east-1');
    m.finish(HOUR, t);
    expect(item(m.lineItems(), 'transfer.cross-az.services')).toMatchObject({ quantity: '3', usdExact: '0.03' });
  });

  it('internet egress by tier: 12 TB in a month = 10,240 GB × $0.09 + 2,048 GB × $0.085 = $1,095.68', () => {
    expect(splitByTier(new Dec(12 * 1024)).map((d) => d.toNumber())).toEqual([10_240, 2048, 0, 0]);
    expect(splitByTier(new Dec(200 * 1024)).map((d) => d.toNumber())).toEqual([10_240, 40_960, 102_400, 51_200]);
    // one hour carrying 12 TB: 12 × 1024 GB × 2³⁰ B, at 2³⁰ B per request → 12,288 requests
    const served = new Float64Array(60).fill(12_288 / 60);
    const items = bill({ dataTransfer: { internetEgressBytesPerRequest: GiB } }, HOUR, { offered: served, served });
    // 10,240 × 0.09 = 921.60; 2,048 × 0.085 = 174.08
    expect(item(items, 'transfer.internet.tier1')).toMatchObject({ quantity: '10240', usdExact: '921.6' });
    expect(item(items, 'transfer.internet.tier2')).toMatchObject({ quantity: '2048', usdExact: '174.08' });
    expect(items.some((i) => i.id === 'transfer.internet.tier3')).toBe(false);
  });

  it('tiers restart each 730 h month: 2 months of 6 TB each stay in tier 1', () => {
    const minutes = 2 * 730 * 60;
    const served = new Float64Array(minutes).fill((6 * 1024) / (730 * 60)); // 6 TB a month at 1 GiB per request
    const items = bill({ dataTransfer: { internetEgressBytesPerRequest: GiB } }, 2 * 730 * HOUR, { offered: served, served });
    // 2 × 6,144 GB = 12,288 GB in tier 1 × $0.09 = $1,105.92 (to float rounding of the per-minute rate)
    expect(Number(item(items, 'transfer.internet.tier1').quantity)).toBeCloseTo(12_288, 3);
    expect(items.some((i) => i.id === 'transfer.internet.tier2')).toBe(false);
  });
});

describe('in a scenario', () => {
  const text = (extras: string) => `
name: lb
seed: 1
horizon: 2h
tick: 1s
workload:
  rps: { type: constant, rps: 5 }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 1
  warmStart: true
  taskCapacity: 50 rps
alternatives:
  - name: fargate
    capacity: { type: fargate }
extras: ${extras}
`;

  it('bills the ALB from the simulated traffic: AWS example rates over 2 h = 2 × ($0.0225 + 1.08 × $0.008)', () => {
    const r = simulate(parseScenario(text('{ network: { path: none }, loadBalancer: { requestBytes: 10000, responseBytes: 50000, requestsPerConnection: 5, connectionSeconds: 120, rulesPerRequest: 60 } }')));
    const items = r.cost.lineItems;
    expect(item(items, 'lb.alb.hours')).toMatchObject({ quantity: '2', usdExact: '0.045' });
    // 5 rps constant, no noise: 2.16 LCU-hours × 0.008 = 0.01728
    expect(item(items, 'lb.alb.capacity-units')).toMatchObject({ quantity: '2.16', usdExact: '0.01728' });
  });

  it('names the file, the field and what is allowed for a bad value', () => {
    const bad = text('{ loadBalancer: { requestsPerConnection: 0, type: gwlb } }');
    const err = thrown(() => parseScenario(bad, 'lb.yaml'));
    expect(err).toBeInstanceOf(ScenarioError);
    const message = (err as Error).message;
    expect(message).toMatch(/lb\.yaml/);
    expect(message).toMatch(/extras\.loadBalancer\.requestsPerConnection/);
    expect(message).toMatch(/extras\.loadBalancer\.type/);
    expect(message).toMatch(/alb.*nlb|nlb.*alb/);
  });

  it('rejects listener rules on an NLB', () => {
    expect(() => parseScenario(text('{ loadBalancer: { type: nlb, rulesPerRequest: 20 } }'))).toThrow(/rulesPerRequest applies to an ALB only/);
  });
});
