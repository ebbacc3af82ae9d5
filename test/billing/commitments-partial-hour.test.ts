// A horizon cut mid-hour. capsim treats the horizon as a window cut out of steady operation (usage
// running at the horizon is billed to it, docs/model.md "Horizon"), so the run's last, partial
// clock hour is billed as that fraction of a steady hour: RI fees and plan commitments for the
// seconds of it in the run, and an RI covers at most count × those seconds (a plan, commitment ×
// that share). Every expected amount is worked out by hand from AWS's rates: m5.large $0.096/h
// on-demand (aws-facts §2.2); 1-yr standard no-upfront RI $0.06/h = 0.096 × (1 − 37.5 %) (m5
// card, AWS Price List); Compute SP 1-yr no-upfront on m5: 17.29 % off (c5 card), so $1 of
// commitment pays for $1/0.8271 of on-demand usage.

import { describe, expect, it } from 'vitest';
import { applyCommitments, recommend, type ReservedInstanceSpec, type SavingsPlanSpec } from '../../src/billing/commitments/index.js';
import { Dec } from '../../src/billing/money.js';
import { clockHours, HourlySeries, type Ec2Usage, type FargateUsage, type UsageLedger } from '../../src/billing/usage.js';
import type { Rate } from '../../src/catalog/index.js';
import type { LineItem } from '../../src/domain/result.js';
import { compare, parseScenario } from '../../src/index.js';
import { scenarioText } from '../fixtures/scenario-text.js';

const M5_LARGE: Rate = { usd: '0.096', per: 'hour' };
const M5_XLARGE: Rate = { usd: '0.192', per: 'hour' };

function series(perHour: readonly number[]): HourlySeries {
  const s = new HourlySeries(perHour.length);
  s.seconds.set(perHour);
  return s;
}

function m5(instanceType: string, secondsPerHour: readonly number[], rate: Rate = M5_LARGE): Ec2Usage {
  return { instanceType, purchase: 'on-demand', instanceSeconds: series(secondsPerHour), rate, onDemandRate: rate, source: 'test rate' };
}

/** A run of `perHour.length` clock hours whose last one holds `lastHourSeconds` of the run. */
function ledger(ec2: Ec2Usage[], lastHourSeconds: number, fargate: FargateUsage[] = []): UsageLedger {
  const hours = Math.max(...ec2.map((u) => u.instanceSeconds.seconds.length), ...fargate.map((f) => f.vcpuSeconds.seconds.length));
  return { hours, lastHourSeconds, ec2, fargate };
}

