// Named random streams derived from one scenario seed (common random numbers): each purpose
// ('workload', 'spot:<pool>', ...) draws from its own alea generator seeded `${seed}/${name}`,
// so alternatives see identical demand and adding a stream does not perturb the others.
// Not cryptographic, and streams are not jump-ahead substreams: they are seeded independently.

import seedrandom from 'seedrandom';

/** A uniform source on [0, 1) with 53-bit resolution. */
export interface Rng {
  next(): number;
}

class AleaStream implements Rng {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  next(): number {
    return this.prng.double();
  }
}

export class RngStreams {
  private readonly seed: string;
  private readonly streams = new Map<string, Rng>();

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`RngStreams: seed must be finite, got ${seed}`);
    }
    this.seed = String(seed);
  }

  /**
   * The stream for `name`, created on first use. Asking twice for one name returns the same
   * (shared) stream: two consumers that want independent numbers need two names.
   */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new AleaStream(`${this.seed}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
