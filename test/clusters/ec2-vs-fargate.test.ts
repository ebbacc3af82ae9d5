// The shipped scenario scenarios/ec2-vs-fargate.yaml, end to end: 14 days (336 clock hours) of
// one service on Fargate, Fargate Spot, EC2 with managed scaling, an EC2 Spot mix, and the EC2
// fleet again with 2 one-year Reserved Instances or a Compute Savings Plan.
// Commitment figures by hand (aws-facts §2.4, src/billing/commitments/discounts.ts):
//   c5.xlarge on-demand $0.17/h; 1-yr Standard no-upfront RI discount 36.92 % (the c5 commitment
//   card: calculator rate $0.319 less the Windows licence $0.184 = $0.135 vs $0.214 → 1 − 0.630841)
//   → effective 0.17 × (1 − 0.3692) = 0.17 × 0.6308 = $0.107236 per RI-hour, due every clock hour.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario, type AlternativeResult } from '../../src/index.js';
import { renderTable } from '../../src/report/index.js';
import { lineItem } from './cluster-case.js';

const file = fileURLToPath(new URL('../../scenarios/ec2-vs-fargate.yaml', import.meta.url));
const result = compare(loadScenario(file));
const alt = (name: string): AlternativeResult => {
  const found = result.alternatives.find((a) => a.name === name);
  if (!found) throw new Error(`no alternative ${name}`);
  return found;
};

const HOURS = 336; // 14 d × 24 h

describe('commitments end to end', () => {
  it('the RI alternative pays ec2.ri-fee.c5.xlarge = 2 RIs × 336 h × $0.107236 = $72.062592', () => {
    // 2 × 336 = 672 RI-hours; 672 × 0.107236 = 67.2 + 4.862592 = 72.062592
    expect(lineItem(alt('ec2-on-demand-1y-ri'), 'ec2.ri-fee.c5.xlarge')).toMatchObject({ quantity: '672', usdPerUnit: '0.107236', usdExact: '72.062592', usd: 72.06 });
  });

  it('…and the RIs are always used: the fleet never has fewer than 2 instances, so the same fleet costs $42.18 less', () => {
    // The service keeps ≥ 4 tasks (minCapacity 4) and a c5.xlarge holds 3 (memory 8192 − 256
    // reserved = 7936 MiB / 2048 = 3), so ≥ 2 instances run at every instant: each clock hour
    // has ≥ 7,200 c5.xlarge-seconds and both RIs cover their 3,600 s. Commitments re-price, they
    // do not change the run, so the on-demand alternative is the same fleet:
    //   on-demand hours drop by exactly 672; saving 672 × (0.17 − 0.107236) = 672 × 0.062764 = $42.177408.
    const od = alt('ec2-on-demand-managed');
    const ri = alt('ec2-on-demand-1y-ri');
    expect(ri.commitments.riUtilisation).toBe(1);
    const odHours = Number(lineItem(od, 'ec2.on-demand.c5.xlarge').quantity);
    const riHours = Number(lineItem(ri, 'ec2.on-demand.c5.xlarge').quantity);
    expect(odHours - riHours).toBeCloseTo(672, 5);
    expect(ri.cost.totalUsd).toBeLessThan(od.cost.totalUsd);
    expect(od.cost.totalUsd - ri.cost.totalUsd).toBeCloseTo(42.18, 1); // each total is rounded to the cent once
    expect(Math.abs(od.cost.totalUsd - ri.cost.totalUsd - 42.177408)).toBeLessThanOrEqual(0.01);
    // nothing else in the bill moved
    const others = (a: AlternativeResult) => a.cost.lineItems.filter((i) => !i.id.startsWith('ec2.')).map((i) => [i.id, i.usdExact]);
    expect(others(ri)).toEqual(others(od));
  });

  it('the Compute SP alternative pays sp.commitment.compute = 336 h × $0.20 = $67.20', () => {
    expect(lineItem(alt('fargate-compute-sp'), 'sp.commitment.compute')).toMatchObject({ quantity: String(HOURS), usdPerUnit: '0.2', usdExact: '67.2', usd: 67.2 });
  });

  it('the RI fee is charged only where RIs were bought', () => {
    for (const a of result.alternatives) {
      const fees = a.cost.lineItems.filter((i) => i.id.startsWith('ec2.ri-fee.') || i.id.startsWith('sp.commitment.')).map((i) => i.id);
      const expected = a.name === 'ec2-on-demand-1y-ri' ? ['ec2.ri-fee.c5.xlarge'] : a.name === 'fargate-compute-sp' ? ['sp.commitment.compute'] : [];
      expect(fees, a.name).toEqual(expected);
    }
  });
});

describe('the ec2-vs-fargate result, per alternative', () => {
  const names = ['fargate', 'fargate-spot-1to3-base2', 'ec2-on-demand-managed', 'ec2-spot-mix', 'ec2-on-demand-1y-ri', 'fargate-compute-sp'];

  it('runs every alternative over 336 hours', () => {
    expect(result.alternatives.map((a) => a.name)).toEqual(names);
    expect(result.scenario.horizonSeconds).toBe(HOURS * 3600);
  });

  it.each(names)('%s: line items that add up, idle money, Spot interruptions (0 allowed) and the SLO', (name) => {
    const a = alt(name);
    expect(a.cost.lineItems.length).toBeGreaterThan(0);
    const sum = a.cost.lineItems.reduce((s, i) => s + Number(i.usdExact), 0);
    expect(Math.abs(sum - a.cost.totalUsd)).toBeLessThanOrEqual(0.005 + 1e-9);
    // idle money = total × idle vCPU share (both rounded: the share to 4 places, the money to the cent)
    expect(a.usage.idleUsd).toBeGreaterThanOrEqual(0);
    expect(a.usage.idleUsd).toBeLessThanOrEqual(a.cost.totalUsd);
    expect(Math.abs(a.usage.idleUsd - a.cost.totalUsd * a.usage.idleVcpuShare)).toBeLessThanOrEqual(0.00005 * a.cost.totalUsd + 0.005);
    const interruptions = a.eventCounts.interruption ?? 0;
    expect(interruptions).toBeGreaterThanOrEqual(0);
    expect(interruptions).toBe(a.events.filter((e) => e.kind === 'interruption').length);
    expect(a.slo).toMatchObject({ latencyP95TargetMs: 300, maxMinutesOverShare: 0.01 });
    expect(typeof a.slo.met).toBe('boolean');
    expect(a.slo.minutesOverShare).toBeCloseTo(a.slo.minutesOver / (HOURS * 60), 6);
  });

  it('alternatives without Spot capacity have no interruptions at all', () => {
    for (const name of ['fargate', 'ec2-on-demand-managed', 'ec2-on-demand-1y-ri', 'fargate-compute-sp']) expect(alt(name).eventCounts.interruption ?? 0, name).toBe(0);
  });

  it('the terminal table shows the idle money, Spot interruptions and the SLO for every alternative', () => {
    const text = renderTable(result, { color: false });
    const header = text.split('\n').find((line) => line.includes('idle paid'));
    expect(header).toBeDefined();
    expect(header).toContain('Spot intr.');
    expect(header).toMatch(/\bSLO\b/);
    for (const name of names) expect(text).toContain(name);
  });
});
