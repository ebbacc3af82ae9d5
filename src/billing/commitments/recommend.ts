// Recommends the RIs per instance type and the Compute Savings Plan commitment that minimise a
// run's bill, and prices the choice as the exact bill without commitments less the saving the
// float search found (the recommendation is shown to the cent). The search runs in floats:
// for fixed RIs the cost of a commitment C is convex and piecewise linear (each hour: C plus the
// usage the plan leaves on-demand, highest discount covered first), so its minimum sits where
// the slope H − Σ_h 1/(1 − d) over the hours the plan does not yet cover turns non-negative;
// a sweep over the sorted breakpoints finds it exactly. RI counts are searched per type over
// 0 … the type's peak instances per hour, type by type until no count changes. A partial last
// hour is prorated as `applyCommitments` bills it: its fees, commitment and RI capacity are its
// share s of an hour, so it weighs s in H (and the plan covers s × C of it).
// One simulated run stands for a 1- or 3-year term: the note says so.

import { Dec, toCents, totalOf } from '../money.js';
import { runSeconds, secondsInHour, type UsageLedger } from '../usage.js';
import { applyCommitments } from './apply.js';
import { percent } from './discounts.js';
import { applyRiHour, resolveReservedInstance, riPools, type ResolvedReservedInstance } from './reserved-instances.js';
import { MIN_COMMITMENT_USD_PER_HOUR, resolveSavingsPlan, type ResolvedSavingsPlan } from './savings-plans.js';
import type { Recommendation, RecommendOptions, ReservedInstanceSpec, SavingsPlanSpec } from './types.js';
import { usageLines, type UsageLine } from './usage-lines.js';

/** Above this many candidate counts per type, search the convex cost by bisection instead. */
const ENUMERATE_UP_TO = 64;
const MAX_PASSES = 20;

interface Candidate {
  reserved: ResolvedReservedInstance;
  effectiveUsdPerHour: number;
  peak: number;
}

/** Cost of the eligible usage in floats for given RI counts, with the best commitment. */
class Evaluator {
  private readonly residual: Float64Array;
  private readonly spCost: Float64Array;
  private readonly weight: Float64Array;
  private readonly hours: number;
  /** Seconds of the run in each clock hour, and as a share of an hour (1 but in a partial last hour). */
  private readonly seconds: Float64Array;
  private readonly share: Float64Array;
  /** Σ share: the hours the fees and the commitment are due for. */
  private readonly billedHours: number;

  constructor(
    private readonly lines: readonly UsageLine[],
    ledger: UsageLedger,
    private readonly plan: ResolvedSavingsPlan,
  ) {
    this.hours = ledger.hours;
    this.seconds = new Float64Array(this.hours);
    this.share = new Float64Array(this.hours);
    for (let h = 0; h < this.hours; h++) {
      this.seconds[h] = secondsInHour(ledger, h);
      this.share[h] = this.seconds[h] / 3600;
    }
    this.billedHours = runSeconds(ledger) / 3600;
    this.residual = new Float64Array(lines.length);
    const k = plan.order.length;
    this.spCost = new Float64Array(this.hours * k);
    // On-demand $ left uncovered per $ of commitment short, 1 / (1 − discount).
    this.weight = new Float64Array(k);
    plan.order.forEach((c, j) => (this.weight[j] = lines[c.line].usdPerTickFloat / c.spUsdPerTickFloat));
  }

  cost(candidates: readonly Candidate[], counts: readonly number[]): { usd: number; commitment: number } {
    const reserved = candidates.map((c, k) => ({ ...c.reserved, spec: { ...c.reserved.spec, count: counts[k] } }));
    const pools = riPools(this.lines, reserved);
    const fees = candidates.reduce((sum, c, k) => sum + counts[k] * c.effectiveUsdPerHour, 0) * this.billedHours;
    const order = this.plan.order;
    const k = order.length;
    for (let h = 0; h < this.hours; h++) {
      for (let i = 0; i < this.lines.length; i++) this.residual[i] = this.lines[i].perHour[h];
      applyRiHour(pools, this.residual, null, this.seconds[h]);
      for (let j = 0; j < k; j++) this.spCost[h * k + j] = this.residual[order[j].line] * order[j].spUsdPerTickFloat;
    }
    const best = this.bestCommitment();
    return { usd: fees + best.usd, commitment: best.commitment };
  }

