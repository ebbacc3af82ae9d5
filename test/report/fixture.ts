// A deterministic synthetic ComparisonResult for the report tests, until real runs exist: two
// weeks of per-minute series for four alternatives driven by one diurnal demand curve with a
// flash-sale spike. A crude per-minute model (target tracking with CloudWatch-like datapoints,
// start delays, Spot interruptions, an EC2 cluster that lags its tasks) gives plausible shapes;
// it is not the simulator and its numbers prove nothing about AWS.

import {
  SCHEMA_VERSION,
  type AlternativeResult,
  type ComparisonResult,
  type EventKind,
  type LineItem,
  type SimEvent,
  type TimeSeries,
} from '../../src/domain/result.js';
import { SERIES_FIELDS, createSeries, seriesCell, type SeriesField } from '../../src/domain/series.js';

const MINUTES = 14 * 24 * 60;
const SLO_MS = 250;

/** mulberry32: tiny seeded PRNG, enough for plausible noise. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function demand(seed: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const day = Math.floor(m / 1440);
    const hour = (m % 1440) / 60;
    const weekend = day % 7 === 5 || day % 7 === 6 ? 0.55 : 1;
    const shape = 0.5 - 0.5 * Math.cos(((hour - 2) / 24) * 2 * Math.PI); // trough 02:00, peak 14:00
    let rps = (150 + 750 * shape * shape) * weekend;
    if (day === 9 && hour >= 10 && hour < 10 + 25 / 60) rps += 900; // flash sale
    const noise = Math.exp(0.06 * (r() + r() + r() - 1.5) * 2);
    out.push(Math.round(rps * noise * 100) / 100);
  }
  return out;
}

/** Exact decimal product of two decimal strings (BigInt), as a plain decimal string. */
function mulDecimal(a: string, b: string): string {
  const parse = (s: string): [bigint, number] => {
    const [i, f = ''] = s.split('.');
    return [BigInt(i + f), f.length];
  };
  const [av, as] = parse(a);
  const [bv, bs] = parse(b);
  return toDecimalString(av * bv, as + bs);
}
function toDecimalString(v: bigint, scale: number): string {
  const s = v.toString().padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, '');
}
function addDecimal(xs: string[]): string {
  const scale = Math.max(0, ...xs.map((x) => (x.split('.')[1] ?? '').length));
  let sum = 0n;
  for (const x of xs) {
    const [i, f = ''] = x.split('.');
    sum += BigInt(i + f.padEnd(scale, '0'));
  }
  return toDecimalString(sum, scale);
}
function roundCents(exact: string): number {
  const [i, f = ''] = exact.split('.');
  const cents = BigInt(i + f.padEnd(2, '0').slice(0, 2)) + (Number(f[2] ?? '0') >= 5 ? 1n : 0n);
  return Number(cents) / 100;
}

interface AltSpec {
  name: string;
  platform: string;
  capacityType: AlternativeResult['capacityType'];
  taskVcpu: number;
  taskMemGiB: number;
  taskRps: number;
  targetUtil: number;
  minTasks: number;
  maxTasks: number;
  startMinutes: number;
  /** Interruptions per task-day (Spot). */
  interruptPerTaskDay: number;
  /** EC2: tasks per instance and instance size; absent for Fargate. */
  ec2?: { tasksPerInstance: number; vcpu: number; memGiB: number; warmupMinutes: number; type: string; usdPerHour: string };
  vcpuRate: string;
  memRate: string;
  seed: number;
}

