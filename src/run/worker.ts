// A worker process for `compareParallel` and sweeps (started with V8 single-threaded, see
// parallel.ts): takes the scenario once, then runs the jobs it is sent, one at a time
// (`JobRunner`), and replies with each output (or the error, for the parent to report); a full
// run's output, megabytes for a long run, goes through a file in the parent's reply directory.
// The next job starts once the reply has been handed to the pipe. With a timeseries directory (a
// run that writes a report), a full run's timeseries.csv rows are written there before the reply,
// on this process's core, while the others still simulate, and its chart points go with the reply.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { AlternativeResult } from '../domain/result.js';
import type { Scenario } from '../domain/scenario.js';
import { downsample, type DisplaySeries } from '../domain/downsample.js';
import { writeAlternativeRows } from '../report/csv.js';
import { DemandCache, runJob, type RunJob, type RunOutput } from './compare.js';
import { timeseriesPartPath, type WorkerReply, type WorkerRequest } from './parallel.js';

/**
 * Runs any job of a comparison or a sweep: the scenario the job names (a sweep point's, or the
 * comparison's), with the demand its seed shares with the jobs before it. A comparison's full run
 * with a timeseries directory also writes its timeseries.csv rows there and attaches its chart
 * points (the main process then need not unpack the columns for them).
 */
class JobRunner {
  private readonly demands: DemandCache;
  /** A sweep: one demand cache per group of points with the same demand (the last two kept: points come in order). */
  private readonly pointDemands = new Map<number, DemandCache>();

  constructor(
    private readonly scenario: Scenario,
    private readonly points: readonly Scenario[] = [],
    private readonly demandGroups: readonly number[] = [],
    private readonly timeseriesDir?: string,
    private readonly ledger?: boolean,
  ) {
    this.demands = new DemandCache(scenario);
  }

  run(job: RunJob): RunOutput {
    if (job.point !== undefined) return runJob(this.points[job.point], job, this.demandsOfPoint(job.point));
    const dir = this.timeseriesDir;
    let display: DisplaySeries | undefined;
    const output = runJob(this.scenario, job, this.demands, {
      ledger: this.ledger,
      onFull: (result: AlternativeResult) => {
        if (dir === undefined) return;
        writeAlternativeRows(timeseriesPartPath(dir, job.alt), result);
        display = downsample(result.series);
      },
    });
    return output.kind === 'full' && display !== undefined ? { ...output, display } : output;
  }

  private demandsOfPoint(point: number): DemandCache {
    const group = this.demandGroups[point];
    let cache = this.pointDemands.get(group);
    if (!cache) {
      cache = new DemandCache(this.points[group]);
      this.pointDemands.set(group, cache);
      if (this.pointDemands.size > 2) this.pointDemands.delete(this.pointDemands.keys().next().value!);
    }
    return cache;
  }
}

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
    runner = new JobRunner(msg.scenario, msg.points, msg.demandGroups, msg.timeseriesDir, msg.ledger);
    replyDir = msg.replyDir ?? null;
    return;
  }
  queue.push({ id: msg.id, job: msg.job });
  if (!busy) next();
});
// The parent going away (killed, or done) ends this process too.
process.on('disconnect', () => process.exit(0));
