// The hourly ledger (AlternativeResult.hourlyCosts, costs.csv) of whole runs, each hour worked out
// by hand from AWS's rates (us-east-1: m5.large $0.096 per hour; Fargate Linux/x86 $0.000011244
// per vCPU-second and $0.000001235 per GB-second), and the cumulative cost drawn from it. Hour h
// is [3600 h, 3600 (h + 1)) s of the run.

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario, parseScenario, type AlternativeResult, type ComparisonResult } from '../../src/index.js';
import { costsCsv } from '../../src/report/index.js';
import { checkHourlyLedger } from '../audit/checks.js';

const X = Decimal.clone({ precision: 1000 });

function byName(result: ComparisonResult, name: string): AlternativeResult {
  const alt = result.alternatives.find((a) => a.name === name);
  if (!alt) throw new Error(`no alternative ${name}`);
  return alt;
}

/** An alternative's hours of one line item, as costs.csv prints them. */
function hours(alt: AlternativeResult, id: string): string[] {
  const item = alt.hourlyCosts?.items.find((i) => i.id === id);
  if (!item) throw new Error(`no hours for ${id}; have ${alt.hourlyCosts?.items.map((i) => i.id).join(', ')}`);
  return item.usd;
}

/** cumulative_usd at the end of minute m (the minute's last second). */
function cumulativeAt(alt: AlternativeResult, minute: number): number {
  return alt.series.cumulativeUsd[minute];
}

describe('a Spot price trace, hour by hour', () => {
  // One m5.large Spot instance for 3 h. The trace sets 30 % at 0, 50 % at 30 min, 40 % at 2 h; a
  // price change takes effect at the next clock hour (docs/model.md), so hour 0 is at 30 %.
  const result = compare(
    parseScenario(`
name: ec2-spot
horizon: 3h
seed: 7
workload:
  rps: { type: constant, rps: 10 }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 1
  taskCapacity: 100 rps
alternatives:
  - name: spot-flat
    capacity:
      type: cluster
      providers:
        - name: sp
          asg: { instanceTypes: [m5.large], purchase: spot, min: 1, max: 1, desired: 1, managedScaling: false, spot: { interruptionsPerHour: 0 } }
  - name: spot-trace
    capacity:
      type: cluster
      providers:
        - name: sp
          asg: { instanceTypes: [m5.large], purchase: spot, min: 1, max: 1, desired: 1, managedScaling: false, spot: { interruptionsPerHour: 0, priceTrace: [{ at: 0, price: 30% }, { at: 30m, price: 50% }, { at: 2h, price: 40% }] } }
`),
  );

  it('prices each hour at its own fraction of $0.096', () => {
    const trace = byName(result, 'spot-trace');
    // hour 0: 0.30 × 0.096 = 0.0288; hour 1: 0.50 × 0.096 = 0.048; hour 2: 0.40 × 0.096 = 0.0384
    expect(hours(trace, 'ec2.spot.m5.large')).toEqual(['0.0288', '0.048', '0.0384']);
    // 0.0288 + 0.048 + 0.0384 = 0.1152, the line item
    expect(trace.cost.lineItems.map((li) => li.usdExact)).toEqual(['0.1152']);
    // the default Spot price, 35 %: 0.35 × 0.096 = 0.0336 every hour
    expect(hours(byName(result, 'spot-flat'), 'ec2.spot.m5.large')).toEqual(['0.0336', '0.0336', '0.0336']);
  });

  it('cumulative_usd follows the hours (was a straight line to the cent-rounded total: 0.04 at minute 59)', () => {
    const trace = byName(result, 'spot-trace');
    expect(cumulativeAt(trace, 59)).toBe(0.0288);
    // half of hour 1: 0.0288 + 0.048 / 2 = 0.0528
    expect(cumulativeAt(trace, 89)).toBe(0.0528);
    // 0.0288 + 0.048 = 0.0768
    expect(cumulativeAt(trace, 119)).toBe(0.0768);
    expect(cumulativeAt(trace, 179)).toBe(0.1152);
  });
});

describe('an EC2 on-demand instance launched 30 minutes into a 2-hour run', () => {
  // One m5.large from the start, a second one from 30 min (a scheduled action): per-second billing.
  const alt = compare(
    parseScenario(`
name: ec2-late
horizon: 2h
workload:
  rps: { type: constant, rps: 10 }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 1
  taskCapacity: 100 rps
alternatives:
  - name: late
    capacity: { type: ec2, instanceType: m5.large, instances: 1, scheduled: [{ at: 30m, desired: 2 }] }
`),
  ).alternatives[0];

  it('bills the late instance 1800 s in hour 0 and 3600 s in hour 1', () => {
    expect(alt.events.filter((e) => e.kind === 'instance-launch').map((e) => e.t)).toEqual([0, 1800]);
    // hour 0: (3600 + 1800) s × 0.096 / 3600 = 0.144; hour 1: (3600 + 3600) s × 0.096 / 3600 = 0.192
    expect(hours(alt, 'ec2.on-demand.m5.large')).toEqual(['0.144', '0.192']);
    // the first runs 2 h, the second 1.5 h: 3.5 instance-hours × 0.096 = 0.336
    expect(alt.cost.lineItems[0].usdExact).toBe('0.336');
  });

  it('cumulative_usd is exact at each hour end and linear within it', () => {
    expect(cumulativeAt(alt, 59)).toBe(0.144);
    // minute 29 ends at 1800 s: 0.144 / 2 = 0.072 (within an hour the ledger has no finer grain)
    expect(cumulativeAt(alt, 29)).toBe(0.072);
    expect(cumulativeAt(alt, 119)).toBe(0.336);
  });
});

