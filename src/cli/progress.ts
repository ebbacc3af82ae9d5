// Progress of a long sweep: a bar (cli-progress) on a terminal with points, runs, rate and ETA;
// one line per 10 % when stderr is not a terminal (a CI log, a Kubernetes pod); nothing with
// --quiet. Everything goes to stderr, so stdout stays the table alone.

import cliProgress from 'cli-progress';
import type { SweepProgress } from '../run/sweep.js';

export interface Progress {
  update(p: SweepProgress): void;
  stop(): void;
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}

export function createProgress(opts: { quiet: boolean; tty: boolean; label: string; stream?: NodeJS.WritableStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  if (opts.tty) {
    const bar = new cliProgress.SingleBar(
      { format: `${opts.label} [{bar}] {percentage}% | points {points}/{pointsTotal} | runs {value}/{total} | {rate} runs/s | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, stream: stream as NodeJS.WritableStream & { isTTY?: boolean } } as cliProgress.Options,
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(p) {
        const rate = ((p.runsDone / Math.max(0.001, (Date.now() - started) / 1000))).toFixed(1);
        if (!begun) {
          bar.start(p.runsTotal, p.runsDone, { points: p.pointsDone, pointsTotal: p.pointsTotal, rate });
          begun = true;
        } else bar.update(p.runsDone, { points: p.pointsDone, pointsTotal: p.pointsTotal, rate });
      },
      stop() {
        if (begun) bar.stop();
        begun = false;
      },
    };
  }
  let lastTenth = -1;
  return {
    update(p) {
      if (p.runsTotal === 0) return;
      const tenth = Math.floor((p.runsDone / p.runsTotal) * 10);
      if (tenth <= lastTenth || (tenth === 0 && p.runsDone > 0)) return;
      lastTenth = tenth;
      const elapsed = (Date.now() - started) / 1000;
      const rate = p.runsDone / Math.max(0.001, elapsed);
      const left = rate > 0 ? (p.runsTotal - p.runsDone) / rate : Infinity;
      stream.write(`${opts.label}: ${tenth * 10}% (${p.pointsDone}/${p.pointsTotal} points, ${p.runsDone}/${p.runsTotal} runs, ${rate.toFixed(1)} runs/s, ETA ${p.runsDone === p.runsTotal ? '0 s' : eta(left)})\n`);
    },
    stop: () => undefined,
  };
}
