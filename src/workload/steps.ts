// A steps curve: the rate jumps to each step's value at its time and holds it until the next.
// Look-up is a binary search (O(log n)) that starts from a cursor left by the previous query and
// gallops forward from it, so queries in time order (the fluid loop, per-request arrivals) cost
// amortised O(1) however many steps there are; memory is two arrays of the steps. Left out:
// interpolation between steps (a ramp is a `spike` or an `expression`).

export interface Step {
  atSeconds: number;
  rps: number;
}

export class StepCurve {
  private readonly at: Float64Array;
  private readonly rps: Float64Array;
  /** Index of the step in force at the previous query (−1: before the first step). */
  private cursor = -1;
  /** Step times read by look-ups so far: a count of the work done, for tests of the bound. */
  probes = 0;

  /**
   * Steps at equal times keep their given order, so the later one wins from that time on (as
   * the resolver's stable sort leaves them). Unsorted steps are sorted the same way.
   */
  constructor(
    private readonly initialRps: number,
    steps: readonly Step[] | { at: Float64Array; rps: Float64Array },
  ) {
    if (!Array.isArray(steps)) {
      // Columns already sorted (a trace): used as they are, not copied.
      const columns = steps as { at: Float64Array; rps: Float64Array };
      this.at = columns.at;
      this.rps = columns.rps;
      return;
    }
    let sorted = true;
    for (let i = 1; i < steps.length && sorted; i++) sorted = steps[i - 1].atSeconds <= steps[i].atSeconds;
    const ordered = sorted ? steps : [...steps].sort((a, b) => a.atSeconds - b.atSeconds);
    this.at = Float64Array.from(ordered, (s) => s.atSeconds);
    this.rps = Float64Array.from(ordered, (s) => s.rps);
  }

  get length(): number {
    return this.at.length;
  }

  /** The rate at time t: the last step at or before t, or the initial rate before the first. */
  valueAt(t: number): number {
    const i = this.indexAt(t);
    return i < 0 ? this.initialRps : this.rps[i];
  }

  /** Index of the last step with time ≤ t (the later of equal times), or −1 if none. */
  indexAt(t: number): number {
    const at = this.at;
    const n = at.length;
    const c = this.cursor;
    let lo: number; // at[lo] ≤ t, or lo = −1
    let hi: number; // at[hi] > t, or hi = n
    this.probes++;
    if (c >= 0 && at[c] > t) {
      // Back in time: search before the cursor.
      lo = -1;
      hi = c;
    } else {
      // Forward: gallop 1, 2, 4, … steps past the cursor until a step lies after t.
      lo = c;
      let jump = 1;
      for (;;) {
        const probe = lo + jump;
        if (probe >= n) {
          hi = n;
          break;
        }
        this.probes++;
        if (at[probe] > t) {
          hi = probe;
          break;
        }
        lo = probe;
        jump *= 2;
      }
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      this.probes++;
      if (at[mid] <= t) lo = mid;
      else hi = mid;
    }
    this.cursor = lo;
    return lo;
  }
}
