// Commitment discounts by family, term and payment (src/catalog/commitments.ts), and a Savings
// Plan applied across mixed families in AWS's order: "applied to your highest savings percentage
// first", each usage at its own Savings Plans rate (https://docs.aws.amazon.com/savingsplans/latest/userguide/sp-applying.html).
// The c5 card is the AWS Pricing Calculator's c5.xlarge Windows rates in ap-northeast-1:
// on-demand $0.398 = Linux $0.214 + licence 4 × $0.046 = $0.184, so each discount is
// 1 − (rate − 0.184) / 0.214 on the Linux part.

import { describe, expect, it } from 'vitest';
import { applyCommitments } from '../../src/billing/commitments/index.js';
import { HourlySeries, type Ec2Usage, type FargateUsage, type UsageLedger } from '../../src/billing/usage.js';
import { commitmentDiscount, effectiveUsdPerHour, TERM_HOURS } from '../../src/catalog/index.js';
import type { Rate } from '../../src/catalog/index.js';

describe('the c5 card, worked by hand', () => {
  it.each([
    // kind, term, payment, expected: (published rate − 0.184) / 0.214
    ['ri-standard', '1y', 'no-upfront', '0.3692'], // 0.319 → 0.135 / 0.214 = 0.630841
    ['ri-standard', '1y', 'partial-upfront', '0.4011'], // 1368 / 8760 + 0.156 = 0.312164 → 0.128164 / 0.214 = 0.598899
    ['ri-standard', '1y', 'all-upfront', '0.4121'], // 2714 / 8760 = 0.309817 → 0.125817 / 0.214 = 0.587932
    ['ri-standard', '3y', 'no-upfront', '0.5701'], // 0.276 → 0.092 / 0.214 = 0.429907
    ['ri-standard', '3y', 'partial-upfront', '0.599'], // 3543 / 26280 + 0.135 = 0.269817 → 0.085817 / 0.214 = 0.401016
    ['ri-standard', '3y', 'all-upfront', '0.624'], // 6950 / 26280 = 0.264460 → 0.080460 / 0.214 = 0.375980
    ['ec2-instance-sp', '1y', 'partial-upfront', '0.4019'], // 0.312 → 0.128 / 0.214 = 0.598131
    ['ec2-instance-sp', '3y', 'all-upfront', '0.6262'], // 0.264 → 0.080 / 0.214 = 0.373832
    ['compute-sp', '1y', 'no-upfront', '0.1729'], // 0.361 → 0.177 / 0.214 = 0.827103
    ['compute-sp', '1y', 'all-upfront', '0.229'], // 0.349 → 0.165 / 0.214 = 0.771028
    ['compute-sp', '3y', 'no-upfront', '0.4112'], // 0.31 → 0.126 / 0.214 = 0.588785
    ['compute-sp', '3y', 'all-upfront', '0.4626'], // 0.299 → 0.115 / 0.214 = 0.537383
  ] as const)('%s %s %s: %s off', (kind, term, payment, expected) => {
    const d = commitmentDiscount(kind, 'c5', term, payment);
    expect(d.discount).toBe(expected);
    expect(d.own).toBe(true);
  });

  it('upfront is spread over 8,760 h (1 y) and 26,280 h (3 y)', () => {
    expect(TERM_HOURS).toEqual({ '1y': 8760, '3y': 26280 });
    // 1368 / 8760 = 0.15616438356…; + 0.156
    expect(effectiveUsdPerHour({ upfrontUsd: '1368', hourlyUsd: '0.156' }, '1y').toFixed(6)).toBe('0.312164');
  });

  it('3-yr standard all-upfront is 62.40 % off on c5, not the x2iedn card\'s 72.1 %: the RI costs 0.376 of on-demand, not 0.279 (+35 %)', () => {
    expect(commitmentDiscount('ri-standard', 'c5', '3y', 'all-upfront').discount).toBe('0.624');
    expect(commitmentDiscount('ri-standard', 'x2iedn', '3y', 'all-upfront').discount).toBe('0.721');
    // (1 − 0.624) / (1 − 0.721) = 0.376 / 0.279 = 1.3477: a single "up to 72 %" understates it by a quarter of the true cost
    expect((1 - 0.624) / (1 - 0.721)).toBeCloseTo(1.3477, 4);
  });

  it('a family without a card takes the reference card, named as an assumption; convertible RIs come from x2iedn', () => {
    const r5 = commitmentDiscount('ri-standard', 'r5', '1y', 'no-upfront');
    expect(r5).toMatchObject({ discount: '0.3692', own: false });
    expect(r5.source).toMatch(/assumed: r5 has no card of its own, so the c5 card is used/);
    // c5 has no convertible figure: the x2iedn card's 26.1 % (1-yr no-upfront) is used.
    expect(commitmentDiscount('ri-convertible', 'c5', '1y', 'no-upfront')).toMatchObject({ discount: '0.261', own: false });
  });
});

