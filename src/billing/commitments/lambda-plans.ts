// Compute Savings Plans on a Lambda function (aws-facts §2.5: Compute plans cover Lambda). Each
// clock hour, the hour's eligible on-demand value (duration, provisioned concurrency and its
// duration) is charged at the plan rate, on-demand × (1 − discount), against the commitment until
// it runs out; the rest stays on-demand. A partial last hour (the horizon cuts it) has its
// commitment prorated to its seconds in the run, as apply.ts does for EC2 and Fargate. The bill keeps the meters' on-demand line items and adds,
// as AWS's cost and usage report does, the commitment fee and a negative line for the on-demand
// value the plan covered. Choices: the covered value is priced at the first duration tier, and the
// free tier is not netted first (docs/model.md). Exact: decimal arithmetic throughout.

import { lambdaRateCard, type LambdaRateCard } from '../../catalog/index.js';
import type { LineItem } from '../../domain/result.js';
import type { CommitmentTerm, PaymentOption, SavingsPlanSpec } from '../../domain/commitments.js';
import type { HourlyDrivers } from '../hourly.js';
import { Dec, toCents } from '../money.js';
import { gbSeconds, type LambdaUsage } from '../lambda-bill.js';
import { clockHours, runSeconds, secondsInHour } from '../usage.js';
import { riDiscount } from './discounts.js';

/**
 * Compute Savings Plan discount on Lambda. AWS: "up to 17%" on duration and provisioned
 * concurrency; the 17 % is taken as the 3-yr all-upfront plan, and the other terms and payments
 * are scaled by the convertible-RI ratios (17 % × convertible(term, payment) ÷ 65 %), to 4
 * decimals: an ASSUMPTION, overridable with `discounts.lambda`.
 */
export function lambdaPlanDiscount(term: CommitmentTerm, payment: PaymentOption): string {
  const ratio = Number(riDiscount(term, 'convertible', payment)) / Number(riDiscount('3y', 'convertible', 'all-upfront'));
  return (Math.round(0.17 * ratio * 10_000) / 10_000).toString();
}

export const LAMBDA_SP_DISCOUNT_SOURCE =
  'https://cloudchipr.com/blog/aws-lambda-pricing ("Compute Savings Plans … up to 17% savings on duration and Provisioned Concurrency", from the Lambda pricing page); ' +
  'terms other than 3-yr all-upfront scaled by the convertible-RI ratios of aws-facts §2.4 (an assumption)';

export interface LambdaPlanResult {
  lineItems: LineItem[];
  /** The line items by clock hour: each plan's commitment for the hour's seconds, the value it covered in the hour. */
  drivers: HourlyDrivers;
  coveredShare: number;
  spUtilisation: number;
}

/** Eligible on-demand value of each clock hour, exact. */
function hourlyValue(u: LambdaUsage, card: LambdaRateCard): Dec[] {
  const tier1 = card.durationTiers[u.arch][0].usdPerGbSecond;
  const pcRate = card.provisionedUsdPerGbSecond[u.arch];
  const pcDuration = card.provisionedDurationUsdPerGbSecond[u.arch];
  const out: Dec[] = [];
  for (let h = 0; h < u.hours; h++) {
    const seconds = Math.min(3600, u.horizonSeconds - h * 3600);
    const pcGbs = new Dec(u.provisionedConcurrency).times(seconds).times(u.memoryMiB).div(1024);
    out.push(
      gbSeconds(new Dec(Math.round(u.onDemandMs[h])), u.memoryMiB)
        .times(tier1)
        .plus(gbSeconds(new Dec(Math.round(u.provisionedMs[h])), u.memoryMiB).times(pcDuration))
        .plus(pcGbs.times(pcRate)),
    );
  }
  return out;
}

