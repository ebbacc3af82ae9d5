// Regression gates (`--fail-on "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0"`): what each gate
// means, hand-worked on small results; with replications a change beyond a gate fails only when
// its 95 % interval excludes zero; and warnings when two results are not comparable.

import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/errors.js';
import { parseGates } from '../../src/domain/gates.js';
import type { Estimate } from '../../src/domain/result.js';
import { compare, parseScenario } from '../../src/index.js';
import { evaluateGates, formatGateReport, type Comparable } from '../../src/run/gates.js';

type Alt = Comparable['alternatives'][number];

/** A result with one alternative per entry: only what the gates read. */
function result(alts: { name: string; cost: number; minutesOver?: number; p95?: number; dropped?: number; reps?: Partial<Record<'totalUsd' | 'minutesOver' | 'latencyP95Ms' | 'dropped', [number, number]>> }[], scenario: Partial<Comparable['scenario']> = {}): Comparable {
  const est = (x: [number, number] | undefined): Estimate | undefined => (x ? { mean: x[0], ci95: x[1], min: x[0] - x[1], max: x[0] + x[1] } : undefined);
  return {
    capsimVersion: '0.1.0',
    scenario: { name: 's', description: '', file: 's.yaml', seed: 1, scenarioHash: 'sha256:aa', catalogAsOf: '2026-09-29', region: 'us-east-1', horizonSeconds: 3600, tickSeconds: 1, sloLatencyP95Ms: 500, resolved: {}, ...scenario },
    alternatives: alts.map(
      (a) =>
        ({
          name: a.name,
          cost: { totalUsd: a.cost },
          slo: { minutesOver: a.minutesOver ?? 0, latencyP95Ms: a.p95 ?? 100 },
          requests: { dropped: a.dropped ?? 0 },
          replications: a.reps ? { n: 10, totalUsd: est(a.reps.totalUsd), minutesOver: est(a.reps.minutesOver), latencyP95Ms: est(a.reps.latencyP95Ms), dropped: est(a.reps.dropped) } : null,
        }) as unknown as Alt,
    ),
  };
}

const verdict = (report: ReturnType<typeof evaluateGates>, alt: string, metric: string) => report.rows.find((r) => r.alternative === alt && r.metric === metric)!.verdict;

describe('parseGates', () => {
  it('reads the issue\'s example', () => {
    expect(parseGates('cost>+5%,sloMinutes>+0,p95>+10%, dropped > 0')).toEqual([
      { metric: 'cost', relative: true, limit: 5, text: 'cost>+5%' },
      { metric: 'sloMinutes', relative: false, limit: 0, text: 'sloMinutes>+0' },
      { metric: 'p95', relative: true, limit: 10, text: 'p95>+10%' },
      { metric: 'dropped', relative: false, limit: 0, text: 'dropped>+0' },
    ]);
  });

  it.each([
    ['cots>+5%', 'unknown metric "cots" in "cots>+5%"; did you mean "cost"?'],
    ['cost<5%', 'cannot read the gate "cost<5%"'],
    ['cost>five', 'cannot read the gate "cost>five"'],
    ['', 'no gate given'],
  ])('refuses %j', (text, says) => {
    expect(() => parseGates(text)).toThrow(FieldError);
    expect(() => parseGates(text)).toThrow(says);
  });
});