describe('five 30-second Fargate Linux jobs, each billed its one-minute minimum', () => {
  // 1 vCPU / 2 GB jobs every 1190 s over 100 minutes (arriving at 1190, 2380, 3570, 4760 and 5950 s),
  // each billed from its image pull, 10 s after arrival (ENI), for 30 s: under a minute, so 60 s.
  // The minimum falls in the hour the task started (as the commitments engine counts it): the job
  // pulled at 3580 s runs 20 s in hour 0 and 10 s in hour 1, and its 30 s top-up goes to hour 0.
  const alt = compare(
    parseScenario(`
name: five-jobs
horizon: 100m
tick: 1s
jobs:
  task: { cpu: 1 vCPU, memory: 2 GB }
  arrivals: { type: every, interval: 1190s }
  duration: 30s
  lifecycle: { eniProvisioning: 10s, stopTime: 0s, pullOverhead: 0s, imageSize: 1 MiB, pullBandwidth: 10240 GiB/s, containerStart: 0s }
alternatives:
  - name: linux-30s
    capacity: { type: fargate }
`),
  ).alternatives[0];

  it('splits 300 vCPU-seconds as 170 s in hour 0 and 130 s in hour 1', () => {
    expect(alt.events.filter((e) => e.kind === 'task-launch').map((e) => e.t)).toEqual([1190, 2380, 3570, 4760, 5950]);
    // hour 0: 60 + 60 + 50 = 170 vCPU-s × 0.000011244 = 0.00191148; 340 GB-s × 0.000001235 = 0.0004199
    // hour 1: 10 + 60 + 60 = 130 vCPU-s × 0.000011244 = 0.00146172; 260 GB-s × 0.000001235 = 0.0003211
    expect(hours(alt, 'fargate.vcpu')).toEqual(['0.00191148', '0.00146172']);
    expect(hours(alt, 'fargate.memory')).toEqual(['0.0004199', '0.0003211']);
    // 300 × 0.000011244 = 0.0033732; 600 × 0.000001235 = 0.000741; total 0.0041142
    expect(alt.cost.lineItems.map((li) => li.usdExact)).toEqual(['0.0033732', '0.000741']);
  });

  it('cumulative_usd ends at the exact $0.0041142 (was 0: the total rounded to the cent)', () => {
    // end of hour 0: 0.00191148 + 0.0004199 = 0.00233138 → 0.0023
    expect(cumulativeAt(alt, 59)).toBe(0.0023);
    // minute 79 ends at 4800 s, half of the 2400-s last hour: 0.00233138 + 0.00178282 / 2 = 0.00322279 → 0.0032
    expect(cumulativeAt(alt, 79)).toBe(0.0032);
    expect(alt.cost.totalUsd).toBe(0);
    expect(cumulativeAt(alt, 99)).toBe(0.0041);
  });
});

describe('commitments: fees due every hour, uncovered usage on-demand', () => {
  // 150 minutes: two whole hours and a last one of 1800 s, prorated.
  const result = compare(
    parseScenario(`
name: commitments
horizon: 150m
workload:
  rps: { type: constant, rps: 10 }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 2
  taskCapacity: 100 rps
alternatives:
  - name: ri
    capacity: { type: ec2, instanceType: m5.large, instances: 2 }
    commitments: { reservedInstances: [{ instanceType: m5.large, count: 1 }] }
  - name: sp
    capacity: { type: ec2, instanceType: m5.large, instances: 1 }
    commitments: { savingsPlans: [{ type: compute, commitment: 0.05 }] }
`),
  );

  it('an RI: its fee every hour, the instance it does not cover on-demand', () => {
    const ri = byName(result, 'ri');
    // 1-year standard no-upfront m5.large RI: 0.096 × (1 − 37.5 %) = $0.06 an hour; the last hour 1800 s: 0.03
    expect(hours(ri, 'ec2.ri-fee.m5.large')).toEqual(['0.06', '0.06', '0.03']);
    // 2 instances, 1 covered: 3600 s × 0.096 / 3600 = 0.096 an hour; the last hour 1800 s: 0.048
    expect(hours(ri, 'ec2.on-demand.m5.large')).toEqual(['0.096', '0.096', '0.048']);
    // hour ends: 0.156, 0.312, 0.39
    expect([59, 119, 149].map((m) => cumulativeAt(ri, m))).toEqual([0.156, 0.312, 0.39]);
  });

  it('a Compute Savings Plan: the commitment every hour, what it does not cover at the on-demand rate', () => {
    const sp = byName(result, 'sp');
    expect(hours(sp, 'sp.commitment.compute')).toEqual(['0.05', '0.05', '0.025']);
    // $0.05 at the m5 1-year no-upfront plan rate (0.8271 of on-demand) covers 0.05 / 0.8271 of
    // on-demand usage; the rest of the hour's $0.096 stays on-demand (audit F4: 0.096 − 0.05 / 0.8271).
    // The last hour: $0.048 of usage, $0.025 of commitment.
    const expected = [new X('0.096').minus(new X('0.05').div('0.8271')), new X('0.096').minus(new X('0.05').div('0.8271')), new X('0.048').minus(new X('0.025').div('0.8271'))];
    hours(sp, 'ec2.on-demand.m5.large').forEach((usd, h) => expect(new X(usd).minus(expected[h]).abs().lt('1e-55'), `hour ${h}: ${usd}`).toBe(true));
  });
});

