// How much memory and time a run will take, estimated from the resolved scenario before it runs,
// so that a horizon of 100 years, ten million tasks, a job every millisecond or a per-request run
// at 100k rps is refused at load with the figures and what to change, rather than running for
// hours or dying of memory. The figures are rough (within a factor of a few, measured on the
// 2-vCPU development machine, 2026-12) and deliberately simple: one constant per cost.

import { expressionPoints, sampleExpression } from '../domain/expression.js';
import type { Alternative, Curve, Scenario } from '../domain/scenario.js';
import { formatDuration } from './units.js';

/** What one unit of each kind of work costs. */
export const RUN_COSTS = {
  /**
   * Per-minute series of an alternative, kept until the report is written (replication 0 only;
   * later replications keep a few figures). Dense, the 24 columns take 100 bytes; kept packed
   * (domain/series-store.ts) a year of web-api takes ~30. The estimate takes the dense bound.
   */
  seriesBytesPerMinute: 100,
  /** One per-minute gauge (tasks by state, instances, paid vCPU, …) while a run simulates. */
  gaugeBytesPerMinute: 16,
  /** Gauges and per-minute load arrays of one run (14 gauges, 7 load arrays). */
  gaugesPerRun: 21,
  /** A task, its lifecycle and its records. */
  taskBytes: 500,
  /** An EC2 instance and its bookkeeping. */
  instanceBytes: 1000,
  /** A batch job's record (kept for the wait and turnaround figures). */
  jobBytes: 300,
  /** One fluid tick (load spread over tasks, queue, drops): a year at 1 s ticks took 2.1 s. */
  secondsPerTick: 7e-8,
  /** One request in per-request mode: 12 M requests at 100k rps on 2,000 tasks took 12 s. */
  secondsPerRequest: 1e-6,
  /** A task's start to stop (lifecycle events, throttles, billing): 20,000 cold starts took 1.1 s. */
  secondsPerTaskStart: 6e-5,
  /** Placement looks at every instance for every task: 10,000 tasks on 2,000 instances took 2.6 s. */
  secondsPerPlacementCheck: 1.5e-7,
  /** One evaluation of an rps expression. */
  secondsPerExpressionPoint: 1e-6,
  /** A trace row: its time and rate as two float64s (src/domain/trace.ts). */
  traceBytesPerRow: 16,
  /**
   * Reading and checking one CSV row (already spent when the estimate is made; it shows the
   * share): 1,000,000 per-minute rows with ISO times loaded in 1.3 s (validate 1.9 s, 0.6 s of it
   * start-up; peak RSS 141 MB against 100 MB without the trace).
   */
  secondsPerTraceRow: 1.3e-6,
} as const;

/** Runs beyond these are refused at load (see docs/scenarios.md, "Run size"). */
export const RUN_LIMITS = {
  /** 365 days × 50 alternatives (dense bound 2.6 GB; measured peak 1.3 GB) must fit; 100 years must not. */
  memoryBytes: 4 * 1024 ** 3,
  seconds: 30 * 60,
  /** Per-request mode is for checking the fluid model on short runs: about 100 s per run. */
  requestsPerRun: 1e8,
} as const;

/** One contribution to the estimate, with the field to change and how. */
export interface RunCost {
  what: string;
  path: string;
  bytes: number;
  seconds: number;
  change: string;
}

export interface RunEstimate {
  /** Alternatives × replications. */
  runs: number;
  minutes: number;
  /** Requests simulated one by one in each run (per-request mode), else 0. */
  requestsPerRun: number;
  memoryBytes: number;
  seconds: number;
  costs: RunCost[];
}

/** Highest rate the curve reaches (an upper bound for the mean). */
function peakRps(curve: Curve, horizonSeconds: number): number {
  switch (curve.type) {
    case 'constant':
      return curve.rps;
    case 'diurnal':
      return Math.max(curve.baseRps, curve.peakRps) * Math.max(1, curve.weekendFactor);
    case 'steps':
      return Math.max(curve.initialRps, ...curve.steps.map((s) => s.rps));
    case 'spike':
      return Math.max(curve.baseRps, curve.peakRps);
    case 'expression':
      return sampleExpression(curve.expr, curve.sampleSeconds, horizonSeconds).peakRps;
    case 'trace': {
      let top = 0;
      for (const r of curve.trace.rates) if (r > top) top = r;
      return top * curve.scale;
    }
    case 'sum':
      return curve.terms.reduce((sum, c) => sum + peakRps(c, horizonSeconds), 0);
  }
}

/** Rows of every trace in the curve (each kept as two float64s, in this process and each worker). */
function traceRows(curve: Curve): number {
  if (curve.type === 'trace') return curve.trace.times.length;
  if (curve.type === 'sum') return curve.terms.reduce((n, c) => n + traceRows(c), 0);
  return 0;
}

