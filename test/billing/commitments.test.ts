// The commitments engine on hand-made hourly ledgers: Reserved Instances (fee every clock hour,
// ≤ 3600 s per RI per hour, size flexibility smallest size first), Savings Plans (hourly
// commitment, no carry-over, highest savings first, never Spot) and the recommender.
// Every expected amount is worked out by hand in the comments (rates: aws-facts §2.2, or round
// test rates where the arithmetic is the point).

import { describe, expect, it } from 'vitest';
import { applyCommitments, planDiscounts, recommend, withCommitments, type ReservedInstanceSpec, type SavingsPlanSpec } from '../../src/billing/commitments/index.js';
import { Dec, lineItem } from '../../src/billing/money.js';
import { HourlySeries, type Ec2Usage, type FargateUsage, type UsageLedger } from '../../src/billing/usage.js';
import type { Rate } from '../../src/catalog/index.js';
import type { LineItem } from '../../src/domain/result.js';

const M5_LARGE: Rate = { usd: '0.096', per: 'hour' };
const M5_XLARGE: Rate = { usd: '0.192', per: 'hour' };
const M5_2XLARGE: Rate = { usd: '0.384', per: 'hour' };
const FARGATE_VCPU: Rate = { usd: '0.000011244', per: 'second' };
const FARGATE_GB: Rate = { usd: '0.000001235', per: 'second' };

function series(perHour: readonly number[]): HourlySeries {
  const s = new HourlySeries(perHour.length);
  s.seconds.set(perHour);
  return s;
}

function ec2(instanceType: string, secondsPerHour: readonly number[], rate: Rate, purchase: 'on-demand' | 'spot' = 'on-demand'): Ec2Usage {
  return { instanceType, purchase, instanceSeconds: series(secondsPerHour), rate, onDemandRate: rate, source: 'test rate' };
}

function fargate(vcpuSeconds: readonly number[], gbSeconds: readonly number[], rates: { vcpu?: Rate; gb?: Rate; spot?: boolean } = {}): FargateUsage {
  return {
    label: rates.spot ? 'test Spot' : 'test on-demand',
    source: 'test rate',
    spot: rates.spot ?? false,
    vcpuSeconds: series(vcpuSeconds),
    gbSeconds: series(gbSeconds),
    vcpuRate: rates.vcpu ?? FARGATE_VCPU,
    gbRate: rates.gb ?? FARGATE_GB,
    rateFactor: 1,
  };
}

/** A ledger of whole clock hours, or with `lastHourSeconds` of the run in its last hour (a horizon cut mid-hour). */
function ledger(ec2Usage: Ec2Usage[], fargateUsage: FargateUsage[] = [], lastHourSeconds = 3600): UsageLedger {
  const hours = Math.max(0, ...ec2Usage.map((u) => u.instanceSeconds.seconds.length), ...fargateUsage.map((f) => f.vcpuSeconds.seconds.length));
  return { hours, lastHourSeconds, ec2: ec2Usage, fargate: fargateUsage };
}

function hoursOf(n: number, value: number): number[] {
  return Array.from({ length: n }, () => value);
}

