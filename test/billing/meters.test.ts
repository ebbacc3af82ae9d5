// The billing meters driven directly with hand-made task and instance lifecycles: per-task
// minimums, rounding up to the second, and AWS's four Fargate pricing-page examples.
// Every expected amount is worked out by hand below from the rates in aws-facts §1.2 / §2.2;
// rates reach the meter through the real rate resolution (catalog + scenario), not typed in.

import { describe, expect, it } from 'vitest';
import { Ec2Meter, EC2_MINIMUM_BILLED_SECONDS } from '../../src/billing/ec2-meter.js';
import { FargateMeter } from '../../src/billing/fargate-meter.js';
import { totalOf } from '../../src/billing/money.js';
import { ec2InstanceRate, fargateRates } from '../../src/domain/rates.js';
import { parseScenario } from '../../src/index.js';
import type { LineItem } from '../../src/domain/result.js';
import { Signals } from '../../src/domain/signals.js';
import { TaskState } from '../../src/domain/task.js';
import { linuxTask, makeTask, moveTask, runInstance, runTask } from '../fixtures/meter-kit.js';
import { scenarioText } from '../fixtures/scenario-text.js';

function scenarioWith(task: string, capacity = '{ type: fargate }', extra: { region?: string; rates?: string } = {}) {
  return parseScenario(scenarioText({ horizon: '1h', task, desiredCount: 1, alternatives: [`{ name: a, capacity: ${capacity} }`], ...extra }));
}

function fargateMeter(task: string, capacity = '{ type: fargate }') {
  const scenario = scenarioWith(task, capacity);
  const alt = scenario.alternatives[0];
  const signals = new Signals();
  const meter = new FargateMeter(signals, fargateRates(scenario, alt, capacity.includes('fargate-spot')), 24 * 60, capacity.includes('fargate-spot'));
  return { signals, meter };
}

