// Default discounts vs on-demand for Reserved Instances and Savings Plans. AWS publishes no
// single discount per term and payment (it varies by type and region), so every default here
// is an ASSUMPTION taken from the one real rate card in aws-facts; every one is overridable
// per spec (`effectiveUsdPerHour` on an RI, `discounts` on a plan).

import type { CommitmentTerm, OfferingClass, PaymentOption } from './types.js';

/**
 * Reserved Instance discounts: the one real rate card in aws-facts §2.4 (us-east-1 Linux
 * x2iedn.32xlarge, on-demand $26.676/h; discounts derived from its effective hourly rates).
 */
export const RI_DISCOUNT_SOURCE =
  'aws-facts §2.4: vantage-sh/ec2instances.info:next/utils/mocks/ec2_single_instance.json (commit 8e64e6e, 2026-07-20), ' +
  'us-east-1 Linux x2iedn.32xlarge rate card';

const RI_DISCOUNTS: Readonly<Record<CommitmentTerm, Record<OfferingClass, Record<PaymentOption, string>>>> = {
  '1y': {
    standard: { 'no-upfront': '0.385', 'partial-upfront': '0.414', 'all-upfront': '0.426' },
    convertible: { 'no-upfront': '0.261', 'partial-upfront': '0.296', 'all-upfront': '0.31' },
  },
  '3y': {
    standard: { 'no-upfront': '0.679', 'partial-upfront': '0.703', 'all-upfront': '0.721' },
    convertible: { 'no-upfront': '0.614', 'partial-upfront': '0.643', 'all-upfront': '0.65' },
  },
};

/**
 * Compute Savings Plan discount on Fargate. Observed: 22 % for a 1-yr no-upfront plan
 * (aws-facts §1.7, eu-west-1, vCPU and GB alike). The other terms/payments are scaled from it in
 * proportion to the convertible-RI discounts (22 % × convertible(term, payment) / 26.1 %), to
 * 4 decimals, and capped at AWS's published maximum "up to 50 %" on Fargate (aws-facts §1.7):
 *   1y partial 22 × 29.6/26.1 = 24.95 %; 1y all 22 × 31.0/26.1 = 26.13 %;
 *   3y no 22 × 61.4/26.1 = 51.75 % → 50 %; 3y partial 54.20 % → 50 %; 3y all 54.79 % → 50 %.
 */
const FARGATE_COMPUTE_SP_DISCOUNTS: Readonly<Record<CommitmentTerm, Record<PaymentOption, string>>> = {
  '1y': { 'no-upfront': '0.22', 'partial-upfront': '0.2495', 'all-upfront': '0.2613' },
  '3y': { 'no-upfront': '0.5', 'partial-upfront': '0.5', 'all-upfront': '0.5' },
};

export const FARGATE_SP_DISCOUNT_SOURCE =
  'aws-facts §1.7: 1-yr no-upfront Compute SP on Fargate observed at 22 % ' +
  '(https://repost.aws/questions/QUrIdHDv0dTEa6OsCwdAIJQA/aws-compute-savings-plan-commitment-calculation); ' +
  'other terms scaled by the convertible-RI ratios of §2.4, capped at the pricing page\'s "up to 50%"';

export function riDiscount(term: CommitmentTerm, offeringClass: OfferingClass, payment: PaymentOption): string {
  return RI_DISCOUNTS[term][offeringClass][payment];
}

export interface PlanDiscounts {
  /** Fraction off on-demand, decimal string. */
  ec2: string;
  /** null: the plan does not cover Fargate (EC2 Instance Savings Plans). */
  fargate: string | null;
  /** Where each default came from (or "scenario" when the spec gave it). */
  source: string;
}

/**
 * Savings Plan discounts. Assumptions: an EC2 Instance SP discounts like a standard RI of the
 * same term and payment (AWS: both "up to 72 %", aws-facts §2.5); a Compute SP discounts EC2
 * like a convertible RI of the same term and payment (AWS: Compute SP "up to 66 %", 3-yr
 * convertible RI on the §2.4 card 65 %), and Fargate as in FARGATE_COMPUTE_SP_DISCOUNTS.
 */
export function planDiscounts(
  type: 'compute' | 'ec2-instance',
  term: CommitmentTerm,
  payment: PaymentOption,
  given: { ec2?: number; fargate?: number } = {},
): PlanDiscounts {
  const defaultEc2 = riDiscount(term, type === 'compute' ? 'convertible' : 'standard', payment);
  const ec2 = given.ec2 !== undefined ? String(given.ec2) : defaultEc2;
  const parts = [
    given.ec2 !== undefined
      ? `EC2 discount ${percent(ec2)} from the scenario`
      : `EC2 discount ${percent(ec2)} assumed = ${term} ${type === 'compute' ? 'convertible' : 'standard'} RI ${payment} (${RI_DISCOUNT_SOURCE})`,
  ];
  if (type === 'ec2-instance') return { ec2, fargate: null, source: parts[0] };
  const fargate = given.fargate !== undefined ? String(given.fargate) : FARGATE_COMPUTE_SP_DISCOUNTS[term][payment];
  parts.push(given.fargate !== undefined ? `Fargate discount ${percent(fargate)} from the scenario` : `Fargate discount ${percent(fargate)} assumed (${FARGATE_SP_DISCOUNT_SOURCE})`);
  return { ec2, fargate, source: parts.join('; ') };
}

export function percent(fraction: string): string {
  return `${Number((Number(fraction) * 100).toPrecision(12))}%`;
}