// The m5 card: AWS Price List API GetProducts response for us-east-1 Linux m5.large (SKU
// 6C86BEPQVG73ZGGR, published 2021-02-05), kept by AWS as
// aws/amazon-ec2-instance-selector:test/static/GetProducts/m5_large.json (commit 1863d05), read
// 2026-12-07. Its on-demand rate is $0.096, the catalog's. Every figure below is the fixture's
// upfront fee and hourly rate, not capsim output.
describe('the m5 card (us-east-1 Linux m5.large, AWS Price List), worked by hand', () => {
  const M5_LARGE: Rate = { usd: '0.096', per: 'hour' };
  const m5Large = (perHour: readonly number[]): UsageLedger => ({
    hours: perHour.length,
    lastHourSeconds: 3600,
    ec2: [{ instanceType: 'm5.large', purchase: 'on-demand', instanceSeconds: series(perHour), rate: M5_LARGE, onDemandRate: M5_LARGE, source: 'catalog m5.large' }],
    fargate: [],
  });
  it.each([
    // kind, term, payment, expected: 1 − (upfront / term hours + hourly) / 0.096, to 4 decimals
    ['ri-standard', '1y', 'no-upfront', '0.375'], // 0.06 / 0.096 = 0.625
    ['ri-standard', '1y', 'partial-upfront', '0.3983'], // 252 / 8760 + 0.029 = 0.0577671 → / 0.096 = 0.601741
    ['ri-standard', '1y', 'all-upfront', '0.4126'], // 494 / 8760 = 0.0563927 → 0.587424
    ['ri-standard', '3y', 'no-upfront', '0.5729'], // 0.041 / 0.096 = 0.427083
    ['ri-standard', '3y', 'partial-upfront', '0.6019'], // 505 / 26280 + 0.019 = 0.0382161 → 0.398085
    ['ri-standard', '3y', 'all-upfront', '0.6238'], // 949 / 26280 = 0.0361111 → 0.376157
    ['ri-convertible', '1y', 'no-upfront', '0.2604'], // 0.071 / 0.096 = 0.739583
    ['ri-convertible', '1y', 'partial-upfront', '0.2962'], // 294 / 8760 + 0.034 = 0.0675616 → 0.703767
    ['ri-convertible', '1y', 'all-upfront', '0.3139'], // 577 / 8760 = 0.0658676 → 0.686121
    ['ri-convertible', '3y', 'no-upfront', '0.4896'], // 0.049 / 0.096 = 0.510417
    ['ri-convertible', '3y', 'partial-upfront', '0.5258'], // 592 / 26280 + 0.023 = 0.0455266 → 0.474236
    ['ri-convertible', '3y', 'all-upfront', '0.5398'], // 1161 / 26280 = 0.0441781 → 0.460188
  ] as const)('%s %s %s: %s off', (kind, term, payment, expected) => {
    const d = commitmentDiscount(kind, 'm5', term, payment);
    expect(d.discount).toBe(expected);
    expect(d).toMatchObject({ own: true, card: { instanceType: 'm5.large', region: 'us-east-1', onDemandUsdPerHour: '0.096' } });
    expect(d.source).toMatch(/amazon-ec2-instance-selector:test\/static\/GetProducts\/m5_large\.json \(commit 1863d05\)/);
  });

  it('a 1-yr standard no-upfront RI bill on m5.large is the published $0.06 per RI-hour', () => {
    // 2 m5.large RIs (defaults: standard, no discount given) against 2 m5.large running 3 hours.
    // Published rate $0.06/h → discount 1 − 0.06 / 0.096 = 0.375 exactly, fee 0.096 × 0.625 = $0.06.
    // Bill: 2 RIs × 3 h × $0.06 = $0.36; the RIs cover all 21,600 instance-seconds, none on demand.
    const r = applyCommitments(m5Large([7200, 7200, 7200]), [{ instanceType: 'm5.large', count: 2, term: '1y', offeringClass: 'standard', payment: 'no-upfront' }], []);
    const fee = r.lineItems.find((i) => i.id === 'ec2.ri-fee.m5.large')!;
    expect(fee.usdPerUnit).toBe('0.06');
    expect(fee.usdExact).toBe('0.36');
    expect(r.lineItems.find((i) => i.id === 'ec2.on-demand.m5.large')!.usdExact).toBe('0');
    expect(r.totalUsdExact).toBe('0.36');
  });

  it('a 3-yr standard all-upfront RI: $949 over 26,280 h, billed at the discount rounded to 0.01 %', () => {
    // Published: 949 / 26280 = $0.0361111/h. The card keeps 62.38 % (1 − 0.376157, rounded), so the
    // hourly fee is 0.096 × (1 − 0.6238) = 0.096 × 0.3762 = $0.0361152: $0.0000041/h above the
    // published rate (0.004 % of on-demand), $0.11 over the 26,280 h of the term.
    const r = applyCommitments(m5Large([3600]), [{ instanceType: 'm5.large', count: 1, term: '3y', offeringClass: 'standard', payment: 'all-upfront' }], []);
    expect(r.lineItems.find((i) => i.id === 'ec2.ri-fee.m5.large')!.usdPerUnit).toBe('0.0361152');
    expect(Math.abs(0.0361152 - 949 / 26280) * 26280).toBeLessThan(0.11);
  });

  it('the Savings Plans on m5 come from the c5 card (the m5 card has none), said in the source', () => {
    const sp = commitmentDiscount('ec2-instance-sp', 'm5', '1y', 'no-upfront');
    expect(sp).toMatchObject({ discount: '0.3692', own: false });
    expect(sp.source).toMatch(/assumed: m5 has no card of its own with EC2 Instance Savings Plan rates, so the c5 card is used/);
  });

  it('cross-check: the c5 card (ap-northeast-1, Windows less the licence) is within 0.6 pp of m5 us-east-1 on every standard RI', () => {
    // c5 − m5: 1y 36.92 − 37.50, 40.11 − 39.83, 41.21 − 41.26; 3y 57.01 − 57.29, 59.90 − 60.19, 62.40 − 62.38 (points).
    for (const term of ['1y', '3y'] as const)
      for (const payment of ['no-upfront', 'partial-upfront', 'all-upfront'] as const) {
        const gap = Number(commitmentDiscount('ri-standard', 'c5', term, payment).discount) - Number(commitmentDiscount('ri-standard', 'm5', term, payment).discount);
        expect(Math.abs(gap)).toBeLessThan(0.006);
      }
  });
});

