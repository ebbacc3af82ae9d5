// The EKS parts of a cluster as resolved: the DaemonSets on every node (aws-node and kube-proxy,
// then the scenario's), the VPC CNI's warm pool, the node provisioner (the Cluster Autoscaler by
// default, or Karpenter, whose NodePool becomes one internal group per capacity type), and what
// EKS on Fargate refuses (ARM, Windows, Fargate Spot: ECS only).

import { CLUSTER_AUTOSCALER_DEFAULTS, EKS_DEFAULT_DAEMONSETS, KARPENTER_DEFAULTS, VPC_CNI_DEFAULTS, eksNodeAllocatable, instanceType, type InstanceType } from '../catalog/index.js';
import type { AsgProviderSpec, Capacity, ClusterAutoscalerSpec, ClusterSpec, DaemonSetSpec, KarpenterSpec, SpotSpec, TaskSize, VpcCniSpec } from '../domain/scenario.js';
import { registeredMemoryMiB } from '../domain/scenario.js';
import { defaultInstanceLaunch } from '../domain/lifecycle.js';
import { DEFAULTS, checkEphemeralStorage, resolveDistribution, type Issues } from './defaults.js';
import type { DistributionInput, ScenarioParsed } from './schema.js';

type CapacityParsed = ScenarioParsed['alternatives'][number]['capacity'];
type ClusterParsed = Extract<CapacityParsed, { type: 'cluster' }>;

/** Nodes a NodePool without `limits.cpu` may have at once (capsim's bound, not Karpenter's). */
export const KARPENTER_MAX_NODES = 1000;

/** Names of the groups a Karpenter NodePool launches into, one per capacity type. */
export const KARPENTER_GROUP = { 'on-demand': 'karpenter-on-demand', spot: 'karpenter-spot' } as const;

export function resolveDaemonSets(c: ClusterParsed, at: string, issues: Issues): DaemonSetSpec[] {
  const defaults = EKS_DEFAULT_DAEMONSETS.map((d) => ({ name: d.name, cpuUnits: (d.cpuMillicores * 1024) / 1000, memoryMiB: d.memoryMiB, hostNetwork: d.hostNetwork }));
  (c.daemonSets ?? []).forEach((d, i) => {
    if (defaults.some((x) => x.name === d.name)) issues.push({ path: `${at}.capacity.daemonSets[${i}].name`, message: `${d.name} already runs on every EKS node (with its add-on's requests)`, value: d.name, allowed: 'another DaemonSet (a log or metrics agent)' });
  });
  const declared = (c.daemonSets ?? []).map((d) => ({ name: d.name, cpuUnits: d.cpu ?? 0, memoryMiB: d.memory ?? 0, hostNetwork: d.hostNetwork ?? false }));
  return [...defaults, ...declared];
}

export function resolveVpcCni(c: ClusterParsed): VpcCniSpec {
  return {
    warmEniTarget: c.vpcCni?.warmEniTarget ?? VPC_CNI_DEFAULTS.warmEniTarget,
    warmIpTarget: c.vpcCni?.warmIpTarget ?? null,
    minimumIpTarget: c.vpcCni?.minimumIpTarget ?? null,
    warmPrefixTarget: c.vpcCni?.warmPrefixTarget ?? VPC_CNI_DEFAULTS.warmPrefixTarget,
  };
}

