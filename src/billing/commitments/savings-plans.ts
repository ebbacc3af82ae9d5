// Savings Plans as AWS applies them each clock hour (aws-facts §2.5): the hour's commitment is
// due whether used or not and never carries over (the run's last, partial hour: prorated to its
// seconds in the run); eligible usage left after the RIs is charged
// at the plan's rate (on-demand × (1 − discount)) against the commitment until it runs out,
// highest savings percentage first (ties: lowest plan rate first), each family at its own rate; EC2 Instance plans (their
// family, EC2 only) before Compute plans (any EC2 family and Fargate; never Spot).
// Plans of one type are applied in the order given. Exact: decimal arithmetic throughout.

import { Dec } from '../money.js';
import { planDiscounts, type PlanDiscounts } from './discounts.js';
import type { SavingsPlanSpec } from './types.js';
import { decimalOrNaN, type UsageLine } from './usage-lines.js';

/** AWS's smallest commitment, $/hour (aws-facts §2.5: commitment range 0.001–5000). */
export const MIN_COMMITMENT_USD_PER_HOUR = '0.001';

interface Covered {
  line: number;
  /** The plan's rate, $ per `tickDivisor` ticks of the line (exact: no division yet). */
  spUsd: Dec;
  tickDivisor: number;
  spUsdPerTickFloat: number;
}

export interface ResolvedSavingsPlan {
  spec: SavingsPlanSpec;
  commitment: Dec;
  discounts: PlanDiscounts;
  /** The EC2 discount of each family the plan covers, in the order first met (decimal strings). */
  familyDiscounts: [family: string, discount: string][];
  /** Lines the plan covers, in the order it covers them each hour. */
  order: Covered[];
}

function fraction(value: string, what: string): Dec {
  const d = decimalOrNaN(value);
  if (!d.isFinite() || d.isNegative() || d.gte(1)) throw new Error(`savings plan: ${what} discount must be in [0, 1), got ${value}`);
  return d;
}

export function resolveSavingsPlan(lines: readonly UsageLine[], spec: SavingsPlanSpec): ResolvedSavingsPlan {
  if (spec.type === 'ec2-instance' && !spec.family) throw new Error('savings plan: an ec2-instance plan needs the instance family it is bought for');
  if (spec.type === 'compute' && spec.family !== undefined) throw new Error('savings plan: a compute plan covers every family; drop `family`');
  const commitment = decimalOrNaN(spec.commitmentUsdPerHour);
  if (!commitment.isFinite() || commitment.lt(MIN_COMMITMENT_USD_PER_HOUR)) {
    throw new Error(`savings plan: commitmentUsdPerHour must be at least $${MIN_COMMITMENT_USD_PER_HOUR}/h, got "${spec.commitmentUsdPerHour}"`);
  }
  const discounts = planDiscounts(spec.type, spec.term, spec.payment, spec.discounts);
  const fargateOff = discounts.fargate === null ? null : fraction(discounts.fargate, 'Fargate');
  // Each family at its own rate (catalog/commitments.ts); the sources of the families the plan covers.
  const familyOff = new Map<string, Dec>();
  const familySources: string[] = [];
  const ec2Off = (family: string): Dec => {
    let off = familyOff.get(family);
    if (off === undefined) {
      const d = discounts.ec2For(family);
      off = fraction(d.discount, 'EC2');
      familyOff.set(family, off);
      if (discounts.ec2 === null || spec.discounts?.families?.[family] !== undefined) familySources.push(d.source);
    }
    return off;
  };
  const candidates: (Covered & { off: Dec; spUsdPerUnitHour: number; id: string })[] = [];
  lines.forEach((line, i) => {
    let off: Dec | null = null;
    if (line.kind === 'ec2' && (spec.type === 'compute' || line.family === spec.family)) off = ec2Off(line.family ?? '');
    if (line.kind === 'fargate') off = fargateOff;
    if (off === null) return;
    const keep = new Dec(1).minus(off);
    if (!line.licenseUsd.isZero()) {
      // Windows: the plan discounts the Linux part and the licence is charged in full
      // (catalog/windows.ts), so the line's own savings percentage, which orders it, is lower.
      const spUsd = line.usd.minus(line.licenseUsd).times(keep).plus(line.licenseUsd);
      const ratio = spUsd.div(line.usd);
      candidates.push({ line: i, spUsd, tickDivisor: line.tickDivisor, spUsdPerTickFloat: spUsd.toNumber() / line.tickDivisor, off: new Dec(1).minus(ratio), spUsdPerUnitHour: line.usdPerUnitHourFloat * ratio.toNumber(), id: line.id });
      return;
    }
    const spUsd = line.usd.times(keep);
    candidates.push({ line: i, spUsd, tickDivisor: line.tickDivisor, spUsdPerTickFloat: spUsd.toNumber() / line.tickDivisor, off, spUsdPerUnitHour: line.usdPerUnitHourFloat * keep.toNumber(), id: line.id });
  });
  candidates.sort((a, b) => b.off.comparedTo(a.off) || a.spUsdPerUnitHour - b.spUsdPerUnitHour || a.id.localeCompare(b.id));
  if (spec.type === 'ec2-instance' && spec.family) ec2Off(spec.family);
  const source = familySources.length > 0 ? `${discounts.source}: ${familySources.join('; ')}` : discounts.source;
  const familyDiscounts = [...familyOff.entries()].map(([family, off]): [string, string] => [family, off.toFixed()]);
  return { spec, commitment, discounts: { ...discounts, source }, familyDiscounts, order: candidates.map(({ line, spUsd, tickDivisor, spUsdPerTickFloat }) => ({ line, spUsd, tickDivisor, spUsdPerTickFloat })) };
}

