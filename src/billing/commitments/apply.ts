// Bills a run's on-demand usage under Reserved Instances and Savings Plans, clock hour by clock
// hour, in AWS's order: RIs, then EC2 Instance plans, then Compute plans; what is left is
// on-demand. RI fees and plan commitments are due every clock hour of the run, used or not. The
// horizon is a window cut out of steady operation (usage is billed to it), so a partial last hour
// is prorated: its fee, its commitment and its RI capacity are its seconds in the run ÷ 3600 of a
// whole hour's. With no commitments the line items are exactly the meters' on-demand ones; Spot
// is never covered and stays with the meters (see `withCommitments`). Every hour's uncovered
// usage and fees are kept as the hourly ledger's drivers (billing/hourly.ts).

import type { LineItem } from '../../domain/result.js';
import { runSecondsByHour, type HourlyDrivers } from '../hourly.js';
import { Dec, lineItem, toCents, totalOf } from '../money.js';
import { runSeconds, type UsageLedger } from '../usage.js';
import { applyRiHour, resolveReservedInstance, riPools, type ResolvedReservedInstance, type RiPool } from './reserved-instances.js';
import { applyPlanHour, planOrder, resolveSavingsPlan, type HourUsage, type ResolvedSavingsPlan } from './savings-plans.js';
import type { CommitmentHourly, CommitmentResult, ReservedInstanceSpec, SavingsPlanSpec } from './types.js';
import { usageLines, type UsageLine } from './usage-lines.js';

export function applyCommitments(ledger: UsageLedger, ris: readonly ReservedInstanceSpec[], sps: readonly SavingsPlanSpec[]): CommitmentResult {
  const hours = ledger.hours;
  const lastHourSeconds = ledger.lastHourSeconds;
  // What the fees and commitments are due for: every clock hour, the last one prorated.
  const seconds = runSeconds(ledger);
  const lines = usageLines(ledger);
  const reserved = ris.map((spec) => resolveReservedInstance(ledger, spec));
  const pools = riPools(lines, reserved);
  const plans = planOrder(sps.map((spec) => resolveSavingsPlan(lines, spec)));

  const riCapacityPerSecond = pools.reduce((sum, p) => sum + p.capacityPerSecond, 0);
  const commitmentPerHour = plans.reduce((sum, p) => sum.plus(p.commitment), new Dec(0));
  const feesPerHourFloat = reserved.reduce((sum, r) => sum + r.spec.count * Number(r.effectiveUsdPerHour), 0) + commitmentPerHour.toNumber();

  const hourly = {
    riUtilisation: new Float64Array(hours),
    spUtilisation: new Float64Array(hours),
    onDemandUsd: new Float64Array(hours),
    commitmentUsd: new Float64Array(hours).fill(feesPerHourFloat),
  };
  if (hours > 0 && lastHourSeconds !== 3600) hourly.commitmentUsd[hours - 1] = (feesPerHourFloat * lastHourSeconds) / 3600;
  const { wholeTotal, partTotal, riUsed, spSpend, onDemandValueUsd, uncoveredUsd, uncovered } = billHours(hours, lastHourSeconds, lines, pools, plans, hourly, riCapacityPerSecond);

  const fees = riFeeItems(reserved, seconds, lastHourSeconds);
  const commitments = planItems(plans, seconds, lastHourSeconds);
  const lineItems = [
    ...lines.flatMap((line, i) => (line.kind === 'ec2' ? [priceLine(line, wholeTotal[i], partTotal[i])] : [])),
    ...fees.map((f) => f.item),
    ...commitments.map((c) => c.item),
    ...lines.flatMap((line, i) => (line.kind === 'fargate' ? [priceLine(line, wholeTotal[i], partTotal[i])] : [])),
  ];
  // Hour by hour: the uncovered usage at its on-demand rate; a fee or commitment for every second of the run in the hour.
  const secondsByHour = runSecondsByHour(ledger);
  const drivers: HourlyDrivers = new Map();
  lines.forEach((line, i) => drivers.set(line.id, { kind: 'ticks', ticks: uncovered[i].whole, usd: line.usd, divisor: line.tickDivisor, parts: uncovered[i].parts }));
  for (const { item, count, usdPerHour } of [...fees, ...commitments]) {
    drivers.set(item.id, { kind: 'ticks', ticks: count === 1 ? secondsByHour : secondsByHour.map((s) => s * count), usd: usdPerHour, divisor: 3600 });
  }
  return {
    lineItems,
    totalUsdExact: totalOf(lineItems).toFixed(),
    hourly,
    drivers,
    coveredShare: onDemandValueUsd > 0 ? Math.max(0, Math.min(1, 1 - uncoveredUsd / onDemandValueUsd)) : 0,
    riUtilisation: riCapacityPerSecond > 0 && seconds > 0 ? riUsed / (riCapacityPerSecond * seconds) : 0,
    spUtilisation: plans.length > 0 && seconds > 0 ? spSpend.div(commitmentPerHour.times(seconds).div(3600)).toNumber() : 0,
  };
}

