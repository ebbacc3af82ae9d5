#!/usr/bin/env node
// Containers or functions, by traffic level: runs scenarios/containers-vs-functions.yaml with its
// diurnal curve scaled to each peak (base = 15 % of peak, as in the file), prints the cost of
// every alternative and, per level, the cheapest one overall (SLO ignored) and capsim's
// recommendation (the cheapest meeting the SLO and the drop budget); then narrows each flip of
// either down by bisection on the peak (to 2 %), and names the traffic level at which it flips.
// The flip logic is src/run/crossover.ts (tested in test/run/crossover.test.ts).
// Every level runs on the same seed: the demand differs by scale only. Each level starts the week
// with the fleet a service already serving that traffic has (`atTrafficLevel`), not the file's
// two tasks on one instance, which suit the medium level only.
//
//   npm run build && node scripts/containers-vs-functions.mjs [--levels 2,40,400] [--sweep 1,2,5,10,20,40,80,160,320,640]
//     [--out reports/containers-vs-functions.md]   (also writes the same as Markdown)

import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { atTrafficLevel, compare, levelRow, findFlips, PICK_CHEAPEST, PICK_RECOMMENDED } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const FILE = 'scenarios/containers-vs-functions.yaml';
const NAMED = { quiet: 2, medium: 40, busy: 400 };
const levels = arg('levels', '2,40,400').split(',').map(Number);
const sweep = arg('sweep', '1,2,5,10,20,40,80,160,320,640').split(',').map(Number);
const BASE_SHARE = 0.15;
const source = parse(readFileSync(FILE, 'utf8'));

const cache = new Map();
/** The comparison at a peak of `peak` rps, as a crossover row (memoised). */
function at(peak) {
  const key = peak.toPrecision(6);
  if (cache.has(key)) return cache.get(key);
  const row = levelRow(peak, compare(atTrafficLevel(source, peak, BASE_SHARE, `${FILE} @ peak ${key} rps`).scenario));
  cache.set(key, row);
  return row;
}

function table(rows) {
  const names = Object.keys(rows[0].monthly);
  const head = ['peak rps', ...names, 'cheapest', 'recommended'];
  const mark = (r, n) => (r.meetsSlo[n] ? '' : ' ✗') + (r.withinDropBudget[n] ? '' : ' ↓');
  const lines = rows.map((r) => [String(r.label ?? r.level), ...names.map((n) => `$${r.monthly[n].toFixed(2)}${mark(r, n)}`), r.cheapest, r.recommended ?? '(none)']);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}

const title =
  `${FILE}: monthly cost (USD per 730 h) by peak traffic (base = ${BASE_SHARE * 100} % of peak); ✗ = misses the SLO, ↓ = over the drop budget; ` +
  'recommended = cheapest meeting both (capsim\'s recommendation)';
const named = table(levels.map(at).map((r) => ({ ...r, label: `${r.level} (${Object.keys(NAMED).find((k) => NAMED[k] === r.level) ?? 'level'})` })));
const swept = table(sweep.map(at));
const verdicts = [];
for (const [what, pick] of [
  ['cheapest (SLO and drops ignored)', PICK_CHEAPEST],
  ['recommended (cheapest meeting the SLO and the drop budget)', PICK_RECOMMENDED],
]) {
  const found = findFlips(sweep, at, pick);
  verdicts.push(`${what}:`);
  if (found.length === 0) verdicts.push(`  no flip between ${sweep[0]} and ${sweep[sweep.length - 1]} rps peak: always ${pick(at(sweep[0]))}`);
  for (const f of found) verdicts.push(`  flips from ${f.below} to ${f.above} between ${f.from.toFixed(1)} and ${f.to.toFixed(1)} rps peak`);
}
console.log(`${title}\n\n${named}\n\nSweep:\n\n${swept}\n\n${verdicts.join('\n')}`);
const out = arg('out', null);
if (out) {
  const block = (text) => `\`\`\`\n${text}\n\`\`\``;
  writeFileSync(out, `# Containers or functions: where the cheapest choice flips\n\n${title}.\n\n${block(named)}\n\n## Sweep\n\n${block(swept)}\n\n## Flips\n\n${block(verdicts.join('\n'))}\n`);
}
