// The shorthand capacities of a scenario (`type: fargate`, `fargate-spot`, `ec2`) as clusters
// with one capacity provider, so one cluster model serves them all. A fixed `ec2` fleet is a
// prewarmed on-demand group with min = max = desired and no managed scaling.

import type { Capacity, ClusterSpec } from '../domain/scenario.js';
import { SPOT_DEFAULT_BAND, spotHazardPerHour } from '../catalog/index.js';

/** The bound a scheduled fleet's group starts with when no action sets max (EC2 Auto Scaling's own cap is far above any run). */
const FLEET_MAX_SIZE = 10_000;

export function clusterOf(capacity: Capacity, region: string): ClusterSpec {
  if (capacity.type === 'cluster') return capacity;
  // Functions and App Runner have no cluster: run/functions.ts builds their own models.
  if (capacity.type === 'lambda' || capacity.type === 'app-runner') throw new Error(`${capacity.type} capacity has no ECS cluster`);
  const subnets = ['a', 'b', 'c'].map((z) => ({ az: `${region}${z}`, ips: 4091 }));
  if (capacity.type === 'fargate') {
    const name = capacity.spot ? 'FARGATE_SPOT' : 'FARGATE';
    const band = SPOT_DEFAULT_BAND;
    return {
      type: 'cluster',
      orchestrator: 'ecs',
      providers: [
        {
          kind: 'fargate',
          name,
          spot: capacity.spot
            ? {
                interruptionsPerHour: spotHazardPerHour(band),
                interruptionBasis: `Spot advisor band ${band} midpoint over 730 h (no Fargate Spot figure is published)`,
                priceFraction: 0,
                priceTrace: [],
                shortages: [],
              }
            : null,
        },
      ],
      strategy: [{ provider: name, base: 0, weight: 1 }],
      placement: [],
      constraints: [],
      networkMode: 'awsvpc',
      trunking: false,
      prefixDelegation: false,
      subnets,
    };
  }
  return {
    type: 'cluster',
    orchestrator: 'ecs',
    providers: [
      {
        kind: 'asg',
        name: 'ec2',
        instanceTypes: [capacity.instanceType],
        allocation: 'prioritized',
        purchase: 'on-demand',
        spot: null,
        // A fleet with scheduled actions is a group whose bounds only the actions set.
        minSize: capacity.scheduled?.length ? 0 : capacity.instances,
        maxSize: capacity.scheduled?.length ? FLEET_MAX_SIZE : capacity.instances,
        desiredSize: capacity.instances,
        prewarmed: true,
        launchLatency: { type: 'constant', value: 0 },
        reservedCpuUnits: 0,
        reservedMemoryMiB: null,
        managedScaling: null,
        // Without managed scaling, ECS protects no instance: a scheduled scale-in terminates busy ones too.
        managedTerminationProtection: !capacity.scheduled?.length,
        scheduled: capacity.scheduled ?? [],
      },
    ],
    strategy: [{ provider: 'ec2', base: 0, weight: 1 }],
    placement: capacity.placement,
    constraints: [],
    networkMode: capacity.networkMode,
    trunking: capacity.trunking,
    prefixDelegation: false,
    subnets,
  };
}