/** EC2 Instance plans first, then Compute plans; the given order within a type. */
export function planOrder(plans: readonly ResolvedSavingsPlan[]): ResolvedSavingsPlan[] {
  return [...plans.filter((p) => p.spec.type === 'ec2-instance'), ...plans.filter((p) => p.spec.type === 'compute')];
}

/**
 * Usage of one hour as the plans see it: whole ticks per line (`whole`), or an exact
 * remainder (`part[line]`, not null) once a plan has covered part of the line.
 */
export interface HourUsage {
  whole: Float64Array;
  part: (Dec | null)[];
}

export interface PlanHour {
  /** Spend at plan rates, exact. */
  spend: Dec;
  /** On-demand value of the usage covered, approximate (for the covered share). */
  coveredUsdFloat: number;
}

/** Applies one plan to one hour's usage in place, against `commitment` (the plan's, or its prorated share in a partial last hour). */
export function applyPlanHour(plan: ResolvedSavingsPlan, usage: HourUsage, lines: readonly UsageLine[], commitment: Dec): PlanHour {
  let left = commitment;
  let coveredUsdFloat = 0;
  for (const c of plan.order) {
    if (left.isZero()) break;
    const partial = usage.part[c.line];
    if (partial === null && usage.whole[c.line] <= 0) continue;
    const ticks = partial ?? new Dec(usage.whole[c.line]);
    if (ticks.isZero()) continue;
    const cost = ticks.times(c.spUsd).div(c.tickDivisor);
    if (cost.lte(left)) {
      left = left.minus(cost);
      usage.whole[c.line] = 0;
      usage.part[c.line] = null;
      coveredUsdFloat += ticks.toNumber() * lines[c.line].usdPerTickFloat;
      continue;
    }
    const covered = left.times(c.tickDivisor).div(c.spUsd);
    usage.part[c.line] = ticks.minus(covered);
    coveredUsdFloat += covered.toNumber() * lines[c.line].usdPerTickFloat;
    left = new Dec(0);
    break;
  }
  return { spend: commitment.minus(left), coveredUsdFloat };
}
