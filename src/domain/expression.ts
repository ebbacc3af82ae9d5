// A workload's mathjs expression of t (seconds), h (hour of day), d (day) and dow (day of week):
// checked against an allow-list, compiled where the workload evaluates it, and sampled over the
// whole horizon once at load time, on the grid the workload uses, so a NaN or a negative rate
// late in the run is a load error rather than a failed run.
//
// Only arithmetic, comparisons, the conditional and a list of pure numeric functions are allowed:
// mathjs functions that change its state (`import`, `createUnit`), evaluate other code
// (`evaluate`, `parse`), build large values (`1:10000000`, `zeros`), or draw random numbers (which
// would break determinism) are not available to expressions.

import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { FieldError } from './errors.js';

/** Variables an expression may read; `t` is seconds since the start (a Monday, 00:00 UTC). */
export const EXPRESSION_VARIABLES = ['t', 'h', 'd', 'dow'] as const;
const CONSTANTS = new Set(['pi', 'e', 'tau']);
/** Functions an expression may call: pure, numeric, constant time. */
export const EXPRESSION_FUNCTIONS = [
  'abs', 'ceil', 'floor', 'round', 'fix', 'sign', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log10', 'log2', 'log1p', 'pow', 'mod',
  'min', 'max', 'hypot', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh',
] as const;
const FUNCTIONS: ReadonlySet<string> = new Set(EXPRESSION_FUNCTIONS);
/** Operators by mathjs function name: arithmetic, comparison, logic (`!` factorial and bitwise ones are not here). */
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not',
]);
/** Longer than any rps formula needs; the parser recurses per nesting level. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Grid points sampled at load (≈ 1 µs each): one year at the default 60 s is 525,602. */
export const MAX_EXPRESSION_POINTS = 2_000_000;

const DAY = 86400;

/** What the node is, for a message, when it is not allowed. */
const REFUSED: Record<string, string> = {
  RangeNode: 'ranges (a:b)',
  AssignmentNode: 'assignments',
  FunctionAssignmentNode: 'function definitions',
  BlockNode: 'several statements',
  ArrayNode: 'lists and matrices',
  ObjectNode: 'objects',
  AccessorNode: 'property access and indexing',
  IndexNode: 'indexing',
};

function allowedText(): string {
  return `numbers, ${EXPRESSION_VARIABLES.join(', ')}, pi, e; + - * / ^ mod, comparisons, and, or, not, a ? b : c; functions ${EXPRESSION_FUNCTIONS.join(', ')}`;
}

/** Throws a FieldError naming the first thing the expression may not use. */
function checkNode(node: MathNode): void {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const v = n.value;
      if (v === undefined) throw new FieldError('the expression has nothing to evaluate', allowedText());
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new FieldError(`the expression uses ${typeof v === 'string' ? `the text ${JSON.stringify(v)}` : `the value ${String(v)}`}; only numbers are allowed`, allowedText());
      return;
    }
    case 'SymbolNode': {
      const name = String(n.name);
      if (!(EXPRESSION_VARIABLES as readonly string[]).includes(name) && !CONSTANTS.has(name)) {
        throw new FieldError(`unknown name "${name}" in the expression (units and other variables are not available)`, allowedText());
      }
      return;
    }
    case 'ParenthesisNode':
      return checkNode(n.content as MathNode);
    case 'ConditionalNode':
      for (const part of [n.condition, n.trueExpr, n.falseExpr]) checkNode(part as MathNode);
      return;
    case 'RelationalNode':
      for (const p of n.params as MathNode[]) checkNode(p);
      return;
    case 'OperatorNode': {
      const fn = String(n.fn);
      if (!OPERATORS.has(fn)) throw new FieldError(`the operator "${String(n.op)}" (${fn}) is not available in an rps expression`, allowedText());
      for (const a of n.args as MathNode[]) checkNode(a);
      return;
    }
    case 'FunctionNode': {
      const fn = n.fn as MathNode & { name?: string };
      const name = fn.type === 'SymbolNode' ? String(fn.name) : '';
      if (!FUNCTIONS.has(name)) throw new FieldError(`the function ${name ? `"${name}"` : 'call'} is not available in an rps expression`, allowedText());
      for (const a of n.args as MathNode[]) checkNode(a);
      return;
    }
    default:
      throw new FieldError(`${REFUSED[node.type] ?? node.type} cannot be used in an rps expression`, allowedText());
  }
}