describe('evaluateGates without replications', () => {
  const gates = parseGates('cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0');

  it('cost $10.00 → $10.60 is +6 %: over cost>+5%; → $10.40 (+4 %) is not', () => {
    const base = result([{ name: 'a', cost: 10 }]);
    const over = evaluateGates(base, result([{ name: 'a', cost: 10.6 }]), gates);
    expect(verdict(over, 'a', 'cost')).toBe('fail');
    expect(over.rows.find((r) => r.metric === 'cost')!.percent).toBeCloseTo(6, 9);
    expect(over.failed).toBe(true);
    const under = evaluateGates(base, result([{ name: 'a', cost: 10.4 }]), gates);
    expect(verdict(under, 'a', 'cost')).toBe('ok');
    expect(under.failed).toBe(false);
  });

  it('one more minute over the SLO fails sloMinutes>+0; p95 100 → 111 ms (+11 %) fails p95>+10%', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 1 }]), result([{ name: 'a', cost: 1, minutesOver: 1, p95: 111 }]), gates);
    expect(verdict(r, 'a', 'sloMinutes')).toBe('fail');
    expect(verdict(r, 'a', 'p95')).toBe('fail');
  });

  it('a relative gate on a metric that grew from 0: +∞ %, over any percentage', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 1 }]), result([{ name: 'a', cost: 1, dropped: 5 }]), parseGates('dropped>+50%'));
    expect(r.rows.find((x) => x.metric === 'dropped')!.percent).toBe(Infinity);
    expect(r.failed).toBe(true);
  });

  it('an alternative gone from the new result fails when gates are set; an added one does not', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 1 }, { name: 'b', cost: 1 }]), result([{ name: 'a', cost: 1 }, { name: 'c', cost: 1 }]), gates);
    expect(r.rows.filter((x) => x.metric === 'alternative').map((x) => [x.alternative, x.verdict])).toEqual([
      ['c', 'added'],
      ['b', 'removed'],
    ]);
    expect(r.failed).toBe(true);
    expect(evaluateGates(result([{ name: 'a', cost: 1 }]), result([{ name: 'a', cost: 1 }, { name: 'c', cost: 1 }]), gates).failed).toBe(false);
  });

  it('without gates nothing fails', () => {
    expect(evaluateGates(result([{ name: 'a', cost: 1 }]), result([{ name: 'a', cost: 100 }]), []).failed).toBe(false);
  });
});

describe('evaluateGates with replications: a change counts only when its 95% interval excludes zero', () => {
  const gates = parseGates('cost>+1%');

  it('$100.00 ± 4 → $103.00 ± 4: +3 % is over cost>+1%, but ±√(4² + 4²) = ±5.66 includes zero: noise, not a failure', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 99, reps: { totalUsd: [100, 4] } }]), result([{ name: 'a', cost: 104, reps: { totalUsd: [103, 4] } }]), gates);
    const row = r.rows.find((x) => x.metric === 'cost')!;
    expect(row.change).toBeCloseTo(3, 9);
    expect(row.changeCi95).toBeCloseTo(Math.sqrt(32), 9);
    expect(row.verdict).toBe('noise');
    expect(r.failed).toBe(false);
  });

  it('$100.00 ± 4 → $110.00 ± 4: +10 ± 5.66 excludes zero: a failure', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 99, reps: { totalUsd: [100, 4] } }]), result([{ name: 'a', cost: 111, reps: { totalUsd: [110, 4] } }]), gates);
    expect(verdict(r, 'a', 'cost')).toBe('fail');
    expect(r.failed).toBe(true);
  });

  it('the means are compared, not the detailed replication 0', () => {
    // replication 0 cost 90 → 130 would be +44 %; the means move 100 → 100.5 (+0.5 %): under the gate
    const r = evaluateGates(result([{ name: 'a', cost: 90, reps: { totalUsd: [100, 4] } }]), result([{ name: 'a', cost: 130, reps: { totalUsd: [100.5, 4] } }]), gates);
    expect(verdict(r, 'a', 'cost')).toBe('ok');
  });
});

describe('comparability warnings', () => {
  it('another scenario, seed, capsim version or catalog is named', () => {
    const base = result([{ name: 'a', cost: 1 }]);
    const other = { ...result([{ name: 'a', cost: 1 }], { name: 't', scenarioHash: 'sha256:bb', seed: 2, catalogAsOf: '2027-01-01' }), capsimVersion: '0.2.0' };
    const w = evaluateGates(base, other, []).warnings;
    expect(w).toEqual([
      'the baseline is of scenario "s", this result of "t"',
      'the scenarios differ (sha256:aa… vs sha256:bb…): changes may come from the scenario, not the model',
      'the seeds differ (1 vs 2): changes may be chance',
      'the baseline was made by capsim 0.1.0, this result by 0.2.0',
      'the catalogs differ (prices as of 2026-09-29 vs 2027-01-01)',
    ]);
  });

  it('a baseline from before these fields were recorded says so', () => {
    const base = result([{ name: 'a', cost: 1 }], { scenarioHash: undefined, catalogAsOf: undefined } as never);
    expect(evaluateGates(base, result([{ name: 'a', cost: 1 }]), []).warnings).toEqual([
      'the baseline does not record its scenario hash (made by an older capsim?)',
      'the baseline does not record its catalog date (made by an older capsim?)',
    ]);
  });
});