const SPECS: AltSpec[] = [
  {
    name: 'fargate-ondemand',
    platform: 'Fargate x86_64 1 vCPU/2 GB',
    capacityType: 'fargate',
    taskVcpu: 1,
    taskMemGiB: 2,
    taskRps: 110,
    targetUtil: 0.6,
    minTasks: 2,
    maxTasks: 40,
    startMinutes: 1,
    interruptPerTaskDay: 0,
    vcpuRate: '0.000011244',
    memRate: '0.000001235',
    seed: 11,
  },
  {
    name: 'fargate-spot',
    platform: 'Fargate Spot x86_64 1 vCPU/2 GB',
    capacityType: 'fargate-spot',
    taskVcpu: 1,
    taskMemGiB: 2,
    taskRps: 110,
    targetUtil: 0.6,
    minTasks: 3,
    maxTasks: 40,
    startMinutes: 1,
    interruptPerTaskDay: 0.05,
    vcpuRate: '0.0000033732',
    memRate: '0.0000003705',
    seed: 12,
  },
  {
    name: 'fargate-spot-lean',
    platform: 'Fargate Spot x86_64 0.5 vCPU/1 GB',
    capacityType: 'fargate-spot',
    taskVcpu: 0.5,
    taskMemGiB: 1,
    taskRps: 55,
    targetUtil: 0.85,
    minTasks: 1,
    maxTasks: 60,
    startMinutes: 2,
    interruptPerTaskDay: 0.05,
    vcpuRate: '0.0000033732',
    memRate: '0.0000003705',
    seed: 13,
  },
  {
    name: 'ec2-m5-large',
    platform: 'EC2 ASG m5.large on-demand, 2 tasks/instance',
    capacityType: 'ec2',
    taskVcpu: 1,
    taskMemGiB: 2,
    taskRps: 110,
    targetUtil: 0.6,
    minTasks: 2,
    maxTasks: 40,
    startMinutes: 1,
    interruptPerTaskDay: 0,
    ec2: { tasksPerInstance: 2, vcpu: 2, memGiB: 8, warmupMinutes: 3, type: 'm5.large', usdPerHour: '0.096' },
    vcpuRate: '0',
    memRate: '0',
    seed: 14,
  },
];

function latencyP95(rho: number, baseMs: number): number {
  const r = Math.min(rho, 1);
  return baseMs * (1 + (0.5 * r) / (1 - r + 0.01));
}

