// The Inputs section, on a real run of the golden scenario (test/golden/small.yaml); every
// expected line is read off that YAML and the defaults in docs/scenarios.md, not the output.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { curveText, distributionText, inputRowsOf } from '../../src/report/inputs.js';
import { inputsText } from '../../src/report/inputs-text.js';
import { compare } from '../../src/run/compare.js';
import { parseScenario } from '../../src/scenario/load.js';
import { fixture } from './helpers.js';

const result = compare(parseScenario(readFileSync(new URL('../golden/small.yaml', import.meta.url), 'utf8'), 'small.yaml'));
// Defaults: weekendFactor 1, cooldowns 300 s, maxMinutesOver 1 %, linux/x86_64, one replication.
const SCALING = '2–12 tasks (start 3); target tracking CPU at 60% (scale-out cooldown 5 min, scale-in 5 min)';
const TASK = '0.5 vCPU / 1 GiB, linux/x86_64';

describe('Inputs section', () => {
  it('report.md gives the workload, SLO rule, horizon, seed and replications', () => {
    const md = renderMarkdownReport(result);
    const section = md.slice(md.indexOf('## Inputs'), md.indexOf('## Assumptions'));
    // The busiest minute is the largest per-minute offered load the run saw (noise included).
    const busiest = Math.max(...result.alternatives[0].series.offeredRps);
    expect(section).toContain(`| Workload | diurnal 40 rps to 220 rps, peak at 14:00, weekends × 1.00; per-minute noise σ 0.08; busiest minute ${busiest.toFixed(1)} rps |`);
    expect(section).toContain('| SLO | p95 latency ≤ 300 ms in at least 99% of minutes; a minute whose p95 exceeds the target, or that drops any request, counts as a miss |');
    expect(section).toContain('| Horizon | 24 h, fluid tick 1 s |');
    expect(section).toContain('| Seed and replications | seed 17; one run per alternative |');
    expect(section).toContain('| Drop budget | to be recommended, at most');
  });

  it('report.md gives each alternative its capacity, task size and scaling policies', () => {
    const md = renderMarkdownReport(result);
    expect(md).toContain(`| fargate | Fargate | ${TASK} | ${SCALING} |`);
    // small.yaml: strategy [{ FARGATE, base 1, weight 1 }, { FARGATE_SPOT, weight 2 }]
    expect(md).toContain(`| fargate-spot-mix | ECS cluster: FARGATE; FARGATE_SPOT; strategy FARGATE base 1 weight 1, FARGATE_SPOT weight 2 | ${TASK} | ${SCALING} |`);
    expect(md).toContain(`| ec2-managed-ri | ECS cluster: od: on-demand m5.large (1–8 instances) | ${TASK} | ${SCALING} |`);
  });

  it('report.html has the same rows', () => {
    const page = renderHtml(result);
    const section = page.slice(page.indexOf('<section class="card" id="inputs">'), page.indexOf('<section class="card" id="assumptions">'));
    expect(section).toContain('<tr><th class="left">Seed and replications</th><td>seed 17; one run per alternative</td></tr>');
    expect(section).toContain(`ec2-managed-ri</td><td>ECS cluster: od: on-demand m5.large (1–8 instances)</td><td>${TASK}</td><td>${SCALING}</td></tr>`);
    expect(section).toContain('a minute whose p95 exceeds the target, or that drops any request, counts as a miss');
  });

  it('shows "—" where the resolved scenario holds nothing, rather than guessing', () => {
    // The fixture's resolved scenario has no service or capacity per alternative.
    const md = renderMarkdownReport(fixture());
    const first = fixture().alternatives[0];
    expect(md).toMatch(new RegExp(`\\| ${first.name} \\| [^|]+ \\| — \\| — \\|`));
  });
});

describe('a replayed trace in the Inputs section', () => {
  it('names the file and its options', () => {
    const trace = { times: new Float64Array([0, 60]), rates: new Float64Array([10, 20]), lastIntervalSeconds: 60 };
    const base = { type: 'trace' as const, file: 'traces/api.csv', trace, interpolate: 'linear' as const, scale: 1, shiftSeconds: 0, loop: false };
    expect(curveText(base)).toBe('trace traces/api.csv (linear)');
    // 7200 s of shift reads as 2 h; 1.3 × growth; looped to the horizon
    expect(curveText({ ...base, interpolate: 'step', scale: 1.3, shiftSeconds: 7200, loop: true })).toBe('trace traces/api.csv (step, × 1.3, shifted 2 h, looped)');
  });
});

