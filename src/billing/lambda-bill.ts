// The Lambda bill from the usage a function model recorded per clock hour: requests, billed
// milliseconds (on-demand and on provisioned environments), provisioned-concurrency time and
// ephemeral storage. Months are 730-hour blocks of the run (as EBS's GB-month): the free tier and
// the duration tiers reset each month, and a partial block (a 1-hour run, the 731st hour) gets
// the free tier and the duration tiers' ceilings prorated to its share of 730 h. Exact: integer
// requests and milliseconds priced in decimal. By clock hour (`lambdaHourly`), from the month's
// running totals: the free tier is used up by the month's first hours, and an hour pays the
// duration tier the month is in.

import { lambdaRateCard, LAMBDA_LIMITS, type Arch, type LambdaTier } from '../catalog/index.js';
import type { LineItem } from '../domain/result.js';
import type { HourlyDrivers } from './hourly.js';
import { Dec, toCents } from './money.js';
import { clockHours, secondsInHour } from './usage.js';

export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** What a Lambda function used, by clock hour of the run (fractional counts from the fluid model). */
export class LambdaUsage {
  readonly requests: Float64Array;
  /** Billed milliseconds (1 ms granularity, INIT included) on on-demand environments. */
  readonly onDemandMs: Float64Array;
  /** Billed milliseconds on provisioned environments. */
  readonly provisionedMs: Float64Array;

  constructor(
    readonly hours: number,
    readonly arch: Arch,
    readonly memoryMiB: number,
    readonly ephemeralStorageMiB: number,
    /** Provisioned concurrency configured for the whole run. */
    readonly provisionedConcurrency: number,
    readonly horizonSeconds: number,
  ) {
    this.requests = new Float64Array(hours);
    this.onDemandMs = new Float64Array(hours);
    this.provisionedMs = new Float64Array(hours);
  }
}

export interface LambdaBillOptions {
  region: string;
  freeTier: boolean;
}

function sumRange(a: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let h = from; h < to && h < a.length; h++) s += a[h];
  return s;
}

interface Acc {
  quantity: Dec;
  usd: Dec;
}

function item(id: string, description: string, unit: string, acc: Acc, usdPerUnit: string, source: string): LineItem {
  return { id, description, quantity: acc.quantity.toDecimalPlaces(6).toFixed(), unit, usdPerUnit, usdExact: acc.usd.toFixed(), usd: toCents(acc.usd), source };
}

/** GB-seconds of `ms` milliseconds at `memoryMiB` (GB = GiB = 1024 MiB, as AWS bills Lambda memory). */
export function gbSeconds(ms: Dec, memoryMiB: number): Dec {
  return ms.times(memoryMiB).div(1024 * 1000);
}

/**
 * Splits `gbs` GB-seconds of one month over the tiers, after `already` GB-seconds of that month;
 * `share` of a month (a partial block) scales the tiers' ceilings as the free tier is scaled.
 */
export function tiered(tiers: readonly LambdaTier[], gbs: Dec, already = new Dec(0), share = new Dec(1)): Dec[] {
  const out: Dec[] = [];
  let from = already;
  let left = gbs;
  for (const tier of tiers) {
    const ceiling = tier.uptoGbSeconds === null ? null : new Dec(tier.uptoGbSeconds).times(share).toDecimalPlaces(6);
    const room = ceiling === null ? left : Dec.max(0, Dec.min(left, ceiling.minus(from)));
    out.push(room);
    left = left.minus(room);
    from = from.plus(room);
  }
  return out;
}

/**
 * A monthly free allowance for `share` of a month, to a millionth of a unit (so the bill's exact
 * figures stay finite decimals; a millionth of a request or GB-s is below any cent).
 */
function allowance(perMonth: number, share: Dec): Dec {
  return new Dec(perMonth).times(share).toDecimalPlaces(6);
}

/**
 * A 730-hour block [from, to) of the run: its share of a month, and the free allowance it gets.
 * The allowance is prorated for a partial block: a run shorter than a month stands for that share
 * of one, so "per month" (hourly × 730) is the month's bill, not $0.
 */
function monthAllowance(u: LambdaUsage, freeTier: boolean, card: ReturnType<typeof lambdaRateCard>, from: number, to: number): { blockShare: Dec; freeRequests: Dec; freeGbs: Dec } {
  const blockShare = new Dec(Math.min(u.horizonSeconds, to * 3600) - from * 3600).div(SECONDS_PER_MONTH);
  const share = freeTier ? blockShare : new Dec(0);
  return { blockShare, freeRequests: allowance(card.freeTier.requestsPerMonth, share), freeGbs: allowance(card.freeTier.gbSecondsPerMonth, share) };
}

/** The free tier in a line's description: the monthly allowance, and what a run not of whole months got in all. */
function freeTierText(perMonth: number, inAll: Dec, unit: string, horizonSeconds: number): string {
  const monthly = `${perMonth.toLocaleString('en-US')}${unit} a month`;
  if (horizonSeconds % SECONDS_PER_MONTH === 0) return `, after the free tier (${monthly})`;
  const given = Number(inAll.toFixed(2)).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `, after the free tier (${monthly} of 730 h, prorated: ${given}${unit} for the run's ${+(horizonSeconds / 3600).toFixed(4)} h)`;
}