function simulateAlternative(spec: AltSpec, offered: number[]): AlternativeResult {
  const r = rng(spec.seed);
  const s = Object.fromEntries(SERIES_FIELDS.map((f) => [f, [] as number[]])) as Record<SeriesField, number[]>;
  const events: SimEvent[] = [];
  const counts: Partial<Record<EventKind, number>> = {};
  const emit = (t: number, kind: EventKind, detail: string, keep = true) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
    // Like the simulator, the recorded list is capped for chatty kinds; counts are not.
    if (keep && (!kind.startsWith('task-') || counts[kind]! <= 25)) events.push({ t, kind, detail });
  };

  let desired = spec.minTasks;
  let running = spec.minTasks;
  const startingQueue: number[] = []; // minute each starting task becomes RUNNING
  let draining: number[] = []; // minute each draining task stops
  let instances = spec.ec2 ? Math.ceil(spec.minTasks / spec.ec2.tasksPerInstance) : 0;
  const instanceReady: number[] = [];
  let highCount = 0;
  let lowCount = 0;
  let lastScaleOut = -10;
  let lastScaleIn = -10;
  let pending = 0;
  let vcpuSeconds = 0;
  let memSeconds = 0;
  let instanceSeconds = 0;
  let taskIpSeconds = 0;
  let cumulative = 0;
  let offeredTotal = 0;
  let servedTotal = 0;
  let droppedTotal = 0;
  let minutesOver = 0;
  let taskSum = 0;
  let maxTasks = 0;
  let instSum = 0;
  let paidVSum = 0;
  let usedVSum = 0;
  let paidMSum = 0;
  let usedMSum = 0;
  let pendingSeconds = 0;
  let maxPending = 0;
  const starts: number[] = [];
  const instanceRate = spec.ec2 ? Number(spec.ec2.usdPerHour) / 60 : 0;

  for (let m = 0; m < MINUTES; m++) {
    const t = m * 60;
    // Instances and starting tasks come into service.
    while (instanceReady.length > 0 && instanceReady[0] <= m) {
      instanceReady.shift();
      instances++;
      emit(t, 'instance-launch', `${spec.ec2!.type} registered with the cluster; ${instances} container instances`);
    }
    if (spec.ec2) {
      const room = instances * spec.ec2.tasksPerInstance - running - startingQueue.length - draining.length;
      const place = Math.max(0, Math.min(pending, room));
      for (let i = 0; i < place; i++) startingQueue.push(m + spec.startMinutes);
      pending -= place;
    }
    for (let i = startingQueue.length - 1; i >= 0; i--) {
      if (startingQueue[i] <= m) {
        startingQueue.splice(i, 1);
        running++;
        starts.push(spec.startMinutes * 60 - 15 + r() * 30);
        emit(t, 'task-running', `task passed health checks after ${spec.startMinutes * 60 - 15 + Math.round(r() * 30)} s; ${running} running`);
      }
    }
    draining = draining.filter((stop) => {
      if (stop > m) return true;
      emit(t, 'task-stopped', 'task stopped after the 300 s deregistration delay');
      return false;
    });

    // Spot interruptions: the task keeps serving through the 2-minute notice, then is replaced.
    if (spec.interruptPerTaskDay > 0 && running > 0 && r() < (running * spec.interruptPerTaskDay) / 1440) {
      running--;
      startingQueue.push(m + spec.startMinutes + 2);
      emit(t, 'interruption', `Fargate Spot reclaimed a task (2-minute notice); replacement launched, ${running} running`);
      emit(t, 'task-launch', 'replacement for an interrupted Spot task');
    }
    if (m === 7 * 1440 + 10 * 60) emit(t, 'deployment', 'rolling deployment of image v2.14.0 (minimumHealthyPercent 100, maximumPercent 200)');

    const o = offered[m];
    const capacity = running * spec.taskRps;
    const served = Math.min(o, capacity);
    const dropped = Math.round((o - served) * 100) / 100;
    const rho = capacity > 0 ? served / capacity : 1;
    const base = 38 + r() * 4;
    const p95 = dropped > 0 ? 5000 : latencyP95(rho, base);
    const p50 = base * (1 + (0.12 * rho) / (1 - Math.min(rho, 0.99) + 0.02));
    const p99 = p95 * (1.35 + r() * 0.1);
    if (p95 > SLO_MS) minutesOver++;

    // Target tracking on CPU: 3 of 3 datapoints above target to scale out, 15 of 15 below 0.9 × target to scale in.
    const cpu = capacity > 0 ? o / capacity : 2;
    highCount = cpu > spec.targetUtil ? highCount + 1 : 0;
    lowCount = cpu < spec.targetUtil * 0.9 ? lowCount + 1 : 0;
    const want = Math.min(spec.maxTasks, Math.max(spec.minTasks, Math.ceil((running * cpu) / spec.targetUtil)));
    if (highCount >= 3 && m - lastScaleOut >= 1 && want > desired) {
      emit(t, 'scaling', `target tracking: CPU ${(cpu * 100).toFixed(1)}% > ${spec.targetUtil * 100}% for 3 of 3 datapoints; desired ${desired} → ${want}`);
      for (let i = 0; i < want - desired; i++) {
        emit(t, 'task-launch', 'scale-out');
        if (spec.ec2) pending++;
        else startingQueue.push(m + spec.startMinutes);
      }
      desired = want;
      lastScaleOut = m;
      highCount = 0;
    } else if (lowCount >= 15 && m - lastScaleIn >= 5 && want < desired) {
      emit(t, 'scaling', `target tracking: CPU ${(cpu * 100).toFixed(1)}% < ${(spec.targetUtil * 90).toFixed(0)}% for 15 of 15 datapoints; desired ${desired} → ${want}`);
      const remove = Math.min(desired - want, running - 1);
      running -= remove;
      for (let i = 0; i < remove; i++) draining.push(m + 5);
      desired -= remove;
      lastScaleIn = m;
      lowCount = 0;
    }
    if (spec.ec2) {
      // Managed scaling: keep room for every task; launch when pending, terminate empty ones.
      const needed = Math.ceil((running + startingQueue.length + draining.length + pending) / spec.ec2.tasksPerInstance);
      if (pending > 0 && instanceReady.length === 0) {
        emit(t, 'placement-failed', `${pending} task(s) did not fit: no container instance has 1024 CPU units and 2048 MiB free`);
        for (let i = instances; i < needed; i++) instanceReady.push(m + spec.ec2.warmupMinutes);
      } else if (needed < instances && m % 15 === 0) {
        instances--;
        emit(t, 'instance-terminate', `managed scaling: CapacityProviderReservation below 100% for 15 minutes; ${instances} instances`);
      }
    }
    pending = spec.ec2 ? pending : 0;

    const starting = startingQueue.length + draining.length;
    const billedTasks = running + starting;
    const paidV = spec.ec2 ? instances * spec.ec2.vcpu : billedTasks * spec.taskVcpu;
    const paidM = spec.ec2 ? instances * spec.ec2.memGiB : billedTasks * spec.taskMemGiB;
    const usedV = (served / spec.taskRps) * spec.taskVcpu;
    const memPct = 35 + 25 * rho;
    const usedM = billedTasks * spec.taskMemGiB * (memPct / 100);
    vcpuSeconds += paidV * 60;
    memSeconds += paidM * 60;
    instanceSeconds += instances * 60;
    taskIpSeconds += (spec.ec2 ? instances : billedTasks) * 60;
    cumulative += spec.ec2
      ? instances * instanceRate
      : paidV * 60 * Number(spec.vcpuRate) + paidM * 60 * Number(spec.memRate);
    cumulative += ((spec.ec2 ? instances : billedTasks) * 0.005) / 60 + 0.0225 / 60;

    s.offeredRps.push(o);
    s.servedRps.push(Math.round(served * 100) / 100);
    s.droppedRps.push(dropped);
    s.cpuPct.push(Math.round(rho * 1000) / 10);
    s.memoryPct.push(Math.round(memPct * 10) / 10);
    s.latencyP50Ms.push(Math.round(p50 * 10) / 10);
    s.latencyP95Ms.push(Math.round(p95 * 10) / 10);
    s.latencyP99Ms.push(Math.round(p99 * 10) / 10);
    s.latencyMeanMs.push(Math.round(p50 * 1.1 * 10) / 10);
    s.queueWaitMeanMs.push(Math.round((p50 * 1.1 - base) * 10) / 10);
    s.desiredTasks.push(desired);
    s.runningTasks.push(running);
    s.startingTasks.push(starting);
    // split the non-serving tasks over the start states and draining (the fixture has no finer detail)
    s.tasksProvisioning.push(0);
    s.tasksPending.push(starting);
    s.tasksActivating.push(0);
    s.tasksDeactivating.push(0);
    s.tasksStopping.push(0);
    s.pendingTasks.push(pending);
    s.instances.push(instances);
    s.servingCapacityRps.push(capacity);
    s.paidVcpu.push(paidV);
    s.usedVcpu.push(Math.round(usedV * 1000) / 1000);
    s.paidMemoryGiB.push(paidM);
    s.usedMemoryGiB.push(Math.round(usedM * 1000) / 1000);
    s.cumulativeUsd.push(Math.round(cumulative * 1e6) / 1e6);

    offeredTotal += o * 60;
    servedTotal += served * 60;
    droppedTotal += dropped * 60;
    taskSum += billedTasks;
    maxTasks = Math.max(maxTasks, billedTasks);
    instSum += instances;
    paidVSum += paidV;
    usedVSum += usedV;
    paidMSum += paidM;
    usedMSum += usedM;
    pendingSeconds += pending * 60;
    maxPending = Math.max(maxPending, pending);
  }
  events.sort((a, b) => a.t - b.t);

  const horizonHours = MINUTES / 60;
  const item = (id: string, description: string, quantity: string, unit: string, usdPerUnit: string, source: string): LineItem => {
    const usdExact = mulDecimal(quantity, usdPerUnit);
    return { id, description, quantity, unit, usdPerUnit, usdExact, usd: roundCents(usdExact), source };
  };
  const pricing = 'https://aws.amazon.com/fargate/pricing/';
  const spot = spec.capacityType === 'fargate-spot';
  const lineItems: LineItem[] = spec.ec2
    ? [
        item(`ec2.instance.${spec.ec2.type}`, `EC2 ${spec.ec2.type} on-demand, Linux`, String(instanceSeconds), 'instance-seconds', '0.0000266666667', 'aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws.go'),
        item('ebs.gp3', 'EBS gp3 root volumes, 30 GB each', (instanceSeconds * 30 / 2_628_000).toFixed(6), 'GB-months', '0.08', 'https://aws.amazon.com/ebs/pricing/'),
        item('vpc.public-ipv4', 'Public IPv4 addresses', (taskIpSeconds / 3600).toFixed(6), 'address-hours', '0.005', 'https://aws.amazon.com/vpc/pricing/'),
        item('lb.alb.hours', 'Application Load Balancer hours', horizonHours.toFixed(0), 'hours', '0.0225', 'https://aws.amazon.com/elasticloadbalancing/pricing/'),
      ]
    : [
        item(spot ? 'fargate-spot.vcpu' : 'fargate.vcpu', `${spot ? 'Fargate Spot' : 'Fargate'} vCPU, Linux/x86_64`, String(vcpuSeconds), 'vCPU-seconds', spec.vcpuRate, pricing),
        item(spot ? 'fargate-spot.memory' : 'fargate.memory', `${spot ? 'Fargate Spot' : 'Fargate'} memory`, String(memSeconds), 'GB-seconds', spec.memRate, pricing),
        item('vpc.public-ipv4', 'Public IPv4 addresses', (taskIpSeconds / 3600).toFixed(6), 'address-hours', '0.005', 'https://aws.amazon.com/vpc/pricing/'),
        item('lb.alb.hours', 'Application Load Balancer hours', horizonHours.toFixed(0), 'hours', '0.0225', 'https://aws.amazon.com/elasticloadbalancing/pricing/'),
      ];
  const totalUsd = roundCents(addDecimal(lineItems.map((li) => li.usdExact)));
  const usdPerHour = Math.round((totalUsd / horizonHours) * 10_000) / 10_000;
  const minutesOverShare = minutesOver / MINUTES;
  const droppedShare = offeredTotal > 0 ? droppedTotal / offeredTotal : 0;
  starts.sort((a, b) => a - b);
  const q = (p: number) => (starts.length ? Math.round(starts[Math.min(starts.length - 1, Math.floor(p * starts.length))] * 10) / 10 : 0);

  return {
    name: spec.name,
    platform: spec.platform,
    capacityType: spec.capacityType,
    cost: {
      totalUsd,
      usdPerHour,
      usdPerMonth: Math.round(usdPerHour * 730 * 100) / 100,
      usdPerMillionRequests: servedTotal > 0 ? Math.round((totalUsd / (servedTotal / 1e6)) * 10_000) / 10_000 : null,
      lineItems,
    },
    usage: {
      avgTasks: taskSum / MINUTES,
      maxTasks,
      avgInstances: instSum / MINUTES,
      avgPaidVcpu: paidVSum / MINUTES,
      avgUsedVcpu: usedVSum / MINUTES,
      avgPaidMemoryGiB: paidMSum / MINUTES,
      avgUsedMemoryGiB: usedMSum / MINUTES,
      idleVcpuShare: 1 - usedVSum / paidVSum,
      idleUsd: Math.round(totalUsd * (1 - usedVSum / paidVSum) * 100) / 100,
      pendingTaskSeconds: pendingSeconds,
      maxPendingTasks: maxPending,
    },
    requests: { offered: Math.round(offeredTotal), served: Math.round(servedTotal), dropped: Math.round(droppedTotal) },
    slo: {
      latencyP95TargetMs: SLO_MS,
      maxMinutesOverShare: 0.001,
      minutesOverShare,
      minutesOver,
      droppedShare,
      met: minutesOverShare <= 0.001,
      latencyP95Ms: 0,
      latencyMeanMs: servedWeighted(s.latencyMeanMs, s.servedRps),
      queueWaitMeanMs: servedWeighted(s.queueWaitMeanMs, s.servedRps),
    },
    startLatency: { count: starts.length, p50Seconds: q(0.5), p95Seconds: q(0.95) },
    jobs: null,
    replications: null,
    commitments: commitmentsFor(spec, lineItems),
    events,
    eventCounts: counts,
    series: toSeries(s),
  };
}

