// Karpenter on EKS, by hand. NodePool types and their allocatable less aws-node + kube-proxy
// (128 units), us-east-1 on-demand prices:
//   c5.large   1930m → 1848.32 units, 4096 − 574 − 100 = 3422 MiB, $0.085/h
//   m5.large   1848.32 units, 7518 MiB, $0.096/h
//   m5.xlarge  3920m → 4014.08 − 128 = 3886.08 units, 15391 MiB, $0.192/h
//   c5.4xlarge 15890m → 16271.36 − 128 = 16143.36 units, 29839 MiB, $0.68/h
// Batches are read every 10 s; launch to Ready 30 s; a new node pulls the 100 MB image in 10 s,
// so a pod placed on it serves 10 + 5 + 15 = 30 s later; an evicted pod stops 32 s later.

import { describe, expect, it } from 'vitest';
import { eventsOf, lineItem, runCluster } from '../clusters/cluster-case.js';

const POOL = ['m5.large', 'm5.xlarge', 'c5.large', 'c5.4xlarge'];

function karpenter(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'cluster', orchestrator: 'eks', nodeProvisioner: { type: 'karpenter', instanceTypes: POOL, launchLatency: '30s', ...extra } };
}

describe('the cheapest type that fits a batch of pending pods', () => {
  // warmStart: false, so the pods are pending at t = 0 and the first batch (t = 10) provisions.
  it('6 pods of 0.5 vCPU / 1 GiB → one m5.xlarge', () => {
    // The claim packs all 6 (3072 units, 6144 MiB) on the largest type; the cheapest that holds
    // them: m5.large and c5.large have 1848.32 units < 3072; m5.xlarge 3886.08 ≥ 3072 at $0.192.
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 6, warmStart: false, capacity: karpenter() });
    const d = eventsOf(alt, 'scaling');
    expect(d[0]).toEqual({
      t: 10,
      detail: 'Karpenter: 6 pending pod(s) (3072 CPU units, 6144 MiB) → m5.xlarge on-demand at $0.1920/h, the cheapest allowed type that holds them (next: c5.4xlarge on-demand $0.6800/h)',
    });
    expect(eventsOf(alt, 'instance-launch')).toEqual([{ t: 10, detail: 'm5.xlarge #0 (karpenter-on-demand, on-demand, us-east-1a) launched' }]);
    // Ready at 40, serving at 70: all 6 run.
    expect(alt.usage.maxTasks).toBe(6);
    expect(eventsOf(alt, 'task-running').map((e) => e.t)).toEqual([70, 70, 70, 70, 70, 70]);
  });

  it('2 pods → c5.large ($0.085 < m5.large $0.096; 2048 MiB ≤ 3422)', () => {
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 2, warmStart: false, capacity: karpenter() });
    expect(eventsOf(alt, 'scaling')[0].detail).toMatch(/→ c5\.large on-demand at \$0\.0850\/h, the cheapest allowed type that holds them \(next: m5\.large on-demand \$0\.0960\/h, m5\.xlarge/);
  });

  it('Spot allowed: Spot first, at 35 % of on-demand: m5.xlarge spot at $0.0672/h', () => {
    // 0.192 × 0.35 = 0.0672
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 6, warmStart: false, capacity: karpenter({ capacityTypes: ['spot', 'on-demand'], spot: { interruptionsPerHour: 0 } }) });
    expect(eventsOf(alt, 'scaling')[0].detail).toMatch(/→ m5\.xlarge spot at \$0\.0672\/h/);
    expect(lineItem(alt, 'ec2.spot.m5.xlarge')).toBeDefined();
  });

  it('the NodePool CPU limit holds pods pending', () => {
    // limits.cpu 2: an m5.xlarge (4 vCPU) would exceed it
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 6, warmStart: false, capacity: karpenter({ limits: { cpu: 2 } }) });
    expect(eventsOf(alt, 'instance-launch')).toEqual([]);
    expect(eventsOf(alt, 'scaling')[0].detail).toBe('Karpenter: NodePool limit cpu 2 vCPU reached (0 in use); 6 pod(s) stay pending');
  });
});

