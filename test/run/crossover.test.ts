// Where the choice flips as traffic grows (src/run/crossover.ts, which
// scripts/containers-vs-functions.mjs reports and docs/model.md quotes). The flip search is tested
// on hand-made cost rows whose crossovers are known in closed form; the shipped scenario at its
// quiet and busy levels against bills and rankings worked out from AWS's rate cards.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlternativeResult, ComparisonResult } from '../../src/domain/result.js';
import { dropBudget, rank, compare } from '../../src/run/compare.js';
import {
  atTrafficLevel,
  bisectFlip,
  findFlips,
  levelRow,
  steadyTaskCount,
  PICK_CHEAPEST,
  PICK_RECOMMENDED,
  type LevelRow,
} from '../../src/run/crossover.js';
import { realiseDemand } from '../../src/workload/demand.js';
import { validateScenario } from '../../src/scenario/load.js';
import { makeFixture } from '../report/fixture.js';
import { sweep } from '../../src/run/sweep.js';
import { loadSweep } from '../../src/scenario/sweep-load.js';

const MONTH = 730 * 3600;

/**
 * Hand-made rows: ec2 costs 30 + 0.1 x a month at level x, lambda 1.2 x, small 0.6 x but misses the
 * SLO, runner 100 + 0.05 x but drops over the budget. Cheapest: small while 0.6 x < 30 + 0.1 x,
 * i.e. below x = 60, then ec2 until 0.05 x + 100 < 0.1 x + 30, i.e. above x = 1,400: runner.
 * Recommended (SLO and drops held): lambda while 1.2 x < 30 + 0.1 x, i.e. below 30 / 1.1 =
 * 27.2727…, then ec2 (runner is over the budget).
 */
function handRow(x: number): LevelRow {
  const monthly = { ec2: 30 + 0.1 * x, lambda: 1.2 * x, small: 0.6 * x, runner: 100 + 0.05 * x };
  const meetsSlo = { ec2: true, lambda: true, small: false, runner: true };
  const withinDropBudget = { ec2: true, lambda: true, small: true, runner: false };
  const names = Object.keys(monthly) as (keyof typeof monthly)[];
  const byCost = [...names].sort((a, b) => monthly[a] - monthly[b]);
  return { level: x, monthly, meetsSlo, withinDropBudget, cheapest: byCost[0], recommended: byCost.find((n) => meetsSlo[n] && withinDropBudget[n]) ?? null };
}

describe('flip search on hand-made rows', () => {
  const sweep = [1, 2, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560];

  it('finds each flip of the cheapest within 2 % of where the cost lines cross', () => {
    const flips = findFlips(sweep, handRow, PICK_CHEAPEST);
    expect(flips.map((f) => [f.below, f.above])).toEqual([
      ['small', 'ec2'],
      ['ec2', 'runner'],
    ]);
    // small → ec2 at x = 60 (between 40 and 80); ec2 → runner at x = 1,400 (between 1,280 and 2,560).
    for (const [f, x] of [[flips[0], 60], [flips[1], 1400]] as const) {
      expect(f.from).toBeLessThan(x);
      expect(f.to).toBeGreaterThanOrEqual(x);
      expect(f.to / f.from).toBeLessThanOrEqual(1.02);
    }
  });

  it('finds the flip of the recommendation where the SLO and the drop budget hold', () => {
    const flips = findFlips(sweep, handRow, PICK_RECOMMENDED);
    // lambda → ec2 at 30 / 1.1 = 27.27 (between 20 and 40); runner, though cheapest above 1,400, is never recommended.
    expect(flips).toHaveLength(1);
    expect(flips[0]).toMatchObject({ below: 'lambda', above: 'ec2' });
    expect(flips[0].from).toBeLessThan(30 / 1.1);
    expect(flips[0].to).toBeGreaterThanOrEqual(30 / 1.1);
    expect(flips[0].to / flips[0].from).toBeLessThanOrEqual(1.02);
  });

  it('bisects on a log scale to the ratio asked for, and refuses a bracket that is not one', () => {
    const f = bisectFlip(20, 40, handRow, PICK_RECOMMENDED, 1.001);
    expect(f.to / f.from).toBeLessThanOrEqual(1.001);
    expect(f.from).toBeLessThan(27.2728);
    expect(f.to).toBeGreaterThanOrEqual(27.2727);
    expect(() => bisectFlip(40, 20, handRow, PICK_CHEAPEST)).toThrow(/0 < lo < hi/);
    expect(() => findFlips([10, 5], handRow, PICK_CHEAPEST)).toThrow(/ascending/);
  });

  it('reports no flip when the pick never changes', () => {
    expect(findFlips([80, 160, 320, 640], handRow, PICK_CHEAPEST)).toEqual([]);
  });
});

