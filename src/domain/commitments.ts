// What a scenario commits to: Reserved Instances and Savings Plans, as AWS sells them (aws-facts
// §2.4, §2.5). Applying them to a run's usage is billing's job (billing/commitments).

export type CommitmentTerm = '1y' | '3y';
export type PaymentOption = 'no-upfront' | 'partial-upfront' | 'all-upfront';
export type OfferingClass = 'standard' | 'convertible';

export interface ReservedInstanceSpec {
  instanceType: string;
  count: number;
  term: CommitmentTerm;
  payment: PaymentOption;
  offeringClass: OfferingClass;
  /** Effective hourly $ per RI (upfront amortised + hourly); default from the discount table (discounts.ts). */
  effectiveUsdPerHour?: string;
  /**
   * The platform the RI is bought for; it covers usage of that platform only (default: Linux;
   * a scenario's RIs default to the alternative's OS). A Windows RI's fee carries the licence.
   */
  platform?: 'linux' | 'windows';
  /** Regional Linux RIs are size-flexible within their family (aws-facts §2.4); default true on Linux, and never on Windows. */
  sizeFlexible?: boolean;
}

export interface SavingsPlanSpec {
  type: 'compute' | 'ec2-instance';
  /** Instance family the plan is bought for; required for (and only for) `ec2-instance`. */
  family?: string;
  commitmentUsdPerHour: string;
  term: CommitmentTerm;
  payment: PaymentOption;
  /** Discount vs on-demand per usage kind, as a fraction (0.3 = 30 %); defaults in discounts.ts. */
  discounts?: { ec2?: number; fargate?: number; lambda?: number; families?: Record<string, number> };
}
