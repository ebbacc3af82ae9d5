// Fargate rate cards and the valid task-size grid, transcribed from /work/shared/aws-facts.md
// §1.1–1.6. Rates are the decimal strings the sources print. Regions without a published
// ARM, Windows, Spot or storage rate leave that field out rather than guess it.

import type { FargateRateCard, Sourced } from './types.js';

const FARGATE_PRICING_PAGE = 'https://aws.amazon.com/fargate/pricing/';

/** aws-facts modelling choice: no first-party Spot table, so Spot = 30% of on-demand ("up to 70% off"). */
const SPOT_FRACTION_OF_ON_DEMAND = 0.3;
/** aws-facts §1.1: Linux per second with a 1-minute minimum. */
const LINUX_MINIMUM_BILLED_SECONDS = 60;
/** aws-facts §1.1: Windows per second with a 5-minute minimum (current pricing-page text). */
const WINDOWS_MINIMUM_BILLED_SECONDS = 300;
/** aws-facts §1.5: 20 GB of ephemeral storage included per task/pod. */
const FREE_EPHEMERAL_STORAGE_GB = 20;

/**
 * How Fargate bills in every region (aws-facts §1.1, §1.5): minimums and the free storage. A
 * region without a rate card is billed by these rules at the scenario's `rates.fargate`.
 */
export const FARGATE_BILLING_RULES = {
  linuxMinimumBilledSeconds: LINUX_MINIMUM_BILLED_SECONDS,
  windowsMinimumBilledSeconds: WINDOWS_MINIMUM_BILLED_SECONDS,
  freeEphemeralStorageGb: FREE_EPHEMERAL_STORAGE_GB,
} as const;

const COMMON = { spotFractionOfOnDemand: SPOT_FRACTION_OF_ON_DEMAND, ...FARGATE_BILLING_RULES } as const;

export const FARGATE_RATE_CARDS: Readonly<Record<string, FargateRateCard>> = {
  'us-east-1': {
    region: 'us-east-1',
    source:
      `${FARGATE_PRICING_PAGE} (per-second rates of its four worked examples, stored copy); ` +
      'x86 vCPU rate also quoted from https://aws.amazon.com/ecs/pricing/ in ' +
      'api-evangelist/amazon-ecs:plans/amazon-ecs-plans-pricing.yml',
    asOf: '2026-09-20',
    note:
      'Per-second rates as AWS prints them in its worked examples (aws-facts §1.2 modelling choice: bill per ' +
      'second, show hourly equivalents). Spot: no Spot table on purpose; the model uses ' +
      'spotFractionOfOnDemand = 0.3. Observed us-east-1 Spot prices (0.0124419/0.00136621; 0.01246287/0.00136851 ' +
      '"January 2024"; 0.01214/0.001334 per vCPU-h/GB-h, wring.co 2026) are third-party, and the 2026 figure ' +
      'equals the 30% rule, so the rule is used and stays on the same per-second basis as on-demand. ' +
      'Windows and ARM are ECS-only (not EKS).',
    linuxX86: {
      vcpu: { usd: '0.000011244', per: 'second' },
      memoryGb: { usd: '0.000001235', per: 'second' },
    },
    linuxArm: {
      vcpu: { usd: '0.0000089944', per: 'second' },
      memoryGb: { usd: '0.0000009889', per: 'second' },
    },
    windowsX86: {
      vcpu: { usd: '0.0000254167', per: 'second' },
      memoryGb: { usd: '0.0000027778', per: 'second' },
      osLicenseVcpu: { usd: '0.0000127778', per: 'second' },
    },
    ephemeralStorageGbAbove20: { usd: '0.0000000308', per: 'second' },
    ...COMMON,
  },
  'eu-west-1': {
    region: 'eu-west-1',
    source:
      'https://tomgregory.com/aws/aws-fargate-spot-vs-fargate-price-comparison/ (on-demand and Spot x86); ' +
      'https://repost.aws/questions/QUrIdHDv0dTEa6OsCwdAIJQA/aws-compute-savings-plan-commitment-calculation ' +
      '(on-demand x86, from a Cost Explorer recommendation)',
    asOf: 'undated',
    note:
      'Secondary sources (AWS renders regional tables with JavaScript). The tomgregory.com page is undated but ' +
      'written after the Dec-2019 Fargate Spot launch. No ARM, Windows or ephemeral-storage rate was found: ' +
      'give them under the scenario `rates` section.',
    linuxX86: {
      vcpu: { usd: '0.04048', per: 'hour' },
      memoryGb: { usd: '0.004445', per: 'hour' },
    },
    spotLinuxX86: {
      vcpu: { usd: '0.01334053', per: 'hour' },
      memoryGb: { usd: '0.00146489', per: 'hour' },
    },
    ...COMMON,
  },
  'sa-east-1': {
    region: 'sa-east-1',
    source: 'apoloferreira/basecode:doc/custo02.md (commit 9921248, citing https://aws.amazon.com/pt/fargate/pricing/)',
    asOf: 'undated',
    note:
      'Secondary, undated source. It heads the tables "Sao Paulo (us-east-1)" and later labels 0.0557 as x86, ' +
      'contradicting its own table; the table columns (ARM 0.0557 / x86 0.0696) are used, which matches the ' +
      'us-east-1 ARM/x86 ratio of 0.8. No Windows or ephemeral-storage rate was found.',
    linuxX86: {
      vcpu: { usd: '0.0696', per: 'hour' },
      memoryGb: { usd: '0.0076', per: 'hour' },
    },
    linuxArm: {
      vcpu: { usd: '0.0557', per: 'hour' },
      memoryGb: { usd: '0.00612', per: 'hour' },
    },
    spotLinuxX86: {
      vcpu: { usd: '0.02337032', per: 'hour' },
      memoryGb: { usd: '0.00255193', per: 'hour' },
    },
    spotLinuxArm: {
      vcpu: { usd: '0.01870297', per: 'hour' },
      memoryGb: { usd: '0.00205498', per: 'hour' },
    },
    ...COMMON,
  },
  'ap-northeast-1': {
    region: 'ap-northeast-1',
    source: 'https://www.clyr.co.jp/posts/aws-fargate-pricing-breakdown-estimate-tips-3920',
    asOf: '2025-09',
    note:
      'Secondary source ("2025-09時点"). Memory: this page\'s table prints 0.005536 per GB-h; a Korean project ' +
      'note prints ~0.00553 with the same vCPU rate; unresolved, the dated table is used. No ARM, Windows or ' +
      'Spot rate was found.',
    linuxX86: {
      vcpu: { usd: '0.05056', per: 'hour' },
      memoryGb: { usd: '0.005536', per: 'hour' },
    },
    ephemeralStorageGbAbove20: { usd: '0.00014', per: 'hour' },
    ...COMMON,
  },
};