/**
 * The hour-by-hour loop of `applyCommitments`, on its own: it is the hot part, and as a function of
 * its own it is all V8 optimises (the whole of `applyCommitments`, set-up included, took ~40 ms
 * of compiling, three times a run). Fills `hourly`'s utilisation and on-demand arrays; returns the
 * uncovered quantities over the run, whole ticks (exact integers in float64) and exact remainders.
 */
function billHours(
  hours: number,
  lastHourSeconds: number,
  lines: readonly UsageLine[],
  pools: readonly RiPool[],
  plans: readonly ResolvedSavingsPlan[],
  hourly: CommitmentHourly,
  riCapacityPerSecond: number,
) {
  const wholeTotal = new Float64Array(lines.length);
  const partTotal: Dec[] = lines.map(() => new Dec(0));
  const usage: HourUsage = { whole: new Float64Array(lines.length), part: lines.map(() => null) };
  // Each line's uncovered ticks by hour: whole, or a fraction where a plan covered part of the hour.
  const uncovered = lines.map(() => ({ whole: new Float64Array(hours), parts: new Map<number, Dec>() }));
  let riUsed = 0;
  let spSpend = new Dec(0);
  let onDemandValueUsd = 0;
  let uncoveredUsd = 0;
  // Each plan's commitment in a whole hour and in the last one (prorated when partial).
  const lastShare = new Dec(lastHourSeconds).div(3600);
  const perHour = plans.map((p) => p.commitment);
  const inLastHour = lastHourSeconds === 3600 ? perHour : plans.map((p) => p.commitment.times(lastShare));
  const perHourFloat = perHour.reduce((sum, c) => sum.plus(c), new Dec(0)).toNumber();
  const inLastHourFloat = inLastHour.reduce((sum, c) => sum.plus(c), new Dec(0)).toNumber();

  for (let h = 0; h < hours; h++) {
    const isLast = h === hours - 1;
    const seconds = isLast ? lastHourSeconds : 3600;
    for (let i = 0; i < lines.length; i++) {
      usage.whole[i] = lines[i].perHour[h];
      usage.part[i] = null;
      onDemandValueUsd += usage.whole[i] * lines[i].usdPerTickFloat;
    }
    if (pools.length > 0) {
      const used = applyRiHour(pools, usage.whole, null, seconds);
      riUsed += used;
      hourly.riUtilisation[h] = used / (riCapacityPerSecond * seconds);
    }
    if (plans.length > 0) {
      const commitments = isLast ? inLastHour : perHour;
      let spend = new Dec(0);
      for (let p = 0; p < plans.length; p++) spend = spend.plus(applyPlanHour(plans[p], usage, lines, commitments[p]).spend);
      spSpend = spSpend.plus(spend);
      hourly.spUtilisation[h] = spend.toNumber() / (isLast ? inLastHourFloat : perHourFloat);
    }
    let onDemand = 0;
    for (let i = 0; i < lines.length; i++) {
      const part = usage.part[i];
      const left = part === null ? usage.whole[i] : part.toNumber();
      if (part === null) {
        wholeTotal[i] += usage.whole[i];
        uncovered[i].whole[h] = usage.whole[i];
      } else {
        partTotal[i] = partTotal[i].plus(part);
        uncovered[i].parts.set(h, part);
      }
      onDemand += left * lines[i].usdPerTickFloat;
    }
    hourly.onDemandUsd[h] = onDemand;
    uncoveredUsd += onDemand;
  }

  return { wholeTotal, partTotal, riUsed, spSpend, onDemandValueUsd, uncoveredUsd, uncovered };
}

/**
 * A run's line items with commitments: the meters' on-demand usage items (same ids) replaced by
 * the engine's, its RI fees and plan commitments added after the EC2 items, everything else
 * (Spot, Windows licence, storage, other meters) kept in place.
 */
export function withCommitments(meterItems: readonly LineItem[], result: CommitmentResult): LineItem[] {
  const replaced = new Map(result.lineItems.map((item) => [item.id, item]));
  const fees = result.lineItems.filter((item) => item.id.startsWith('ec2.ri-fee.') || item.id.startsWith('sp.commitment.'));
  const out: LineItem[] = [];
  const used = new Set<string>();
  for (const item of meterItems) {
    const mine = replaced.get(item.id);
    out.push(mine ?? item);
    if (mine) used.add(item.id);
  }
  // Usage the meters did not itemise (cannot happen for a ledger built by them) and the fees.
  const extra = result.lineItems.filter((item) => !used.has(item.id) && !fees.includes(item));
  const lastEc2 = out.reduce((last, item, k) => (item.id.startsWith('ec2.') ? k : last), -1);
  out.splice(lastEc2 + 1, 0, ...extra, ...fees);
  return out;
}

