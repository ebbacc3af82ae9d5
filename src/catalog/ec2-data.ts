// EC2 instance types: us-east-1 Linux on-demand prices, sizes, ENI limits, ECS trunking and
// VPC CNI max pods, transcribed from /work/shared/aws-facts.md §2.2 (plus four rows looked up
// from the same upstream files, marked). Only Nitro types, so prefix delegation applies to all.

import type { Arch, InstanceCategory, InstanceType, Sourced } from './types.js';

const KARPENTER_PRICES = 'aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws.go';
const KARPENTER_VPC_LIMITS = 'aws/karpenter-provider-aws:pkg/providers/instancetype/zz_generated.vpclimits.go';
const EC2_SPECS = 'awsdocs/amazon-ec2-user-guide:doc_source/{general-purpose,compute-optimized,memory-optimized}-instances.md';
const ECS_TRUNKING = 'awsdocs/amazon-ecs-developer-guide:doc_source/container-instance-eni.md';
const ENI_MAX_PODS = 'aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt';

/** Provenance of the rows copied from aws-facts §2.2. */
export const INSTANCE_TABLE_SOURCE: Sourced = {
  source:
    `prices: ${KARPENTER_PRICES} (commit 6fc13b5, "generated at 2026-07-20T13:44:30Z for us-east-1"); ` +
    `vCPU/GiB: ${EC2_SPECS} (archive 2023-06-15); ENIs and IPv4 per ENI: ${KARPENTER_VPC_LIMITS} ` +
    `(generated 2026-08-06); ECS trunking task limits: ${ECS_TRUNKING} (2023); EKS max pods: ${ENI_MAX_PODS}`,
  asOf: '2026-07-20',
  note:
    'Prices are the generated file\'s float literals with trailing zeros trimmed (0.170000 → "0.17"). ' +
    'trunkingTaskLimit null = not supported (t3, t4g, g4dn families) or absent from the 2023 ECS table (m7i).',
};

/** Provenance of the rows added beyond aws-facts §2.2 (c5.2xlarge, c5.4xlarge, g4dn.xlarge). */
const EXTRA_ROW_SOURCE: Sourced = {
  source:
    `prices: ${KARPENTER_PRICES} (stored version at commit 031e72b, "generated at 2026-01-19T13:23:24Z for ` +
    `us-east-1"); ENIs: ${KARPENTER_VPC_LIMITS} (commit 01a436f, generated 2026-08-06); max pods: ${ENI_MAX_PODS} ` +
    `(commit 01d744a); c5 vCPU/GiB: awsdocs/amazon-ec2-user-guide compute-optimized table; g4dn vCPU/GiB/GPUs: ` +
    `awsdocs/aws-batch-user-guide:doc_source/gpu-jobs.md; trunking: ${ECS_TRUNKING} (aws-facts §2.2 size rule ` +
    '.2xlarge 40, .4xlarge 60; g4dn family listed as not supported)',
  asOf: '2026-01-19',
  note: 'Not in aws-facts §2.2; looked up in the same upstream files. Price from an older generated file than the other rows.',
};

/** RI size-flexibility normalization factors (regional Linux RIs, default tenancy). */
export const NORMALIZATION_FACTORS: Readonly<Record<string, number>> = {
  nano: 0.25,
  micro: 0.5,
  small: 1,
  medium: 2,
  large: 4,
  xlarge: 8,
  '2xlarge': 16,
  '4xlarge': 32,
  '8xlarge': 64,
  '12xlarge': 96,
  '16xlarge': 128,
  '24xlarge': 192,
};

export const NORMALIZATION_FACTORS_SOURCE: Sourced = {
  source: 'awsdocs/amazon-ec2-user-guide:doc_source/apply_ri.md',
  asOf: '2023-06-15',
  note: 'Repository archived 2023-06-15; factors applied smallest size first.',
};

type Row = [
  name: string,
  category: InstanceCategory,
  arch: Arch,
  vcpu: number,
  memoryGiB: number,
  gpus: number,
  maxEnis: number,
  ipv4PerEni: number,
  trunkingTaskLimit: number | null,
  eksMaxPods: number,
  onDemandUsdPerHour: string,
  provenance?: Sourced,
];

const X86: Arch = 'x86_64';
const ARM: Arch = 'arm64';

const M7I_NOTE: Sourced = {
  ...INSTANCE_TABLE_SOURCE,
  note: 'vCPU 2 / 8 GiB not verified in a stored source (aws-facts §2.2); not in the 2023 ECS trunking table.',
};

