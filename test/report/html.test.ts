import { describe, expect, it } from 'vitest';
import { clientScript, renderHtml } from '../../src/report/html.js';
import { summaryColumns } from '../../src/report/columns.js';
import type { ComparisonResult } from '../../src/domain/result.js';
import { expectedHtmlColumnIds, fixture, jobsFixture, rowMismatches, savedJson } from './helpers.js';

const CHART_IDS = ['chart-load', 'chart-tasks', 'chart-cost', 'chart-breakdown', 'chart-waste', 'chart-latency', 'chart-scatter'];

function unescape(text: string): string {
  return text.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}

/** The rows of the table in a card (`<section id=…>`): alternative name, displayed cells and raw values by column id. */
function cardRows(html: string, id: string): { alt: string; raw: string; cells: Record<string, string>; values: Record<string, string> }[] {
  const start = html.indexOf(`<section class="card" id="${id}">`);
  expect(start, id).toBeGreaterThan(0);
  const card = html.slice(start, html.indexOf('</section>', start));
  return [...card.matchAll(/<tr data-alt="([^"]*)"[^>]*>(.*?)<\/tr>/g)].map((row) => {
    const cells: Record<string, string> = {};
    const values: Record<string, string> = {};
    for (const m of row[2].matchAll(/<td [^>]*data-col="([^"]+)" data-value="([^"]*)">(.*?)<\/td>/g)) {
      cells[m[1]] = unescape(m[3]);
      values[m[1]] = unescape(m[2]);
    }
    return { alt: unescape(row[1]), raw: row[0], cells, values };
  });
}

describe('report.html', () => {
  const result = fixture();
  const html = renderHtml(result);
  const json = savedJson(result);

  it('has a summary table with the numbers of results.json, ranked, naming the recommendation', () => {
    const rows = cardRows(html, 'summary');
    expect(rows.map((r) => r.alt)).toEqual(json.ranking);
    rows.forEach(({ raw, cells, values }, i) => {
      expect([...Object.keys(cells)].sort()).toEqual(summaryColumns(result).map((c) => c.id).sort());
      expect(Object.keys(cells)).toEqual(expectedHtmlColumnIds(json));
      const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
      expect(rowMismatches(cells, alt, i + 1)).toEqual([]);
      // The raw values behind the cells are results.json's, exactly.
      expect(Number(values.totalUsd)).toBe(alt.cost.totalUsd);
      expect(Number(values.usdPerMonth)).toBe(alt.cost.usdPerMonth);
      expect(Number(values.minutesOver)).toBe(alt.slo.minutesOver);
      expect(Number(values.idleUsd)).toBe(alt.usage.idleUsd);
      expect(raw.includes('class="recommended"')).toBe(alt.name === json.recommended);
    });
    expect(html).toMatch(new RegExp(`id="verdict"><strong>Recommended: ${json.recommended} `));
  });

  it('has a Commitments table whose raw values are results.json’s', () => {
    const rows = cardRows(html, 'commitments');
    expect(rows.map((r) => r.alt)).toEqual(json.ranking);
    for (const { alt: name, values, cells } of rows) {
      const c = json.alternatives.find((a: any) => a.name === name).commitments;
      expect(Number(values.coveredShare)).toBe(c.coveredShare);
      expect(values.riUtilisation).toBe('null'); // none held in the fixture
      expect(values.spUtilisation).toBe('null');
      expect(Number(values.onDemandUsd)).toBe(c.recommendation.onDemandUsd);
      expect(Number(values.withRecommendedUsd)).toBe(c.recommendation.withRecommendedUsd);
      expect(values.savingsShare).toBe(c.recommendation.onDemandUsd > 0 ? String(c.recommendation.savingsShare) : 'null');
      expect(cells.purchase).not.toBe('');
    }
    expect(html).toContain('<p class="caveat">Caveat: Sized on this run&apos;s 336 clock hours');
  });

  it('has an Events table of counts by kind, interruptions first, and lists the interruptions', () => {
    const rows = cardRows(html, 'events');
    expect(rows.map((r) => r.alt)).toEqual(json.ranking);
    expect(Object.keys(rows[0].values)[1]).toBe('interruption');
    for (const { alt: name, values } of rows) {
      const alt = json.alternatives.find((a: any) => a.name === name);
      for (const [kind, value] of Object.entries(values)) {
        if (kind === 'alternative') continue;
        const spot = alt.capacityType === 'fargate-spot';
        expect(value, `${name} ${kind}`).toBe(kind === 'interruption' && !spot ? 'null' : String(alt.eventCounts[kind] ?? 0));
      }
      if ((alt.eventCounts.interruption ?? 0) > 0) expect(rows.find((r) => r.alt === name)!.raw).toContain('tone-bad');
    }
    const list = html.slice(html.indexOf('<ul class="interruptions">'), html.indexOf('</section>', html.indexOf('<ul class="interruptions">')));
    for (const alt of json.alternatives.filter((a: any) => (a.eventCounts.interruption ?? 0) > 0)) {
      expect(list).toContain(`${alt.name}: ${alt.eventCounts.interruption} Spot interruption`);
    }
  });

  it('is self-contained: d3 and data inline, no external resources, a CSP that forbids them', () => {
    expect(html).toContain('https://d3js.org v7');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds display data: at most 1000 points per series and the marked events', () => {
    const data = JSON.parse(html.match(/<script type="application\/json" id="capsim-data">(.*?)<\/script>/s)![1]);
    expect(data.alternatives.map((a: any) => a.name)).toEqual(json.ranking);
    for (const alt of data.alternatives) {
      for (const [key, values] of Object.entries(alt.series)) expect((values as number[]).length, key).toBeLessThanOrEqual(1000);
      expect(alt.events.every((e: any) => e[1] !== 'task-launch')).toBe(true);
    }
    expect(data.alternatives.some((a: any) => a.events.some((e: any) => e[1] === 'interruption'))).toBe(true);
  });

  it('tells the client which alternatives were interrupted and whether there is a service', () => {
    const data = JSON.parse(html.match(/<script type="application\/json" id="capsim-data">(.*?)<\/script>/s)![1]);
    expect(data.service).toBe(true);
    expect(data.jobs).toBe(false);
    for (const a of data.alternatives) expect(a.interruptions).toBe(json.alternatives.find((x: any) => x.name === a.name).eventCounts.interruption ?? 0);
  });

  it('keeps names and details that look like markup inert', () => {
    const r = structuredClone(result);
    r.alternatives[0].events.push({ t: 60, kind: 'scaling', detail: '</script><script>alert(1)</script>' });
    r.alternatives[0].platform = '<img src=x onerror=alert(1)>';
    const page = renderHtml(r);
    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).not.toContain('<img src=x');
  });

  it('has every chart container, a toggle per alternative and a time brush', () => {
    for (const id of CHART_IDS) expect(html).toContain(`id="${id}"`);
    for (const alt of result.alternatives) expect(html).toContain(`class="alt-toggle" data-alt="${alt.name}" checked`);
    expect(html).toContain('id="chart-overview"');
  });

  it('ships a client script that parses', () => {
    expect(() => new Function(clientScript())).not.toThrow();
  });
});

