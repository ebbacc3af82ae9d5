#!/usr/bin/env node
// Screenshots of the HTML reports a reviewer reads: runs web-api, ec2-vs-fargate and spiky-api
// with the built capsim into reports/screenshots/NAME/, opens each report.html in the system Chromium (playwright-core, no
// network, from file://) and saves the whole page, light and dark, to reports/screenshots/.
// Usage: npm run screenshots [-- scenario-name ...]   (builds first; CHROMIUM=/path overrides)

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'reports', 'screenshots');
const SCENARIOS = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['web-api', 'ec2-vs-fargate', 'spiky-api'];

if (!existsSync(CHROMIUM)) {
  console.error(`screenshots: Chromium not found at ${CHROMIUM}; install it (apt-get install -y chromium) or set CHROMIUM=/path/to/chromium`);
  process.exit(2);
}

const { loadScenario } = await import(join(ROOT, 'dist', 'scenario', 'load.js'));
const { compareParallel } = await import(join(ROOT, 'dist', 'run', 'parallel.js'));
const { writeReports } = await import(join(ROOT, 'dist', 'report', 'index.js'));

mkdirSync(OUT, { recursive: true });
const profile = join(OUT, '.chromium-profile');
rmSync(profile, { recursive: true, force: true });
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
  timeout: 30_000,
});
let failed = false;
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`external request: ${r.url()}`); });
  for (const name of SCENARIOS) {
    const file = join(ROOT, 'scenarios', `${name}.yaml`);
    const dir = join(OUT, name);
    const started = Date.now();
    const result = await compareParallel(loadScenario(file), {});
    await writeReports(result, dir, { formats: ['json', 'md', 'html'] });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`file://${join(dir, 'report.html')}`);
      await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
      const png = join(OUT, `${name}${scheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path: png, fullPage: true });
      console.log(`${png} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    for (const p of problems.splice(0)) {
      failed = true;
      console.error(`${name}: ${p}`);
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
