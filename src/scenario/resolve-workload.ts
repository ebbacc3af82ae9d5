// The workload as resolved: an rps curve (or a sum of curves) in base units, and a load-time
// check that every mathjs expression evaluates.

import { checkExpression } from '../domain/expression.js';
import type { Curve } from '../domain/scenario.js';
import { DEFAULTS, type Issues } from './defaults.js';
import type { CurveParsed } from './schema.js';

export function resolveCurve(input: CurveParsed): Curve {
  if (Array.isArray(input)) return { type: 'sum', terms: input.map(resolveCurve) };
  switch (input.type) {
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

export function checkCurveExpressions(input: CurveParsed, path: string, issues: Issues): void {
  if (Array.isArray(input)) {
    input.forEach((c, i) => checkCurveExpressions(c, `${path}[${i}]`, issues));
    return;
  }
  if (input.type !== 'expression') return;
  const problem = checkExpression(input.expr);
  if (problem) issues.push({ path: `${path}.expr`, message: `the rps expression does not evaluate: ${problem}`, value: input.expr, allowed: 'a mathjs expression of t (s), h (hour of day), d (day), dow (0 = Monday), e.g. "100 + 50 * sin(2 * pi * t / 86400)"' });
}
