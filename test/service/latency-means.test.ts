// The mean response time and mean queue wait a run reports, per minute and over the run, against
// Erlang C worked by hand.
//
// One warm task of 20 rps at concurrency 2: μ = 20 / 2 = 10 per second per worker (service time
// 0.1 s). 10 rps offered: a = λ/μ = 1, ρ = a/c = 0.5.
//   Erlang B by the recurrence: B₀ = 1, B₁ = 1·1/(1 + 1·1) = 0.5, B₂ = 1·0.5/(2 + 1·0.5) = 0.2.
//   Erlang C = B / (1 − ρ(1 − B)) = 0.2 / (1 − 0.5 · 0.8) = 0.2 / 0.6 = 1/3.
//   Wq = C / (cμ − λ) = (1/3) / (20 − 10) = 1/30 s = 33.333 ms.
//   W = Wq + 1/μ = 33.333 + 100 = 133.333 ms.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';
import { MmcMeanWait, mmcMeanWait } from '../../src/service/queueing.js';

function scenario(rps: number, horizon = '10m'): string {
  return `
name: latency-means
seed: 5
horizon: ${horizon}
tick: 1s
workload:
  rps: { type: constant, rps: ${rps} }
service:
  task: { cpu: 1 vCPU, memory: 2 GB }
  desiredCount: 1
  warmStart: true
  taskCapacity: 20 rps
  concurrency: 2
  queueLimit: 100
alternatives:
  - name: one-task
    capacity: { type: fargate }
`;
}

describe('mean response time and mean queue wait', () => {
  it('mmcMeanWait and its grid give Erlang C by hand: Wq = 1/30 s at c = 2, λ = 10, μ = 10', () => {
    expect(mmcMeanWait(2, 10, 10)).toBeCloseTo(1 / 30, 12);
    expect(Math.abs(new MmcMeanWait(2).at(10, 10) - 1 / 30) * 30).toBeLessThan(1e-4);
    // c = 1 is M/M/1: Wq = ρ / (μ − λ) = 0.5 / (10 − 5) = 0.1 s
    expect(mmcMeanWait(1, 5, 10)).toBeCloseTo(0.1, 12);
    expect(mmcMeanWait(2, 20, 10)).toBe(Infinity);
  });

  it('the grid stays within 1e-4 of the closed form up to ρ = 0.99', () => {
    for (const c of [1, 3, 8]) {
      const grid = new MmcMeanWait(c);
      for (const rho of [0.013, 0.25, 0.5003, 0.8, 0.95, 0.9871, 0.99]) {
        const exact = mmcMeanWait(c, rho * c * 7, 7);
        expect(Math.abs(grid.at(rho * c * 7, 7) - exact) / exact).toBeLessThan(1e-4);
      }
    }
  });

  it('a fluid run reports 133.333 ms mean response and 33.333 ms mean wait every minute and over the run', () => {
    const r = simulate(parseScenario(scenario(10)));
    expect(r.series.minutes).toBe(10);
    for (let m = 0; m < 10; m++) {
      expect(r.series.latencyMeanMs[m]).toBeCloseTo(133.333, 2);
      expect(r.series.queueWaitMeanMs[m]).toBeCloseTo(33.333, 2);
    }
    expect(r.slo.latencyMeanMs).toBeCloseTo(133.333, 2);
    expect(r.slo.queueWaitMeanMs).toBeCloseTo(33.333, 2);
  });

  it('overload: 30 rps on 20 rps with a line of 100 waits as M/M/2/102 says, just under the full line (5 s)', () => {
    const r = simulate(parseScenario(scenario(30)));
    // The line is full nearly all the time; the stationary M/M/c/K (c = 2, K = 2 + 100, a = λ/μ = 3,
    // ρ = 1.5) gives the admitted request's mean wait by Little's law: Wq = Lq / (λ (1 − p_K)),
    // Lq = Σ_{n > c} (n − c) p_n, p_n ∝ aⁿ/n! up to c, then × ρ per place.
    const c = 2;
    const k = 102;
    const p: number[] = [1];
    for (let n = 1; n <= k; n++) p.push(p[n - 1] * (n <= c ? 3 / n : 1.5));
    const z = p.reduce((a, b) => a + b, 0);
    const lq = p.reduce((sum, pn, n) => sum + (n > c ? (n - c) * pn : 0), 0) / z;
    const wq = lq / (30 * (1 - p[k] / z));
    // ≈ 4.9 s: about 98 requests ahead on average (a full line less ~1/(ρ − 1) = 2), at 20 a second.
    expect(wq).toBeGreaterThan(4.85);
    expect(wq).toBeLessThan(5);
    for (let m = 1; m < 10; m++) {
      expect(r.series.queueWaitMeanMs[m]).toBeCloseTo(1000 * wq, 0);
      expect(r.series.latencyMeanMs[m]).toBeCloseTo(1000 * (wq + 0.1), 0);
    }
  });

  it('no request served: means 0', () => {
    const r = simulate(parseScenario(scenario(0)));
    expect(r.slo.latencyMeanMs).toBe(0);
    expect(r.slo.queueWaitMeanMs).toBe(0);
  });
});