function expressionCount(curve: Curve, horizonSeconds: number): number {
  if (curve.type === 'expression') return expressionPoints(curve.sampleSeconds, horizonSeconds);
  if (curve.type === 'sum') return curve.terms.reduce((n, c) => n + expressionCount(c, horizonSeconds), 0);
  return 0;
}

/** Most tasks the service can have at once: desired, or the autoscaling ceiling (scheduled actions included). */
function peakServiceTasks(alt: Alternative): number {
  const s = alt.service;
  if (!s) return 0;
  const a = s.autoscaling;
  const ceilings = a ? [a.maxCapacity, ...a.scheduled.map((x) => x.maxCapacity ?? 0)] : [];
  return Math.max(s.desiredCount, ...ceilings);
}

function instancesOf(alt: Alternative): number {
  const c = alt.capacity;
  if (c.type === 'ec2') return c.instances;
  if (c.type === 'cluster') return c.providers.reduce((n, p) => n + (p.kind === 'asg' ? Math.max(p.maxSize, p.desiredSize) : 0), 0);
  return 0;
}

function jobsOf(alt: Alternative, horizonSeconds: number): number {
  const j = alt.jobs;
  if (!j) return 0;
  return j.arrival.type === 'poisson' ? j.arrival.perSecond * horizonSeconds : horizonSeconds / j.arrival.seconds;
}

/** Spot interruptions expected over the run (each restarts a task or an instance). */
function interruptionsOf(alt: Alternative, horizonSeconds: number, tasks: number): number {
  const c = alt.capacity;
  if (c.type !== 'cluster') return 0;
  const hours = horizonSeconds / 3600;
  return c.providers.reduce((n, p) => n + (p.spot ? p.spot.interruptionsPerHour * hours * (p.kind === 'asg' ? Math.max(p.maxSize, p.desiredSize) : tasks) : 0), 0);
}