/** The function's line items (zero items left out, except requests). */
export function lambdaLineItems(u: LambdaUsage, opts: LambdaBillOptions): LineItem[] {
  const card = lambdaRateCard(opts.region);
  const source = `${card.source} (as of ${card.asOf})`;
  const tiers = card.durationTiers[u.arch];
  const zero = (): Acc => ({ quantity: new Dec(0), usd: new Dec(0) });
  const requests = zero();
  const tierAcc = tiers.map(zero);
  const pcDuration = zero();
  const storage = zero();
  const ephemeralGiB = new Dec(Math.max(0, u.ephemeralStorageMiB - LAMBDA_LIMITS.freeEphemeralMiB)).div(1024);
  let freeRequestsInAll = new Dec(0);
  let freeGbsInAll = new Dec(0);
  for (let from = 0; from < u.hours; from += HOURS_PER_MONTH) {
    const to = Math.min(u.hours, from + HOURS_PER_MONTH);
    // Whole requests and whole milliseconds per month: what a bill counts.
    const monthRequests = new Dec(Math.round(sumRange(u.requests, from, to)));
    const odMs = new Dec(Math.round(sumRange(u.onDemandMs, from, to)));
    const pcMs = new Dec(Math.round(sumRange(u.provisionedMs, from, to)));
    const { blockShare, freeRequests, freeGbs } = monthAllowance(u, opts.freeTier, card, from, to);
    freeRequestsInAll = freeRequestsInAll.plus(freeRequests);
    const billedRequests = Dec.max(0, monthRequests.minus(freeRequests));
    requests.quantity = requests.quantity.plus(billedRequests);
    requests.usd = requests.usd.plus(billedRequests.times(card.usdPerRequest));
    // The free tier covers on-demand duration only (not provisioned concurrency). It is still
    // taken off a function with provisioned concurrency: AWS's page once said it "does not apply to
    // functions that have Provisioned Concurrency enabled", but no copy of the current page read on
    // 2026-12-07 (https://aws.amazon.com/lambda/pricing/) confirmed it (docs/model.md, Lambda).
    const odGbs = gbSeconds(odMs, u.memoryMiB);
    freeGbsInAll = freeGbsInAll.plus(freeGbs);
    const billedGbs = Dec.max(0, odGbs.minus(freeGbs));
    // The duration tiers are monthly too: a partial block crosses them at its share of a month,
    // so a 1-hour run's "per month" is a month at that rate, tiers included.
    tiered(tiers, billedGbs, Dec.min(odGbs, freeGbs), Dec.min(1, blockShare)).forEach((q, k) => {
      tierAcc[k].quantity = tierAcc[k].quantity.plus(q);
      tierAcc[k].usd = tierAcc[k].usd.plus(q.times(tiers[k].usdPerGbSecond));
    });
    const pcGbs = gbSeconds(pcMs, u.memoryMiB);
    pcDuration.quantity = pcDuration.quantity.plus(pcGbs);
    pcDuration.usd = pcDuration.usd.plus(pcGbs.times(card.provisionedDurationUsdPerGbSecond[u.arch]));
    const storageGbs = ephemeralGiB.times(odMs.plus(pcMs)).div(1000);
    storage.quantity = storage.quantity.plus(storageGbs);
    storage.usd = storage.usd.plus(storageGbs.times(card.ephemeralUsdPerGbSecond));
  }
  const free = opts.freeTier ? freeTierText(card.freeTier.requestsPerMonth, freeRequestsInAll, '', u.horizonSeconds) : '';
  const items: LineItem[] = [item('lambda.requests', `Lambda requests${free}`, 'requests', requests, card.usdPerRequest, source)];
  const freeGb = opts.freeTier ? freeTierText(card.freeTier.gbSecondsPerMonth, freeGbsInAll, ' GB-s', u.horizonSeconds) : '';
  tierAcc.forEach((acc, k) => {
    if (k > 0 && acc.quantity.isZero()) return;
    const range = tiers[k].uptoGbSeconds === null ? `over ${(tiers[k - 1].uptoGbSeconds! / 1e9).toString()} bn GB-s a month` : `${k === 0 ? 0 : tiers[k - 1].uptoGbSeconds! / 1e9}–${tiers[k].uptoGbSeconds / 1e9} bn GB-s a month`;
    items.push(item(k === 0 ? 'lambda.duration' : `lambda.duration.tier${k + 1}`, `Lambda duration ${u.arch} ${u.memoryMiB} MB, on-demand (${range})${k === 0 ? freeGb : ''}`, 'GB-seconds', acc, tiers[k].usdPerGbSecond, source));
  });
  if (u.provisionedConcurrency > 0) {
    // Enabled for the whole run, rounded up to five minutes.
    const step = LAMBDA_LIMITS.provisionedGranularitySeconds;
    const seconds = Math.ceil(u.horizonSeconds / step) * step;
    const q = new Dec(u.provisionedConcurrency).times(seconds).times(u.memoryMiB).div(1024);
    const rate = card.provisionedUsdPerGbSecond[u.arch];
    items.push(item('lambda.provisioned-concurrency', `Lambda provisioned concurrency ${u.provisionedConcurrency} × ${u.memoryMiB} MB (${u.arch})`, 'GB-seconds', { quantity: q, usd: q.times(rate) }, rate, source));
    items.push(item('lambda.provisioned-duration', `Lambda duration on provisioned environments (${u.arch})`, 'GB-seconds', pcDuration, card.provisionedDurationUsdPerGbSecond[u.arch], source));
  }
  if (!ephemeralGiB.isZero()) items.push(item('lambda.ephemeral-storage', `Lambda ephemeral storage above 512 MB (${u.ephemeralStorageMiB} MB)`, 'GB-seconds', storage, card.ephemeralUsdPerGbSecond, source));
  return items;
}

