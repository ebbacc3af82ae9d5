import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SERIES_FIELDS, createSeries } from '../../src/domain/series.js';
import { downsample } from '../../src/domain/downsample.js';
import { renderSvgCharts } from '../../src/report/svg/index.js';
import { armFirstFixture, fixture, jobsFixture } from './helpers.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** Every element named `name` anywhere in a parsed document. */
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
const textOf = (t: any): string => (typeof t === 'object' ? String(t['#text'] ?? '') : String(t));

describe('SVG charts', () => {
  const charts = renderSvgCharts(fixture());

  it('renders the seven charts', () => {
    expect(charts.map((c) => c.file).sort()).toEqual(['breakdown.svg', 'cost.svg', 'latency.svg', 'load.svg', 'scatter.svg', 'tasks.svg', 'waste.svg']);
  });

  for (const file of ['breakdown.svg', 'cost.svg', 'latency.svg', 'load.svg', 'scatter.svg', 'tasks.svg', 'waste.svg']) {
    it(`${file} is well-formed XML with a title, axis labels with units and a legend`, () => {
      const chart = charts.find((c) => c.file === file)!;
      expect(XMLValidator.validate(chart.svg)).toBe(true);
      const doc = parser.parse(chart.svg);
      expect(doc.svg['@xmlns']).toBe('http://www.w3.org/2000/svg');
      expect(textOf(doc.svg.title)).toBe(chart.title);
      const labels = findAll(doc, 'text').filter((t) => t['@class'] === 'axis-label').map(textOf);
      expect(labels.length).toBeGreaterThanOrEqual(1);
      // Units in parentheses, e.g. "requests per second (rps)", "cost over the run (USD)".
      expect(labels.some((l) => /\(.+\)/.test(l))).toBe(true);
      const legends = findAll(doc, 'g').filter((g) => g['@class'] === 'legend');
      expect(legends).toHaveLength(1);
      expect(findAll(legends[0], 'text').length).toBeGreaterThanOrEqual(2);
    });
  }

  it('draws one series per alternative with data-alt on the overlay charts', () => {
    const names = fixture().alternatives.map((a) => a.name).sort();
    for (const file of ['load.svg', 'cost.svg', 'latency.svg']) {
      const svg = charts.find((c) => c.file === file)!.svg;
      const alts = [...svg.matchAll(/<path class="series line" data-alt="([^"]+)"/g)].map((m) => m[1]).sort();
      expect(alts, file).toEqual(names);
    }
  });

  it('escapes text taken from the result', () => {
    const r = structuredClone(fixture());
    r.alternatives[0].name = 'a<b & "c"';
    r.ranking = r.ranking.map((n) => (n === fixture().alternatives[0].name ? r.alternatives[0].name : n));
    r.alternatives[0].cost.lineItems[0].description = '<script>alert(1)</script>';
    for (const chart of renderSvgCharts(r)) {
      expect(XMLValidator.validate(chart.svg), chart.file).toBe(true);
      expect(chart.svg).not.toContain('<script>');
    }
  });

  it('marks every Spot interruption on the tasks chart, in its alternative\'s panel, and counts them in the title', () => {
    const svg = charts.find((c) => c.file === 'tasks.svg')!.svg;
    for (const alt of fixture().alternatives) {
      const start = svg.indexOf(`<g class="panel" data-alt="${alt.name}">`);
      const next = svg.indexOf('<g class="panel"', start + 1);
      const panel = svg.slice(start, next === -1 ? undefined : next);
      const n = alt.events.filter((e) => e.kind === 'interruption').length;
      const crosses = /<path class="interruption" d="([^"]*)"/.exec(panel)?.[1] ?? '';
      expect((crosses.match(/M/g) ?? []).length, alt.name).toBe(n);
      expect(panel.includes(`${n} Spot interruption`), alt.name).toBe(n > 0);
    }
    expect(svg).toContain('>Spot interruption</text>');
  });

  it('draws no request charts and plots cost per job against wait when there are only jobs', () => {
    const jobs = renderSvgCharts(jobsFixture());
    expect(jobs.map((c) => c.file).sort()).toEqual(['breakdown.svg', 'cost.svg', 'scatter.svg', 'tasks.svg', 'waste.svg']);
    const scatter = jobs.find((c) => c.file === 'scatter.svg')!;
    expect(XMLValidator.validate(scatter.svg)).toBe(true);
    expect(scatter.title).toBe('Cost per job vs wait');
    expect(scatter.svg).toContain('p95 wait for a task (s)');
    expect((scatter.svg.match(/<circle class="point"/g) ?? []).length).toBe(jobsFixture().alternatives.length);
  });

  it('keeps long series to at most 1000 points', () => {
    const path = charts.find((c) => c.file === 'cost.svg')!.svg.match(/<path class="series line"[^>]* d="([^"]+)"/)![1];
    expect(path.split(/[ML]/).length - 1).toBeLessThanOrEqual(1000);
  });
});

