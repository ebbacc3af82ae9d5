// The Cluster Autoscaler on EKS, by hand (its FAQ: scan every 10 s, scale-down when a node's
// requested share < 0.5 for 10 min, pods evicted and rescheduled). Lifecycle as in
// test/clusters/cluster-case.ts; an EKS pod on a node with its image needs no ENI of its own:
// container start 5 s + health check 15 s = serving 20 s after launch; a stopped pod is STOPPED
// 30 s (deregistration) + 2 s after its eviction.
// m5.large allocatable 1930m = 1976.32 units, 7518 MiB; aws-node + kube-proxy 125m = 128 units.

import { describe, expect, it } from 'vitest';
import { eventsOf, lineItem, runCluster } from '../clusters/cluster-case.js';

const POD = '{ cpu: 0.5 vCPU, memory: 1 GB }';

function eks(providers: unknown[], nodeProvisioner?: Record<string, unknown>): Record<string, unknown> {
  return { type: 'cluster', orchestrator: 'eks', providers, ...(nodeProvisioner ? { nodeProvisioner: { type: 'cluster-autoscaler', ...nodeProvisioner } } : {}) };
}

describe('scale-down after the unneeded time, pods landing elsewhere', () => {
  const twoNodes = [{ name: 'nodes', asg: { instanceTypes: ['m5.large'], min: 1, max: 3, desired: 2 } }];

  it('two m5.large each with one pod: node #0 goes at 610 s, its pod runs on node #1', () => {
    // LeastAllocated puts one pod on each node. Requested share = max(CPU (512 + 128) / 1976.32 =
    // 32.4 %, memory 1024 / 7518 = 13.6 %) < 50 %: both unneeded from the first scan (t = 10).
    // Node #0 (first in order) has been unneeded 600 s at t = 610 and its pod fits on #1: it is
    // cordoned, the pod evicted; the replacement launches at 610 and serves at 630; the evicted
    // pod stops at 610 + 32 = 642; the next scan (650) terminates the empty node. Node #1 is now
    // the group's minimum (1) and stays.
    const alt = runCluster({ horizon: '1h', task: POD, desiredCount: 2, capacity: eks(twoNodes) });
    const down = eventsOf(alt, 'scaling');
    expect(down).toHaveLength(1);
    expect(down[0].t).toBe(610);
    expect(down[0].detail).toBe('Cluster Autoscaler scale-down: m5.large #0 (nodes) requested 32.4% < 50% for 600 s; 1 pod(s) evicted to other nodes; desired 2 → 1');
    expect(eventsOf(alt, 'task-launch').map((e) => e.t)).toEqual([0, 0, 610]);
    expect(eventsOf(alt, 'task-running')).toEqual([{ t: 630, detail: 'task 2 serving after 20.0 s' }]);
    expect(eventsOf(alt, 'task-stopped').map((e) => e.t)).toEqual([642]);
    expect(eventsOf(alt, 'instance-terminate')).toEqual([{ t: 650, detail: 'm5.large #0 (nodes, on-demand, us-east-1a) terminated (scale-in)' }]);
    // Billed: node #0 650 s + node #1 3600 s = 4250 s = 1.180556 h × $0.096 = $0.1133 → $0.11
    expect(lineItem(alt, 'ec2.on-demand.m5.large').quantity).toBe('1.180556');
    // Both pods run on node #1 to the end: two tasks running in the last minute, one instance.
    expect(alt.series.runningTasks[alt.series.runningTasks.length - 1]).toBe(2);
  });

  it('an empty unneeded node goes first, alone; one busy node is drained on the next scan (1 eviction)', () => {
    // The FAQ: empty nodes are removed in bulk, non-empty ones one at a time. Three m5.large, two
    // pods (LeastAllocated: one on #0, one on #1), #2 empty: requested 128 / 1976.32 = 6.5 %. All
    // three are unneeded from t = 10. At 610 the empty #2 goes (terminated at once, nothing to
    // evict) and no busy node is drained in that scan. At 620 #0 (unneeded 610 s) is drained: its
    // pod fits on #1, the replacement launches at 620 on #1 and serves at 640; the evicted pod
    // stops at 620 + 32 = 652; the scan at 660 terminates #0. #1 is the group minimum and stays.
    const threeNodes = [{ name: 'ng', asg: { instanceTypes: ['m5.large'], min: 1, max: 5, desired: 3 } }];
    const alt = runCluster({ horizon: '1h', task: POD, desiredCount: 2, capacity: { ...eks(threeNodes), placement: ['kube:LeastAllocated'] } });
    expect(eventsOf(alt, 'scaling')).toEqual([
      { t: 610, detail: 'Cluster Autoscaler scale-down: m5.large #2 (ng) requested 6.5% < 50% for 600 s; empty; desired 3 → 2' },
      { t: 620, detail: 'Cluster Autoscaler scale-down: m5.large #0 (ng) requested 32.4% < 50% for 610 s; 1 pod(s) evicted to other nodes; desired 2 → 1' },
    ]);
    expect(eventsOf(alt, 'task-launch').map((e) => e.detail)).toEqual(['task 0 launched on instance #0 (ng, us-east-1a)', 'task 1 launched on instance #1 (ng, us-east-1b)', 'task 2 launched on instance #1 (ng, us-east-1b)']);
    expect(eventsOf(alt, 'task-stopped').map((e) => e.t)).toEqual([652]);
    expect(eventsOf(alt, 'instance-terminate').map((e) => [e.t, e.detail.split(' (')[0]])).toEqual([
      [610, 'm5.large #2'],
      [660, 'm5.large #0'],
    ]);
    // Billed: #2 610 s + #0 660 s + #1 3600 s = 4870 s = 1.352778 h
    expect(lineItem(alt, 'ec2.on-demand.m5.large').quantity).toBe('1.352778');
  });

  it('an unmovable service keeps both nodes', () => {
    const alt = runCluster({ horizon: '1h', task: POD, desiredCount: 2, capacity: eks(twoNodes, { unmovable: ['service'] }) });
    expect(eventsOf(alt, 'scaling')).toEqual([]);
    expect(eventsOf(alt, 'instance-terminate')).toEqual([]);
  });

  it('a PodDisruptionBudget of minAvailable 2 keeps both nodes (2 placed − 1 evicted < 2)', () => {
    const alt = runCluster({ horizon: '1h', task: POD, desiredCount: 2, capacity: eks(twoNodes, { minAvailable: 2 }) });
    expect(eventsOf(alt, 'instance-terminate')).toEqual([]);
  });

  it('a longer unneeded time moves the scale-down: 20 m → 1210 s', () => {
    const alt = runCluster({ horizon: '1h', task: POD, desiredCount: 2, capacity: eks(twoNodes, { scaleDownUnneededTime: '20m' }) });
    expect(eventsOf(alt, 'scaling').map((e) => e.t)).toEqual([1210]);
  });
});

