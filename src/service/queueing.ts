// Queueing formulas for the performance model. A task is an M/M/c queue: c workers (its
// concurrency), each serving at rate μ = 1 / service time. Requests are spread evenly over the
// serving tasks, so each task sees λ / n. Response time T = W + S with S ~ Exp(μ) and
// W = 0 with probability 1 − C, else Exp(cμ − λ) (Erlang C).

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ (< c). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  // Erlang B by the stable recurrence, then C = B / (1 − (a/c)(1 − B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Mean response time (wait + service) of M/M/c; Infinity when unstable. */
export function mmcMeanResponse(c: number, lambda: number, mu: number): number {
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

/** P(T > t) for M/M/c response time. */
export function mmcResponseSurvival(c: number, lambda: number, mu: number, t: number, pWait = erlangC(c, lambda / mu)): number {
  const theta = c * mu - lambda;
  const service = Math.exp(-mu * t);
  let sum: number;
  if (Math.abs(theta - mu) < 1e-9 * mu) sum = (1 + mu * t) * service;
  else sum = (mu * Math.exp(-theta * t) - theta * service) / (mu - theta);
  return (1 - pWait) * service + pWait * sum;
}

/** The q-quantile of M/M/c response time, by bisection on the survival function. */
export function mmcResponseQuantile(c: number, lambda: number, mu: number, q: number): number {
  if (lambda >= c * mu) return Infinity;
  const pWait = erlangC(c, lambda / mu);
  const target = 1 - q;
  let lo = 0;
  let hi = -Math.log(target) / Math.min(mu, c * mu - lambda); // survival of the slower exponential
  while (mmcResponseSurvival(c, lambda, mu, hi, pWait) > target) hi *= 2;
  for (let i = 0; i < 50 && hi - lo > 1e-7 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mmcResponseSurvival(c, lambda, mu, mid, pWait) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * M/M/c response-time quantiles for many minutes: μT depends only on (c, ρ), so the quantile
 * is computed once per cell of a fine ρ grid (0.0001) and interpolated linearly between cells.
 * Relative error is below 1e-4 for ρ ≤ 0.99 (checked in the queueing tests). A cell is a pure
 * function of (c, q, ρ), so the grids are shared by every run in the process (filled lazily,
 * 80 kB each): replications and alternatives do not recompute them.
 */
export class MmcQuantiles {
  private static readonly STEPS = 10_000;
  private static readonly grids = new Map<string, Float64Array>();
  private readonly cells: Float64Array;

  constructor(
    private readonly c: number,
    private readonly q: number,
  ) {
    const key = `${c}/${q}`;
    let cells = MmcQuantiles.grids.get(key);
    if (!cells) MmcQuantiles.grids.set(key, (cells = new Float64Array(MmcQuantiles.STEPS + 1).fill(NaN)));
    this.cells = cells;
  }

  private cell(i: number): number {
    let v = this.cells[i];
    if (Number.isNaN(v)) {
      const rho = Math.min(i / MmcQuantiles.STEPS, 0.9999);
      v = this.cells[i] = mmcResponseQuantile(this.c, rho * this.c, 1, this.q);
    }
    return v;
  }

  /** The q-quantile of response time for arrival rate λ and service rate μ per worker (ρ < 1). */
  at(lambda: number, mu: number): number {
    const x = (lambda / (this.c * mu)) * MmcQuantiles.STEPS;
    const i = Math.floor(x);
    if (i >= MmcQuantiles.STEPS) return mmcResponseQuantile(this.c, lambda, mu, this.q);
    const a = this.cell(i);
    return (a + (this.cell(i + 1) - a) * (x - i)) / mu;
  }
}

/** Mean queue wait Wq of M/M/c (Erlang C): C(c, λ/μ) / (cμ − λ); Infinity when unstable. */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * M/M/c mean queue wait for many minutes: μWq = C(c, cρ) / (c(1 − ρ)) depends only on (c, ρ), so
 * it is computed once per cell of the same ρ grid as `MmcQuantiles` and interpolated linearly
 * (relative error below 1e-4 for ρ ≤ 0.99, checked in the queueing tests), shared by every run in
 * the process. Saves the O(c) Erlang B recurrence per minute.
 */
export class MmcMeanWait {
  private static readonly STEPS = 10_000;
  private static readonly grids = new Map<number, Float64Array>();
  private readonly cells: Float64Array;

  constructor(private readonly c: number) {
    let cells = MmcMeanWait.grids.get(c);
    if (!cells) MmcMeanWait.grids.set(c, (cells = new Float64Array(MmcMeanWait.STEPS + 1).fill(NaN)));
    this.cells = cells;
  }

  private cell(i: number): number {
    let v = this.cells[i];
    if (Number.isNaN(v)) {
      const rho = Math.min(i / MmcMeanWait.STEPS, 0.9999);
      v = this.cells[i] = mmcMeanWait(this.c, rho * this.c, 1);
    }
    return v;
  }

  /** Mean wait in line, seconds, for arrival rate λ and service rate μ per worker (ρ < 1). */
  at(lambda: number, mu: number): number {
    const x = (lambda / (this.c * mu)) * MmcMeanWait.STEPS;
    const i = Math.floor(x);
    if (i >= MmcMeanWait.STEPS) return mmcMeanWait(this.c, lambda, mu);
    const a = this.cell(i);
    return (a + (this.cell(i + 1) - a) * (x - i)) / mu;
  }
}
