// Ranking and selection for "the cheapest design that meets the SLO" (docs/model.md, Selection):
// Kim & Nelson's (2001) fully sequential procedure KN for the smallest mean cost, run together
// with a sequential feasibility check of each constraint (Batur & Kim 2010, combined as in
// Andradóttir & Kim 2010). Pure and step-wise: the caller asks which (point, replication) samples
// are needed, feeds them in any order, and asks whether the procedure is done. Replication j of
// every point must share its random numbers (CRN); the procedure assumes normal samples.

/** A constraint on a point's mean: feasible when mean ≤ `threshold`; means within `tolerance` of it may go either way. */
export interface SelectionConstraint {
  name: string;
  threshold: number;
  /** ε > 0: the feasibility check's indifference zone around the threshold. */
  tolerance: number;
  /** How the PCS statement words the constraint (default `name ≤ threshold ± tolerance`). */
  text?: string;
}

export interface SelectionOptions {
  /** 1 − α, the probability of correct selection, in (0, 1). */
  confidence: number;
  /** δ > 0, USD: a point within δ of the cheapest feasible one counts as a correct selection. */
  indifferenceUsd: number;
  constraints: readonly SelectionConstraint[];
  /** n0 ≥ 2: replications of every point before the first screening (default 10). */
  initialReplications?: number;
  /** Stop at this many replications of a point even if undecided (the guarantee is then lost). */
  maxReplications?: number;
}

/** One replication of one point: its cost and its value of each constraint, in `constraints` order. */
export interface SelectionSample {
  costUsd: number;
  constraints: readonly number[];
}

export interface SampleRequest {
  point: number;
  replication: number;
}

export interface Elimination {
  point: number;
  /** Replications of the point seen when it went out. */
  replications: number;
  reason: 'infeasible' | 'costlier';
  /** `costlier`: the point declared feasible that beat it; `infeasible`: the constraint it failed. */
  by: number | string;
}

export interface SelectionResult {
  /** The selected point, or null when every point was declared infeasible. */
  selected: number | null;
  /** True when the procedure ended by its own rule; false when it hit `maxReplications`. */
  guaranteed: boolean;
  confidence: number;
  indifferenceUsd: number;
  initialReplications: number;
  /** Replications per point, and in all. */
  replications: number[];
  totalReplications: number;
  /** Sample mean cost per point over its replications. */
  meanUsd: number[];
  /** Points declared feasible (every constraint), in index order. */
  feasible: number[];
  eliminated: Elimination[];
  /** The probability-of-correct-selection statement in words. */
  statement: string;
}

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/**
 * The KN constant h² = (n0 − 1)·[(2α/(k − 1))^(−2/(n0 − 1)) − 1] (Kim & Nelson 2001, c = 1).
 * With `comparisons` = 1 and α = β it is the single-system feasibility constant of Batur & Kim.
 */
export function knH2(alpha: number, comparisons: number, n0: number): number {
  return (n0 - 1) * ((2 * alpha) / comparisons) ** (-2 / (n0 - 1)) - (n0 - 1);
}

/** The triangular continuation region's half-width for a sum of r differences: max(0, h²S²/(2δ) − δr/2). */
export function boundary(h2: number, variance: number, delta: number, r: number): number {
  return Math.max(0, (h2 * variance) / (2 * delta) - (delta * r) / 2);
}

function variance(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
}

type Feasibility = 'undecided' | 'feasible' | 'infeasible';

export class SequentialSelection {
  readonly k: number;
  private readonly n0: number;
  private readonly max: number;
  private readonly alpha: number;
  /** KN's h² (cost) and the feasibility check's h² (each constraint of each point). */
  private readonly h2Cost: number;
  private readonly h2Feasibility: number;
  private readonly cost: number[][];
  private readonly values: number[][][];
  private readonly have: boolean[][];
  private readonly alive: boolean[];
  private readonly constraintState: Feasibility[][];
  /** S² of X_i − X_l over the first n0 replications, and S² of each constraint's values. */
  private costVariance: number[][] = [];
  private constraintVariance: number[][] = [];
  private readonly eliminations: Elimination[] = [];
  /** The stage: every point in contention needs replications 0..r − 1. */
  private r: number;
  private finished = false;
  private selected: number | null = null;
  private truncated = false;

