// EC2 Spot price and capacity (aws-facts §2.3): the Spot price as a fraction of on-demand, a
// price trace (a change applies from the next clock hour: capsim's documented rule), and
// shortages (no Spot capacity: launches wait for the end). No interruptions here
// (interruptionsPerHour: 0), so every figure is exact. m5.large on-demand $0.096 an hour; one
// task of 2 vCPU / 4 GB fills one m5.large.

import { describe, expect, it } from 'vitest';
import { eventsOf, lineItem, runCluster } from './cluster-case.js';

function spotGroup(size: number, spot: Record<string, unknown>, asg: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'cluster',
    providers: [
      {
        name: 'spot',
        asg: { instanceTypes: ['m5.large'], purchase: 'spot', min: size, max: size, desired: size, launchLatency: '60s', managedScaling: false, ...asg, spot: { interruptionsPerHour: 0, ...spot } },
      },
    ],
    trunking: true,
  };
}

const TASK = '{ cpu: 2 vCPU, memory: 4 GB }';

describe('Spot price', () => {
  it('price: 30% → the line item rate is 0.3 × $0.096 = $0.0288 per instance-hour', () => {
    // 2 instances × 2 h = 4 instance-hours × $0.0288 = $0.1152
    const alt = runCluster({ horizon: '2h', task: TASK, desiredCount: 2, capacity: spotGroup(2, { price: '30%' }) });
    const item = lineItem(alt, 'ec2.spot.m5.large');
    expect(item).toMatchObject({ quantity: '4', unit: 'instance-hours', usdPerUnit: '0.0288', usdExact: '0.1152', usd: 0.12 });
    expect(item.description).toMatch(/30% of on-demand/);
    expect(alt.cost.lineItems.map((i) => i.id)).toEqual(['ec2.spot.m5.large']); // no on-demand usage
  });

  it('a price trace changing at a clock hour and in the middle of one: each clock hour pays its price', () => {
    // price 40 %, then 20 % from 1 h (a clock hour), then 50 % from 2 h 30 m (applies from 3 h):
    //   hour 0: 0.4 × 0.096 = $0.0384   hour 2: 0.2 × 0.096 = $0.0192
    //   hour 1: 0.2 × 0.096 = $0.0192   hour 3: 0.5 × 0.096 = $0.048
    // total $0.1248 for 4 instance-hours; the line item shows the average, 0.1248 / 4 = $0.0312.
    const capacity = spotGroup(1, { price: '40%', priceTrace: [{ at: '1h', price: '20%' }, { at: '150m', price: '50%' }] });
    const alt = runCluster({ horizon: '4h', task: TASK, desiredCount: 1, capacity });
    const item = lineItem(alt, 'ec2.spot.m5.large');
    expect(item.quantity).toBe('4');
    expect(Number(item.usdExact)).toBeCloseTo(0.1248, 12);
    expect(Number(item.usdPerUnit)).toBeCloseTo(0.0312, 8);
    expect(alt.cost.totalUsd).toBe(0.12);
    expect(item.description).toMatch(/price trace/);
  });

  it('a trace that starts at 0 replaces the flat price from the first hour', () => {
    // 25 % for hours 0–1, 45 % from 2 h: 2 × 0.024 + 2 × 0.0432 = $0.1344
    const capacity = spotGroup(1, { price: '90%', priceTrace: [{ at: '0s', price: '25%' }, { at: '2h', price: '45%' }] });
    const alt = runCluster({ horizon: '4h', task: TASK, desiredCount: 1, capacity });
    expect(Number(lineItem(alt, 'ec2.spot.m5.large').usdExact)).toBeCloseTo(0.1344, 12);
  });
});

describe('Spot shortages', () => {
  it('a shortage from t = 0 to 30 m: no Spot launch during it, both instances launch at its end', () => {
    // The group wants 2 at t = 0 but there is no capacity until 1,800 s: both launches wait
    // (one 'scaling' note each), then launch at 1,800, register at 1,860 and take one task each,
    // which serve at 1,860 + 40 = 1,900 s.
    const capacity = spotGroup(2, { shortages: [{ from: '0s', to: '30m' }] });
    const alt = runCluster({ horizon: '1h', task: TASK, desiredCount: 2, capacity });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([1800, 1800]);
    const waits = eventsOf(alt, 'scaling');
    expect(waits.map((e) => e.t)).toEqual([0, 0]);
    for (const e of waits) expect(e.detail).toMatch(/no Spot capacity, launch waits until 1800s/);
    expect(eventsOf(alt, 'task-running').map((e) => e.t)).toEqual([1900, 1900]);
    expect(alt.series.runningTasks.slice(0, 31).every((n) => n === 0)).toBe(true); // minutes 0–30
    expect(alt.series.runningTasks.at(-1)).toBe(2);
    // billed from running, 15 s after the launch at 1,800 s: 2 × 1,785 s = 3,570 s = 0.991667
    // instance-hours × 0.35 × $0.096 = $0.03332
    expect(lineItem(alt, 'ec2.spot.m5.large')).toMatchObject({ quantity: '0.991667', usdExact: '0.03332' });
  });

  it('a shortage from 30 s to 10 m holds a managed scale-out: the decision at 60 s, the launch at 600 s', () => {
    // 1 prewarmed instance takes task 0; task 1 waits (2 vCPU each, one per m5.large).
    // t = 60: M 2 / N 1 = 200 % (#0 stands for an instance up before the run, past its warm-up):
    //   desired 1 → 2; the launch finds no Spot capacity and waits until 600 s.
    // t = 120 … 540: still 200 %, desired is already 2: no new decision, no second launch.
    // t = 600: the launch goes; #1 registers at 660 and task 1 serves at 700.
    const capacity = spotGroup(1, { shortages: [{ from: '30s', to: '10m' }] }, { min: 1, max: 3, desired: 1, managedScaling: {} });
    const alt = runCluster({ horizon: '20m', task: TASK, desiredCount: 2, warmStart: false, capacity });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([0, 600]);
    expect(eventsOf(alt, 'scaling')).toEqual([
      { t: 60, detail: expect.stringMatching(/desired 1 → 2: managed scaling/) },
      { t: 60, detail: expect.stringMatching(/no Spot capacity, launch waits until 600s/) },
    ]);
    expect(eventsOf(alt, 'task-running').map((e) => e.t)).toEqual([40, 700]);
  });

  it('a shortage is of Spot capacity only: the on-demand group of the same cluster launches at t = 0', () => {
    const capacity = {
      type: 'cluster',
      providers: [
        { name: 'od', asg: { instanceTypes: ['m5.large'], min: 1, max: 1, desired: 1, managedScaling: false } },
        { name: 'spot', asg: { instanceTypes: ['m5.large'], purchase: 'spot', min: 1, max: 1, desired: 1, managedScaling: false, spot: { interruptionsPerHour: 0, shortages: [{ from: '0s', to: '30m' }] } } },
      ],
      strategy: [{ provider: 'od', weight: 1 }, { provider: 'spot', weight: 1 }],
    };
    const alt = runCluster({ horizon: '1h', task: TASK, desiredCount: 2, warmStart: false, capacity });
    expect(eventsOf(alt, 'instance-launch').map((e) => [e.t, e.detail.match(/\((\w+), (on-demand|spot)/)?.slice(1).join(' ')])).toEqual([
      [0, 'od on-demand'],
      [1800, 'spot spot'],
    ]);
  });
});
