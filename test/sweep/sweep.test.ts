// A whole sweep in this process, checked against costs worked out by hand from the rate card:
// Fargate us-east-1 Linux/x86 is $0.000011244 per vCPU-second and $0.000001235 per GB-second, so
// one 1 vCPU task for the hour costs 3600 × 0.000011244 = $0.0404784 for its CPU and
// 3600 × 0.000001235 = $0.004446 per GB of memory; a c5.xlarge is $0.17 an hour.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import type { SweepPart } from '../../src/domain/sweep.js';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { compare } from '../../src/run/compare.js';
import { assembleSweep, mergeParts, runSweepPoints, shardRange, sweep, sweepHeader, sweepPart } from '../../src/run/sweep.js';
import { renderSweepTable, sweepCsv, sweepJson } from '../../src/report/sweep-table.js';
import { planSweep } from '../../src/report/sweep-write.js';

const SMALL = 'test/fixtures/sweep/small.yaml';
const TASK_2GB = 0.0404784 + 2 * 0.004446; // 0.0493704 $ per task-hour
const TASK_4GB = 0.0404784 + 4 * 0.004446; // 0.0582624 $ per task-hour
const month = (usdPerHour: number) => Math.round(usdPerHour * 730 * 100) / 100;

describe('a grid sweep', async () => {
  const loaded = loadSweep(SMALL);
  const result = await sweep(loaded);

  it('runs the cartesian product: 3 task counts × 2 memory sizes = 6 points, × 2 alternatives = 12 rows', () => {
    expect(result.header.pointCount).toBe(6);
    expect(result.rows.map((r) => `${r.point}:${r.values.join('/')}:${r.alternative}`).slice(0, 4)).toEqual(['0:1/2 GB:fargate', '0:1/2 GB:ec2', '1:1/4 GB:fargate', '1:1/4 GB:ec2']);
  });

  it('costs each point as the rate card does', () => {
    const row = (point: number, alt: string) => result.rows.find((r) => r.point === point && r.alternative === alt)!;
    // 2 tasks × $0.0493704 = $0.0987408 an hour; × 730 h = $72.08 a month.
    expect(row(2, 'fargate').usdPerMonth).toBe(72.08);
    expect(row(2, 'fargate').usdPerMonth).toBe(month(2 * TASK_2GB));
    // 2 tasks × $0.0582624 = $0.1165248 an hour → $85.06 a month.
    expect(row(3, 'fargate').usdPerMonth).toBe(month(2 * TASK_4GB));
    // 3 tasks × $0.0493704 = $0.1481112 → $108.12.
    expect(row(4, 'fargate').usdPerMonth).toBe(108.12);
    // One c5.xlarge whatever the tasks: $0.17 × 730 = $124.10.
    expect(row(5, 'ec2').usdPerMonth).toBe(124.1);
    // The row's total is the mean of the runs' exact totals (here one run): 0.0987408, shown as $0.10.
    expect(row(2, 'fargate').totalUsd).toBe(0.098741);
  });

  it('one task at 50 rps of its 60 misses the SLO; two meet it; the cheapest that meets it is selected', () => {
    expect(result.rows.filter((r) => r.values[0] === '1').every((r) => !r.meetsSlo)).toBe(true);
    // A c5.xlarge registers 8192 × 7985 / 8192 = 7985 MiB for tasks (ECS's registered memory):
    // one 4 GB task fits, not two (8192 > 7985), so ec2 with 4 GB tasks misses like one task does.
    const ec2With4GB = (r: (typeof result.rows)[number]) => r.alternative === 'ec2' && r.values[1] === '4 GB';
    expect(result.rows.filter((r) => r.values[0] !== '1' && !ec2With4GB(r)).every((r) => r.meetsSlo)).toBe(true);
    expect(result.rows.filter(ec2With4GB).every((r) => !r.meetsSlo)).toBe(true);
    expect(result.selected).toMatchObject({ point: 2, alternative: 'fargate', usdPerMonth: 72.08, procedure: 'mean' });
  });

  it('the Pareto front is the cheapest miss and the cheapest hit', () => {
    // fargate at point 0 ($36.04, all minutes over) and at point 2 ($72.08, none over): every
    // other row costs more for the same or a worse share of minutes over.
    expect(month(TASK_2GB)).toBe(36.04);
    expect(result.pareto).toEqual([
      { point: 0, alternative: 'fargate' },
      { point: 2, alternative: 'fargate' },
    ]);
  });

  it('renders the table, sweep.csv and the files of the output directory', () => {
    expect(renderSweepTable(result, { color: false })).toMatch(/Selected: fargate at point 2 \(service.desiredCount=2, service.task.memory=2 GB\), \$72.08 per month/);
    const csv = sweepCsv(result).split('\n');
    expect(csv[0]).toBe('point,service.desiredCount,service.task.memory,alternative,replications,total_usd,total_usd_ci95,usd_per_month,slo_minutes_over_share,dropped_share,dropped,p95_ms,meets_slo,within_drop_budget,pareto,selected');
    expect(csv[5]).toMatch(/^2,2,2 GB,fargate,1,0.098741,0,72.08,0,0,0,[\d.]+,true,true,true,true$/);
    expect(csv).toHaveLength(12 + 2);
    // Two parameters on a grid: a heatmap beside the Pareto scatter.
    expect(planSweep(result).map((f) => f.path)).toEqual(['sweep.csv', 'sweep.json', 'report.md', 'charts/pareto.svg', 'charts/heatmap.svg', 'report.html']);
    // Heatmap cell (3 tasks, 4 GB): the c5.xlarge ($124.10) holds one 4 GB task (7985 MiB
    // registered) and misses the SLO, so the cheapest meeting it is Fargate, 3 × $0.0582624 × 730 = $127.59.
    expect(month(3 * TASK_4GB)).toBe(127.59);
    const heatmap = planSweep(result).find((f) => f.path === 'charts/heatmap.svg')!.render();
    expect(heatmap).toContain('service.desiredCount=3, service.task.memory=4 GB: fargate $127.59/month');
    expect(heatmap).toContain('service.desiredCount=1, service.task.memory=2 GB: no alternative meets the SLO');
    const html = planSweep(result).find((f) => f.path === 'report.html')!.render();
    expect(html).toContain('<figure id="heatmap">');
    expect(html).toMatch(/<tr class="selected" data-point="2">/);
  });

  it('three shards merged assemble to the same bytes as the whole sweep', async () => {
    const header = sweepHeader(loaded);
    const parts: { file: string; part: SweepPart }[] = [];
    for (let index = 0; index < 3; index++) {
      const shard = { index, count: 3 };
      const part = sweepPart(header, shard, await runSweepPoints(loaded, { shard }));
      // Through JSON, as the part files go.
      parts.push({ file: `part${index}`, part: JSON.parse(JSON.stringify(part)) as SweepPart });
    }
    expect(parts.map((p) => p.part.points.map((q) => q.index))).toEqual([[0, 1], [2, 3], [4, 5]]);
    const merged = mergeParts([parts[2], parts[0], parts[1]]);
    expect(sweepJson(assembleSweep(merged.header, merged.points))).toBe(sweepJson(result));
    expect(() => mergeParts(parts.slice(0, 2))).toThrow(/shard 3\/3 missing/);
    expect(() => mergeParts([parts[0], parts[0], parts[1]])).toThrow(/both shard 1 of 3/);
  });

  it('splits points into contiguous shares differing by at most one', () => {
    // 10 points in 3: 3, 3, 4.
    expect([0, 1, 2].map((index) => shardRange(10, { index, count: 3 }))).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(shardRange(2, { index: 0, count: 3 })).toEqual([0, 0]);
  });
});