// prettier-ignore
const ROWS: readonly Row[] = [
  // name          category     arch vCPU GiB gpu ENIs IPv4 trunk pods  $/h
  ['t3.medium',   'burstable', X86, 2,  4,  0, 3, 6,  null, 17, '0.0416'],
  ['t3.large',    'burstable', X86, 2,  8,  0, 3, 12, null, 35, '0.0832'],
  ['t4g.medium',  'burstable', ARM, 2,  4,  0, 3, 6,  null, 17, '0.0336'],
  ['m5.large',    'general',   X86, 2,  8,  0, 3, 10, 10,   29, '0.096'],
  ['m5.xlarge',   'general',   X86, 4,  16, 0, 4, 15, 20,   58, '0.192'],
  ['m5.2xlarge',  'general',   X86, 8,  32, 0, 4, 15, 40,   58, '0.384'],
  ['m6i.large',   'general',   X86, 2,  8,  0, 3, 10, 10,   29, '0.096'],
  ['m6i.xlarge',  'general',   X86, 4,  16, 0, 4, 15, 20,   58, '0.192'],
  ['m6g.large',   'general',   ARM, 2,  8,  0, 3, 10, 10,   29, '0.077'],
  ['m6g.xlarge',  'general',   ARM, 4,  16, 0, 4, 15, 20,   58, '0.154'],
  ['m7g.large',   'general',   ARM, 2,  8,  0, 3, 10, 10,   29, '0.0816'],
  ['m7i.large',   'general',   X86, 2,  8,  0, 3, 10, null, 29, '0.1008', M7I_NOTE],
  ['m6a.large',   'general',   X86, 2,  8,  0, 3, 10, 10,   29, '0.0864'],
  ['c5.large',    'compute',   X86, 2,  4,  0, 3, 10, 10,   29, '0.085'],
  ['c5.xlarge',   'compute',   X86, 4,  8,  0, 4, 15, 20,   58, '0.17'],
  ['c5.2xlarge',  'compute',   X86, 8,  16, 0, 4, 15, 40,   58, '0.34', EXTRA_ROW_SOURCE],
  ['c5.4xlarge',  'compute',   X86, 16, 32, 0, 8, 30, 60,  234, '0.68', EXTRA_ROW_SOURCE],
  ['c6g.large',   'compute',   ARM, 2,  4,  0, 3, 10, 10,   29, '0.068'],
  ['c6i.large',   'compute',   X86, 2,  4,  0, 3, 10, 10,   29, '0.085'],
  ['c7g.large',   'compute',   ARM, 2,  4,  0, 3, 10, 10,   29, '0.0725'],
  ['c6a.large',   'compute',   X86, 2,  4,  0, 3, 10, 10,   29, '0.0765'],
  ['r5.large',    'memory',    X86, 2,  16, 0, 3, 10, 10,   29, '0.126'],
  ['r5.xlarge',   'memory',    X86, 4,  32, 0, 4, 15, 20,   58, '0.252'],
  ['r6g.large',   'memory',    ARM, 2,  16, 0, 3, 10, 10,   29, '0.1008'],
  ['r6i.large',   'memory',    X86, 2,  16, 0, 3, 10, 10,   29, '0.126'],
  ['g4dn.xlarge', 'gpu',       X86, 4,  16, 1, 3, 10, null, 29, '0.526', EXTRA_ROW_SOURCE],
];

function toInstanceType(row: Row): InstanceType {
  const [name, category, arch, vcpu, memoryGiB, gpus, maxEnis, ipv4PerEni, trunkingTaskLimit, eksMaxPods, price, prov] = row;
  const dot = name.indexOf('.');
  const family = name.slice(0, dot);
  const size = name.slice(dot + 1);
  const normalizationFactor = NORMALIZATION_FACTORS[size];
  if (normalizationFactor === undefined) throw new Error(`catalog: no normalization factor for size "${size}"`);
  const provenance = prov ?? INSTANCE_TABLE_SOURCE;
  return Object.freeze({
    name,
    family,
    size,
    category,
    arch,
    vcpu,
    memoryGiB,
    gpus,
    maxEnis,
    ipv4PerEni,
    trunkingTaskLimit,
    eksMaxPods,
    normalizationFactor,
    onDemandUsdPerHour: price,
    source: provenance.source,
    asOf: provenance.asOf,
    ...(provenance.note !== undefined ? { note: provenance.note } : {}),
  });
}

export const INSTANCE_TYPE_ROWS: readonly InstanceType[] = Object.freeze(ROWS.map(toInstanceType));
