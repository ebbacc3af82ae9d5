// report.html in a real browser: Debian's Chromium driven by playwright-core, page opened from
// file:// with no network. Fails (does not skip) when Chromium is missing: CI installs it.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKED_EVENT_KINDS } from '../../src/report/html/data.js';
import { writeReports } from '../../src/report/index.js';
import { ALT_PALETTE } from '../../src/report/svg/primitives.js';
import { LONG_NAME, armFirstFixture, chartsFixture, fixture, jobsFixture } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(tmpdir(), 'capsim-report-browser');

let browser: BrowserContext;
let page: Page;
let profile: string | undefined;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does this before npm ci)`);
  }
  rmSync(OUT, { recursive: true, force: true });
  await writeReports(fixture(), OUT, { formats: ['html'] });
  await writeReports(jobsFixture(), join(OUT, 'jobs'), { formats: ['html'] });
  await writeReports(armFirstFixture(), join(OUT, 'arm'), { formats: ['html'] });
  await writeReports(chartsFixture(), join(OUT, 'charts'), { formats: ['html'] });
  // A fresh profile each run (playwright passes it as --user-data-dir).
  profile = mkdtempSync(join(tmpdir(), 'capsim-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    timeout: 20_000,
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`external request: ${r.url()}`); });
  await page.goto(`file://${join(OUT, 'report.html')}`);
  await page.waitForSelector('body[data-rendered]', { timeout: 10_000 });
}, 40_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const count = (selector: string) => page.locator(selector).count();