export function resolveNodeProvisioner(c: ClusterParsed, providerNames: readonly string[], at: string, issues: Issues): ClusterAutoscalerSpec | KarpenterSpec | null {
  const np = c.nodeProvisioner;
  if (np === false) return null;
  if (np === undefined || np.type === 'cluster-autoscaler') {
    const priorities = np?.priorities ?? [];
    priorities.forEach((name, i) => {
      if (!providerNames.includes(name)) issues.push({ path: `${at}.capacity.nodeProvisioner.priorities[${i}]`, message: 'no such provider in this cluster', value: name, allowed: providerNames.join(', ') || 'an Auto Scaling group provider' });
    });
    if (np?.scanInterval !== undefined && !(np.scanInterval >= 1)) {
      issues.push({ path: `${at}.capacity.nodeProvisioner.scanInterval`, message: 'the scan interval must be at least 1 s', value: np.scanInterval, allowed: 'a duration of 1s or more (the Cluster Autoscaler default is 10s)' });
    }
    if (np?.expander === 'priority' && priorities.length === 0) {
      issues.push({ path: `${at}.capacity.nodeProvisioner.priorities`, message: 'the priority expander needs the providers in priority order', value: undefined, allowed: `priorities: [${providerNames.join(', ')}]` });
    }
    return {
      type: 'cluster-autoscaler',
      scanIntervalSeconds: np?.scanInterval ?? CLUSTER_AUTOSCALER_DEFAULTS.scanIntervalSeconds,
      expander: np?.expander ?? CLUSTER_AUTOSCALER_DEFAULTS.expander,
      priorities,
      scaleDownUtilizationThreshold: np?.scaleDownUtilizationThreshold ?? CLUSTER_AUTOSCALER_DEFAULTS.scaleDownUtilizationThreshold,
      scaleDownUnneededSeconds: np?.scaleDownUnneededTime ?? CLUSTER_AUTOSCALER_DEFAULTS.scaleDownUnneededSeconds,
      scaleDownDelayAfterAddSeconds: np?.scaleDownDelayAfterAdd ?? CLUSTER_AUTOSCALER_DEFAULTS.scaleDownDelayAfterAddSeconds,
      maxGracefulTerminationSeconds: np?.maxGracefulTermination ?? CLUSTER_AUTOSCALER_DEFAULTS.maxGracefulTerminationSeconds,
      maxEmptyBulkDelete: CLUSTER_AUTOSCALER_DEFAULTS.maxEmptyBulkDelete,
      unmovable: np?.unmovable ?? [],
      minAvailable: np?.minAvailable ?? 0,
    };
  }
  return {
    type: 'karpenter',
    instanceTypes: np.instanceTypes,
    capacityTypes: np.capacityTypes ?? ['on-demand'],
    limitCpuVcpu: np.limits?.cpu ?? Infinity,
    consolidation: np.consolidationPolicy ?? 'WhenEmptyOrUnderutilized',
    consolidateAfterSeconds: np.consolidateAfter ?? KARPENTER_DEFAULTS.consolidateAfterSeconds,
    batchIdleSeconds: KARPENTER_DEFAULTS.batchIdleSeconds,
    batchMaxSeconds: KARPENTER_DEFAULTS.batchMaxSeconds,
  };
}

/** The groups Karpenter launches into: one per capacity type, empty at the start, no ASG scaling. */
export function karpenterGroups(
  c: ClusterParsed,
  spec: KarpenterSpec,
  resolveSpot: (s: NonNullable<Extract<ClusterParsed['nodeProvisioner'], { type: 'karpenter' }>>['spot']) => SpotSpec,
  custom?: readonly InstanceType[],
): AsgProviderSpec[] {
  const np = c.nodeProvisioner as Extract<ClusterParsed['nodeProvisioner'], { type: 'karpenter' }>;
  const vcpus = spec.instanceTypes.flatMap((name) => {
    try {
      return [instanceType(name, custom).vcpu];
    } catch {
      return []; // reported where the types are checked
    }
  });
  // A NodePool without limits.cpu is capped at KARPENTER_MAX_NODES (capsim's bound, so a run stays sized).
  const maxSize = Number.isFinite(spec.limitCpuVcpu) && vcpus.length > 0 ? Math.max(1, Math.ceil(spec.limitCpuVcpu / Math.min(...vcpus))) : KARPENTER_MAX_NODES;
  return [...new Set(spec.capacityTypes)].map((purchase) => ({
    kind: 'asg' as const,
    name: KARPENTER_GROUP[purchase],
    instanceTypes: spec.instanceTypes,
    allocation: 'lowest-price' as const,
    purchase,
    spot: purchase === 'spot' ? resolveSpot(np.spot) : null,
    minSize: 0,
    maxSize,
    desiredSize: 0,
    prewarmed: false,
    launchLatency: np.launchLatency === undefined ? defaultInstanceLaunch('linux') : resolveDistribution(np.launchLatency as DistributionInput, 0),
    reservedCpuUnits: 0,
    reservedMemoryMiB: 0,
    managedScaling: null,
    managedTerminationProtection: true,
    eksAmiReservation: true,
    // Karpenter's interruption queue cordons and drains the node at the notice.
    spotInstanceDraining: true,
    replaceInterrupted: false,
  }));
}

const FARGATE_PRICING = 'https://aws.amazon.com/fargate/pricing/';