  constructor(
    points: number,
    private readonly opts: SelectionOptions,
  ) {
    const { confidence, indifferenceUsd, constraints } = opts;
    if (!Number.isInteger(points) || points < 1) throw new SelectionError(`points must be a whole number ≥ 1, got ${points}`);
    if (!(confidence > 0 && confidence < 1)) throw new SelectionError(`confidence must be between 0 and 1 (exclusive), got ${confidence}`);
    if (!(indifferenceUsd > 0) || !Number.isFinite(indifferenceUsd)) throw new SelectionError(`indifference must be a positive amount of USD, got ${indifferenceUsd}`);
    for (const c of constraints) {
      if (!(c.tolerance > 0) || !Number.isFinite(c.tolerance)) throw new SelectionError(`constraint ${c.name}: tolerance must be positive, got ${c.tolerance}`);
      if (!Number.isFinite(c.threshold)) throw new SelectionError(`constraint ${c.name}: threshold must be a finite number, got ${c.threshold}`);
    }
    this.n0 = opts.initialReplications ?? 10;
    if (!Number.isInteger(this.n0) || this.n0 < 2) throw new SelectionError(`initial replications must be a whole number ≥ 2, got ${this.n0}`);
    this.max = opts.maxReplications ?? Infinity;
    if (this.max !== Infinity && (!Number.isInteger(this.max) || this.max < this.n0)) {
      throw new SelectionError(`max replications must be a whole number ≥ the initial replications (${this.n0}), got ${this.max}`);
    }
    this.k = points;
    this.alpha = 1 - confidence;
    // Bonferroni: half of α for the feasibility decisions, half for the cost comparisons (all of
    // it for costs when there is no constraint); each point's each constraint gets an equal share.
    const m = constraints.length;
    const alphaCost = m > 0 ? this.alpha / 2 : this.alpha;
    const alphaFeasibility = this.alpha / 2;
    this.h2Cost = points > 1 ? knH2(alphaCost, points - 1, this.n0) : 0;
    this.h2Feasibility = m > 0 ? knH2(alphaFeasibility / (points * m), 1, this.n0) : 0;
    this.cost = Array.from({ length: points }, () => []);
    this.values = Array.from({ length: points }, () => []);
    this.have = Array.from({ length: points }, () => []);
    this.alive = new Array<boolean>(points).fill(true);
    this.constraintState = Array.from({ length: points }, () => new Array<Feasibility>(m).fill('undecided'));
    this.r = this.n0;
  }

  /** The samples the procedure waits for before its next step (none once done). */
  needed(): SampleRequest[] {
    if (this.finished) return [];
    const out: SampleRequest[] = [];
    for (let p = 0; p < this.k; p++) {
      if (!this.alive[p]) continue;
      for (let j = 0; j < this.r; j++) if (!this.have[p][j]) out.push({ point: p, replication: j });
    }
    return out;
  }

  /** Feeds one sample; the procedure steps as soon as every needed sample is in. */
  add(point: number, replication: number, sample: SelectionSample): void {
    if (this.finished) throw new SelectionError('the selection is done: no more samples are needed');
    if (!Number.isInteger(point) || point < 0 || point >= this.k) throw new SelectionError(`no point ${point}: points are 0..${this.k - 1}`);
    if (!this.alive[point]) throw new SelectionError(`point ${point} is out of contention: its samples are not needed`);
    if (!Number.isInteger(replication) || replication < 0 || replication >= this.r) throw new SelectionError(`replication ${replication} of point ${point} is not needed yet (replications 0..${this.r - 1} are)`);
    if (this.have[point][replication]) throw new SelectionError(`replication ${replication} of point ${point} was already given`);
    if (sample.constraints.length !== this.opts.constraints.length) {
      throw new SelectionError(`a sample needs ${this.opts.constraints.length} constraint values, got ${sample.constraints.length}`);
    }
    if (!Number.isFinite(sample.costUsd) || !sample.constraints.every(Number.isFinite)) throw new SelectionError(`replication ${replication} of point ${point}: values must be finite numbers`);
    this.cost[point][replication] = sample.costUsd;
    this.values[point][replication] = [...sample.constraints];
    this.have[point][replication] = true;
    while (!this.finished && this.needed().length === 0) this.step();
  }

