// A worker process for `compareParallel`: takes the scenario once, then runs the jobs it is sent,
// one at a time, and replies with each output (or the error, for the parent to report).
import type { Scenario } from '../domain/scenario.js';
import { DemandCache, runJob } from './compare.js';
import type { WorkerReply, WorkerRequest } from './parallel.js';

let scenario: Scenario | null = null;
let demands: DemandCache | null = null;

process.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'init') {
    scenario = msg.scenario;
    demands = new DemandCache(scenario);
    return;
  }
  let reply: WorkerReply;
  try {
    reply = { id: msg.id, output: runJob(scenario!, msg.job, demands!) };
  } catch (err) {
    reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send!(reply);
});
// The parent going away (killed, or done) ends this process too.
process.on('disconnect', () => process.exit(0));
