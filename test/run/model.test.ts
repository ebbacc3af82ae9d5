// The fluid load model, ECS placement on EC2, and the demand curves, checked against totals
// worked out by hand. Ticks are 1 s unless a test says otherwise; "H" is the horizon in seconds.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type AlternativeResult } from '../../src/index.js';
import { scenarioText, type ScenarioText } from '../fixtures/scenario-text.js';

function run(s: Partial<ScenarioText> & Pick<ScenarioText, 'desiredCount'>): AlternativeResult {
  return simulate(
    parseScenario(
      scenarioText({
        horizon: '1h',
        task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
        alternatives: ['{ name: a, capacity: { type: fargate } }'],
        ...s,
      }),
    ),
  );
}

/** Every minute holds `expected` as a float32 column stores it. */
const every = (values: Float32Array, expected: number) => values.every((v) => v === Math.fround(expected));

describe('fluid model: served = min(offered, capacity)', () => {
  it('100 rps on 2 tasks of 60 rps: all 100 rps served, nothing dropped', () => {
    const alt = run({ desiredCount: 2 });
    // H = 3600 s: offered = served = 100 × 3600 = 360,000; capacity 2 × 60 = 120 rps
    expect(alt.requests).toEqual({ offered: 360_000, served: 360_000, dropped: 0 });
    expect(every(alt.series.servedRps, 100)).toBe(true);
    expect(every(alt.series.droppedRps, 0)).toBe(true);
    expect(every(alt.series.servingCapacityRps, 120)).toBe(true);
    // CPU = served / capacity = 100 / 120 = 83.333 %
    expect(every(alt.series.cpuPct, 83.333)).toBe(true);
    expect(alt.series.minutes).toBe(60);
    expect(alt.series.cpuPct).toHaveLength(60);
  });

  it('100 rps on 1 task of 60 rps with no queue: Erlang B turns away 53 %, more than the 40 rps above capacity', () => {
    const alt = run({ desiredCount: 1, serviceExtra: ['queueLimit: 0'] });
    // c = round(60 × 0.05) = 3 workers of μ = 20 rps, offered a = 100 / 20 = 5 with no place to
    // wait (M/M/3/3): B(3, 5) = (5³/3!) / (1 + 5 + 5²/2 + 5³/3!) = 20.8333 / 39.3333 = 0.529661.
    // A fluid queue would drop only the 40 rps above capacity; by chance a request also finds
    // all three workers busy when the task is not saturated on average.
    const b = 125 / 6 / (1 + 5 + 12.5 + 125 / 6);
    expect(alt.requests.offered).toBe(360_000);
    expect(alt.requests.dropped).toBeCloseTo(360_000 * b, 0);
    expect(alt.requests.served).toBeCloseTo(360_000 * (1 - b), 0);
    expect(every(alt.series.droppedRps, Math.fround(Number((100 * b).toPrecision(6))))).toBe(true);
    // CPU: served / capacity = 100 (1 − B) / 60 = 78.390 %
    expect(alt.series.cpuPct[10]).toBeCloseTo((100 * (1 - b)) / 0.6, 2);
    expect(alt.slo.met).toBe(false);
    expect(alt.slo.droppedShare).toBeCloseTo(b, 4);
  });

  it('with the default queue of 100 requests per task, the queue fills first, then 40 rps drop', () => {
    const alt = run({ desiredCount: 1 });
    // Per 1 s tick: 100 arrive, 60 served, the rest queues (limit 100 for one task):
    //   t=0 backlog 40; t=1 backlog 80; t=2 backlog 120 → 20 dropped, 100 kept;
    //   t≥3 each tick 200 available, 60 served, 40 dropped.
    // dropped = 20 + 40 × (3600 − 3) = 143,900; 100 requests are still queued at the end.
    expect(alt.requests).toEqual({ offered: 360_000, served: 216_000, dropped: 143_900 });
  });

  it('a cold start of 30 s drops everything until the tasks serve', () => {
    const alt = run({ desiredCount: 2, warmStart: false, startLatency: '30s' });
    // nothing serves during [0, 30): 100 × 30 = 3,000 dropped (no serving task, no queue);
    // then 2 × 60 = 120 ≥ 100 rps: 100 × 3,570 = 357,000 served
    expect(alt.requests).toEqual({ offered: 360_000, served: 357_000, dropped: 3_000 });
    // minute 0: 6,000 offered, 3,000 served → 50 rps served, 50 dropped
    expect(alt.series.servedRps[0]).toBe(50);
    expect(alt.series.droppedRps[0]).toBe(50);
    expect(alt.series.droppedRps[1]).toBe(0);
    expect(alt.startLatency).toMatchObject({ count: 2, p50Seconds: 30, p95Seconds: 30 });
    // a cold task is billed from its image pull at t = 0, the same as a warm one:
    // 2 × 0.5 vCPU × 3600 s = 3,600 vCPU-s × 0.000011244 = 0.0404784
    expect(alt.cost.lineItems.find((i) => i.id === 'fargate.vcpu')?.usdExact).toBe('0.0404784');
  });
});