function item(items: LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

describe('Fargate meter: per-task minimum and rounding (aws-facts §1.1)', () => {
  it('bills 10 Linux tasks of 0.25 vCPU / 0.5 GB that ran 45 s each as 10 × 60 s', () => {
    const { signals, meter } = fargateMeter('{ cpu: 0.25 vCPU, memory: 0.5 GB }');
    for (let k = 0; k < 10; k++) runTask(signals, linuxTask(0.25, 0.5), 0, 45);
    meter.finish(3600);
    // Linux: 1-minute minimum, so each 45 s task is billed 60 s: 10 × 60 = 600 task-seconds.
    expect(meter.billedTaskSeconds).toBe(600n);
    const items = meter.lineItems();
    // vCPU: 10 × 60 s × 0.25 vCPU = 150 vCPU-s × $0.000011244 = $0.0016866
    expect(item(items, 'fargate.vcpu').quantity).toBe('150');
    expect(item(items, 'fargate.vcpu').usdExact).toBe('0.0016866');
    // memory: 10 × 60 s × 0.5 GB = 300 GB-s × $0.000001235 = $0.0003705
    expect(item(items, 'fargate.memory').quantity).toBe('300');
    expect(item(items, 'fargate.memory').usdExact).toBe('0.0003705');
    // total $0.0020571 → $0.00 to the cent; no storage line (20 GB is free).
    expect(totalOf(items).toFixed()).toBe('0.0020571');
    expect(items.map((i) => i.id)).toEqual(['fargate.vcpu', 'fargate.memory']);
  });

  it('rounds a task that ran 61.2 s up to 62 s (above the minimum)', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB }');
    runTask(signals, linuxTask(1, 2), 100, 161.2);
    meter.finish(3600);
    expect(meter.billedTaskSeconds).toBe(62n);
    // vCPU 62 × 1 × 0.000011244 = 0.000697128; memory 62 × 2 × 0.000001235 = 124 × 0.000001235 = 0.00015314
    expect(item(meter.lineItems(), 'fargate.vcpu').usdExact).toBe('0.000697128');
    expect(item(meter.lineItems(), 'fargate.memory').usdExact).toBe('0.00015314');
  });

  it('starts the clock at the image pull (PENDING), not at the request (PROVISIONING)', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB }');
    const task = makeTask(linuxTask(1, 2), 0);
    signals.taskState.emit({ task, from: TaskState.STOPPED, to: TaskState.PROVISIONING, t: 0 });
    moveTask(signals, task, TaskState.PENDING, 100); // e.g. waited 100 s for an ENI
    moveTask(signals, task, TaskState.RUNNING, 140);
    moveTask(signals, task, TaskState.STOPPED, 400);
    meter.finish(3600);
    // billed from 100 to 400 = 300 s (not 400 s)
    expect(meter.billedTaskSeconds).toBe(300n);
  });

  it('bills a task still running at the horizon up to the horizon, without the minimum', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB }');
    runTask(signals, linuxTask(1, 2), 3570);
    meter.finish(3600);
    // a window cut, not a stop: 3600 − 3570 = 30 s, not 60 s
    expect(meter.billedTaskSeconds).toBe(30n);
    // 30 × 0.000011244 = 0.00033732
    expect(item(meter.lineItems(), 'fargate.vcpu').usdExact).toBe('0.00033732');
  });

  it('bills a Windows task that ran 45 s as 5 minutes, with the OS licence per vCPU', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB, os: windows }');
    runTask(signals, linuxTask(1, 2, { os: 'windows' }), 0, 45);
    meter.finish(3600);
    // Windows: 5-minute minimum → 300 s
    expect(meter.billedTaskSeconds).toBe(300n);
    const items = meter.lineItems();
    // vCPU 300 × 0.0000254167 = 0.00762501
    expect(item(items, 'fargate.vcpu').usdExact).toBe('0.00762501');
    // OS licence 300 × 0.0000127778 = 0.00383334
    expect(item(items, 'fargate.windows-license').usdExact).toBe('0.00383334');
    // memory 300 × 2 × 0.0000027778 = 600 × 0.0000027778 = 0.00166668
    expect(item(items, 'fargate.memory').usdExact).toBe('0.00166668');
    // 0.00762501 + 0.00383334 + 0.00166668 = 0.01312503
    expect(totalOf(items).toFixed()).toBe('0.01312503');
  });

  it('bills a Windows task that ran 301.5 s as 302 s (minimum no longer applies)', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB, os: windows }');
    runTask(signals, linuxTask(1, 2, { os: 'windows' }), 0, 301.5);
    meter.finish(3600);
    expect(meter.billedTaskSeconds).toBe(302n);
  });
});

