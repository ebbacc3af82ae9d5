// EC2 instance types: us-east-1 Linux on-demand prices, sizes, ENI limits, ECS trunking and
// VPC CNI max pods, from the upstream files aws-facts §2.2 cites (current general, compute,
// memory and Graviton families, burstable, the previous generation still widely run, GPU).
// All Nitro but m4 (Xen). On-demand prices of other Regions are in ec2-regions.ts.

import type { Arch, InstanceCategory, InstanceType, Sourced } from './types.js';

const KARPENTER_PRICES = 'aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws.go';
const KARPENTER_VPC_LIMITS = 'aws/karpenter-provider-aws:pkg/providers/instancetype/zz_generated.vpclimits.go';
const EC2_SPECS = 'awsdocs/amazon-ec2-user-guide:doc_source/{general-purpose,compute-optimized,memory-optimized}-instances.md';
const ECS_TRUNKING = 'awsdocs/amazon-ecs-developer-guide:doc_source/container-instance-eni.md';
const ENI_MAX_PODS = 'aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt';

/** A row's own remark, on top of the table's provenance. */
interface RowNote {
  note: string;
}

/** Provenance of every row (each figure's own file and commit). */
export const INSTANCE_TABLE_SOURCE: Sourced = {
  source:
    `prices (us-east-1 Linux on-demand): ${KARPENTER_PRICES} (commit 6fc13b5, "generated at 2026-07-20T13:44:30Z for us-east-1"); ` +
    `ENIs and IPv4 per ENI ("maximum network interfaces", default network card): ${KARPENTER_VPC_LIMITS} (commit 7f27b4e, generated 2026-08-06); ` +
    `ECS awsvpcTrunking task limits: ${ECS_TRUNKING} (commit a35b767, 2023-04-18); EKS max pods: ${ENI_MAX_PODS} (commit 6152e01, 2026-08-11); ` +
    `vCPU/GiB/GPUs: ${EC2_SPECS} (archive 2023-06-15) and https://docs.aws.amazon.com/ec2/latest/instancetypes/ for families launched since (m7i, c7i, r7i, g6)`,
  asOf: '2026-07-20',
  note:
    'Prices are the generated file\'s float literals with trailing zeros trimmed (0.170000 → "0.17"). ' +
    'trunkingTaskLimit null = not supported (t3, t4g, g4dn families), not Nitro (m4), or absent from the 2023 ECS table (m7i, c7i, r7i, g6).',
};

const NOT_IN_ECS_TABLE: RowNote = {
  note: 'Not in the 2023 ECS trunking table: trunking treated as unsupported. vCPU/GiB from the family\'s published ratio (AWS instance type pages).',
};

const XEN_NOTE: RowNote = {
  note: 'Previous generation on the Xen hypervisor: no ENI trunking, no VPC CNI prefix delegation (the catalog\'s prefix rule assumes Nitro).',
};

const P4D_NOTE: RowNote = {
  note:
    'Four network cards: 60 interfaces in all, 15 on the default card. capsim uses the default card (15, as eni-max-pods.txt does: 737 pods); ' +
    'the ECS table allows 59 awsvpc tasks without trunking and 120 with it, so ECS without trunking is understated here.',
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
  provenance?: RowNote,
];

const X86: Arch = 'x86_64';
const ARM: Arch = 'arm64';

const M7I_NOTE: Sourced = {
  ...INSTANCE_TABLE_SOURCE,
  note: 'vCPU 2 / 8 GiB not verified in a stored source (aws-facts §2.2); not in the 2023 ECS trunking table.',
};