describe('levelRow', () => {
  const base = makeFixture();
  const template = base.alternatives.find((a) => a.slo.met)!;
  function alt(name: string, usdPerMonth: number, met: boolean, dropped: number): AlternativeResult {
    return {
      ...template,
      name,
      cost: { ...template.cost, totalUsd: usdPerMonth / 4, usdPerHour: usdPerMonth / 730, usdPerMonth },
      requests: { offered: 1_000_000, served: 1_000_000 - dropped, dropped },
      slo: { ...template.slo, met, minutesOverShare: met ? 0 : 0.5, droppedShare: dropped / 1_000_000 },
      replications: null,
    };
  }

  it('keeps the cheapest overall apart from the recommendation, which holds the SLO and the drop budget', () => {
    // cheap misses the SLO; drops meets it but drops 0.05 %, over the budget 0 × 1.1 + 0.01 % set by clean.
    const alts = [alt('clean', 120, true, 0), alt('drops', 80, true, 500), alt('cheap', 10, false, 0)];
    const budget = dropBudget(alts);
    const result: ComparisonResult = { ...base, alternatives: alts, ranking: rank(alts, budget), recommended: 'clean', dropBudget: budget };
    const row = levelRow(640, result);
    expect(row).toEqual({
      level: 640,
      monthly: { clean: 120, drops: 80, cheap: 10 },
      meetsSlo: { clean: true, drops: true, cheap: false },
      withinDropBudget: { clean: true, drops: false, cheap: true },
      cheapest: 'cheap',
      recommended: 'clean',
    });
    expect(PICK_RECOMMENDED({ ...row, recommended: null })).toBe('(none)');
  });
});

describe('steadyTaskCount', () => {
  it('is the fewest tasks at or under the CPU target, within min and max', () => {
    // 60 rps per task at 100 % CPU, target 60 %: 36 rps a task. 193.6 rps → 5.38 → 6 tasks.
    expect(steadyTaskCount(193.6, 60, 60, 2, 40)).toBe(6);
    expect(steadyTaskCount(72, 60, 60, 2, 40)).toBe(2); // exactly 2 × 36
    expect(steadyTaskCount(0.5, 60, 60, 2, 40)).toBe(2); // the minimum
    expect(steadyTaskCount(5000, 60, 60, 2, 40)).toBe(40); // the maximum
  });
});