export function applyLambdaSavingsPlans(u: LambdaUsage, plans: readonly SavingsPlanSpec[], region: string): LambdaPlanResult {
  const compute = plans.filter((p) => p.type === 'compute');
  if (compute.length === 0) return { lineItems: [], drivers: new Map(), coveredShare: 0, spUtilisation: 0 };
  const card = lambdaRateCard(region);
  const values = hourlyValue(u, card);
  const resolved = compute.map((p) => {
    const off = p.discounts?.lambda !== undefined ? String(p.discounts.lambda) : lambdaPlanDiscount(p.term, p.payment);
    return { spec: p, commitment: new Dec(p.commitmentUsdPerHour), keep: new Dec(1).minus(off), off };
  });
  // The usage's clock hours are the horizon's; the last one holds lastHourSeconds of the run.
  const { lastHourSeconds } = clockHours(u.horizonSeconds);
  const prorated = lastHourSeconds !== 3600;
  const lastShare = new Dec(lastHourSeconds).div(3600);
  let covered = new Dec(0);
  let spend = new Dec(0);
  let total = new Dec(0);
  const coveredByHour: Dec[] = values.map(() => new Dec(0));
  for (let h = 0; h < values.length; h++) {
    const value = values[h];
    total = total.plus(value);
    let left = value;
    for (const plan of resolved) {
      if (left.isZero()) break;
      // The plan pays value × keep until the hour's commitment is spent.
      const commitment = prorated && h === values.length - 1 ? plan.commitment.times(lastShare) : plan.commitment;
      const coverable = commitment.div(plan.keep);
      const c = Dec.min(left, coverable);
      covered = covered.plus(c);
      coveredByHour[h] = coveredByHour[h].plus(c);
      spend = spend.plus(c.times(plan.keep));
      left = left.minus(c);
    }
  }
  // Due every clock hour of the run, the last, partial one for its seconds in it.
  const seconds = runSeconds({ hours: u.hours, lastHourSeconds });
  const commitmentTotal = resolved.reduce((s, p) => s.plus(p.commitment.times(seconds).div(3600)), new Dec(0));
  const items: LineItem[] = resolved.map((p, i) => {
    const usd = p.commitment.times(seconds).div(3600);
    return {
      id: `sp.commitment.compute${resolved.length > 1 ? `.${i + 1}` : ''}`,
      description: `Compute Savings Plan, $${p.commitment.toFixed()}/h (${p.spec.term} ${p.spec.payment}${prorated ? `, last hour prorated: ${lastHourSeconds} of 3600 s` : ''}), ${Number(p.off) * 100}% off Lambda`,
      quantity: new Dec(seconds).div(3600).toDecimalPlaces(6).toFixed(),
      unit: 'hours',
      usdPerUnit: p.commitment.toFixed(),
      usdExact: usd.toFixed(),
      usd: toCents(usd),
      source:
        `${LAMBDA_SP_DISCOUNT_SOURCE}${p.spec.discounts?.lambda !== undefined ? ' (discount given by the scenario)' : ''}` +
        (prorated ? `; the run's last clock hour is partial, so the commitment is prorated to its ${lastHourSeconds} s in the run, as the usage in it is cut at the horizon (docs/model.md, Horizon)` : ''),
    };
  });
  const clock = { hours: u.hours, lastHourSeconds };
  const drivers: HourlyDrivers = new Map(
    resolved.map((p, i) => [items[i].id, { kind: 'usd', usd: Array.from({ length: u.hours }, (_, h) => p.commitment.times(secondsInHour(clock, h)).div(3600)) }]),
  );
  drivers.set('lambda.sp-covered', { kind: 'usd', usd: coveredByHour.map((c) => c.negated()) });
  const negation = covered.negated();
  items.push({
    id: 'lambda.sp-covered',
    description: 'Lambda usage covered by the Savings Plan (its on-demand value, taken off)',
    quantity: covered.toDecimalPlaces(6).toFixed(),
    unit: 'USD of on-demand usage',
    usdPerUnit: '-1',
    usdExact: negation.toFixed(),
    usd: toCents(negation),
    source: `${card.source} (as of ${card.asOf})`,
  });
  return {
    lineItems: items,
    drivers,
    coveredShare: total.isZero() ? 0 : covered.div(total).toNumber(),
    spUtilisation: commitmentTotal.isZero() ? 0 : spend.div(commitmentTotal).toNumber(),
  };
}
