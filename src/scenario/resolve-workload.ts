// The workload as resolved: an rps curve (or a sum of curves) in base units, and a load-time
// check that every mathjs expression uses only what is allowed and is a rate ≥ 0 at every point
// of the grid the run will evaluate it on. Trace files are read here, once, relative to the
// scenario file's folder; a problem in one is an issue of the curve's `file` field.

import { dirname, resolve as resolvePath } from 'node:path';
import { FieldError } from '../domain/errors.js';
import { MAX_EXPRESSION_POINTS, compileExpression, expressionPoints, sampleExpression } from '../domain/expression.js';
import type { Curve } from '../domain/scenario.js';
import { TraceError, readTrace } from '../domain/trace.js';
import { DEFAULTS, type Issues } from './defaults.js';
import type { CurveParsed } from './schema.js';
import { formatDuration } from './units.js';

/** Where trace files are found and their problems reported; without it a trace is an error. */
export interface CurveContext {
  scenarioFile: string;
  issues: Issues;
}

export function resolveCurve(input: CurveParsed, ctx?: CurveContext, path = 'workload.rps'): Curve {
  if (Array.isArray(input)) return { type: 'sum', terms: input.map((term, i) => resolveCurve(term, ctx, `${path}[${i}]`)) };
  switch (input.type) {
    case 'trace':
      return resolveTrace(input, ctx, path);
    case 'constant':
      return { type: 'constant', rps: input.rps };
    case 'diurnal':
      return { type: 'diurnal', baseRps: input.base, peakRps: input.peak, peakHour: input.peakHour ?? DEFAULTS.peakHour, weekendFactor: input.weekendFactor ?? 1 };
    case 'steps':
      return {
        type: 'steps',
        initialRps: input.initial ?? 0,
        steps: input.steps.map((s) => ({ atSeconds: s.at, rps: s.rps })).sort((a, b) => a.atSeconds - b.atSeconds),
      };
    case 'spike':
      return {
        type: 'spike',
        baseRps: input.base ?? 0,
        peakRps: input.peak,
        atSeconds: input.at,
        rampUpSeconds: input.rampUp ?? 0,
        holdSeconds: input.hold,
        rampDownSeconds: input.rampDown ?? 0,
      };
    case 'expression':
      return { type: 'expression', expr: input.expr, sampleSeconds: input.sampleEvery ?? DEFAULTS.expressionSampleSeconds };
  }
}

function resolveTrace(input: Extract<CurveParsed, { type: 'trace' }>, ctx: CurveContext | undefined, path: string): Curve {
  const spec = { type: 'trace' as const, file: input.file, interpolate: input.interpolate ?? 'step', scale: input.scale ?? 1, shiftSeconds: input.shift ?? 0, loop: input.loop ?? false, ...(input.metric !== undefined ? { metric: input.metric } : {}) };
  const at = ctx ? resolvePath(dirname(ctx.scenarioFile), input.file) : input.file;
  try {
    return { ...spec, trace: readTrace(at, input.file, { metric: input.metric }) };
  } catch (err) {
    if (!(err instanceof TraceError) || !ctx) throw err;
    ctx.issues.push({ path: `${path}.file`, message: err.message, value: input.file, allowed: err.allowed });
    // A placeholder the caller never runs: the scenario fails with the issue above.
    return { type: 'constant', rps: 0 };
  }
}

export function checkCurveExpressions(input: CurveParsed, path: string, issues: Issues, horizonSeconds: number): void {
  if (Array.isArray(input)) {
    input.forEach((c, i) => checkCurveExpressions(c, `${path}[${i}]`, issues, horizonSeconds));
    return;
  }
  if (input.type !== 'expression') return;
  const allowed = 'a mathjs expression of t (s), h (hour of day), d (day), dow (0 = Monday) that stays a number ≥ 0, e.g. "100 + 50 * sin(2 * pi * t / 86400)"; max(0, …) keeps it from going negative';
  try {
    compileExpression(input.expr);
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    issues.push({ path: `${path}.expr`, message: `the rps expression cannot be used: ${err.message}`, value: input.expr, allowed: err.allowed ?? allowed });
    return;
  }
  const step = input.sampleEvery ?? DEFAULTS.expressionSampleSeconds;
  if (step <= 0) {
    issues.push({ path: `${path}.sampleEvery`, message: 'the expression must be sampled at some interval', value: input.sampleEvery, allowed: 'a duration above 0, e.g. 60s' });
    return;
  }
  const points = expressionPoints(step, horizonSeconds);
  if (points > MAX_EXPRESSION_POINTS) {
    const atLeast = Math.ceil(horizonSeconds / (MAX_EXPRESSION_POINTS - 2));
    issues.push({
      path: `${path}.sampleEvery`,
      message: `sampling every ${formatDuration(step)} over ${formatDuration(horizonSeconds)} evaluates the expression ${points.toLocaleString('en-US')} times (about ${Math.ceil(points / 1e6)} s at load and again in each run)`,
      value: input.sampleEvery,
      allowed: `at most ${MAX_EXPRESSION_POINTS.toLocaleString('en-US')} evaluations: sampleEvery of at least ${atLeast}s, or a shorter horizon`,
    });
    return;
  }
  const { problem } = sampleExpression(input.expr, step, horizonSeconds);
  if (problem) issues.push({ path: `${path}.expr`, message: `the rps expression is not a rate everywhere: ${problem}`, value: input.expr, allowed });
}
