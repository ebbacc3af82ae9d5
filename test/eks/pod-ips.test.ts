// Pod IPs under the Amazon VPC CNI, by hand (aws-facts §3.5): each non-host-network pod takes a
// subnet IP; a node holds whole ENIs per WARM_ENI_TARGET (default 1), single IPs per
// WARM_IP_TARGET / MINIMUM_IP_TARGET, or /28 prefixes with prefix delegation. Each ENI has
// ipv4PerEni addresses (its primary is not a pod's); the node's own primary is the instance's IP.
//   m5.large: 3 ENIs × 10 IPv4 → 9 pod IPs per ENI; t3.medium: 3 ENIs × 6 → 5 per ENI.

import { describe, expect, it } from 'vitest';
import { instanceType } from '../../src/catalog/index.js';
import { cniMode } from '../../src/capacity/vpc-cni.js';
import { parseScenario, simulate } from '../../src/index.js';

const DEFAULT_CNI = { warmEniTarget: 1, warmIpTarget: null, minimumIpTarget: null, warmPrefixTarget: 1 };

describe('warm pool targets', () => {
  it('WARM_ENI_TARGET=1 on t3.medium: 0 pods → 1 ENI, 5 pods → 2 ENIs (5 used + 5 warm), 11 pods → 3 (capped)', () => {
    const m = cniMode(instanceType('t3.medium'), DEFAULT_CNI, false);
    expect(m.target(0)).toBe(1); // ⌈(0 + 5) / 5⌉
    expect(m.target(5)).toBe(2); // ⌈(5 + 5) / 5⌉
    expect(m.target(11)).toBe(3); // ⌈16 / 5⌉ = 4, only 3 ENIs
    expect(m.podIps(2)).toBe(10);
    expect(m.addresses(2)).toBe(11); // 2 ENIs × 6 addresses − the node's own primary
  });

  it('WARM_IP_TARGET=2, MINIMUM_IP_TARGET=10 on m5.large with 5 pods: 10 IPs on 2 ENIs = 11 addresses', () => {
    const m = cniMode(instanceType('m5.large'), { ...DEFAULT_CNI, warmIpTarget: 2, minimumIpTarget: 10 }, false);
    expect(m.target(5)).toBe(10); // max(10, 5 + 2)
    expect(m.addresses(10)).toBe(11); // 10 IPs + ⌈10 / 9⌉ = 2 ENI primaries − 1 (the node's)
    expect(m.target(20)).toBe(22); // 20 + 2
  });

  it('prefix delegation on m5.large with 20 pods: ⌈20/16⌉ + 1 warm = 3 prefixes = 48 addresses on 1 ENI', () => {
    const m = cniMode(instanceType('m5.large'), DEFAULT_CNI, true);
    expect(m.target(20)).toBe(3);
    expect(m.podIps(3)).toBe(48);
    expect(m.addresses(3)).toBe(48); // 3 × 16 + 1 ENI − the node's primary
  });
});

function ipCase(pods: number, ips: number, extra = ''): string {
  return `name: eks-ips
horizon: 1h
workload: { rps: { type: constant, rps: 10 }, noise: 0 }
service: { task: { cpu: 50, memory: 128 MiB }, desiredCount: ${pods}, taskCapacity: 50 rps }
alternatives:
  - name: a
    capacity:
      type: cluster
      orchestrator: eks
      nodeProvisioner: false
      subnets: [{ az: us-east-1a, ips: ${ips} }]
      providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 1, max: 1, desired: 1 } }]
${extra}`;
}

describe('a cluster that runs out of subnet IPs before CPU', () => {
  it('20 free IPs, one m5.large, 20 small pods: 18 run, 2 wait for an IP', () => {
    // The node takes 1 (19 left). The first pod needs an ENI: 10 addresses − the node's own = 9
    // (10 left); after it the warm pool wants ⌈(1 + 9) / 9⌉ = 2 ENIs: 10 more (0 left).
    // 2 ENIs hold 18 pod IPs; the 19th pod needs a third ENI: no address. CPU would take 27
    // (27 × 50 = 1350 ≤ 1848.32 units) and pod slots 27: the IPs bind first.
    const alt = simulate(parseScenario(ipCase(20, 20)));
    expect(alt.usage.maxTasks).toBe(18);
    expect(alt.usage.maxPendingTasks).toBe(2);
    const failed = alt.events.filter((e) => e.kind === 'placement-failed');
    expect(failed).toHaveLength(2);
    for (const e of failed) {
      expect(e.detail).toMatch(/no free subnet IP for the pod/);
      expect(e.detail).toMatch(/WARM_ENI_TARGET=1/);
      expect(e.detail).toMatch(/us-east-1a/);
    }
  });

  it('29 free IPs: still 18 (the third ENI needs 10, 9 are left); 30 free: all 20 run', () => {
    // node 1 + two ENIs 19 = 20 taken; 29 − 20 = 9 < 10 for a third ENI: 18 pod IPs.
    // 30 − 20 = 10: the third ENI fits, 27 pod IPs ≥ 20 pods.
    expect(simulate(parseScenario(ipCase(20, 29))).usage.maxTasks).toBe(18);
    expect(simulate(parseScenario(ipCase(20, 30))).usage.maxTasks).toBe(20);
  });

  it('host-network DaemonSets take no IP; a pod-network one does', () => {
    // fluent-bit (not host network) takes the first pod IP of the node: 17 application pods fit.
    const alt = simulate(parseScenario(ipCase(20, 20, '      daemonSets: [{ name: fluent-bit, cpu: 100, memory: 200 MiB }]\n')));
    expect(alt.usage.maxTasks).toBe(17);
  });
});
