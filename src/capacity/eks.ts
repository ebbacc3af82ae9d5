// EKS sizing. A pod on Fargate gets a micro-VM of the smallest Fargate size that holds its
// requests plus 256 MB for the Kubernetes components; a node on EC2 holds as many pods as the
// VPC CNI gives it addresses. Reading the pod spec (requests = limits, max(init container,
// sum of long-running containers)) is the caller's job; so is choosing prefix delegation.

import { CatalogError, EKS_FARGATE_POD_OVERHEAD_MIB, eksMaxPods, instanceType, smallestFargateSizeAtLeast, type InstanceType } from '../catalog/index.js';

export interface PodResources {
  /** 1024 per vCPU, as ECS counts them (a Kubernetes request of 1000m is 1024 units). */
  cpuUnits: number;
  memoryMiB: number;
}

/**
 * The Fargate size EKS provisions (and bills) for a pod: requests + 256 MiB of memory, rounded
 * up to the smallest valid combination, CPU first (aws-facts §1.6). AWS's example: 1 vCPU / 8 GB
 * → 8 GB + 256 MB does not fit the 1 vCPU row (2–8 GB) → 2 vCPU / 9 GB. No requests (0 / 0)
 * gives the smallest size, 0.25 vCPU / 0.5 GB, as AWS states.
 */
export function eksFargatePodSize(requests: PodResources): PodResources {
  const { cpuUnits, memoryMiB } = requests;
  if (!(Number.isFinite(cpuUnits) && cpuUnits >= 0 && Number.isFinite(memoryMiB) && memoryMiB >= 0)) {
    throw new RangeError(`EKS pod requests must be finite and not negative, got ${cpuUnits} CPU units / ${memoryMiB} MiB.`);
  }
  const withOverhead = memoryMiB + EKS_FARGATE_POD_OVERHEAD_MIB;
  const size = smallestFargateSizeAtLeast(cpuUnits, withOverhead);
  if (size === undefined) {
    throw new CatalogError(
      `An EKS pod requesting ${cpuUnits} CPU units and ${memoryMiB} MiB needs ${withOverhead} MiB with the ` +
        `${EKS_FARGATE_POD_OVERHEAD_MIB} MiB Kubernetes overhead: larger than any Fargate size (16 vCPU / 120 GB). ` +
        'Run it on EC2 nodes, or lower its requests.',
    );
  }
  return { cpuUnits: size.cpuUnits, memoryMiB: size.memoryMiB };
}

/**
 * Pods an EC2 node holds under the Amazon VPC CNI: ENIs × (IPv4 per ENI − 1) + 2 by default; with
 * prefix delegation each address slot holds a /28 (16 pods), capped at 110 below 30 vCPU and
 * 250 above (the EKS max-pods calculator's convention). The catalog's `eksMaxPods` holds the rule.
 */
export function eksPodsPerNode(type: string | InstanceType, opts: { prefixDelegation: boolean }): number {
  return eksMaxPods(typeof type === 'string' ? instanceType(type) : type, { prefixDelegation: opts.prefixDelegation });
}