describe('scale-up: the expander picks the node group', () => {
  // Three groups, all empty; 3 pods of 0.5 vCPU / 1 GiB pending at t = 0; the first scan (t = 10)
  // finds each group needs one node (3 × 512 = 1536 ≤ 1848.32 units on each 2-vCPU type):
  //   m5.large  waste CPU (1976.32 − 1536 − 128) / 1976.32 = 0.158 + memory (7518 − 3072) / 7518 = 0.591 → 0.749, $0.096/h
  //   c5.large  memory 4096 − (11 × 29 + 255) − 100 = 3422: 0.158 + 350 / 3422 = 0.102 → 0.260, $0.085/h
  //   t3.medium memory 4096 − (11 × 17 + 255) − 100 = 3554: 0.158 + 482 / 3554 = 0.136 → 0.294, $0.0416/h
  const groups = [
    { name: 'm5', asg: { instanceTypes: ['m5.large'], min: 0, max: 3, desired: 0 } },
    { name: 'c5', asg: { instanceTypes: ['c5.large'], min: 0, max: 3, desired: 0 } },
    { name: 't3', asg: { instanceTypes: ['t3.medium'], min: 0, max: 3, desired: 0 } },
  ];
  const chosen = (np: Record<string, unknown>) => {
    const alt = runCluster({ horizon: '10m', task: POD, desiredCount: 3, capacity: eks(groups, np) });
    const up = eventsOf(alt, 'scaling');
    expect(up[0].t).toBe(10);
    return up[0].detail;
  };

  it('least-waste: c5.large', () => {
    const d = chosen({ expander: 'least-waste' });
    expect(d).toMatch(/^ASG c5 desired 0 → 1: Cluster Autoscaler scale-up: 3 unschedulable pod\(s\)/);
    expect(d).toMatch(/m5 \+1 m5\.large \(waste 0\.749, \$0\.0960\/h\); c5 \+1 c5\.large \(waste 0\.260, \$0\.0850\/h\); t3 \+1 t3\.medium \(waste 0\.294, \$0\.0416\/h\)/);
    expect(d).toMatch(/expander least-waste chose c5$/);
  });

  it('price: t3.medium', () => {
    expect(chosen({ expander: 'price' })).toMatch(/^ASG t3 desired 0 → 1: .*expander price chose t3$/);
  });

  it('priority: the first listed', () => {
    expect(chosen({ expander: 'priority', priorities: ['m5', 't3'] })).toMatch(/^ASG m5 desired 0 → 1: .*expander priority chose m5$/);
  });

  it('the pods run once the node joins (launch latency 30–90 s): all three by the end', () => {
    const alt = runCluster({ horizon: '10m', task: POD, desiredCount: 3, capacity: eks(groups, { expander: 'least-waste' }) });
    expect(alt.usage.maxTasks).toBe(3);
    expect(eventsOf(alt, 'instance-launch').map((e) => e.t)).toEqual([10]);
  });
});