function item(items: readonly LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

function ri(instanceType: string, count: number): ReservedInstanceSpec {
  return { instanceType, count, term: '1y', payment: 'no-upfront', offeringClass: 'standard' };
}

function computePlan(commitmentUsdPerHour: string, discounts?: SavingsPlanSpec['discounts']): SavingsPlanSpec {
  return { type: 'compute', commitmentUsdPerHour, term: '1y', payment: 'no-upfront', ...(discounts ? { discounts } : {}) };
}

/** |a − b| below 1e-40: for amounts with a repeating decimal (divisions by 0.8271, 0.7 …). */
function near(actual: string, expected: Dec): boolean {
  return new Dec(actual).minus(expected).abs().lt('1e-40');
}

/** Per month as the report states it: total ÷ the horizon's hours × 730. */
function perMonth(totalUsdExact: string, horizonHours: number): number {
  return new Dec(totalUsdExact).div(horizonHours).times(730).toDecimalPlaces(2).toNumber();
}

describe('the clock hours of a horizon', () => {
  it('counts the seconds of the run in its last hour, a cut second whole (as the meters bill it)', () => {
    expect(clockHours(7200)).toEqual({ hours: 2, lastHourSeconds: 3600 });
    expect(clockHours(5400)).toEqual({ hours: 2, lastHourSeconds: 1800 });
    expect(clockHours(1800)).toEqual({ hours: 1, lastHourSeconds: 1800 });
    expect(clockHours(5400.5)).toEqual({ hours: 2, lastHourSeconds: 1801 });
    expect(clockHours(3600.2)).toEqual({ hours: 2, lastHourSeconds: 1 });
  });
});

describe('Reserved Instances over a horizon cut mid-hour', () => {
  it('90 minutes, one m5.large RI on one m5.large: 1.5 RI-hours × $0.06 = $0.09, $43.80 a month', () => {
    // Hour 0: 3600 s, hour 1: 1800 s (the horizon is 5400 s). The RI covers 3600 s, then 1800 s.
    const r = applyCommitments(ledger([m5('m5.large', [3600, 1800])], 1800), [ri('m5.large', 1)], []);
    const fee = item(r.lineItems, 'ec2.ri-fee.m5.large');
    // 1 × (2 − 1 + 1800/3600) = 1.5 reserved-instance-hours × $0.06 = $0.09 (not 2 × $0.06 = $0.12).
    expect(fee.quantity).toBe('1.5');
    expect(fee.usdPerUnit).toBe('0.06');
    expect(fee.usdExact).toBe('0.09');
    expect(fee.description).toContain('last hour prorated: 1800 of 3600 s');
    expect(fee.source).toMatch(/prorated to its 1800 s in the run/);
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect(r.totalUsdExact).toBe('0.09');
    // $0.09 ÷ 1.5 h × 730 = 0.06 × 730 = $43.80 a month, the RI's steady cost.
    expect(perMonth(r.totalUsdExact, 1.5)).toBe(43.8);
    // The last hour's capacity is 1800 s, all used; its fee $0.06 × 0.5 = $0.03.
    expect([...r.hourly.riUtilisation]).toEqual([1, 1]);
    expect(r.riUtilisation).toBe(1);
    expect(r.hourly.commitmentUsd[0]).toBeCloseTo(0.06, 12);
    expect(r.hourly.commitmentUsd[1]).toBeCloseTo(0.03, 12);
  });

  it('covers at most count × the seconds of the last hour in the run', () => {
    // Two m5.large in the last half hour (2 × 1800 = 3600 s), one RI: 1800 s covered, 1800 s
    // on-demand = 0.5 h × $0.096 = $0.048. Total $0.09 + $0.048 = $0.138.
    const r = applyCommitments(ledger([m5('m5.large', [3600, 3600])], 1800), [ri('m5.large', 1)], []);
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').quantity).toBe('0.5');
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0.048');
    expect(r.totalUsdExact).toBe('0.138');
    expect(r.hourly.riUtilisation[1]).toBe(1);
  });

  it('a size-flexible m5.xlarge RI covers two m5.large over 90 minutes: fee 1.5 × $0.12 = $0.18', () => {
    // m5.xlarge RI: $0.192 × 0.625 = $0.12/h, 8 normalised units; an m5.large is 4. Last hour:
    // 8 units × 1800 s = 14,400 unit-seconds = 2 m5.large × 1800 s × 4: both covered in full.
    const r = applyCommitments(ledger([m5('m5.large', [7200, 3600])], 1800), [ri('m5.xlarge', 1)], []);
    const fee = item(r.lineItems, 'ec2.ri-fee.m5.xlarge');
    expect(fee.usdPerUnit).toBe('0.12');
    expect(fee.quantity).toBe('1.5');
    expect(fee.usdExact).toBe('0.18');
    expect(item(r.lineItems, 'ec2.on-demand.m5.large').usdExact).toBe('0');
    expect([...r.hourly.riUtilisation]).toEqual([1, 1]);
    // Per month: $0.18 ÷ 1.5 × 730 = 0.12 × 730 = $87.60.
    expect(perMonth(r.totalUsdExact, 1.5)).toBe(87.6);
  });

  it('a 30-minute run pays half an hour of fee: $0.03, $43.80 a month', () => {
    const r = applyCommitments(ledger([m5('m5.large', [1800])], 1800), [ri('m5.large', 1)], []);
    expect(item(r.lineItems, 'ec2.ri-fee.m5.large').quantity).toBe('0.5');
    expect(r.totalUsdExact).toBe('0.03');
    expect(perMonth(r.totalUsdExact, 0.5)).toBe(43.8);
    expect(r.hourly.riUtilisation[0]).toBe(1);
  });
});

describe('Savings Plans over a horizon cut mid-hour', () => {
  it('90 minutes, a $0.05/h Compute plan on one m5.large: $62.45 a month', () => {
    // Hour 0: $0.05 covers $0.05/0.8271 of the $0.096 of usage; hour 1 (1800 s): the commitment
    // is $0.05 × 0.5 = $0.025 and covers $0.025/0.8271 of the $0.048 of usage.
    // On-demand: 0.144 − 0.075/0.8271 = $0.0533217…; commitment 1.5 × $0.05 = $0.075.
    const r = applyCommitments(ledger([m5('m5.large', [3600, 1800])], 1800), [], [computePlan('0.05')]);
    const commitment = item(r.lineItems, 'sp.commitment.compute');
    expect(commitment.quantity).toBe('1.5');
    expect(commitment.usdExact).toBe('0.075');
    expect(commitment.description).toContain('last hour prorated: 1800 of 3600 s');
    expect(commitment.source).toMatch(/prorated to its 1800 s in the run/);
    const od = item(r.lineItems, 'ec2.on-demand.m5.large');
    expect(near(od.usdExact, new Dec('0.144').minus(new Dec('0.075').div('0.8271')))).toBe(true);
    // In hours: 1.5 − 0.75/0.8271 = 0.555434…
    expect(od.quantity).toBe('0.555435');
    // Total 0.219 − 0.075/0.8271 = $0.1283217…, i.e. hour 0's 0.05 + (0.096 − 0.05/0.8271) =
    // $0.0855478 an hour: × 730 = $62.4499 → $62.45 (not 2 × $0.05 of commitment: $65.97).
    expect(near(r.totalUsdExact, new Dec('0.219').minus(new Dec('0.075').div('0.8271')))).toBe(true);
    expect(perMonth(r.totalUsdExact, 1.5)).toBe(62.45);
    expect(r.hourly.spUtilisation[0]).toBeCloseTo(1, 12);
    expect(r.hourly.spUtilisation[1]).toBeCloseTo(1, 12);
    expect(r.hourly.commitmentUsd[1]).toBeCloseTo(0.025, 12);
  });

  it('utilisation of the last hour is the spend over its prorated commitment', () => {
    // $2/h test rate, 30 % off, $1/h commitment. Hour 0: $2 of usage, $1 covers $1/0.7, $4/7
    // on-demand. Hour 1 holds 1800 s of the run: commitment $0.50; 900 s of usage = $0.50
    // on-demand = $0.35 at the plan rate, all covered: utilisation 0.35 / 0.5 = 70 %.
    // Commitment 1.5 × $1 = $1.50; total 1.5 + 4/7 = $2.0714…; over the run 1.35 / 1.5 = 90 %.
    const r = applyCommitments(ledger([m5('m5.large', [3600, 900], { usd: '2', per: 'hour' })], 1800), [], [computePlan('1', { ec2: 0.3 })]);
    expect(item(r.lineItems, 'sp.commitment.compute').usdExact).toBe('1.5');
    expect(near(r.totalUsdExact, new Dec('1.5').plus(new Dec(4).div(7)))).toBe(true);
    expect(r.hourly.spUtilisation[1]).toBeCloseTo(0.7, 12);
    expect(r.spUtilisation).toBeCloseTo(0.9, 12);
    expect(r.hourly.commitmentUsd[1]).toBeCloseTo(0.5, 12);
  });

  it('a 30-minute run pays half an hour of commitment', () => {
    // $0.025 of commitment covers $0.025/0.8271 of $0.048: total 0.073 − 0.025/0.8271 = $0.0427739…,
    // $62.45 a month as over 90 minutes (the same steady hour).
    const r = applyCommitments(ledger([m5('m5.large', [1800])], 1800), [], [computePlan('0.05')]);
    expect(item(r.lineItems, 'sp.commitment.compute').quantity).toBe('0.5');
    expect(item(r.lineItems, 'sp.commitment.compute').usdExact).toBe('0.025');
    expect(near(r.totalUsdExact, new Dec('0.073').minus(new Dec('0.025').div('0.8271')))).toBe(true);
    expect(perMonth(r.totalUsdExact, 0.5)).toBe(62.45);
  });
});

describe('the recommendation over a horizon cut mid-hour, and applying it', () => {
  it('two m5.large for 90 minutes: 2 RIs, and the figure it states is the bill they give', () => {
    // Both instances run the whole window, the last half hour included (2 instances, not 1): each
    // RI costs 1.5 × $0.06 = $0.09 and saves 1.5 × $0.096 = $0.144. 2 RIs: $0.18 vs $0.288 on-demand.
    const usage = ledger([m5('m5.large', [7200, 3600])], 1800);
    const r = recommend(usage);
    expect(r.reservedInstances).toEqual([{ instanceType: 'm5.large', count: 2, totalUsd: 0.18, breakEvenUtilisation: 0.625 }]);
    expect(r.savingsPlan.commitmentUsdPerHour).toBe('0');
    expect(r.onDemandUsd).toBe(0.29);
    expect(r.totalUsd).toBe(0.18);
    expect(r.note).toMatch(/2 clock hours \(the last one partial, 1800 s, prorated\)/);
    const applied = applyCommitments(usage, r.commitments.reservedInstances, r.commitments.savingsPlans);
    expect(applied.totalUsdExact).toBe('0.18');
  });

  it('Fargate for 90 minutes: a Compute plan of $0.78/h, $1.17 as applied', () => {
    // 1 vCPU at a $1/vCPU-hour test rate, 22 % off (1-yr no-upfront default): each hour, the last
    // half hour too, runs at the plan rate 0.78 × its on-demand $: C = $0.78, 1.5 × 0.78 = $1.17
    // vs $1.50. (Were the last hour billed whole, C above $0.39 would be half idle in it.)
    const vcpu: FargateUsage = {
      label: 'test on-demand',
      source: 'test rate',
      spot: false,
      vcpuSeconds: series([3600, 1800]),
      gbSeconds: series([0, 0]),
      vcpuRate: { usd: '1', per: 'hour' },
      gbRate: { usd: '0.000001235', per: 'second' },
      rateFactor: 1,
    };
    const usage = ledger([], 1800, [vcpu]);
    const r = recommend(usage);
    expect(r.savingsPlan).toEqual({ type: 'compute', commitmentUsdPerHour: '0.78', totalUsd: 1.17 });
    expect(r.onDemandUsd).toBe(1.5);
    expect(r.totalUsd).toBe(1.17);
    expect(applyCommitments(usage, r.commitments.reservedInstances, r.commitments.savingsPlans).totalUsdExact).toBe('1.17');
  });
});

describe('a whole 90-minute run (the audit\'s ri90 scenario)', () => {
  it('one m5.large with one RI: $43.80 a month; with a $0.05/h Compute plan: $62.45', () => {
    const result = compare(
      parseScenario(
        scenarioText({
          horizon: '90m',
          rps: '{ type: constant, rps: 10 }',
          task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
          desiredCount: 1,
          taskCapacity: '100 rps',
          alternatives: [
            '{ name: ri1, capacity: { type: ec2, instanceType: m5.large, instances: 1 }, commitments: { reservedInstances: [{ instanceType: m5.large, count: 1 }] } }',
            '{ name: sp, capacity: { type: ec2, instanceType: m5.large, instances: 1 }, commitments: { savingsPlans: [{ type: compute, commitment: 0.05 }] } }',
          ],
        }),
      ),
    );
    const [ri1, sp] = result.alternatives;
    // The instance runs from t = 0 to the 5400 s horizon, billed to it.
    // ri1: 1.5 × $0.06 = $0.09, nothing on-demand; per hour $0.06, per month 0.06 × 730 = $43.80.
    expect(ri1.cost.lineItems.find((i) => i.id === 'ec2.ri-fee.m5.large')?.usdExact).toBe('0.09');
    expect(ri1.cost.totalUsd).toBe(0.09);
    expect(ri1.cost.usdPerMonth).toBe(43.8);
    // sp: 0.219 − 0.075/0.8271 = $0.1283217 → $0.13; ÷ 1.5 × 730 = $62.45.
    expect(sp.cost.totalUsd).toBe(0.13);
    expect(sp.cost.usdPerMonth).toBe(62.45);
  });
});
