// The replication confidence interval against a mean known in closed form: jobs arrive as a
// Poisson stream and each is billed a fixed amount, so the cost's mean is analytic. Over 100
// independent seeds the 95 % interval of `replications: 10` must cover it at least 90 times
// (the expected count is 95; fewer than 90 has probability about 3 % for a correct interval).

import { describe, expect, it } from 'vitest';
import { compare, parseScenario } from '../../src/index.js';

const scenario = parseScenario(`
name: poisson-jobs
seed: 1
replications: 10
region: us-east-1
horizon: 1h
tick: 1s
jobs:
  task: { cpu: 4 vCPU, memory: 8 GB }
  arrivals: { type: poisson, rate: 600 rph }
  duration: 30s
  lifecycle: { eniProvisioning: 0s, pullOverhead: 0s, imageSize: 1 MB, containerStart: 9.98s, stopTime: 0s }
alternatives:
  - name: fargate
    capacity: { type: fargate }
`);

// Fargate us-east-1 Linux/x86: 4 vCPU × $0.04048/h + 8 GB × $0.004445/h = $0.19748 per task-hour.
// A job is billed from the start of its image pull (on arrival: no ENI time, no throttle at 1 per 6 s)
// to its stop: pull 1 MB / 50 MB/s = 0.02 s + container start 9.98 s + 30 s run + 0 s stop = 40 s,
// so the one-minute minimum applies: 60 s. A job arriving in the last 40 s is still running at the
// horizon and is billed ceil(T − t) seconds, no minimum: E = λ ∫₀⁴⁰ ceil(u) du = λ (1 + 2 + … + 40) = 820 λ.
// λ = 600/3600 = 1/6 per s, T = 3600 s:
// E[task-seconds] = λ (60 (T − 40) + 820) = (213,600 + 820) / 6 = 35,736.667
// E[cost] = 35,736.667 × 0.19748 / 3600 = $1.960355
const ANALYTIC_MEAN_USD = ((60 * (3600 - 40) + 820) / 6) * (0.19748 / 3600);

describe('95 % CI coverage of a known mean', () => {
  it('covers the analytic mean cost in at least 90 of 100 seeds', () => {
    expect(ANALYTIC_MEAN_USD).toBeCloseTo(1.960355, 6);
    let covered = 0;
    let sumOfMeans = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const r = compare(scenario, { seed }).alternatives[0].replications!;
      expect(r.n).toBe(10);
      if (Math.abs(r.totalUsd.mean - ANALYTIC_MEAN_USD) <= r.totalUsd.ci95) covered++;
      sumOfMeans += r.totalUsd.mean;
    }
    expect(covered).toBeGreaterThanOrEqual(90);
    // The grand mean of 1000 runs: sd of one run ≈ √600 jobs × $0.003291 = $0.081, so of the grand mean ≈ $0.0026
    expect(Math.abs(sumOfMeans / 100 - ANALYTIC_MEAN_USD)).toBeLessThan(0.01);
  }, 60_000);
});
