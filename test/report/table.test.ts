import { describe, expect, it } from 'vitest';
import { SUMMARY_COLUMNS, summaryRows } from '../../src/report/columns.js';
import { renderMarkdownTable, renderTable } from '../../src/report/table.js';
import { fixture, rowMismatches, savedJson } from './helpers.js';

const ids = SUMMARY_COLUMNS.map((c) => c.id);

describe('terminal table', () => {
  const result = fixture();
  const json = savedJson(result);

  it('shows the numbers of results.json, one row per alternative in ranking order', () => {
    const text = renderTable(result, { color: false });
    const rows = text.split('\n').filter((l) => /^\s*\d+\s{2}/.test(l));
    expect(rows).toHaveLength(json.alternatives.length);
    rows.forEach((line, i) => {
      const cells = line.trim().split(/\s{2,}/);
      expect(cells).toHaveLength(ids.length);
      const byId = Object.fromEntries(ids.map((id, k) => [id, cells[k]]));
      const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
      expect(rowMismatches(byId, alt, i + 1)).toEqual([]);
    });
  });

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

  it('shows the numbers of results.json and bolds the recommended row', () => {
    const md = renderMarkdownTable(result);
    const rows = md.split('\n').filter((l) => /^\| (\*\*)?\d+(\*\*)? \|/.test(l));
    expect(rows).toHaveLength(json.alternatives.length);
    rows.forEach((line, i) => {
      const cells = line.slice(2, -2).split(' | ').map((c) => c.replace(/\*\*/g, ''));
      const byId = Object.fromEntries(ids.map((id, k) => [id, cells[k]]));
      const alt = json.alternatives.find((a: any) => a.name === json.ranking[i]);
      expect(rowMismatches(byId, alt, i + 1)).toEqual([]);
      expect(line.includes('**')).toBe(alt.name === json.recommended);
    });
  });

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