// prettier-ignore
const ROWS: readonly Row[] = [
  // name          category     arch vCPU GiB gpu ENIs IPv4 trunk pods  us-east-1 $/h
  ['m7i.large',    'general',   X86,  2,    8, 0,  3, 10, null,   29, '0.1008', NOT_IN_ECS_TABLE],
  ['m7i.xlarge',   'general',   X86,  4,   16, 0,  4, 15, null,   58, '0.2016', NOT_IN_ECS_TABLE],
  ['m7i.2xlarge',  'general',   X86,  8,   32, 0,  4, 15, null,   58, '0.4032', NOT_IN_ECS_TABLE],
  ['m7i.4xlarge',  'general',   X86, 16,   64, 0,  8, 30, null,  234, '0.8064', NOT_IN_ECS_TABLE],
  ['m6i.large',    'general',   X86,  2,    8, 0,  3, 10,   10,   29, '0.096'],
  ['m6i.xlarge',   'general',   X86,  4,   16, 0,  4, 15,   20,   58, '0.192'],
  ['m6i.2xlarge',  'general',   X86,  8,   32, 0,  4, 15,   40,   58, '0.384'],
  ['m6i.4xlarge',  'general',   X86, 16,   64, 0,  8, 30,   60,  234, '0.768'],
  ['m6a.large',    'general',   X86,  2,    8, 0,  3, 10,   10,   29, '0.0864'],
  ['m6a.xlarge',   'general',   X86,  4,   16, 0,  4, 15,   20,   58, '0.1728'],
  ['m6a.2xlarge',  'general',   X86,  8,   32, 0,  4, 15,   40,   58, '0.3456'],
  ['m6a.4xlarge',  'general',   X86, 16,   64, 0,  8, 30,   60,  234, '0.6912'],
  ['m5.large',     'general',   X86,  2,    8, 0,  3, 10,   10,   29, '0.096'],
  ['m5.xlarge',    'general',   X86,  4,   16, 0,  4, 15,   20,   58, '0.192'],
  ['m5.2xlarge',   'general',   X86,  8,   32, 0,  4, 15,   40,   58, '0.384'],
  ['m5.4xlarge',   'general',   X86, 16,   64, 0,  8, 30,   60,  234, '0.768'],
  ['m4.large',     'general',   X86,  2,    8, 0,  2, 10, null,   20, '0.1', XEN_NOTE],
  ['m4.xlarge',    'general',   X86,  4,   16, 0,  4, 15, null,   58, '0.2', XEN_NOTE],
  ['m4.2xlarge',   'general',   X86,  8,   32, 0,  4, 15, null,   58, '0.4', XEN_NOTE],
  ['m4.4xlarge',   'general',   X86, 16,   64, 0,  8, 30, null,  234, '0.8', XEN_NOTE],
  ['m7g.medium',   'general',   ARM,  1,    4, 0,  2,  4,    4,    8, '0.0408'],
  ['m7g.large',    'general',   ARM,  2,    8, 0,  3, 10,   10,   29, '0.0816'],
  ['m7g.xlarge',   'general',   ARM,  4,   16, 0,  4, 15,   20,   58, '0.1632'],
  ['m7g.2xlarge',  'general',   ARM,  8,   32, 0,  4, 15,   40,   58, '0.3264'],
  ['m7g.4xlarge',  'general',   ARM, 16,   64, 0,  8, 30,   60,  234, '0.6528'],
  ['m6g.large',    'general',   ARM,  2,    8, 0,  3, 10,   10,   29, '0.077'],
  ['m6g.xlarge',   'general',   ARM,  4,   16, 0,  4, 15,   20,   58, '0.154'],
  ['c7i.large',    'compute',   X86,  2,    4, 0,  3, 10, null,   29, '0.08925', NOT_IN_ECS_TABLE],
  ['c7i.xlarge',   'compute',   X86,  4,    8, 0,  4, 15, null,   58, '0.1785', NOT_IN_ECS_TABLE],
  ['c7i.2xlarge',  'compute',   X86,  8,   16, 0,  4, 15, null,   58, '0.357', NOT_IN_ECS_TABLE],
  ['c7i.4xlarge',  'compute',   X86, 16,   32, 0,  8, 30, null,  234, '0.714', NOT_IN_ECS_TABLE],
  ['c6i.large',    'compute',   X86,  2,    4, 0,  3, 10,   10,   29, '0.085'],
  ['c6i.xlarge',   'compute',   X86,  4,    8, 0,  4, 15,   20,   58, '0.17'],
  ['c6i.2xlarge',  'compute',   X86,  8,   16, 0,  4, 15,   40,   58, '0.34'],
  ['c6i.4xlarge',  'compute',   X86, 16,   32, 0,  8, 30,   60,  234, '0.68'],
  ['c5.large',     'compute',   X86,  2,    4, 0,  3, 10,   10,   29, '0.085'],
  ['c5.xlarge',    'compute',   X86,  4,    8, 0,  4, 15,   20,   58, '0.17'],
  ['c5.2xlarge',   'compute',   X86,  8,   16, 0,  4, 15,   40,   58, '0.34'],
  ['c5.4xlarge',   'compute',   X86, 16,   32, 0,  8, 30,   60,  234, '0.68'],
  ['c7g.medium',   'compute',   ARM,  1,    2, 0,  2,  4,    4,    8, '0.0363'],
  ['c7g.large',    'compute',   ARM,  2,    4, 0,  3, 10,   10,   29, '0.0725'],
  ['c7g.xlarge',   'compute',   ARM,  4,    8, 0,  4, 15,   20,   58, '0.145'],
  ['c7g.2xlarge',  'compute',   ARM,  8,   16, 0,  4, 15,   40,   58, '0.29'],
  ['c7g.4xlarge',  'compute',   ARM, 16,   32, 0,  8, 30,   60,  234, '0.58'],
  ['c6g.large',    'compute',   ARM,  2,    4, 0,  3, 10,   10,   29, '0.068'],
  ['c6a.large',    'compute',   X86,  2,    4, 0,  3, 10,   10,   29, '0.0765'],
  ['r7i.large',    'memory',    X86,  2,   16, 0,  3, 10, null,   29, '0.1323', NOT_IN_ECS_TABLE],
  ['r7i.xlarge',   'memory',    X86,  4,   32, 0,  4, 15, null,   58, '0.2646', NOT_IN_ECS_TABLE],
  ['r7i.2xlarge',  'memory',    X86,  8,   64, 0,  4, 15, null,   58, '0.5292', NOT_IN_ECS_TABLE],
  ['r7i.4xlarge',  'memory',    X86, 16,  128, 0,  8, 30, null,  234, '1.0584', NOT_IN_ECS_TABLE],
  ['r6i.large',    'memory',    X86,  2,   16, 0,  3, 10,   10,   29, '0.126'],
  ['r6i.xlarge',   'memory',    X86,  4,   32, 0,  4, 15,   20,   58, '0.252'],
  ['r6i.2xlarge',  'memory',    X86,  8,   64, 0,  4, 15,   40,   58, '0.504'],
  ['r6i.4xlarge',  'memory',    X86, 16,  128, 0,  8, 30,   60,  234, '1.008'],
  ['r5.large',     'memory',    X86,  2,   16, 0,  3, 10,   10,   29, '0.126'],
  ['r5.xlarge',    'memory',    X86,  4,   32, 0,  4, 15,   20,   58, '0.252'],
  ['r5.2xlarge',   'memory',    X86,  8,   64, 0,  4, 15,   40,   58, '0.504'],
  ['r5.4xlarge',   'memory',    X86, 16,  128, 0,  8, 30,   60,  234, '1.008'],
  ['r7g.medium',   'memory',    ARM,  1,    8, 0,  2,  4,    4,    8, '0.0536'],
  ['r7g.large',    'memory',    ARM,  2,   16, 0,  3, 10,   10,   29, '0.1071'],
  ['r7g.xlarge',   'memory',    ARM,  4,   32, 0,  4, 15,   20,   58, '0.2142'],
  ['r7g.2xlarge',  'memory',    ARM,  8,   64, 0,  4, 15,   40,   58, '0.4284'],
  ['r7g.4xlarge',  'memory',    ARM, 16,  128, 0,  8, 30,   60,  234, '0.8568'],
  ['r6g.large',    'memory',    ARM,  2,   16, 0,  3, 10,   10,   29, '0.1008'],
  ['t3.medium',    'burstable', X86,  2,    4, 0,  3,  6, null,   17, '0.0416'],
  ['t3.large',     'burstable', X86,  2,    8, 0,  3, 12, null,   35, '0.0832'],
  ['t3.xlarge',    'burstable', X86,  4,   16, 0,  4, 15, null,   58, '0.1664'],
  ['t4g.medium',   'burstable', ARM,  2,    4, 0,  3,  6, null,   17, '0.0336'],
  ['t4g.large',    'burstable', ARM,  2,    8, 0,  3, 12, null,   35, '0.0672'],
  ['t4g.xlarge',   'burstable', ARM,  4,   16, 0,  4, 15, null,   58, '0.1344'],
  ['g5.xlarge',    'gpu',       X86,  4,   16, 1,  4, 15,    6,   58, '1.006'],
  ['g5.2xlarge',   'gpu',       X86,  8,   32, 1,  4, 15,   19,   58, '1.212'],
  ['g5.4xlarge',   'gpu',       X86, 16,   64, 1,  8, 30,   40,  234, '1.624'],
  ['g5.12xlarge',  'gpu',       X86, 48,  192, 4, 15, 50,  120,  737, '5.672'],
  ['g6.xlarge',    'gpu',       X86,  4,   16, 1,  4, 15, null,   58, '0.8048', NOT_IN_ECS_TABLE],
  ['g6.2xlarge',   'gpu',       X86,  8,   32, 1,  4, 15, null,   58, '0.9776', NOT_IN_ECS_TABLE],
  ['g6.4xlarge',   'gpu',       X86, 16,   64, 1,  8, 30, null,  234, '1.3232', NOT_IN_ECS_TABLE],
  ['g6.12xlarge',  'gpu',       X86, 48,  192, 4,  8, 30, null,  234, '4.6016', NOT_IN_ECS_TABLE],
  ['g4dn.xlarge',  'gpu',       X86,  4,   16, 1,  3, 10, null,   29, '0.526'],
  ['p4d.24xlarge', 'gpu',       X86, 96, 1152, 8, 15, 50,  120,  737, '21.957642', P4D_NOTE],
];

function toInstanceType(row: Row): InstanceType {
  const [name, category, arch, vcpu, memoryGiB, gpus, maxEnis, ipv4PerEni, trunkingTaskLimit, eksMaxPods, price, prov] = row;
  const dot = name.indexOf('.');
  const family = name.slice(0, dot);
  const size = name.slice(dot + 1);
  const normalizationFactor = NORMALIZATION_FACTORS[size];
  if (normalizationFactor === undefined) throw new Error(`catalog: no normalization factor for size "${size}"`);
  const provenance: Sourced = prov ? { ...INSTANCE_TABLE_SOURCE, note: prov.note } : INSTANCE_TABLE_SOURCE;
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
