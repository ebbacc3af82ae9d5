// Whole runs at scale, each a cold process as a user starts it: a year of web-api with four
// alternatives (simulation alone, then with every output, on one process and on all cores);
// one process against two on replications; and, when asked for, a year of fifty alternatives.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CLI, inBenchDir, median, timeNode, timeNodesTogether, webApiScenario, type ProcessRun } from './process.js';
import type { BenchSection, Report } from './section.js';

const YEAR4_TARGET_SECONDS = 6;
const YEAR4_TARGET_RSS_MIB = 500;
const PARALLEL_TARGET_SPEEDUP = 1.6;
const YEAR50_TARGET_RSS_MIB = 3 * 1024;
const PAIRS = 3;
const LONG_PAIRS = 2;

function rssNote(r: ProcessRun): string {
  return r.processes > 1 ? `(${r.processes} processes; CLI alone ${r.peakRssMiB.toFixed(0)} MiB)` : '';
}

export const year4Section: BenchSection = {
  name: 'year4',
  title: 'web-api, 365 days x 4 alternatives, whole cold process',
  run(report: Report): boolean {
    return inBenchDir((dir) => {
      const scenario = webApiScenario(dir, { horizon: '365d' });
      const cores = availableParallelism();
      const simOnly = timeNode([CLI, 'run', scenario, '--jobs', '1']);
      const one = timeNode([CLI, 'run', scenario, '--jobs', '1', '--out', join(dir, 'out-1')]);
      const all = timeNode([CLI, 'run', scenario, '--jobs', String(cores), '--out', join(dir, 'out-n')]);
      report.note(`each run once, cold (a new process, as a user's run); ${cores} cores`);
      report.figure('year4.simOnly.wall', 'simulation only, --jobs 1: wall', simOnly.wallSeconds, 's', 2, 'lower', { normalised: true });
      report.figure('year4.simOnly.altYearsPerSecond', '  alternative-years per second', 4 / simOnly.wallSeconds, '/s', 2, 'higher', { normalised: true });
      report.figure('year4.jobs1.wall', 'all outputs, --jobs 1: wall', one.wallSeconds, 's', 2, 'lower', { normalised: true });
      report.figure('year4.jobs1.rss', '  peak RSS', one.totalPeakRssMiB, 'MiB', 0, 'lower');
      report.figure('year4.jobsN.wall', `all outputs, --jobs ${cores}: wall`, all.wallSeconds, 's', 2, 'lower', { normalised: true });
      report.figure('year4.jobsN.rss', '  peak RSS, all processes', all.totalPeakRssMiB, 'MiB', 0, 'lower', { note: rssNote(all) });
      report.row('  outputs cost (jobs 1 − simulation only)', one.wallSeconds - simOnly.wallSeconds, 's', 2);
      const best = all.wallSeconds < one.wallSeconds ? all : one;
      report.target(`${YEAR4_TARGET_SECONDS} s with outputs`, best.wallSeconds <= YEAR4_TARGET_SECONDS);
      report.target(`${YEAR4_TARGET_RSS_MIB} MiB (jobs 1)`, one.totalPeakRssMiB <= YEAR4_TARGET_RSS_MIB);
      return true;
    });
  },
};

