// The recommendation respects service quality: among alternatives meeting the SLO, one that drops
// clearly more requests than the best (beyond 10 % of it + 0.01 points, or beyond the scenario's
// slo.maxDroppedShare) is not recommended, and the decision sentence says why. Figures by hand.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlternativeResult, ComparisonResult } from '../../src/domain/result.js';
import { compare, dropBudget, rank } from '../../src/run/compare.js';
import { recommendationSentence, rankingText } from '../../src/report/columns.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { renderTable } from '../../src/report/table.js';
import { parseScenario } from '../../src/scenario/load.js';
import { makeFixture } from '../report/fixture.js';

const base = makeFixture();
const template = base.alternatives.find((a) => a.slo.met)!;

/** An alternative meeting the SLO, `usdPerMonth` a month, dropping `dropped` of 1,000,000 requests. */
function alt(name: string, usdPerMonth: number, dropped: number): AlternativeResult {
  return {
    ...template,
    name,
    platform: 'Fargate linux/x86_64 1 vCPU/2 GB',
    cost: { ...template.cost, totalUsd: usdPerMonth, usdPerHour: usdPerMonth / 730, usdPerMonth },
    requests: { offered: 1_000_000, served: 1_000_000 - dropped, dropped },
    slo: { ...template.slo, met: true, minutesOverShare: 0, droppedShare: dropped / 1_000_000 },
    replications: null,
  };
}

function comparison(alternatives: AlternativeResult[], declared?: number): ComparisonResult {
  const budget = dropBudget(alternatives, declared);
  const ranking = rank(alternatives, budget);
  const recommended = ranking.find((n) => {
    const a = alternatives.find((x) => x.name === n)!;
    return a.slo.met && a.slo.droppedShare <= budget!.maxDroppedShare;
  }) ?? null;
  return { ...base, alternatives, ranking, recommended, dropBudget: budget };
}

describe('drop budget', () => {
  // cheap-drops 0.35 %, steady 0.24 % (the best), pricey 0.25 %.
  // Budget = 0.24 % × 1.1 + 0.01 points = 0.274 %: cheap-drops is over, pricey within.
  const alts = [alt('cheap-drops', 100, 3500), alt('steady', 112, 2400), alt('pricey', 150, 2500)];
  const result = comparison(alts);

  it('defaults to the best share among those meeting the SLO, plus 10 % of it and 0.01 points', () => {
    expect(result.dropBudget).toEqual({ basis: 'best', best: 'steady', maxDroppedShare: expect.closeTo(0.00274, 12) });
  });

  it('does not recommend the cheapest when it drops clearly more requests, and ranks it after those within the budget', () => {
    expect(result.ranking).toEqual(['steady', 'pricey', 'cheap-drops']);
    expect(result.recommended).toBe('steady');
  });

  it('says why the cheaper alternative lost, in every format', () => {
    // $112 − $100 = $12.00 cheaper; 0.35 / 0.24 − 1 = 45.8 % → 46 % more;
    // against pricey: $150 − $112 = $38.00, 38 / 150 = 25.3 % → 25 %.
    const sentence = recommendationSentence(result);
    expect(sentence).toContain('cheap-drops is $12.00 per month cheaper but drops 46% more requests than steady (0.35% vs 0.24% of requests offered).');
    expect(sentence).toContain('Recommended: steady (Fargate linux/x86_64 1 vCPU/2 GB), the cheapest alternative that meets the SLO');
    expect(sentence).toContain("with at most 0.274% of requests dropped (the lowest share among the alternatives meeting the SLO, steady's, + 10% of it + 0.01 percentage points)");
    expect(sentence).toContain('It is $38.00 per month (25%) less than the next one that meets both, pricey.');
    expect(renderMarkdownReport(result)).toContain('cheap-drops is $12.00 per month cheaper but drops 46% more requests than steady');
    expect(renderHtml(result)).toContain('cheap-drops is $12.00 per month cheaper but drops 46% more requests than steady');
    expect(renderTable(result, { color: false })).toContain('cheap-drops is $12.00 per month cheaper but drops 46% more requests than steady');
    expect(rankingText(result)).toContain('then those that meet only the SLO');
  });

  it('counts a small difference as no difference', () => {
    // 0.26 % against the best 0.24 %: within 0.274 %, so the cheapest is recommended as before.
    const r = comparison([alt('cheap', 100, 2600), alt('steady', 112, 2400)]);
    expect(r.recommended).toBe('cheap');
    expect(recommendationSentence(r)).toMatch(/the cheapest alternative that meets the SLO \([^)]*\), at \$100\.00 per month, \$12\.00 per month \(11%\) less than the next one that meets it, steady\.$/);
  });

  it('uses slo.maxDroppedShare when the scenario declares it', () => {
    // Declared 0.3 %: cheap-drops (0.35 %) is over, steady (0.24 %) and pricey (0.25 %) within.
    const r = comparison(alts, 0.003);
    expect(r.dropBudget).toEqual({ basis: 'scenario', best: null, maxDroppedShare: 0.003 });
    expect(r.recommended).toBe('steady');
    expect(recommendationSentence(r)).toContain("with at most 0.3% of requests dropped (the scenario's slo.maxDroppedShare)");
    // Declared 0.1 %: nobody is within; the sentence names the one dropping the fewest.
    const none = comparison(alts, 0.001);
    expect(none.recommended).toBeNull();
    expect(recommendationSentence(none)).toContain('of those meeting the SLO, steady drops the fewest, 0.24% of requests.');
  });

  it('reads slo.maxDroppedShare from the scenario, and leaves it out of the resolved scenario when absent', () => {
    const text = readFileSync(new URL('../golden/small.yaml', import.meta.url), 'utf8');
    expect(text).toContain('slo: { latencyP95: 300ms }');
    const declared = parseScenario(text.replace('slo: { latencyP95: 300ms }', 'slo: { latencyP95: 300ms, maxDroppedShare: 0.1% }'));
    expect(declared.slo.maxDroppedShare).toBeCloseTo(0.001, 12);
    expect('maxDroppedShare' in parseScenario(text).slo).toBe(false);
  });
});

