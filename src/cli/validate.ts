// `capsim validate`: checks a scenario (and its sweep points) without running it, and prints the
// resolved view report.md's Inputs section shows (the same rows, from src/report/inputs.ts), so a
// reviewer can read what a run would be given, assumptions marked, before it runs. No simulation:
// only the demand is realised (curve × noise at the scenario's seed) for its busiest minute.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadScenario } from '../scenario/load.js';
import { describePlatform } from '../run/assemble.js';
import { loadSweep } from '../scenario/sweep-load.js';
import { realiseDemand } from '../workload/demand.js';
import { minuteLength, seriesCell } from '../domain/series.js';
import type { Scenario } from '../domain/scenario.js';
import { dropBudgetRuleText, inputRowsOf, type InputRows } from '../report/inputs.js';
import { inputsText } from '../report/inputs-text.js';

/**
 * The busiest minute of the demand at the scenario's seed, as the run's offered_rps series will
 * show it (each minute's requests over its length, on the series' grid). Per-request runs draw
 * their arrivals, so there is no figure to give before the run.
 */
function busiestMinuteRps(s: Scenario): number | null {
  if (s.mode === 'per-request') return null;
  const demand = realiseDemand(s.workload, s.horizonSeconds, s.tickSeconds, s.seed);
  let peak = 0;
  demand.minuteOffered.forEach((offered, m) => {
    const v = seriesCell('offeredRps', offered / minuteLength(m, s.horizonSeconds));
    if (v > peak) peak = v;
  });
  return peak;
}

/** What the Inputs section will show for this scenario, before it runs. */
function scenarioInputRows(s: Scenario): InputRows {
  const jobsOnly = !s.alternatives.some((a) => a.service);
  return inputRowsOf({
    scenario: s,
    seed: s.seed,
    horizonSeconds: s.horizonSeconds,
    tickSeconds: s.tickSeconds,
    jobsOnly,
    slo: { latencyP95Ms: s.slo.latencyP95Seconds * 1000, maxMinutesOverShare: s.slo.maxMinutesOverShare },
    dropBudget: jobsOnly ? null : dropBudgetRuleText(s.slo.maxDroppedShare),
    busiestMinuteRps: jobsOnly ? null : busiestMinuteRps(s),
    alternatives: s.alternatives.map((a) => ({ name: a.name, platform: describePlatform(a) })),
  });
}

/** `width`: wrap to this many columns; undefined: one line per input. */
export function validateCommand(file: string, width: number | undefined): void {
  const s = loadScenario(file);
  const lines = [
    `${file}: valid`,
    `  ${s.name} in ${s.region}`,
    ...inputsText(scenarioInputRows(s), width),
  ];
  // A sweep: block is checked too, every point built and validated as capsim sweep would.
  if ((parseYaml(readFileSync(file, 'utf8')) as { sweep?: unknown }).sweep !== undefined) {
    const sweep = loadSweep(file);
    lines.push(`  sweep (${sweep.mode}): ${sweep.points.length} points, every one valid: ${sweep.parameters.map((p) => `${p.name} (${p.values.length})`).join(' × ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
