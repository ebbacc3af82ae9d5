import { describe, expect, it } from 'vitest';
import { summaryColumns, summaryRows } from '../../src/report/columns.js';
import { renderMarkdownTable, renderTable } from '../../src/report/table.js';
import type { ComparisonResult } from '../../src/domain/result.js';
import { expectedColumnIds, fixture, jobsFixture, rowMismatches, savedJson, shows, withReplicationsAndBudget } from './helpers.js';

/** A web comparison on Fargate on-demand only: no EC2 instances, no Spot. */
function fargateOnly(): ComparisonResult {
  const r = structuredClone(fixture());
  const base = r.alternatives.find((a) => a.name === 'fargate-ondemand')!;
  const other = { ...structuredClone(base), name: 'fargate-ondemand-2x', platform: 'Fargate x86_64 2 vCPU/4 GB' };
  other.cost.totalUsd += 10;
  r.alternatives = [base, other];
  r.ranking = [base.name, other.name];
  r.recommended = base.name;
  return r;
}

/** A service and batch jobs in the same scenario: both sets of columns. */
function serviceAndJobs(): ComparisonResult {
  const r = structuredClone(fixture());
  const jobs = new Map(jobsFixture().alternatives.map((a) => [a.name, a.jobs]));
  for (const alt of r.alternatives) alt.jobs = jobs.get(alt.name)!;
  return r;
}

const CASES: [string, () => ComparisonResult][] = [
  ['web service on Fargate, Fargate Spot and EC2', fixture],
  ['batch jobs only', jobsFixture],
  ['web service on Fargate on-demand only', fargateOnly],
  ['web service and batch jobs', serviceAndJobs],
  ['web service with replications and a drop budget', withReplicationsAndBudget],
];

/** The terminal table's rows, cells by column id. */
function terminalRows(result: ComparisonResult): Record<string, string>[] {
  const ids = summaryColumns(result).map((c) => c.id);
  const rows = renderTable(result, { color: false }).split('\n').filter((l) => /^\s*\d+\s{2}/.test(l));
  return rows.map((line) => {
    const cells = line.trim().split(/\s{2,}/);
    expect(cells, line).toHaveLength(ids.length);
    return Object.fromEntries(ids.map((id, k) => [id, cells[k]]));
  });
}

describe('summary columns follow what the result holds', () => {
  for (const [name, make] of CASES) {
    it(`${name}: the columns results.json calls for, every cell equal to results.json`, () => {
      const result = make();
      const json = savedJson(result);
      expect(summaryColumns(result).map((c) => c.id)).toEqual(expectedColumnIds(json));
      const rows = terminalRows(result);
      expect(rows).toHaveLength(json.alternatives.length);
      rows.forEach((cells, i) => {
        const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
        expect(rowMismatches(cells, alt, i + 1, json.dropBudget ?? null)).toEqual([]);
      });
    });
  }

  it('keeps the acceptance columns for a service on EC2 and Spot: idle money, instances, interruptions, SLO', () => {
    const header = renderTable(fixture(), { color: false }).split('\n')[2];
    for (const h of ['idle paid', 'instances', 'Spot intr.', 'over SLO', 'dropped', 'SLO']) expect(header).toContain(h);
    expect(header).not.toContain('per job');
  });

  it('drops the instance and Spot columns for Fargate on-demand only, and the job columns without jobs', () => {
    const header = renderTable(fargateOnly(), { color: false }).split('\n')[2];
    for (const h of ['instances', 'Spot intr.', 'per job', 'restarts', 'wait p95']) expect(header).not.toContain(h);
    expect(header).toContain('over SLO');
  });

  it('shows the job columns and no request or SLO columns when there are only jobs', () => {
    const lines = renderTable(jobsFixture(), { color: false }).split('\n');
    const header = lines[2];
    for (const h of ['per job', 'restarts', 'jobs done', 'wait p95', 'turnaround p95', 'idle paid']) expect(header).toContain(h);
    for (const h of ['per M req', 'over SLO', 'dropped', 'SLO']) expect(header).not.toContain(h);
    expect(lines[0]).toContain('no latency SLO');
    expect(lines[0]).not.toContain('SLO p95');
  });

  it('shows — rather than zero where a row has nothing to measure', () => {
    const r = serviceAndJobs();
    const spot = r.alternatives.find((a) => a.name === 'fargate-spot')!;
    spot.jobs = null;
    spot.requests = { offered: 0, served: 0, dropped: 0 };
    spot.cost.usdPerMillionRequests = null;
    const cells = terminalRows(r).find((c) => c.alternative === 'fargate-spot')!;
    for (const id of ['usdPerMillionRequests', 'usdPerJob', 'jobsCompleted', 'jobWaitP95', 'minutesOver', 'dropped', 'sloMet', 'avgInstances']) {
      expect(cells[id], id).toBe('—');
    }
    expect(cells.interruptions).not.toBe('—');
  });
});

