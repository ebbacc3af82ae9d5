// The scenario's own instance types (`instanceTypes:`, or `catalog.instanceTypes:`): types the
// catalog lacks, given with the fields the models read (vCPU, memory, ENIs, IPv4 per ENI, trunk
// limit, GPUs, architecture, prices), resolved into catalog `InstanceType`s that every model
// looks up before the built-in table.

import { NORMALIZATION_FACTORS, type InstanceType } from '../catalog/index.js';
import type { Issues } from './defaults.js';
import type { InstanceTypeDeclParsed } from './schema.js';

/** eni-max-pods.txt's "+2": host-network pods (aws-node, kube-proxy) that take no VPC IP. */
const HOST_NETWORK_PODS = 2;

export function resolveInstanceTypes(top: readonly InstanceTypeDeclParsed[] | undefined, underCatalog: readonly InstanceTypeDeclParsed[] | undefined, file: string, issues: Issues): InstanceType[] {
  const declared = [...(top ?? []).map((d, i) => ({ d, at: `instanceTypes[${i}]` })), ...(underCatalog ?? []).map((d, i) => ({ d, at: `catalog.instanceTypes[${i}]` }))];
  const seen = new Map<string, string>();
  const out: InstanceType[] = [];
  for (const { d, at } of declared) {
    const first = seen.get(d.name);
    if (first !== undefined) {
      issues.push({ path: `${at}.name`, message: `${d.name} is declared twice (first at ${first})`, value: d.name, allowed: 'one declaration per instance type' });
      continue;
    }
    seen.set(d.name, at);
    if (d.ipv4PerEni < 2) {
      issues.push({ path: `${at}.ipv4PerEni`, message: 'a network interface needs its primary address and at least one more for a task or pod', value: d.ipv4PerEni, allowed: 'at least 2' });
    }
    const gpus = d.gpus ?? 0;
    const arch = d.arch ?? 'x86_64';
    if (d.prices.windows !== undefined && arch !== 'x86_64') {
      issues.push({ path: `${at}.prices.windows`, message: `Windows runs on x86_64 only and ${d.name} is ${arch}`, value: d.prices.windows, allowed: 'no Windows price on an arm64 type' });
    }
    const dot = d.name.indexOf('.');
    const size = d.name.slice(dot + 1);
    out.push(
      Object.freeze({
        name: d.name,
        family: d.name.slice(0, dot),
        size,
        category: d.category ?? (gpus > 0 ? 'gpu' : 'general'),
        arch,
        vcpu: d.vcpu,
        memoryGiB: d.memory / 1024,
        gpus,
        maxEnis: d.enis,
        ipv4PerEni: d.ipv4PerEni,
        trunkingTaskLimit: d.trunkLimit ?? null,
        eksMaxPods: d.enis * (d.ipv4PerEni - 1) + HOST_NETWORK_PODS,
        // 0 when the size has no published factor: such a type cannot hold a size-flexible RI.
        normalizationFactor: NORMALIZATION_FACTORS[size] ?? 0,
        onDemandUsdPerHour: d.prices.onDemand,
        ...(d.prices.windows !== undefined ? { windowsUsdPerHour: d.prices.windows } : {}),
        ...(d.prices.spot !== undefined ? { spotUsdPerHour: d.prices.spot } : {}),
        custom: true,
        source: `scenario ${file} ${at}`,
        asOf: 'undated',
        note: 'declared by the scenario',
      }),
    );
  }
  return out;
}