describe('a warm start: the nodes Karpenter would have provisioned are up at t = 0', () => {
  it('6 pods → one m5.xlarge up at t = 0 (the type the first batch would pick); minute 0 drops nothing', () => {
    // The same claim as a cold start (3072 units, 6144 MiB → m5.xlarge at $0.192, the cheapest
    // that holds them), launched prewarmed: registered at 0, billed from 0, the pods serving at 0.
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 6, capacity: karpenter() });
    expect(eventsOf(alt, 'scaling')).toEqual([
      {
        t: 0,
        detail: 'Karpenter (warm start, up at t = 0): 6 initial pod(s) (3072 CPU units, 6144 MiB) → m5.xlarge on-demand at $0.1920/h, the cheapest allowed type that holds them (next: c5.4xlarge on-demand $0.6800/h)',
      },
    ]);
    expect(eventsOf(alt, 'instance-launch')).toEqual([{ t: 0, detail: 'm5.xlarge #0 (karpenter-on-demand, on-demand, us-east-1a) launched' }]);
    expect(eventsOf(alt, 'task-launch').map((e) => e.t)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(alt.series.droppedRps[0]).toBe(0);
    expect(alt.series.runningTasks[0]).toBe(6);
    // 600 s = 0.166667 h of m5.xlarge
    expect(lineItem(alt, 'ec2.on-demand.m5.xlarge').quantity).toBe('0.166667');
  });

  it('14 pods: a claim fills the largest type (c5.4xlarge holds 14 × 1 GiB), then the cheapest that holds it', () => {
    // Largest allowed: c5.4xlarge (16143.36 units, 29839 MiB); 14 pods = 7168 units, 14336 MiB fit
    // in one claim. The cheapest that holds 7168 units: only c5.4xlarge ($0.68/h); m5.xlarge has 3886.08.
    const alt = runCluster({ horizon: '10m', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 14, capacity: karpenter() });
    expect(eventsOf(alt, 'instance-launch').map((e) => [e.t, e.detail.split(' (')[0]])).toEqual([[0, 'c5.4xlarge #0']]);
    expect(eventsOf(alt, 'task-launch').filter((e) => e.t === 0)).toHaveLength(14);
    expect(alt.series.droppedRps[0]).toBe(0);
  });
});