describe('a monthly allowance is used up by the first hours: Lambda requests on the free tier', () => {
  // 1 request a second for 2 h: 3600 requests an hour. A 2-hour run stands for 2 / 730 of a month,
  // so its free allowance is 1,000,000 × 7200 / 2,628,000 = 2,739.726027 requests (to a millionth).
  const alt = compare(
    parseScenario(`
name: lambda-free
horizon: 2h
workload:
  rps: { type: constant, rps: 1 }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 1
  taskCapacity: 100 rps
alternatives:
  - name: fn
    capacity: { type: lambda, memory: 1024 MB, arch: arm64, freeTier: true }
`),
  ).alternatives[0];

  it('hour 0 pays for what is left after the allowance, hour 1 for all its requests', () => {
    // hour 0: (3600 − 2739.726027) × $0.0000002 = 860.273973 × 0.0000002 = 0.0001720547946
    // hour 1: 3600 × 0.0000002 = 0.00072
    expect(hours(alt, 'lambda.requests')).toEqual(['0.0001720547946', '0.00072']);
    // (7200 − 2739.726027) × 0.0000002 = 0.0008920547946
    expect(alt.cost.lineItems.find((li) => li.id === 'lambda.requests')!.usdExact).toBe('0.0008920547946');
    // the run's GB-seconds (tens of ms × 1 GB × 7200 requests) stay under the 1,095.89 GB-s allowance: no duration to pay
    expect(hours(alt, 'lambda.duration')).toEqual(['0', '0']);
  });
});

describe('every line item of a shipped scenario adds up hour by hour', () => {
  it.each(['web-api', 'ec2-vs-fargate', 'containers-vs-functions'])('scenarios/%s.yaml: exactly, and cumulative_usd is the running sum', (name) => {
    const scenario = loadScenario(`scenarios/${name}.yaml`);
    const result = compare(scenario);
    for (const alt of result.alternatives) expect(checkHourlyLedger(scenario, alt), alt.name).toEqual([]);
    if (name !== 'web-api') return;
    // A fixed fleet costs the same every hour: 10 × m5.large = 10 × 0.096 = 0.96; 5 × m6g.large = 5 × 0.077 = 0.385.
    expect(new Set(hours(byName(result, 'ec2-m5.large'), 'ec2.on-demand.m5.large'))).toEqual(new Set(['0.96']));
    expect(new Set(hours(byName(result, 'ec2-m6g.large-trunking'), 'ec2.on-demand.m6g.large'))).toEqual(new Set(['0.385']));
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same costs.csv, byte for byte', () => {
    const scenario = loadScenario('scenarios/spiky-api.yaml');
    const [a, b] = [compare(scenario), compare(scenario)].map((r) => costsCsv(r.alternatives));
    expect(b).toBe(a);
  });
});

describe('without reports to write, no ledger', () => {
  // `capsim run` without --out reads neither costs.csv nor cumulative_usd: it skips the ledger
  // (~0.1 s an alternative-year) and everything else is the same.
  it('ledger: false leaves hourlyCosts out and cumulative_usd at 0, and changes nothing else', () => {
    const s = loadScenario('scenarios/web-api.yaml');
    const short = { ...s, horizonSeconds: 2 * 86_400 };
    const withLedger = compare(short);
    const without = compare(short, { ledger: false });
    without.alternatives.forEach((a, i) => {
      const w = withLedger.alternatives[i];
      expect(w.hourlyCosts?.items.length).toBeGreaterThan(0);
      expect(a.hourlyCosts).toBeUndefined();
      expect(a.series.cumulativeUsd.every((v) => v === 0)).toBe(true);
      const { hourlyCosts: _h, series: ws, ...wRest } = w;
      const { hourlyCosts: _a, series: as, ...aRest } = a;
      expect(aRest).toEqual(wRest);
      expect(as.servedRps).toEqual(ws.servedRps);
      expect(as.latencyP95Ms).toEqual(ws.latencyP95Ms);
    });
  });
});
