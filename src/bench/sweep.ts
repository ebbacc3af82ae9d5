// Sweep throughput: scenarios/capacity-plan.yaml's grid (18 points × 2 alternatives) on its week
// of trace (long enough that each worker's start-up, ~0.7 s of compiling, is not the figure), as cold `capsim sweep` processes with --jobs 1 and --jobs 2, interleaved so a slow
// spell on a shared machine hits both alike. Points per second, and the ratio.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, inBenchDir, median, timeNode } from './process.js';
import type { BenchSection, Report } from './section.js';

const PLAN = fileURLToPath(new URL('../../scenarios/capacity-plan.yaml', import.meta.url));
const TRACE = fileURLToPath(new URL('../../scenarios/traces/synthetic-api.csv', import.meta.url));
const POINTS = 18;
const PAIRS = 2;
const SWEEP_TARGET_SPEEDUP = 1.7;

/** capacity-plan.yaml on `horizon`, one replication, its trace by absolute path, written into `dir`. */
function planScenario(dir: string, horizon: string): string {
  const text = readFileSync(PLAN, 'utf8')
    .replace(/^horizon: .*$/m, `horizon: ${horizon}`)
    .replace(/^replications: .*$/m, 'replications: 1')
    .replace('file: traces/synthetic-api.csv', `file: ${JSON.stringify(TRACE)}`);
  const file = join(dir, `capacity-plan-${horizon}.yaml`);
  writeFileSync(file, text);
  return file;
}

export const sweepSection: BenchSection = {
  name: 'sweep',
  title: `capacity-plan grid, ${POINTS} points x 2 alternatives on 7 days: --jobs 1 against --jobs 2`,
  run(report: Report): boolean {
    return inBenchDir((dir) => {
      const scenario = planScenario(dir, '7d');
      const one: number[] = [];
      const two: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        one.push(timeNode([CLI, 'sweep', scenario, '--quiet', '--jobs', '1']).wallSeconds);
        two.push(timeNode([CLI, 'sweep', scenario, '--quiet', '--jobs', '2']).wallSeconds);
      }
      const speedup = median(one) / median(two);
      report.note(`${PAIRS} interleaved pairs of cold processes; medians`);
      report.figure('sweep.jobs1.pointsPerSecond', '--jobs 1: points per second', POINTS / median(one), '/s', 2, 'higher', { normalised: true });
      report.figure('sweep.jobs2.pointsPerSecond', '--jobs 2: points per second', POINTS / median(two), '/s', 2, 'higher', { normalised: true });
      report.figure('sweep.speedup', 'speed-up (jobs 1 / jobs 2)', speedup, 'x', 2, 'higher', { note: `pairs: ${one.map((a, i) => (a / two[i]).toFixed(2)).join(', ')}` });
      report.target(`speed-up ≥ ${SWEEP_TARGET_SPEEDUP}x`, speedup >= SWEEP_TARGET_SPEEDUP);
      return true;
    });
  },
};