/** The uncovered usage of a line, priced once; exactly the meter's line item when nothing was split. */
function priceLine(line: UsageLine, whole: number, part: Dec): LineItem {
  const spec = { id: line.id, description: line.description, unit: line.unit, rate: line.rate, rateFactor: line.rateFactor, source: line.source };
  const scale = line.denominator / line.meterDenominator;
  if (part.isZero()) {
    if (whole % scale === 0) return lineItem({ ...spec, unitSeconds: BigInt(whole / scale), denominator: line.meterDenominator });
    return lineItem({ ...spec, unitSeconds: BigInt(whole), denominator: line.denominator });
  }
  // A plan covered part of an hour's usage: the remainder is a fraction of a tick.
  const ticks = part.plus(whole);
  const perHour = line.rate.per === 'hour';
  let rate = new Dec(line.rate.usd);
  if (line.rateFactor !== undefined) rate = rate.times(new Dec(String(line.rateFactor)));
  const usdExact = ticks.times(rate).div(line.denominator * (perHour ? 3600 : 1));
  return {
    id: line.id,
    description: line.description,
    quantity: ticks.div(line.denominator).div(perHour ? 3600 : 1).toDecimalPlaces(6).toFixed(),
    unit: `${line.unit}-${perHour ? 'hours' : 'seconds'}`,
    usdPerUnit: rate.toFixed(),
    usdExact: usdExact.toFixed(),
    usd: toCents(usdExact),
    source: line.source,
  };
}

function uniqueIds(ids: string[], qualifiers: string[]): string[] {
  const taken = new Set<string>();
  return ids.map((id, k) => {
    let candidate = taken.has(id) ? `${id}.${qualifiers[k]}` : id;
    for (let n = 2; taken.has(candidate); n++) candidate = `${id}.${qualifiers[k]}.${n}`;
    taken.add(candidate);
    return candidate;
  });
}

/**
 * Words on a fee or commitment line when the run's last clock hour is partial; none when the
 * horizon is whole hours (those line items read as they always have).
 */
function proration(lastHourSeconds: number): { description: string; source: string } {
  if (lastHourSeconds === 3600) return { description: '', source: '' };
  return {
    description: `, last hour prorated: ${lastHourSeconds} of 3600 s`,
    source: `; the run's last clock hour is partial, so it is prorated to its ${lastHourSeconds} s in the run, as the usage in it is cut at the horizon (docs/model.md, Horizon)`,
  };
}

/** A fee or commitment line item, and what it is due per second of the run: `count` × `usdPerHour` / 3600. */
interface DueEverySecond {
  item: LineItem;
  count: number;
  usdPerHour: Dec;
}

/** RI fees: count × every clock hour of the run (a partial last hour prorated) × the effective rate, used or not. */
function riFeeItems(reserved: readonly ResolvedReservedInstance[], seconds: number, lastHourSeconds: number): DueEverySecond[] {
  const prorated = proration(lastHourSeconds);
  const held = reserved.filter((r) => r.spec.count > 0);
  const terms = held.map((r) => `${r.spec.term}-${r.spec.offeringClass}-${r.spec.payment}`);
  const ids = uniqueIds(
    held.map((r) => `ec2.ri-fee.${r.spec.instanceType}`),
    terms,
  );
  return held.map((r, k) => ({
    count: r.spec.count,
    usdPerHour: new Dec(r.effectiveUsdPerHour),
    item: lineItem({
      id: ids[k],
      description: `Reserved Instance ${r.spec.instanceType}${r.platform === 'windows' ? ' Windows' : ''} × ${r.spec.count} (${r.spec.term} ${r.spec.offeringClass} ${r.spec.payment}${r.sizeFlexible ? ', size-flexible' : ''}${prorated.description})`,
      unit: 'reserved-instance',
      unitSeconds: BigInt(r.spec.count * seconds),
      denominator: 1,
      rate: { usd: r.effectiveUsdPerHour, per: 'hour' },
      source: `fee due every clock hour, used or not (aws-facts §2.4)${prorated.source}; rate: ${r.source}`,
    }),
  }));
}

/** Plan commitments: $/h × every clock hour of the run (a partial last hour prorated), used or not (no carry-over). */
function planItems(plans: readonly ResolvedSavingsPlan[], seconds: number, lastHourSeconds: number): DueEverySecond[] {
  const prorated = proration(lastHourSeconds);
  const names = plans.map((p) => (p.spec.type === 'compute' ? 'compute' : `ec2-instance.${p.spec.family}`));
  const ids = uniqueIds(
    names.map((n) => `sp.commitment.${n}`),
    plans.map((p) => `${p.spec.term}-${p.spec.payment}`),
  );
  return plans.map((p, k) => ({
    count: 1,
    usdPerHour: p.commitment,
    item: lineItem({
      id: ids[k],
      description: `${p.spec.type === 'compute' ? 'Compute' : `EC2 Instance (${p.spec.family})`} Savings Plan, $${p.commitment.toFixed()}/h (${p.spec.term} ${p.spec.payment}${prorated.description})`,
      unit: 'commitment',
      unitSeconds: BigInt(seconds),
      denominator: 1,
      rate: { usd: p.commitment.toFixed(), per: 'hour' },
      source: `commitment due every clock hour, used or not (aws-facts §2.5)${prorated.source}; ${p.discounts.source}`,
    }),
  }));
}