  /** H × C + the on-demand $ the plan leaves uncovered, for the counts of the last `cost` call. */
  planCost(commitment: number): number {
    const k = this.plan.order.length;
    let usd = this.billedHours * commitment;
    for (let h = 0; h < this.hours; h++) {
      let left = commitment * this.share[h];
      for (let j = 0; j < k; j++) {
        const c = this.spCost[h * k + j];
        if (c <= left) left -= c;
        else {
          usd += (c - left) * this.weight[j];
          left = 0;
        }
      }
    }
    return usd;
  }

  private bestCommitment(): { usd: number; commitment: number } {
    const k = this.plan.order.length;
    const positions: number[] = [];
    const deltas: number[] = [];
    let covering = 0;
    for (let h = 0; h < this.hours; h++) {
      // The hour's commitment is share × C: its items are covered up to C = cumulative / share,
      // and the hour weighs share in the slope.
      const share = this.share[h];
      let cumulative = 0;
      let current = 0;
      for (let j = 0; j < k; j++) {
        const c = this.spCost[h * k + j];
        if (c <= 0) continue;
        if (cumulative === 0) covering += share * this.weight[j];
        else deltas[deltas.length - 1] += share * this.weight[j];
        cumulative += c;
        current = share * this.weight[j];
        positions.push(cumulative / share);
        deltas.push(-current);
      }
    }
    // Slope of the cost in C: Σ shares (the hours) − Σ share × weight of the items being covered at C.
    let optimum = 0;
    if (this.billedHours - covering < 0) {
      const byPosition = positions.map((_, e) => e).sort((a, b) => positions[a] - positions[b]);
      for (const e of byPosition) {
        covering += deltas[e];
        if (this.billedHours - covering >= 0) {
          optimum = positions[e];
          break;
        }
      }
    }
    // AWS sells commitments in steps of $0.001/h: take the cheaper neighbour.
    const step = Number(MIN_COMMITMENT_USD_PER_HOUR);
    const lower = Math.floor(optimum / step + 1e-9) * step;
    let best = { usd: this.planCost(0), commitment: 0 };
    for (const c of [lower, lower + step]) {
      if (c < step) continue;
      const usd = this.planCost(c);
      if (usd < best.usd * (1 - 1e-12)) best = { usd, commitment: c };
    }
    return best;
  }
}