/** Typed columns holding what the simulator would: each value on its column's grid. */
/** Σ value × served / Σ served, 3 decimals (how a run weights its minutes' means). */
function servedWeighted(values: number[], served: number[]): number {
  let w = 0;
  let sum = 0;
  for (let m = 0; m < values.length; m++) {
    w += served[m];
    sum += values[m] * served[m];
  }
  return w > 0 ? Math.round((sum / w) * 1000) / 1000 : 0;
}

function toSeries(columns: Record<SeriesField, number[]>): TimeSeries {
  const s = createSeries(MINUTES);
  for (const f of SERIES_FIELDS) for (let m = 0; m < MINUTES; m++) s[f][m] = seriesCell(f, columns[f][m]);
  return s;
}

const COMMITMENT_NOTE =
  "Sized on this run's 336 clock hours as if every hour of the 1y term looked like them; RIs 1y standard no-upfront, a Compute Savings Plan 1y no-upfront. Spot is never covered.";

/**
 * What a commitment recommendation could say for this alternative (a plausible shape, not the
 * model's sizing): on-demand EC2 gets an RI, on-demand Fargate a Compute Savings Plan, Spot nothing.
 */
function commitmentsFor(spec: AltSpec, lineItems: LineItem[]): AlternativeResult['commitments'] {
  const eligible = lineItems.filter((li) => li.id.startsWith('ec2.instance.') || li.id === 'fargate.vcpu' || li.id === 'fargate.memory');
  const onDemandUsd = roundCents(addDecimal(eligible.length > 0 ? eligible.map((li) => li.usdExact) : ['0']));
  const none = { reservedInstances: [], computeSavingsPlanUsdPerHour: '0', onDemandUsd, withRecommendedUsd: onDemandUsd, savingsShare: 0, note: COMMITMENT_NOTE };
  if (onDemandUsd === 0) return { coveredShare: 0, riUtilisation: 0, spUtilisation: 0, recommendation: none };
  const withRecommendedUsd = Math.round(onDemandUsd * (spec.ec2 ? 0.71 : 0.86) * 100) / 100;
  return {
    coveredShare: 0,
    riUtilisation: 0,
    spUtilisation: 0,
    recommendation: {
      reservedInstances: spec.ec2 ? [{ instanceType: spec.ec2.type, count: 1, breakEvenUtilisation: 0.615 }] : [],
      computeSavingsPlanUsdPerHour: spec.ec2 ? '0' : '0.031',
      onDemandUsd,
      withRecommendedUsd,
      savingsShare: Math.round((1 - withRecommendedUsd / onDemandUsd) * 10_000) / 10_000,
      note: COMMITMENT_NOTE,
    },
  };
}

