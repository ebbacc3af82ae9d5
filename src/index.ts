// capsim's public library API: load a scenario, simulate one alternative or compare them all.
//   import { loadScenario, compare } from 'capsim';
//   const result = compare(loadScenario('scenarios/web-api.yaml'));

export { loadScenario, parseScenario, validateScenario } from './scenario/load.js';
export { ScenarioError, type ScenarioIssue } from './domain/errors.js';
export type { Scenario, Alternative, ServiceModel, Capacity, Curve, Workload } from './domain/scenario.js';
export { simulate, compare, rank } from './run/compare.js';
export { CAPSIM_VERSION } from './domain/version.js';
export { compareParallel } from './run/parallel.js';
export { diffResults, hasRegression, formatDiff, DEFAULT_TOLERANCES, type DiffRow, type Tolerances } from './run/diff.js';
export { evaluateGates, comparabilityWarnings, formatGateReport, formatGateReportMarkdown, type GateReport, type MetricChange } from './run/gates.js';
export { parseGates, GATE_METRICS, type Gate, type GateMetric } from './domain/gates.js';
export { estimateRun, RUN_LIMITS, RUN_COSTS, type RunEstimate } from './scenario/estimate.js';
export type { RunOptions } from './run/simulate.js';
export { realiseDemand, type Demand } from './workload/demand.js';
export * from './domain/result.js';
export { loadSweep, type LoadedSweep, type SweepLoadOptions } from './scenario/sweep-load.js';
export { applyOverride, parseSetFlag, parseSweepParameters, type SweepParameter } from './scenario/override.js';
export { sweep, runSweepPoints, assembleSweep, mergeParts, sweepHeader, sweepPart } from './run/sweep.js';
export { selectByMeans, type SelectionCandidate, type SelectCheapestFeasible } from './run/sweep-select.js';
export type * from './domain/sweep.js';
export { SequentialSelection, runSelection, SelectionError, type SelectionOptions, type SelectionResult, type SelectionSample, type SelectionConstraint, type SampleRequest, type Elimination } from './run/selection.js';
export { pairedDifferences } from './run/replications.js';
export { knSelect } from './run/sweep-kn.js';
export { atTrafficLevel, levelRow, bisectFlip, findFlips, steadyTaskCount, PICK_CHEAPEST, PICK_RECOMMENDED, type LevelRow, type LevelPick, type Flip } from './run/crossover.js';