describe('load errors name the path, the point and what is allowed', () => {
  const err = (fn: () => unknown): ScenarioError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      throw e;
    }
    throw new Error('expected a ScenarioError');
  };

  it('a path the scenario does not have', () => {
    const e = err(() => loadSweep(SMALL, { sets: ['service.autoscaling.targetTracking.0.target=40,50'] }));
    expect(e.message).toMatch(/service.autoscaling.targetTracking.0.target: at sweep point 0 \(.*service.autoscaling.targetTracking.0.target=40\): .*service has no field "autoscaling"/);
    expect(e.message).toMatch(/allowed: the fields it has: task, desiredCount, taskCapacity, baseLatency/);
  });

  it('a value the schema refuses', () => {
    const e = err(() => loadSweep(SMALL, { sets: ['service.desiredCount=2,-1'] }));
    expect(e.issues[0].path).toBe('service.desiredCount');
    expect(e.message).toMatch(/at sweep point 3 \(service.task.memory=4 GB, service.desiredCount=-1\)|at sweep point 1 \(service.task.memory=2 GB, service.desiredCount=-1\)/);
  });

  it('a field the schema does not know, and a bad range', () => {
    expect(err(() => loadSweep(SMALL, { sets: ['service.task.cpuu=1'] })).message).toMatch(/service.task: .*unknown field "cpuu"; allowed fields: cpu, memory/);
    expect(err(() => loadSweep(SMALL, { sets: ['service.desiredCount=5..1'] })).message).toMatch(/--set service.desiredCount=5..1: service.desiredCount: a range goes up/);
  });

  it('no parameters at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-sweep-'));
    const file = join(dir, 'plain.yaml');
    writeFileSync(file, 'name: plain\nhorizon: 1h\nworkload: { rps: { type: constant, rps: 5 } }\nservice: { task: { cpu: 256, memory: 512 }, desiredCount: 1, taskCapacity: 10 rps }\nalternatives: [{ name: f, capacity: { type: fargate } }]\n');
    expect(err(() => loadSweep(file)).message).toMatch(/sweep: nothing to sweep/);
  });
});