function series(perHour: readonly number[]): HourlySeries {
  const s = new HourlySeries(perHour.length);
  s.seconds.set(perHour);
  return s;
}
const ec2 = (instanceType: string, seconds: number, usd: string): Ec2Usage => {
  const rate: Rate = { usd, per: 'hour' };
  return { instanceType, purchase: 'on-demand', instanceSeconds: series([seconds]), rate, onDemandRate: rate, source: 'test rate' };
};
const fargateVcpu = (seconds: number, usd: string): FargateUsage => ({
  label: 'test on-demand',
  source: 'test rate',
  spot: false,
  vcpuSeconds: series([seconds]),
  gbSeconds: series([0]),
  vcpuRate: { usd, per: 'hour' },
  gbRate: { usd: '0.004445', per: 'hour' },
  rateFactor: 1,
});

describe('a Compute Savings Plan across mixed families, in AWS\'s order', () => {
  // One hour: 1 m5.large-hour ($0.096), 2 c5.large-hours ($0.085 each), 1 Fargate vCPU-hour ($0.04048).
  // Discounts: m5 30 %, c5 20 % (given per family), Fargate 22 % (the 1-yr no-upfront default).
  // Commitment $0.12/h. Highest savings percentage first: m5 (30 %), Fargate (22 %), c5 (20 %).
  //   m5:      0.096 × 0.70          = 0.0672     → left 0.12 − 0.0672 = 0.0528
  //   Fargate: 0.04048 × 0.78        = 0.0315744  → left 0.0212256
  //   c5:      needs 2 × 0.085 × 0.80 = 0.136; covers 0.0212256 / 0.068 = 0.31214… instance-hours
  //            uncovered: 0.085 × (2 − 0.0212256 / 0.068) = 0.17 − 0.0212256 / 0.8 = 0.17 − 0.026532 = 0.143468
  // Bill: commitment 0.12 + c5 on-demand 0.143468 = 0.263468.
  const ledger: UsageLedger = { hours: 1, lastHourSeconds: 3600, ec2: [ec2('c5.large', 7200, '0.085'), ec2('m5.large', 3600, '0.096')], fargate: [fargateVcpu(3600, '0.04048')] };
  const plan = { type: 'compute' as const, commitmentUsdPerHour: '0.12', term: '1y' as const, payment: 'no-upfront' as const, discounts: { families: { m5: 0.3, c5: 0.2 } } };

  it('covers m5, then Fargate, then part of c5; the rest of c5 is on demand', () => {
    const r = applyCommitments(ledger, [], [plan]);
    const usd = (id: string) => Number(r.lineItems.find((i) => i.id === id)!.usdExact);
    expect(usd('ec2.on-demand.m5.large')).toBe(0);
    expect(usd('fargate.vcpu')).toBe(0);
    expect(usd('ec2.on-demand.c5.large')).toBeCloseTo(0.143468, 12);
    expect(usd('sp.commitment.compute')).toBe(0.12);
    expect(Number(r.totalUsdExact)).toBeCloseTo(0.263468, 12);
    expect(r.spUtilisation).toBe(1);
  });

  it('in the other order (c5 first, at its 20 %) the bill would differ: the order is not a detail', () => {
    // c5 first: 0.12 / 0.068 = 1.7647 c5-hours covered; uncovered c5 0.085 × 0.2353 = 0.02; m5 and Fargate on demand:
    // 0.12 + 0.02 + 0.096 + 0.04048 = 0.27648 > 0.263468
    const r = applyCommitments(ledger, [], [plan]);
    expect(Number(r.totalUsdExact)).toBeLessThan(0.27648);
  });

  it('with the catalog defaults both EC2 families get the c5 card\'s 17.29 %, below Fargate\'s 22 %: Fargate is covered first', () => {
    // Fargate 0.0315744 first → left 0.0884256; then EC2 at 0.8271 × on-demand. Equal percentages:
    // lowest plan rate first, c5.large (0.085 × 0.8271 = 0.0703035) before m5.large (0.0794016).
    //   c5: 2 × 0.0703035 = 0.140607 > 0.0884256 → covers 0.0884256 / 0.0703035 = 1.25777 c5-hours; m5 all on demand
    //   uncovered: c5 0.085 × (2 − 1.25777…) = 0.17 − 0.0884256 / 0.8271 = 0.17 − 0.10690920 = 0.06309080; m5 0.096
    const r = applyCommitments(ledger, [], [{ ...plan, discounts: undefined }]);
    const usd = (id: string) => Number(r.lineItems.find((i) => i.id === id)!.usdExact);
    expect(usd('fargate.vcpu')).toBe(0);
    expect(usd('ec2.on-demand.m5.large')).toBe(0.096);
    expect(usd('ec2.on-demand.c5.large')).toBeCloseTo(0.17 - 0.0884256 / 0.8271, 10);
  });
});
