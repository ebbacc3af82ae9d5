// Look-ups over the Fargate rate cards and the valid task-size grid: rate card by region,
// size validation, nearest valid sizes for a bad request, and EKS-style "round up to the next
// combination". Pricing arithmetic lives in billing/, not here.

import { CatalogError, suggestionText } from './errors.js';
import { FARGATE_RATE_CARDS, FARGATE_SIZE_ROWS, FARGATE_WINDOWS_MAX_CPU_UNITS, FARGATE_WINDOWS_MIN_CPU_UNITS } from './fargate-data.js';
import type { FargateRateCard, Rate } from './types.js';

export { FARGATE_BILLING_RULES, FARGATE_RATE_CARDS, FARGATE_SIZES_SOURCE } from './fargate-data.js';

export const FARGATE_REGIONS: readonly string[] = Object.keys(FARGATE_RATE_CARDS).sort();

/** The region's rate card, or undefined when the catalog has none (the scenario's `rates.fargate` may give the rates). */
export function findFargateRateCard(region: string): FargateRateCard | undefined {
  return Object.hasOwn(FARGATE_RATE_CARDS, region) ? FARGATE_RATE_CARDS[region] : undefined;
}

export function fargateRateCard(region: string): FargateRateCard {
  const card = findFargateRateCard(region);
  if (card === undefined) {
    throw new CatalogError(
      `No Fargate rate card for region "${region}". Known regions: ${FARGATE_REGIONS.join(', ')}.` +
        suggestionText(region, FARGATE_REGIONS) +
        " Give the rates under the scenario's `rates` section.",
      [...FARGATE_REGIONS],
    );
  }
  return card;
}

/** The ephemeral-storage rate of a card, or a CatalogError asking for a `rates` override. */
export function requireEphemeralStorageRate(card: FargateRateCard): Rate {
  if (card.ephemeralStorageGbAbove20 === undefined) {
    const known = FARGATE_REGIONS.filter((r) => FARGATE_RATE_CARDS[r].ephemeralStorageGbAbove20 !== undefined);
    throw new CatalogError(
      `No sourced Fargate ephemeral-storage rate for region "${card.region}" (known for: ${known.join(', ')}). ` +
        "Give it under the scenario's `rates` section, or keep ephemeral storage at the free " +
        `${card.freeEphemeralStorageGb} GB.`,
      known,
    );
  }
  return card.ephemeralStorageGbAbove20;
}

export interface FargateSize {
  cpuUnits: number;
  memoryMiB: number;
}

function buildSizes(): FargateSize[] {
  const sizes: FargateSize[] = [];
  for (const row of FARGATE_SIZE_ROWS) {
    const memories = [...(row.extraMemoryMiB ?? [])];
    for (let m = row.minMemoryMiB; m <= row.maxMemoryMiB; m += row.stepMiB) memories.push(m);
    for (const memoryMiB of memories) sizes.push({ cpuUnits: row.cpuUnits, memoryMiB });
  }
  return sizes.sort((a, b) => a.cpuUnits - b.cpuUnits || a.memoryMiB - b.memoryMiB);
}

/** All 74 valid (CPU units, memory MiB) combinations for 0.25–16 vCPU, sorted by CPU then memory. */
export const FARGATE_SIZES: readonly FargateSize[] = Object.freeze(buildSizes().map((s) => Object.freeze(s)));

const VALID_SIZE_KEYS = new Set(FARGATE_SIZES.map((s) => `${s.cpuUnits}/${s.memoryMiB}`));

export function isValidFargateSize(cpuUnits: number, memoryMiB: number, os: 'linux' | 'windows' = 'linux'): boolean {
  if (os === 'windows' && (cpuUnits < FARGATE_WINDOWS_MIN_CPU_UNITS || cpuUnits > FARGATE_WINDOWS_MAX_CPU_UNITS)) return false;
  return VALID_SIZE_KEYS.has(`${cpuUnits}/${memoryMiB}`);
}

/** Minimum Linux platform version a size needs, if any (8 and 16 vCPU need 1.4.0). */
export function fargateMinLinuxPlatformVersion(cpuUnits: number): string | undefined {
  return FARGATE_SIZE_ROWS.find((r) => r.cpuUnits === cpuUnits)?.minLinuxPlatformVersion;
}

/**
 * The `n` valid sizes closest to a request, for "did you mean" messages.
 *
 * Metric: sizes that cover the request in both CPU and memory come first (a suggestion that
 * under-provisions is a worse answer than one that costs a little more); within each group,
 * by the Euclidean norm of the relative differences ((cpu − reqCpu)/reqCpu, (mem − reqMem)/reqMem),
 * so 1 vCPU too many on a 0.25 vCPU request weighs as much as 4 GB too many on a 1 GB one.
 * Ties go to the smaller size. Example: 256 CPU / 3072 MiB → 512/3072, 512/4096, 1024/3072.
 */
export function nearestFargateSizes(cpuUnits: number, memoryMiB: number, n = 3): FargateSize[] {
  if (!(cpuUnits > 0) || !(memoryMiB > 0)) {
    throw new CatalogError(`Fargate size request must have positive CPU units and memory, got ${cpuUnits}/${memoryMiB}.`);
  }
  return FARGATE_SIZES.map((size, order) => {
    const dc = (size.cpuUnits - cpuUnits) / cpuUnits;
    const dm = (size.memoryMiB - memoryMiB) / memoryMiB;
    const covers = size.cpuUnits >= cpuUnits && size.memoryMiB >= memoryMiB ? 0 : 1;
    return { size, order, covers, distance: Math.hypot(dc, dm) };
  })
    .sort((a, b) => a.covers - b.covers || a.distance - b.distance || a.order - b.order)
    .slice(0, Math.max(0, n))
    .map((c) => ({ ...c.size }));
}

/**
 * The smallest valid size with at least the requested CPU and memory (EKS on Fargate rounds a
 * pod's requests up to the next combination), or undefined when nothing is large enough.
 * First fit in (CPU, memory) order is also the cheapest, because each CPU row's minimum memory
 * is at least the previous row's.
 */
export function smallestFargateSizeAtLeast(cpuUnits: number, memoryMiB: number): FargateSize | undefined {
  const fit = FARGATE_SIZES.find((s) => s.cpuUnits >= cpuUnits && s.memoryMiB >= memoryMiB);
  return fit === undefined ? undefined : { ...fit };
}

/**
 * Memory EKS adds to every Fargate pod "for the required Kubernetes components (kubelet,
 * kube-proxy, and containerd)": 256 MB, in MiB because Fargate's GB are GiB (aws-facts §1.6).
 */
export const EKS_FARGATE_POD_OVERHEAD_MIB = 256;

export const EKS_FARGATE_SIZING_SOURCE =
  'https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html (aws-facts §1.6)';