/** Builds the fixture; the same call always returns an equal result. */
export function makeFixture(): ComparisonResult {
  const offered = demand(42);
  const alternatives = SPECS.map((spec) => simulateAlternative(spec, offered));
  const byCost = [...alternatives].sort((a, b) => a.cost.totalUsd - b.cost.totalUsd || a.name.localeCompare(b.name));
  const ranking = [...byCost.filter((a) => a.slo.met), ...byCost.filter((a) => !a.slo.met)].map((a) => a.name);
  const recommended = byCost.find((a) => a.slo.met)?.name ?? null;
  return {
    schemaVersion: SCHEMA_VERSION,
    capsimVersion: '0.1.0',
    scenario: {
      name: 'web-api',
      description: 'Public JSON API behind an ALB: diurnal weekday traffic, quiet weekends, a flash sale on day 9.',
      file: 'scenarios/web-api.yaml',
      seed: 42,
      scenarioHash: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      catalogAsOf: '2026-09-29',
      region: 'us-east-1',
      horizonSeconds: MINUTES * 60,
      tickSeconds: 1,
      sloLatencyP95Ms: SLO_MS,
      resolved: {
        workload: { curve: { type: 'diurnal', baseRps: 150, peakRps: 900, peakHour: 14, weekendFactor: 0.55 }, noiseSigma: 0.06 },
        alternatives: SPECS.map((s) => ({ name: s.name, capacityType: s.capacityType, taskVcpu: s.taskVcpu, taskMemGiB: s.taskMemGiB })),
        horizon: { seconds: MINUTES * 60 },
      },
    },
    alternatives,
    ranking,
    recommended,
  };
}

