// The recommendation respects service quality: among alternatives meeting the SLO, one that drops
// clearly more requests than the best (beyond 10 % of it + 0.01 points, or beyond the scenario's
// slo.maxDroppedShare) is not recommended, and the decision sentence says why. Figures by hand.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlternativeResult, ComparisonResult } from '../../src/domain/result.js';
import { dropBudget, rank } from '../../src/run/compare.js';
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