describe('one at a time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-sens-'));
  const file = join(dir, 'sens.yaml');
  // The small sweep around a base of 2 tasks of 2 GB.
  const { readFileSync } = await import('node:fs');
  writeFileSync(file, readFileSync(SMALL, 'utf8').replace('desiredCount: 1\n', 'desiredCount: 2\n'));
  const result = await sweep(loadSweep(file, { mode: 'one-at-a-time' }));

  it('runs the base, then each parameter alone: 1 + 3 + 2 = 6 points', () => {
    expect(result.header.pointCount).toBe(6);
    expect(result.rows[0].values).toEqual(['', '']);
  });

  it('spans each parameter\'s cost for the base recommendation and marks where it flips', () => {
    const s = result.sensitivity!;
    // Base: 2 tasks of 2 GB on Fargate, $72.08 a month (EC2 is $124.10).
    expect(s).toMatchObject({ basePoint: 0, baseRecommended: 'fargate', baseUsdPerMonth: 72.08 });
    // The widest bar first: task count spans $36.04 (1 task) to $108.12 (3), memory $72.08 to $85.06.
    expect(s.bars.map((b) => [b.parameter, b.low.usdPerMonth, b.high.usdPerMonth])).toEqual([
      ['service.desiredCount', 36.04, 108.12],
      ['service.task.memory', 72.08, 85.06],
    ]);
    // One task misses the SLO everywhere: no recommendation; two tasks bring Fargate back.
    expect(s.bars[0].flips).toEqual([{ from: '1', to: '2', fromRecommended: null, toRecommended: 'fargate' }]);
    expect(s.bars[1].flips).toEqual([]);
    expect(planSweep(result).map((f) => f.path)).toContain('charts/tornado.svg');
  });
});

describe('scenarios/capacity-plan.yaml', () => {
  it('expands to 3 task sizes × 3 targets × 2 floors = 18 points, each a valid scenario', () => {
    const plan = loadSweep('scenarios/capacity-plan.yaml');
    expect(plan.points).toHaveLength(18);
    expect(plan.parameters.map((p) => [p.name, p.values.map((v) => v.label)])).toEqual([
      ['taskSize', ['0.5 vCPU', '1 vCPU', '2 vCPU']],
      ['service.autoscaling.targetTracking.0.target', ['40', '55', '70']],
      ['service.autoscaling.minCapacity', ['2', '4']],
    ]);
    // Point 17: 2 vCPU (2048 CPU units, 4 GB = 4096 MiB, 160 rps), target 70, floor 4.
    const last = plan.points[17].scenario.alternatives[1].service!;
    expect(last.task).toMatchObject({ cpuUnits: 2048, memoryMiB: 4096 });
    expect(last.taskCapacityRps).toBe(160);
    expect(plan.points.map((p) => p.scenario.replications)).toEqual(Array(18).fill(5));
  });
});

describe('common random numbers', () => {
  it("each point's replications are the ones capsim run gives on that point's scenario: the same seeds everywhere", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-crn-'));
    const file = join(dir, 'noisy.yaml');
    // Noisy demand and target tracking, so a replication's cost depends on its seed.
    const { readFileSync } = await import('node:fs');
    writeFileSync(
      file,
      readFileSync(SMALL, 'utf8')
        .replace('rps: { type: constant, rps: 50 }', 'rps: { type: constant, rps: 50 }\n  noise: 0.3')
        .replace('  desiredCount: 1\n', '  desiredCount: 1\n  autoscaling: { minCapacity: 1, maxCapacity: 6, targetTracking: [{ metric: cpu, target: 50 }] }\n')
        .replace('horizon: 1h', 'horizon: 6h\nreplications: 3'),
    );
    const loaded = loadSweep(file, { sets: ['service.desiredCount=1,2'] });
    const result = await sweep(loaded);
    for (const point of loaded.points) {
      const run = compare(point.scenario);
      for (const alt of run.alternatives) {
        const row = result.rows.find((r) => r.point === point.index && r.alternative === alt.name)!;
        expect(row.totalUsd).toBe(alt.replications!.totalUsd.mean);
        expect(row.totalUsdCi95).toBe(alt.replications!.totalUsd.ci95);
        expect(row.minutesOverShare).toBe(alt.replications!.minutesOverShare.mean);
      }
    }
    // and the replications differ from one another (the noise shows in the cost).
    expect(result.rows.some((r) => r.totalUsdCi95 > 0)).toBe(true);
  });
});