  done(): boolean {
    return this.finished;
  }

  /**
   * Ends the procedure now, before it decided (e.g. the caller has no more samples to give): the
   * pick is made as at the cap, over the last complete stage, and the result is not guaranteed.
   */
  stop(): void {
    if (this.finished) return;
    if (this.r === this.n0) throw new SelectionError(`cannot stop before the first ${this.n0} replications of every point are in`);
    this.r -= 1;
    this.truncate();
  }

  result(): SelectionResult {
    if (!this.finished) throw new SelectionError('the selection is not done: feed the samples `needed()` lists first');
    const replications = this.have.map((h) => h.filter(Boolean).length);
    const meanUsd = this.cost.map((c) => (c.length ? c.reduce((a, b) => a + b, 0) / c.length : NaN));
    const feasible = this.constraintState.flatMap((s, p) => (s.every((x) => x === 'feasible') ? [p] : []));
    return {
      selected: this.selected,
      guaranteed: !this.truncated,
      confidence: this.opts.confidence,
      indifferenceUsd: this.opts.indifferenceUsd,
      initialReplications: this.n0,
      replications,
      totalReplications: replications.reduce((a, b) => a + b, 0),
      meanUsd,
      feasible,
      eliminated: [...this.eliminations],
      statement: this.statement(),
    };
  }

  private statement(): string {
    const pct = `${+(this.opts.confidence * 100).toFixed(4)}%`;
    const delta = `$${this.opts.indifferenceUsd}`;
    const tol = this.opts.constraints.map((c) => c.text ?? `${c.name} ≤ ${c.threshold} ± ${c.tolerance}`).join(' and ');
    const claim = this.opts.constraints.length
      ? `with probability at least ${pct}, the selected point meets ${tol} (a mean within the tolerance counts either way) and its mean cost is within ${delta} of the cheapest point that meets it`
      : `with probability at least ${pct}, the selected point's mean cost is within ${delta} of the cheapest`;
    if (this.truncated) {
      const rule = this.opts.constraints.length ? 'the cheapest sample mean among the points still in whose sample means meet every limit (or that were declared feasible)' : 'the cheapest sample mean among the points still in';
      return `Stopped after ${this.r} replications (${this.r >= this.max ? 'the cap' : 'all the samples there were'}) before the procedure decided: the pick is ${rule}, and no probability of correct selection holds for it (the procedure aimed at: ${claim}).`;
    }
    return `${claim[0].toUpperCase()}${claim.slice(1)} (KN with a feasibility check; normal samples and common random numbers assumed).`;
  }

  private isFeasible(p: number): boolean {
    return this.constraintState[p].every((s) => s === 'feasible');
  }

  private eliminate(p: number, reason: Elimination['reason'], by: number | string): void {
    this.alive[p] = false;
    this.eliminations.push({ point: p, replications: this.r, reason, by });
  }

  private sum(values: readonly number[], count: number): number {
    let s = 0;
    for (let j = 0; j < count; j++) s += values[j];
    return s;
  }

