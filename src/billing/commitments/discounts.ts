// Default discounts vs on-demand for Reserved Instances and Savings Plans, by instance family,
// term and payment option: the catalog's commitment cards (catalog/commitments.ts), which derive
// each discount from a published effective hourly rate. A family without a card of its own uses
// the reference card, labelled an assumption. Every default is overridable per spec
// (`effectiveUsdPerHour` on an RI, `discounts` on a plan).

import { commitmentDiscount, FARGATE_COMPUTE_SP_DISCOUNTS, FARGATE_SP_DISCOUNT_SOURCE, type CommitmentKind } from '../../catalog/index.js';
import type { CommitmentTerm, OfferingClass, PaymentOption } from './types.js';

export { FARGATE_SP_DISCOUNT_SOURCE };

/** Where RI defaults come from (for messages; each RI's own source names its card). */
export const RI_DISCOUNT_SOURCE = 'the catalog\'s commitment cards by family (src/catalog/commitments.ts)';

/** The family an RI default is looked up for when none is known (a type outside the catalog with no dot). */
const UNKNOWN_FAMILY = '';

export function riDiscount(term: CommitmentTerm, offeringClass: OfferingClass, payment: PaymentOption, family: string = UNKNOWN_FAMILY): string {
  return riDiscountWithSource(term, offeringClass, payment, family).discount;
}

export function riDiscountWithSource(term: CommitmentTerm, offeringClass: OfferingClass, payment: PaymentOption, family: string): { discount: string; source: string } {
  const d = commitmentDiscount(offeringClass === 'standard' ? 'ri-standard' : 'ri-convertible', family, term, payment);
  return { discount: d.discount, source: d.source };
}

export interface PlanDiscounts {
  /** The scenario's EC2 discount for every family, or null: each family's own default (`ec2For`). */
  ec2: string | null;
  /** The discount on one family's EC2 usage, and where it came from. */
  ec2For(family: string): { discount: string; source: string };
  /** null: the plan does not cover Fargate (EC2 Instance Savings Plans). */
  fargate: string | null;
  /** Where the plan-wide defaults came from (Fargate; EC2 per family in `ec2For`). */
  source: string;
}

/**
 * Savings Plan discounts. EC2: the family's published Savings Plans rate (EC2 Instance or
 * Compute), as derived on its commitment card; Fargate (Compute plans): FARGATE_COMPUTE_SP_DISCOUNTS.
 */
export function planDiscounts(type: 'compute' | 'ec2-instance', term: CommitmentTerm, payment: PaymentOption, given: { ec2?: number; fargate?: number; families?: Record<string, number> } = {}): PlanDiscounts {
  const kind: CommitmentKind = type === 'compute' ? 'compute-sp' : 'ec2-instance-sp';
  const ec2 = given.ec2 !== undefined ? String(given.ec2) : null;
  const ec2For = (family: string) => {
    const own = given.families !== undefined && Object.hasOwn(given.families, family) ? given.families[family] : undefined;
    if (own !== undefined) return { discount: String(own), source: `EC2 discount on ${family} ${percent(String(own))} from the scenario` };
    if (ec2 !== null) return { discount: ec2, source: `EC2 discount ${percent(ec2)} from the scenario` };
    const d = commitmentDiscount(kind, family, term, payment);
    return { discount: d.discount, source: d.source };
  };
  const ec2Text = ec2 !== null ? `EC2 discount ${percent(ec2)} from the scenario` : `EC2 discounts per family from the catalog's commitment cards`;
  if (type === 'ec2-instance') return { ec2, ec2For, fargate: null, source: ec2Text };
  const fargate = given.fargate !== undefined ? String(given.fargate) : FARGATE_COMPUTE_SP_DISCOUNTS[term][payment];
  const fargateText = given.fargate !== undefined ? `Fargate discount ${percent(fargate)} from the scenario` : `Fargate discount ${percent(fargate)} assumed (${FARGATE_SP_DISCOUNT_SOURCE})`;
  return { ec2, ec2For, fargate, source: `${ec2Text}; ${fargateText}` };
}

export function percent(fraction: string): string {
  return `${Number((Number(fraction) * 100).toPrecision(12))}%`;
}