/**
 * The function's line items by clock hour, exact: each hour pays what the month's running totals
 * (whole requests and milliseconds to the hour's end, as the month's bill rounds them) add in it,
 * after the month's free allowance, in the tier the month has reached. Provisioned concurrency is
 * due every second of the run; its rounding up to five minutes falls in the last hour.
 */
export function lambdaHourly(u: LambdaUsage, opts: LambdaBillOptions): HourlyDrivers {
  const card = lambdaRateCard(opts.region);
  const tiers = card.durationTiers[u.arch];
  const zeros = (): Dec[] => Array.from({ length: u.hours }, () => new Dec(0));
  const requests = zeros();
  const tierUsd = tiers.map(zeros);
  const pcDuration = zeros();
  const storage = zeros();
  const ephemeralGiB = new Dec(Math.max(0, u.ephemeralStorageMiB - LAMBDA_LIMITS.freeEphemeralMiB)).div(1024);
  for (let from = 0; from < u.hours; from += HOURS_PER_MONTH) {
    const to = Math.min(u.hours, from + HOURS_PER_MONTH);
    const { blockShare, freeRequests, freeGbs } = monthAllowance(u, opts.freeTier, card, from, to);
    // Running sums in the order `lambdaLineItems` sums the month, so the month's last hour ends on its figures.
    let req = 0;
    let od = 0;
    let pc = 0;
    let before = { requests: new Dec(0), tiers: tiers.map(() => new Dec(0)), pcGbs: new Dec(0), storageGbs: new Dec(0) };
    for (let h = from; h < to; h++) {
      req += u.requests[h];
      od += u.onDemandMs[h];
      pc += u.provisionedMs[h];
      const odMs = new Dec(Math.round(od));
      const pcMs = new Dec(Math.round(pc));
      const odGbs = gbSeconds(odMs, u.memoryMiB);
      const now = {
        requests: Dec.max(0, new Dec(Math.round(req)).minus(freeRequests)),
        tiers: tiered(tiers, Dec.max(0, odGbs.minus(freeGbs)), Dec.min(odGbs, freeGbs), Dec.min(1, blockShare)),
        pcGbs: gbSeconds(pcMs, u.memoryMiB),
        storageGbs: ephemeralGiB.times(odMs.plus(pcMs)).div(1000),
      };
      requests[h] = now.requests.minus(before.requests).times(card.usdPerRequest);
      now.tiers.forEach((q, k) => (tierUsd[k][h] = q.minus(before.tiers[k]).times(tiers[k].usdPerGbSecond)));
      pcDuration[h] = now.pcGbs.minus(before.pcGbs).times(card.provisionedDurationUsdPerGbSecond[u.arch]);
      storage[h] = now.storageGbs.minus(before.storageGbs).times(card.ephemeralUsdPerGbSecond);
      before = now;
    }
  }
  const drivers: HourlyDrivers = new Map();
  drivers.set('lambda.requests', { kind: 'usd', usd: requests });
  tierUsd.forEach((usd, k) => drivers.set(k === 0 ? 'lambda.duration' : `lambda.duration.tier${k + 1}`, { kind: 'usd', usd }));
  if (u.provisionedConcurrency > 0) {
    const step = LAMBDA_LIMITS.provisionedGranularitySeconds;
    const seconds = Math.ceil(u.horizonSeconds / step) * step;
    const clock = clockHours(u.horizonSeconds);
    const perSecond = new Dec(u.provisionedConcurrency).times(u.memoryMiB).div(1024).times(card.provisionedUsdPerGbSecond[u.arch]);
    const usd = Array.from({ length: u.hours }, (_, h) => perSecond.times(h === u.hours - 1 ? seconds - h * 3600 : secondsInHour(clock, h)));
    drivers.set('lambda.provisioned-concurrency', { kind: 'usd', usd });
    drivers.set('lambda.provisioned-duration', { kind: 'usd', usd: pcDuration });
  }
  drivers.set('lambda.ephemeral-storage', { kind: 'usd', usd: storage });
  return drivers;
}
