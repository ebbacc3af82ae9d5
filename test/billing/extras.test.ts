// The non-compute meters (public IPv4, EBS, network path, CloudWatch Logs, EKS control plane)
// driven with hand-made lifecycles. Every amount is worked out by hand in the comments from
// the us-east-1 rates in the catalog's OTHER_RATES (aws-facts §3.6, §3.7): public IPv4 $0.005 per
// address-hour; gp3 $0.08 per GB-month; NAT $0.045 per gateway-hour and per GB; interface
// endpoint $0.01 per AZ-hour and per GB; Logs $0.50 per GB; EKS $0.10 ($0.60) per cluster-hour.

import { describe, expect, it } from 'vitest';
import { EbsMeter } from '../../src/billing/ebs-meter.js';
import { startExtraMeters } from '../../src/billing/extras.js';
import { quoteOtherRate } from '../../src/billing/quote.js';
import { validateExtras, withExtrasDefaults, type ExtrasInput } from '../../src/domain/extras.js';
import { PublicIpv4Meter } from '../../src/billing/ip-meter.js';
import { totalOf } from '../../src/billing/money.js';
import type { LineItem } from '../../src/domain/result.js';
import { Signals } from '../../src/domain/signals.js';
import { TaskState } from '../../src/domain/task.js';
import { linuxTask, makeTask, moveTask, runInstance, runTask } from '../fixtures/meter-kit.js';

const HOUR = 3600;
const MiB = 2 ** 20;

