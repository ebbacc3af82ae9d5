// Whole-process measurements for the scale sections: the shipped web-api scenario stretched to
// a horizon (and to more alternatives or replications) in a temporary file, and a command timed
// from spawn to exit with every process's peak resident memory (the rss-probe hook).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_API = fileURLToPath(new URL('../../scenarios/web-api.yaml', import.meta.url));
/** The `capsim` command as installed: the bundle `npm run build` writes (scripts/bundle.mjs). */
export const CLI = fileURLToPath(new URL('../bundle/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

export interface WebApiVariant {
  horizon: string;
  replications?: number;
  /** Replace the four shipped alternatives with this many Fargate ones, target CPU 30 %, 31 %, … */
  fargateTargets?: number;
}

/** Runs `work` with a fresh temporary directory for scenarios and outputs, removed afterwards whatever happens. */
export function inBenchDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** web-api.yaml with another horizon (and replications, or more alternatives), written into `dir`. */
export function webApiScenario(dir: string, v: WebApiVariant): string {
  let text = readFileSync(WEB_API, 'utf8').replace(/^horizon: .*$/m, `horizon: ${v.horizon}`);
  if (v.replications) text = text.replace(/^tick: .*$/m, (line) => `${line}\nreplications: ${v.replications}`);
  if (v.fargateTargets) {
    const alts = Array.from({ length: v.fargateTargets }, (_, i) => {
      const target = 30 + i;
      return `  - name: fargate-target-${target}\n    capacity: { type: fargate }\n    service: { autoscaling: { targetTracking: [{ metric: cpu, target: ${target} }] } }`;
    });
    text = text.slice(0, text.indexOf('alternatives:')) + `alternatives:\n${alts.join('\n')}\n`;
  }
  const file = join(dir, `web-api-${v.horizon}-r${v.replications ?? 1}-a${v.fargateTargets ?? 4}.yaml`);
  writeFileSync(file, text);
  return file;
}

export interface ProcessRun {
  wallSeconds: number;
  /** Peak RSS of the first process (the CLI), MiB. */
  peakRssMiB: number;
  /** Sum of every process's peak (CLI and workers): an upper bound on what ran at once, MiB. */
  totalPeakRssMiB: number;
  /** CPU time of every process and all its threads (user + system), s: over the wall time, the cores the run kept busy. */
  cpuSeconds: number;
  processes: number;
}

/** Runs `node <args>` to the end (output discarded) and measures it; throws if it fails. */
export function timeNode(args: readonly string[]): ProcessRun {
  return inBenchDir((dir) => {
    const log = join(dir, 'rss.log');
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', PROBE, ...args], { env: { ...process.env, CAPSIM_RSS_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
    const peaks = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ').map(Number));
    const main = peaks.find(([pid]) => pid === r.pid) ?? peaks[peaks.length - 1];
    return {
      wallSeconds,
      peakRssMiB: main[1] / 1024,
      totalPeakRssMiB: peaks.reduce((a, [, kib]) => a + kib, 0) / 1024,
      cpuSeconds: peaks.reduce((a, [, , micros]) => a + micros, 0) / 1e6,
      processes: peaks.length,
    };
  });
}

/**
 * Starts `copies` cold processes of `node <args>` at once and times them until the last ends:
 * what the machine gives independent runs side by side (with V8's default threads).
 */
export function timeNodesTogether(args: readonly string[], copies: number): number {
  const script = `
    const { spawn } = require('node:child_process');
    const args = JSON.parse(process.argv[1]);
    let left = ${copies};
    for (let i = 0; i < ${copies}; i++) {
      spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', (code) => {
        if (code !== 0) process.exit(1);
        if (--left === 0) process.exit(0);
      });
    }`;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(args)], { stdio: 'ignore' });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${copies} x node ${args.join(' ')} side by side failed (${r.status ?? r.signal})`);
  return wallSeconds;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
