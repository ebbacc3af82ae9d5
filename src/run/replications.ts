// Replications: the same alternative on N seeds (replication 0 is the scenario's own seed, so
// the detailed result is unchanged), summarised as mean and a 95 % confidence interval
// (Student's t). Replication k uses the seed "<seed>/rep<k>" for every alternative, so
// alternatives still share each replication's demand and Spot draws (common random numbers).

import { totalOf } from '../billing/money.js';
import type { AlternativeResult, Estimate, PairedComparison, ReplicationSample, ReplicationStats } from '../domain/result.js';

/** AWS's monthly convention, as a run's own per-month figure (assemble.ts). */
const HOURS_PER_MONTH = 730;

// Two-sided 95 % Student t quantiles for 1..30 degrees of freedom; 1.96 beyond.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(degreesOfFreedom: number): number {
  return degreesOfFreedom <= 30 ? T975[degreesOfFreedom - 1] : 1.96;
}

export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { mean: round(mean), ci95: n > 1 ? round(tQuantile975(n - 1) * Math.sqrt(variance / n)) : 0, min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

export function replicationSeed(seed: number, k: number): number | string {
  return k === 0 ? seed : `${seed}/rep${k}`;
}

/** The figures of one replication that its summary needs; costs from the unrounded total (the line items' exact sum). */
export function sampleOf(r: AlternativeResult): ReplicationSample {
  const totalUsd = totalOf(r.cost.lineItems).toNumber();
  const completed = r.jobs?.completed ?? 0;
  return {
    totalUsd,
    minutesOverShare: r.slo.minutesOverShare,
    droppedShare: r.slo.droppedShare,
    interruptions: r.eventCounts.interruption ?? 0,
    minutesOver: r.slo.minutesOver,
    dropped: r.requests.dropped,
    latencyP95Ms: r.slo.latencyP95Ms,
    sloMet: r.slo.met,
    usdPerMillionRequests: r.requests.served > 0 ? (totalUsd / r.requests.served) * 1e6 : null,
    usdPerJob: completed > 0 ? totalUsd / completed : null,
    jobWaitP95Seconds: r.jobs && Number.isFinite(r.jobs.waitP95Seconds) ? r.jobs.waitP95Seconds : null,
  };
}

/** The estimate over the replications that have the figure; null when none has it. */
function estimateOfSome(values: readonly (number | null | undefined)[]): Estimate | null {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length > 0 ? estimate(present) : null;
}

/**
 * Mean and 95 % CI of each figure over the replications. The cost rates are each replication's
 * total over the horizon (`horizonSeconds`), so their means are the mean total's, scaled.
 */
export function summariseReplications(runs: readonly ReplicationSample[], horizonSeconds: number): ReplicationStats {
  const hours = horizonSeconds / 3600;
  return {
    n: runs.length,
    totalUsd: estimate(runs.map((r) => r.totalUsd)),
    usdPerHour: estimate(runs.map((r) => r.totalUsd / hours)),
    usdPerMonth: estimate(runs.map((r) => (r.totalUsd / hours) * HOURS_PER_MONTH)),
    usdPerMillionRequests: estimateOfSome(runs.map((r) => r.usdPerMillionRequests)),
    usdPerJob: estimateOfSome(runs.map((r) => r.usdPerJob)),
    jobWaitP95Seconds: estimateOfSome(runs.map((r) => r.jobWaitP95Seconds)),
    minutesOverShare: estimate(runs.map((r) => r.minutesOverShare)),
    droppedShare: estimate(runs.map((r) => r.droppedShare)),
    interruptions: estimate(runs.map((r) => r.interruptions)),
    minutesOver: estimate(runs.map((r) => r.minutesOver)),
    dropped: estimate(runs.map((r) => r.dropped)),
    latencyP95Ms: estimate(runs.map((r) => r.latencyP95Ms)),
    sloMetShare: runs.filter((r) => r.sloMet).length / runs.length,
    samples: [...runs],
  };
}

/**
 * Paired differences under common random numbers: replication k of every alternative ran on the
 * same seed, so alternative − baseline is taken replication by replication and its mean gets a
 * t-interval on the n differences (far narrower than two independent intervals when the
 * alternatives move together with the shared demand). `samples[i][k]` is alternative i's
 * replication k.
 */
export function pairedDifferences(names: readonly string[], samples: readonly (readonly ReplicationSample[])[], baseline: string): PairedComparison {
  const b = names.indexOf(baseline);
  if (b < 0) throw new Error(`pairedDifferences: no alternative named "${baseline}"`);
  const base = samples[b];
  const diff = (i: number, f: (s: ReplicationSample) => number) => samples[i].map((s, k) => f(s) - f(base[k]));
  const differences = names.flatMap((alternative, i) =>
    i === b
      ? []
      : [
          {
            alternative,
            n: samples[i].length,
            totalUsd: estimate(diff(i, (s) => s.totalUsd)),
            minutesOverShare: estimate(diff(i, (s) => s.minutesOverShare)),
            dropped: estimate(diff(i, (s) => s.dropped)),
          },
        ],
  );
  return { baseline, differences };
}
