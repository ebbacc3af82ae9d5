// The charts that tell alternatives apart, in the static SVGs and the shared choices behind them:
// the scatter's axis, the 95% intervals from replications, labels cut to their card, instances on
// their own axis, load and latency as one panel per alternative, the colour-blind-safe palette.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { monthlyCost, sloScatterAxis, totalCost } from '../../src/report/chart-choices.js';
import { ALT_PALETTE, fitText, textWidth } from '../../src/report/svg/primitives.js';
import { renderSvgCharts } from '../../src/report/svg/index.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildHtmlData } from '../../src/report/html/data.js';
import { LONG_NAME, chartsFixture, fixture, withReplicationsAndBudget } from './helpers.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

function findAll(node: unknown, name: string, out: any[] = []): any[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, name, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === name) (Array.isArray(value) ? value : [value]).forEach((v) => out.push(v));
      findAll(value, name, out);
    }
  }
  return out;
}

describe('the cost-vs-SLO scatter axis', () => {
  it('keeps the share of minutes over when some alternative has minutes over', () => {
    const axis = sloScatterAxis(fixture());
    expect(axis.metric).toBe('minutesOver');
    const alt = fixture().alternatives[0];
    expect(axis.value(alt)).toEqual({ value: alt.slo.minutesOverShare * 100, ci95: null });
  });

  it('switches to the run p95 latency when every alternative sits at 0% of minutes over, and the caption says why', () => {
    const r = chartsFixture();
    const axis = sloScatterAxis(r);
    expect(axis.metric).toBe('latencyP95');
    expect(axis.caption).toContain('0% of minutes over');
    expect(axis.caption).toContain('p95 latency');
    // The fixture sets alternative k's p95 mean to 100 + 10k ms with ±4 ms.
    r.alternatives.forEach((a, k) => expect(axis.value(a)).toEqual({ value: 100 + 10 * k, ci95: 4 }));
    expect(renderMarkdownReport(r)).toContain(axis.caption);
  });

  it('takes the mean per month over the replications and its CI, as results.json records them', () => {
    const a = withReplicationsAndBudget().alternatives[1];
    a.replications!.usdPerMonth = { mean: 123.45, ci95: 6.7, min: 110, max: 130 };
    expect(monthlyCost(a)).toEqual({ value: 123.45, ci95: 6.7 });
  });

  it('a result saved before the mean per month was recorded: the mean total and CI, the month scaled from the total', () => {
    const r = withReplicationsAndBudget();
    const a = r.alternatives[1];
    // The fixture: mean total = run total + 1.25, half-width 3.5 + k (k = 1 here).
    expect(totalCost(a)).toEqual({ value: a.cost.totalUsd + 1.25, ci95: 4.5 });
    // Per month = total × (usdPerMonth / totalUsd), for the mean and the half-width alike.
    const perMonth = a.cost.usdPerMonth / a.cost.totalUsd;
    const m = monthlyCost(a);
    expect(m.value).toBeCloseTo((a.cost.totalUsd + 1.25) * perMonth, 9);
    expect(m.ci95).toBeCloseTo(4.5 * perMonth, 9);
    expect(monthlyCost(fixture().alternatives[1])).toEqual({ value: fixture().alternatives[1].cost.usdPerMonth, ci95: null });
  });
});

