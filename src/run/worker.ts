// A worker thread for `compareParallel`: runs one (alternative, seed) at a time and posts the result.
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../domain/scenario.js';
import { simulateAlternative } from './simulate.js';

parentPort?.on('message', (job: { id: number; scenario: Scenario; alt: number; seed: number | string }) => {
  try {
    const result = simulateAlternative(job.scenario, job.scenario.alternatives[job.alt], { seed: job.seed });
    parentPort!.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