describe('the p95 a gate reads', () => {
  it('50 rps on one task of 60 rps (3 workers of 20 rps): the M/M/3 p95, 332.5 ms, in every minute', () => {
    // ρ = 50/60; Erlang C(3, 2.5) = 0.70225; P(T > t) = 1.404492 e^(−10t) − 0.404492 e^(−20t) = 0.05
    // ⇒ e^(−10t) = 0.035972 ⇒ t = 0.33250 s
    const r = compare(
      parseScenario(`name: p
horizon: 30m
workload: { rps: { type: constant, rps: 50 } }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: 1, taskCapacity: 60 rps }
alternatives: [{ name: a, capacity: { type: fargate } }]
`),
    );
    expect(r.alternatives[0].slo.latencyP95Ms).toBeCloseTo(332.5, 0);
  });
});

describe('cost gates read the exact totals of one run, not the cents', () => {
  const text = (desired: number, horizon: string) => `
name: g
horizon: ${horizon}
workload: { rps: { type: constant, rps: 10 } }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: ${desired}, taskCapacity: 60 rps }
alternatives:
  - name: a
    capacity: { type: fargate }
`;
  const run = (desired: number, horizon: string) => compare(parseScenario(text(desired, horizon)));

  it('10 → 11 tasks for 1 h is +10 % exactly: passes cost>+10%, fails cost>+9.99%', () => {
    // 10 tasks × 3600 s: 36000 vCPU-s × 0.000011244 = 0.404784 and 72000 GB-s × 0.000001235 =
    // 0.08892, total 0.493704 ($0.49); 11 tasks: 0.5430744 ($0.54). Exactly +10 %; on the cents
    // it read +10.204 % and failed cost>+10%.
    const base = run(10, '1h');
    const cur = run(11, '1h');
    const r = evaluateGates(base, cur, parseGates('cost>+10%'));
    const row = r.rows.find((x) => x.metric === 'cost')!;
    expect([row.old!.value, row.new!.value, row.percent, row.verdict]).toEqual([0.493704, 0.5430744, 10, 'ok']);
    expect(row.change).toBeCloseTo(0.0493704, 12);
    expect(r.failed).toBe(false);
    expect(evaluateGates(base, cur, parseGates('cost>+9.99%')).failed).toBe(true);
    expect(formatGateReport(r)).toMatch(/a +cost \(USD\) +\$0\.49 +\$0\.54 +\+\$0\.05 +\+10\.0% +cost>\+10% +ok/);
  });

  it('1 → 2 tasks for 7 min doubles the cost ($0.00575988 → $0.01151976): +100 %, fails cost>+5%', () => {
    // 420 vCPU-s × 0.000011244 = 0.00472248 and 840 GB-s × 0.000001235 = 0.0010374: 0.00575988,
    // shown $0.01; twice that, 0.01151976, also $0.01. On the cents the change was ±0.0 %.
    const r = evaluateGates(run(1, '7m'), run(2, '7m'), parseGates('cost>+5%'));
    const row = r.rows.find((x) => x.metric === 'cost')!;
    expect([row.old!.value, row.new!.value, row.percent, row.verdict]).toEqual([0.00575988, 0.01151976, 100, 'fail']);
    expect(r.failed).toBe(true);
  });
});

describe('the summary line names the gates that failed', () => {
  it('sloMinutes and p95 failed, cost fell and dropped stayed: only those two are named', () => {
    const gates = parseGates('sloMinutes>+0,dropped>+0,cost>+5%,p95>+10%');
    const r = evaluateGates(result([{ name: 'a', cost: 10 }]), result([{ name: 'a', cost: 4, minutesOver: 3, p95: 200 }]), gates);
    expect(formatGateReport(r).trimEnd().split('\n').at(-1)).toBe('2 gate checks failed (sloMinutes>+0, p95>+10%).');
  });

  it('a removed alternative is named as such, not as the cost gate', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 1 }, { name: 'b', cost: 1 }]), result([{ name: 'a', cost: 1 }]), parseGates('cost>+50%'));
    expect(formatGateReport(r).trimEnd().split('\n').at(-1)).toBe('1 gate check failed (alternative b removed).');
  });

  it('one gate failing in two alternatives is named once, counted twice', () => {
    const r = evaluateGates(result([{ name: 'a', cost: 1 }, { name: 'b', cost: 1 }]), result([{ name: 'a', cost: 2 }, { name: 'b', cost: 2 }]), parseGates('cost>+5%,p95>+10%'));
    expect(formatGateReport(r).trimEnd().split('\n').at(-1)).toBe('2 gate checks failed (cost>+5%).');
  });
});
