// A worker process for `compareParallel` and sweeps (started with V8 single-threaded, see
// parallel.ts): takes the scenario once, then runs the jobs it is sent, one at a time
// (`JobRunner`), and replies with each output (or the error, for the parent to report); a full
// run's output, megabytes for a long run, goes through a file in the parent's reply directory.
// The next job starts once the reply has been handed to the pipe. With a timeseries directory, a full run's timeseries.csv rows are
// written there before the reply, on this process's core, while the others still simulate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { RunJob } from './compare.js';
import { JobRunner, type WorkerReply, type WorkerRequest } from './parallel.js';

let runner: JobRunner | null = null;
let replyDir: string | null = null;
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
    const output = runner!.run(item.job);
    if (output.kind === 'full' && replyDir !== null) {
      // Megabytes: through a file, so the pipe carries only small messages (see parallel.ts).
      const file = join(replyDir, `${item.id}.v8`);
      writeFileSync(file, serialize(output));
      reply = { id: item.id, file };
    } else reply = { id: item.id, output };
  } catch (err) {
    reply = { id: item.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send!(reply, undefined, {}, () => setImmediate(next));
}

process.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'init') {
    // Chart points only for a run that writes a report (its rows come here too): the report
    // would otherwise compute them itself from the columns.
    runner = new JobRunner(msg.scenario, msg.points, msg.demandGroups, msg.timeseriesDir, msg.timeseriesDir !== undefined);
    replyDir = msg.replyDir ?? null;
    return;
  }
  queue.push({ id: msg.id, job: msg.job });
  if (!busy) next();
});
// The parent going away (killed, or done) ends this process too.
process.on('disconnect', () => process.exit(0));
