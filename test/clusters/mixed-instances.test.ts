// Mixed instances policy: which type a launch gets (prioritized or lowest-price), and a Spot
// shortage on one type that a diversified group rides out on another.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';

const scenario = (asg: string) => `
name: mixed
horizon: 2h
workload: { rps: { type: constant, rps: 100 } }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: 4, taskCapacity: 60 rps }
alternatives:
  - name: a
    capacity:
      type: cluster
      providers:
        - name: spot
          asg: ${asg}
`;

function spotItems(asg: string) {
  const alt = simulate(parseScenario(scenario(asg)));
  return alt.cost.lineItems.filter((li) => li.id.startsWith('ec2.spot.'));
}

describe('mixed instances policy', () => {
  it('prioritized: a Spot shortage on the first type launches the second; 2 × m5.xlarge × 2 h at 35 %', () => {
    // Shortage of c5.xlarge over the first hour: both launches at t = 0 get m5.xlarge and keep it.
    // Launched (not prewarmed: the shortage blocked the start), billed from running at 15 s:
    // 2 × (7,200 − 15) = 14,370 s = 3.991667 h × $0.192 × 0.35 = $0.26824
    const items = spotItems('{ instanceTypes: [c5.xlarge, m5.xlarge], purchase: spot, max: 4, desired: 2, prewarmed: false, launchLatency: 30s, spot: { interruptionsPerHour: 0, shortages: [{ from: 0, to: 1h, instanceTypes: [c5.xlarge] }] } }');
    expect(items.map((li) => li.id)).toEqual(['ec2.spot.m5.xlarge']);
    expect(items[0].quantity).toBe('3.991667');
    expect(items[0].usdExact).toBe('0.26824');
  });

  it('prioritized without a shortage: the first listed type', () => {
    // 4 instance-hours × $0.192 × 0.35 = $0.2688 on m5.xlarge (listed first)
    const items = spotItems('{ instanceTypes: [m5.xlarge, c5.xlarge], purchase: spot, max: 4, desired: 2, spot: { interruptionsPerHour: 0 } }');
    expect(items.map((li) => li.id)).toEqual(['ec2.spot.m5.xlarge']);
  });

  it('lowest-price: the cheaper type whatever the order; 4 × c5.xlarge hours at 35 % = $0.238', () => {
    // c5.xlarge $0.17 < m5.xlarge $0.192: 4 × 0.17 × 0.35 = 0.238
    const items = spotItems('{ instanceTypes: [m5.xlarge, c5.xlarge], allocation: lowest-price, purchase: spot, max: 4, desired: 2, spot: { interruptionsPerHour: 0 } }');
    expect(items.map((li) => [li.id, li.usdExact])).toEqual([['ec2.spot.c5.xlarge', '0.238']]);
  });

  it('every type short: launches wait for the first shortage to end', () => {
    // Both types short for 30 min: no instance until 1800 s, billed from running at 1815 s:
    // 2 × (7,200 − 1,815) = 10,770 s = 2.991667 h × 0.17 × 0.35 = 0.1780041666…
    const items = spotItems('{ instanceTypes: [c5.xlarge, m5.xlarge], purchase: spot, max: 4, desired: 2, prewarmed: false, launchLatency: 30s, spot: { interruptionsPerHour: 0, shortages: [{ from: 0, to: 30m }] } }');
    expect(items.map((li) => [li.id, li.quantity, li.usdExact])).toEqual([['ec2.spot.c5.xlarge', '2.991667', '0.178004166666666666666666666666666666666666666666666666666667']]);
  });
});
