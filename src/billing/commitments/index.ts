// Reserved Instances and Savings Plans over a run's hourly usage ledger: pure functions that
// re-bill the meters' usage clock hour by clock hour (aws-facts §2.4, §2.5, §1.7) and recommend
// the commitments that would have minimised it.

export * from './types.js';
export { applyCommitments, withCommitments } from './apply.js';
export { recommend } from './recommend.js';
export { planDiscounts, riDiscount, riDiscountWithSource, RI_DISCOUNT_SOURCE, FARGATE_SP_DISCOUNT_SOURCE, type PlanDiscounts } from './discounts.js';
export { MIN_COMMITMENT_USD_PER_HOUR } from './savings-plans.js';
