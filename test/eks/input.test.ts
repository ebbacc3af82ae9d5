// EKS input checks. EKS on Fargate refuses what AWS refuses: "Windows Operating System and ARM CPU Architecture are
// currently only available for Amazon ECS" (https://aws.amazon.com/fargate/pricing/), and Fargate
// Spot is an ECS capacity provider. Each is a load error naming the field and what is allowed.

import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/index.js';

function scenario(task: string, provider = 'FARGATE', orchestrator = 'eks'): string {
  return `name: eks-fargate
horizon: 1h
workload: { rps: { type: constant, rps: 10 } }
service: { task: { ${task} }, desiredCount: 1, taskCapacity: 50 rps }
alternatives:
  - name: a
    capacity: { type: cluster, orchestrator: ${orchestrator}, providers: [{ name: ${provider} }] }
`;
}

function problems(text: string): string {
  try {
    parseScenario(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error('the scenario loaded');
}

describe('EKS on Fargate refusals', () => {
  it('arm64 pods', () => {
    const msg = problems(scenario('cpu: 0.5 vCPU, memory: 1 GB, arch: arm64'));
    expect(msg).toMatch(/service\.task\.arch: ARM \(arm64\) on Fargate is for Amazon ECS only: EKS on Fargate runs x86_64 pods/);
    expect(msg).toMatch(/allowed: x86_64, or EKS EC2 nodes/);
  });

  it('Windows pods', () => {
    const msg = problems(scenario('cpu: 1 vCPU, memory: 2 GB, os: windows'));
    expect(msg).toMatch(/service\.task\.os: Windows on Fargate is for Amazon ECS only: EKS on Fargate runs Linux pods/);
    expect(msg).toMatch(/allowed: linux/);
  });

  it('Fargate Spot', () => {
    const msg = problems(scenario('cpu: 0.5 vCPU, memory: 1 GB', 'FARGATE_SPOT'));
    expect(msg).toMatch(/alternatives\[0\]\.capacity\.providers\[0\]\.name: Fargate Spot is for Amazon ECS only/);
    expect(msg).toMatch(/allowed: FARGATE, or orchestrator: ecs for FARGATE_SPOT/);
  });

  it('the same on ECS loads', () => {
    expect(() => parseScenario(scenario('cpu: 0.5 vCPU, memory: 1 GB, arch: arm64', 'FARGATE', 'ecs'))).not.toThrow();
    expect(() => parseScenario(scenario('cpu: 0.5 vCPU, memory: 1 GB', 'FARGATE_SPOT', 'ecs'))).not.toThrow();
  });

  // EKS pods on Fargate take up to 175 GiB (AWS, 2023-08-02 launch), ECS tasks up to 200 GiB.
  it('an EKS pod asking 190 GiB of ephemeral storage is refused; the same task on ECS is not', () => {
    expect(problems(scenario('cpu: 0.5 vCPU, memory: 1 GB, ephemeralStorage: 190 GB'))).toMatch(/task\.ephemeralStorage: an EKS pod on Fargate takes at most 175 GiB of ephemeral storage \(got 190\); allowed: a whole number of GiB from 20 to 175/);
    expect(() => parseScenario(scenario('cpu: 0.5 vCPU, memory: 1 GB, ephemeralStorage: 175 GB'))).not.toThrow();
    expect(() => parseScenario(scenario('cpu: 0.5 vCPU, memory: 1 GB, ephemeralStorage: 190 GB', 'FARGATE', 'ecs'))).not.toThrow();
  });
});

describe('EKS-only fields and node provisioner input', () => {
  const base = (capacity: string) => `name: eks-input
horizon: 1h
workload: { rps: { type: constant, rps: 10 } }
service: { name: api, task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 1, taskCapacity: 50 rps }
alternatives:
  - name: a
    capacity: ${capacity}
`;
  const nodes = "providers: [{ name: nodes, asg: { instanceTypes: [m5.large], max: 3 } }]";

  it('daemonSets on an ECS cluster', () => {
    expect(problems(base(`{ type: cluster, ${nodes}, daemonSets: [{ name: agent, cpu: 100, memory: 64 }] }`))).toMatch(/alternatives\[0\]\.capacity\.daemonSets: daemonSets applies to EKS clusters only \(got .*\); allowed: orchestrator: eks, or remove it/);
  });

  it('an unmovable name that is no service', () => {
    expect(problems(base(`{ type: cluster, orchestrator: eks, ${nodes}, nodeProvisioner: { type: cluster-autoscaler, unmovable: [apii] } }`))).toMatch(/capacity\.nodeProvisioner\.unmovable\[0\]: no service or jobs of this name run in the alternative .*allowed: api/);
  });

  it('the priority expander without priorities, and a priority naming no provider', () => {
    expect(problems(base(`{ type: cluster, orchestrator: eks, ${nodes}, nodeProvisioner: { type: cluster-autoscaler, expander: priority } }`))).toMatch(/nodeProvisioner\.priorities: the priority expander needs the providers in priority order \(got nothing\); allowed: priorities: \[nodes\]/);
    expect(problems(base(`{ type: cluster, orchestrator: eks, ${nodes}, nodeProvisioner: { type: cluster-autoscaler, expander: priority, priorities: [nodez] } }`))).toMatch(/nodeProvisioner\.priorities\[0\]: no such provider in this cluster .*allowed: nodes/);
  });

  it('a scan interval under 1 s', () => {
    expect(problems(base(`{ type: cluster, orchestrator: eks, ${nodes}, nodeProvisioner: { type: cluster-autoscaler, scanInterval: 0s } }`))).toMatch(/nodeProvisioner\.scanInterval: the scan interval must be at least 1 s/);
  });

  it('a cluster with neither providers nor Karpenter; a Karpenter type that does not exist', () => {
    expect(problems(base('{ type: cluster, orchestrator: eks }'))).toMatch(/capacity\.providers: a cluster needs its capacity providers/);
    expect(problems(base('{ type: cluster, orchestrator: eks, nodeProvisioner: { type: karpenter, instanceTypes: [m5.larg] } }'))).toMatch(/nodeProvisioner\.instanceTypes\[0\]: Unknown instance type "m5\.larg"/);
  });
});

describe('pods that fit no node once the reservations and DaemonSets are off', () => {
  const text = (task: string, capacity: string) => `name: eks-fit
horizon: 1h
workload: { rps: { type: constant, rps: 10 } }
service: { task: { ${task} }, desiredCount: 1, taskCapacity: 50 rps }
alternatives:
  - name: a
    capacity: ${capacity}
`;

  it('a 2 vCPU pod on m5.large (1848 units after kubeReserved 70m and 125m of DaemonSets)', () => {
    // 2 vCPU = 2048 units > 1976.32 − 128 = 1848.32; nominally it fits (2048 ≤ 2048)
    const msg = problems(text('cpu: 2 vCPU, memory: 1 GB', "{ type: cluster, orchestrator: eks, providers: [{ name: nodes, asg: { instanceTypes: [m5.large], max: 2 } }] }"));
    expect(msg).toMatch(/capacity\.providers\[0\]\.asg\.instanceTypes: the pod \(2048 CPU units \/ 1024 MiB, alternatives\[0\]\.service\) fits no node's allocatable less the DaemonSets: m5\.large 1848 CPU units \/ 7518 MiB/);
  });

  it('the same through a Karpenter NodePool is reported once, on the NodePool', () => {
    const msg = problems(text('cpu: 2 vCPU, memory: 1 GB', '{ type: cluster, orchestrator: eks, nodeProvisioner: { type: karpenter, instanceTypes: [m5.large, c5.large], capacityTypes: [spot, on-demand] } }'));
    expect(msg.match(/fits no node's allocatable/g)).toHaveLength(1);
    expect(msg).toMatch(/capacity\.nodeProvisioner\.instanceTypes: the pod .* m5\.large 1848 CPU units \/ 7518 MiB, c5\.large 1848 CPU units \/ 3422 MiB/);
  });

  it('declaring aws-node again', () => {
    const msg = problems(text('cpu: 0.5 vCPU, memory: 1 GB', "{ type: cluster, orchestrator: eks, daemonSets: [{ name: aws-node, cpu: 25 }], providers: [{ name: nodes, asg: { instanceTypes: [m5.large], max: 2 } }] }"));
    expect(msg).toMatch(/capacity\.daemonSets\[0\]\.name: aws-node already runs on every EKS node/);
  });
});