/**
 * The same two weeks as batch work without a service: no requests (so no SLO applies), job
 * statistics per alternative, one Spot alternative restarting interrupted jobs. Ranked by total
 * cost, as the simulator ranks alternatives that all meet (vacuously) the SLO.
 */
export function makeJobsFixture(): ComparisonResult {
  const base = makeFixture();
  const zeros = (n: number) => new Float32Array(n);
  const jobs: Record<string, { completed: number; restarts: number; wait: number; turnaround: number }> = {
    'fargate-ondemand': { completed: 30_180, restarts: 0, wait: 41.8, turnaround: 791.2 },
    'fargate-spot': { completed: 30_177, restarts: 14, wait: 43.1, turnaround: 802.6 },
    'fargate-spot-lean': { completed: 30_160, restarts: 17, wait: 96.4, turnaround: 1_312.9 },
    'ec2-m5-large': { completed: 30_181, restarts: 0, wait: 12.3, turnaround: 766.4 },
  };
  const alternatives = base.alternatives.map((alt): AlternativeResult => {
    const j = jobs[alt.name];
    const n = alt.series.minutes;
    return {
      ...alt,
      cost: { ...alt.cost, usdPerMillionRequests: null },
      requests: { offered: 0, served: 0, dropped: 0 },
      slo: { ...alt.slo, minutesOver: 0, minutesOverShare: 0, droppedShare: 0, met: true },
      jobs: {
        submitted: 30_192,
        started: j.completed + 8,
        completed: j.completed,
        queuedAtEnd: 30_192 - j.completed - 8,
        restarts: j.restarts,
        lostWorkSeconds: j.restarts * 131,
        waitP50Seconds: Math.round(j.wait * 0.76 * 10) / 10,
        waitP95Seconds: j.wait,
        turnaroundP95Seconds: j.turnaround,
        usdPerJob: Math.round((alt.cost.totalUsd / j.completed) * 1e6) / 1e6,
      },
      series: {
        ...alt.series,
        offeredRps: zeros(n),
        servedRps: zeros(n),
        droppedRps: zeros(n),
        latencyP50Ms: zeros(n),
        latencyP95Ms: zeros(n),
        latencyP99Ms: zeros(n),
        latencyMeanMs: zeros(n),
        queueWaitMeanMs: zeros(n),
        servingCapacityRps: zeros(n),
      },
    };
  });
  const byCost = [...alternatives].sort((a, b) => a.cost.totalUsd - b.cost.totalUsd || a.name.localeCompare(b.name));
  return {
    ...base,
    scenario: { ...base.scenario, name: 'batch-jobs', description: 'Report-rendering jobs as standalone tasks.', file: 'scenarios/batch-jobs.yaml' },
    alternatives,
    ranking: byCost.map((a) => a.name),
    recommended: byCost[0].name,
  };
}
