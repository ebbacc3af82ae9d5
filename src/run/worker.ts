// A worker process for `compareParallel`: takes the scenario once, then runs the jobs it is sent,
// one at a time, and replies with each output (or the error, for the parent to report). A reply
// is megabytes for a long run, and the pipe drains only while this process's event loop turns, so
// the next job starts once the reply has been handed to the pipe, not while it is still queued.
import type { Scenario } from '../domain/scenario.js';
import { DemandCache, runJob, type RunJob } from './compare.js';
import type { WorkerReply, WorkerRequest } from './parallel.js';

let scenario: Scenario | null = null;
let demands: DemandCache | null = null;
const queue: { id: number; job: RunJob }[] = [];
let busy = false;

function next(): void {
  const item = queue.shift();
  if (!item) {
    busy = false;
    return;
  }
  busy = true;
  let reply: WorkerReply;
  try {
    reply = { id: item.id, output: runJob(scenario!, item.job, demands!) };
  } catch (err) {
    reply = { id: item.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send!(reply, undefined, {}, () => setImmediate(next));
}

process.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'init') {
    scenario = msg.scenario;
    demands = new DemandCache(scenario);
    return;
  }
  queue.push({ id: msg.id, job: msg.job });
  if (!busy) next();
});
// The parent going away (killed, or done) ends this process too.
process.on('disconnect', () => process.exit(0));
