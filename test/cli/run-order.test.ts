// `capsim run` checks --out before it simulates: a bad output directory costs no simulation
// time. The simulation is replaced by a spy, so the order is observed, not timed.

import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const simulate = vi.hoisted(() => vi.fn());
vi.mock('../../src/run/parallel.js', () => ({ compareParallel: simulate }));

const { runCommand } = await import('../../src/cli/run.js');
const { OutputDirError } = await import('../../src/report/index.js');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GOOD = join(ROOT, 'test/fixtures/cli/good.yaml');

describe('capsim run --out', () => {
  it.each([
    ['a file', GOOD],
    ['a path under a file', join(GOOD, 'report')],
    ['an unwritable place', '/proc/capsim-test/report'],
    ['an empty path', ''],
  ])('%s is refused before the simulation runs', async (_what, out) => {
    simulate.mockClear();
    await expect(runCommand({ scenario: GOOD, out, format: 'table', color: false })).rejects.toBeInstanceOf(OutputDirError);
    expect(simulate).not.toHaveBeenCalled();
  });
});