describe('scenarios/containers-vs-functions.yaml by traffic level', () => {
  const FILE = 'scenarios/containers-vs-functions.yaml';
  const source = parse(readFileSync(FILE, 'utf8')) as unknown;
  const HOURS = 730;
  const MONTH_S = HOURS * 3600;
  // Requests a 730-hour month at peak p (base 0.15 p): weekday mean = base + (peak − base) / 2
  // = 0.575 p, weekends × 0.6, so the week's mean is 0.575 p × (5 + 2 × 0.6) / 7 = 0.509286 p.
  const meanRps = (p: number) => (0.575 * p * 6.2) / 7;
  // Lambda arm64 1,024 MB: duration = (50 − 8.33) ms waiting + 8.33 ms of CPU × 1,769 / 1,024
  // = 41.67 + 14.40 = 56.06 ms, exponential; billed in whole ms ≈ 56.56 ms on average. A request:
  // $0.0000002 + 1 GB × 0.05656 s × $0.0000133334 = $0.000000954.
  const lambdaPerRequest = 0.0000002 + 0.05656 * 0.0000133334;

  it('starts a level with the fleet that serves its first minute: tasks for 60 % CPU, t3.medium instances for 3 tasks each', () => {
    const { scenario, doc } = atTrafficLevel(source, 640, 0.15, FILE);
    // The first minute's rate: base + (peak − base) × (½ + ½ cos(2π (0 − 15/24))) = 96 + 544 × 0.14645 = 175.7 rps, times that minute's noise.
    const curve = 96 + 544 * (0.5 + 0.5 * Math.cos(-2 * Math.PI * (15 / 24)));
    expect(curve).toBeCloseTo(175.67, 2);
    const first = realiseDemand(scenario, 60, scenario.tickSeconds, scenario.seed).rpsAt(0);
    expect(first / curve).toBeGreaterThan(0.7);
    expect(first / curve).toBeLessThan(1.4);
    const tasks = Math.ceil(first / 36);
    expect(scenario.alternatives[0].service!.desiredCount).toBe(tasks);
    // t3.medium: 2 vCPU = 4 tasks of 0.5 vCPU; ECS registers floor(4,096 × 7,985 / 8,192) = 3,992 MiB = 3 tasks of 1 GB.
    expect((doc as { alternatives: { capacity: { providers?: { asg: { desired: number } }[] } }[] }).alternatives[1].capacity.providers![0].asg.desired).toBe(Math.ceil(tasks / 3));
    // The medium level is the file as written: 2 tasks on 1 instance.
    const medium = atTrafficLevel(source, 40, 0.15, FILE).scenario;
    expect(medium.alternatives[0].service!.desiredCount).toBe(2);
  });

  it('at 640 rps peak the containers drop nothing at the start (what once made App Runner "recommended" above ~620 rps)', () => {
    const { doc } = atTrafficLevel(source, 640, 0.15, FILE);
    const only = { ...doc, alternatives: (doc.alternatives as { name: string }[]).filter((a) => a.name === 'ec2-managed' || a.name === 'fargate') };
    const result = compare(validateScenario(only, FILE));
    for (const a of result.alternatives) expect([a.name, a.requests.dropped]).toEqual([a.name, 0]);
  });

  it('quiet (2 rps peak): the fleets cost their floors, a function a fraction of it; 128 MB is cheapest but misses the SLO', () => {
    const result = compare(atTrafficLevel(source, 2, 0.15, FILE).scenario);
    const row = levelRow(2, result);
    const cost = (n: string) => row.monthly[n];
    // One t3.medium all month: 730 × $0.0416 = $30.368.
    expect(cost('ec2-managed')).toBeCloseTo(30.37, 2);
    // Two Fargate tasks: 2 × 730 × (0.5 × $0.04048 + 1 × $0.004445) = 2 × 730 × $0.024685 = $36.04.
    expect(cost('fargate')).toBeCloseTo(36.04, 2);
    // App Runner, two 0.5 vCPU / 1 GB instances: at most 2 × 730 × (0.5 × $0.064 + 1 × $0.007) = $56.94;
    // a request a minute keeps an instance active: 0.15 rps each at night → 1 − e^(−0.15 × 60) = 99.99 % active.
    expect(cost('app-runner')).toBeLessThanOrEqual(56.94);
    expect(cost('app-runner')).toBeGreaterThan(56.9);
    // Lambda: 0.509286 × 2 rps × 2,628,000 s = 2.677 M requests × $0.000000954 = $2.55. The run bills
    // the mean of a stratified 4,096-entry duration table (within 0.01 % of the distribution's), so 0.5 %.
    const lambda = meanRps(2) * MONTH_S * lambdaPerRequest;
    expect(lambda).toBeCloseTo(2.55, 2);
    expect(cost('lambda') / lambda).toBeGreaterThan(0.995);
    expect(cost('lambda') / lambda).toBeLessThan(1.005);
    // 128 MB: (41.67 + 8.33 × 1,769 / 128) ms = 156.8 ms mean; an exponential's p95 is mean × ln 20 = 470 ms > 300 ms.
    expect(row.meetsSlo['lambda-128mb']).toBe(false);
    expect(result.alternatives.find((a) => a.name === 'lambda-128mb')!.slo.latencyP95Ms / (156.8 * Math.log(20))).toBeCloseTo(1, 1);
    expect(row.cheapest).toBe('lambda-128mb');
    expect(row.recommended).toBe('lambda');
  });

  it('busy (400 rps peak): ranked by the price of carrying load, EC2 first and recommended', () => {
    const result = compare(atTrafficLevel(source, 400, 0.15, FILE).scenario);
    const row = levelRow(400, result);
    const cost = (n: string) => row.monthly[n];
    // Carrying the mean load of 0.509286 × 400 = 203.7 rps at the 60 % CPU target (36 rps per 0.5 vCPU task):
    //   EC2: 3 tasks per t3.medium = 108 rps per $0.0416 hour → 203.7 / 108 × $0.0416 × 730 = $57.28;
    //   Fargate: 203.7 / 36 tasks × $0.024685 × 730 = $101.97;
    //   App Runner scales out at 2 requests in flight, 2 / 0.05 s = 40 rps per instance:
    //     203.7 / 40 × (0.5 × $0.064 + $0.007) × 730 = $145.0;
    //   Lambda 1,024 MB: 203.7 × 2,628,000 × $0.000000954 = $510.7; with 2 provisioned: + 2 GB × 2,628,000 s ×
    //     $0.0000033334 = $17.52, less what the 2 always-busy environments save on duration,
    //     2 GB × 2,628,000 s × ($0.0000133334 − $0.0000077778) = $29.20: $11.7 less than on-demand.
    const mean = meanRps(400);
    const hand = {
      'ec2-managed': (mean / 108) * 0.0416 * HOURS,
      fargate: (mean / 36) * 0.024685 * HOURS,
      'app-runner': (mean / 40) * 0.039 * HOURS,
      lambda: mean * MONTH_S * lambdaPerRequest,
    };
    expect(hand['ec2-managed']).toBeCloseTo(57.28, 1);
    expect(hand.fargate).toBeCloseTo(101.97, 1);
    expect(hand['app-runner']).toBeCloseTo(145.0, 0);
    expect(hand.lambda).toBeCloseTo(510.7, 0);
    // The fleets cost more than carrying the mean load at target (they follow the daily curve a few minutes late, in whole
    // instances and tasks), but not half as much again.
    for (const n of ['ec2-managed', 'fargate', 'app-runner'] as const) {
      expect(cost(n)).toBeGreaterThan(hand[n]);
      expect(cost(n)).toBeLessThan(1.5 * hand[n]);
    }
    expect(cost('lambda') / hand.lambda).toBeGreaterThan(0.995);
    expect(cost('lambda') / hand.lambda).toBeLessThan(1.005);
    expect(cost('lambda') - cost('lambda-provisioned')).toBeGreaterThan(11.7 - 2);
    expect(cost('lambda') - cost('lambda-provisioned')).toBeLessThan(11.7 + 2);
    expect(result.ranking).toEqual(['ec2-managed', 'fargate', 'app-runner', 'lambda-provisioned', 'lambda', 'lambda-128mb']);
    expect(row.cheapest).toBe('ec2-managed');
    expect(row.recommended).toBe('ec2-managed');
  });
});

