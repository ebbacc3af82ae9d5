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
import { runProcess, type Run } from '../support/process.js';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = join(ROOT, 'node_modules/.cache/capsim-sweep-test');
const MAIN = join(BUILD, 'dist/bundle/main.js');
const SMALL = 'test/fixtures/sweep/small.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'capsim-sweep-cli-'));


function capsim(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(JOB_COMPLETION_INDEX|AWS_BATCH_JOB_ARRAY_INDEX|AWS_BATCH_JOB_ARRAY_SIZE|CAPSIM_SHARD_COUNT)$/.test(k)));
  return runProcess(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...clean, NO_COLOR: '1', ...env } });
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
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), join(BUILD, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`bundle failed:\n${bundle.stdout}${bundle.stderr}`);
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

  it('shards sharing one --out: each adds its part beside the others; a foreign file, another sweep or another split is refused', async () => {
    const same = join(scratch, 'same');
    // One after another, as shards on a shared volume finish: the earlier parts stay.
    for (const i of [1, 2, 3]) {
      const r = await capsim(['sweep', SMALL, '--quiet', '--shard', `${i}/3`, '--out', same]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`Shard ${i} of 3: 2 of 6 points. Wrote 1 file to ${same}/; join the parts with capsim merge.\n`);
    }
    expect(readdirSync(same).sort()).toEqual(['sweep-part-1-of-3.json', 'sweep-part-2-of-3.json', 'sweep-part-3-of-3.json']);
    const before = tree(same);
    // Shard 2 again: its own part is replaced by the same bytes, the others untouched.
    expect((await capsim(['sweep', SMALL, '--quiet', '--shard', '2/3', '--out', same])).status).toBe(0);
    expect(tree(same)).toEqual(before);
    const merged = await capsim(['merge', same, '--out', join(scratch, 'same-merged')]);
    expect(merged.status).toBe(0);
    const refused = [
      { args: ['--shard', '1/2'], line: `capsim: --out ${same}: refusing to write a part into ${same}: sweep-part-1-of-3.json is a part of a split into 3, this one is into 2; choose a new directory\n` },
      { args: ['--shard', '1/3', '--seed', '9'], line: `capsim: --out ${same}: refusing to write a part into ${same}: sweep-part-1-of-3.json is a part of another sweep (scenario, seed, parameters or alternatives differ); choose a new directory\n` },
    ];
    for (const c of refused) {
      const r = await capsim(['sweep', SMALL, '--quiet', '--out', same, ...c.args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(c.line);
      expect(tree(same)).toEqual(before);
    }
    // A sweep's merged output is not a directory of parts.
    const intoMerged = await capsim(['sweep', SMALL, '--quiet', '--shard', '1/3', '--out', join(scratch, 'same-merged')]);
    expect(intoMerged.status).toBe(2);
    expect(intoMerged.stderr).toMatch(/refusing to write a part into .*same-merged: it holds files that are not parts of this sweep \(charts, report\.html, report\.md, sweep\.csv, sweep\.json\)/);
    expect(readdirSync(join(scratch, 'same-merged')).sort()).toEqual(['charts', 'report.html', 'report.md', 'sweep.csv', 'sweep.json']);
  });

  it('the shipped manifests: shards in parts/shard-N/ as they write them, merged by the command they document', async () => {
    const whole = await capsim(['sweep', SMALL, '--quiet', '--out', join(scratch, 'manifest-whole')]);
    expect(whole.status).toBe(0);
    // The container's command, run here: this build for /app's, the small sweep for capacity-plan, a scratch directory for the volume.
    const here = (cmd: string, results: string) => cmd.replaceAll('node /app/dist/bundle/main.js', `"${process.execPath}" ${MAIN}`).replaceAll('scenarios/capacity-plan.yaml', SMALL).replaceAll('/results', results);
    const sh = (args: string[], env: Record<string, string>): Promise<Run> => runProcess('sh', args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });

    // Kubernetes: the Indexed Job's pods (JOB_COMPLETION_INDEX 0..completions-1, its env), then the merge pod of the header.
    const k8sText = readFileSync(join(ROOT, 'deploy/k8s-indexed-job.yaml'), 'utf8');
    const job = parseYaml(k8sText) as { spec: { completions: number; template: { spec: { containers: { command: string[]; args: string[]; env: { name: string; value: string }[] }[] } } } };
    const pod = job.spec.template.spec.containers[0];
    const podEnv = Object.fromEntries(pod.env.map((e) => [e.name, e.value]));
    expect(pod.command).toEqual(['sh', '-c']);
    expect(podEnv.CAPSIM_SHARD_COUNT).toBe(String(job.spec.completions));
    const k8s = join(scratch, 'k8s');
    const pods = await Promise.all(Array.from({ length: job.spec.completions }, (_, i) => sh(['-c', here(pod.args[0], k8s)], { ...podEnv, JOB_COMPLETION_INDEX: String(i) })));
    expect(pods.map((r) => r.status)).toEqual(new Array(job.spec.completions).fill(0));
    expect(readdirSync(join(k8s, 'parts')).sort()).toEqual(['shard-0', 'shard-1', 'shard-2', 'shard-3', 'shard-4', 'shard-5']);
    expect(readdirSync(join(k8s, 'parts/shard-4'))).toEqual(['sweep-part-5-of-6.json']);
    const overrides = JSON.parse(/--overrides='([^']*)'/.exec(k8sText)![1]) as { spec: { containers: { args: string[] }[] } };
    const mergeArgs = overrides.spec.containers[0].args.map((a) => here(a, k8s));
    expect(mergeArgs).toEqual(['merge', join(k8s, 'parts'), '--out', join(k8s, 'sweep')]);
    const merged = await capsim(mergeArgs);
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(tree(join(k8s, 'sweep'))).toEqual(tree(join(scratch, 'manifest-whole')));

    // AWS Batch: the job definition's command through the image's entrypoint (Batch cannot replace it), 3 children, then the documented merge.
    const batchDef = JSON.parse(readFileSync(join(ROOT, 'deploy/aws-batch-job.json'), 'utf8')) as { containerProperties: { command: string[] } };
    const command = batchDef.containerProperties.command;
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    const batch = join(scratch, 'batch');
    const children = await Promise.all([0, 1, 2].map((i) => sh(['deploy/entrypoint.sh', 'sh', '-c', here(command[2], batch)], { AWS_BATCH_JOB_ARRAY_INDEX: String(i), AWS_BATCH_JOB_ARRAY_SIZE: '3' })));
    expect(children.map((r) => r.status)).toEqual([0, 0, 0]);
    expect(readdirSync(join(batch, 'parts/shard-2'))).toEqual(['sweep-part-3-of-3.json']);
    const docs = readFileSync(join(ROOT, 'docs/sweeps.md'), 'utf8');
    expect(docs).toContain('capsim merge /results/parts --out reports/plan');
    const batchMerged = await capsim(['merge', join(batch, 'parts'), '--out', join(batch, 'plan')]);
    expect(batchMerged.status).toBe(0);
    expect(tree(join(batch, 'plan'))).toEqual(tree(join(scratch, 'manifest-whole')));
  });

  it('merge DIR: parts found in subdirectories at any depth, taken in shard order whatever their paths; a repeated or missing shard refused', async () => {
    const src = join(scratch, 'order-src');
    const runs = await Promise.all([1, 2, 3].map((i) => capsim(['sweep', SMALL, '--quiet', '--shard', `${i}/3`, '--out', join(src, String(i))])));
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
    const part = (i: number) => join(src, String(i), `sweep-part-${i}-of-3.json`);
    // Paths in the reverse of shard order, one two levels down; a hidden directory (an atomic write's leftover) is skipped.
    const dir = join(scratch, 'order');
    for (const [i, to] of [[1, 'z/deep/er'], [2, 'm'], [3, 'a']] as const) {
      mkdirSync(join(dir, to), { recursive: true });
      copyFileSync(part(i), join(dir, to, `sweep-part-${i}-of-3.json`));
    }
    mkdirSync(join(dir, '.m.old-123'), { recursive: true });
    copyFileSync(part(2), join(dir, '.m.old-123/sweep-part-2-of-3.json'));
    const ok = await capsim(['merge', dir, '--out', join(scratch, 'order-merged')]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const whole = await capsim(['sweep', SMALL, '--quiet', '--out', join(scratch, 'order-whole')]);
    expect(tree(join(scratch, 'order-merged'))).toEqual(tree(join(scratch, 'order-whole')));
    // The same file named twice (its directory and itself) counts once.
    expect((await capsim(['merge', dir, join(dir, 'a/sweep-part-3-of-3.json'), '--out', join(scratch, 'order-twice')])).status).toBe(0);
    // Shard 2 in two places: refused, naming both.
    mkdirSync(join(dir, 'b'));
    copyFileSync(part(2), join(dir, 'b/sweep-part-2-of-3.json'));
    const twice = await capsim(['merge', dir, '--out', join(scratch, 'order-dup')]);
    expect(twice.status).toBe(2);
    // Both are shard 2: b/ is read first (paths break the tie), m/ is the one refused.
    expect(twice.stderr).toBe(`capsim: ${join(dir, 'm/sweep-part-2-of-3.json')} and ${join(dir, 'b/sweep-part-2-of-3.json')} are both shard 2 of 3\n`);
    expect(existsSync(join(scratch, 'order-dup'))).toBe(false);
    const missing = await capsim(['merge', join(dir, 'z'), join(dir, 'a'), '--out', join(scratch, 'order-missing')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('capsim: shard 2/3 missing: every part of the split is needed\n');
    const empty = join(scratch, 'order-empty/sub');
    mkdirSync(empty, { recursive: true });
    const none = await capsim(['merge', join(scratch, 'order-empty'), '--out', join(scratch, 'order-none')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`capsim: ${join(scratch, 'order-empty')} holds no sweep-part-*.json file (nor do its subdirectories)\n`);
  });

  it('bad input: one line, exit 2, nothing written', async () => {
    const out = join(scratch, 'bad');
    const cases = [
      { args: ['--set', 'service.autoscaling.targetTracking.0.target=40,50'], line: /service has no field "autoscaling"/ },
      { args: ['--set', 'service.desiredCount=0.5'], line: /at sweep point \d+ \(.*service.desiredCount=0.5\)/ },
      { args: ['--shard', '4/3'], line: /^capsim: --shard: 4\/3 is out of range; allowed: "i\/N"/ },
      { args: ['--replications', 'x'], line: /^capsim: --replications: "x" is not a whole number/ },
      { args: ['--confidence', '2', '--indifference', '1'], line: /^capsim: --confidence: "2" is not a probability between 0 and 1/ },
      { args: ['--replications', '3', '--confidence', '0.9'], line: /sweep\.select: needs both confidence and indifference \(indifference is missing\)/ },
      { args: ['--confidence', '0.9', '--indifference', '1'], line: /sweep\.select needs a first stage of 2 replications at least, the scenario has 1/ },
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

  it('--confidence and --indifference select by KN and say so with the confidence and δ', async () => {
    const r = await capsim(['sweep', SMALL, '--quiet', '--replications', '2', '--confidence', '0.9', '--indifference', '0.01']);
    expect(r.status).toBe(0);
    // Costs here do not depend on the seed (fixed fleets), so every comparison closes at the first stage.
    expect(r.stdout).toMatch(/Selected: fargate at point 2 .*chosen by kn: Kim–Nelson fully sequential selection with a feasibility check .*With probability at least 90%.* within \$0\.01 of the cheapest/);
  });

  it("the selection's extra replications run on the workers and write the same bytes as in this process", async () => {
    // test/fixtures/sweep/select-close.yaml: KN adds 6 replications (the close pair from 5 to the cap of 8).
    const file = 'test/fixtures/sweep/select-close.yaml';
    const [one, two] = await Promise.all([
      capsim(['sweep', file, '--jobs', '1', '--out', join(scratch, 'select-jobs1')]),
      capsim(['sweep', file, '--jobs', '2', '--out', join(scratch, 'select-jobs2')]),
    ]);
    for (const r of [one, two]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/selection added 6 replications where the decision was close/);
    }
    expect(tree(join(scratch, 'select-jobs2'))).toEqual(tree(join(scratch, 'select-jobs1')));
    expect(JSON.parse(readFileSync(join(scratch, 'select-jobs1/sweep.json'), 'utf8')).selected).toMatchObject({ procedure: 'kn', replicationsSpent: 26, guaranteed: false });
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
