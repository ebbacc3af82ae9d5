// EKS node figures: what the EKS-optimised AMI reserves on a node (kubeReserved by its formulas
// and the hard eviction threshold), the DaemonSets every EC2 node runs, the Amazon VPC CNI's
// warm-pool defaults, and the Cluster Autoscaler's and Karpenter's default timings. Each figure
// carries its source; docs/model.md says which choices capsim made where a source is silent.

import { eksMaxPods } from './ec2.js';
import type { InstanceType, Sourced } from './types.js';

export const EKS_AMI_RESERVATION_SOURCE: Sourced = {
  source:
    'awslabs/amazon-eks-ami:files/bootstrap.sh (get_memory_mebibytes_to_reserve: 11 × MAX_PODS + 255 Mi, MAX_PODS from ' +
    'eni-max-pods.txt, "the legacy numbers ... when used to calculate kubeReserved.memory"; get_cpu_millicores_to_reserve: ' +
    '6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% above 4, integer millicores; evictionHard ' +
    'memory.available "100Mi") — https://github.com/awslabs/amazon-eks-ami/blob/main/files/bootstrap.sh',
  asOf: '2026-12-07',
  note: 'nodeadm (AL2023) keeps the same formulas. Node capacity is taken as the nominal GiB (the kernel\'s share is not modelled).',
};

/** Hard eviction threshold `memory.available` of the EKS AMI's kubelet config, MiB. */
export const EKS_EVICTION_HARD_MEMORY_MIB = 100;

/** CPU reserve tiers of the AMI (per mille of a core, over [from, to) cores). */
const CPU_TIERS: readonly { fromCores: number; toCores: number; perTenThousand: number }[] = [
  { fromCores: 0, toCores: 1, perTenThousand: 600 },
  { fromCores: 1, toCores: 2, perTenThousand: 100 },
  { fromCores: 2, toCores: 4, perTenThousand: 50 },
  { fromCores: 4, toCores: Infinity, perTenThousand: 25 },
];

/** kubeReserved CPU in millicores for a node with `vcpu` cores, in the AMI's integer arithmetic. */
export function eksKubeReservedCpuMillicores(vcpu: number): number {
  const total = vcpu * 1000;
  let reserve = 0;
  for (const tier of CPU_TIERS) {
    const start = tier.fromCores * 1000;
    if (total <= start) continue;
    const end = Math.min(total, tier.toCores * 1000);
    reserve += Math.floor(((end - start) * tier.perTenThousand) / 100 / 100);
  }
  return reserve;
}

/** kubeReserved memory in MiB: 11 MiB per pod the node may run + 255 MiB. */
export function eksKubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

export interface EksNodeAllocatable {
  /** Nominal capacity less kubeReserved (millicores). */
  cpuMillicores: number;
  /** Nominal capacity less kubeReserved and the eviction threshold (MiB). */
  memoryMiB: number;
  reservedCpuMillicores: number;
  reservedMemoryMiB: number;
}

/**
 * A node's allocatable CPU and memory under the EKS-optimised AMI. kubeReserved memory uses the
 * eni-max-pods.txt value (no prefix delegation) even when the node runs more pods, as the AMI does.
 */
export function eksNodeAllocatable(type: InstanceType): EksNodeAllocatable {
  const reservedCpuMillicores = eksKubeReservedCpuMillicores(type.vcpu);
  const reservedMemoryMiB = eksKubeReservedMemoryMiB(eksMaxPods(type)) + EKS_EVICTION_HARD_MEMORY_MIB;
  return {
    cpuMillicores: type.vcpu * 1000 - reservedCpuMillicores,
    memoryMiB: type.memoryGiB * 1024 - reservedMemoryMiB,
    reservedCpuMillicores,
    reservedMemoryMiB,
  };
}

export interface DaemonSetFigure {
  name: string;
  cpuMillicores: number;
  memoryMiB: number;
  /** Host-network pods take no subnet IP (they are the "+2" of the max-pods formula). */
  hostNetwork: boolean;
  source: string;
}

/** The DaemonSets every EKS EC2 node runs (the default add-ons), with their requests. */
export const EKS_DEFAULT_DAEMONSETS: readonly DaemonSetFigure[] = [
  {
    name: 'aws-node',
    cpuMillicores: 25,
    memoryMiB: 0,
    hostNetwork: true,
    source: 'aws/amazon-vpc-cni-k8s:config/master/aws-k8s-cni.yaml (resources.requests.cpu: 25m, no memory request; hostNetwork: true)',
  },
  {
    name: 'kube-proxy',
    cpuMillicores: 100,
    memoryMiB: 0,
    hostNetwork: true,
    source:
      'EKS kube-proxy add-on DaemonSet (requests cpu 100m, no memory; hostNetwork) — https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html; ' +
      'the request itself is not on that page: capsim takes the value the upstream kube-proxy DaemonSet manifests carry (see docs/model.md)',
  },
];

/** Amazon VPC CNI defaults (aws-facts §3.5; aws/amazon-vpc-cni-k8s:docs/eni-and-ip-target.md, prefix-and-ip-target.md). */
export const VPC_CNI_DEFAULTS = {
  warmEniTarget: 1,
  warmPrefixTarget: 1,
  ipsPerPrefix: 16,
  source: 'aws/amazon-vpc-cni-k8s:config/master/aws-k8s-cni.yaml (WARM_ENI_TARGET "1", WARM_PREFIX_TARGET "1"); docs/eni-and-ip-target.md; docs/prefix-and-ip-target.md',
} as const;

/** Cluster Autoscaler defaults (its FAQ, "What are the parameters to CA?"). */
export const CLUSTER_AUTOSCALER_DEFAULTS = {
  scanIntervalSeconds: 10,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededSeconds: 600,
  scaleDownDelayAfterAddSeconds: 600,
  maxGracefulTerminationSeconds: 600,
  maxEmptyBulkDelete: 10,
  expander: 'random',
  source: 'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md (parameters table: scan-interval 10s, scale-down-utilization-threshold 0.5, scale-down-unneeded-time 10m, scale-down-delay-after-add 10m, max-graceful-termination-sec 600, max-empty-bulk-delete 10, expander random)',
} as const;

/** Karpenter defaults (v1 NodePool and settings). */
export const KARPENTER_DEFAULTS = {
  /** `disruption.consolidateAfter`: capsim's default, an assumption (set the NodePool's own). */
  consolidateAfterSeconds: 60,
  /** Batching of pending pods: BATCH_IDLE_DURATION 1s, BATCH_MAX_DURATION 10s. */
  batchIdleSeconds: 1,
  batchMaxSeconds: 10,
  source: 'https://karpenter.sh/docs/concepts/disruption/ (consolidation, consolidateAfter); https://karpenter.sh/docs/reference/settings/ (BATCH_IDLE_DURATION 1s, BATCH_MAX_DURATION 10s)',
} as const;