describe('capsim sensitivity scenarios/containers-vs-functions.yaml: the sweep over traffic names the flips', async () => {
  const result = await sweep(loadSweep('scenarios/containers-vs-functions.yaml'));
  const bar = result.sensitivity!.bars.find((b) => b.parameter === 'traffic')!;
  // Peak p, base 0.15 p: the week's mean is 0.509286 p rps (see above). EC2's floor, one t3.medium all
  // month, is $30.37. Lambda arm64 1,024 MB costs $0.000000954 a request: equal at a mean of
  // 30.37 / (2,628,000 × 0.000000954) = 12.11 rps, a peak of 12.11 / 0.509286 = 23.8 rps.
  // Lambda at 128 MB (over the SLO, so never recommended): 157.3 ms billed at 0.125 GB, $0.0000002 +
  // 0.125 × 0.1573 × $0.0000133334 = $0.000000462 a request; equal to the floor at a mean of
  // 30.37 / (2,628,000 × 0.000000462) = 25.0 rps, a peak of 49.1 rps.
  it('the recommendation flips from Lambda to EC2 between 20 and 25 rps peak (23.8 by hand)', () => {
    expect(30.37 / (MONTH * 0.000000954) / 0.509286).toBeCloseTo(23.8, 1);
    expect(bar.flips).toEqual([{ from: '20 rps peak', to: '25 rps peak', fromRecommended: 'lambda', toRecommended: 'ec2-managed' }]);
  });

  it('the cheapest, the SLO and drops ignored, flips from Lambda at 128 MB to EC2 between 40 and 50 rps peak (49.1 by hand)', () => {
    expect(30.37 / (MONTH * (0.0000002 + 0.125 * 0.1573 * 0.0000133334)) / 0.509286).toBeCloseTo(49.1, 1);
    expect(bar.cheapestFlips).toEqual([{ from: '40 rps peak', to: '50 rps peak', fromCheapest: 'lambda-128mb', toCheapest: 'ec2-managed' }]);
  });
});

