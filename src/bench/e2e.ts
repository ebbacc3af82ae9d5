// End-to-end speed: a one-year run of the shipped web-api scenario (diurnal load, target
// tracking, a deployment), one alternative, at 1 s ticks. Reports simulated seconds per wall
// second and the peak resident memory. The run happens in a child process so the peak RSS is
// the run's own, not the other bench sections'.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load.js';
import { simulateAlternative } from '../run/simulate.js';
import type { BenchSection, Report } from './section.js';

const YEAR_SECONDS = 365 * 86400;
const SCENARIO = fileURLToPath(new URL('../../scenarios/web-api.yaml', import.meta.url));
/** Issue #9's target for one alternative-year of simulation, no outputs. */
const TARGET_WALL_SECONDS = 1.5;

interface Measurement {
  wallSeconds: number;
  simSeconds: number;
  ticks: number;
  events: number;
  peakRssMiB: number;
  heapUsedMiB: number;
  alternative: string;
  totalUsd: number;
  scalingActions: number;
}

/** Runs in the child: one alternative for a year; prints one JSON line. */
export function measureYear(): Measurement {
  const scenario = loadScenario(SCENARIO);
  const year = { ...scenario, horizonSeconds: YEAR_SECONDS };
  const alt = year.alternatives[0];
  const start = process.hrtime.bigint();
  // No output, as a `capsim run` without --out: no hourly ledger.
  const result = simulateAlternative(year, alt, { ledger: false });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    wallSeconds,
    simSeconds: YEAR_SECONDS,
    ticks: YEAR_SECONDS / year.tickSeconds,
    events: Object.values(result.eventCounts).reduce((a, b) => a + (b ?? 0), 0),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    alternative: alt.name,
    totalUsd: result.cost.totalUsd,
    scalingActions: result.eventCounts.scaling ?? 0,
  };
}

export const e2eSection: BenchSection = {
  name: 'e2e',
  title: 'one-year web-api run, one alternative, 1 s ticks (child process)',
  run(report: Report): boolean {
    const runs: Measurement[] = [];
    for (let i = 0; i < 3; i++) {
      const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], { encoding: 'utf8' });
      runs.push(JSON.parse(out) as Measurement);
    }
    const best = runs.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a));
    const walls = runs.map((r) => r.wallSeconds).sort((a, b) => a - b);
    report.note(`scenario ${SCENARIO.split('/').slice(-2).join('/')}, alternative ${best.alternative}, horizon 365 d; ${runs.length} cold child processes`);
    report.figure('e2e.first.wall', 'wall time, first run', runs[0].wallSeconds, 's', 3, 'lower', { normalised: true });
    report.figure('e2e.median.wall', 'wall time, median', walls[walls.length >> 1], 's', 3, 'lower', { normalised: true });
    report.row('wall time, best', best.wallSeconds, 's', 3);
    report.row('simulated seconds per wall second', best.simSeconds / best.wallSeconds / 1e6, 'M', 2);
    report.row('fluid ticks per wall second', best.ticks / best.wallSeconds / 1e6, 'M/s', 2);
    report.row('logged decisions and task events', best.events, '', 0);
    report.row('scaling actions in the year', best.scalingActions, '', 0);
    report.figure('e2e.rss', 'peak RSS (whole child process)', Math.max(...runs.map((r) => r.peakRssMiB)), 'MiB', 0, 'lower');
    report.row('cost of the year', best.totalUsd, 'USD', 2);
    report.target(`one year under ${TARGET_WALL_SECONDS} s (median)`, walls[walls.length >> 1] < TARGET_WALL_SECONDS);
    return true;
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(measureYear())}\n`);
}
