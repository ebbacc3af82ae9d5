// The hourly ledger's arithmetic (src/billing/hourly.ts): each driver kind prices a line item's
// hours so that they add up to its usdExact exactly, and the cumulative cost per minute is the
// hours' running sum, linear within an hour, rounded half up to 4 decimals. Figures by hand.

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/billing/money.js';
import { fillCumulativeUsd, hourlyAmounts, hourlyCosts } from '../../src/billing/hourly.js';
import type { LineItem } from '../../src/domain/result.js';

const X = Decimal.clone({ precision: 1000 });
const sum = (values: readonly { toString(): string }[]) => values.reduce<Decimal>((s, v) => s.plus(v.toString()), new X(0));
const texts = (values: readonly Decimal[]) => values.map((v) => (v.isZero() ? '0' : v.toFixed()));
const twoHours = { hours: 2, lastHourSeconds: 3600 };

function item(id: string, usdExact: string): LineItem {
  return { id, description: id, quantity: '0', unit: 'x', usdPerUnit: '0', usdExact, usd: 0, source: 'test' };
}

describe('hourlyAmounts', () => {
  it('ticks: whole instance-seconds at $0.096 an hour, priced as the line item is', () => {
    // 1800 s in hour 0, 3600 s in hour 1: 1800 × 0.096 / 3600 = 0.048; 3600 × 0.096 / 3600 = 0.096; 5400 s = $0.144
    const { usd, spread } = hourlyAmounts(new Dec('0.144'), { kind: 'ticks', ticks: [1800, 3600], usd: new Dec('0.096'), divisor: 3600 }, twoHours);
    expect(texts(usd)).toEqual(['0.048', '0.096']);
    expect(spread).toBe(false);
  });

  it('ticks that do not divide evenly: the last hour with an amount takes the line item 60th-digit rounding', () => {
    // 1801 s + 1 s = 1802 s × 0.096 / 3600: the line item's usdExact is rounded to 60 digits
    // (0.0480533…33 at 60 digits); the hours 1801 × 0.096 / 3600 = 0.0480266…67 and 1 × 0.096 / 3600
    // = 0.0000266…67 are each rounded too. Their sum is not the item's to the last digit; the last
    // hour carries the difference, so the hours add up exactly.
    const usdExact = new Dec(1802).times('0.096').div(3600);
    const { usd, spread } = hourlyAmounts(usdExact, { kind: 'ticks', ticks: [1801, 1], usd: new Dec('0.096'), divisor: 3600 }, twoHours);
    expect(spread).toBe(false);
    expect(usd[0].toFixed()).toBe(new Dec(1801).times('0.096').div(3600).toFixed());
    expect(sum(usd).eq(usdExact.toFixed())).toBe(true);
    // the difference is in the last digits only
    expect(new X(usd[1].toFixed()).minus(new Dec(1).times('0.096').div(3600).toFixed()).abs().lt('1e-58')).toBe(true);
  });

  it('usd: the hours as given (a Spot price trace: 30 %, 50 %, 40 % of $0.096)', () => {
    // 0.30 × 0.096 = 0.0288; 0.50 × 0.096 = 0.048; 0.40 × 0.096 = 0.0384; sum 0.1152
    const { usd, spread } = hourlyAmounts(new Dec('0.1152'), { kind: 'usd', usd: [new Dec('0.0288'), new Dec('0.048'), new Dec('0.0384')] }, { hours: 3, lastHourSeconds: 3600 });
    expect(texts(usd)).toEqual(['0.0288', '0.048', '0.0384']);
    expect(spread).toBe(false);
  });

  it('share: spread by weights, the last weighted hour taking the rest', () => {
    // $1 by weights 1, 2, 0: 1/3 = 0.333… (60 digits) in hour 0, and 1 − that in hour 1
    const { usd, spread } = hourlyAmounts(new Dec(1), { kind: 'share', weights: [1, 2, 0] }, { hours: 3, lastHourSeconds: 3600 });
    expect(spread).toBe(true);
    expect(usd[0].toFixed()).toBe(new Dec(1).div(3).toFixed());
    expect(usd[2].isZero()).toBe(true);
    expect(sum(usd).eq(1)).toBe(true);
  });

  it('no driver: spread by the run seconds of each hour (90 minutes: 3600 and 1800 s)', () => {
    // $0.30 × 3600 / 5400 = 0.2; the last hour 0.1
    const { usd, spread } = hourlyAmounts(new Dec('0.3'), undefined, { hours: 2, lastHourSeconds: 1800 });
    expect(texts(usd)).toEqual(['0.2', '0.1']);
    expect(spread).toBe(true);
  });

  it('a driver that does not follow the bill is not trusted: its hours are used as weights', () => {
    // The hours say 0.096 + 0.096 = 0.192, the line item 0.144: spread 1 : 1, 0.072 each.
    const { usd, spread } = hourlyAmounts(new Dec('0.144'), { kind: 'ticks', ticks: [3600, 3600], usd: new Dec('0.096'), divisor: 3600 }, twoHours);
    expect(texts(usd)).toEqual(['0.072', '0.072']);
    expect(spread).toBe(true);
  });
});