describe('the recommendation sentence', () => {
  it('says "cheapest per job" when there is no service, with the cost per job of results.json', () => {
    const result = jobsFixture();
    const json = savedJson(result);
    const rec = json.alternatives.find((a: any) => a.name === json.recommended);
    const text = renderTable(result, { color: false });
    const sentence = text.split('\n').find((l) => l.startsWith('Recommended:'))!;
    expect(sentence).toContain(`Recommended: ${json.recommended} (`);
    expect(sentence).toContain('the cheapest per job');
    expect(sentence).not.toMatch(/SLO|latency/);
    const perJob = /: (\$[\d.]+) per job over ([\d,]+) completed jobs/.exec(sentence)!;
    expect(shows(perJob[1], rec.jobs.usdPerJob)).toBe(true);
    expect(shows(perJob[2], rec.jobs.completed)).toBe(true);
    const cheapest = [...json.alternatives].sort((a: any, b: any) => a.jobs.usdPerJob - b.jobs.usdPerJob);
    expect(cheapest[0].name).toBe(json.recommended);
    expect(sentence).toContain(`than the next, ${cheapest[1].name} at `);
  });

  it('does not call the recommendation cheapest per job when another alternative is', () => {
    const r = structuredClone(jobsFixture());
    const other = r.alternatives.find((a) => a.name !== r.recommended)!;
    other.jobs!.usdPerJob = 0.000001;
    const sentence = renderTable(r, { color: false }).split('\n').find((l) => l.startsWith('Recommended:'))!;
    expect(sentence).not.toContain('the cheapest per job');
    expect(sentence).toContain(`${other.name} costs less per job ($0.00000100) but costs more in total`);
  });

  it('keeps the SLO sentence when there is a service, with or without jobs', () => {
    for (const r of [fixture(), serviceAndJobs()]) {
      expect(renderTable(r, { color: false })).toContain('the cheapest alternative that meets the SLO (p95 latency ≤ 250 ms');
    }
  });
});

