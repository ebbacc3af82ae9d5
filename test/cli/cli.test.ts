// The built `capsim` command, run as a user runs it: exit codes, where messages go (stdout or
// stderr), and that a failed run writes nothing. The build (tsc, as `npm run build`) runs once,
// before the tests; scenario files live in test/fixtures/cli/.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, type Run } from '../support/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The `capsim` command as package.json's `bin` names it: tsc's output bundled by scripts/bundle.mjs. */
const MAIN = join(ROOT, 'dist/bundle/main.js');
const FIXTURES = 'test/fixtures/cli';


function spawnCapsim(args: string[]): Promise<Run> {
  return runProcess(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
}

/** 'missing' when some src/**\/*.ts has no dist/**\/*.js, 'stale' when one is newer than its output. */
function distState(): 'fresh' | 'stale' | 'missing' {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  let state: 'fresh' | 'stale' = 'fresh';
  for (const ts of walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const js = join(ROOT, 'dist', relative(join(ROOT, 'src'), ts)).replace(/\.ts$/, '.js');
    if (!existsSync(js)) return 'missing';
    if (statSync(js).mtimeMs < statSync(ts).mtimeMs) state = 'stale';
  }
  return state;
}

const scratch = mkdtempSync(join(tmpdir(), 'capsim-cli-'));
const badRunParent = mkdtempSync(join(scratch, 'bad-run-'));
const goodRunParent = mkdtempSync(join(scratch, 'good-run-'));
const inputsRunParent = mkdtempSync(join(scratch, 'inputs-run-'));

/** Hostile scenario files, written once: each must be one clear line, exit 2. */
const hostileDir = mkdtempSync(join(scratch, 'hostile-'));
const GOOD_TEXT = readFileSync(join(ROOT, FIXTURES, 'good.yaml'), 'utf8');
const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)].join('\n');
const HOSTILE = {
  multiDoc: `${GOOD_TEXT}---\nname: again\n`,
  deep: `${GOOD_TEXT}description: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
  aliasBomb: `${bomb}\n${GOOD_TEXT}`,
  nan: GOOD_TEXT.replace('rps: 50', 'rps: .nan'),
  century: GOOD_TEXT.replace('horizon: 1h', 'horizon: 100y'),
};
for (const [name, text] of Object.entries(HOSTILE)) writeFileSync(join(hostileDir, `${name}.yaml`), text);

/** Every invocation the tests look at; they run in parallel once the build is done. */
const INVOCATIONS = {
  help: ['--help'],
  validateBad: ['validate', `${FIXTURES}/bad.yaml`],
  validateBadUnits: ['validate', `${FIXTURES}/bad-units.yaml`],
  validateBadTrace: ['validate', `${FIXTURES}/bad-trace.yaml`],
  validateGood: ['validate', `${FIXTURES}/good.yaml`],
  validateInputs: ['validate', `${FIXTURES}/inputs.yaml`, '--wide'],
  validateInputsWrapped: ['validate', `${FIXTURES}/inputs.yaml`],
  runInputs: ['run', `${FIXTURES}/inputs.yaml`, '--out', join(inputsRunParent, 'report')],
  runBad: ['run', `${FIXTURES}/bad.yaml`, '--out', join(badRunParent, 'report')],
  runGood: ['run', `${FIXTURES}/good.yaml`, '--out', join(goodRunParent, 'report'), '--format', 'json'],
  catalogFargate: ['catalog', 'fargate'],
  catalogEc2: ['catalog', 'ec2'],
  catalogBadRegion: ['catalog', 'fargate', '--region', 'mars-1'],
  jobsFraction: ['run', `${FIXTURES}/good.yaml`, '--jobs', '1.5', '--out', join(badRunParent, 'flags')],
  jobsWord: ['run', `${FIXTURES}/good.yaml`, '--jobs', 'abc'],
  jobsNaN: ['run', `${FIXTURES}/good.yaml`, '--jobs', 'NaN'],
  seedWord: ['run', `${FIXTURES}/good.yaml`, '--seed', 'abc'],
  seedFraction: ['run', `${FIXTURES}/good.yaml`, '--seed', '1.5'],
  seedNegative: ['run', `${FIXTURES}/good.yaml`, '--seed', '-1'],
  seedHuge: ['run', `${FIXTURES}/good.yaml`, '--seed', '1e300'],
  toleranceWord: ['run', `${FIXTURES}/good.yaml`, '--baseline', 'x.json', '--tolerance', 'abc'],
  toleranceNegative: ['run', `${FIXTURES}/good.yaml`, '--baseline', 'x.json', '--tolerance', '-1'],
  toleranceAlone: ['run', `${FIXTURES}/good.yaml`, '--tolerance', '0.05'],
  outEmpty: ['run', `${FIXTURES}/good.yaml`, '--out', ''],
  parquetAlone: ['run', `${FIXTURES}/good.yaml`, '--parquet'],
  wideWord: ['validate', `${FIXTURES}/good.yaml`, '--wide=maybe'],
  colorWord: ['run', `${FIXTURES}/good.yaml`, '--color=yes'],
  ...(Object.fromEntries(Object.keys(HOSTILE).map((name) => [`hostile-${name}`, ['run', join(hostileDir, `${name}.yaml`), '--out', join(hostileDir, `${name}-report`)]])) as Record<`hostile-${keyof typeof HOSTILE}`, string[]>),
  outIsFile: ['run', `${FIXTURES}/good.yaml`, '--out', `${FIXTURES}/good.yaml`],
  outUnderFile: ['run', `${FIXTURES}/good.yaml`, '--out', `${FIXTURES}/good.yaml/report`],
  outUnwritable: ['run', `${FIXTURES}/good.yaml`, '--out', '/proc/capsim-test/report'],
  reportOutIsFile: ['report', 'nowhere/results.json', '--out', `${FIXTURES}/good.yaml`],
} satisfies Record<string, string[]>;

let runs: Record<keyof typeof INVOCATIONS, Run>;

beforeAll(async () => {
  // `npm run build` is `tsc -p tsconfig.json`, then scripts/bundle.mjs. Run tsc directly (no npm
  // start-up), only when some source is newer than its output, and incrementally (its build info
  // kept in node_modules/.cache; dropped when outputs are missing, since tsc does not re-emit a
  // file it thinks is up to date). The bundle is made again every time: a few seconds.
  const state = distState();
  if (state !== 'fresh') {
    const buildInfo = join(ROOT, 'node_modules/.cache/capsim/cli-test.tsbuildinfo');
    if (state === 'missing') rmSync(buildInfo, { force: true });
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', buildInfo], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
  const entries = Object.entries(INVOCATIONS) as [keyof typeof INVOCATIONS, string[]][];
  const results = await Promise.all(entries.map(async ([name, args]) => [name, await spawnCapsim(args)] as const));
  runs = Object.fromEntries(results) as typeof runs;
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('capsim --help', () => {
  it('lists the run, report, validate and catalog commands', () => {
    const r = runs.help;
    expect(r.status).toBe(0);
    for (const command of ['run <scenario>', 'report <results>', 'validate <scenario>', 'catalog <table>']) expect(r.stdout).toContain(`capsim ${command}`);
  });

  it('reads the same in English under a German locale (yargs translates its own words unless told not to)', async () => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LC_MESSAGES: 'de_DE.UTF-8' };
    // tsc's output too, not only the bundle: the bundled yargs finds no locale files at all, so
    // only the unbundled one shows whether capsim asks for English.
    for (const main of [MAIN, join(ROOT, 'dist/cli/main.js')]) {
      const german = await runProcess(process.execPath, [main, '--help'], { cwd: ROOT, env });
      expect(german.stdout).not.toMatch(/Kommandos|Optionen/);
      expect(german.stdout).toBe(runs.help.stdout);
    }
  });
});

describe('capsim validate', () => {
  it('a bad row in a trace file exits 2 with the field and the trace file\'s own line:column', () => {
    const r = runs.validateBadTrace;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    // line 5: "  rps: { type: trace, file: traces/bad.csv }": the value starts at column 29;
    // traces/bad.csv line 4 is "2026-13-01,5" (month 13)
    expect(r.stderr).toContain(`${FIXTURES}/bad-trace.yaml:5:29: workload.rps.file: traces/bad.csv:4:1: timestamp "2026-13-01" is not an ISO time or a number of seconds`);
  });

  it('a bad scenario exits 2 with file:line:column, field, value and suggestion on stderr', () => {
    const r = runs.validateBad;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    // line 11: "    capacity: { type: ec2, instanceType: m5.lrage, …": the value starts at column 42
    expect(r.stderr).toContain(`${FIXTURES}/bad.yaml:11:42: alternatives[0].capacity.instanceType: Unknown instance type "m5.lrage"`);
    expect(r.stderr).toContain('(got "m5.lrage")');
    expect(r.stderr).toContain('did you mean m5.large');
    expect(r.stderr).not.toContain('    at '); // a message, not a stack trace
  });

  it('a bad unit: file:line:column, the value and what is allowed', () => {
    const r = runs.validateBadUnits;
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${FIXTURES}/bad-units.yaml:2:10: horizon: unknown unit "parsecs" for a duration (got "5 parsecs"); allowed:`);
  });

  it('a good scenario exits 0 and prints what it resolves to', () => {
    const r = runs.validateGood;
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${FIXTURES}/good.yaml: valid`);
    // 1 vCPU = 1024 CPU units, 2 GB = 2048 MiB; the fleet's network mode defaults to awsvpc
    expect(r.stdout).toContain('    - fargate: Fargate\n        task: 1 vCPU / 2 GiB, linux/x86_64\n        scaling: fixed at 1 tasks\n');
    expect(r.stdout).toContain('    - ec2: EC2 1 × t3.medium, awsvpc\n');
  });

  // test/fixtures/cli/inputs.yaml by hand: diurnal 20–80 rps peaking at 1:00 (weekendFactor
  // default 1), noise 0.1; SLO 300 ms in 98 % of minutes, the default drop budget; 2 h at the
  // default 1 s tick, seed 7, one replication. Lifecycle: the scenario sets imageSize 500 MB (=
  // 500 MiB) and ec2 its own stopTimeout 60 s; the ALB's 300 s deregistration delay and ECS's 30 s
  // stopTimeout are AWS's defaults; the rest are capsim's defaults (docs/scenarios.md, lifecycle),
  // with an ENI attach on both (Fargate; an ECS cluster defaults to awsvpc) and an instance launch
  // for the Auto Scaling group.
  const ASSUMED = 'ENI attach lognormal, mean 10 s, p99 25 s; pull bandwidth 50 MiB/s; pull overhead 2 s; container start lognormal, mean 5 s, p99 15 s; health check uniform 0–30 s; stop 2 s; initial tasks serving at t = 0';
  const SCALING = '2–6 tasks (start 2); target tracking CPU at 50% (scale-out cooldown 5 min, scale-in 5 min)';
  const EXPECTED = [
    `${FIXTURES}/inputs.yaml: valid`,
    '  cli-inputs in us-east-1',
    /^ {2}Workload: diurnal 20 rps to 80 rps, peak at 1:00, weekends × 1\.00; per-minute noise σ 0\.10; busiest minute \d+\.\d rps$/,
    '  SLO: p95 latency ≤ 300 ms in at least 98% of minutes; a minute whose p95 exceeds the target, or that drops any request, counts as a miss',
    '  Drop budget: to be recommended, at most the lowest dropped share among the alternatives meeting the SLO + 10% of it + 0.01 percentage points (known after the run)',
    '  Horizon: 2 h, fluid tick 1 s',
    '  Seed and replications: seed 7; one run per alternative',
    '  Alternatives:',
    '    - fargate: Fargate',
    '        task: 0.5 vCPU / 1 GiB, linux/x86_64',
    `        scaling: ${SCALING}`,
    '        lifecycle set in the scenario: image 500 MiB',
    "        AWS's defaults: deregistration delay 5 min; stop timeout 30 s",
    `        capsim's assumptions (defaults): ${ASSUMED}`,
    '    - ec2: ECS cluster: od: on-demand m5.large (1–3 instances)',
    '        task: 0.5 vCPU / 1 GiB, linux/x86_64',
    `        scaling: ${SCALING}`,
    '        lifecycle set in the scenario: image 500 MiB; stop timeout 60 s',
    "        AWS's defaults: deregistration delay 5 min",
    `        capsim's assumptions (defaults): ${ASSUMED}; instance launch uniform 30–90 s`,
  ];

  it('prints the resolved view: workload, SLO rule, budget, horizon, seed; capacity, task, scaling and lifecycle per alternative', () => {
    const r = runs.validateInputs;
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((want, i) => (typeof want === 'string' ? expect(lines[i]).toBe(want) : expect(lines[i]).toMatch(want)));
  });

  it("prints what report.md's Inputs section shows after the run, busiest minute included", () => {
    expect(runs.runInputs.status).toBe(0);
    const md = readFileSync(join(inputsRunParent, 'report', 'report.md'), 'utf8');
    const inputs = md.slice(md.indexOf('## Inputs'), md.indexOf('## Assumptions'));
    const lines = runs.validateInputs.stdout.split('\n');
    // Run-wide rows: "  Label: value" ↔ "| Label | value |". The drop budget is the exception: before
    // the run it is a rule, after it a figure (the best alternative is known).
    expect(lines[4]).toMatch(/^ {2}Drop budget: /);
    expect(inputs).toMatch(/\| Drop budget \| to be recommended, at most [\d.]+% of requests dropped \(the lowest share among the alternatives meeting the SLO, \w+'s, \+ 10% of it \+ 0\.01 percentage points\) \|/);
    for (const line of [...lines.slice(2, 4), ...lines.slice(5, 7)]) {
      const [, label, value] = /^ {2}([^:]+): (.*)$/.exec(line)!;
      expect(inputs).toContain(`| ${label} | ${value} |`);
    }
    // Per alternative: capacity, task, scaling in one table, the lifecycle groups in the other.
    for (const [i, name] of ['fargate', 'ec2'].entries()) {
      const at = 8 + i * 6;
      const value = (k: number) => lines[at + k].replace(/^ *(- [^:]+|[^:]+): /, '');
      expect(inputs).toContain(`| ${name} | ${value(0)} | ${value(1)} | ${value(2)} |`);
      expect(inputs).toContain(`| ${name} | ${value(3)} | ${value(4)} | ${value(5)} |`);
    }
  });

  it('wraps to 100 columns when piped, continuation lines indented', () => {
    const r = runs.validateInputsWrapped;
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    // Unwrapped (a continuation is two deeper than the line it continues), the same as --wide.
    const joined: string[] = lines.slice(0, 2);
    for (const line of lines.slice(2)) {
      const depth = line.length - line.trimStart().length;
      const prev = joined.at(-1);
      const prevDepth = prev === undefined ? -1 : prev.length - prev.trimStart().length;
      if (prev !== undefined && depth === prevDepth + 2 && !line.trimStart().startsWith('- ') && !prev.endsWith(':')) joined[joined.length - 1] = `${prev} ${line.trim()}`;
      else joined.push(line);
    }
    expect(joined).toEqual(runs.validateInputs.stdout.trimEnd().split('\n'));
  });
});

describe('capsim run', () => {
  it('a bad scenario exits 2 and leaves no report directory and no temporary directory', () => {
    const r = runs.runBad;
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('m5.lrage');
    expect(existsSync(join(badRunParent, 'report'))).toBe(false);
    expect(readdirSync(badRunParent)).toEqual([]);
  });

  it('a good scenario writes the report and leaves nothing else beside it; costs as worked by hand', () => {
    const r = runs.runGood;
    const out = join(goodRunParent, 'report');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(goodRunParent)).toEqual(['report']);
    expect(readdirSync(out)).toContain('results.json');
    const printed = JSON.parse(r.stdout) as { alternatives: { name: string; cost: { totalUsd: number; lineItems: { id: string; usdExact: string }[] } }[] };
    const byName = Object.fromEntries(printed.alternatives.map((a) => [a.name, a]));
    // fargate 1 h: 3600 × 0.000011244 + 7200 × 0.000001235 = 0.0404784 + 0.008892 = 0.0493704 → $0.05
    expect(byName.fargate.cost.lineItems.map((i) => i.usdExact)).toEqual(['0.0404784', '0.008892']);
    expect(byName.fargate.cost.totalUsd).toBe(0.05);
    // ec2: 1 h × t3.medium $0.0416 → $0.04
    expect(byName.ec2.cost.lineItems.map((i) => i.usdExact)).toEqual(['0.0416']);
    expect(byName.ec2.cost.totalUsd).toBe(0.04);
    // --format json prints results.json's content: no per-minute series, no hourly ledger
    expect(r.stdout).not.toContain('hourlyCosts');
    // the hourly ledger: one clock hour, each line item whole in it (costs.csv, docs/reports.md)
    expect(readFileSync(join(out, 'costs.csv'), 'utf8')).toBe(['alternative,hour,line_item,usd', 'fargate,0,fargate.vcpu,0.0404784', 'fargate,0,fargate.memory,0.008892', 'ec2,0,ec2.on-demand.t3.medium,0.0416', ''].join('\n'));
    // the saved results.json holds the same figures
    const saved = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as typeof printed;
    expect(saved.alternatives.map((a) => [a.name, a.cost.totalUsd]).sort()).toEqual([
      ['ec2', 0.04],
      ['fargate', 0.05],
    ]);
  });
});