/**
 * Valid task sizes as rows of (CPU units, memory range), aws-facts §1.6 (ECS API reference).
 * 32 vCPU is left out: only the pricing page lists it, the API reference does not.
 */
export interface FargateSizeRow {
  cpuUnits: number;
  minMemoryMiB: number;
  maxMemoryMiB: number;
  stepMiB: number;
  /** Extra memory values outside the step grid (0.25 vCPU's 512 MiB). */
  extraMemoryMiB?: readonly number[];
  minLinuxPlatformVersion?: string;
}

export const FARGATE_SIZE_ROWS: readonly FargateSizeRow[] = [
  { cpuUnits: 256, minMemoryMiB: 1024, maxMemoryMiB: 2048, stepMiB: 1024, extraMemoryMiB: [512] },
  { cpuUnits: 512, minMemoryMiB: 1024, maxMemoryMiB: 4096, stepMiB: 1024 },
  { cpuUnits: 1024, minMemoryMiB: 2048, maxMemoryMiB: 8192, stepMiB: 1024 },
  { cpuUnits: 2048, minMemoryMiB: 4096, maxMemoryMiB: 16384, stepMiB: 1024 },
  { cpuUnits: 4096, minMemoryMiB: 8192, maxMemoryMiB: 30720, stepMiB: 1024 },
  { cpuUnits: 8192, minMemoryMiB: 16384, maxMemoryMiB: 61440, stepMiB: 4096, minLinuxPlatformVersion: '1.4.0' },
  { cpuUnits: 16384, minMemoryMiB: 32768, maxMemoryMiB: 122880, stepMiB: 8192, minLinuxPlatformVersion: '1.4.0' },
];

/** Windows tasks need at least 1 vCPU (aws-facts §1.1). */
export const FARGATE_WINDOWS_MIN_CPU_UNITS = 1024;

/**
 * Windows tasks run at 1, 2 and 4 vCPU only: the 8 and 16 vCPU rows "require Linux platform
 * 1.4.0", and ECS's size table gives their supported OS as Linux alone (FARGATE_WINDOWS_SIZES_SOURCE).
 */
export const FARGATE_WINDOWS_MAX_CPU_UNITS = 4096;

/** Where the Windows size range (1 to 4 vCPU) comes from. */
export const FARGATE_WINDOWS_SIZES_SOURCE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html (table "CPU value, memory value, supported OS on Fargate": 1, 2, 4 vCPU "Linux, Windows"; 8, 16 vCPU "Linux"; read 2026-12-07 via the docs.amazonaws.cn mirror)';

export const FARGATE_SIZES_SOURCE: Sourced = {
  source:
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-task-definition/memory.html ' +
    `(ECS API reference text); ${FARGATE_PRICING_PAGE} ("Supported Configurations"); Windows minimum: ` +
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/aws.sdk.kotlin.services.ecs.model/-register-task-definition-request/memory.html',
  asOf: '2026-09-20',
  note: '0.25–16 vCPU, 74 combinations; 8 and 16 vCPU need Linux platform ≥ 1.4.0 (Windows: 1 to 4 vCPU); 32 vCPU unconfirmed, left out.',
};