export function estimateRun(scenario: Scenario): RunEstimate {
  const C = RUN_COSTS;
  const horizon = scenario.horizonSeconds;
  const minutes = Math.ceil(horizon / 60);
  const replications = Math.max(1, scenario.replications);
  const runs = scenario.alternatives.length * replications;
  const ticks = horizon / scenario.tickSeconds;
  const hasService = scenario.alternatives.some((a) => a.service);
  const expressionPoints = hasService ? expressionCount(scenario.workload.curve, horizon) : 0;
  const rps = hasService && scenario.mode === 'per-request' ? peakRps(scenario.workload.curve, horizon) : 0;

  const costs: RunCost[] = [
    {
      what: `per-minute series: ${minutes.toLocaleString('en-US')} minutes × ${scenario.alternatives.length} alternative${scenario.alternatives.length === 1 ? '' : 's'}`,
      path: 'horizon',
      bytes: minutes * (scenario.alternatives.length * C.seriesBytesPerMinute + C.gaugesPerRun * C.gaugeBytesPerMinute),
      seconds: runs * ticks * C.secondsPerTick,
      change: 'a shorter horizon, fewer alternatives or replications, or (time) a longer tick',
    },
  ];
  if (expressionPoints > 0) {
    costs.push({ what: `rps expression: ${expressionPoints.toLocaleString('en-US')} evaluations per run`, path: 'workload.rps', bytes: expressionPoints * 8, seconds: (runs + 1) * expressionPoints * C.secondsPerExpressionPoint, change: 'a longer sampleEvery' });
  }
  const rows = traceRows(scenario.workload.curve);
  if (rows > 0) {
    costs.push({ what: `rps trace: ${rows.toLocaleString('en-US')} rows`, path: 'workload.rps', bytes: rows * C.traceBytesPerRow, seconds: rows * C.secondsPerTraceRow, change: 'a shorter trace, or its rows summed to longer intervals' });
  }
  let requestsPerRun = 0;
  if (rps > 0) {
    const requests = (requestsPerRun = rps * horizon);
    costs.push({
      what: `per-request mode: up to ${rps.toLocaleString('en-US')} rps × ${formatDuration(horizon)} = ${requests.toExponential(1)} requests per run`,
      path: 'mode',
      bytes: 0,
      seconds: runs * requests * C.secondsPerRequest,
      change: 'mode: fluid (the same model as a rate), or a shorter horizon or lower rate',
    });
  }
  // The largest alternative sets tasks, instances and jobs (runs happen one at a time).
  let worst = { tasks: 0, instances: 0, jobs: 0, starts: 0, placementChecks: 0, queue: 0, at: 0 };
  scenario.alternatives.forEach((alt, i) => {
    const serviceTasks = peakServiceTasks(alt);
    const jobs = jobsOf(alt, horizon);
    const concurrentJobs = alt.jobs ? Math.min(alt.jobs.maxConcurrent, jobs) : 0;
    const tasks = serviceTasks + concurrentJobs;
    const instances = instancesOf(alt);
    const starts = serviceTasks * (1 + (alt.service?.deployments.length ?? 0)) + jobs + interruptionsOf(alt, horizon, tasks);
    const queue = scenario.mode === 'per-request' && alt.service ? serviceTasks * alt.service.queueLimitPerTask : 0;
    const placementChecks = starts * instances;
    if (tasks * C.taskBytes + starts * C.secondsPerTaskStart + placementChecks * C.secondsPerPlacementCheck + queue * 8 > worst.tasks * C.taskBytes + worst.starts * C.secondsPerTaskStart + worst.placementChecks * C.secondsPerPlacementCheck + worst.queue * 8) {
      worst = { tasks, instances, jobs, starts, placementChecks, queue, at: i };
    }
  });
  const at = `alternatives[${worst.at}]`;
  const alt = scenario.alternatives[worst.at];
  if (worst.tasks > 0 || worst.starts > 0) {
    const jobsPart = worst.jobs > 0;
    costs.push({
      what: `tasks: up to ${Math.round(worst.tasks).toLocaleString('en-US')} at once, ${Math.round(worst.starts).toLocaleString('en-US')} started per run${jobsPart ? ` (${Math.round(worst.jobs).toLocaleString('en-US')} jobs)` : ''}`,
      path: jobsPart && worst.jobs >= worst.starts / 2 ? `${at}.jobs.arrivals` : alt.service?.autoscaling ? `${at}.service.autoscaling.maxCapacity` : `${at}.service.desiredCount`,
      bytes: worst.tasks * C.taskBytes + worst.jobs * C.jobBytes + worst.queue * 8,
      seconds: replications * scenario.alternatives.length * worst.starts * C.secondsPerTaskStart,
      change: jobsPart ? 'fewer jobs (a lower arrival rate or a longer interval) or a shorter horizon' : 'fewer tasks (desiredCount, maxCapacity) or a shorter horizon',
    });
  }
  if (worst.instances > 0) {
    costs.push({
      what: `EC2 instances: up to ${worst.instances.toLocaleString('en-US')}, each looked at for every placement`,
      path: `${at}.capacity`,
      bytes: worst.instances * C.instanceBytes,
      seconds: runs * worst.placementChecks * C.secondsPerPlacementCheck,
      change: 'fewer instances (instances, max) or larger instance types',
    });
  }
  return {
    runs,
    minutes,
    requestsPerRun,
    memoryBytes: costs.reduce((n, c) => n + c.bytes, 0),
    seconds: costs.reduce((n, c) => n + c.seconds, 0),
    costs,
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(0)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

export function formatSeconds(s: number): string {
  if (s >= 86400 * 2) return `${Math.round(s / 86400)} days`;
  if (s >= 7200) return `${Math.round(s / 3600)} hours`;
  if (s >= 120) return `${Math.round(s / 60)} minutes`;
  return `${Math.ceil(s)} s`;
}

/** The problem with a run too big to start, or null: what it would take, what drives it, what to change. */
export function runTooBig(estimate: RunEstimate): { path: string; message: string; allowed: string } | null {
  const memory = estimate.memoryBytes > RUN_LIMITS.memoryBytes;
  const time = estimate.seconds > RUN_LIMITS.seconds;
  if (!memory && !time && estimate.requestsPerRun > RUN_LIMITS.requestsPerRun) {
    return {
      path: 'mode',
      message: `per-request mode would simulate ${estimate.requestsPerRun.toExponential(1)} requests one by one in each run (about ${formatSeconds(estimate.requestsPerRun * RUN_COSTS.secondsPerRequest)} per run)`,
      allowed: `at most ${RUN_LIMITS.requestsPerRun.toExponential(0)} requests per run in per-request mode: mode: fluid, or a shorter horizon or lower rate`,
    };
  }
  if (!memory && !time) return null;
  const driver = [...estimate.costs].sort((a, b) => (memory ? b.bytes - a.bytes : b.seconds - a.seconds))[0];
  return {
    path: driver.path,
    message: `the run is too big: it would need about ${formatBytes(estimate.memoryBytes)} of memory and ${formatSeconds(estimate.seconds)} (estimated), mostly for ${driver.what}`,
    allowed: `at most ${formatBytes(RUN_LIMITS.memoryBytes)} and ${formatSeconds(RUN_LIMITS.seconds)}: ${driver.change}`,
  };
}