describe('capsim report', () => {
  it('re-renders a saved run: the same results.json, timeseries.csv and costs.csv, byte for byte', () => {
    const saved = join(goodRunParent, 'report');
    expect(runs.runGood.status, runs.runGood.stderr).toBe(0);
    const again = join(scratch, 're-rendered');
    const r = spawnSync(process.execPath, [MAIN, 'report', join(saved, 'results.json'), '--out', again, '--parquet'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('fargate');
    for (const file of ['results.json', 'timeseries.csv', 'events.csv', 'costs.csv']) expect(readFileSync(join(again, file), 'utf8')).toBe(readFileSync(join(saved, file), 'utf8'));
    expect(existsSync(join(again, 'report.html'))).toBe(true);
    // --parquet adds the columnar copy of the series; a plain run has none.
    expect(readFileSync(join(again, 'timeseries.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    expect(existsSync(join(saved, 'timeseries.parquet'))).toBe(false);
  });

  it('--parquet is documented in --help, and needs --out on run', () => {
    const help = spawnSync(process.execPath, [MAIN, 'run', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.stdout).toMatch(/--parquet +also write timeseries\.parquet/);
    // needs --out: one clear line (it was yargs' "Implications failed: parquet -> out"), in the flag checks below
    expect(runs.parquetAlone.status).toBe(2);
  });

  it('costs.csv is read back, not recomputed: a report saved without one re-renders without one; one from another run is refused', () => {
    const saved = join(goodRunParent, 'report');
    expect(runs.runGood.status, runs.runGood.stderr).toBe(0);
    const copy = (name: string, files: string[]) => {
      const dir = mkdtempSync(join(scratch, `${name}-`));
      for (const f of files) writeFileSync(join(dir, f), readFileSync(join(saved, f)));
      return dir;
    };
    const old = copy('no-costs', ['results.json', 'timeseries.csv', 'events.csv']);
    const r = spawnSync(process.execPath, [MAIN, 'report', join(old, 'results.json'), '--out', join(old, 'again')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(old, 'again', 'costs.csv'))).toBe(false);
    expect(readFileSync(join(old, 'again', 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(saved, 'timeseries.csv'), 'utf8'));
    const other = copy('other-costs', ['results.json', 'timeseries.csv', 'events.csv', 'costs.csv']);
    writeFileSync(join(other, 'costs.csv'), readFileSync(join(saved, 'costs.csv'), 'utf8').replace('fargate.vcpu,0.0404784', 'fargate.vcpu,0.05'));
    const bad = spawnSync(process.execPath, [MAIN, 'report', join(other, 'results.json'), '--out', join(other, 'again')], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${join(other, 'costs.csv')}: the hours of "fargate" fargate.vcpu add up to 0.05, but results.json has 0.0404784: files from different runs?`);
    expect(existsSync(join(other, 'again'))).toBe(false);
  });

  it('a missing results.json exits non-zero with the file named', () => {
    const r = spawnSync(process.execPath, [MAIN, 'report', join(scratch, 'nope', 'results.json'), '--out', join(scratch, 'x')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nope');
    expect(r.stderr).not.toContain('    at '); // a message, not a stack trace
    expect(existsSync(join(scratch, 'x'))).toBe(false);
  });
});

describe('results.json does not depend on where the checkout lives', () => {
  it('the same scenario from two directories, by absolute path and by relative path, gives the same bytes', () => {
    const saved = ['a', 'b'].map((name, i) => {
      const checkout = mkdtempSync(join(scratch, `checkout-${name}-`));
      mkdirSync(join(checkout, 'scenarios'));
      writeFileSync(join(checkout, 'scenarios', 'good.yaml'), readFileSync(join(ROOT, FIXTURES, 'good.yaml')));
      const scenario = i === 0 ? join(checkout, 'scenarios', 'good.yaml') : 'scenarios/good.yaml';
      const r = spawnSync(process.execPath, [MAIN, 'run', scenario, '--out', 'report'], { cwd: checkout, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(checkout, 'report', 'results.json'), 'utf8');
    });
    expect(saved[1]).toBe(saved[0]);
    expect(JSON.parse(saved[0]).scenario.file).toBe('scenarios/good.yaml');
  });
});

describe('capsim run --jobs', () => {
  it('with replications, worker processes give the same results.json as one process, byte for byte', () => {
    // Four replications of two alternatives: eight jobs, of which six send back only their sample.
    const file = join(scratch, 'reps.yaml');
    writeFileSync(file, readFileSync(join(ROOT, FIXTURES, 'good.yaml'), 'utf8').replace(/^horizon: .*$/m, (line) => `${line}\nreplications: 4`));
    const outs = [1, 3].map((jobs) => {
      const out = join(scratch, `reps-jobs-${jobs}`);
      const r = spawnSync(process.execPath, [MAIN, 'run', file, '--out', out, '--jobs', String(jobs)], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return out;
    });
    const saved = JSON.parse(readFileSync(join(outs[0], 'results.json'), 'utf8')) as { alternatives: { replications: { n: number } | null }[] };
    expect(saved.alternatives.map((a) => a.replications?.n)).toEqual(saved.alternatives.map(() => 4));
    for (const file of ['results.json', 'timeseries.csv', 'events.csv', 'costs.csv']) expect(readFileSync(join(outs[1], file), 'utf8')).toBe(readFileSync(join(outs[0], file), 'utf8'));
  });

  it('worker processes give the same results.json, timeseries.csv and costs.csv as one process, byte for byte', () => {
    const outs = [1, 2].map((jobs) => {
      const out = join(scratch, `jobs-${jobs}`);
      const r = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--out', out, '--jobs', String(jobs)], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return out;
    });
    for (const file of ['results.json', 'timeseries.csv', 'events.csv', 'costs.csv']) expect(readFileSync(join(outs[1], file), 'utf8')).toBe(readFileSync(join(outs[0], file), 'utf8'));
  });

  it('every file of a 20-day report is the same on one process (rows and chart points from its thread) and on two workers', () => {
    // 28,800 minutes: more than one of the thread's 16,384-minute windows, and charts downsampled.
    const outs = [1, 2].map((jobs) => {
      const out = join(scratch, `long-jobs-${jobs}`);
      const r = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/long.yaml`, '--out', out, '--jobs', String(jobs)], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return out;
    });
    const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath ?? e.path, e.name))).sort();
    expect(files(outs[0])).toEqual(files(outs[1]));
    expect(files(outs[0])).toEqual(expect.arrayContaining(['report.html', 'timeseries.csv', 'costs.csv', join('charts', 'cost.svg')]));
    for (const file of files(outs[0])) expect(readFileSync(join(outs[1], file)).equals(readFileSync(join(outs[0], file))), file).toBe(true);
  });
});

/** A saved alternative, as far as a baseline needs it. */
interface BaselineAlternative {
  name: string;
  cost: { totalUsd: number; lineItems: { usdExact: string; usd: number }[] };
}

/** Makes a saved alternative's bill `usd` in all: its total and its line items (the gates compare Σ usdExact). */
function billAt(a: BaselineAlternative, usd: string): void {
  a.cost.totalUsd = Number(usd);
  a.cost.lineItems = a.cost.lineItems.slice(0, 1).map((item) => ({ ...item, usdExact: usd, usd: Number(usd) }));
}

describe('capsim run --baseline', () => {
  it('exits 0 against its own saved result and 3 against a cheaper baseline, with the diff on stderr', () => {
    const saved = join(goodRunParent, 'report', 'results.json');
    expect(runs.runGood.status, runs.runGood.stderr).toBe(0);
    const same = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--baseline', saved], { cwd: ROOT, encoding: 'utf8' });
    expect(same.status, same.stderr).toBe(0);
    expect(same.stderr).toContain('no change beyond tolerance');
    // A baseline where fargate cost $0.01 instead of $0.05: the current run is a cost regression.
    const cheaper = JSON.parse(readFileSync(saved, 'utf8')) as { alternatives: BaselineAlternative[] };
    for (const a of cheaper.alternatives) if (a.name === 'fargate') billAt(a, '0.01');
    const dir = mkdtempSync(join(scratch, 'baseline-'));
    for (const f of ['timeseries.csv', 'events.csv']) writeFileSync(join(dir, f), readFileSync(join(goodRunParent, 'report', f)));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(cheaper));
    const worse = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--baseline', join(dir, 'results.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(worse.status).toBe(3);
    expect(worse.stderr).toMatch(/fargate\s+total cost \(USD\)\s+0\.01\s+0\.05\s+regression/);
  });
});

describe('flags are checked like scenario fields: exit 2, one line naming the flag, nothing run or written', () => {
  const cases: [keyof typeof INVOCATIONS, string][] = [
    ['jobsFraction', '--jobs: 1.5 is not a whole number; allowed: a whole number from 1 to 1024'],
    ['jobsWord', '--jobs: "abc" is not a number; allowed: a whole number from 1 to 1024'],
    ['jobsNaN', '--jobs: "NaN" is not a number'],
    ['seedWord', '--seed: "abc" is not a number; allowed: a whole number from 0 to 9007199254740991'],
    ['seedFraction', '--seed: 1.5 is not a whole number'],
    ['seedNegative', '--seed: -1 is out of range'],
    ['seedHuge', '--seed: 1e300 is out of range'],
    ['toleranceWord', '--tolerance: "abc" is not a non-negative number'],
    ['toleranceNegative', '--tolerance: "-1" is not a non-negative number'],
    ['toleranceAlone', '--tolerance: applies only to a run with --baseline'],
    ['outEmpty', '--out: needs a value'],
    ['parquetAlone', '--parquet: writes timeseries.parquet into the report directory, so it needs --out'],
    ['wideWord', '--wide: "maybe" is not on or off; allowed: --wide, --no-wide, --wide=true or --wide=false'],
    ['colorWord', '--color: "yes" is not on or off'],
  ];
  for (const [name, says] of cases) {
    it(`${INVOCATIONS[name].slice(2).join(' ')}`, () => {
      const r = runs[name];
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(says);
      expect(r.stderr).not.toContain('    at ');
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    });
  }

  it('--jobs 1.5 wrote nothing (it used to exit 0 without a report)', () => {
    expect(existsSync(join(badRunParent, 'flags'))).toBe(false);
  });
});

describe('hostile scenario files from the real process: exit 2, one line, no library advice, no stack trace, nothing written', () => {
  it.each([
    ['multiDoc', 'multiDoc.yaml:18:1: (syntax): the file holds more than one YAML document'], // good.yaml is 17 lines
    ['deep', '(syntax): lists and mappings nest more than 64 levels deep'],
    ['aliasBomb', '(syntax): YAML aliases (*name) expand to too many values, as in an "alias bomb"'],
    ['nan', 'workload.rps.rps: NaN (.nan) is not a number'],
    // 52,560,000 minutes × (2 alternatives × 100 B + 21 gauges × 16 B) = 28,172,160,000 B = 26.2 GiB
    ['century', 'horizon: the run is too big: it would need about 26.2 GiB of memory'],
  ] as const)('%s', (name, says) => {
    const r = runs[`hostile-${name}`];
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2); // "capsim: invalid scenario" and the problem
    expect(lines[1]).toContain(says);
    expect(r.stderr).not.toMatch(/ at .*:\d+:\d+|parseAllDocuments|resource exhaustion|Maximum call stack/);
    expect(existsSync(join(hostileDir, `${name}-report`))).toBe(false);
  });
});