  /** One stage: feasibility decisions, then elimination by cost, then stop or ask for one more replication. */
  private step(): void {
    const r = this.r;
    const constraints = this.opts.constraints;
    if (r === this.n0) {
      this.costVariance = this.cost.map((ci) => this.cost.map((cl) => variance(ci.slice(0, r).map((x, j) => x - cl[j]))));
      this.constraintVariance = this.values.map((vi) => constraints.map((_, c) => variance(vi.slice(0, r).map((v) => v[c]))));
    }
    // Feasibility: Σ_j (Y_ij − q) against ±R(r; ε, h², S²), one constraint at a time.
    for (let p = 0; p < this.k; p++) {
      if (!this.alive[p]) continue;
      for (let c = 0; c < constraints.length; c++) {
        if (this.constraintState[p][c] !== 'undecided') continue;
        const { threshold, tolerance } = constraints[c];
        let s = 0;
        for (let j = 0; j < r; j++) s += this.values[p][j][c] - threshold;
        const R = boundary(this.h2Feasibility, this.constraintVariance[p][c], tolerance, r);
        if (s <= -R) this.constraintState[p][c] = 'feasible';
        else if (s >= R) this.constraintState[p][c] = 'infeasible';
      }
      const failed = this.constraintState[p].findIndex((s) => s === 'infeasible');
      if (failed >= 0) this.eliminate(p, 'infeasible', constraints[failed].name);
    }
    // Screening: a point goes when a point declared feasible is clearly cheaper (against the set before this stage).
    const before = this.alive.flatMap((a, p) => (a ? [p] : []));
    const out: [number, number][] = [];
    for (const i of before) {
      for (const l of before) {
        if (l === i || !this.isFeasible(l)) continue;
        const d = this.sum(this.cost[i], r) - this.sum(this.cost[l], r);
        if (d > boundary(this.h2Cost, this.costVariance[i][l], this.opts.indifferenceUsd, r)) {
          out.push([i, l]);
          break;
        }
      }
    }
    for (const [i, l] of out) this.eliminate(i, 'costlier', l);
    const left = this.alive.flatMap((a, p) => (a ? [p] : []));
    if (left.length === 0) return this.finish(null);
    if (left.length === 1 && this.isFeasible(left[0])) return this.finish(left[0]);
    // Every boundary has closed and all are feasible: the rest tie exactly; the cheapest sum (lowest index) wins.
    const closed = left.every((i) => this.isFeasible(i) && left.every((l) => l === i || boundary(this.h2Cost, this.costVariance[i][l], this.opts.indifferenceUsd, r) === 0));
    if (closed) return this.finish(this.cheapest(left));
    if (r >= this.max) return this.truncate();
    this.r = r + 1;
  }

  /**
   * Stops undecided: the cheapest (sample mean over r) among the points still in that were declared
   * feasible or whose sample means meet every limit; what mean selection would pick among them.
   * Preferring the declared-feasible ones would favour points whose constraint samples vary
   * little (a point that never misses the SLO is decided at n0), i.e. the over-provisioned, dearer
   * ones, over a cheaper point the procedure has not yet ruled out. Neither pick carries the PCS.
   */
  private truncate(): void {
    const r = this.r;
    const constraints = this.opts.constraints;
    this.truncated = true;
    const candidates = this.alive.flatMap((a, p) => (a && (this.isFeasible(p) || constraints.every((c, ci) => this.sum(this.values[p].map((v) => v[ci]), r) <= c.threshold * r)) ? [p] : []));
    this.finish(candidates.length ? this.cheapest(candidates) : null);
  }

  private cheapest(points: readonly number[]): number {
    let best = points[0];
    for (const p of points) if (this.sum(this.cost[p], this.r) < this.sum(this.cost[best], this.r)) best = p;
    return best;
  }

  private finish(selected: number | null): void {
    this.finished = true;
    this.selected = selected;
  }
}

/** Runs the procedure to the end with `sample(point, replication)` as the source: for tests and in-process callers. */
export function runSelection(points: number, opts: SelectionOptions, sample: (point: number, replication: number) => SelectionSample): SelectionResult {
  const sel = new SequentialSelection(points, opts);
  while (!sel.done()) {
    for (const { point, replication } of sel.needed()) sel.add(point, replication, sample(point, replication));
  }
  return sel.result();
}
