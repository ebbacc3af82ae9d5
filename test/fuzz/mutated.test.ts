// Fuzzing, part 1: the shipped scenarios and fixtures mutated as objects (wrong types, extremes,
// NaN, unknown keys, deletions, empty and duplicated lists, deep nesting, unicode, typos), loaded
// from YAML text and through the library API. 6,000 cases; see generators.ts for the property.
// With part 2 (text.test.ts) over 11,500 cases a run, about 20 s on the 2-core machine;
// CAPSIM_FUZZ_SCALE=10 runs a ten times longer campaign by hand.
//
// What the fuzzer found when it was written (each fixed, and pinned by a hand-written test in
// test/scenario/hostile.test.ts, "found by the fuzzer"): "missing required field (expected
// string, received undefined)"; "Invalid input" for a price, a managedScaling or a blue/green
// shift of the wrong shape; a key spanning lines broke the one-line-per-problem format, and a
// collection key made the YAML library print a warning to stderr; an alternatives list holding a
// number and an empty slot crashed the second pass with a TypeError; an empty rps expression
// (";") was "the value undefined"; parseScenario(undefined) threw a TypeError; and Poisson jobs at
// rate 0 loaded, then stopped the run with "exponential: mean must be a finite number".

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedObjectArb, parseText, toText, validateObject, runs, FILE_TIMEOUT_MS } from './generators.js';

describe('fuzz: mutated scenarios', () => {
  it('as YAML files: a valid scenario or a clear error naming file and field (4,000 cases)', () => {
    let errors = 0;
    fc.assert(
      fc.property(mutatedObjectArb, (doc) => {
        if (parseText(toText(doc)).kind === 'error') errors++;
      }),
      { numRuns: runs(4000) },
    );
    // the mutations are meant to break things: most cases must end in an error
    expect(errors).toBeGreaterThan(runs(2000));
  }, FILE_TIMEOUT_MS);

  it('through validateScenario (library API, values YAML cannot carry included): same property (2,000 cases)', () => {
    fc.assert(
      fc.property(mutatedObjectArb, (doc) => {
        validateObject(doc);
      }),
      { numRuns: runs(2000) },
    );
  }, FILE_TIMEOUT_MS);
});