// The same through the real compare() on a small scenario, every figure by hand. Fargate 0.5 vCPU /
// 1 GB at us-east-1's $0.000011244 per vCPU-second and $0.000001235 per GB-second: a task costs
// $0.000006857 a second; warm tasks are billed the whole 2 h. Per month = the run's cost ÷ 2 h × 730 h:
//   two tasks:  2 × 7,200 s × $0.000006857 = $0.0987408 → × 365 = $36.040392 → $36.04
//   four tasks: $72.080784 → $72.08; the two-task service is $36.04 a month cheaper.
// A task serves taskCapacity = 100 rps; the fluid model serves arrivals + backlog up to capacity
// each 1 s tick, queues up to queueLimit (100) per task and drops the rest (docs/model.md).
describe('drop budget on a real run: the cheaper service sheds load', () => {
  const scenario = (rps: string) => `name: sheds-load
horizon: 2h
workload: { rps: ${rps} }
slo: { latencyP95: 500ms, maxMinutesOver: 10% }
service:
  task: { cpu: 0.5 vCPU, memory: 1 GB }
  desiredCount: 4
  taskCapacity: 100 rps
  baseLatency: 50ms
alternatives:
  - name: capped-2
    capacity: { type: fargate }
    service: { desiredCount: 2 }
  - name: enough-4
    capacity: { type: fargate }
`;

  it('a 5-minute burst over capacity: within the SLO, over the drop budget; not recommended, and the sentence says why', () => {
    // 100 rps, and 300 rps for 300 s from 1 h. Two tasks serve 200 a second: in the burst's first
    // tick 100 queue, in the second 200 (the queue's room, 2 × 100), then 100 a tick are dropped
    // for the other 298 ticks: 29,800 dropped of 100 × 7,200 + 200 × 300 = 780,000 offered,
    // 3.82 %. After it the queue drains in 2 s. The minutes over: the 5 that drop (60–64) of
    // 120 = 4.2 % ≤ 10 %: capped-2 meets the SLO. Four tasks serve 400 > 300: nothing dropped.
    // The budget: the best share among those meeting the SLO, 0, + 10 % of it + 0.01 points = 0.01 %.
    const result = compare(parseScenario(scenario('{ type: steps, initial: 100 rps, steps: [{ at: 1h, rps: 300 rps }, { at: 1h5m, rps: 100 rps }] }'), 'sheds.yaml'));
    const capped = result.alternatives.find((a) => a.name === 'capped-2')!;
    const enough = result.alternatives.find((a) => a.name === 'enough-4')!;
    expect(capped.requests).toEqual({ offered: 780_000, served: 750_200, dropped: 29_800 });
    expect(capped.slo.minutesOver).toBe(5);
    expect(capped.slo.met).toBe(true);
    expect(enough.requests.dropped).toBe(0);
    expect([capped.cost.usdPerMonth, enough.cost.usdPerMonth]).toEqual([36.04, 72.08]);
    expect(result.dropBudget).toEqual({ basis: 'best', best: 'enough-4', maxDroppedShare: expect.closeTo(0.0001, 12) });
    expect(result.recommended).toBe('enough-4');
    expect(result.ranking).toEqual(['enough-4', 'capped-2']);
    expect(recommendationSentence(result)).toContain('capped-2 is $36.04 per month cheaper but drops 3.8% of requests offered where enough-4 drops none.');
  });

  it('a steady load over capacity: it misses the SLO, and the sentence says that is why it lost', () => {
    // 300 rps throughout: two tasks drop 100 a tick from the third tick on, 100 × 7,198 = 719,800
    // of 2,160,000 (33.3 %), and every minute drops: 100 % of minutes over, 10 % allowed.
    const result = compare(parseScenario(scenario('{ type: constant, rps: 300 }'), 'sheds.yaml'));
    const capped = result.alternatives.find((a) => a.name === 'capped-2')!;
    expect(capped.requests.dropped).toBe(719_800);
    expect(capped.slo.minutesOver).toBe(120);
    expect(result.recommended).toBe('enough-4');
    expect(recommendationSentence(result)).toMatch(/^Recommended: enough-4 \(.*\), the cheapest alternative that meets the SLO \(p95 latency ≤ 500 ms in at least 90% of minutes\), at \$72\.08 per month; it is the only one that meets the SLO\. /);
    expect(recommendationSentence(result)).toMatch(/ capped-2 is \$36\.04 per month cheaper but misses the SLO: over target in 100% of minutes \(10% allowed\), 33% of requests dropped\.$/);
  });
});
