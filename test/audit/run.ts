// Runs one alternative of a scenario under the probe and checks every invariant on it.

import { simulate, type AlternativeResult } from '../../src/index.js';
import type { Alternative, Scenario } from '../../src/domain/scenario.js';
import { runChecks } from './checks.js';
import { withProbe, type ProbeLog } from './probe.js';

export interface Audited {
  alt: Alternative;
  result: AlternativeResult;
  log: ProbeLog;
  violations: string[];
}

export function auditAlternative(scenario: Scenario, alt: Alternative): Audited {
  const initialDesired: Record<string, number> = {};
  if (alt.service) initialDesired[alt.service.name] = alt.service.desiredCount;
  if (alt.jobs) initialDesired[alt.jobs.name] = 0;
  const { result, log } = withProbe({ initialDesired, horizonSeconds: scenario.horizonSeconds }, () => simulate(scenario, { alternative: alt.name }));
  return { alt, result, log, violations: runChecks({ scenario, alt, result, log }) };
}

/** Every alternative, each with its violations prefixed by its name. */
export function auditScenario(scenario: Scenario): { runs: Audited[]; violations: string[] } {
  const runs = scenario.alternatives.map((alt) => auditAlternative(scenario, alt));
  return { runs, violations: runs.flatMap((r) => r.violations.map((v) => `[${r.alt.name}] ${v}`)) };
}
