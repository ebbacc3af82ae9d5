import { describe, expect, it } from 'vitest';
import { clientScript, renderHtml } from '../../src/report/html.js';
import { SUMMARY_COLUMNS } from '../../src/report/columns.js';
import { fixture, rowMismatches, savedJson } from './helpers.js';

const CHART_IDS = ['chart-load', 'chart-tasks', 'chart-cost', 'chart-breakdown', 'chart-waste', 'chart-latency', 'chart-scatter'];

function unescape(text: string): string {
  return text.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}

describe('report.html', () => {
  const result = fixture();
  const html = renderHtml(result);
  const json = savedJson(result);

  it('has a summary table with the numbers of results.json, ranked, naming the recommendation', () => {
    const summary = html.slice(html.indexOf('<section class="card" id="summary">'), html.indexOf('</section>', html.indexOf('id="summary"')));
    const rows = [...summary.matchAll(/<tr data-alt="([^"]*)"[^>]*>(.*?)<\/tr>/g)];
    expect(rows.map((r) => unescape(r[1]))).toEqual(json.ranking);
    rows.forEach((row, i) => {
      const cells: Record<string, string> = {};
      const values: Record<string, string> = {};
      for (const m of row[2].matchAll(/<td [^>]*data-col="([^"]+)" data-value="([^"]*)">(.*?)<\/td>/g)) {
        cells[m[1]] = unescape(m[3]);
        values[m[1]] = unescape(m[2]);
      }
      expect(Object.keys(cells)).toEqual(SUMMARY_COLUMNS.map((c) => c.id));
      const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
      expect(rowMismatches(cells, alt, i + 1)).toEqual([]);
      // The raw values behind the cells are results.json's, exactly.
      expect(Number(values.totalUsd)).toBe(alt.cost.totalUsd);
      expect(Number(values.usdPerMonth)).toBe(alt.cost.usdPerMonth);
      expect(Number(values.minutesOver)).toBe(alt.slo.minutesOver);
      expect(row[0].includes('class="recommended"')).toBe(alt.name === json.recommended);
    });
    expect(html).toMatch(new RegExp(`id="verdict"><strong>Recommended: ${json.recommended} `));
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
