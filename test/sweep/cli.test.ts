// The built `capsim sweep` and `capsim merge`, run as a user (or a Kubernetes Indexed Job) runs
// them: `--jobs 1` and `--jobs 2` write the same bytes; three shards merged write the same bytes
// as the unsharded sweep; bad input exits 2 with one line and writes nothing. The build goes to
// its own directory (not dist/, which the other CLI tests build in parallel).

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = join(ROOT, 'node_modules/.cache/capsim-sweep-test');
const MAIN = join(BUILD, 'dist/cli/main.js');
const SMALL = 'test/fixtures/sweep/small.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'capsim-sweep-cli-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function capsim(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(JOB_COMPLETION_INDEX|AWS_BATCH_JOB_ARRAY_INDEX|AWS_BATCH_JOB_ARRAY_SIZE|CAPSIM_SHARD_COUNT)$/.test(k)));
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...clean, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  mkdirSync(BUILD, { recursive: true });
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', join(BUILD, 'dist'), '--incremental', '--tsBuildInfoFile', join(BUILD, 'build.tsbuildinfo')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  // The build reads ../../package.json for its version, and needs "type": "module".
  copyFileSync(join(ROOT, 'package.json'), join(BUILD, 'package.json'));
}, 240_000);

describe('capsim sweep', () => {
  it('--jobs 1 and --jobs 2 write the same bytes', async () => {
    const [one, two] = await Promise.all([
      capsim(['sweep', SMALL, '--jobs', '1', '--quiet', '--out', join(scratch, 'jobs1')]),
      capsim(['sweep', SMALL, '--jobs', '2', '--quiet', '--out', join(scratch, 'jobs2')]),
    ]);
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(one.stdout).toMatch(/Selected: fargate at point 2 .*\$72.08 per month/);
    const a = tree(join(scratch, 'jobs1'));
    expect([...a.keys()]).toEqual(['charts/heatmap.svg', 'charts/pareto.svg', 'report.html', 'report.md', 'sweep.csv', 'sweep.json']);
    expect(tree(join(scratch, 'jobs2'))).toEqual(a);
  });

  it('three shards merged write exactly what the unsharded sweep writes', async () => {
    const whole = await capsim(['sweep', SMALL, '--quiet', '--out', join(scratch, 'whole')]);
    expect(whole.status).toBe(0);
    // Shard 1 from the flag, shard 2 as a Kubernetes Indexed Job gives it, shard 3 as AWS Batch does.
    const runs = await Promise.all([
      capsim(['sweep', SMALL, '--quiet', '--shard', '1/3', '--out', join(scratch, 'parts/a')]),
      capsim(['sweep', SMALL, '--quiet', '--out', join(scratch, 'parts/b')], { JOB_COMPLETION_INDEX: '1', CAPSIM_SHARD_COUNT: '3' }),
      capsim(['sweep', SMALL, '--quiet', '--out', join(scratch, 'parts/c')], { AWS_BATCH_JOB_ARRAY_INDEX: '2', AWS_BATCH_JOB_ARRAY_SIZE: '3' }),
    ]);
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
    expect(readdirSync(join(scratch, 'parts/b'))).toEqual(['sweep-part-2-of-3.json']);
    expect(readdirSync(join(scratch, 'parts/c'))).toEqual(['sweep-part-3-of-3.json']);
    const merged = await capsim(['merge', join(scratch, 'parts/a'), join(scratch, 'parts/b'), join(scratch, 'parts/c/sweep-part-3-of-3.json'), '--out', join(scratch, 'merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.stdout.replace('/merged/', '/whole/')).toBe(whole.stdout);
    expect(tree(join(scratch, 'merged'))).toEqual(tree(join(scratch, 'whole')));
    const missing = await capsim(['merge', join(scratch, 'parts/a'), join(scratch, 'parts/c'), '--out', join(scratch, 'merged-missing')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('capsim: shard 2/3 missing: every part of the split is needed\n');
    expect(existsSync(join(scratch, 'merged-missing'))).toBe(false);
  });

  it('bad input: one line, exit 2, nothing written', async () => {
    const out = join(scratch, 'bad');
    const cases = [
      { args: ['--set', 'service.autoscaling.targetTracking.0.target=40,50'], line: /service has no field "autoscaling"/ },
      { args: ['--set', 'service.desiredCount=0.5'], line: /at sweep point \d+ \(.*service.desiredCount=0.5\)/ },
      { args: ['--shard', '4/3'], line: /^capsim: --shard: 4\/3 is out of range; allowed: "i\/N"/ },
      { args: ['--replications', 'x'], line: /^capsim: --replications: "x" is not a whole number/ },
    ];
    for (const c of cases) {
      const r = await capsim(['sweep', SMALL, '--quiet', '--out', out, ...c.args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(c.line);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
    const env = await capsim(['sweep', SMALL, '--quiet', '--out', out], { JOB_COMPLETION_INDEX: '0' });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/JOB_COMPLETION_INDEX is set but not how many shares there are/);
  });

  it('validate checks every sweep point', async () => {
    const r = await capsim(['validate', SMALL]);
    expect(r.status).toBe(0);
    // 3 task counts × 2 memory sizes.
    expect(r.stdout).toMatch(/sweep \(grid\): 6 points, every one valid: service.desiredCount \(3\) × service.task.memory \(2\)\n$/);
  });

  it('sensitivity: the tornado chart and where the recommendation flips', async () => {
    const r = await capsim(['sensitivity', SMALL, '--quiet', '--set', 'service.desiredCount=2,3', '--out', join(scratch, 'sens')]);
    expect(r.status).toBe(0);
    // Base: 1 task, which misses the SLO, so nothing is recommended there.
    expect(r.stdout).toMatch(/Base point 0: no alternative meets the SLO/);
    expect(statSync(join(scratch, 'sens/charts/tornado.svg')).size).toBeGreaterThan(500);
  });

  it('Ctrl-C stops the sweep (workers or this process) and leaves the output directory as it was', async () => {
    const out = join(scratch, 'interrupted');
    expect((await capsim(['sweep', SMALL, '--quiet', '--out', out])).status).toBe(0);
    const before = tree(out);
    for (const jobs of ['1', '2']) {
      const child = spawn(process.execPath, [MAIN, 'sweep', 'scenarios/capacity-plan.yaml', '--jobs', jobs, '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      let sent = false;
      const status = await new Promise<number | null>((done) => {
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          // The first progress line: the runs have started. One Ctrl-C (a second one would stop it the hard way).
          if (!sent && stderr.includes('0% (0/18 points')) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('close', done);
      });
      expect(status).toBe(130);
      expect(stderr).toMatch(/capsim: interrupted by SIGINT while sweeping; stopped the workers, .*interrupted is as it was\n$/);
      expect(tree(out)).toEqual(before);
      expect(readdirSync(scratch).filter((n) => n.startsWith('.interrupted'))).toEqual([]);
    }
  });

  it('a non-terminal stderr gets one progress line per 10 %', async () => {
    const r = await capsim(['sweep', SMALL, '--jobs', '1', '--out', join(scratch, 'progress')]);
    const lines = r.stderr.trim().split('\n');
    // 12 runs: 0 %, then a line each time a new tenth is reached (10 % … 100 %).
    expect(lines[0]).toMatch(/^capsim sweep: 0% \(0\/6 points, 0\/12 runs/);
    expect(lines[lines.length - 1]).toMatch(/^capsim sweep: 100% \(6\/6 points, 12\/12 runs, [\d.]+ runs\/s, ETA 0 s\)$/);
    expect(lines.length).toBe(11);
  });
});