describe('--out problems are found before the simulation: exit 2, one line', () => {
  it.each([
    ['outIsFile', `--out ${FIXTURES}/good.yaml: it exists and is not a directory`],
    ['outUnderFile', `--out ${FIXTURES}/good.yaml/report: ${join(ROOT, FIXTURES, 'good.yaml')} is a file, so no directory can be made under it`],
    ['outUnwritable', '--out /proc/capsim-test/report: cannot create the report there: /proc is not writable'],
  ] as const)('%s', (name, says) => {
    const r = runs[name];
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(''); // no table: nothing was simulated
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(says);
  });

  it('capsim report checks the results file first, then --out', () => {
    expect(runs.reportOutIsFile.status).toBe(2);
    expect(runs.reportOutIsFile.stderr).toContain('nowhere/results.json: file not found');
  });
});

/** Runs capsim with --out DIR/report and calls `onTmp` once, when its temporary directory appears. */
function runWatched(args: string[], parent: string, onTmp: (child: ReturnType<typeof spawn>) => void): Promise<Run & { signal: NodeJS.Signals | null; sawTmp: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--out', join(parent, 'report')], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let sawTmp = false;
    const watcher = watch(parent, (_event, name) => {
      if (!sawTmp && name !== null && name.startsWith('.report.tmp-')) {
        sawTmp = true;
        onTmp(child);
      }
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status, signal) => {
      watcher.close();
      done({ status, signal, stdout, stderr, sawTmp });
    });
  });
}