describe('terminal table', () => {
  const result = fixture();
  const json = savedJson(result);

  it('names the recommended alternative, and it is the cheapest that meets the SLO', () => {
    const text = renderTable(result, { color: false });
    const met = json.alternatives.filter((a: any) => a.slo.met).sort((a: any, b: any) => a.cost.totalUsd - b.cost.totalUsd);
    expect(json.recommended).toBe(met[0].name);
    expect(text).toContain(`Recommended: ${json.recommended} `);
    // The fixture's cheapest alternative misses the SLO, so the ranking is not plain cost order.
    const cheapest = [...json.alternatives].sort((a: any, b: any) => a.cost.totalUsd - b.cost.totalUsd)[0];
    expect(cheapest.slo.met).toBe(false);
    expect(json.ranking.at(-1)).toBe(cheapest.name);
  });

  it('lists every line item under the table with quantity, unit, rate and amount', () => {
    const lines = renderTable(result, { color: false }).split('\n');
    for (const alt of result.alternatives) {
      // An alternative's items follow its heading line (name, platform, total).
      const start = lines.findIndex((l) => l.startsWith(`${alt.name}  ${alt.platform}  total`));
      expect(start, alt.name).toBeGreaterThan(0);
      const section = lines.slice(start + 1, start + 3 + alt.cost.lineItems.length);
      for (const li of alt.cost.lineItems) {
        const line = section.find((l) => l.trim().startsWith(li.description) && l.includes(li.unit));
        expect(line, `${alt.name} ${li.id}`).toBeDefined();
        expect(line).toContain(`$${li.usdPerUnit}`);
        expect(line).toContain(`$${li.usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      }
    }
  });

  it('uses ANSI colour only when asked', () => {
    const plain = renderTable(result, { color: false });
    const colored = renderTable(result, { color: true });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(colored).toMatch(/\x1b\[32m/);
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('aligns columns: right-aligned figures end under the end of their header', () => {
    const lines = renderTable(result, { color: false }).split('\n');
    const header = lines.find((l) => l.startsWith('#'))!;
    const rows = lines.filter((l) => /^\s*\d+\s{2}/.test(l));
    for (const word of ['total', 'per month', 'idle']) {
      const end = header.indexOf(word) + word.length;
      for (const row of rows) expect(row.slice(end - 1, end + 1), `${word} in ${row}`).toMatch(/\S\s/);
    }
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });
});

describe('markdown table', () => {
  const result = fixture();
  const json = savedJson(result);

  for (const [name, make] of CASES) {
    it(`${name}: shows the numbers of results.json and bolds the recommended row`, () => {
      const r = make();
      const j = savedJson(r);
      const ids = summaryColumns(r).map((c) => c.id);
      const md = renderMarkdownTable(r);
      const rows = md.split('\n').filter((l) => /^\| (\*\*)?\d+(\*\*)? \|/.test(l));
      expect(rows).toHaveLength(j.alternatives.length);
      rows.forEach((line, i) => {
        const cells = line.slice(2, -2).split(' | ').map((c) => c.replace(/\*\*/g, ''));
        expect(cells).toHaveLength(ids.length);
        const byId = Object.fromEntries(ids.map((id, k) => [id, cells[k]]));
        const alt = j.alternatives.find((a: any) => a.name === j.ranking[i]);
        expect(rowMismatches(byId, alt, i + 1, j.dropBudget ?? null)).toEqual([]);
        expect(line.includes('**')).toBe(alt.name === j.recommended);
      });
    });
  }

  it('has a header with units and an alignment row', () => {
    const lines = renderMarkdownTable(result).split('\n');
    expect(lines[0]).toContain('total [USD]');
    expect(lines[1]).toMatch(/^\| ---: \| --- \| --- \| ---: /);
  });

  it('escapes pipes in names', () => {
    const r = structuredClone(fixture());
    r.alternatives[0].platform = 'a | b';
    expect(renderMarkdownTable(r)).toContain('a \\| b');
  });

  it('orders rows by ranking', () => {
    expect(summaryRows(result).map((r) => r.alt.name)).toEqual(json.ranking);
  });
});

describe('commitment lines in the terminal', () => {
  it('one line under the line items of each alternative whose recommendation saves money, with the numbers of results.json', () => {
    const result = fixture();
    const json = savedJson(result);
    const lines = renderTable(result, { color: false }).split('\n');
    for (const alt of json.alternatives) {
      const start = lines.findIndex((l) => l.startsWith(`${alt.name}  ${alt.platform}  total`));
      const end = lines.findIndex((l, i) => i > start && l === '');
      const section = lines.slice(start, end === -1 ? undefined : end);
      const line = section.find((l) => l.trim().startsWith('Recommended commitments:'));
      const rec = alt.commitments.recommendation;
      if (!(rec.savingsShare > 0)) {
        expect(line, alt.name).toBeUndefined();
        continue;
      }
      expect(line, alt.name).toBeDefined();
      // After the last line item.
      expect(section.indexOf(line!)).toBe(section.length - 1);
      const m = /→ this run's eligible usage (\$[\d,.]+) instead of (\$[\d,.]+) on-demand \(([\d.]+%) less\)/.exec(line!)!;
      expect(shows(m[1], rec.withRecommendedUsd) && shows(m[2], rec.onDemandUsd) && shows(m[3], rec.savingsShare), line).toBe(true);
      for (const ri of rec.reservedInstances) expect(line).toContain(`${ri.count} × ${ri.instanceType} RI (break-even ${ri.breakEvenUtilisation * 100}% of hours)`);
      if (Number(rec.computeSavingsPlanUsdPerHour) > 0) expect(line).toContain(`Compute SP $${rec.computeSavingsPlanUsdPerHour}/h`);
    }
    expect(lines.filter((l) => l.trim().startsWith('Recommended commitments:')).length).toBe(json.alternatives.filter((a: any) => a.commitments.recommendation.savingsShare > 0).length);
    expect(lines.some((l) => l.startsWith('Commitment recommendations: Sized on this run'))).toBe(true);
  });
});