describe("AWS's Fargate pricing-page examples (us-east-1, per-second rates)", () => {
  // 30 days, tasks start at the same second each day and run `seconds`.
  function monthly(signals: Signals, size: ReturnType<typeof linuxTask>, tasks: number, seconds: number): void {
    for (let day = 0; day < 30; day++) for (let k = 0; k < tasks; k++) runTask(signals, size, day * 86400, day * 86400 + seconds);
  }

  it('Example 1: 5 Linux/x86 tasks, 1 vCPU / 2 GB / 30 GB storage, 600 s a day for 30 days → $1.26', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB, ephemeralStorage: 30 GB }');
    monthly(signals, linuxTask(1, 2, { ephemeralStorageGiB: 30 }), 5, 600);
    meter.finish(40 * 86400);
    const items = meter.lineItems();
    // vCPU: 5 × 1 × 0.000011244 × 600 × 30 = 90,000 vCPU-s × 0.000011244 = 1.01196 (AWS prints $1.01)
    expect(item(items, 'fargate.vcpu').usdExact).toBe('1.01196');
    expect(item(items, 'fargate.vcpu').usd).toBe(1.01);
    // memory: 5 × 2 × 0.000001235 × 600 × 30 = 180,000 GB-s × 0.000001235 = 0.2223 (AWS $0.22)
    expect(item(items, 'fargate.memory').usdExact).toBe('0.2223');
    expect(item(items, 'fargate.memory').usd).toBe(0.22);
    // storage: 5 × (30 − 20) × 0.0000000308 × 600 × 30 = 900,000 GB-s × 0.0000000308 = 0.02772 (AWS $0.03)
    expect(item(items, 'fargate.ephemeral-storage').quantity).toBe('900000');
    expect(item(items, 'fargate.ephemeral-storage').usdExact).toBe('0.02772');
    expect(item(items, 'fargate.ephemeral-storage').usd).toBe(0.03);
    // total 1.01196 + 0.2223 + 0.02772 = 1.26198 → $1.26, AWS's total
    expect(totalOf(items).toFixed()).toBe('1.26198');
  });

  it('Example 2: the same on Linux/ARM → $1.02', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB, ephemeralStorage: 30 GB, arch: arm64 }');
    monthly(signals, linuxTask(1, 2, { ephemeralStorageGiB: 30, arch: 'arm64' }), 5, 600);
    meter.finish(40 * 86400);
    const items = meter.lineItems();
    // vCPU: 90,000 × 0.0000089944 = 0.809496 (AWS $0.81)
    expect(item(items, 'fargate.vcpu').usdExact).toBe('0.809496');
    // memory: 180,000 × 0.0000009889 = 0.178002 (AWS $0.18)
    expect(item(items, 'fargate.memory').usdExact).toBe('0.178002');
    // storage: 900,000 × 0.0000000308 = 0.02772 (AWS $0.03)
    expect(item(items, 'fargate.ephemeral-storage').usdExact).toBe('0.02772');
    // 0.809496 + 0.178002 + 0.02772 = 1.015218 → $1.02
    expect(totalOf(items).toFixed()).toBe('1.015218');
  });

  it('Example 3: 10 tasks of 0.25 vCPU / 1 GB, 1 h a day for 30 days → $4.37', () => {
    const { signals, meter } = fargateMeter('{ cpu: 0.25 vCPU, memory: 1 GB }');
    monthly(signals, linuxTask(0.25, 1), 10, 3600);
    meter.finish(40 * 86400);
    const items = meter.lineItems();
    // vCPU: 10 × 0.25 × 3600 × 30 = 270,000 vCPU-s × 0.000011244 = 3.03588 (AWS $3.04)
    expect(item(items, 'fargate.vcpu').usdExact).toBe('3.03588');
    // memory: 10 × 1 × 3600 × 30 = 1,080,000 GB-s × 0.000001235 = 1.3338 (AWS $1.33)
    expect(item(items, 'fargate.memory').usdExact).toBe('1.3338');
    // 3.03588 + 1.3338 = 4.36968 → $4.37
    expect(totalOf(items).toFixed()).toBe('4.36968');
  });

  it('Example 4: 10 Windows tasks of 1 vCPU / 2 GB, 1 h a day for 30 days → $47.25', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB, os: windows }');
    monthly(signals, linuxTask(1, 2, { os: 'windows' }), 10, 3600);
    meter.finish(40 * 86400);
    const items = meter.lineItems();
    // vCPU: 10 × 1 × 3600 × 30 = 1,080,000 vCPU-s × 0.0000254167 = 27.450036 (AWS $27.45)
    expect(item(items, 'fargate.vcpu').usdExact).toBe('27.450036');
    // OS licence: 1,080,000 × 0.0000127778 = 13.800024 (AWS $13.80)
    expect(item(items, 'fargate.windows-license').usdExact).toBe('13.800024');
    // memory: 10 × 2 × 3600 × 30 = 2,160,000 GB-s × 0.0000027778 = 6.000048 (AWS $6.00)
    expect(item(items, 'fargate.memory').usdExact).toBe('6.000048');
    // 27.450036 + 13.800024 + 6.000048 = 47.250108 → $47.25
    expect(totalOf(items).toFixed()).toBe('47.250108');
  });
});

