// Pod IPs under the Amazon VPC CNI. Every pod that is not host-network takes a subnet IP; a node
// holds addresses in units: whole ENIs (WARM_ENI_TARGET, the default), single secondary IPs
// (WARM_IP_TARGET / MINIMUM_IP_TARGET set), or /28 prefixes (prefix delegation, WARM_PREFIX_TARGET).
// Each ENI beyond the node's primary also takes its own primary address. A node grows its holding
// before a pod needs it (the warm pool) and gives back what is above the target when pods leave.
// Left out: ipamd's cool-down before releasing, /28 fragmentation of the subnet, custom networking.

import { VPC_CNI_DEFAULTS, type InstanceType } from '../catalog/index.js';
import type { VpcCniSpec } from '../domain/scenario.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { Subnets } from './subnets.js';

/** How a node holds pod addresses: by units of ENIs, IPs or prefixes. */
export interface CniMode {
  name: string;
  maxUnits: number;
  /** Pod IPs the node has with `u` units. */
  podIps(u: number): number;
  /** Subnet addresses `u` units take, beyond the node's own primary address. */
  addresses(u: number): number;
  /** Units the warm pool wants with `pods` pods holding an IP. */
  target(pods: number): number;
}

export function cniMode(type: InstanceType, spec: VpcCniSpec, prefixDelegation: boolean): CniMode {
  const perEni = type.ipv4PerEni - 1; // the ENI's primary address is not a pod's
  const enisFor = (slots: number) => Math.max(1, Math.ceil(slots / perEni));
  if (prefixDelegation) {
    const per = VPC_CNI_DEFAULTS.ipsPerPrefix;
    const maxUnits = type.maxEnis * perEni;
    return {
      name: `prefix delegation, WARM_PREFIX_TARGET=${spec.warmPrefixTarget}`,
      maxUnits,
      podIps: (u) => u * per,
      addresses: (u) => u * per + enisFor(u) - 1,
      target: (pods) => Math.min(maxUnits, Math.ceil(pods / per) + spec.warmPrefixTarget),
    };
  }
  if (spec.warmIpTarget !== null || spec.minimumIpTarget !== null) {
    const maxUnits = type.maxEnis * perEni;
    const warm = spec.warmIpTarget ?? 0;
    const minimum = spec.minimumIpTarget ?? 0;
    return {
      name: `WARM_IP_TARGET=${spec.warmIpTarget ?? 'unset'}, MINIMUM_IP_TARGET=${spec.minimumIpTarget ?? 'unset'}`,
      maxUnits,
      podIps: (u) => u,
      addresses: (u) => u + enisFor(u) - 1,
      target: (pods) => Math.min(maxUnits, Math.max(minimum, pods + warm)),
    };
  }
  return {
    name: `WARM_ENI_TARGET=${spec.warmEniTarget}`,
    maxUnits: type.maxEnis,
    podIps: (u) => u * perEni,
    addresses: (u) => (u === 0 ? 0 : u * type.ipv4PerEni - 1),
    target: (pods) => Math.min(type.maxEnis, Math.max(1, Math.ceil((pods + spec.warmEniTarget * perEni) / perEni))),
  };
}

interface NodeIps {
  mode: CniMode;
  units: number;
  /** Pods on the node that hold an IP (application pods and non-host-network DaemonSet pods). */
  pods: number;
}

export class VpcCni {
  private readonly nodes = new Map<ContainerInstance, NodeIps>();

  constructor(
    private readonly spec: VpcCniSpec,
    private readonly prefixDelegation: boolean,
    private readonly subnets: Subnets,
    /** Non-host-network DaemonSet pods on every node. */
    private readonly daemonIpPods: number,
  ) {}

  private state(node: ContainerInstance): NodeIps {
    let s = this.nodes.get(node);
    if (!s) {
      s = { mode: cniMode(node.type, this.spec, this.prefixDelegation), units: 0, pods: 0 };
      this.nodes.set(node, s);
      // The DaemonSet pods get their IPs first (best effort), then the warm pool fills.
      for (let k = 0; k < this.daemonIpPods; k++) if (this.grow(node, s, s.pods + 1)) s.pods += 1;
      this.warm(node, s);
    }
    return s;
  }

  /** The smallest growth that gives `pods` IPs, if the node's AZ has the addresses; true when held. */
  private grow(node: ContainerInstance, s: NodeIps, pods: number): boolean {
    let u = s.units;
    while (s.mode.podIps(u) < pods) {
      if (u >= s.mode.maxUnits) return false;
      u += 1;
    }
    const extra = s.mode.addresses(u) - s.mode.addresses(s.units);
    if (extra > 0 && !this.subnets.takeMany(node.az, extra)) return false;
    s.units = u;
    return true;
  }

  /** Fills the warm pool toward the target, as far as the subnet allows. */
  private warm(node: ContainerInstance, s: NodeIps): void {
    const target = s.mode.target(s.pods);
    while (s.units < target) {
      const extra = s.mode.addresses(s.units + 1) - s.mode.addresses(s.units);
      if (!this.subnets.takeMany(node.az, extra)) return;
      s.units += 1;
    }
  }

  /** True when the node has, or can get from its subnet, an IP for one more pod. */
  canHost(node: ContainerInstance): boolean {
    const s = this.state(node);
    if (s.mode.podIps(s.units) > s.pods) return true;
    let u = s.units;
    while (u < s.mode.maxUnits && s.mode.podIps(u) <= s.pods) u += 1;
    if (s.mode.podIps(u) <= s.pods) return false;
    return this.subnets.freeIn(node.az) >= s.mode.addresses(u) - s.mode.addresses(s.units);
  }

  podAdded(node: ContainerInstance): void {
    const s = this.state(node);
    this.grow(node, s, s.pods + 1);
    s.pods += 1;
    this.warm(node, s);
  }

  podRemoved(node: ContainerInstance): void {
    const s = this.nodes.get(node);
    if (!s) return;
    s.pods = Math.max(0, s.pods - 1);
    const target = Math.max(s.mode.target(s.pods), this.unitsFor(s, s.pods));
    if (target < s.units) {
      this.subnets.giveMany(node.az, s.mode.addresses(s.units) - s.mode.addresses(target));
      s.units = target;
    }
  }

  private unitsFor(s: NodeIps, pods: number): number {
    let u = 0;
    while (u < s.mode.maxUnits && s.mode.podIps(u) < pods) u += 1;
    return u;
  }

  /** The node is gone: its ENIs and their addresses go back to the subnet. */
  nodeGone(node: ContainerInstance): void {
    const s = this.nodes.get(node);
    if (!s) return;
    this.subnets.giveMany(node.az, s.mode.addresses(s.units));
    this.nodes.delete(node);
  }

  /** Subnet addresses the CNI holds in an AZ for the nodes still there (for audits). */
  addressesIn(az: string): number {
    let n = 0;
    for (const [node, s] of this.nodes) if (node.az === az) n += s.mode.addresses(s.units);
    return n;
  }

  /** The addresses a node holds beyond its own, and its mode (for reports and tests). */
  holding(node: ContainerInstance): { addresses: number; podIps: number; mode: string } {
    const s = this.state(node);
    return { addresses: s.mode.addresses(s.units), podIps: s.mode.podIps(s.units), mode: s.mode.name };
  }
}