// Lifecycle settings in force, from docs/scenarios.md (lifecycle defaults) and docs/model.md (Task
// lifecycle): the ALB's 300 s deregistration delay and ECS's 30 s stopTimeout are AWS's defaults;
// ENI attach lognormal(10 s, p99 25 s), 200 MiB image, 50 MiB/s, 2 s pull overhead, container start
// lognormal(5 s, p99 15 s), health check uniform(0, 30 s), 2 s stop, instance launch uniform(30 s,
// 90 s), a warm start, Lambda's cold start lognormal(0.3 s, p99 1 s) and 10 min idle reclaim are
// capsim's assumptions.
const lifecycleRun = compare(
  parseScenario(
    `name: lifecycle-inputs
horizon: 1h
workload: { rps: { type: constant, rps: 20 } }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 2
  taskCapacity: 60 rps
  lifecycle: { imageSize: 800 MB, healthCheck: 10s }
alternatives:
  - name: fargate
    capacity: { type: fargate }
  - name: ec2-bridge
    capacity: { type: cluster, networkMode: bridge, providers: [{ name: od, asg: { instanceTypes: [m5.large], min: 1, max: 2, launchLatency: 2m } }] }
    service: { lifecycle: { deregistrationDelay: 30s } }
  - name: quick
    capacity: { type: fargate }
    service: { startLatency: 20s, warmStart: false }
  - name: fn
    capacity: { type: lambda, memory: 1024 MB, coldStart: 500ms }
`,
    'lifecycle.yaml',
  ),
);

const ASSUMED_PULL = ['pull bandwidth 50 MiB/s', 'pull overhead 2 s', 'container start lognormal, mean 5 s, p99 15 s'];

describe('lifecycle settings in the Inputs section', () => {
  const md = renderMarkdownReport(lifecycleRun);
  const table = md.slice(md.indexOf('| alternative | lifecycle set in the scenario'), md.indexOf('## Assumptions')).split('\n');
  const row = (name: string) => table.find((l) => l.startsWith(`| ${name} | `));

  it('has a table of what was set, AWS defaults and capsim assumptions', () => {
    expect(md).toContain("| alternative | lifecycle set in the scenario | AWS's defaults | capsim's assumptions (defaults) |");
  });

  it('Fargate: the image and health check the scenario set; an ENI attach (awsvpc); the rest defaults', () => {
    expect(row('fargate')).toBe(
      '| fargate | image 800 MiB; health check 10 s | deregistration delay 5 min; stop timeout 30 s | ' +
        ['ENI attach lognormal, mean 10 s, p99 25 s', ...ASSUMED_PULL, 'stop 2 s', 'initial tasks serving at t = 0'].join('; ') +
        ' |',
    );
  });

  it('EC2 in bridge mode: no ENI attach; its own deregistration delay and instance launch', () => {
    // The alternative's lifecycle merges key by key with the service's: imageSize and healthCheck stay.
    expect(row('ec2-bridge')).toBe(
      '| ec2-bridge | image 800 MiB; health check 10 s; deregistration delay 30 s; instance launch 2 min | stop timeout 30 s | ' +
        [...ASSUMED_PULL, 'stop 2 s', 'initial tasks serving at t = 0'].join('; ') +
        ' |',
    );
  });

  it('startLatency replaces the start phases; the stop phases stay; a cold start is set', () => {
    expect(row('quick')).toBe('| quick | start (one PENDING phase) 20 s; initial tasks launched cold at t = 0 | stop timeout 30 s | stop 2 s |');
  });

  it("Lambda: its cold start and idle reclaim, not a task's lifecycle", () => {
    expect(row('fn')).toBe('| fn | cold start (INIT) 0.5 s | — | idle environments reclaimed after 10 min on average; initial environments serving at t = 0 |');
  });

  it("Lambda and App Runner: the function's settings and limits in the task and scaling columns, not the service's task", () => {
    // fn: 1,024 MB ÷ 1,769 MB per vCPU = 0.579 vCPU; no duration (derived), 512 MB storage, no free tier,
    // the default account quota of 1,000; AWS's scaling rate 1,000 at once then 100 a second.
    expect(md).toContain(
      "| fn | Lambda x86_64 1024 MB | function 1,024 MB (0.579 vCPU), x86_64; duration derived from the service's request (exponential), stopped at the 900 s timeout; ephemeral storage 512 MB; free tier off | " +
        'concurrency = invocations/s × duration, up to the account\'s 1,000; provisioned concurrency 0; new environments 1,000 at once, then 100 a second; throttled requests dropped |',
    );
  });

  it('report.html has the same table', () => {
    const page = renderHtml(lifecycleRun);
    const table = page.slice(page.indexOf('<table class="inputs-lifecycle">'), page.indexOf('</table>', page.indexOf('<table class="inputs-lifecycle">')));
    expect(table).toContain('quick</td><td>start (one PENDING phase) 20 s; initial tasks launched cold at t = 0</td><td>stop timeout 30 s</td><td>stop 2 s</td></tr>');
  });

  it('jobs on EKS nodes: no ENI, no health check or deregistration (no load balancer)', () => {
    const jobs = compare(
      parseScenario(
        `name: jobs-lifecycle
horizon: 1h
jobs:
  task: { cpu: 1 vCPU, memory: 2 GB }
  arrivals: { type: every, interval: 10m }
  duration: 2m
  lifecycle: { imageSize: 800 MB }
alternatives:
  - name: eks
    capacity: { type: cluster, orchestrator: eks, nodeProvisioner: false, providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 1, max: 1 } }] }
`,
        'jobs.yaml',
      ),
    );
    expect(renderMarkdownReport(jobs)).toContain(`| eks | image 800 MiB | stop timeout 30 s | ${[...ASSUMED_PULL, 'stop 2 s', 'instance launch uniform 30–90 s'].join('; ')} |`);
  });

  it('writes distributions in seconds', () => {
    expect(distributionText({ type: 'uniform', min: 0, max: 30 })).toBe('uniform 0–30 s');
    expect(distributionText({ type: 'lognormal', mu: 3.5, sigma: 0.4 })).toBe('lognormal, μ 3.5, σ 0.4');
    expect(distributionText({ type: 'exponential', mean: 300 })).toBe('exponential, mean 5 min');
    expect(distributionText({ type: 'empirical', samples: [1, 2, 3] })).toBe('empirical, 3 samples');
  });
});