/** EKS on Fargate runs Linux x86_64 pods on on-demand Fargate only. */
export function checkEksFargatePod(task: TaskSize, provider: 'FARGATE' | 'FARGATE_SPOT', at: string, providerAt: string, issues: Issues): void {
  if (provider === 'FARGATE_SPOT') {
    issues.push({ path: providerAt, message: `Fargate Spot is for Amazon ECS only: EKS on Fargate runs pods on on-demand Fargate (${FARGATE_PRICING})`, value: provider, allowed: 'FARGATE, or orchestrator: ecs for FARGATE_SPOT' });
  }
  if (task.arch === 'arm64') {
    issues.push({ path: `${at}.task.arch`, message: `ARM (arm64) on Fargate is for Amazon ECS only: EKS on Fargate runs x86_64 pods ("Windows Operating System and ARM CPU Architecture are currently only available for Amazon ECS", ${FARGATE_PRICING})`, value: task.arch, allowed: 'x86_64, or EKS EC2 nodes (e.g. m6g.large) for arm64' });
  }
  // A pod's ephemeral-storage request, up to 175 GiB; the 20 GiB default is free and only the
  // request above it is billed ("you're only billed for the additional storage you allocate to
  // the containers", in GB increments), not the 10 % + 5 GiB Fargate adds for itself (aws-facts §1.5).
  checkEphemeralStorage(task.ephemeralStorageGiB, DEFAULTS.maxEksEphemeralStorageGiB, 'an EKS pod on Fargate takes at most 175 GiB of ephemeral storage', `${at}.task.ephemeralStorage`, issues);
  if (task.os === 'windows') {
    issues.push({ path: `${at}.task.os`, message: `Windows on Fargate is for Amazon ECS only: EKS on Fargate runs Linux pods ("Windows Operating System and ARM CPU Architecture are currently only available for Amazon ECS", ${FARGATE_PRICING})`, value: task.os, allowed: 'linux' });
  }
}

/** The Cluster Autoscaler's unmovable list names services (or jobs) of the alternative. */
export function checkUnmovable(capacity: Capacity, names: readonly string[], at: string, issues: Issues): void {
  if (capacity.type !== 'cluster' || capacity.nodeProvisioner?.type !== 'cluster-autoscaler') return;
  capacity.nodeProvisioner.unmovable.forEach((name, i) => {
    if (!names.includes(name)) issues.push({ path: `${at}.capacity.nodeProvisioner.unmovable[${i}]`, message: 'no service or jobs of this name run in the alternative', value: name, allowed: names.join(', ') || 'a service name' });
  });
}

/**
 * On EKS every pod must fit some node type's allocatable (the AMI's reservation, or the group's
 * own) less the DaemonSets: otherwise it would stay pending for the whole run.
 */
export function checkEksNodeFit(cluster: ClusterSpec, tasks: { task: TaskSize; at: string }[], at: string, issues: Issues, custom?: readonly InstanceType[]): void {
  const ds = cluster.daemonSets ?? [];
  const dsCpu = ds.reduce((n, d) => n + d.cpuUnits, 0);
  const dsMem = ds.reduce((n, d) => n + d.memoryMiB, 0);
  const np = cluster.nodeProvisioner;
  let karpenterSeen = false;
  cluster.providers.forEach((p, k) => {
    if (p.kind !== 'asg') return;
    const isKarpenter = np?.type === 'karpenter' && p.instanceTypes === np.instanceTypes;
    if (isKarpenter && karpenterSeen) return; // one NodePool, one report
    karpenterSeen ||= isKarpenter;
    const path = isKarpenter ? `${at}.capacity.nodeProvisioner.instanceTypes` : `${at}.capacity.providers[${k}].asg.instanceTypes`;
    const offers = p.instanceTypes.flatMap((name) => {
      let type;
      try {
        type = instanceType(name, custom);
      } catch {
        return []; // reported where the types are checked
      }
      const a = p.eksAmiReservation === true ? eksNodeAllocatable(type) : null;
      const cpu = (a ? (a.cpuMillicores * 1024) / 1000 : type.vcpu * 1024 - p.reservedCpuUnits) - dsCpu;
      const mem = (a ? a.memoryMiB : registeredMemoryMiB(p, type.memoryGiB)) - dsMem;
      return [{ name, cpu, mem }];
    });
    if (offers.length === 0) return;
    for (const t of tasks) {
      if (offers.some((o) => t.task.cpuUnits <= o.cpu && t.task.memoryMiB <= o.mem)) continue;
      const list = offers.map((o) => `${o.name} ${Math.floor(o.cpu)} CPU units / ${Math.floor(o.mem)} MiB`).join(', ');
      issues.push({
        path,
        message: `the pod (${t.task.cpuUnits} CPU units / ${t.task.memoryMiB} MiB, ${t.at}) fits no node's allocatable less the DaemonSets: ${list}`,
        value: p.instanceTypes,
        allowed: 'a larger instance type, or smaller pod or DaemonSet requests',
      });
    }
  });
}