function item(items: LineItem[], id: string): LineItem {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

/** Nothing but what the test turns on. */
function spec(input: ExtrasInput) {
  return withExtrasDefaults({ ebsGiBPerInstance: 0, network: { path: 'public' }, publicIpv4: true, ...input });
}

describe('public IPv4 meter (aws-facts §3.6)', () => {
  it('bills 3 Fargate tasks with public IPs for 2 h as 6 address-hours × $0.005 = $0.03', () => {
    const signals = new Signals();
    const meter = new PublicIpv4Meter(signals, quoteOtherRate('publicIpv4UsdPerAddressHour', 'us-east-1'), { taskEnis: true, instances: true });
    for (let k = 0; k < 3; k++) runTask(signals, linuxTask(0.25, 0.5), 0, 2 * HOUR);
    meter.finish(24 * HOUR);
    // 3 × 7200 s = 21,600 address-seconds = 6 address-hours; 6 × 0.005 = 0.03
    expect(meter.billedAddressSeconds).toBe(21_600n);
    const [line] = meter.lineItems();
    expect(line).toMatchObject({ id: 'vpc.public-ipv4', quantity: '6', unit: 'address-hours', usdPerUnit: '0.005', usdExact: '0.03', usd: 0.03 });
  });

  it('applies the 60 s minimum, cuts at the horizon, counts instances and skips tasks on EC2', () => {
    const signals = new Signals();
    const meter = new PublicIpv4Meter(signals, quoteOtherRate('publicIpv4UsdPerAddressHour', 'us-east-1'), { taskEnis: true, instances: true });
    runTask(signals, linuxTask(0.25, 0.5), 0, 45); // released after 45 s → billed 60 s
    runTask(signals, linuxTask(0.25, 0.5), 3000); // still held at the horizon 3600 → 600 s, no minimum
    runInstance(signals, 'm5.large', 0, 1500); // the instance's primary ENI: 1500 s
    const onEc2 = makeTask(linuxTask(0.25, 0.5), 0); // an awsvpc task on an instance: no public IP
    onEc2.instanceId = 0;
    signals.taskState.emit({ task: onEc2, from: TaskState.STOPPED, to: TaskState.PROVISIONING, t: 0 });
    moveTask(signals, onEc2, TaskState.STOPPED, 3000);
    meter.finish(3600);
    // 60 + 600 + 1500 = 2160 address-seconds = 0.6 address-hours × 0.005 = 0.003
    expect(meter.billedAddressSeconds).toBe(2160n);
    const [line] = meter.lineItems();
    expect(line.quantity).toBe('0.6');
    expect(line.usdExact).toBe('0.003');
    expect(line.description).toBe('Public IPv4 addresses (2 task ENIs, 1 instances)');
  });

  it('gives EKS Fargate pods no public IP (only the nodes get one)', () => {
    const signals = new Signals();
    const extras = startExtraMeters(signals, spec({ eksClusters: 1 }), HOUR, 'us-east-1');
    runTask(signals, linuxTask(1, 2), 0, HOUR);
    runInstance(signals, 'm5.large', 0, HOUR);
    extras.finish(HOUR);
    // the instance only: 1 address-hour × 0.005
    expect(item(extras.lineItems(), 'vpc.public-ipv4').usdExact).toBe('0.005');
  });
});

describe('EBS gp3 meter (month = 730 h)', () => {
  const rate = () => quoteOtherRate('ebsGp3UsdPerGbMonth', 'us-east-1');

  it('bills 30 GiB volumes from launch to terminate, cut at the horizon', () => {
    const signals = new Signals();
    const meter = new EbsMeter(signals, rate(), 30);
    runInstance(signals, 'm5.large', 0, 73 * HOUR); // 73 h
    runInstance(signals, 'm5.large', 73 * HOUR); // 73 h to the horizon at 146 h
    meter.finish(146 * HOUR);
    // 30 GiB × (73 + 73) h = 4380 GiB-hours / 730 h = 6 GB-months × $0.08 = $0.48
    expect(meter.billedGiBSeconds).toBe(30n * 146n * 3600n);
    expect(meter.lineItems()[0]).toMatchObject({ id: 'ebs.gp3', quantity: '6', unit: 'GB-months', usdExact: '0.48', usd: 0.48 });
  });

  it('bills a volume deleted after 10 s for the 60 s minimum', () => {
    const signals = new Signals();
    const meter = new EbsMeter(signals, rate(), 30);
    runInstance(signals, 'm5.large', 1000, 1010);
    meter.finish(HOUR);
    // 30 GiB × 60 s = 1800 GiB-s; / 2,628,000 s per month = 0.000684931… GB-months → $0.0000548 → $0.00
    expect(meter.billedGiBSeconds).toBe(1800n);
    expect(meter.lineItems()[0]).toMatchObject({ quantity: '0.000685', usd: 0 });
  });
});

/** One day: 3 AZs, 10 pulls of 300 MiB, 4 tasks running all day logging 0.01 GiB per task-hour. */
function networkDay(path: 'nat' | 'vpc-endpoints', horizon = 24 * HOUR) {
  const signals = new Signals();
  const extras = startExtraMeters(
    signals,
    spec({ publicIpv4: false, logsGiBPerTaskHour: 0.01, network: { path, azs: 3, interfaceEndpoints: 3 } }),
    horizon,
    'us-east-1',
  );
  const tasks = [0, 1, 2, 3].map(() => runTask(signals, linuxTask(1, 2), 0));
  for (let k = 0; k < 10; k++) signals.imagePull.emit({ t: 0, task: tasks[k % 4], bytes: 300 * MiB });
  extras.finish(horizon);
  return extras.lineItems();
}

describe('network path meter (aws-facts §3.7; GB = 2^30 bytes)', () => {
  it('NAT: 3 gateways × 24 h, plus every pulled and logged GB', () => {
    const items = networkDay('nat');
    // gateways: 3 AZs × 24 h = 72 gateway-hours × $0.045 = $3.24
    expect(item(items, 'nat.hours')).toMatchObject({ quantity: '72', unit: 'gateway-hours', usdExact: '3.24' });
    // pulls: 10 × 300 MiB = 3000 MiB = 3000 / 1024 GB = 2.9296875 GB × $0.045 = $0.1318359375 → $0.13
    expect(item(items, 'nat.processed.pulls')).toMatchObject({ quantity: '2.929688', usdExact: '0.1318359375', usd: 0.13 });
    // logs: 4 tasks × 24 h = 96 task-hours × 0.01 GB = 0.96 GB × $0.045 = $0.0432
    expect(item(items, 'nat.processed.logs')).toMatchObject({ quantity: '0.96', usdExact: '0.0432' });
    // ingestion: 0.96 GB × $0.50 = $0.48
    expect(item(items, 'logs.ingestion')).toMatchObject({ quantity: '0.96', usdExact: '0.48' });
    // 3.24 + 0.1318359375 + 0.0432 + 0.48
    expect(totalOf(items).toFixed()).toBe('3.8950359375');
    expect(items.map((i) => i.id)).toEqual(['logs.ingestion', 'nat.hours', 'nat.processed.pulls', 'nat.processed.logs']);
  });

  it('NAT bills a partial gateway-hour as a full hour: a 23.5 h horizon is 24 h per gateway', () => {
    expect(item(networkDay('nat', 23.5 * HOUR), 'nat.hours').quantity).toBe('72');
  });

  it('VPC endpoints: 3 interface endpoints × 3 AZs × 24 h, logs through the logs endpoint, layers through the free S3 gateway', () => {
    const items = networkDay('vpc-endpoints');
    // 3 × 3 × 24 = 216 endpoint-AZ-hours × $0.01 = $2.16
    expect(item(items, 'vpce.interface.hours')).toMatchObject({ quantity: '216', unit: 'endpoint-AZ-hours', usdExact: '2.16' });
    // logs: 0.96 GB × $0.01 = $0.0096
    expect(item(items, 'vpce.interface.processed.logs')).toMatchObject({ quantity: '0.96', usdExact: '0.0096' });
    // pulls: 2.9296875 GB through the S3 gateway at $0
    expect(item(items, 'vpce.s3-gateway.pulls')).toMatchObject({ quantity: '2.929688', usdExact: '0', usd: 0 });
    // 2.16 + 0.0096 + 0.48 (ingestion)
    expect(totalOf(items).toFixed()).toBe('2.6496');
  });

  it('VPC endpoints are not marked as billed by whole hours: 23.5 h × 9 = 211.5 endpoint-AZ-hours', () => {
    expect(item(networkDay('vpc-endpoints', 23.5 * HOUR), 'vpce.interface.hours')).toMatchObject({ quantity: '211.5', usdExact: '2.115' });
  });

  it('public path: no network line at all', () => {
    const signals = new Signals();
    const extras = startExtraMeters(signals, spec({}), HOUR, 'us-east-1');
    signals.imagePull.emit({ t: 0, task: runTask(signals, linuxTask(1, 2), 0), bytes: 300 * MiB });
    extras.finish(HOUR);
    expect(extras.lineItems().map((i) => i.id)).toEqual(['vpc.public-ipv4']);
  });
});

describe('CloudWatch Logs meter', () => {
  it('counts RUNNING time only', () => {
    const signals = new Signals();
    const extras = startExtraMeters(signals, spec({ publicIpv4: true, logsGiBPerTaskHour: 0.5 }), 2 * HOUR, 'us-east-1');
    const task = makeTask(linuxTask(1, 2), 0);
    signals.taskState.emit({ task, from: TaskState.STOPPED, to: TaskState.PROVISIONING, t: 0 });
    moveTask(signals, task, TaskState.PENDING, 10);
    moveTask(signals, task, TaskState.RUNNING, 70);
    moveTask(signals, task, TaskState.STOPPING, 3670);
    moveTask(signals, task, TaskState.STOPPED, 3700);
    extras.finish(2 * HOUR);
    // RUNNING 70 → 3670 = 1 task-hour × 0.5 GB = 0.5 GB × $0.50 = $0.25
    expect(item(extras.lineItems(), 'logs.ingestion')).toMatchObject({ quantity: '0.5', usdExact: '0.25' });
  });
});

describe('EKS control plane meter', () => {
  const run = (input: ExtrasInput, horizon: number) => {
    const extras = startExtraMeters(new Signals(), spec({ publicIpv4: true, ...input }), horizon, 'us-east-1');
    extras.finish(horizon);
    return item(extras.lineItems(), 'eks.control-plane');
  };

  it('bills $0.10 per cluster-hour for the horizon', () => {
    // 1 cluster × 24 h × $0.10 = $2.40
    expect(run({ eksClusters: 1 }, 24 * HOUR)).toMatchObject({ quantity: '24', unit: 'cluster-hours', usdExact: '2.4' });
    // 2 clusters × 1.5 h = 3 cluster-hours × $0.10 = $0.30 (no whole-hour rounding)
    expect(run({ eksClusters: 2 }, 1.5 * HOUR)).toMatchObject({ quantity: '3', usdExact: '0.3' });
  });

  it('bills $0.60 per cluster-hour in extended support', () => {
    // 1 × 24 h × $0.60 = $14.40
    expect(run({ eksClusters: 1, eksExtendedSupport: true }, 24 * HOUR)).toMatchObject({ usdPerUnit: '0.6', usdExact: '14.4' });
  });

  it('builds no EKS meter for ECS (0 clusters)', () => {
    const extras = startExtraMeters(new Signals(), spec({ publicIpv4: false, network: { path: 'nat' } }), HOUR, 'us-east-1');
    extras.finish(HOUR);
    expect(extras.lineItems().map((i) => i.id)).toEqual(['nat.hours']);
  });
});

describe('rates by region, defaults and validation', () => {
  it('names the missing rate and where to give it', () => {
    expect(() => quoteOtherRate('natGatewayUsdPerHour', 'eu-west-1')).toThrow(
      /No sourced rate "natGatewayUsdPerHour".*"eu-west-1".*us-east-1 only.*rates\.other\.natGatewayUsdPerHour/,
    );
    expect(() => startExtraMeters(new Signals(), spec({ eksClusters: 1 }), HOUR, 'eu-west-1')).toThrow(/publicIpv4UsdPerAddressHour/);
  });

  it('takes an override for a region the catalog lacks', () => {
    const q = quoteOtherRate('natGatewayUsdPerHour', 'eu-west-1', { natGatewayUsdPerHour: '0.048' });
    expect(q).toMatchObject({ usd: '0.048', source: 'scenario rates.other.natGatewayUsdPerHour', partialHourBilledAsFullHour: true });
    expect(() => quoteOtherRate('natGatewayUsdPerHour', 'eu-west-1', { natGatewayUsdPerHour: '4.8 cents' })).toThrow(/decimal USD/);
  });

  it('fills defaults field by field', () => {
    expect(withExtrasDefaults({ network: { path: 'vpc-endpoints' } })).toEqual({
      publicIpv4: false,
      ebsGiBPerInstance: 30,
      network: { path: 'vpc-endpoints', azs: 2, interfaceEndpoints: 3 },
      logsGiBPerTaskHour: 0,
      eksClusters: 0,
      eksExtendedSupport: false,
    });
  });

  it('rejects a public path without public IPs, and counts that are not whole', () => {
    expect(validateExtras(withExtrasDefaults({ network: { path: 'public' } }))).toEqual([expect.stringMatching(/publicIpv4: true/)]);
    expect(validateExtras(withExtrasDefaults({ ebsGiBPerInstance: 7.5, network: { azs: 0 } }))).toHaveLength(2);
    expect(() => startExtraMeters(new Signals(), withExtrasDefaults({ network: { path: 'public' } }), HOUR, 'us-east-1')).toThrow(/^extras: /);
  });
});
