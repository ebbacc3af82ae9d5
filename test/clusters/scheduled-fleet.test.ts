// EC2 Auto Scaling scheduled actions on a fleet: min / max / desired at a time or on a cron
// (docs/model.md). Each launch is an ordinary launch: billed per second from running with EC2's
// 60-second minimum (aws-facts §2.1). m5.large on-demand $0.096/h (catalog, us-east-1).
// The `ec2` shorthand's instances register at once (launch latency 0), so running = launch.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/index.js';
import { clusterText, eventsOf, lineItem, runCluster } from './cluster-case.js';

const fleet = (scheduled: unknown[]) => ({ type: 'ec2', instanceType: 'm5.large', instances: 2, networkMode: 'bridge', scheduled });

describe('scheduled actions on a fixed EC2 fleet', () => {
  it('at 1 h desired 4, at 3 h desired 2: two more instances for 2 h', () => {
    const alt = runCluster({ horizon: '4h', desiredCount: 2, capacity: fleet([{ at: '1h', desired: 4 }, { at: '3h', desired: 2 }]) });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([0, 0, 3600, 3600]);
    // Scale-in: empty instances first, newest first: #3 and #2 (the service's 2 tasks are on #0, #1).
    expect(eventsOf(alt, 'instance-terminate').map((e) => e.t)).toEqual([10800, 10800]);
    // 2 × 14,400 s + 2 × (10,800 − 3,600) s = 28,800 + 14,400 = 43,200 s = 12 h × $0.096 = $1.152
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('1.152');
  });

  it('on a weekday cron, 08:00 up to 4 and 18:00 back to 2, over Monday', () => {
    const alt = runCluster({ horizon: '1d', desiredCount: 2, capacity: fleet([{ cron: '0 8 * * 1-5', desired: 4 }, { cron: '0 18 * * 1-5', desired: 2 }]) });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([0, 0, 28800, 28800]);
    expect(eventsOf(alt, 'instance-terminate').map((e) => e.t)).toEqual([64800, 64800]);
    // 2 × 86,400 + 2 × (64,800 − 28,800) = 172,800 + 72,000 = 244,800 s = 68 h × $0.096 = $6.528
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('6.528');
  });

  it('an instance stopped 30 s after its launch is billed the 60-second minimum', () => {
    const alt = runCluster({ horizon: '2h', desiredCount: 2, capacity: fleet([{ at: '1h', desired: 3 }, { at: '3630s', desired: 2 }]) });
    // 2 × 7,200 s + max(60, 30) = 14,460 s × $0.096 / 3,600 = $0.3856
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('0.3856');
  });

  it('min and max bound the desired count: max 3 caps a desired 5', () => {
    const alt = runCluster({ horizon: '2h', desiredCount: 2, capacity: fleet([{ at: '1h', max: 3, desired: 5 }]) });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([0, 0, 3600]);
  });

  it('bad input names the field', () => {
    const text = (s: unknown[]) => clusterText({ horizon: '1h', desiredCount: 1, capacity: fleet(s) });
    expect(() => parseScenario(text([{ desired: 3 }]))).toThrow(/capacity\.scheduled\[0\][\s\S]*exactly one of cron or at/);
    expect(() => parseScenario(text([{ at: '1h' }]))).toThrow(/capacity\.scheduled\[0\][\s\S]*must set min, max or desired/);
    expect(() => parseScenario(text([{ cron: '0 25 * * *', desired: 3 }]))).toThrow(/capacity\.scheduled\[0\]\.cron/);
  });
});

describe('scheduled actions on an Auto Scaling group provider', () => {
  it('raise min at 1 h: the group launches up to it (launch latency 60 s, billed from running at +15 s)', () => {
    const capacity = {
      type: 'cluster',
      networkMode: 'bridge',
      providers: [{ name: 'od', asg: { instanceTypes: ['m5.large'], min: 1, max: 4, desired: 1, managedScaling: false, launchLatency: '60s', scheduled: [{ at: '1h', min: 3 }] } }],
    };
    const alt = runCluster({ horizon: '2h', desiredCount: 1, capacity });
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([0, 3600, 3600]);
    // 7,200 + 2 × (7,200 − 3,615) = 7,200 + 7,170 = 14,370 s × $0.096 / 3,600 = $0.3832
    expect(lineItem(alt, 'ec2.on-demand.m5.large').usdExact).toBe('0.3832');
  });
});