/** Index of the cheapest count in 0 … peak (fewest RIs on a tie). */
function cheapestCount(peak: number, cost: (n: number) => number): number {
  const better = (a: number, b: number) => a < b - 1e-9 * Math.max(1, Math.abs(b));
  if (peak <= ENUMERATE_UP_TO) {
    let best = 0;
    let bestCost = cost(0);
    for (let n = 1; n <= peak; n++) {
      const c = cost(n);
      if (better(c, bestCost)) {
        best = n;
        bestCost = c;
      }
    }
    return best;
  }
  // The cost is convex in the count (coverage is concave in capacity): bisect on its slope.
  let lo = 0;
  let hi = peak;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (better(cost(mid + 1), cost(mid))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Most instances of the line at once in an hour: its ticks over the hour's seconds in the run. */
function peakInstances(line: UsageLine, ledger: UsageLedger): number {
  let max = 0;
  for (let h = 0; h < line.perHour.length; h++) max = Math.max(max, line.perHour[h] / line.denominator / secondsInHour(ledger, h));
  return Math.ceil(max - 1e-9);
}

export function recommend(ledger: UsageLedger, opts: RecommendOptions = {}): Recommendation {
  const term = opts.term ?? '1y';
  const payment = opts.payment ?? 'no-upfront';
  const offeringClass = opts.offeringClass ?? 'standard';
  const hours = ledger.hours;
  const seconds = runSeconds(ledger);
  const lines = usageLines(ledger);
  const candidates: Candidate[] = lines.flatMap((line) => {
    if (line.kind !== 'ec2' || line.instanceType === null) return [];
    const spec: ReservedInstanceSpec = { instanceType: line.instanceType, count: 1, term, payment, offeringClass, platform: line.os, sizeFlexible: line.os === 'linux' && line.normalizationFactor !== null };
    const reserved = resolveReservedInstance(ledger, spec);
    return [{ reserved, effectiveUsdPerHour: Number(reserved.effectiveUsdPerHour), peak: peakInstances(line, ledger) }];
  });
  const planSpec: SavingsPlanSpec = { type: 'compute', commitmentUsdPerHour: '1', term, payment };
  const plan = resolveSavingsPlan(lines, planSpec);
  const evaluator = new Evaluator(lines, ledger, plan);

  const counts = candidates.map(() => 0);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    candidates.forEach((c, k) => {
      const n = cheapestCount(c.peak, (count) => evaluator.cost(candidates, counts.map((v, j) => (j === k ? count : v))).usd);
      if (n !== counts[k]) changed = true;
      counts[k] = n;
    });
    if (!changed) break;
  }
  // The eligible usage on demand (no RIs, no plan), then the choice, both in the search's floats.
  evaluator.cost(candidates, candidates.map(() => 0));
  const eligibleOnDemandUsd = evaluator.planCost(0);
  const chosen = evaluator.cost(candidates, counts);
  const commitment = chosen.commitment;

  const riSpecs: ReservedInstanceSpec[] = candidates.flatMap((c, k) => (counts[k] > 0 ? [{ ...c.reserved.spec, count: counts[k] }] : []));
  const commitmentUsdPerHour = new Dec(commitment).toDecimalPlaces(3).toFixed();
  const planSpecs: SavingsPlanSpec[] = commitment > 0 ? [{ ...planSpec, commitmentUsdPerHour }] : [];
  const baseline = totalOf((opts.withoutCommitments ?? applyCommitments(ledger, [], [])).lineItems);
  // The recommended bill is the baseline less what the commitments save on the eligible usage.
  // The saving is the float search's (relative error ~1e-12, shown to the cent), not a second
  // exact pass of applyCommitments over every hour: that pass cost ~10 % of a one-year run.
  const savedUsd = eligibleOnDemandUsd - chosen.usd;
  let total = baseline.minus(savedUsd > 0 ? savedUsd : 0);
  if (!(savedUsd > 1e-9 * Math.max(1, eligibleOnDemandUsd))) {
    // Nothing to save beyond rounding noise: never recommend a loss.
    riSpecs.length = 0;
    planSpecs.length = 0;
    total = baseline;
  }
  const held = new Map(riSpecs.map((s) => [s.instanceType, s.count]));
  const reservedInstances = candidates.map((c) => {
    const count = held.get(c.reserved.spec.instanceType) ?? 0;
    return {
      instanceType: c.reserved.spec.instanceType,
      count,
      totalUsd: toCents(new Dec(c.reserved.effectiveUsdPerHour).times(count * seconds).div(3600)),
      breakEvenUtilisation: new Dec(c.reserved.effectiveUsdPerHour).div(c.reserved.onDemandUsdPerHour!).toNumber(),
    };
  });
  const bought = planSpecs[0];
  const savings = baseline.minus(total);
  return {
    reservedInstances,
    savingsPlan: { type: 'compute', commitmentUsdPerHour: bought ? bought.commitmentUsdPerHour : '0', totalUsd: bought ? toCents(new Dec(bought.commitmentUsdPerHour).times(seconds).div(3600)) : 0 },
    onDemandUsd: toCents(baseline),
    totalUsd: toCents(total),
    savingsUsd: toCents(savings),
    savingsShare: baseline.isZero() ? 0 : savings.div(baseline).toNumber(),
    commitments: { reservedInstances: riSpecs, savingsPlans: planSpecs },
    note:
      `Sized on this run's ${hours} clock hours${ledger.lastHourSeconds === 3600 ? '' : ` (the last one partial, ${ledger.lastHourSeconds} s, prorated)`} as if every hour of the ${term} term looked like them; ` +
      `RIs ${term} ${offeringClass} ${payment}, a Compute Savings Plan ${term} ${payment} ` +
      `(${plan.familyDiscounts.length > 0 ? `EC2 ${plan.familyDiscounts.map(([f, d]) => `${f} ${percent(d)}`).join(', ')}` : 'no EC2'}, Fargate ${percent(plan.discounts.fargate ?? '0')} off; per-family defaults, see line-item sources). ` +
      `An RI pays off when its instance runs more than its break-even share of hours. Spot is never covered.`,
  };
}
