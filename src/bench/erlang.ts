// Erlang C: the exact steady-state waiting figures of an M/M/c queue, used as the reference
// the simulated queues must reproduce. Pure formulas; nothing here simulates.

/**
 * Probability that an arrival waits in an M/M/c queue with `servers` servers and offered load
 * `load` = λ/μ Erlangs (must be below `servers`). Computed through the Erlang B recursion
 * B(k) = a·B(k−1) / (k + a·B(k−1)), which avoids the factorials of the textbook form, then
 * C = B / (1 − ρ(1 − B)) with ρ = a/c.
 */
export function erlangC(servers: number, load: number): number {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`erlangC: servers must be a positive integer, got ${servers}`);
  }
  if (!(load >= 0 && load < servers)) {
    throw new RangeError(`erlangC: load must be in [0, servers), got ${load} with ${servers} servers`);
  }
  let blocking = 1;
  for (let k = 1; k <= servers; k++) blocking = (load * blocking) / (k + load * blocking);
  const utilisation = load / servers;
  return blocking / (1 - utilisation * (1 - blocking));
}

/** Mean time in queue Wq = C / (cμ − λ), in the unit of 1/rate. */
export function erlangCMeanWait(servers: number, arrivalRate: number, serviceRate: number): number {
  const probabilityOfWait = erlangC(servers, arrivalRate / serviceRate);
  return probabilityOfWait / (servers * serviceRate - arrivalRate);
}