describe('hourlyCosts', () => {
  it('keeps the line items order, prints exact text, and totals each hour', () => {
    const items = [item('ec2.on-demand.m5.large', '0.144'), item('ec2.ri-fee.m5.large', '0.12')];
    const drivers = new Map([
      ['ec2.on-demand.m5.large', { kind: 'ticks' as const, ticks: [1800, 3600], usd: new Dec('0.096'), divisor: 3600 }],
      // an RI at $0.06 an hour: 3600 s × 0.06 / 3600 every hour
      ['ec2.ri-fee.m5.large', { kind: 'ticks' as const, ticks: [3600, 3600], usd: new Dec('0.06'), divisor: 3600 }],
    ]);
    const ledger = hourlyCosts(items, drivers, twoHours);
    expect(ledger.costs).toEqual({ hours: 2, items: [{ id: 'ec2.on-demand.m5.large', usd: ['0.048', '0.096'] }, { id: 'ec2.ri-fee.m5.large', usd: ['0.06', '0.06'] }] });
    // hour 0: 0.048 + 0.06 = 0.108; hour 1: 0.096 + 0.06 = 0.156
    expect(ledger.hourTotals.map((t) => t.toFixed())).toEqual(['0.108', '0.156']);
    expect(ledger.spread).toEqual([]);
  });
});

describe('fillCumulativeUsd', () => {
  it('is exact at each hour end and linear within the hour, to 4 decimals', () => {
    // Hour 0 costs $0.0288, hour 1 $0.048, 2 h = 120 minutes.
    const out = new Float64Array(120);
    fillCumulativeUsd(out, [new X('0.0288'), new X('0.048')], 7200, 4);
    // minute 0 ends at 60 s: 0.0288 × 60 / 3600 = 0.00048 → 0.0005
    expect(out[0]).toBe(0.0005);
    // minute 29 ends at 1800 s: 0.0144
    expect(out[29]).toBe(0.0144);
    expect(out[59]).toBe(0.0288);
    // minute 89 ends at 5400 s: 0.0288 + 0.048 / 2 = 0.0528
    expect(out[89]).toBe(0.0528);
    expect(out[119]).toBe(0.0768);
  });

  it('rounds a value exactly half a unit up, whatever the float would say', () => {
    // $0.0003 in an hour: minute 9 ends at 600 s, 0.0003 / 6 = 0.00005 exactly: half of 0.0001 → 0.0001
    // (in floats 0.0003 × 600 / 3600 is 0.000049999999999999996).
    const out = new Float64Array(60);
    fillCumulativeUsd(out, [new X('0.0003')], 3600, 4);
    expect(out[9]).toBe(0.0001);
    // minute 8 ends at 540 s: 0.000045 → 0
    expect(out[8]).toBe(0);
  });

  it('ends at the exact total, not the cent: five 60-second Linux task minimums ($0.0041142)', () => {
    const out = new Float64Array(60);
    fillCumulativeUsd(out, [new X('0.0041142')], 3600, 4);
    expect(out[59]).toBe(0.0041);
  });

  it('a partial last hour and minute: 90.5 minutes', () => {
    // Hours: [0, 3600) $0.096, [3600, 5430) $0.0488 (1830 s × 0.096 / 3600). 91 minutes, the last ends at 5430 s.
    const out = new Float64Array(91);
    fillCumulativeUsd(out, [new X('0.096'), new X('0.0488')], 5430, 4);
    // minute 74 ends at 4500 s: 0.096 + 0.0488 × 900 / 1830 = 0.096 + 0.024 = 0.12
    expect(out[74]).toBe(0.12);
    expect(out[90]).toBe(0.1448);
  });
});
