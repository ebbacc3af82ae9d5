// The kernel against queueing theory: an M/M/c queue built here on Simulation (independently
// of the bench's model) must give a mean wait whose 95% CI contains Erlang C's Wq.
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/rng.js';
import { Simulation, type EventHandler } from '../../src/engine/simulation.js';

/** Erlang C from the textbook sum: P(wait) = (aᶜ/c!)(c/(c−a)) / (Σₖ<c aᵏ/k! + (aᶜ/c!)(c/(c−a))). */
function erlangCTextbook(c: number, a: number): number {
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

function meanWait(seed: number, customers: number, c: number, lambda: number, mu: number): number {
  const streams = new RngStreams(seed);
  const arrivals = streams.stream('arrivals');
  const services = streams.stream('service');
  const exp = (rate: number, u: number) => -Math.log(1 - u) / rate;
  const sim = new Simulation();
  const line: number[] = [];
  let busy = 0;
  let arrived = 0;
  let totalWait = 0;
  const depart: EventHandler = (s) => {
    const arrivedAt = line.shift();
    if (arrivedAt === undefined) {
      busy--;
      return;
    }
    totalWait += s.now - arrivedAt;
    s.schedule(exp(mu, services.next()), depart);
  };
  const arrive: EventHandler = (s) => {
    arrived++;
    if (busy < c) {
      busy++;
      s.schedule(exp(mu, services.next()), depart);
    } else {
      line.push(s.now);
    }
    if (arrived < customers) s.schedule(exp(lambda, arrivals.next()), arrive);
  };
  sim.schedule(exp(lambda, arrivals.next()), arrive);
  sim.run(Infinity);
  expect(sim.eventsProcessed).toBe(2 * customers);
  return totalWait / customers;
}

describe('M/M/c on the kernel', () => {
  it('c = 10, λ = 8/s, μ = 1/s: mean wait CI over 8 seeds × 100k customers contains Erlang C Wq', () => {
    const c = 10;
    const lambda = 8;
    const mu = 1;
    const wq = erlangCTextbook(c, lambda / mu) / (c * mu - lambda);
    expect(wq).toBeCloseTo(0.2046, 4);

    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => meanWait(seed, 100_000, c, lambda, mu));
    const n = waits.length;
    const mean = waits.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(waits.reduce((a, w) => a + (w - mean) ** 2, 0) / (n - 1));
    const t975df7 = 2.365;
    const halfWidth = (t975df7 * sd) / Math.sqrt(n);
    expect(halfWidth).toBeLessThan(0.02); // the check has power: ±10% of Wq at most
    expect(Math.abs(mean - wq)).toBeLessThanOrEqual(halfWidth);
  });
});
