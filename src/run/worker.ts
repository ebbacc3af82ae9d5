// A worker process for `compareParallel`: takes the scenario once, then runs the jobs it is sent,
// one at a time, and replies with each output (or the error, for the parent to report). A reply
// is megabytes for a long run, and the pipe drains only while this process's event loop turns, so
// the next job starts once the reply has been handed to the pipe, not while it is still queued.
// With a timeseries directory, a full run's timeseries.csv rows are written there before the
// reply, on this process's core, while other workers still simulate.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import type { AlternativeResult } from '../domain/result.js';
import type { Scenario } from '../domain/scenario.js';
import { alternativeCsvChunks } from '../report/csv.js';
import { DemandCache, runJob, type RunJob } from './compare.js';
import { timeseriesPartPath, type WorkerReply, type WorkerRequest } from './parallel.js';

let scenario: Scenario | null = null;
let demands: DemandCache | null = null;
// A sweep: one scenario per point, and one demand cache per group of points with the same demand.
let points: Scenario[] = [];
let demandGroups: number[] = [];
const pointDemands = new Map<number, DemandCache>();
let timeseriesDir: string | null = null;

/** An alternative's timeseries.csv rows, written under a temporary name and renamed when whole. */
function writeRows(path: string, result: AlternativeResult): void {
  const fd = openSync(`${path}.part`, 'w');
  try {
    for (const chunk of alternativeCsvChunks(result)) for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.part`, path);
}

function demandsFor(job: RunJob): DemandCache {
  if (job.point === undefined) return demands!;
  const group = demandGroups[job.point];
  let cache = pointDemands.get(group);
  if (!cache) {
    cache = new DemandCache(points[group]);
    pointDemands.set(group, cache);
    // Points come in order, so the last two groups are all a worker needs to keep.
    if (pointDemands.size > 2) pointDemands.delete(pointDemands.keys().next().value!);
  }
  return cache;
}
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
    const own = item.job.point === undefined ? scenario! : points[item.job.point];
    const dir = item.job.point === undefined ? timeseriesDir : null;
    const rows = dir === null ? undefined : (result: AlternativeResult) => writeRows(timeseriesPartPath(dir, item.job.alt), result);
    reply = { id: item.id, output: runJob(own, item.job, demandsFor(item.job), rows) };
  } catch (err) {
    reply = { id: item.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send!(reply, undefined, {}, () => setImmediate(next));
}

process.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'init') {
    scenario = msg.scenario;
    demands = new DemandCache(scenario);
    points = msg.points ?? [];
    demandGroups = msg.demandGroups ?? [];
    timeseriesDir = msg.timeseriesDir ?? null;
    return;
  }
  queue.push({ id: msg.id, job: msg.job });
  if (!busy) next();
});
// The parent going away (killed, or done) ends this process too.
process.on('disconnect', () => process.exit(0));
