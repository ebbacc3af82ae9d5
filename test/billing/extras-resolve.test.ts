// What a loaded scenario's extras resolve to, where the docs and the code once disagreed:
// the NAT gateway count (one per AZ of the cluster's subnets, not a fixed 2) and the EKS control
// plane (billed with or without an `extras` section).

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { compare } from '../../src/index.js';
import { scenarioText } from '../fixtures/scenario-text.js';

const base = { horizon: '1h', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 2 };

describe('extras as a scenario resolves them', () => {
  it('runs one NAT gateway per AZ of the cluster subnets: 3 by default, 2 for two AZs', () => {
    const text = scenarioText({
      ...base,
      alternatives: [
        '{ name: three, capacity: { type: cluster, providers: [{ name: FARGATE }] }, extras: { network: { path: nat } } }',
        '{ name: two, capacity: { type: cluster, providers: [{ name: FARGATE }], subnets: [{ az: us-east-1a, ips: 100 }, { az: us-east-1b, ips: 100 }] }, extras: { network: { path: nat } } }',
        '{ name: fleet, capacity: { type: fargate }, extras: { network: { path: nat } } }',
      ],
    });
    const s = parseScenario(text);
    // default subnets <region>a, b, c → 3 AZs; two listed subnets in a and b → 2; a fixed fleet → 3
    expect(s.alternatives.map((a) => a.extras?.network.azs)).toEqual([3, 2, 3]);
  });

  it('bills the EKS control plane without any extras section', () => {
    const text = scenarioText({ ...base, alternatives: ['{ name: eks, capacity: { type: cluster, orchestrator: eks, providers: [{ name: FARGATE }] } }', '{ name: ecs, capacity: { type: fargate } }'] });
    const [eks, ecs] = parseScenario(text).alternatives;
    expect(eks.extras).toMatchObject({ eksClusters: 1, network: { path: 'none' } });
    expect(ecs.extras).toBeNull();
  });

  // Was a bug (an outside audit): extras: { eksExtendedSupport: true } switched on every default
  // extra, NAT gateways included, so an EKS Fargate alternative showed $0.76/h for $0.63.
  it('eksExtendedSupport alone prices the control plane at $0.60/h and adds no other extra', () => {
    const text = scenarioText({ ...base, alternatives: ['{ name: eks, capacity: { type: cluster, orchestrator: eks, providers: [{ name: FARGATE }] }, extras: { eksExtendedSupport: true } }'] });
    const [eks] = parseScenario(text).alternatives;
    expect(eks.extras).toMatchObject({ eksClusters: 1, eksExtendedSupport: true, network: { path: 'none' } });
    const run = compare(parseScenario(text)).alternatives[0];
    const extras = run.cost.lineItems.filter((i) => !i.id.startsWith('fargate.'));
    expect(extras.map((i) => [i.id, i.usdExact])).toEqual([[expect.stringMatching(/^eks/), '0.6']]);
  });
});
