// M/M/c/K by the textbook's birth-death balance, written apart from src/service/queueing.ts (which
// goes through phase counts), so tests can check the fluid model's figures against it:
// p_n ∝ aⁿ/n! for n ≤ c, then × ρ = a/c per place in line, up to K = c + places.

/** Stationary probabilities p_0 … p_K for c workers, `places` in line, offered load a = λ/μ. */
export function mmckProbabilities(c: number, places: number, a: number): number[] {
  const p: number[] = [1];
  for (let n = 1; n <= c + places; n++) p.push((p[n - 1] * a) / Math.min(n, c));
  const z = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / z);
}

/** Share of arrivals turned away (a full system), p_K. */
export function mmckBlocking(c: number, places: number, a: number): number {
  const p = mmckProbabilities(c, places, a);
  return p[p.length - 1];
}

/** Mean wait in line of an admitted request, in units of 1/μ (Little: Lq / (a (1 − p_K))). */
export function mmckMeanWait(c: number, places: number, a: number): number {
  const p = mmckProbabilities(c, places, a);
  const lq = p.reduce((s, pn, n) => s + (n > c ? (n - c) * pn : 0), 0);
  return lq / (a * (1 - p[p.length - 1]));
}