describe('the random expander', () => {
  // Two pods of 0.5 vCPU / 4 GiB. Group `full` has its one node (its max) at t = 0: an m5.large,
  // 7518 MiB allocatable less the DaemonSets, takes the first pod and cannot take a second (2 × 4096
  // > 7518). The second pod is unschedulable; at the first scan (t = 10) the groups that could take
  // it are the three with room, m5, r5 and m6i (one node each), not `full` (at its max). The
  // expander draws one of them from the Cluster Autoscaler's own random stream.
  const groups = [
    { name: 'full', asg: { instanceTypes: ['m5.large'], min: 1, max: 1, desired: 1 } },
    { name: 'm5', asg: { instanceTypes: ['m5.large'], min: 0, max: 3, desired: 0 } },
    { name: 'r5', asg: { instanceTypes: ['r5.large'], min: 0, max: 3, desired: 0 } },
    { name: 'm6i', asg: { instanceTypes: ['m6i.large'], min: 0, max: 3, desired: 0 } },
  ];
  const TYPE = { m5: 'm5.large', r5: 'r5.large', m6i: 'm6i.large' } as const;
  const scaleUp = (seed: number) => {
    const alt = runCluster({ horizon: '5m', seed, task: '{ cpu: 0.5 vCPU, memory: 4 GB }', desiredCount: 2, capacity: eks(groups, { expander: 'random' }) });
    const up = eventsOf(alt, 'scaling');
    expect(up).toHaveLength(1);
    expect(up[0].t).toBe(10);
    const choice = up[0].detail.match(/expander random chose (\w+)$/)?.[1];
    return { detail: up[0].detail, choice, launched: eventsOf(alt, 'instance-launch').map((e) => e.detail.split(' ')[0]), maxTasks: alt.usage.maxTasks };
  };
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const runs = seeds.map(scaleUp);

  it('offers only the groups that can take the pod, picks one of them, and its node runs the pod', () => {
    for (const r of runs) {
      expect(r.detail).toMatch(/options m5 \+1 m5\.large .*; r5 \+1 r5\.large .*; m6i \+1 m6i\.large /);
      expect(r.detail).not.toMatch(/full \+/);
      expect(['m5', 'r5', 'm6i']).toContain(r.choice);
      // the full group's node at t = 0, then one node of the chosen group's type
      expect(r.launched).toEqual(['m5.large', TYPE[r.choice as keyof typeof TYPE]]);
      expect(r.maxTasks).toBe(2);
    }
  });

  it('is deterministic under the seed: the same seed chooses the same group', () => {
    for (const seed of [1, 5]) expect(scaleUp(seed)).toEqual(runs[seeds.indexOf(seed)]);
  });

  it('different seeds can choose differently: over seeds 1–8 each of the three is drawn', () => {
    expect(new Set(runs.map((r) => r.choice))).toEqual(new Set(['m5', 'r5', 'm6i']));
  });
});