function item(items: readonly LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

function ri(instanceType: string, count: number, extra: Partial<ReservedInstanceSpec> = {}): ReservedInstanceSpec {
  return { instanceType, count, term: '1y', payment: 'no-upfront', offeringClass: 'standard', ...extra };
}

function computePlan(commitmentUsdPerHour: string, discounts?: SavingsPlanSpec['discounts']): SavingsPlanSpec {
  return { type: 'compute', commitmentUsdPerHour, term: '1y', payment: 'no-upfront', ...(discounts ? { discounts } : {}) };
}

/** |a − b| below 1e-40: for amounts with a repeating decimal (divisions by 0.7, 3600 …). */
function near(actual: string, expected: Dec): boolean {
  return new Dec(actual).minus(expected).abs().lt('1e-40');
}

describe('Reserved Instances (aws-facts §2.4)', () => {
  // A day of m5.large: hours 0–7 idle, 8–15 five instances, 16–23 two.
  const day = [...hoursOf(8, 0), ...hoursOf(8, 5 * 3600), ...hoursOf(8, 2 * 3600)];

  it('3 RIs against a day of 0 → 5 → 2 instances: fee every hour, overflow on-demand', () => {
    const r = applyCommitments(ledger([ec2('m5.large', day, M5_LARGE)]), [ri('m5.large', 3, { effectiveUsdPerHour: '0.059' })], []);
    // RI fee: 24 clock hours × 3 RIs = 72 RI-hours × $0.059 = $4.248, idle hours included.
    const fee = item(r.lineItems, 'ec2.ri-fee.m5.large');
    expect(fee.quantity).toBe('72');
    expect(fee.unit).toBe('reserved-instance-hours');
    expect(fee.usdPerUnit).toBe('0.059');
    expect(fee.usdExact).toBe('4.248');
    expect(fee.usd).toBe(4.25);
    // On-demand: hours 8–15 run 5 instances, 3 are covered, 2 are not: 8 h × 2 = 16 instance-hours
    // × $0.096 = $1.536. Hours 16–23 (2 ≤ 3) are covered; hours 0–7 have no usage.
    const od = item(r.lineItems, 'ec2.on-demand.m5.large');
    expect(od.quantity).toBe('16');
    expect(od.usdExact).toBe('1.536');
    // Total $4.248 + $1.536 = $5.784 (all on-demand would be 56 h × $0.096 = $5.376: these RIs lose).
    expect(r.totalUsdExact).toBe('5.784');
    expect(r.lineItems.map((i) => i.id)).toEqual(['ec2.on-demand.m5.large', 'ec2.ri-fee.m5.large']);
    // Utilisation: 0 while idle, 3/3 in the busy hours, 2/3 late; over the day 40 / 72 RI-hours.
    expect(r.hourly.riUtilisation[0]).toBe(0);
    expect(r.hourly.riUtilisation[8]).toBe(1);
    expect(r.hourly.riUtilisation[16]).toBeCloseTo(2 / 3, 12);
    expect(r.riUtilisation).toBeCloseTo(40 / 72, 12);
    // 40 of the 56 instance-hours were covered.
    expect(r.coveredShare).toBeCloseTo(40 / 56, 12);
    expect(r.hourly.commitmentUsd[0]).toBeCloseTo(3 * 0.059, 12);
  });

  it('covers at most 3600 s per RI per clock hour, an hour used only in part included', () => {
    // One instance for 1800 s of a whole clock hour of the run, 1 RI: fully covered, nothing on-demand.
    const half = applyCommitments(ledger([ec2('m5.large', [1800], M5_LARGE)]), [ri('m5.large', 1, { effectiveUsdPerHour: '0.059' })], []);
    expect(item(half.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(half.hourly.riUtilisation[0]).toBe(0.5);
    // The run holds the whole hour, so the fee is the whole hour's: $0.059 (a horizon that cuts
    // the hour prorates it: commitments-partial-hour.test.ts).
    expect(half.totalUsdExact).toBe('0.059');
    // Two instances × 2700 s = 5400 s, 1 RI: 3600 s covered, 1800 s on-demand = 0.5 h × $0.096 = $0.048.
    const two = applyCommitments(ledger([ec2('m5.large', [5400], M5_LARGE)]), [ri('m5.large', 1, { effectiveUsdPerHour: '0.059' })], []);
    expect(item(two.lineItems, 'ec2.on-demand.m5.large').quantity).toBe('0.5');
    expect(item(two.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0.048');
    expect(two.totalUsdExact).toBe('0.107'); // 0.059 + 0.048
  });

  it('size flexibility: an m5.xlarge RI (8 units) covers 2 × m5.large (4 units each) for an hour', () => {
    const r = applyCommitments(ledger([ec2('m5.large', [7200], M5_LARGE)]), [ri('m5.xlarge', 1)], []);
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    // Default rate: the m5 card's 1-yr standard no-upfront discount (AWS Price List, us-east-1
    // m5.large: $0.06/h vs $0.096 → 1 − 0.625 = 37.5 %).
    // m5.xlarge on-demand $0.192 × (1 − 0.375) = 0.192 × 0.625 = $0.12.
    const fee = item(r.lineItems, 'ec2.ri-fee.m5.xlarge');
    expect(fee.usdPerUnit).toBe('0.12');
    expect(fee.source).toMatch(/37\.5% off, derived from the published rate of m5\.large us-east-1/);
    expect(r.hourly.riUtilisation[0]).toBe(1);
    // Not size-flexible: the m5.xlarge RI covers no m5.large; both instance-hours are on-demand
    // (2 × $0.096 = $0.192) and the fee is still due.
    const fixed = applyCommitments(ledger([ec2('m5.large', [7200], M5_LARGE)]), [ri('m5.xlarge', 1, { sizeFlexible: false })], []);
    expect(item(fixed.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0.192');
    expect(fixed.hourly.riUtilisation[0]).toBe(0);
  });

  it('size flexibility applies to the smallest size first', () => {
    // 1 m5.xlarge RI (8 units) against 1 m5.xlarge + 2 m5.large for an hour: the two larges
    // (2 × 4 = 8 units) take it all, the xlarge is on-demand: 1 h × $0.192.
    const mix = applyCommitments(ledger([ec2('m5.large', [7200], M5_LARGE), ec2('m5.xlarge', [3600], M5_XLARGE)]), [ri('m5.xlarge', 1)], []);
    expect(item(mix.lineItems, 'ec2.on-demand.m5.large').quantity).toBe('0');
    expect(item(mix.lineItems, 'ec2.on-demand.m5.xlarge').quantity).toBe('1');
    expect(item(mix.lineItems, 'ec2.on-demand.m5.xlarge').usdExact).toBe('0.192');
    // 1 m5.2xlarge RI (16 units) against 1 m5.large + 1 m5.2xlarge: the large takes 4 units, the
    // 2xlarge gets the other 12 of its 16, i.e. 3/4 of its hour (2700 s); 900 s = 0.25 h on-demand
    // × $0.384 = $0.096.
    const part = applyCommitments(ledger([ec2('m5.large', [3600], M5_LARGE), ec2('m5.2xlarge', [3600], M5_2XLARGE)]), [ri('m5.2xlarge', 1, { effectiveUsdPerHour: '0.2' })], []);
    expect(item(part.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(item(part.lineItems, 'ec2.on-demand.m5.2xlarge').quantity).toBe('0.25');
    expect(item(part.lineItems, 'ec2.on-demand.m5.2xlarge').usdExact).toBe('0.096');
    expect(part.totalUsdExact).toBe('0.296'); // + the $0.2 fee
  });

  it('RIs of other families and Spot usage are never covered', () => {
    const r = applyCommitments(ledger([ec2('c5.large', [3600], { usd: '0.085', per: 'hour' }), ec2('m5.large', [3600], M5_LARGE, 'spot')]), [ri('m5.large', 1, { effectiveUsdPerHour: '0.059' })], []);
    expect(item(r.lineItems, 'ec2.on-demand.c5.large').usdExact).toBe('0.085');
    // Spot is not in the engine's items at all: the meter prices it.
    expect(r.lineItems.map((i) => i.id)).toEqual(['ec2.on-demand.c5.large', 'ec2.ri-fee.m5.large']);
    expect(r.hourly.riUtilisation[0]).toBe(0);
  });
});

describe('Savings Plans (aws-facts §2.5)', () => {
  // A test rate of $2 per instance-hour keeps the arithmetic round.
  const TWO_DOLLARS: Rate = { usd: '2', per: 'hour' };

  it('commitment $1/h at 30 % off: usage above it and below it', () => {
    // Hour 0: 3600 s at $2/h = $2.00 on-demand = $1.40 at the plan rate. The $1 commitment covers
    //   $1 / 0.7 = $1.428571… of on-demand value; $2 − $10/7 = $4/7 = $0.571428… stays on-demand.
    // Hour 1: 900 s = $0.50 on-demand = $0.35 at the plan rate: utilisation 35 %, $1 still due.
    const r = applyCommitments(ledger([ec2('m5.large', [3600, 900], TWO_DOLLARS)]), [], [computePlan('1', { ec2: 0.3 })]);
    const od = item(r.lineItems, 'ec2.on-demand.m5.large');
    expect(near(od.usdExact, new Dec(4).div(7))).toBe(true);
    expect(od.usd).toBe(0.57);
    // $4/7 at $2/h is 2/7 h = 0.285714 h.
    expect(od.quantity).toBe('0.285714');
    const commitment = item(r.lineItems, 'sp.commitment.compute');
    expect(commitment.quantity).toBe('2');
    expect(commitment.usdPerUnit).toBe('1');
    expect(commitment.usdExact).toBe('2');
    // Total $2 + $4/7 = $18/7 = $2.571428… → $2.57.
    expect(near(r.totalUsdExact, new Dec(18).div(7))).toBe(true);
    expect(r.hourly.spUtilisation[0]).toBe(1);
    expect(r.hourly.spUtilisation[1]).toBeCloseTo(0.35, 12);
    expect(r.spUtilisation).toBeCloseTo(0.675, 12);
    expect(r.hourly.commitmentUsd[1]).toBe(1);
  });

  it('AWS\'s utilisation example: $9.80 at plan rates of a $10 commitment is 98 %', () => {
    // $14 on-demand at 30 % off = $9.80 at the plan rate: 7 instance-hours at $2/h.
    const r = applyCommitments(ledger([ec2('m5.large', [7 * 3600], TWO_DOLLARS)]), [], [computePlan('10', { ec2: 0.3 })]);
    expect(r.hourly.spUtilisation[0]).toBeCloseTo(0.98, 12);
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
  });

  it('covers the highest savings percentage first: EC2 (30 %) before Fargate (20 %)', () => {
    // One hour: EC2 $1.00 on-demand (3600 s at $1/h) and Fargate $1.00 (10,000 vCPU-s at $0.0001).
    // EC2 first: $0.70 of the $1 commitment; the $0.30 left covers $0.30 / 0.8 = $0.375 of Fargate;
    // Fargate on-demand $0.625 = 6250 vCPU-s. Total $1 + $0.625 = $1.625 (Fargate first would
    // leave $0.20 for EC2, covering $0.2857: $1.714…).
    const r = applyCommitments(
      ledger([ec2('m5.large', [3600], { usd: '1', per: 'hour' })], [fargate([10_000], [0], { vcpu: { usd: '0.0001', per: 'second' } })]),
      [],
      [computePlan('1', { ec2: 0.3, fargate: 0.2 })],
    );
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(item(r.lineItems, 'fargate.vcpu').quantity).toBe('6250');
    expect(item(r.lineItems, 'fargate.vcpu').usdExact).toBe('0.625');
    expect(r.totalUsdExact).toBe('1.625');
    expect(r.lineItems.map((i) => i.id)).toEqual(['ec2.on-demand.m5.large', 'sp.commitment.compute', 'fargate.vcpu', 'fargate.memory']);
  });

  it('on equal savings, the lowest plan rate first', () => {
    // m5.large ($0.096/h) and m5.xlarge ($0.192/h) for an hour, both 30 % off, $0.10 commitment.
    // m5.large first (plan rate $0.0672 < $0.1344): fully covered; $0.0328 left covers
    // $0.0328 / 0.7 of the xlarge: on-demand $0.192 − $0.0328/0.7 = $0.1451428571…
    const r = applyCommitments(ledger([ec2('m5.large', [3600], M5_LARGE), ec2('m5.xlarge', [3600], M5_XLARGE)]), [], [computePlan('0.1', { ec2: 0.3 })]);
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(near(item(r.lineItems, 'ec2.on-demand.m5.xlarge').usdExact, new Dec('0.192').minus(new Dec('0.0328').div('0.7')))).toBe(true);
  });

  it('a Compute plan never covers Spot (EC2 Spot or Fargate Spot)', () => {
    const r = applyCommitments(ledger([ec2('m5.large', [3600], M5_LARGE, 'spot')], [fargate([3600], [7200], { spot: true })]), [], [computePlan('1')]);
    expect(r.lineItems.map((i) => i.id)).toEqual(['sp.commitment.compute']);
    expect(r.hourly.spUtilisation[0]).toBe(0);
    expect(r.totalUsdExact).toBe('1');
  });

  it('RIs first, then EC2 Instance plans (their family only), then Compute plans', () => {
    // Hour: 2 m5.large + 1 c5.large at $1/h each (test rate). 1 m5.large RI ($0.5) covers one m5;
    // the m5 EC2 Instance plan ($0.6/h, 40 % off) covers the other m5 ($1 → $0.60), nothing of c5;
    // the Compute plan ($0.7/h, 30 % off) covers the c5 ($1 → $0.70). Nothing on-demand.
    const one: Rate = { usd: '1', per: 'hour' };
    const r = applyCommitments(
      ledger([ec2('c5.large', [3600], one), ec2('m5.large', [7200], one)]),
      [ri('m5.large', 1, { effectiveUsdPerHour: '0.5' })],
      [computePlan('0.7', { ec2: 0.3 }), { type: 'ec2-instance', family: 'm5', commitmentUsdPerHour: '0.6', term: '1y', payment: 'no-upfront', discounts: { ec2: 0.4 } }],
    );
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(item(r.lineItems, 'ec2.on-demand.c5.large').usdExact).toBe('0');
    expect(r.lineItems.map((i) => i.id)).toEqual(['ec2.on-demand.c5.large', 'ec2.on-demand.m5.large', 'ec2.ri-fee.m5.large', 'sp.commitment.ec2-instance.m5', 'sp.commitment.compute']);
    expect(r.totalUsdExact).toBe('1.8'); // 0.5 + 0.6 + 0.7
    expect(r.hourly.spUtilisation[0]).toBeCloseTo(1, 12);
    expect(r.coveredShare).toBe(1);
  });

  it('default discounts: per family from the commitment cards, Fargate 22 % scaled and capped at 50 %', () => {
    // c5 Compute SP 1-yr no-upfront: Windows $0.361 − licence $0.184 = $0.177 vs $0.214 → 1 − 0.827103 = 17.29 %.
    const compute = planDiscounts('compute', '1y', 'no-upfront');
    expect(compute).toMatchObject({ ec2: null, fargate: '0.22' });
    expect(compute.ec2For('c5').discount).toBe('0.1729');
    // EC2 Instance SP 3-yr all-upfront: $0.264 − 0.184 = $0.080 vs $0.214 → 1 − 0.373832 = 62.62 % (m5: c5's card, assumed).
    const instance = planDiscounts('ec2-instance', '3y', 'all-upfront');
    expect(instance).toMatchObject({ ec2: null, fargate: null });
    expect(instance.ec2For('m5').discount).toBe('0.6262');
    expect(instance.ec2For('m5').source).toMatch(/assumed: m5 has no card of its own with EC2 Instance Savings Plan rates, so the c5 card is used/);
    expect(planDiscounts('compute', '1y', 'no-upfront', { ec2: 0.3 }).ec2For('m5').discount).toBe('0.3');
    // 1-yr partial: 22 % × 29.6 / 26.1 = 24.95 %.
    expect(planDiscounts('compute', '1y', 'partial-upfront').fargate).toBe('0.2495');
    // 3-yr no-upfront would scale to 22 × 61.4 / 26.1 = 51.75 %, above AWS's "up to 50%".
    expect(planDiscounts('compute', '3y', 'no-upfront').fargate).toBe('0.5');
    expect(planDiscounts('compute', '1y', 'no-upfront', { fargate: 0.3 }).fargate).toBe('0.3');
    expect(() => applyCommitments(ledger([]), [], [{ type: 'ec2-instance', commitmentUsdPerHour: '1', term: '1y', payment: 'no-upfront' }])).toThrow(/family/);
  });
});

describe('No commitments: exactly the meters\' on-demand line items', () => {
  it('prices the ledger as the meters do, with intervals split at fractional times', () => {
    // Made as the meters make them (HourlySeries.add at the launch time, top-up in the launch hour):
    // an m5.large billed 101 s from t = 3599.3 (0.7 s in hour 0, 100.3 s in hour 1), one billed the
    // 60 s minimum after running 12.5 s from t = 100.25, one running hours 1–2 from t = 3700.4.
    const m5 = new HourlySeries(3);
    m5.add(3599.3, 3700.3, 1);
    m5.add(100.25, 112.75, 1, 60 - 12.5);
    m5.add(3700.4, 10_800, 1, 7100 - (10_800 - 3700.4));
    // Billed seconds: 101 + 60 + ceil(10800 − 3700.4) = 101 + 60 + 7100 = 7261 (the meter tops the
    // last one up by 0.4 s in its launch hour).
    // Fargate: a 0.25 vCPU / 0.5 GB task for 45 s from t = 3590.5 (crossing the hour),
    // a 1 vCPU / 2 GB task for 2 h from t = 1000.
    const vcpu = new HourlySeries(3);
    const gb = new HourlySeries(3);
    vcpu.add(3590.5, 3635.5, 0.25, 15);
    gb.add(3590.5, 3635.5, 0.5, 15);
    vcpu.add(1000, 8200, 1);
    gb.add(1000, 8200, 2);
    // CPU-unit-seconds: 256 × 60 + 1024 × 7200 = 15,360 + 7,372,800 = 7,388,160;
    // MiB-seconds: 512 × 60 + 2048 × 7200 = 30,720 + 14,745,600 = 14,776,320.
    const usage = ledger([{ instanceType: 'm5.large', purchase: 'on-demand', instanceSeconds: m5, rate: M5_LARGE, onDemandRate: M5_LARGE, source: 'karpenter' }], []);
    usage.fargate.push({ label: 'us-east-1 linux/x86_64 on-demand', spot: false, vcpuSeconds: vcpu, gbSeconds: gb, vcpuRate: FARGATE_VCPU, gbRate: FARGATE_GB, rateFactor: 1, source: 'us-east-1 linux/x86_64 on-demand' });
    const r = applyCommitments(usage, [], []);
    // Exactly the items the meters build (same lineItem calls as ec2-meter.ts / fargate-meter.ts).
    // Fargate's source is the label until FargateUsage carries the rate card's source.
    const meters = [
      lineItem({ id: 'ec2.on-demand.m5.large', description: 'EC2 m5.large on-demand (Linux)', unit: 'instance', unitSeconds: 7261n, denominator: 1, rate: M5_LARGE, source: 'karpenter' }),
      lineItem({ id: 'fargate.vcpu', description: 'Fargate vCPU (us-east-1 linux/x86_64 on-demand)', unit: 'vCPU', unitSeconds: 7_388_160n, denominator: 1024, rate: FARGATE_VCPU, source: 'us-east-1 linux/x86_64 on-demand' }),
      lineItem({ id: 'fargate.memory', description: 'Fargate memory (us-east-1 linux/x86_64 on-demand)', unit: 'GB', unitSeconds: 14_776_320n, denominator: 1024, rate: FARGATE_GB, source: 'us-east-1 linux/x86_64 on-demand' }),
    ];
    expect(r.lineItems).toEqual(meters);
    // m5.large 7261 s × $0.096 / 3600 = $0.193626666…; vCPU 7215 vCPU-s × $0.000011244 = $0.08112546.
    expect(near(r.lineItems[0].usdExact, new Dec(7261).times('0.096').div(3600))).toBe(true);
    expect(r.lineItems[1].usdExact).toBe('0.08112546');
    expect(r.coveredShare).toBe(0);
    expect(r.riUtilisation).toBe(0);
    expect(r.spUtilisation).toBe(0);
  });

  it('withCommitments swaps the usage items and adds the fees after the EC2 items', () => {
    const usage = ledger([ec2('m5.large', [3600], M5_LARGE)], [fargate([3600], [7200])]);
    const meterItems = [...applyCommitments(usage, [], []).lineItems];
    const spot = { ...meterItems[0], id: 'ec2.spot.c5.large' };
    const windows = { ...meterItems[1], id: 'fargate.windows-license' };
    const merged = withCommitments([meterItems[0], spot, meterItems[1], meterItems[2], windows], applyCommitments(usage, [ri('m5.large', 1, { effectiveUsdPerHour: '0.059' })], []));
    expect(merged.map((i) => i.id)).toEqual(['ec2.on-demand.m5.large', 'ec2.spot.c5.large', 'ec2.ri-fee.m5.large', 'fargate.vcpu', 'fargate.memory', 'fargate.windows-license']);
    expect(merged[0].usdExact).toBe('0');
  });
});

describe('recommend', () => {
  it('a flat 4 instances all day: 4 RIs, break-even at the rate ratio', () => {
    const r = recommend(ledger([ec2('m5.large', hoursOf(24, 4 * 3600), M5_LARGE)]));
    // 1-yr standard no-upfront default (m5 card, 37.5 % off): $0.096 × 0.625 = $0.06; break-even 0.625.
    expect(r.reservedInstances).toEqual([{ instanceType: 'm5.large', count: 4, totalUsd: 5.76, breakEvenUtilisation: 0.625 }]);
    // 4 × 24 × $0.06 = $5.76 vs on-demand 96 × $0.096 = $9.216 → $9.22; saves $3.456.
    expect(r.onDemandUsd).toBe(9.22);
    expect(r.totalUsd).toBe(5.76);
    expect(r.savingsUsd).toBe(3.46);
    // The RIs leave nothing for a plan.
    expect(r.savingsPlan).toEqual({ type: 'compute', commitmentUsdPerHour: '0', totalUsd: 0 });
    expect(r.commitments.savingsPlans).toEqual([]);
  });

  it('10 instances 2 h a day and 1 otherwise: 1 RI (a second would be used 2 h of 24)', () => {
    const r = recommend(ledger([ec2('m5.large', [...hoursOf(2, 10 * 3600), ...hoursOf(22, 3600)], M5_LARGE)]));
    // RI 1 is used all 24 h: fee 24 × $0.06 = $1.44 saves 24 × $0.096 = $2.304.
    // RI 2 would be used 2 h (2/24 = 8.3 % < break-even 62.5 %): fee $1.44 saves only $0.192.
    // A Compute plan (c5 card 17.29 % off, plan rate 0.8271 × on-demand) on the 9 extra instances
    // would also be used 2 h of 24 < 82.71 %: none.
    expect(r.reservedInstances.map((x) => x.count)).toEqual([1]);
    expect(r.savingsPlan.commitmentUsdPerHour).toBe('0');
    // On-demand 42 instance-hours × $0.096 = $4.032; with 1 RI $1.44 + 18 × $0.096 = $3.168.
    expect(r.onDemandUsd).toBe(4.03);
    expect(r.totalUsd).toBe(3.17);
    expect(r.savingsUsd).toBe(0.86); // 4.032 − 3.168 = 0.864
  });

  it('Fargate all day: a Compute plan at the plan-rate spend', () => {
    // 1 vCPU all day at a $1/vCPU-hour test rate: $1/h on-demand, $0.78/h at the plan rate (22 % off,
    // the 1-yr no-upfront default). Each $ of commitment replaces $1/0.78 of on-demand until the
    // hour is covered, so C = $0.78: 24 × 0.78 = $18.72 vs $24.
    const r = recommend(ledger([], [fargate(hoursOf(24, 3600), hoursOf(24, 0), { vcpu: { usd: '1', per: 'hour' } })]));
    expect(r.reservedInstances).toEqual([]);
    expect(r.savingsPlan).toEqual({ type: 'compute', commitmentUsdPerHour: '0.78', totalUsd: 18.72 });
    expect(r.onDemandUsd).toBe(24);
    expect(r.totalUsd).toBe(18.72);
  });

  it('a plan on the part of the usage that runs often enough', () => {
    // 1 vCPU always and 1 more for 20 h of 24 ($1/vCPU-hour). The second vCPU is worth covering at
    // 22 % off when it runs more than 78 % of hours: 20/24 = 83 % > 78 %, so C = 2 × 0.78 = $1.56:
    // 24 × 1.56 = $37.44 + nothing on-demand, vs on-demand 44 h = $44; C = $0.78 would cost
    // 18.72 + 20 = $38.72.
    const r = recommend(ledger([], [fargate([...hoursOf(20, 7200), ...hoursOf(4, 3600)], hoursOf(24, 0), { vcpu: { usd: '1', per: 'hour' } })]));
    expect(r.savingsPlan.commitmentUsdPerHour).toBe('1.56');
    // In the 4 hours with 1 vCPU the plan is half used: $0.78 of $1.56.
    expect(r.totalUsd).toBe(37.44);
  });
});
