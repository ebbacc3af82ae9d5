// queueing.ts against cases small enough to work by hand.
import { describe, expect, it } from 'vitest';
import { erlangC, MmcQuantiles, mmcMeanResponse, mmcResponseQuantile, mmcResponseSurvival } from '../../src/service/queueing.js';

describe('erlangC', () => {
  it('c = 1: an arrival waits exactly when the server is busy, so C = ρ', () => {
    for (const rho of [0.1, 0.5, 0.8, 0.99]) expect(erlangC(1, rho)).toBeCloseTo(rho, 14);
  });

  it('c = 2, a = 1 (ρ = 0.5): C = (a²/2!)(2/(2−a)) / (1 + a + (a²/2!)(2/(2−a))) = 1 / (1 + 1 + 1) = 1/3', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
  });

  it('c = 2, a = 1.5 (ρ = 0.75): the sum collapses to 2ρ²/(1 + ρ) = 1.125/1.75 = 9/14', () => {
    // (2.25/2)(2/0.5) = 4.5; 4.5 / (1 + 1.5 + 4.5) = 4.5/7 = 9/14.
    expect(erlangC(2, 1.5)).toBeCloseTo(9 / 14, 14);
  });

  it('c = 5, a = 4 (the validation case): C = (128/3) / (103/3 + 128/3) = 128/231 = 0.554113', () => {
    // Σₖ<5 4ᵏ/k! = 1 + 4 + 8 + 32/3 + 32/3 = 103/3; (4⁵/5!)·5/(5−4) = 128/3; C = 128/231.
    expect(erlangC(5, 4)).toBeCloseTo(128 / 231, 14);
  });

  it('no load never waits; a = c or more always waits', () => {
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(3, 5)).toBe(1);
  });
});

describe('M/M/c response time', () => {
  it('M/M/1: T ~ Exp(μ − λ), so the mean is 1/(μ − λ) and P(T > t) = e^{−(μ−λ)t}', () => {
    const lambda = 7;
    const mu = 10;
    expect(mmcMeanResponse(1, lambda, mu)).toBeCloseTo(1 / 3, 14);
    for (const t of [0, 0.1, 0.5, 2]) expect(mmcResponseSurvival(1, lambda, mu, t)).toBeCloseTo(Math.exp(-3 * t), 12);
  });

  it('M/M/1 quantile = −ln(1 − q)/(μ − λ)', () => {
    for (const [lambda, mu] of [
      [7, 10],
      [1, 2],
      [0.5, 10],
    ]) {
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = -Math.log(1 - q) / (mu - lambda);
        expect(Math.abs(mmcResponseQuantile(1, lambda, mu, q) - exact) / exact).toBeLessThan(1e-6);
      }
    }
  });

  it('M/M/c mean = C/(cμ − λ) + 1/μ: c = 2, λ = 1, μ = 1 gives (1/3)/1 + 1 = 4/3', () => {
    expect(mmcMeanResponse(2, 1, 1)).toBeCloseTo(4 / 3, 14);
  });

  it('the quantile inverts the survival function, including the θ = μ case (c = 2, λ = μ)', () => {
    for (const [c, lambda, mu] of [
      [5, 40, 10],
      [2, 1, 1], // θ = cμ − λ = μ: the (1 + μt)e^{−μt} branch
      [3, 0.3, 1],
    ]) {
      for (const q of [0.5, 0.95, 0.99]) {
        const t = mmcResponseQuantile(c, lambda, mu, q);
        expect(mmcResponseSurvival(c, lambda, mu, t)).toBeCloseTo(1 - q, 6);
      }
    }
  });

  it('unstable queues have no stationary response time', () => {
    expect(mmcMeanResponse(2, 20, 10)).toBe(Infinity);
    expect(mmcResponseQuantile(2, 25, 10, 0.5)).toBe(Infinity);
  });
});

describe('MmcQuantiles (the fluid model’s memoised grid)', () => {
  it('is within 1e-4 (relative) of the bisection for ρ ≤ 0.99, on and off the grid', () => {
    for (const c of [1, 3, 5, 20]) {
      for (const q of [0.5, 0.95, 0.99]) {
        const grid = new MmcQuantiles(c, q);
        for (const rho of [0.01, 0.123456, 0.5, 0.8, 0.876543, 0.95, 0.98765, 0.99]) {
          const mu = 7.3;
          const exact = mmcResponseQuantile(c, rho * c * mu, mu, q);
          expect(Math.abs(grid.at(rho * c * mu, mu) - exact) / exact).toBeLessThan(1e-4);
        }
      }
    }
  });
});
