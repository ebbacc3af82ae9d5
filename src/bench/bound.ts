// The machine's speed, measured in the same run as everything else: the bare typed-array M/M/c
// loop (mmc.ts) at 1 M customers. Figures marked `normalised` are compared across runs as
// multiples of it, so a slower or busier machine does not read as a regression of capsim.

import { runMmcBare, type MmcParams } from './mmc.js';
import type { BenchSection, Report } from './section.js';

const PARAMS: MmcParams = { servers: 10, arrivalRate: 8, serviceRate: 1, customers: 1_000_000, seed: 1 };
const REPEATS = 3;

export const BOUND_KEY = 'bound.customersPerSecond';

export const boundSection: BenchSection = {
  name: 'bound',
  title: 'bare-loop bound (machine speed, for normalised comparisons)',
  run(report: Report): boolean {
    const cold = runMmcBare(PARAMS);
    let best = cold;
    for (let i = 0; i < REPEATS; i++) {
      const r = runMmcBare(PARAMS);
      if (r.wallSeconds < best.wallSeconds) best = r;
    }
    report.figure('bound.coldCustomersPerSecond', 'bare loop, first run (cold)', PARAMS.customers / cold.wallSeconds / 1e6, 'M/s', 3, 'higher');
    report.figure(BOUND_KEY, `bare loop, best of ${REPEATS} after it`, PARAMS.customers / best.wallSeconds / 1e6, 'M/s', 3, 'higher');
    return true;
  },
};