describe('EC2 placement: CPU, memory and ENI slots (aws-facts §2.2, §3.1)', () => {
  const ec2 = (extra: string) => [`{ name: a, capacity: { type: ec2, instanceType: m5.large, instances: 3${extra} } }`];

  it('awsvpc: an m5.large holds 2 tasks (3 ENIs − 1), so 3 instances place 6 of 8', () => {
    // CPU alone would fit 2048 / 512 = 4 tasks of 0.5 vCPU per instance (12 in all)
    const alt = run({ desiredCount: 8, alternatives: ec2('') });
    expect(alt.usage.maxTasks).toBe(6); // 3 × (3 − 1)
    expect(alt.usage.maxPendingTasks).toBe(2); // 8 − 6
    expect(alt.usage.pendingTaskSeconds).toBe(7_200); // 2 tasks × 3,600 s
    expect(every(alt.series.pendingTasks, 2)).toBe(true);
    // each of the 2 unplaced tasks is reported once, with the ENI slots as the reason
    const failed = alt.events.filter((e) => e.kind === 'placement-failed');
    expect(failed).toHaveLength(2);
    expect(alt.eventCounts['placement-failed']).toBe(2);
    for (const e of failed) expect(e.detail).toMatch(/ENI/);
    // capacity is 6 × 60 = 360 rps ≥ 100: nothing dropped
    expect(alt.requests.dropped).toBe(0);
    expect(every(alt.series.servingCapacityRps, 360)).toBe(true);
  });

  it('bridge mode: no ENI per task, CPU is the limit: 4 per instance, all 8 placed', () => {
    const alt = run({ desiredCount: 8, alternatives: ec2(', networkMode: bridge') });
    expect(alt.usage.maxTasks).toBe(8);
    expect(alt.usage.maxPendingTasks).toBe(0);
    expect(alt.events.filter((e) => e.kind === 'placement-failed')).toHaveLength(0);
  });

  it('awsvpc with ENI trunking: m5.large takes 10 tasks, so CPU (4) is the limit again', () => {
    const alt = run({ desiredCount: 8, alternatives: ec2(', trunking: true') });
    expect(alt.usage.maxTasks).toBe(8);
    expect(alt.usage.maxPendingTasks).toBe(0);
  });

  it('bridge mode with 13 tasks: 12 fit by CPU (3 × 4), 1 waits and the reason is CPU', () => {
    const alt = run({ desiredCount: 13, alternatives: ec2(', networkMode: bridge') });
    expect(alt.usage.maxTasks).toBe(12);
    expect(alt.usage.maxPendingTasks).toBe(1);
    const failed = alt.events.filter((e) => e.kind === 'placement-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].detail).toMatch(/CPU/);
  });

  it('the instances are billed whether or not the tasks fit: 3 × m5.large × 1 h', () => {
    const alt = run({ desiredCount: 8, alternatives: ec2('') });
    // 3 instance-hours × $0.096 = $0.288
    expect(alt.cost.lineItems.map((i) => [i.id, i.usdExact])).toEqual([['ec2.on-demand.m5.large', '0.288']]);
    expect(alt.usage.avgInstances).toBe(3);
  });
});

describe('demand curves', () => {
  it('diurnal: the mean over a whole day is (base + peak) / 2, the peak is at peakHour', () => {
    // tick 60 s: the rate is sampled at each minute start, so minute m offers rps(60 m).
    // rps(t) = base + (peak − base) × (½ + ½ cos(2π (t/86400 − peakHour/24)));
    // over 1,440 equally spaced minutes the cosine sums to 0, so the mean is base + (peak − base)/2.
    const alt = run({
      horizon: '1d',
      tick: '60s',
      rps: '{ type: diurnal, base: 60 rps, peak: 400 rps, peakHour: 15 }',
      desiredCount: 10,
    });
    // (60 + 400) / 2 = 230 rps × 86,400 s = 19,872,000 requests
    expect(alt.requests.offered).toBe(19_872_000);
    const rps = alt.series.offeredRps;
    // 15:00 = minute 900: cos 0 = 1 → 400; 03:00 = minute 180: cos π = −1 → 60
    expect(rps[900]).toBe(400);
    expect(rps[180]).toBe(60);
    expect(rps.indexOf(Math.max(...rps))).toBe(900);
    expect(rps.indexOf(Math.min(...rps))).toBe(180);
    // 09:00 = minute 540, a quarter day before the peak: cos(−π/2) = 0 → 60 + 340 / 2 = 230
    expect(rps[540]).toBeCloseTo(230, 6);
  });

  it('diurnal over a week: Saturday and Sunday (days 5, 6) are scaled by weekendFactor', () => {
    const alt = run({
      horizon: '7d',
      tick: '60s',
      rps: '{ type: diurnal, base: 60 rps, peak: 400 rps, peakHour: 15, weekendFactor: 0.7 }',
      desiredCount: 10,
    });
    // 5 weekdays × 230 × 86,400 + 2 weekend days × 0.7 × 230 × 86,400
    // = 230 × 86,400 × 6.4 = 127,180,800
    expect(alt.requests.offered).toBe(127_180_800);
    const peak = (day: number) => alt.series.offeredRps[day * 1440 + 900];
    expect(peak(4)).toBe(400); // Friday
    expect(peak(5)).toBeCloseTo(280, 9); // Saturday: 0.7 × 400
    expect(peak(6)).toBeCloseTo(280, 9);
  });

  it('steps: 50 rps, then 150 rps from minute 20', () => {
    const alt = run({ rps: '{ type: steps, initial: 50 rps, steps: [{ at: 20m, rps: 150 rps }] }', desiredCount: 3 });
    // 50 × 1,200 + 150 × 2,400 = 60,000 + 360,000 = 420,000
    expect(alt.requests.offered).toBe(420_000);
    expect(alt.series.offeredRps[19]).toBe(50);
    expect(alt.series.offeredRps[20]).toBe(150);
  });

  it('spike: a trapezoid of +200 rps over the base', () => {
    const alt = run({ rps: '{ type: spike, base: 100 rps, peak: 300 rps, at: 10m, rampUp: 5m, hold: 10m, rampDown: 5m }', desiredCount: 6 });
    // base 100 × 3,600 = 360,000. Extra, sampled at each 1 s tick start:
    //   ramp up  Σ_{k=0}^{299} 200 k / 300 = 200 × 149.5 = 29,900
    //   hold     600 × 200 = 120,000
    //   ramp down Σ_{k=0}^{299} (200 − 200 k / 300) = 60,000 − 29,900 = 30,100
    // total 360,000 + 180,000 = 540,000
    expect(alt.requests.offered).toBe(540_000);
    // minute 15–24 is the hold: 300 rps
    expect(alt.series.offeredRps[15]).toBe(300);
    expect(alt.series.offeredRps[24]).toBe(300);
    expect(alt.series.offeredRps[9]).toBe(100);
    expect(alt.series.offeredRps[30]).toBe(100);
  });

  it('a list of curves adds up', () => {
    const alt = run({ rps: '[{ type: constant, rps: 40 }, { type: constant, rps: 2400 rpm }]', desiredCount: 2 });
    // 40 + 2400 / 60 = 80 rps × 3,600 = 288,000
    expect(alt.requests.offered).toBe(288_000);
  });
});