describe('downsampling for display', () => {
  const s = fixture().alternatives[0].series;
  const d = downsample(s, 1000);

  it('buckets minutes evenly and keeps the first minute of each bucket as t', () => {
    expect(d.bucketMinutes).toBe(Math.ceil(s.minutes / 1000));
    expect(d.t.length).toBeLessThanOrEqual(1000);
    expect(d.t[1]).toBe(d.bucketMinutes * 60);
  });

  it('never hides an SLO miss: latency and drops are the worst minute, load the mean', () => {
    const k = d.bucketMinutes;
    // Display points are the float32 values' decimals: the same value once stored as float32.
    const worstP95 = Math.max(...s.latencyP95Ms);
    expect(Math.fround(Math.max(...d.latencyP95Ms))).toBe(worstP95);
    expect(Math.fround(Math.max(...d.droppedRps))).toBe(Math.max(...s.droppedRps));
    const mean = s.offeredRps.slice(0, k).reduce((a, b) => a + b, 0) / k;
    expect(Math.abs(d.offeredRps[0] - mean)).toBeLessThanOrEqual(0.00005); // rounded to 4 decimals
    expect(Math.fround(d.offeredRpsMax[0])).toBe(Math.max(...s.offeredRps.slice(0, k)));
    expect(d.cumulativeUsd.at(-1)).toBe(s.cumulativeUsd.at(-1));
  });

  it('rounds every point to its column: no float32 noise such as 123.45670318603516', () => {
    for (const [key, values] of Object.entries(d)) {
      if (!Array.isArray(values)) continue;
      for (const v of values) {
        const [digits, decimals = ''] = String(Math.abs(v)).split('.');
        expect(decimals.length, `${key} ${v}`).toBeLessThanOrEqual(4);
        expect((digits + decimals).replace(/^0+/, '').length, `${key} ${v}`).toBeLessThanOrEqual(key === 'cumulativeUsd' || key === 't' ? 17 : 6);
      }
    }
  });

  it('leaves short series alone', () => {
    const short = createSeries(10);
    for (const f of SERIES_FIELDS) short[f].set(s[f].subarray(0, 10));
    const out = downsample(short, 1000);
    expect(out.bucketMinutes).toBe(1);
    expect(out.t).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540]);
    expect(Float32Array.from(out.latencyP95Ms)).toEqual(short.latencyP95Ms);
  });
});

describe('cost breakdown with an arm64 alternative first', () => {
  // Before: the legend was keyed by line-item id, so every fargate.vcpu segment took the first
  // (arm64) alternative's label and x86 bars read "ARM64".
  const result = armFirstFixture();
  const arm = result.alternatives.find((a) => a.name === result.ranking[0])!;
  const svg = renderSvgCharts(result).find((c) => c.file === 'breakdown.svg')!.svg;
  const legendGroup = svg.slice(svg.indexOf('<g class="legend">'), svg.indexOf('</g>', svg.indexOf('<g class="legend">')));
  const legendColor = new Map([...legendGroup.matchAll(/<rect [^>]*fill="([^"]+)"\/><text[^>]*>([^<]+)<\/text>/g)].map((m) => [m[2].replace(/&amp;/g, '&'), m[1]]));

  it('has an x86 alternative sharing a line-item id with the arm64 one (the case that went wrong)', () => {
    const armIds = new Set(arm.cost.lineItems.map((li) => li.id));
    expect(result.alternatives.some((a) => a !== arm && a.cost.lineItems.some((li) => armIds.has(li.id) && li.description.includes('x86_64')))).toBe(true);
  });

  it('stays valid XML', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
  });

  it("labels each bar's segments with its own alternative's line items, each in its legend entry's colour", () => {
    // The arm64 alternative's vCPU item, and the same item of the x86 alternatives, both in the legend.
    const armVcpu = arm.cost.lineItems[0].description;
    expect(armVcpu).toMatch(/^Fargate (Spot )?vCPU, Linux\/ARM64$/);
    expect(legendColor.has(armVcpu)).toBe(true);
    expect(legendColor.has(armVcpu.replace('ARM64', 'x86_64'))).toBe(true);
    for (const alt of result.alternatives) {
      const segments = [...svg.matchAll(new RegExp(`<rect class="segment" data-alt="${alt.name}" data-item="([^"]+)"[^>]* fill="([^"]+)"`, 'g'))];
      expect(segments.map((m) => m[1]), alt.name).toEqual(alt.cost.lineItems.map((li) => li.description));
      for (const [, item, fill] of segments) expect(fill, `${alt.name}: ${item}`).toBe(legendColor.get(item));
      if (alt !== arm) expect(segments.some((m) => m[1].includes('ARM64')), alt.name).toBe(false);
    }
  });
});
