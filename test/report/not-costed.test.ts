// What is not costed, on real one-hour runs of scenarios that turn the extras on (docs/scenarios.md,
// extras). Each expected list is read off the YAML: which extras each alternative declares, which
// it concerns (a load balancer fronts a service, not App Runner, whose price includes it; EBS needs
// EC2 instances; the NAT path concerns containers, not functions), never off the output.

import { describe, expect, it } from 'vitest';
import { compare } from '../../src/run/compare.js';
import { parseScenario } from '../../src/scenario/load.js';
import { notCosted } from '../../src/report/not-costed.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';

const run = (yaml: string) => compare(parseScenario(yaml, 'not-costed.yaml'));

const SERVICE = `horizon: 1h
workload: { rps: { type: constant, rps: 20 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 2, taskCapacity: 60 rps }
`;

const LB = 'Load balancer in front of the service (ALB/NLB hours and capacity units; scenario extras.loadBalancer)';
const NETWORK = 'NAT gateways or interface VPC endpoints through which tasks pull images and send logs (hours and GB processed; scenario extras.network)';
const EDGE_IPS = 'Public IPv4 addresses of the NAT gateways (their Elastic IPs) and of internet-facing load balancers';
const LOGS = 'CloudWatch Logs ingestion (scenario extras.logsGiBPerTaskHour)';
const EBS = 'EBS root volumes of the EC2 instances (scenario extras.ebsGiBPerInstance)';
const EGRESS = 'Data transfer out to the internet, the responses to clients (scenario extras.dataTransfer.internetEgressBytesPerRequest)';
const CROSS_AZ = 'Data transfer between Availability Zones for calls to other services (scenario extras.dataTransfer.serviceBytesPerRequest)';
const JOBS = 'Data transfer of batch jobs (capsim bills transfer per request served only)';
const ALWAYS = [
  'CloudWatch Logs storage, metrics, alarms (target tracking creates them) and Container Insights',
  'ECR image storage',
  'Taxes, support plans, free tiers and credits',
];

describe('not costed, with every extra turned on', () => {
  // NAT, logs, EBS, an ALB and both kinds of data transfer for all three. The Fargate/Fargate Spot
  // cluster has no instance, so no EBS is missing there (it was listed before). What is left: the
  // NAT gateways' and the ALB's own public addresses, and what capsim never bills.
  const result = run(`name: all-on
${SERVICE}extras:
  network: { path: nat }
  logsGiBPerTaskHour: 0.005
  ebsGiBPerInstance: 30
  loadBalancer: { type: alb }
  dataTransfer: { internetEgressBytesPerRequest: 10000, serviceBytesPerRequest: 2000 }
alternatives:
  - name: fargate
    capacity: { type: fargate }
  - name: spot-mix
    capacity: { type: cluster, providers: [{ name: FARGATE }, { name: FARGATE_SPOT }], strategy: [{ provider: FARGATE, base: 1 }, { provider: FARGATE_SPOT }] }
  - name: ec2
    capacity: { type: ec2, instanceType: m5.large, instances: 1 }
`);

  it('bills what the scenario turns on (the ids the list reads)', () => {
    for (const alt of result.alternatives) {
      const ids = alt.cost.lineItems.map((li) => li.id);
      expect(ids).toEqual(expect.arrayContaining(['lb.alb.hours', 'nat.hours', 'logs.ingestion', 'transfer.internet.tier1', 'transfer.cross-az.services']));
      expect(ids.includes('ebs.gp3')).toBe(alt.name === 'ec2');
    }
  });

  it('lists only what is really missing', () => {
    expect(notCosted(result)).toEqual([EDGE_IPS, ...ALWAYS]);
  });
});

describe('not costed, extras on some alternatives only', () => {
  // VPC endpoints for all; an ALB only on fargate-alb; EBS turned off on the EC2 fleet; no logs or
  // data transfer. App Runner includes its load balancing and has no VPC path of its own; Lambda
  // has no VPC path either, but something (API Gateway, an ALB) fronts it.
  const result = run(`name: some-on
${SERVICE}extras:
  network: { path: vpc-endpoints }
alternatives:
  - name: fargate-alb
    capacity: { type: fargate }
    extras: { loadBalancer: { type: alb } }
  - name: ec2-no-ebs
    capacity: { type: ec2, instanceType: m5.large, instances: 1 }
    extras: { ebsGiBPerInstance: 0 }
  - name: lambda
    capacity: { type: lambda, memory: 1024 MB, arch: arm64 }
  - name: app-runner
    capacity: { type: app-runner, cpu: 0.5 vCPU, memory: 1 GB, minInstances: 1, maxConcurrency: 2 }
`);

  it('names the alternatives that lack what another is billed for', () => {
    expect(notCosted(result)).toEqual([`${LB}: not costed for ec2-no-ebs, lambda`, EDGE_IPS, LOGS, EBS, EGRESS, CROSS_AZ, ...ALWAYS]);
  });

  it('report.md shows the same list under the decision table', () => {
    const md = renderMarkdownReport(result);
    expect(md).toContain(`- ${LB}: not costed for ec2-no-ebs, lambda\n- ${EDGE_IPS}\n- ${LOGS}\n`);
  });
});

describe('not costed, with no extras block', () => {
  // EKS always pays its control plane (so it is not listed); its nodes have no EBS volume
  // and neither alternative has a network path, a load balancer, logs or transfer.
  const result = run(`name: none-on
${SERVICE}jobs:
  task: { cpu: 0.25 vCPU, memory: 0.5 GB }
  arrivals: { type: every, interval: 10m }
  duration: 2m
alternatives:
  - name: eks-nodes
    capacity: { type: cluster, orchestrator: eks, nodeProvisioner: false, providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 1, max: 1, desired: 1 } }] }
  - name: ecs-fargate
    capacity: { type: fargate }
`);

  it('lists the network path and EBS as missing, never the EKS control plane', () => {
    expect(result.alternatives[0].cost.lineItems.map((li) => li.id)).toContain('eks.control-plane');
    expect(notCosted(result)).toEqual([LB, NETWORK, LOGS, EBS, EGRESS, CROSS_AZ, JOBS, ...ALWAYS]);
  });
});
