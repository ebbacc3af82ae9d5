// A workload's mathjs expression of t (seconds), h (hour of day), d (day) and dow (day of week):
// compiled where the workload evaluates it, and checked once at load time.

import { createRequire } from 'node:module';

/** mathjs is loaded only when a scenario uses an expression curve (it is most of capsim's start-up time). */
export function compileExpression(expr: string): { evaluate(scope: Record<string, number>): unknown } {
  const mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
  return mathjs.compile(expr);
}

/** Compiles and evaluates the expression once, to report a bad one at load time. */
export function checkExpression(expr: string): string | null {
  try {
    const value = compileExpression(expr).evaluate({ t: 0, h: 0, d: 0, dow: 0 });
    const rps = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(rps) ? null : `it gives ${String(value)} at t = 0, not a number of requests per second`;
  } catch (err) {
    return (err as Error).message;
  }
}