describe('capsim validate on function alternatives', () => {
  // What validate prints (src/cli/validate.ts: inputsText of inputRowsOf), from the YAML below.
  const scenario = parseScenario(
    `name: functions
horizon: 1h
workload: { rps: { type: constant, rps: 100 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 2, taskCapacity: 60 rps }
alternatives:
  - name: fn
    capacity: { type: lambda, memory: 1536 MB, arch: arm64, duration: 120ms, freeTier: true, provisionedConcurrency: 10, reservedConcurrency: 50, ephemeralStorage: 1024 MB, onThrottle: retry }
  - name: runner
    capacity: { type: app-runner, cpu: 1 vCPU, memory: 2 GB, minInstances: 2, maxInstances: 5 }
`,
    'functions.yaml',
  );
  const lines = inputsText(
    inputRowsOf({
      scenario,
      seed: scenario.seed,
      horizonSeconds: scenario.horizonSeconds,
      tickSeconds: scenario.tickSeconds,
      jobsOnly: false,
      slo: { latencyP95Ms: 500, maxMinutesOverShare: undefined },
      dropBudget: null,
      busiestMinuteRps: null,
      alternatives: scenario.alternatives.map((a) => ({ name: a.name, platform: a.name })),
    }),
  );

  it("lists a Lambda function's memory, arch, duration, free tier and concurrency, and no task or task scaling", () => {
    // 1,536 MB ÷ 1,769 MB per vCPU = 0.868 vCPU; 120 ms = 0.12 s
    expect(lines).toContain(
      '        task: function 1,536 MB (0.868 vCPU), arm64; duration 0.12 s, stopped at the 900 s timeout; ephemeral storage 1,024 MB; free tier on (1,000,000 requests and 400,000 GB-s a 730-hour month, prorated for a shorter run)',
    );
    expect(lines).toContain('        scaling: concurrency = invocations/s × duration, up to reserved concurrency 50; provisioned concurrency 10; new environments 1,000 at once, then 100 a second; throttled requests retried');
    expect(lines.join('\n')).not.toContain('0.5 vCPU / 1 GiB');
    expect(lines.join('\n')).not.toContain('fixed at 2 tasks');
  });

  it("lists an App Runner service's instance size and instance range", () => {
    // maxConcurrency defaults to 100 (docs/scenarios.md)
    expect(lines).toContain('        task: instance 1 vCPU / 2 GB');
    expect(lines).toContain('        scaling: 2–5 instances, scaling out above 100 requests in flight per instance');
  });
});