describe('Fargate Spot meter (us-east-1: 30% of on-demand)', () => {
  it('bills a Spot task stopped after 45 s as 60 s at 30% of the on-demand rates', () => {
    const { signals, meter } = fargateMeter('{ cpu: 1 vCPU, memory: 2 GB }', '{ type: fargate-spot }');
    runTask(signals, linuxTask(1, 2), 0, 45);
    meter.finish(3600);
    expect(meter.billedTaskSeconds).toBe(60n);
    const items = meter.lineItems();
    // rate 0.000011244 × 0.3 = 0.0000033732 per vCPU-s; 60 × 0.0000033732 = 0.000202392
    expect(item(items, 'fargate-spot.vcpu').usdPerUnit).toBe('0.0000033732');
    expect(item(items, 'fargate-spot.vcpu').usdExact).toBe('0.000202392');
    // rate 0.000001235 × 0.3 = 0.0000003705 per GB-s; 120 GB-s × 0.0000003705 = 0.00004446
    expect(item(items, 'fargate-spot.memory').usdExact).toBe('0.00004446');
  });
});

describe('EC2 meter: per second with a 60-second minimum (aws-facts §2.1)', () => {
  function ec2Meter(rates?: string) {
    const scenario = scenarioWith('{ cpu: 0.5 vCPU, memory: 1 GB }', '{ type: ec2, instanceType: m5.large, instances: 1 }', { rates });
    const signals = new Signals();
    const meter = new Ec2Meter(signals, (instance) => ({ ...ec2InstanceRate(scenario, instance.type.name), spot: null }), 24 * 60);
    return { signals, meter };
  }

  it('bills an m5.large terminated after 30 s as 60 s', () => {
    const { signals, meter } = ec2Meter();
    runInstance(signals, 'm5.large', 0, 30);
    meter.finish(3600);
    expect(EC2_MINIMUM_BILLED_SECONDS).toBe(60);
    const [line] = meter.lineItems();
    expect(line.id).toBe('ec2.on-demand.m5.large');
    // 60 s = 60/3600 h = 0.0166666… → 0.016667 instance-hours (6 places)
    expect(line.quantity).toBe('0.016667');
    // 60 × 0.096 / 3600 = 5.76 / 3600 = 0.0016
    expect(line.usdExact).toBe('0.0016');
  });

  it('bills an m5.large terminated after 3600.4 s as 3601 s', () => {
    const { signals, meter } = ec2Meter();
    runInstance(signals, 'm5.large', 10, 3610.4);
    meter.finish(7200);
    const [line] = meter.lineItems();
    // 3601 / 3600 = 1.000277… → 1.000278 h; 3601 × 0.096 / 3600 = 345.696 / 3600 = 0.0960266…
    expect(line.quantity).toBe('1.000278');
    expect(Number(line.usdExact)).toBeCloseTo(0.096026666667, 11);
    expect(line.usd).toBe(0.1);
  });

  it('bills an instance still running at the horizon to the horizon, without the minimum', () => {
    const { signals, meter } = ec2Meter();
    runInstance(signals, 'm5.large', 3570);
    meter.finish(3600);
    // 30 s × 0.096 / 3600 = 2.88 / 3600 = 0.0008
    expect(meter.lineItems()[0].usdExact).toBe('0.0008');
  });

  it('adds up instances of one type into one line item', () => {
    const { signals, meter } = ec2Meter();
    runInstance(signals, 'm5.large', 0, 30); // 60 s (minimum)
    runInstance(signals, 'm5.large', 0, 90); // 90 s
    runInstance(signals, 'm5.large', 0); // running at the horizon 120: 120 s
    meter.finish(120);
    const items = meter.lineItems();
    expect(items).toHaveLength(1);
    // 60 + 90 + 120 = 270 s; 270 × 0.096 / 3600 = 25.92 / 3600 = 0.0072
    expect(items[0].usdExact).toBe('0.0072');
  });

  it('uses a per-hour override from the scenario rates section', () => {
    const { signals, meter } = ec2Meter('{ ec2: { m5.large: 0.12 } }');
    runInstance(signals, 'm5.large', 0, 1800);
    meter.finish(3600);
    const [line] = meter.lineItems();
    // 1800 s = 0.5 h × $0.12 = $0.06
    expect(line.usdExact).toBe('0.06');
    expect(line.usdPerUnit).toBe('0.12');
    expect(line.source).toContain('rates.ec2');
  });
});