describe('consolidation after load drops', () => {
  it('6 pods → 2 at 30 min: the m5.xlarge is replaced by a c5.large', () => {
    // Warm start: the m5.xlarge is up at t = 0 with the 6 pods serving. At 1800 a scheduled action
    // cuts the service to 2; 4 pods stop at 1832 (a node event), seen by the batch at 1840: the
    // node's pods changed, so consolidateAfter (60 s) counts from 1840. At 1900: its 2 pods
    // (1024 units, 2048 MiB) fit on no other node; the cheapest type that holds them is c5.large
    // at $0.085 < $0.192: launched at 1900, Ready 1930; the batch at 1930 drains the m5.xlarge:
    // its 2 pods are evicted, replaced on the c5.large (serving at 1960), stop at 1962; the batch
    // at 1970 terminates the empty m5.xlarge. The c5.large is then the cheapest that holds them.
    const alt = runCluster({
      horizon: '1h',
      task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
      desiredCount: 6,
      autoscaling: '{ minCapacity: 2, maxCapacity: 6, scheduled: [{ name: drop, at: 30m, minCapacity: 2, maxCapacity: 2 }] }',
      capacity: karpenter(),
    });
    const karp = eventsOf(alt, 'scaling').filter((e) => e.detail.startsWith('Karpenter'));
    expect(karp.map((e) => [e.t, e.detail])).toEqual([
      [0, 'Karpenter (warm start, up at t = 0): 6 initial pod(s) (3072 CPU units, 6144 MiB) → m5.xlarge on-demand at $0.1920/h, the cheapest allowed type that holds them (next: c5.4xlarge on-demand $0.6800/h)'],
      [1900, 'Karpenter consolidation: replace m5.xlarge #0 ($0.1920/h) by c5.large on-demand ($0.0850/h) that holds its 2 pod(s)'],
      [1930, 'Karpenter consolidation: m5.xlarge #0 (on-demand) replaced by c5.large #1, now Ready'],
    ]);
    expect(eventsOf(alt, 'instance-terminate')).toEqual([{ t: 1970, detail: 'm5.xlarge #0 (karpenter-on-demand, on-demand, us-east-1a) terminated (scale-in)' }]);
    // EC2 bills from running, 15 s after the launch (pending; docs/model.md), a prewarmed node from
    // 0: m5.xlarge 0 → 1970 = 1970 s = 0.547222 h; c5.large 1915 → 3600 = 1685 s = 0.468056 h
    expect(lineItem(alt, 'ec2.on-demand.m5.xlarge').quantity).toBe('0.547222');
    expect(lineItem(alt, 'ec2.on-demand.c5.large').quantity).toBe('0.468056');
  });

  it('an empty node is deleted consolidateAfter after it empties', () => {
    // A scheduled action takes the service to 0 at 1800; the pods stop at 1832; the batch at 1840
    // sees the node's pods change (6 → 0); at 1900 it has been empty 60 s: deleted (WhenEmpty
    // policy: nodes with pods are never consolidated).
    const alt = runCluster({
      horizon: '1h',
      task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
      desiredCount: 6,
      autoscaling: '{ minCapacity: 0, maxCapacity: 6, scheduled: [{ name: off, at: 30m, minCapacity: 0, maxCapacity: 0 }] }',
      capacity: karpenter({ consolidationPolicy: 'WhenEmpty' }),
    });
    const karp = eventsOf(alt, 'scaling').filter((e) => e.detail.startsWith('Karpenter consolidation'));
    expect(karp).toEqual([{ t: 1900, detail: 'Karpenter consolidation: m5.xlarge #0 (on-demand) empty for 60 s (consolidateAfter 60 s): deleted' }]);
    expect(eventsOf(alt, 'instance-terminate').map((e) => e.t)).toEqual([1900]);
  });
});

describe('Spot interruptions through the interruption queue', () => {
  it('an interrupted Spot node is not replaced by its group: its evicted pods go pending and the next batch provisions for them', () => {
    // 2 interruptions per instance-hour over 3 h: several notices. At a notice (t = T) the node is
    // cordoned and its pods evicted; their replacements fit nowhere, so the batch on the next
    // 10 s grid point after T launches a new node for them. Every launch is Karpenter's.
    const alt = runCluster({
      horizon: '3h',
      seed: 5,
      task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
      desiredCount: 6,
      capacity: karpenter({ capacityTypes: ['spot'], spot: { interruptionsPerHour: 2 } }),
    });
    const notices = eventsOf(alt, 'interruption').map((e) => e.t);
    expect(notices.length).toBeGreaterThan(1);
    // The warm start's node (t = 0) is Karpenter's too.
    const launches = eventsOf(alt, 'scaling').filter((e) => /^Karpenter( \(warm start, up at t = 0\))?: \d+ (pending|initial) pod/.test(e.detail));
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual(launches.map((e) => e.t));
    for (const t of notices) {
      const batch = (Math.floor(t / 10 + 1e-9) + 1) * 10;
      const d = launches.find((e) => e.t === batch);
      expect(d, `a launch at ${batch} after the notice at ${t}`).toBeDefined();
      expect(d!.detail).toMatch(/^Karpenter: 6 pending pod\(s\) \(3072 CPU units, 6144 MiB\) → m5\.xlarge spot/);
    }
  });
});