type Compiled = { evaluate(scope: Record<string, number>): unknown };

/**
 * Parses and checks the expression against the allow-list, then compiles it. mathjs is loaded
 * only when a scenario uses an expression curve (it is most of capsim's start-up time).
 */
export function compileExpression(expr: string): Compiled {
  if (expr.length > MAX_EXPRESSION_LENGTH) throw new FieldError(`the expression is ${expr.length} characters long`, `at most ${MAX_EXPRESSION_LENGTH}`);
  const mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
  let node: MathNode;
  try {
    node = mathjs.parse(expr);
    checkNode(node);
  } catch (err) {
    if (err instanceof FieldError) throw err;
    if (err instanceof RangeError) throw new FieldError('the expression nests too deeply', 'fewer nested parentheses');
    throw new FieldError((err as Error).message, allowedText());
  }
  return node.compile();
}

/** The scope of grid point t, as the workload evaluates it. */
export function expressionScope(t: number): Record<string, number> {
  const d = Math.floor(t / DAY);
  return { t, h: (t % DAY) / 3600, d, dow: d % 7 };
}

/** Grid points of an expression over a horizon: t = 0, s, 2s, … one step past the end. */
export function expressionPoints(sampleSeconds: number, horizonSeconds: number): number {
  return Math.ceil(horizonSeconds / sampleSeconds) + 2;
}

function when(t: number): string {
  const d = Math.floor(t / DAY);
  const rest = t - d * DAY;
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  return `t = ${t} s (day ${d}, ${hh}:${mm})`;
}

export interface ExpressionSample {
  /** The first problem on the grid, or null. */
  problem: string | null;
  /** Largest value on the grid (requests per second). */
  peakRps: number;
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'im' in value) return 'a complex number (the square root or log of a negative number?)';
  return typeof value === 'object' ? 'a value that is not a number' : String(value);
}

const samples = new Map<string, ExpressionSample>();

/**
 * Evaluates the expression at every grid point the workload will use over the horizon. A value
 * that is not a finite number, or is negative, is a problem (the first one found is reported).
 * Remembers the last few answers: the load check and the run-size estimate both ask.
 */
export function sampleExpression(expr: string, sampleSeconds: number, horizonSeconds: number): ExpressionSample {
  const key = `${sampleSeconds}\u0000${horizonSeconds}\u0000${expr}`;
  const known = samples.get(key);
  if (known) return known;
  const code = compileExpression(expr);
  const points = expressionPoints(sampleSeconds, horizonSeconds);
  let out: ExpressionSample = { problem: null, peakRps: 0 };
  for (let i = 0; i < points; i++) {
    const t = i * sampleSeconds;
    let value: unknown;
    try {
      value = code.evaluate(expressionScope(t));
    } catch (err) {
      out = { problem: `it fails at ${when(t)}: ${(err as Error).message}`, peakRps: out.peakRps };
      break;
    }
    const rps = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : NaN;
    if (!Number.isFinite(rps)) {
      out = { problem: `it gives ${describe(value)} at ${when(t)}, not a number of requests per second`, peakRps: out.peakRps };
      break;
    }
    if (rps < 0) {
      out = { problem: `it gives a negative rate, ${rps} rps, at ${when(t)}`, peakRps: out.peakRps };
      break;
    }
    if (rps > out.peakRps) out.peakRps = rps;
  }
  if (samples.size >= 16) samples.delete(samples.keys().next().value!);
  samples.set(key, out);
  return out;
}