describe('report.html for batch jobs only', () => {
  const result: ComparisonResult = jobsFixture();
  const html = renderHtml(result);
  const json = savedJson(result);

  it('shows the job columns with the numbers of results.json and no request or SLO columns', () => {
    const rows = cardRows(html, 'summary');
    expect(rows.map((r) => r.alt)).toEqual(json.ranking);
    rows.forEach(({ cells, values }, i) => {
      expect(Object.keys(cells)).toEqual(expectedHtmlColumnIds(json));
      const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
      expect(rowMismatches(cells, alt, i + 1)).toEqual([]);
      expect(Number(values.usdPerJob)).toBe(alt.jobs.usdPerJob);
      expect(Number(values.jobWaitP95)).toBe(alt.jobs.waitP95Seconds);
      expect(Number(values.jobRestarts)).toBe(alt.jobs.restarts);
    });
    expect(html).toContain('the cheapest per job');
  });

  it('draws no load or latency chart and compares cost per job against wait', () => {
    expect(html).not.toContain('id="chart-load"');
    expect(html).not.toContain('id="chart-latency"');
    expect(html).toContain('<h2>Cost per job vs wait</h2>');
    const data = JSON.parse(html.match(/<script type="application\/json" id="capsim-data">(.*?)<\/script>/s)![1]);
    expect(data.service).toBe(false);
    expect(data.jobs).toBe(true);
    for (const a of data.alternatives) expect(a.usdPerJob).toBe(json.alternatives.find((x: any) => x.name === a.name).jobs.usdPerJob);
  });
});

describe('event markers for report.html', () => {
  it('keeps every interruption and deployment and samples the rest evenly when over budget', async () => {
    const { sampleEvents } = await import('../../src/report/html/data.js');
    const events = Array.from({ length: 5000 }, (_, i) => ({
      t: i * 60,
      kind: (i % 1000 === 7 ? 'interruption' : i === 2500 ? 'deployment' : 'scaling') as 'interruption' | 'deployment' | 'scaling',
      detail: String(i),
    }));
    const sample = sampleEvents(events, 100);
    expect(sample).toHaveLength(100);
    expect(sample.filter((e) => e.kind === 'interruption')).toHaveLength(5);
    expect(sample.some((e) => e.kind === 'deployment')).toBe(true);
    expect(sample.map((e) => e.t)).toEqual([...sample.map((e) => e.t)].sort((a, b) => a - b));
    expect(sample.at(-1)!.t).toBeGreaterThan(4000 * 60); // spread over the whole run, not the first 100
    expect(sampleEvents(events.slice(0, 50), 100)).toHaveLength(50);
  });
});

describe('report.html: what is not costed', () => {
  it('lists, under the decision table, the extras the fixture does not bill and what capsim never models', () => {
    const page = renderHtml(fixture());
    const list = page.slice(page.indexOf('<ul class="not-costed">'), page.indexOf('</ul>', page.indexOf('<ul class="not-costed">')));
    const items = [...list.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    // The fixture bills lb.alb.hours, vpc.public-ipv4 and (EC2) ebs.gp3; no logs or data transfer.
    expect(items).toEqual([
      'Public IPv4 addresses of the NAT gateways (their Elastic IPs) and of internet-facing load balancers',
      'CloudWatch Logs ingestion (scenario extras.logsGiBPerTaskHour)',
      'Data transfer out to the internet, the responses to clients (scenario extras.dataTransfer.internetEgressBytesPerRequest)',
      'Data transfer between Availability Zones for calls to other services (scenario extras.dataTransfer.serviceBytesPerRequest)',
      'CloudWatch Logs storage, metrics, alarms (target tracking creates them) and Container Insights',
      'ECR image storage',
      'Taxes, support plans, free tiers and credits',
    ]);
    expect(page.indexOf('<ul class="not-costed">')).toBeGreaterThan(page.indexOf('id="summary"'));
    expect(page.indexOf('<ul class="not-costed">')).toBeLessThan(page.indexOf('id="toggles"'));
  });
});
