// Fuzzing, part 2: YAML text edited character by character (stray colons, brackets, anchors,
// tags, document markers, tabs, BOMs), arbitrary documents, the command-line flag and gate
// parsers, and a bounded set of valid mutated scenarios run through a short simulation.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/errors.js';
import { parseGates } from '../../src/domain/gates.js';
import { FlagError, failOnFlag, jobsFlag, pathFlag, seedFlag, toleranceFlag } from '../../src/cli/flags.js';
import { compare } from '../../src/run/compare.js';
import { estimateRun } from '../../src/scenario/estimate.js';
import { editedTextArb, mutate, mutationArb, parseText, toText, validateObject, BASE_OBJECTS, runs, FILE_TIMEOUT_MS } from './generators.js';

describe('fuzz: edited text and arbitrary documents', () => {
  it('edited YAML: a valid scenario or a clear error (3,000 cases)', () => {
    fc.assert(
      fc.property(editedTextArb, (text) => {
        parseText(text);
      }),
      { numRuns: runs(3000) },
    );
  }, FILE_TIMEOUT_MS);

  it('any document at all, as YAML and as an object (1,000 + 500 cases)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (doc) => {
        parseText(toText(doc));
      }),
      { numRuns: runs(1000) },
    );
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (doc) => {
        validateObject(doc);
      }),
      { numRuns: runs(500) },
    );
  }, FILE_TIMEOUT_MS);
});

describe('fuzz: rps expressions', () => {
  const TOKENS = ['t', 'h', 'd', 'dow', 'pi', 'e', 'x', '+', '-', '*', '/', '^', '%', ' mod ', '(', ')', '[', ']', ',', ':', '?', '<', '>=', '==', ' and ', ' not ', '!', '1', '0', '0.5', '1e308', '-1', 'sin(', 'max(', 'min(', 'sqrt(', 'log(', 'sum(', 'range(', 'import(', 'f(x)=', '=', ';', '"', "'", '.', ' ', 'Infinity', 'NaN'];
  it('any token soup in an expression curve over a day: a rate everywhere or a clear error (1,000 cases)', () => {
    const exprArb = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 }).map((ts) => ts.join(''));
    fc.assert(
      fc.property(exprArb, (expr) => {
        const doc = structuredClone(BASE_OBJECTS[6]) as Record<string, unknown>;
        doc.horizon = '1d';
        (doc.workload as Record<string, unknown>).rps = { type: 'expression', expr };
        parseText(toText(doc));
      }),
      { numRuns: runs(1000) },
    );
  }, FILE_TIMEOUT_MS);
});

describe('fuzz: command-line values', () => {
  it('--seed, --jobs, --tolerance, --out, --fail-on: a value or a FlagError, never anything else (1,000 cases)', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('1.5', '-1', '1e300', 'NaN', '0x10', ' 3 ', '5%', '1e3', '', 'cost>+5%', 'cost>5%,p95>+1', 'cots>1'), fc.array(fc.string(), { minLength: 2, maxLength: 2 }));
    fc.assert(
      fc.property(text, (value) => {
        for (const parse of [seedFlag, jobsFlag, (v: unknown) => toleranceFlag(v, 'base.json'), (v: unknown) => pathFlag('out', v), failOnFlag]) {
          try {
            parse(value);
          } catch (err) {
            if (!(err instanceof FlagError)) throw err;
            expect(err.message).toMatch(/^--[a-z-]+: .+; allowed: .+/);
          }
        }
        try {
          parseGates(String(value));
        } catch (err) {
          if (!(err instanceof FieldError)) throw err;
        }
      }),
      { numRuns: runs(1000) },
    );
  }, FILE_TIMEOUT_MS);
});

describe('fuzz: valid mutated scenarios run', () => {
  it(`${runs(40)} of them, shortened to 30 minutes, simulate without an exception`, () => {
    const candidates = fc.sample(fc.tuple(fc.nat({ max: BASE_OBJECTS.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 2 })), { numRuns: runs(4000) });
    let ran = 0;
    for (const [i, mutations] of candidates) {
      if (ran === runs(40)) break;
      const doc = mutate(BASE_OBJECTS[i], mutations) as Record<string, unknown>;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue;
      doc.horizon = '30m';
      delete doc.replications;
      const outcome = parseText(toText(doc));
      if (outcome.kind !== 'valid' || estimateRun(outcome.scenario).seconds > 0.5) continue;
      const result = compare(outcome.scenario);
      expect(result.alternatives.length).toBe(outcome.scenario.alternatives.length);
      for (const alt of result.alternatives) expect(Number.isFinite(alt.cost.totalUsd)).toBe(true);
      ran++;
    }
    expect(ran).toBe(runs(40));
  }, FILE_TIMEOUT_MS);
});