describe('report.html in Chromium', () => {
  const alts = fixture().alternatives;

  it('renders without console errors, page errors or network requests', () => {
    expect(problems).toEqual([]);
  });

  it('draws every chart with the expected marks per alternative', async () => {
    for (const alt of alts) {
      const a = `[data-alt="${alt.name}"]`;
      expect(await count(`#chart-load svg path.series${a}`), `load ${alt.name}`).toBe(1);
      expect(await count(`#chart-latency svg path.series${a}`), `latency ${alt.name}`).toBe(1);
      expect(await count(`#chart-cost svg path.series${a}`), `cost ${alt.name}`).toBe(1);
      expect(await count(`#chart-tasks svg g.panel${a}`), `tasks ${alt.name}`).toBe(1);
      const marked = alt.events.filter((e) => MARKED_EVENT_KINDS.includes(e.kind)).length;
      expect(await count(`#chart-tasks svg path.event${a}`), `events ${alt.name}`).toBe(marked);
      expect(await count(`#chart-breakdown svg rect.segment${a}`), `breakdown ${alt.name}`).toBe(alt.cost.lineItems.length);
      expect(await count(`#chart-waste svg g.bar${a}`), `waste ${alt.name}`).toBe(2);
      expect(await count(`#chart-scatter svg .point${a}`), `scatter ${alt.name}`).toBe(1);
    }
    expect(await count('#chart-tasks path.event[data-kind="interruption"]')).toBeGreaterThan(0);
    // Axis labels carry units.
    const labels = await page.locator('#chart-load .axis-label').allTextContents();
    expect(labels).toContain('requests per second (rps)');
  });

  it('keeps Spot interruptions distinct: their own row and colour, a rule through the panel, a count in the title', async () => {
    for (const alt of alts) {
      const a = `[data-alt="${alt.name}"]`;
      const n = alt.events.filter((e) => e.kind === 'interruption').length;
      expect(await count(`#chart-tasks path.event[data-kind="interruption"]${a}`), alt.name).toBe(n);
      expect(await count(`#chart-tasks g.panel${a} line.interruption-rule`), alt.name).toBe(n);
      const title = await page.locator(`#chart-tasks g.panel${a} .panel-title`).textContent();
      expect(title!.includes(`${alt.eventCounts.interruption ?? 0} Spot interruption`), title!).toBe(n > 0);
    }
    const marks = await page.locator('#chart-tasks path.event').evaluateAll((els) =>
      els.map((el) => ({
        kind: el.getAttribute('data-kind'),
        y: Number(/,([-\d.]+)\)/.exec(el.getAttribute('transform') ?? '')![1]),
        panel: el.closest('g.panel')!.getAttribute('data-alt'),
        fill: (globalThis as any).getComputedStyle(el).fill as string,
      })),
    );
    const interruptions = marks.filter((m) => m.kind === 'interruption');
    expect(interruptions.length).toBeGreaterThan(0);
    for (const i of interruptions) {
      for (const other of marks.filter((m) => m.panel === i.panel && m.kind !== 'interruption')) {
        expect(other.y, `${other.kind} shares a row with interruptions`).not.toBe(i.y);
        expect(other.fill, `${other.kind} has the interruption colour`).not.toBe(i.fill);
      }
    }
  });

  it('shows a tooltip on hover: each load panel names its alternative, the demand and its capacity', async () => {
    const ranked = fixture().ranking;
    for (const k of [0, ranked.length - 1]) {
      const hoverRect = page.locator('#chart-load rect.hover').nth(k);
      await hoverRect.scrollIntoViewIfNeeded();
      const box = (await hoverRect.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
      const tip = page.locator('.tooltip');
      await expect.poll(() => tip.evaluate((el) => (globalThis as any).getComputedStyle(el).opacity as string)).toBe('1');
      await expect.poll(() => tip.textContent()).toContain(ranked[k]);
      const text = await tip.textContent();
      expect(text).toContain('offered (mean)');
      expect(text).toContain('capacity');
      await page.mouse.move(1, 1);
    }
  });

  it('hides an alternative everywhere when its box is unticked, and shows it again', async () => {
    const name = alts[0].name;
    await page.locator(`input.alt-toggle[data-alt="${name}"]`).uncheck();
    for (const id of ['chart-load', 'chart-tasks', 'chart-cost', 'chart-breakdown', 'chart-waste', 'chart-latency', 'chart-scatter']) {
      expect(await count(`#${id} svg [data-alt="${name}"]`), id).toBe(0);
      expect(await count(`#${id} svg [data-alt="${alts[1].name}"]`), id).toBeGreaterThan(0);
    }
    await page.locator(`input.alt-toggle[data-alt="${name}"]`).check();
    expect(await count(`#chart-load svg path.series[data-alt="${name}"]`)).toBe(1);
  });

  it('zooms the time charts with the brush and resets', async () => {
    // Only the bottom panel labels its time axis.
    const before = await page.locator('#chart-load .x-axis').last().textContent();
    await page.locator('#chart-overview .brush .overlay').scrollIntoViewIfNeeded();
    const box = (await page.locator('#chart-overview .brush .overlay').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#zoom-state').textContent()).toMatch(/^showing day 8/);
    expect(await page.locator('#reset-zoom').isDisabled()).toBe(false);
    expect(await page.locator('#chart-load .x-axis').last().textContent()).not.toBe(before);
    await page.locator('#reset-zoom').click();
    expect(await page.locator('#chart-load .x-axis').last().textContent()).toBe(before);
    expect(problems).toEqual([]);
  });

  it('renders a jobs-only report without errors: no request charts, cost per job against wait', async () => {
    const jobsPage = await browser.newPage();
    const errors: string[] = [];
    jobsPage.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
    jobsPage.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await jobsPage.goto(`file://${join(OUT, 'jobs', 'report.html')}`);
    await jobsPage.waitForSelector('body[data-rendered]', { timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(await jobsPage.locator('#chart-load').count()).toBe(0);
    expect(await jobsPage.locator('#chart-latency').count()).toBe(0);
    expect(await jobsPage.locator('#chart-scatter svg .point').count()).toBe(jobsFixture().alternatives.length);
    expect(await jobsPage.locator('#chart-scatter .axis-label').allTextContents()).toEqual(['cost per completed job (USD)', 'p95 wait for a task (s)']);
    expect(await jobsPage.locator('#chart-overview svg path.band').count()).toBe(1);
    const height = await jobsPage.evaluate(() => (globalThis as any).document.documentElement.scrollHeight as number);
    await jobsPage.setViewportSize({ width: 1400, height });
    await jobsPage.screenshot({ path: join(OUT, 'report-jobs.png') });
    await jobsPage.close();
  });

  it("cost breakdown: each bar's segments are its own alternative's line items, coloured as their legend entry", async () => {
    const result = armFirstFixture();
    const armPage = await browser.newPage();
    await armPage.goto(`file://${join(OUT, 'arm', 'report.html')}`);
    await armPage.waitForSelector('body[data-rendered]', { timeout: 10_000 });
    const seen = await armPage.evaluate(() => {
      const doc = (globalThis as any).document;
      const legend: Record<string, string> = {};
      for (const span of doc.querySelectorAll('#chart-breakdown .legend > span')) {
        legend[span.lastChild.textContent] = (globalThis as any).getComputedStyle(span.querySelector('.key')).backgroundColor;
      }
      const segments = [...doc.querySelectorAll('#chart-breakdown svg rect.segment')].map((r: any) => ({
        alt: r.getAttribute('data-alt'),
        item: r.getAttribute('data-item'),
        fill: (globalThis as any).getComputedStyle(r).fill,
      }));
      return { legend, segments };
    });
    await armPage.close();
    const arm = result.ranking[0];
    for (const alt of result.alternatives) {
      const own = seen.segments.filter((s) => s.alt === alt.name);
      expect(own.map((s) => s.item), alt.name).toEqual(alt.cost.lineItems.map((li) => li.description));
      for (const s of own) expect(s.fill, `${alt.name}: ${s.item}`).toBe(seen.legend[s.item]);
      expect(own.some((s) => s.item.includes('ARM64')), alt.name).toBe(alt.name === arm);
    }
    expect(Object.keys(seen.legend).filter((l) => l.includes('vCPU')).sort()).toEqual([
      ...new Set(result.alternatives.flatMap((a) => a.cost.lineItems.map((li) => li.description)).filter((d) => d.includes('vCPU'))),
    ].sort());
  });

  it('saves a screenshot of the whole page, light and dark', async () => {
    const height = await page.evaluate(() => (globalThis as any).document.documentElement.scrollHeight as number);
    await page.setViewportSize({ width: 1400, height });
    await page.screenshot({ path: join(OUT, 'report.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(OUT, 'report-dark.png') });
    expect(existsSync(join(OUT, 'report.png'))).toBe(true);
    console.log(`screenshots: ${join(OUT, 'report.png')}, ${join(OUT, 'report-dark.png')}`);
  });
});

/** Opens a report of OUT in a new page; errors and warnings go to `errors`. */
async function open(dir: string, errors: string[]): Promise<Page> {
  const p = await browser.newPage();
  p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  p.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await p.goto(`file://${join(OUT, dir, 'report.html')}`);
  await p.waitForSelector('body[data-rendered]', { timeout: 10_000 });
  return p;
}

describe('charts that tell alternatives apart (Chromium)', () => {
  const errors: string[] = [];
  let cp: Page;
  const charts = chartsFixture();
  beforeAll(async () => {
    cp = await open('charts', errors);
  }, 30_000);
  afterAll(async () => {
    await cp?.close();
  });

  it('renders the hard-to-chart fixture (40-character name, all at 0% over, replications) without errors', () => {
    expect(errors).toEqual([]);
  });

  it('load and latency: one panel per alternative, in ranking order, each drawing its own line only', async () => {
    for (const id of ['chart-load', 'chart-latency']) {
      const panels = await cp.locator(`#${id} svg g.panel`).evaluateAll((gs) => gs.map((g) => ({
        alt: g.getAttribute('data-alt'),
        lines: [...g.querySelectorAll('path.series')].map((p) => p.getAttribute('data-alt')),
      })));
      expect(panels.map((p) => p.alt), id).toEqual(charts.ranking);
      for (const p of panels) expect(p.lines, `${id} ${p.alt}`).toEqual([p.alt]);
    }
  });

  it("alternatives get distinct colours from Paul Tol's 12-colour scheme, the table's swatch matching its chart line", async () => {
    const hex = (rgb: string) => '#' + rgb.match(/\d+/g)!.slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('').toUpperCase();
    const swatches = await cp.locator('#summary tbody tr .swatch').evaluateAll((els) => els.map((e) => (globalThis as any).getComputedStyle(e).backgroundColor as string));
    const colours = swatches.map(hex);
    expect(new Set(colours).size).toBe(charts.alternatives.length);
    for (const c of colours) expect(ALT_PALETTE).toContain(c);
    const strokes = await cp.locator('#chart-load path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')!.toUpperCase()));
    expect(strokes).toEqual(colours);
  });

  it('every chart label stays inside its card; a cut label keeps the whole text as its tooltip', async () => {
    for (const [which, p] of [['charts fixture', cp], ['main fixture', page]] as const) {
      const outside = await p.evaluate(() => {
        const doc = (globalThis as any).document;
        const out: string[] = [];
        for (const card of doc.querySelectorAll('section.card.chart')) {
          const c = card.getBoundingClientRect();
          for (const t of card.querySelectorAll('svg text')) {
            const b = t.getBoundingClientRect();
            if (b.width === 0) continue;
            if (b.left < c.left - 1 || b.right > c.right + 1) out.push(`${card.id}: "${t.textContent}" ${Math.round(b.left)}–${Math.round(b.right)} outside ${Math.round(c.left)}–${Math.round(c.right)}`);
          }
        }
        return out;
      });
      expect(outside, which).toEqual([]);
    }
    // The 40-character name beside a bar is cut, and its tooltip is the whole name.
    const cut = await cp.locator('#chart-breakdown svg text.cut').evaluateAll((ts) => ts.map((t) => ({ shown: t.childNodes[0].textContent, title: t.querySelector('title')?.textContent })));
    const name = cut.find((c) => c.title === LONG_NAME);
    expect(name, JSON.stringify(cut)).toBeDefined();
    expect(name!.shown!.endsWith('…')).toBe(true);
    expect(LONG_NAME.startsWith(name!.shown!.slice(0, -1))).toBe(true);
  });

  it('the decision table keeps its SLO and drop-budget verdicts in view when it is wider than its card', async () => {
    await cp.setViewportSize({ width: 1000, height: 900 });
    const seen = await cp.evaluate(() => {
      const doc = (globalThis as any).document;
      const card = doc.querySelector('#summary').getBoundingClientRect();
      const wrap = doc.querySelector('#summary .summary-wrap');
      const cells = [...doc.querySelectorAll('#summary tbody [data-col="sloMet"], #summary tbody [data-col="withinDropBudget"]')].map((c: any) => c.getBoundingClientRect());
      return { scrolls: wrap.scrollWidth > wrap.clientWidth, inside: cells.every((b: any) => b.left >= card.left && b.right <= card.right + 1), n: cells.length };
    });
    await cp.setViewportSize({ width: 1400, height: 1000 });
    expect(seen.scrolls).toBe(true);
    expect(seen.n).toBe(2 * charts.alternatives.length);
    expect(seen.inside).toBe(true);
  });

  it('EC2 instances on their own axis, not the tasks axis', async () => {
    const ec2 = fixture().alternatives.find((a) => a.usage.avgInstances > 0)!;
    const seen = await page.evaluate((name) => {
      const doc = (globalThis as any).document;
      const data = JSON.parse(doc.getElementById('capsim-data').textContent);
      const g = doc.querySelector(`#chart-tasks g.panel[data-alt="${name}"]`);
      const ticks = (sel: string) => [...g.querySelectorAll(sel)].map((t: any) => ({ v: Number(t.textContent), y: t.getBoundingClientRect().y + t.getBoundingClientRect().height / 2 }));
      const line = g.querySelector('path.line-instances').getBoundingClientRect();
      const series = data.alternatives.find((a: any) => a.name === name).series;
      return {
        right: ticks('.instances-axis .tick text'),
        left: ticks('.y-axis:not(.instances-axis) .tick text'),
        lineTop: line.y,
        maxInstances: Math.max(...series.instances),
        maxTasks: Math.max(...series.running, ...series.desired),
        labels: [...g.querySelectorAll('.axis-label')].map((t: any) => t.textContent),
      };
    }, ec2.name);
    expect(seen.labels).toContain('instances');
    // Pixel position of a value on an axis, from two of its ticks (a linear scale).
    const at = (ticks: { v: number; y: number }[], v: number) => {
      const [a, b] = [ticks[0], ticks[ticks.length - 1]];
      return a.y + ((v - a.v) * (b.y - a.y)) / (b.v - a.v);
    };
    // The line's highest point is the most instances, read on the right axis (within 2 px) ...
    expect(Math.abs(seen.lineTop - at(seen.right, seen.maxInstances))).toBeLessThan(2);
    // ... and not on the tasks axis, where that many would sit elsewhere.
    expect(Math.abs(seen.lineTop - at(seen.left, seen.maxInstances))).toBeGreaterThan(5);
  });

  it('the scatter switches to p95 latency when every alternative is at 0% of minutes over, and says so', async () => {
    expect(await cp.locator('#chart-scatter h2').textContent()).toBe('Cost vs p95 latency');
    expect(await cp.locator('#chart-scatter header p').textContent()).toContain('0% of minutes over');
    expect(await cp.locator('#chart-scatter .axis-label').allTextContents()).toEqual(['cost (USD per month)', 'p95 latency over the run (ms)']);
    // Each mark sits at its alternative's p95 (100, 110, … ms as the fixture sets them): heights differ.
    const ys = await cp.locator('#chart-scatter svg .point').evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().y));
    expect(new Set(ys.map((y) => Math.round(y))).size).toBe(charts.alternatives.length);
    // The main fixture has minutes over: the share of minutes stays.
    expect(await page.locator('#chart-scatter h2').textContent()).toBe('Cost vs SLO');
  });

  it('with replications the scatter and the cost bars draw 95% confidence intervals', async () => {
    const n = charts.alternatives.length;
    // Cost CI on every mark and a latency CI (±4 ms) on every mark.
    expect(await cp.locator('#chart-scatter svg path.ci').count()).toBe(2 * n);
    expect(await cp.locator('#chart-breakdown svg path.ci').count()).toBe(n);
    expect(await cp.locator('#chart-scatter .legend').textContent()).toContain('95% CI');
    // Without replications there are none.
    expect(await page.locator('#chart-scatter svg path.ci, #chart-breakdown svg path.ci').count()).toBe(0);
  });
});
