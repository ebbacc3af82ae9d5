// Golden run (SimGrid's .tesh idea): a small scenario's results.json, checked in. Any change to
// the model that moves a number shows here. When the change is intended, regenerate with
// `npm run golden` and say in the commit why the numbers moved.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario } from '../../src/index.js';
import { resultsJson } from '../../src/report/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const expectedFile = join(here, 'small.results.json');

describe('golden run', () => {
  it('small.yaml gives the checked-in results.json, byte for byte', () => {
    // Loaded by its absolute path: results.json records it relative to the working directory (the
    // repository root), so the bytes do not depend on where the checkout lives.
    const actual = resultsJson(compare(loadScenario(join(here, 'small.yaml'))));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual);
    const expected = readFileSync(expectedFile, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = a.findIndex((l, i) => l !== e[i]);
      expect.fail(`results differ from ${expectedFile} first at line ${line + 1}:\n  expected: ${e[line]}\n  actual:   ${a[line]}\nIf the change is intended, run \`npm run golden\` and say why in the commit.`);
    }
  });
});