describe('temporary files of a run with --out', () => {
  // The rows directory holds the workers' parts of timeseries.csv while the run goes on; an
  // in-process run's thread writes the file beside the report instead. Either is removed at the
  // end, also when a signal stops the run (from the first alternative handed to the thread on, an
  // in-process run handles the signals; before, one kills it outright, with nothing on disk yet).
  it.each([
    ['--jobs 1', '1'],
    ['--jobs 2', '2'],
  ])('%s leaves no capsim-rows-* or capsim-replies-* directory behind', async (_what, jobs) => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const r = await runProcess(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--jobs', jobs, '--out', join(tmp, 'report')], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(readdirSync(tmp)).toEqual(['report']);
  });

  it('an in-process run stopped by SIGINT (killed outright, or stopped between two alternatives) leaves none either', async () => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const file = join(mkdtempSync(join(scratch, 'long-')), 'long-365d.yaml');
    writeFileSync(file, readFileSync(join(ROOT, FIXTURES, 'long.yaml'), 'utf8').replace(/^horizon: .*$/m, 'horizon: 365d'));
    const child = spawn(process.execPath, [MAIN, 'run', file, '--jobs', '1', '--out', join(tmp, 'report')], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp } });
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    // Well after the scenario is loaded and the output directory checked, while it simulates.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    await closed;
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('interrupted and killed runs', () => {
  it('SIGINT once an in-process run has handed rows to its thread: stopped between two alternatives, one line, exit 130, nothing left', async () => {
    const parent = mkdtempSync(join(scratch, 'interrupt-thread-'));
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const file = join(parent, 'long-200d.yaml');
    writeFileSync(file, readFileSync(join(ROOT, FIXTURES, 'long.yaml'), 'utf8').replace(/^horizon: .*$/m, 'horizon: 200d'));
    // The report's parent does not exist yet: it is made for the thread's file, and removed with it.
    const child = spawn(process.execPath, [MAIN, 'run', file, '--jobs', '1', '--out', join(parent, 'plans', 'report')], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
    // The thread's file, and plans/ for it, appear when the first of the three alternatives goes
    // to the thread; two are left to simulate, and the run stops after the one it is in.
    await new Promise<void>((done) => {
      const watcher = watch(parent, (_event, name) => {
        if (name !== 'plans') return;
        watcher.close();
        child.kill('SIGSTOP');
        child.kill('SIGINT');
        child.kill('SIGCONT');
        done();
      });
    });
    expect(await closed).toBe(130);
    expect(stderr.trim().split('\n')).toEqual(['capsim: interrupted by SIGINT while simulating; nothing was written']);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(parent)).toEqual(['long-200d.yaml']);
  });

  it.each([
    ['while it simulates', 2048],
    ['while the report is written', 8192],
  ])('timeseries.csv failing on its thread %s: exit 1 with the error, the old report kept, nothing left', (_when, kib) => {
    // A file-size limit (ulimit -f, KiB): past it a write fails with EFBIG. long.yaml's
    // timeseries.csv is ~3.7 MB an alternative, every other file under 0.6 MB: at 2 MiB the
    // first alternative's rows fail while the second simulates, at 8 MiB the last one's while
    // the rest of the report is written.
    const parent = mkdtempSync(join(scratch, 'rows-fail-'));
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const out = join(parent, 'report');
    const first = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const r = spawnSync('bash', ['-c', `ulimit -f ${kib} && exec "$0" "$@"`, process.execPath, MAIN, 'run', `${FIXTURES}/long.yaml`, '--jobs', '1', '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('capsim: Error: could not write timeseries.csv: EFBIG: file too large, write');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['report']);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('SIGINT while the report is written: one line, exit 130, the old report kept, no temporary directory', async () => {
    const parent = mkdtempSync(join(scratch, 'interrupt-'));
    const first = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--out', join(parent, 'report')], { cwd: ROOT, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const before = readFileSync(join(parent, 'report', 'results.json'), 'utf8');
    // Stop the process the moment its temporary directory appears, so the signal lands mid-write.
    const r = await runWatched(['run', `${FIXTURES}/long.yaml`], parent, (child) => {
      child.kill('SIGSTOP');
      child.kill('SIGINT');
      child.kill('SIGCONT');
    });
    expect(r.sawTmp).toBe(true);
    expect(r.status).toBe(130);
    expect(r.stderr.trim().split('\n')).toEqual([`capsim: interrupted by SIGINT while writing the report; removed the partial output, ${join(parent, 'report')} is as it was`]);
    expect(readdirSync(parent)).toEqual(['report']);
    expect(readFileSync(join(parent, 'report', 'results.json'), 'utf8')).toBe(before);
  });

  it('SIGTERM likewise, with exit 143 and no report where there was none', async () => {
    const parent = mkdtempSync(join(scratch, 'terminate-'));
    const r = await runWatched(['run', `${FIXTURES}/long.yaml`], parent, (child) => {
      child.kill('SIGSTOP');
      child.kill('SIGTERM');
      child.kill('SIGCONT');
    });
    expect(r.sawTmp).toBe(true);
    expect(r.status).toBe(143);
    expect(r.stderr).toContain('capsim: interrupted by SIGTERM while writing the report');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('SIGINT while worker processes simulate: the workers stop, one line, exit 130, nothing written', async () => {
    const parent = mkdtempSync(join(scratch, 'interrupt-workers-'));
    const file = join(parent, 'long-200d.yaml');
    writeFileSync(file, readFileSync(join(ROOT, FIXTURES, 'long.yaml'), 'utf8').replace(/^horizon: .*$/m, 'horizon: 200d'));
    const child = spawn(process.execPath, [MAIN, 'run', file, '--jobs', '2', '--out', join(parent, 'report')], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // With --jobs 2 the run simulates in two children while this process coordinates: wait until both exist, then interrupt.
    const workers = (): number[] => {
      const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' });
      return ps.stdout.split('\n').map((l) => Number(l.trim())).filter((pid) => pid > 0);
    };
    let pids: number[] = [];
    for (let i = 0; i < 200 && pids.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      pids = workers();
    }
    expect(pids).toHaveLength(2);
    // Each worker runs V8 single-threaded (src/run/parallel.ts, WORKER_V8_FLAGS).
    for (const pid of pids) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--single-threaded');
    const closed = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stderr.trim().split('\n')).toEqual(['capsim: interrupted by SIGINT while simulating; stopped the workers, nothing was written']);
    expect(readdirSync(parent)).toEqual(['long-200d.yaml']);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 40 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter(alive)).toEqual([]);
  });

  it('a run killed mid-write (SIGKILL) leaves its temporary directory and timeseries.csv\'s rows; the next run removes them', async () => {
    const parent = mkdtempSync(join(scratch, 'killed-'));
    const r = await runWatched(['run', `${FIXTURES}/long.yaml`], parent, (child) => child.kill('SIGKILL'));
    expect(r.signal).toBe('SIGKILL');
    // On one process the thread's file beside the report goes in last, after the temporary directory is made.
    const left = readdirSync(parent).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toMatch(/^\.report\.rows-\d+$/);
    expect(left[1]).toMatch(/^\.report\.tmp-\d+$/);
    // a leftover of another dead run, a report it had moved aside before it died
    mkdirSync(join(parent, '.report.old-999999999'));
    const next = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/good.yaml`, '--out', join(parent, 'report')], { cwd: ROOT, encoding: 'utf8' });
    expect(next.status, next.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['report']);
    expect(readdirSync(join(parent, 'report'))).toContain('results.json');
  });
});

/** A results.json holding only what `capsim diff` reads: one alternative, cost as mean ± 95 % half-width over 10 replications. */
function savedCost(dir: string, name: string, mean: number, ci95: number): string {
  const est = (m: number, h: number) => ({ mean: m, ci95: h, min: m - h, max: m + h });
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      schemaVersion: 1,
      capsimVersion: '0.1.0',
      scenario: { name: 'noise', seed: 1, scenarioHash: 'sha256:same', catalogAsOf: '2026-09-29' },
      alternatives: [
        {
          name: 'svc',
          cost: { totalUsd: mean },
          slo: { minutesOver: 0, latencyP95Ms: 100 },
          requests: { dropped: 0 },
          replications: { n: 10, totalUsd: est(mean, ci95), minutesOver: est(0, 0), latencyP95Ms: est(100, 0), dropped: est(0, 0) },
        },
      ],
    }),
  );
  return file;
}

describe('capsim diff and --fail-on, from the real process', () => {
  const dir = mkdtempSync(join(scratch, 'diff-'));
  const diff = (...args: string[]) => spawnSync(process.execPath, [MAIN, 'diff', ...args], { cwd: ROOT, encoding: 'utf8' });
  const base = savedCost(dir, 'base', 100, 4);

  it('a change inside the replications\' noise does not fail: $100 ± 4 → $103 ± 4 is +3 % ± 5.66, exit 0', () => {
    const r = diff(base, savedCost(dir, 'noisy', 103, 4), '--fail-on', 'cost>+1%');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/svc\s+cost \(USD\)\s+\$100\.00 ± 4\.00\s+\$103\.00 ± 4\.00\s+\+\$3\.00 ± 5\.66\s+\+3\.0%\s+cost>\+1%\s+within noise/);
    expect(r.stdout).toContain('All gates passed (cost>+1%); 1 change beyond a gate within the replications\' noise');
  });

  it('a change outside it fails: $100 ± 4 → $110 ± 4, exit 3', () => {
    const r = diff(base, savedCost(dir, 'worse', 110, 4), '--fail-on', 'cost>+1%');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/svc\s+cost \(USD\)\s+\$100\.00 ± 4\.00\s+\$110\.00 ± 4\.00\s+\+\$10\.00 ± 5\.66\s+\+10\.0%\s+cost>\+1%\s+FAIL/);
  });

  it('--format md is a pull-request comment; --format json parses', () => {
    const md = diff(base, savedCost(dir, 'worse-md', 110, 4), '--fail-on', 'cost>+1%', '--format', 'md');
    expect(md.status).toBe(3);
    expect(md.stdout.split('\n')[0]).toBe('### capsim: noise against the baseline');
    expect(md.stdout).toContain('| svc | cost (USD) | $100.00 ± 4.00 | $110.00 ± 4.00 | +$10.00 ± 5.66 | +10.0% | `cost>+1%` | **FAIL** |');
    const json = diff(base, savedCost(dir, 'worse-json', 110, 4), '--fail-on', 'cost>+1%', '--format', 'json');
    expect(json.status).toBe(3);
    const parsed = JSON.parse(json.stdout) as { failed: boolean; rows: { metric: string; verdict: string; change: number }[] };
    expect(parsed.failed).toBe(true);
    expect(parsed.rows.find((r) => r.metric === 'cost')).toMatchObject({ verdict: 'fail', change: 10 });
  });

  it('without gates it shows the changes and exits 0', () => {
    const r = diff(base, savedCost(dir, 'any', 500, 4));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No gates set');
  });

  it('a bad --fail-on or a missing file: exit 2, one line', () => {
    const bad = diff(base, base, '--fail-on', 'cots>+5%');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fail-on: unknown metric "cots" in "cots>+5%"; did you mean "cost"?');
    const missing = diff(base, join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`capsim: ${join(dir, 'nope.json')}: file not found`);
  });

  it('run --baseline with the scenario\'s thresholds: a costlier run fails cost>+5%, with a warning that the scenario differs', () => {
    expect(runs.runGood.status, runs.runGood.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(goodRunParent, 'report', 'results.json'), 'utf8')) as { alternatives: BaselineAlternative[] };
    // The gates compare exact totals (Σ usdExact): the run's own, against a baseline billed $0.04.
    const fargate = saved.alternatives.find((a) => a.name === 'fargate')!;
    const current = fargate.cost.lineItems.reduce((sum, i) => sum + Number(i.usdExact), 0);
    billAt(fargate, '0.04');
    const file = join(dir, 'cheaper.json');
    writeFileSync(file, JSON.stringify(saved));
    const r = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/gated.yaml`, '--baseline', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('warning: the scenarios differ');
    const pct = (((current - 0.04) / 0.04) * 100).toFixed(1);
    expect(Number(pct)).toBeGreaterThan(5);
    expect(r.stderr).toMatch(new RegExp(`fargate\\s+cost \\(USD\\)\\s+\\$0\\.04\\s+\\$0\\.05\\s+\\+\\$0\\.01\\s+\\+${pct.replace('.', '\\.')}%\\s+cost>\\+5%\\s+FAIL`));
    // --fail-on replaces the scenario's gates
    const loose = spawnSync(process.execPath, [MAIN, 'run', `${FIXTURES}/gated.yaml`, '--baseline', file, '--fail-on', 'cost>+50%'], { cwd: ROOT, encoding: 'utf8' });
    expect(loose.status, loose.stderr).toBe(0);
  });
});

describe('capsim catalog', () => {
  it('fargate: the us-east-1 per-second rates and their source', () => {
    const r = runs.catalogFargate;
    expect(r.status).toBe(0);
    // aws-facts §1.2
    expect(r.stdout).toMatch(/linuxX86\s+\$0\.000011244\/s\s+\$0\.000001235\/s/);
    expect(r.stdout).toMatch(/linuxArm\s+\$0\.0000089944\/s\s+\$0\.0000009889\/s/);
    expect(r.stdout).toMatch(/windowsX86\s+\$0\.0000254167\/s\s+\$0\.0000027778\/s\s+\$0\.0000127778\/s/);
    expect(r.stdout).toContain('$0.0000000308/s');
    expect(r.stdout).toContain('30% of on-demand');
    expect(r.stdout).toContain('source: https://aws.amazon.com/fargate/pricing/');
  });

  it('ec2: instance limits and prices with their sources', () => {
    const r = runs.catalogEc2;
    expect(r.status).toBe(0);
    // aws-facts §2.2: m5.large 2 vCPU, 8 GiB, 3 ENIs, 10 IPv4/ENI, 2 awsvpc tasks, trunking 10, 29 pods, $0.096
    expect(r.stdout).toMatch(/m5\.large\s+general\s+x86_64\s+2\s+8\s+3\s+10\s+2\s+10\s+29\s+0\.096\b/);
    expect(r.stdout).toMatch(/t3\.medium\s+burstable\s+x86_64\s+2\s+4\s+3\s+6\s+2\s+—\s+17\s+0\.0416\b/);
    expect(r.stdout).toContain('aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws.go');
    expect(r.stdout).toContain('aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt');
  });

  it('an unknown region exits 2 and lists the known ones', () => {
    const r = runs.catalogBadRegion;
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Known regions: ap-northeast-1, eu-west-1, sa-east-1, us-east-1');
  });
});