export const parallelSection: BenchSection = {
  name: 'parallel',
  title: 'web-api, 14 days x 4 alternatives x 10 replications: --jobs 1 against --jobs 2, two whole runs side by side, and the same on 90 days',
  run(report: Report): boolean {
    return inBenchDir((dir) => {
      const scenario = webApiScenario(dir, { horizon: '14d', replications: 10 });
      const one: number[] = [];
      const two: number[] = [];
      const oneCpu: number[] = [];
      const twoCpu: number[] = [];
      const leastCpu: number[] = [];
      const sideBySide: number[] = [];
      // Interleaved A B C A B C …: a slow spell on the shared machine hits every side alike.
      for (let i = 0; i < PAIRS; i++) {
        const a = timeNode([CLI, 'run', scenario, '--jobs', '1']);
        const b = timeNode([CLI, 'run', scenario, '--jobs', '2']);
        one.push(a.wallSeconds);
        oneCpu.push(a.cpuSeconds);
        two.push(b.wallSeconds);
        twoCpu.push(b.cpuSeconds);
        sideBySide.push(timeNodesTogether([CLI, 'run', scenario, '--jobs', '1'], 2));
        leastCpu.push(timeNode(['--single-threaded', CLI, 'run', scenario, '--jobs', '1']).cpuSeconds);
      }
      const ratios = one.map((a, i) => a / two[i]);
      report.note(`${PAIRS} interleaved pairs of cold processes; medians`);
      report.figure('parallel.jobs1.wall', '--jobs 1: wall', median(one), 's', 2, 'lower', { normalised: true });
      report.figure('parallel.jobs2.wall', '--jobs 2: wall', median(two), 's', 2, 'lower', { normalised: true });
      report.figure('parallel.speedup', 'speed-up (jobs 1 / jobs 2)', median(one) / median(two), 'x', 2, 'higher', { note: `pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}` });
      // Two whole independent runs at once, against one after the other: what two cores give two
      // capsim processes with V8's default threads here (each keeps more than one core busy with
      // its compiler and GC threads). Workers run single-threaded to do better than this.
      report.figure('parallel.ceiling', 'two independent --jobs 1 runs side by side', (2 * median(one)) / median(sideBySide), 'x', 2, 'higher', {
        note: `each pair's two runs ended after ${sideBySide.map((s) => s.toFixed(2)).join(', ')} s`,
      });
      // The run's fixed cost: the same scenario cut to one hour and one replication, a cold process
      // (start-up, loading the scenario, a first short simulation). However the rest is split,
      // that part is paid once before any worker can start, so with T1 the --jobs 1 wall and F this
      // cost, two processes give at most T1 / (F + (T1 − F) / 2); the JIT's warm-up, which every
      // worker pays again, comes on top.
      const fixedScenario = webApiScenario(dir, { horizon: '1h' });
      const fixed = median(Array.from({ length: PAIRS }, () => timeNode([CLI, 'run', fixedScenario, '--jobs', '1']).wallSeconds));
      const t1 = median(one);
      report.figure('parallel.fixed', 'fixed cost: the same run cut to 1 hour, one replication', fixed, 's', 2, 'lower', { normalised: true });
      report.figure('parallel.bound', 'most two processes can give past that fixed cost', t1 / (fixed + (t1 - fixed) / 2), 'x', 2, 'higher', {
        note: `T1 / (F + (T1 − F) / 2), F the fixed cost`,
      });
      // The cores each side keeps busy: CPU time of every process and thread over the wall time.
      // One process already uses more than one core (V8 compiles and collects garbage on other
      // threads). The least CPU time the work takes, W, is that of the same run with V8
      // single-threaded (everything on one thread, no hand-offs between threads): two cores finish
      // W no sooner than W / 2, so two processes give at most 2 T1 / W, and less by what each
      // worker does again (its start-up and its JIT's warm-up: the CPU --jobs 2 spends beyond W).
      const cpu1 = median(oneCpu);
      const least = median(leastCpu);
      report.figure('parallel.jobs1.cores', '--jobs 1: cores kept busy (CPU time / wall)', cpu1 / t1, '', 2, 'lower', { note: `CPU ${cpu1.toFixed(2)} s` });
      report.figure('parallel.jobs2.cores', '--jobs 2: cores kept busy (every process)', median(twoCpu) / median(two), '', 2, 'lower', {
        note: `CPU ${median(twoCpu).toFixed(2)} s: ${(median(twoCpu) - least).toFixed(2)} s more than W (start-up and JIT warm-up per worker)`,
      });
      report.figure('parallel.leastCpu', 'W: the work on one thread (--single-threaded --jobs 1), CPU', least, 's', 2, 'lower', { normalised: true });
      report.figure('parallel.cpuBound', 'most two cores can give --jobs 1 (2 T1 / W)', (2 * t1) / least, 'x', 2, 'higher');
      report.target(`speed-up ≥ ${PARALLEL_TARGET_SPEEDUP}x`, median(one) / median(two) >= PARALLEL_TARGET_SPEEDUP);
      // The same on 90 days, where each process's fixed cost (start-up, ~0.5 s, and the
      // compiler's warm-up) is a small share of the run.
      const long = webApiScenario(dir, { horizon: '90d', replications: 10 });
      const longOne: number[] = [];
      const longTwo: number[] = [];
      for (let i = 0; i < LONG_PAIRS; i++) {
        longOne.push(timeNode([CLI, 'run', long, '--jobs', '1']).wallSeconds);
        longTwo.push(timeNode([CLI, 'run', long, '--jobs', '2']).wallSeconds);
      }
      report.figure('parallel.long.jobs1.wall', '90 days x 4 x 10 replications, --jobs 1: wall', median(longOne), 's', 2, 'lower', { normalised: true });
      report.figure('parallel.long.jobs2.wall', '  --jobs 2: wall', median(longTwo), 's', 2, 'lower', { normalised: true });
      report.figure('parallel.long.speedup', '  speed-up (jobs 1 / jobs 2)', median(longOne) / median(longTwo), 'x', 2, 'higher', {
        note: `pairs: ${longOne.map((a, i) => (a / longTwo[i]).toFixed(2)).join(', ')}`,
      });
      return true;
    });
  },
};

export const year50Section: BenchSection = {
  name: 'year50',
  title: 'web-api, 365 days x 50 Fargate alternatives, default heap (run only when named)',
  run(report: Report): boolean {
    return inBenchDir((dir) => {
      const scenario = webApiScenario(dir, { horizon: '365d', fargateTargets: 50 });
      const r = timeNode([CLI, 'run', scenario]);
      report.figure('year50.wall', 'wall, default --jobs', r.wallSeconds, 's', 1, 'lower', { normalised: true });
      report.figure('year50.altYearsPerSecond', '  alternative-years per second', 50 / r.wallSeconds, '/s', 2, 'higher', { normalised: true });
      report.figure('year50.rss', '  peak RSS, all processes', r.totalPeakRssMiB, 'MiB', 0, 'lower', { note: rssNote(r) });
      report.target(`${YEAR50_TARGET_RSS_MIB} MiB`, r.totalPeakRssMiB <= YEAR50_TARGET_RSS_MIB);
      return true;
    });
  },
};
