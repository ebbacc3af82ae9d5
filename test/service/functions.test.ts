// Lambda concurrency limits and scaling rate, and App Runner bills, on whole runs worked out by
// hand. Durations are constant, so concurrency = rps × duration exactly.

import { describe, expect, it } from 'vitest';
import { compare, loadScenario, parseScenario, ScenarioError, simulate, type AlternativeResult, type LineItem } from '../../src/index.js';
import { activeShare } from '../../src/service/app-runner.js';
import { scenarioText } from '../fixtures/scenario-text.js';
import { thrown } from '../support/thrown.js';

function item(alt: AlternativeResult, id: string): LineItem {
  const found = alt.cost.lineItems.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${alt.cost.lineItems.map((i) => i.id).join(', ')}`);
  return found;
}

function run(capacity: string, opts: { horizon: string; rps: string; task?: string; taskCapacity?: string; extra?: string[] }): AlternativeResult {
  return simulate(
    parseScenario(
      scenarioText({
        horizon: opts.horizon,
        tick: '1s',
        rps: opts.rps,
        task: opts.task ?? '{ cpu: 1 vCPU, memory: 2 GB }',
        taskCapacity: opts.taskCapacity,
        desiredCount: 1,
        serviceExtra: opts.extra,
        alternatives: [`{ name: f, capacity: ${capacity} }`],
      }),
    ),
  );
}

const SPIKE = '{ type: steps, initial: 100, steps: [{ at: 600s, rps: 1000 }, { at: 660s, rps: 100 }] }';

describe('Lambda concurrency', () => {
  it('throttles the excess of a spike above the reserved concurrency, and drops it', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 100ms, reservedConcurrency: 50 }', { horizon: '20m', rps: SPIKE });
    // 50 environments × 10 invocations/s each (100 ms) = 500 rps at most; the spike offers 1,000 rps
    // for 60 s: (1,000 − 500) × 60 = 30,000 throttled. Offered: 100 × 1,140 + 1,000 × 60 = 174,000.
    expect(alt.requests.offered).toBe(174_000);
    expect(alt.requests.dropped).toBe(30_000);
    expect(alt.requests.served).toBe(144_000);
    // The minute of the spike drops requests, so it is over the SLO.
    expect(alt.slo.minutesOver).toBe(1);
    // Only the invocations that ran are billed: 144,000 × $0.0000002 = $0.0288
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.0288');
  });

  it('retries throttled requests of an asynchronous source instead of dropping them', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 100ms, reservedConcurrency: 50, onThrottle: retry }', { horizon: '20m', rps: SPIKE });
    // The 30,000 throttled during the spike are retried and served once it ends (500 rps of room).
    expect(alt.requests.dropped).toBe(0);
    expect(alt.requests.served).toBe(174_000);
    // The spike minute's requests waited: its p95 is above the 100 ms duration.
    expect(Math.max(...alt.series.latencyP95Ms)).toBeGreaterThan(100);
  });

  it('scales new environments at 1,000 at once, then 100 a second (1,000 per 10 s)', () => {
    // 0 → 20,000 rps at t = 60 s, 1 s duration: 20,000 environments needed (quota raised to 100,000).
    // Tick k after the step has 1,000 + 100 k environments, so it serves 1,000 + 100 k requests
    // until k = 190: throttled Σ_{k=0}^{189} (19,000 − 100 k) = 190 × 19,000 − 100 × 17,955 = 1,814,500.
    const alt = run('{ type: lambda, memory: 128 MB, duration: 1s, accountConcurrency: 100000 }', {
      horizon: '5m',
      rps: '{ type: steps, initial: 0, steps: [{ at: 60s, rps: 20000 }] }',
    });
    expect(alt.requests.dropped).toBe(1_814_500);
    // offered 20,000 × 240 s = 4,800,000
    expect(alt.requests.offered).toBe(4_800_000);
  });

  it('counts cold starts in latency: the minute of a scale-up has a higher p95 than a steady one', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 5s, coldStart: 800ms }', {
      horizon: '5m',
      rps: '{ type: steps, initial: 1, steps: [{ at: 120s, rps: 10 }] }',
    });
    // Steady minutes: p95 = the 5 s duration. The step minute: 10 × 5 s = 50 environments, 45 of them
    // new: 45 cold invocations of 600, 7.5 % > 5 %, so its p95 is a cold one (5 s + 800 ms).
    expect(alt.series.latencyP95Ms[0]).toBe(5000);
    expect(alt.series.latencyP95Ms[2]).toBe(5800);
    expect(alt.series.latencyP95Ms[4]).toBe(5000);
  });

  it('an INIT past the 10 s INIT phase also costs the stopped first attempt: 5 s + 10 s + 12 s = 27 s, billed', () => {
    const rps = '{ type: steps, initial: 1, steps: [{ at: 120s, rps: 10 }] }';
    const slow = run('{ type: lambda, memory: 1024 MB, duration: 5s, coldStart: 12s }', { horizon: '5m', rps });
    // As above, the step minute's p95 is a cold invocation: 5 s + 10 s (the stopped INIT phase) + 12 s (INIT again, inside the invocation).
    expect(slow.series.latencyP95Ms[2]).toBe(27_000);
    expect(slow.series.latencyP95Ms[4]).toBe(5000);
    // Billed: the step needs 10 × 5 s = 50 environments, 5 already warm (1 rps × 5 s): 45 cold starts.
    // Each adds 10 s + 12 s = 22 s at 1 GB; against a 1 ms INIT, 45 × (22 − 0.001) = 989.955 GB-s more.
    const gbs = (coldStart: string) => Number(item(run(`{ type: lambda, memory: 1024 MB, duration: 5s, coldStart: ${coldStart} }`, { horizon: '5m', rps }), 'lambda.duration').quantity);
    expect(gbs('12s') - gbs('1ms')).toBeCloseTo(989.955, 6);
    // Within the INIT phase no first attempt is lost: 45 × (9 − 0.001) = 404.955 GB-s.
    expect(gbs('9s') - gbs('1ms')).toBeCloseTo(404.955, 6);
  });

  it('counts no latency in minutes without requests', () => {
    // A 2 s function is over any p95 target when it runs; with no request, no minute is over.
    const idle = run('{ type: lambda, memory: 1024 MB, duration: 2s }', { horizon: '10m', rps: '{ type: constant, rps: 0 }' });
    expect(idle.slo.minutesOver).toBe(0);
    const busy = run('{ type: lambda, memory: 1024 MB, duration: 2s }', { horizon: '10m', rps: '{ type: constant, rps: 1 }' });
    expect(busy.slo.minutesOver).toBe(10);
  });

  it('provisioned concurrency removes cold starts up to its level', () => {
    const capacity = (pc: number) => `{ type: lambda, memory: 1024 MB, duration: 5s, coldStart: 800ms, provisionedConcurrency: ${pc} }`;
    const rps = '{ type: steps, initial: 1, steps: [{ at: 120s, rps: 10 }] }';
    // 10 × 5 s = 50 environments: 50 provisioned cover the step entirely; 20 leave 30 to create cold
    // (30 of 600 = 5 %: the p95 is still warm), 10 leave 40 (6.7 %: a cold p95).
    expect(run(capacity(50), { horizon: '5m', rps }).series.latencyP95Ms[2]).toBe(5000);
    expect(run(capacity(10), { horizon: '5m', rps }).series.latencyP95Ms[2]).toBe(5800);
  });

  it('derives the duration from the service when none is given', () => {
    // 1 vCPU task, 20 rps per task: 0.05 vCPU-s of CPU per request; baseLatency 100 ms leaves 50 ms of waiting.
    // At 1,769 MB (one vCPU): duration = 50 + 50 = 100 ms (mean of an exponential).
    const alt = run('{ type: lambda, memory: 1769 MB }', { horizon: '10m', rps: '{ type: constant, rps: 10 }', taskCapacity: '20 rps', extra: ['baseLatency: 100ms'] });
    // 6,000 requests × ≈ 100.5 ms (1 ms rounding) × 1,769/1,024 GB ≈ 1,041 GB-s
    expect(Number(item(alt, 'lambda.duration').quantity)).toBeGreaterThan(6000 * 0.095 * (1769 / 1024));
    expect(Number(item(alt, 'lambda.duration').quantity)).toBeLessThan(6000 * 0.106 * (1769 / 1024));
  });
});

describe('App Runner bills, us-east-1 ($0.007/GB-h provisioned and active memory, $0.064/vCPU-h active)', () => {
  it('bills idle provisioned instances for memory only', () => {
    const alt = run('{ type: app-runner, cpu: 1 vCPU, memory: 2 GB, minInstances: 2 }', { horizon: '1h', rps: '{ type: constant, rps: 0 }' });
    // 2 instances × 1 h × 2 GB = 4 GB-h × $0.007 = $0.028; no request, so never active.
    expect(item(alt, 'app-runner.provisioned.memory').quantity).toBe('4');
    expect(item(alt, 'app-runner.provisioned.memory').usdExact).toBe('0.028');
    expect(item(alt, 'app-runner.active.vcpu').usdExact).toBe('0');
    expect(alt.cost.totalUsd).toBe(0.03);
  });

  it('bills an active instance for vCPU and memory', () => {
    // 10 rps on one 1 vCPU / 2 GB instance (max concurrency 100: no scale-out): a request every
    // 0.1 s keeps it active all the time (1 − e^(−10 × 60.05) = 1).
    const alt = run('{ type: app-runner, cpu: 1 vCPU, memory: 2 GB }', { horizon: '1h', rps: '{ type: constant, rps: 10 }' });
    // vCPU: 1 × 1 h × $0.064 = $0.064; memory: 2 GB × 1 h × $0.007 = $0.014; total $0.078 → $0.08
    expect(item(alt, 'app-runner.active.vcpu').quantity).toBe('1');
    expect(item(alt, 'app-runner.active.vcpu').usdExact).toBe('0.064');
    expect(item(alt, 'app-runner.active.memory').usdExact).toBe('0.014');
    expect(item(alt, 'app-runner.provisioned.memory').usdExact).toBe('0');
    expect(alt.cost.totalUsd).toBe(0.08);
  });

  it('counts an instance active for the one-minute minimum after a request', () => {
    // One request a minute, 0 s service: active share 1 − e^(−1) = 0.6321205588
    expect(activeShare(1 / 60, 0)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(activeShare(0, 0.05)).toBe(0);
  });

  it('scales out on concurrent requests per instance and serves a load one instance cannot', () => {
    // 1 vCPU instance = the 1 vCPU task: 60 rps at full CPU, 3 in flight (50 ms). 300 rps needs 5 at
    // least; maxConcurrency 2 asks for ceil(300 × 0.05 ÷ 2) = 8 instances.
    const alt = run('{ type: app-runner, cpu: 1 vCPU, memory: 2 GB, maxConcurrency: 2, minInstances: 1 }', { horizon: '20m', rps: '{ type: constant, rps: 300 }', extra: ['baseLatency: 50ms'] });
    // The first minutes overload: queued requests count as in flight, so it first asks for the
    // maximum (25), then scales in to 8 once the queue has drained.
    expect(alt.usage.maxTasks).toBe(25);
    expect(alt.series.runningTasks[15]).toBe(8);
    expect(alt.series.droppedRps[15]).toBe(0);
  });

  it('runs beside containers on the same demand (common random numbers)', () => {
    const result = compare(
      parseScenario(
        scenarioText({
          horizon: '1h',
          rps: '{ type: constant, rps: 50 }',
          noise: 0.2,
          task: '{ cpu: 1 vCPU, memory: 2 GB }',
          desiredCount: 2,
          alternatives: ['{ name: fargate, capacity: { type: fargate } }', '{ name: lambda, capacity: { type: lambda, memory: 1024 MB } }', '{ name: runner, capacity: { type: app-runner, cpu: 1 vCPU, memory: 2 GB } }'],
        }),
      ),
    );
    const offered = result.alternatives.map((a) => a.requests.offered);
    expect(new Set(offered).size).toBe(1);
    expect(result.alternatives.find((a) => a.name === 'lambda')!.capacityType).toBe('lambda');
  });
});

describe('bad Lambda and App Runner settings', () => {
  function problems(capacity: string, extra: string[] = []): { path: string; message: string; allowed?: string }[] {
    const text = scenarioText({ horizon: '1h', task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 1, alternatives: [`{ name: f, capacity: ${capacity}${extra.join('')} }`] });
    try {
      parseScenario(text, 'bad.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      expect((err as ScenarioError).message).toContain('bad.yaml');
      return (err as ScenarioError).issues.map((i) => ({ path: i.path, message: i.message, allowed: i.allowed }));
    }
    throw new Error('no error');
  }
  function accepted(capacity: string): boolean {
    parseScenario(scenarioText({ horizon: '1h', task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 1, alternatives: [`{ name: f, capacity: ${capacity} }`] }), 'good.yaml');
    return true;
  }

  it('names memory out of range and what is allowed', () => {
    const [p] = problems('{ type: lambda, memory: 64 MB }');
    expect(p.path).toBe('alternatives[0].capacity.memory');
    expect(p.allowed).toContain('128 MB to 10240 MB');
  });

  it('rejects provisioned concurrency above the reserved concurrency', () => {
    const [p] = problems('{ type: lambda, memory: 1024 MB, reservedConcurrency: 10, provisionedConcurrency: 20 }');
    expect(p.path).toBe('alternatives[0].capacity.provisionedConcurrency');
    expect(p.allowed).toBe('0 to 10 (AWS: no more provisioned than reserved concurrency)');
  });

  // AWS keeps 100 of the account's concurrency unreserved (configuration-concurrency: "You can reserve up to the
  // Unreserved account concurrency value that is shown, minus 100"); provisioned concurrency without a reservation
  // draws on that pool and is refused likewise. Default quota 1,000: at most 1,000 − 100 = 900.
  it('rejects reserved concurrency that leaves less than 100 of the account unreserved', () => {
    const [p] = problems('{ type: lambda, memory: 1024 MB, reservedConcurrency: 901 }');
    expect(p.path).toBe('alternatives[0].capacity.reservedConcurrency');
    expect(p.message).toBe("reserved concurrency 901 would leave 99 of the account's 1000 unreserved; AWS keeps at least 100 unreserved");
    expect(p.allowed).toBe('0 to 900 (accountConcurrency 1000 − 100)');
    expect(accepted('{ type: lambda, memory: 1024 MB, reservedConcurrency: 900 }')).toBe(true);
    // A raised quota of 3,000 reserves up to 2,900; a quota of 100 reserves nothing.
    expect(problems('{ type: lambda, memory: 1024 MB, accountConcurrency: 3000, reservedConcurrency: 2901 }')[0].allowed).toBe('0 to 2900 (accountConcurrency 3000 − 100)');
    expect(accepted('{ type: lambda, memory: 1024 MB, accountConcurrency: 3000, reservedConcurrency: 2900 }')).toBe(true);
    expect(problems('{ type: lambda, memory: 1024 MB, accountConcurrency: 100, reservedConcurrency: 1 }')[0].allowed).toBe('0 to 0 (accountConcurrency 100 − 100)');
  });

  it('rejects provisioned concurrency without a reservation that leaves less than 100 unreserved', () => {
    const [p] = problems('{ type: lambda, memory: 1024 MB, provisionedConcurrency: 901 }');
    expect(p.path).toBe('alternatives[0].capacity.provisionedConcurrency');
    expect(p.message).toBe("provisioned concurrency 901 without a reservation would leave 99 of the account's 1000 unreserved; AWS keeps at least 100 unreserved");
    expect(p.allowed).toBe('0 to 900 (accountConcurrency 1000 − 100), or up to a reservedConcurrency within that');
    expect(accepted('{ type: lambda, memory: 1024 MB, provisionedConcurrency: 900 }')).toBe(true);
    expect(accepted('{ type: lambda, memory: 1024 MB, reservedConcurrency: 300, provisionedConcurrency: 300 }')).toBe(true);
  });

  // Lambda's INIT phase is limited to 10 s; past it Lambda retries INIT inside the first invocation,
  // under the function's timeout, at most 900 s (lambda-runtime-environment.html).
  it('rejects a cold start (INIT) that cannot finish within 900 s, naming the file, the field and the range', () => {
    const text = scenarioText({ horizon: '1h', task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 1, alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB, coldStart: 1000s } }'] });
    const err = thrown(() => parseScenario(text, 'functions.yaml'));
    expect(err).toBeInstanceOf(ScenarioError);
    const issue = (err as ScenarioError).issues[0];
    expect(issue.path).toBe('alternatives[0].capacity.coldStart');
    expect(issue.message).toBe("an INIT of 1000 s (constant(1000)) cannot finish: an INIT past Lambda's 10 s INIT phase is retried inside the first invocation, which may run at most 900 s");
    expect(issue.allowed).toMatch(/^an INIT of at most 900 s/);
    expect((err as ScenarioError).message).toMatch(/functions\.yaml:\d+:\d+: alternatives\[0\]\.capacity\.coldStart: an INIT of 1000 s/);
  });

  it('takes an INIT up to 900 s, and judges a distribution by its largest draw or, unbounded, its 99th percentile', () => {
    expect(accepted('{ type: lambda, memory: 1024 MB, coldStart: 900s }')).toBe(true);
    expect(accepted('{ type: lambda, memory: 1024 MB, coldStart: 30s }')).toBe(true);
    // uniform(2 s, 950 s) draws up to 950 s.
    expect(problems('{ type: lambda, memory: 1024 MB, coldStart: { type: uniform, min: 2s, max: 950s } }')[0].message).toMatch(/^INIT draws up to 950 s/);
    // exponential mean 200 s: p99 = 200 × ln 100 = 921.034 s; mean 190 s: 874.98 s, within.
    expect(problems('{ type: lambda, memory: 1024 MB, coldStart: { type: exponential, mean: 200s } }')[0].message).toMatch(/^INIT with a 99th percentile of 921\.034 s/);
    expect(accepted('{ type: lambda, memory: 1024 MB, coldStart: { type: exponential, mean: 190s } }')).toBe(true);
  });

  // An invocation runs at most the function's timeout, at most 900 s (gettingstarted-limits); a
  // duration is judged like coldStart: by its largest draw, or, unbounded, its 99th percentile.
  it('rejects a duration that reaches past the 900 s timeout, naming the file, the field and the range', () => {
    const text = scenarioText({ horizon: '1h', task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 1, alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB, duration: { type: exponential, mean: 10m } } }'] });
    const err = thrown(() => parseScenario(text, 'functions.yaml'));
    expect(err).toBeInstanceOf(ScenarioError);
    const issue = (err as ScenarioError).issues[0];
    expect(issue.path).toBe('alternatives[0].capacity.duration');
    // p99 of an exponential with mean 600 s: 600 × ln 100 = 2,763.102 s
    expect(issue.message).toBe("invocations with a 99th percentile of 2763.102 s (exponential(mean 600)) run past Lambda's maximum timeout of 900 s");
    expect(issue.allowed).toMatch(/^a duration of more than 0 and at most 900 s/);
    expect((err as ScenarioError).message).toMatch(/functions\.yaml:\d+:\d+: alternatives\[0\]\.capacity\.duration: invocations with a 99th percentile of 2763\.102 s/);
  });

  it('takes a duration up to 900 s, and judges a distribution by its largest draw or, unbounded, its 99th percentile', () => {
    expect(problems('{ type: lambda, memory: 1024 MB, duration: 20m }')[0].message).toBe("an invocation of 1200 s (constant(1200)) runs past Lambda's maximum timeout of 900 s");
    expect(problems('{ type: lambda, memory: 1024 MB, duration: 0s }')[0].message).toBe('a Lambda invocation lasts more than 0 and at most the 900 s timeout');
    expect(accepted('{ type: lambda, memory: 1024 MB, duration: 900s }')).toBe(true);
    expect(problems('{ type: lambda, memory: 1024 MB, duration: { type: uniform, min: 1s, max: 950s } }')[0].message).toMatch(/^invocations of up to 950 s/);
    // exponential mean 200 s: p99 = 921.034 s, refused; mean 190 s: 874.98 s, taken (its rarer draws past 900 s time out).
    expect(problems('{ type: lambda, memory: 1024 MB, duration: { type: exponential, mean: 200s } }')[0].message).toMatch(/^invocations with a 99th percentile of 921\.034 s/);
    expect(accepted('{ type: lambda, memory: 1024 MB, duration: { type: exponential, mean: 190s } }')).toBe(true);
  });

  it('rejects an App Runner size that does not exist, listing the sizes', () => {
    const [p] = problems('{ type: app-runner, cpu: 1 vCPU, memory: 1 GB }');
    expect(p.path).toBe('alternatives[0].capacity');
    expect(p.allowed).toContain('1 vCPU / 2 GB');
  });

  it('rejects an EC2 Instance Savings Plan on Lambda and any plan on App Runner', () => {
    const ec2Plan = ', commitments: { savingsPlans: [{ type: ec2-instance, family: m5, commitment: 1 }] }';
    expect(problems('{ type: lambda, memory: 1024 MB }', [ec2Plan])[0].path).toBe('alternatives[0].commitments.savingsPlans[0].type');
    const plan = ', commitments: { savingsPlans: [{ type: compute, commitment: 1 }] }';
    expect(problems('{ type: app-runner, cpu: 1 vCPU, memory: 2 GB }', [plan])[0].message).toBe('no Savings Plan covers App Runner');
  });

  it('rejects a region without Lambda rates', () => {
    const text = scenarioText({ horizon: '1h', region: 'eu-west-1', task: '{ cpu: 1 vCPU, memory: 2 GB }', desiredCount: 1, alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB } }'] });
    expect(() => parseScenario(text)).toThrow(/no Lambda rates for region eu-west-1/);
  });
});

describe('the containers-vs-functions scenario', () => {
  it('loads with every kind of capacity, and a function alternative repeats byte for byte', () => {
    const scenario = loadScenario('scenarios/containers-vs-functions.yaml');
    expect(scenario.alternatives.map((a) => a.capacity.type)).toEqual(['fargate', 'cluster', 'lambda', 'lambda', 'lambda', 'app-runner']);
    const short = { ...scenario, horizonSeconds: 3 * 3600 };
    for (const name of ['lambda-provisioned', 'app-runner']) {
      const a = JSON.stringify(simulate(short, { alternative: name }));
      const b = JSON.stringify(simulate(short, { alternative: name }));
      expect(a).toBe(b);
    }
  });
});
