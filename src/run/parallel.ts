// Runs a comparison's (alternative, replication) pairs on worker threads (DESIGN §5). Each run is
// independent and seeded, so the result is the same, byte for byte, as `compare`'s. Falls back to
// running in this thread for a single run, one job, or when the compiled worker is absent (tests
// that run the TypeScript sources).
//
// Measured on the 2-vCPU development machine (2026-11-23): two workers gave no speed-up (a
// 120-day, 4-alternative web-api run: 3.0 s on one thread, 3.3 s on two), although a plain
// floating-point loop scales 94 %; each simulation ran twice as slowly beside another. Not yet
// explained (not GC threads, not concurrent compilation), so the CLI defaults to one thread.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../domain/scenario.js';
import { assembleComparison, compare, comparisonRuns } from './compare.js';
import type { AlternativeResult, ComparisonResult } from '../domain/result.js';

const WORKER = new URL('./worker.js', import.meta.url);

export async function compareParallel(scenario: Scenario, opts: { seed?: number; jobs?: number } = {}): Promise<ComparisonResult> {
  const seed = typeof opts.seed === 'number' ? opts.seed : scenario.seed;
  const runs = comparisonRuns(scenario, seed);
  const jobs = Math.min(runs.length, Math.max(1, opts.jobs ?? availableParallelism()));
  if (jobs <= 1 || !existsSync(fileURLToPath(WORKER))) return compare(scenario, { seed });

  const results = new Array<AlternativeResult>(runs.length);
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let live = jobs;
    const workers: Worker[] = [];
    const fail = (err: Error) => {
      for (const w of workers) void w.terminate();
      reject(err);
    };
    const feed = (worker: Worker) => {
      if (next >= runs.length) {
        void worker.terminate();
        if (--live === 0) resolve();
        return;
      }
      const id = next++;
      worker.postMessage({ id, scenario, alt: runs[id].alt, seed: runs[id].seed });
    };
    for (let w = 0; w < jobs; w++) {
      const worker = new Worker(WORKER);
      workers.push(worker);
      worker.on('message', (msg: { id: number; result?: AlternativeResult; error?: string }) => {
        if (msg.error !== undefined) return fail(new Error(msg.error));
        results[msg.id] = msg.result!;
        feed(worker);
      });
      worker.on('error', fail);
      feed(worker);
    }
  });
  return assembleComparison(scenario, seed, results);
}