describe('palette', () => {
  it("is Paul Tol's 12 qualitative colours, each once", () => {
    // Tol (2012) 12-colour scheme: the 9 "muted" + #6699CC, #661100, #AA4466.
    const tol12 = ['#332288', '#6699CC', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#661100', '#CC6677', '#AA4466', '#882255', '#AA4499'];
    expect([...ALT_PALETTE].sort()).toEqual([...tol12].sort());
  });

  it('gives up to 12 alternatives 12 different colours in report.html', () => {
    const r = structuredClone(fixture());
    const base = r.alternatives[0];
    r.alternatives = Array.from({ length: 12 }, (_, i) => ({ ...structuredClone(base), name: `alt-${i}` }));
    r.ranking = r.alternatives.map((a) => a.name);
    const colours = buildHtmlData(r, 50).alternatives.map((a) => a.color);
    expect(new Set(colours).size).toBe(12);
  });
});

describe('labels cut to their card', () => {
  it('fitText keeps what fits and cuts the rest with an ellipsis', () => {
    // 12 px regular: 0.62 × 12 = 7.44 px a character; 10 characters = 74.4 px.
    expect(textWidth('abcdefghij')).toBeCloseTo(74.4, 9);
    expect(fitText('abcdefghij', 75)).toBe('abcdefghij');
    // 60 px: floor(60 / 7.44) = 8 characters, one of them the ellipsis.
    expect(fitText('abcdefghij', 60)).toBe('abcdefg…');
  });

  const charts = renderSvgCharts(chartsFixture());
  for (const chart of charts) {
    it(`${chart.file} of the hard-to-chart fixture is valid XML, and every cut label carries the whole text as its <title>`, () => {
      expect(XMLValidator.validate(chart.svg)).toBe(true);
      const doc = parser.parse(chart.svg);
      for (const t of findAll(doc, 'text')) {
        if (typeof t !== 'object' || t.title === undefined) continue;
        const shown = String(t['#text']);
        const full = String(typeof t.title === 'object' ? t.title['#text'] : t.title);
        expect(shown.endsWith('…'), shown).toBe(true);
        expect(full.startsWith(shown.slice(0, -1).trimEnd()), `${shown} / ${full}`).toBe(true);
      }
    });
  }

  it('the 40-character name beside a bar is cut to the label column (170 px less 20)', () => {
    const svg = charts.find((c) => c.file === 'breakdown.svg')!.svg;
    const doc = parser.parse(svg);
    const label = findAll(doc, 'text').find((t) => typeof t === 'object' && t.title !== undefined && String(t.title['#text'] ?? t.title) === LONG_NAME);
    expect(label).toBeDefined();
    // Bold 12 px: 0.68 × 12 = 8.16 px a character; 150 px holds floor(150 / 8.16) = 18, one the ellipsis.
    expect([...String(label['#text'])]).toHaveLength(18);
  });
});

describe('static charts that tell alternatives apart', () => {
  const charts = renderSvgCharts(fixture());
  const doc = (file: string) => parser.parse(charts.find((c) => c.file === file)!.svg);

  it('load.svg and latency.svg: one panel per alternative in ranking order, each with its own line only', () => {
    for (const file of ['load.svg', 'latency.svg']) {
      const panels = findAll(doc(file), 'g').filter((g) => g['@class'] === 'panel');
      expect(panels.map((p) => p['@data-alt']), file).toEqual(fixture().ranking);
      for (const p of panels) {
        const own = findAll(p, 'path').filter((path) => path['@data-alt'] !== undefined).map((path) => path['@data-alt']);
        expect(new Set(own), `${file} ${p['@data-alt']}`).toEqual(new Set([p['@data-alt']]));
      }
    }
  });

  it('tasks.svg: instances drawn on a right-hand axis labelled "instances"', () => {
    const panels = findAll(doc('tasks.svg'), 'g').filter((g) => g['@class'] === 'panel');
    for (const p of panels) {
      const axes = findAll(p, 'g').filter((g) => String(g['@class']).includes('instances-axis'));
      expect(axes, p['@data-alt']).toHaveLength(1);
      expect(findAll(axes[0], 'text').map((t) => String(typeof t === 'object' ? t['#text'] : t))).toContain('instances');
    }
    const ec2 = fixture().alternatives.find((a) => a.usage.avgInstances > 0)!.name;
    const own = panels.find((p) => p['@data-alt'] === ec2)!;
    expect(findAll(own, 'g').filter((g) => g['@class'] === 'instances')).toHaveLength(1);
  });

  it('scatter.svg: 95% CI bars with replications (cost and the y figure), none without', () => {
    const count = (r: ReturnType<typeof fixture>) => findAll(parser.parse(renderSvgCharts(r).find((c) => c.file === 'scatter.svg')!.svg), 'path').filter((p) => p['@class'] === 'ci').length;
    const reps = chartsFixture();
    expect(count(reps)).toBe(2 * reps.alternatives.length);
    expect(count(fixture())).toBe(0);
    const svg = renderSvgCharts(reps).find((c) => c.file === 'scatter.svg')!;
    expect(svg.title).toBe('Cost vs p95 latency');
  });
});
