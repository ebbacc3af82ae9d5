// Runs that would hang, exhaust memory or misbehave are refused at load, with an estimate and
// what to change: a century-long horizon, ten million tasks, a job every instant or millisecond,
// per-request mode at 100k rps, and rps expressions that go NaN or negative late in the run or
// reach for mathjs functions that build huge values or change mathjs's state. The estimates are
// recomputed here from the documented per-unit costs (src/scenario/estimate.ts, RUN_COSTS).

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { RUN_COSTS, estimateRun } from '../../src/scenario/estimate.js';
import { GOOD, edit } from '../fixtures/bad-scenario.js';

function problem(text: string): string {
  try {
    parseScenario(text, 'x.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) {
      expect(err.issues).toHaveLength(1);
      return err.message.split('\n')[1].trim();
    }
    throw err;
  }
  throw new Error('expected the scenario to be refused');
}

const jobs = (arrivals: string, horizon = '1h') => `name: j
horizon: ${horizon}
jobs:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  arrivals: ${arrivals}
  duration: 5m
alternatives:
  - { name: a, capacity: { type: fargate } }
`;

describe('runs too big to start', () => {
  it('horizon: 100y needs gigabytes for its per-minute series', () => {
    // 100 × 365 × 1440 = 52,560,000 minutes × (100 B of series + 21 gauges × 16 B) = 22,916,160,000 B
    // = 21.3 GiB; time 3,153,600,000 ticks × 7e-8 s = 221 s ≈ 4 minutes.
    expect(problem(edit('horizon: 1h', 'horizon: 100y'))).toBe(
      'x.yaml:2:10: horizon: the run is too big: it would need about 21.3 GiB of memory and 4 minutes (estimated), mostly for per-minute series: 52,560,000 minutes × 1 alternative (got 3153600000); allowed: at most 4.0 GiB and 30 minutes: a shorter horizon, fewer alternatives or replications, or (time) a longer tick',
    );
  });

  it('desiredCount: 10000000', () => {
    // 10^7 tasks × 500 B = 5.0e9 B ≈ 4.7 GiB; 10^7 starts × 60 µs = 600 s = 10 minutes
    expect(problem(edit('desiredCount: 2', 'desiredCount: 10000000'))).toBe(
      'x.yaml:6:17: alternatives[0].service.desiredCount: the run is too big: it would need about 4.7 GiB of memory and 10 minutes (estimated), mostly for tasks: up to 10,000,000 at once, 10,000,000 started per run (got 10000000); allowed: at most 4.0 GiB and 30 minutes: fewer tasks (desiredCount, maxCapacity) or a shorter horizon',
    );
  });

  it('jobs every 0 s', () => {
    expect(problem(jobs('{ type: every, interval: 0s }'))).toBe(
      'x.yaml:5:38: alternatives[0].jobs.arrivals.interval: jobs every 0 s would be endless jobs at one instant (got 0); allowed: an interval above 0, e.g. 10m',
    );
  });

  it('jobs every millisecond for a day: 86,400,000 jobs', () => {
    const text = problem(jobs('{ type: every, interval: 1ms }', '1d'));
    expect(text).toContain('alternatives[0].jobs.arrivals: the run is too big');
    expect(text).toContain('(86,400,000 jobs)');
    expect(text).toContain('fewer jobs (a lower arrival rate or a longer interval)');
  });

  it('per-request mode at 100k rps for an hour: 3.6e8 requests', () => {
    const text = problem(edit('horizon: 1h', 'horizon: 1h\nmode: per-request', edit('rps: 100 }', 'rps: 100000 }', edit('desiredCount: 2', 'desiredCount: 2000'))));
    expect(text).toBe(
      'x.yaml:3:7: mode: per-request mode would simulate 3.6e+8 requests one by one in each run (about 6 minutes per run) (got "per-request"); allowed: at most 1e+8 requests per run in per-request mode: mode: fluid, or a shorter horizon or lower rate',
    );
  });

  it('a small run passes, and its estimate adds up from the per-unit costs', () => {
    const e = estimateRun(parseScenario(GOOD));
    // 60 minutes × (100 + 21 × 16) B + 2 tasks × 500 B
    expect(e.memoryBytes).toBe(60 * (100 + 21 * 16) + 2 * 500);
    expect(e.seconds).toBeCloseTo(3600 * RUN_COSTS.secondsPerTick + 2 * RUN_COSTS.secondsPerTaskStart, 12);
  });
});

describe('rps expressions are checked over the whole horizon, on the run\'s own grid', () => {
  const expr = (e: string, extra = '') => edit('{ type: constant, rps: 100 }', `{ type: expression, expr: "${e}"${extra} }`);

  it('NaN after ten minutes', () => {
    // grid every 60 s: t = 600 is not > 600, so 660 s is the first NaN
    expect(problem(expr('t > 600 ? 0/0 : 10'))).toContain('workload.rps.expr: the rps expression is not a rate everywhere: it gives NaN at t = 660 s (day 0, 00:11)');
  });

  it('negative on the second day', () => {
    expect(problem(edit('horizon: 1h', 'horizon: 3d', expr('d >= 1 ? -5 : 10')))).toContain('it gives a negative rate, -5 rps, at t = 86400 s (day 1, 00:00)');
  });

  it('a range of 10^7 elements is not available', () => {
    expect(problem(expr('max(1:10000000)'))).toContain('ranges (a:b) cannot be used in an rps expression');
  });

  it.each([
    ['createUnit(\\"lb\\")', 'the function "createUnit" is not available'],
    ['import({})', 'the function "import" is not available'],
    ['evaluate(\\"1\\")', 'the function "evaluate" is not available'],
    ['random() * 100', 'the function "random" is not available'],
    ['sum(1, 2)', 'the function "sum" is not available'],
    ['a = 1; a', 'several statements cannot be used'],
    ['100 kg', 'unknown name "kg"'],
  ])('%s: %s', (e, says) => {
    expect(problem(expr(e))).toContain(says);
  });

  it('sampling every second over a year is refused with the sampleEvery that fits', () => {
    // 31,536,000 / 1 + 2 = 31,536,002 points > 2,000,000; ceil(31,536,000 / 1,999,998) = 16 s
    const text = problem(edit('horizon: 1h', 'horizon: 365d', expr('100', ', sampleEvery: 1s')));
    expect(text).toContain('sampling every 1s over 365d evaluates the expression 31,536,002 times');
    expect(text).toContain('allowed: at most 2,000,000 evaluations: sampleEvery of at least 16s, or a shorter horizon');
  });

  it('an allowed expression still loads', () => {
    expect(parseScenario(expr('100 + 80 * sin(2 * pi * h / 24) * (dow < 5 ? 1 : 0.5)')).workload.curve.type).toBe('expression');
  });
});
