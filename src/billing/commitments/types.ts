// The shapes of the commitments engine (what a scenario commits to is domain/commitments.ts):
// what applying them to a run's hourly usage gives back, and a recommendation.

import type { LineItem } from '../../domain/result.js';
import type { HourlyDrivers } from '../hourly.js';
import type { CommitmentTerm, OfferingClass, PaymentOption, ReservedInstanceSpec, SavingsPlanSpec } from '../../domain/commitments.js';

export type { CommitmentTerm, OfferingClass, PaymentOption, ReservedInstanceSpec, SavingsPlanSpec } from '../../domain/commitments.js';

export interface CommitmentHourly {
  /** Normalised units used / bought per clock hour (a partial last hour: / its prorated capacity); 0 when no RI is held. */
  riUtilisation: Float64Array;
  /** Spend at Savings Plans rates / commitment per clock hour (AWS's metric; a partial last hour: / its prorated commitment); 0 without plans. */
  spUtilisation: Float64Array;
  /** Approximate $ per hour for charts (floats; the line items are the exact bill). */
  onDemandUsd: Float64Array;
  /** RI fees + plan commitments per hour, approximate $ (they are due whether used or not; a partial last hour prorated). */
  commitmentUsd: Float64Array;
}

export interface CommitmentResult {
  /** `ec2.on-demand.<type>` / `ec2.spot.<type>`, `ec2.ri-fee.<type>`, `sp.commitment.<plan>`, `fargate.vcpu`, `fargate.memory`. */
  lineItems: LineItem[];
  /** Sum of the exact line items, decimal string. */
  totalUsdExact: string;
  hourly: CommitmentHourly;
  /** How each of `lineItems` falls on the clock hours, exactly: the uncovered usage of each hour, the fees due in it. */
  drivers: HourlyDrivers;
  /** Share of the eligible usage's on-demand value that an RI or a plan covered, 0–1. */
  coveredShare: number;
  /** Over the run: RI units used / bought, plan spend / commitment (0 when none held). */
  riUtilisation: number;
  spUtilisation: number;
}

export interface RecommendOptions {
  term?: CommitmentTerm;
  payment?: PaymentOption;
  offeringClass?: OfferingClass;
  /** The same ledger already billed with no commitments (`applyCommitments(ledger, [], [])`), when the caller has it: saves billing it again. */
  withoutCommitments?: CommitmentResult;
}

export interface RecommendedReservedInstance {
  instanceType: string;
  count: number;
  /** RI fees over the run (count × hours × effective rate, a partial last hour prorated), rounded to the cent. */
  totalUsd: number;
  /** Effective RI rate / on-demand rate: an RI pays off when its instance runs more than this share of hours. */
  breakEvenUtilisation: number;
}

export interface Recommendation {
  /** One entry per on-demand EC2 instance type in the run, count 0 included. */
  reservedInstances: RecommendedReservedInstance[];
  savingsPlan: { type: 'compute'; commitmentUsdPerHour: string; totalUsd: number };
  /** The usage commitments can cover (EC2 on-demand and Fargate on-demand) billed without them, to the cent; Spot and other line items are not in it. */
  onDemandUsd: number;
  /** The run billed with the recommended commitments, to the cent. */
  totalUsd: number;
  savingsUsd: number;
  /** savingsUsd / onDemandUsd (0 when nothing was spent). */
  savingsShare: number;
  /** The recommendation as specs, ready for `applyCommitments` (count-0 RIs and a $0 plan left out). */
  commitments: { reservedInstances: ReservedInstanceSpec[]; savingsPlans: SavingsPlanSpec[] };
  note: string;
}
