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

/**
 * M/M/c/K for one task: c workers at rate μ and `places` requests waiting at most (K = c +
 * places); an arrival that finds K in the system is turned away. Unlike M/M/c it is stationary
 * at any load, so it also describes an overloaded task whose line is full. Everything is in units
 * of the service time (μ = 1), at utilisation ρ = λ / (cμ).
 *
 * Response time of an admitted request, T = W + S: it finds n in the system with probability
 * p_n / (1 − p_K) (PASTA), waits for n − c + 1 completions at rate c when n ≥ c (an Erlang), then
 * is served, S ~ Exp(1). S is itself a geometric number of Exp(c) phases (success 1/c), so T is a
 * mixture of Erlang(M, c) with M = waiting phases + service phases, and
 *   P(T > t) = Σ_j Poisson(j; ct) · P(M > j),
 * a sum of positive terms: the tail P(M > j) is tabled once per load, then each t costs O(J).
 */
interface MmckPoint {
  /** Share of arrivals turned away, p_K. */
  blocking: number;
  /** Mean wait in line of an admitted request, in service times. */
  meanWait: number;
  /** P(M > j), j = 0 … length − 1 (beyond: negligible). */
  phaseTail: Float64Array;
}

function mmckPoint(c: number, places: number, rho: number): MmckPoint {
  const k = c + places;
  const a = c * rho;
  // log p_n up to a constant, then normalised against the largest (ρ > 1 grows like ρ^n).
  const logP = new Float64Array(k + 1);
  for (let n = 1; n <= k; n++) logP[n] = logP[n - 1] + Math.log(n <= c ? a / n : rho);
  let top = -Infinity;
  for (let n = 0; n <= k; n++) if (logP[n] > top) top = logP[n];
  let admitted = 0;
  const p = new Float64Array(k + 1);
  for (let n = 0; n <= k; n++) {
    p[n] = Math.exp(logP[n] - top);
    if (n < k) admitted += p[n];
  }
  const blocking = p[k] / (admitted + p[k]);
  // Waiting phases: 0 for n < c, n − c + 1 for c ≤ n < K.
  const wait = new Float64Array(places + 1);
  for (let n = 0; n < k; n++) wait[n < c ? 0 : n - c + 1] += p[n] / admitted;
  let meanWait = 0;
  for (let j = 1; j <= places; j++) meanWait += (wait[j] * j) / c;
  // P(M > j) = P(waiting phases > j) + Σ_{i ≤ j} P(waiting = i) (1 − 1/c)^{j − i}.
  const keep = 1 - 1 / c;
  const tail: number[] = [];
  let above = 1;
  let carried = 0;
  for (let j = 0; ; j++) {
    const here = j <= places ? wait[j] : 0;
    // Past the longest wait nothing is above (exactly, whatever the rounding of the sum).
    above = j < places ? Math.max(0, above - here) : 0;
    carried = carried * keep + here;
    tail.push(above + carried);
    if (j >= places && carried < 1e-13) break;
  }
  return { blocking, meanWait, phaseTail: Float64Array.from(tail) };
}

/** P(T > t) for an admitted request (t in service times), from `mmckPoint`'s phase tail. */
function mmckResponseSurvival(c: number, point: MmckPoint, t: number): number {
  const x = c * t;
  if (x === 0) return 1;
  const tail = point.phaseTail;
  const logX = Math.log(x);
  let sum = 0;
  let logFactorial = 0;
  for (let j = 0; j < tail.length; j++) {
    if (j > 0) logFactorial += Math.log(j);
    const pmf = Math.exp(j * logX - x - logFactorial);
    sum += pmf * tail[j];
    // Past the Poisson mode the terms only shrink: stop once they no longer count.
    if (j > x && pmf < 1e-17) break;
  }
  return Math.min(1, sum);
}

/** The q-quantile of an admitted request's response time, in service times, by bisection. */
function mmckResponseQuantile(c: number, point: MmckPoint, q: number): number {
  const target = 1 - q;
  let lo = 0;
  let hi = 1;
  while (mmckResponseSurvival(c, point, hi) > target) hi *= 2;
  for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mmckResponseSurvival(c, point, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** What a minute needs from M/M/c/K at one load: blocking, mean wait and p50/p95/p99, in service times. */
export interface MmckCell {
  blocking: number;
  meanWait: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * M/M/c/K cells for many minutes, on a grid of ρ (steps of 1e-4 below 1, of 1e-4 in 1/ρ above),
 * interpolated linearly; each cell is computed when first asked and shared by every run in the
 * process, as `MmcQuantiles`' are.
 */
export class MmckCells {
  private static readonly STEPS = 10_000;
  private static readonly grids = new Map<string, (MmckCell | undefined)[]>();
  private readonly cells: (MmckCell | undefined)[];

  constructor(
    private readonly c: number,
    private readonly places: number,
  ) {
    const key = `${c}/${places}`;
    let cells = MmckCells.grids.get(key);
    if (!cells) MmckCells.grids.set(key, (cells = new Array<MmckCell | undefined>(2 * MmckCells.STEPS + 1)));
    this.cells = cells;
  }

  /** Cell i: ρ = i / STEPS for i ≤ STEPS, else 1/ρ = (2 STEPS − i) / STEPS (i = 2 STEPS: ρ → ∞, taken as 1e4). */
  private cell(i: number): MmckCell {
    let cell = this.cells[i];
    if (!cell) {
      const steps = MmckCells.STEPS;
      const rho = i <= steps ? i / steps : steps / Math.max(2 * steps - i, 1);
      const point = mmckPoint(this.c, this.places, rho);
      cell = this.cells[i] = {
        blocking: point.blocking,
        meanWait: point.meanWait,
        p50: mmckResponseQuantile(this.c, point, 0.5),
        p95: mmckResponseQuantile(this.c, point, 0.95),
        p99: mmckResponseQuantile(this.c, point, 0.99),
      };
    }
    return cell;
  }

  /** A line always full (ρ → ∞, taken at 1e4): what a request arriving at a full line sees. */
  full(): MmckCell {
    return this.cell(2 * MmckCells.STEPS);
  }

  /** The cell at utilisation ρ = λ / (cμ) ≥ 0, interpolated into `out` (a caller's scratch cell: this runs every minute). */
  at(rho: number, out: MmckCell): MmckCell {
    const steps = MmckCells.STEPS;
    const x = rho <= 1 ? rho * steps : 2 * steps - steps / rho;
    const i = Math.min(Math.floor(x), 2 * steps - 1);
    const f = Math.min(1, x - i);
    const a = this.cell(i);
    const b = this.cell(i + 1);
    out.blocking = a.blocking + (b.blocking - a.blocking) * f;
    out.meanWait = a.meanWait + (b.meanWait - a.meanWait) * f;
    out.p50 = a.p50 + (b.p50 - a.p50) * f;
    out.p95 = a.p95 + (b.p95 - a.p95) * f;
    out.p99 = a.p99 + (b.p99 - a.p99) * f;
    return out;
  }
}
