#!/usr/bin/env node
// Containers or functions, by traffic level: runs scenarios/containers-vs-functions.yaml with its
// diurnal curve scaled to each peak (base = 15 % of peak, as in the file), prints the cost of
// every alternative and, per level, the cheapest one overall (SLO ignored) and the cheapest one
// that meets the SLO (capsim's recommendation); then narrows each flip of the cheapest choice
// down by bisection on the peak (to 2 %), and names the traffic level at which it flips.
// Every level runs on the same seed: the demand differs by scale only.
//
//   npm run build && node scripts/containers-vs-functions.mjs [--levels 2,40,400] [--sweep 1,2,5,10,20,40,80,160,320,640]
//     [--out reports/containers-vs-functions.md]   (also writes the same as Markdown)

import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { compare, parseScenario } from '../dist/index.js';

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
/** The comparison at a peak of `peak` rps (memoised). */
function at(peak) {
  const key = peak.toPrecision(6);
  if (cache.has(key)) return cache.get(key);
  const doc = structuredClone(source);
  doc.workload.rps.base = `${(peak * BASE_SHARE).toPrecision(6)} rps`;
  doc.workload.rps.peak = `${peak.toPrecision(6)} rps`;
  const result = compare(parseScenario(stringify(doc), `${FILE} @ peak ${key} rps`));
  const byCost = [...result.alternatives].sort((a, b) => a.cost.totalUsd - b.cost.totalUsd);
  const row = {
    peak,
    monthly: Object.fromEntries(result.alternatives.map((a) => [a.name, a.cost.usdPerMonth])),
    meets: Object.fromEntries(result.alternatives.map((a) => [a.name, a.slo.met])),
    cheapest: byCost[0].name,
    cheapestMeetingSlo: result.recommended ?? '(none)',
  };
  cache.set(key, row);
  return row;
}

function table(rows) {
  const names = Object.keys(rows[0].monthly);
  const head = ['peak rps', ...names, 'cheapest', 'cheapest meeting SLO'];
  const lines = rows.map((r) => [
    String(r.peak),
    ...names.map((n) => `$${r.monthly[n].toFixed(2)}${r.meets[n] ? '' : ' ✗'}`),
    r.cheapest,
    r.cheapestMeetingSlo,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}

/** Bisects (lo, hi) on the peak until within 2 %, keeping `pick(lo) ≠ pick(hi)`. */
function flip(lo, hi, pick) {
  let a = lo;
  let b = hi;
  while (b / a > 1.02) {
    const mid = Math.sqrt(a * b);
    if (pick(at(mid)) === pick(at(a))) a = mid;
    else b = mid;
  }
  return { below: pick(at(a)), above: pick(at(b)), from: a, to: b };
}

function flips(pick) {
  const out = [];
  for (let i = 1; i < sweep.length; i++) {
    if (pick(at(sweep[i - 1])) !== pick(at(sweep[i]))) out.push(flip(sweep[i - 1], sweep[i], pick));
  }
  return out;
}

const title = `${FILE}: monthly cost (USD per 730 h) by peak traffic (base = ${BASE_SHARE * 100} % of peak); ✗ = misses the SLO`;
const named = table(levels.map(at).map((r) => ({ ...r, peak: `${r.peak} (${Object.keys(NAMED).find((k) => NAMED[k] === r.peak) ?? 'level'})` })));
const swept = table(sweep.map(at));
const verdicts = [];
for (const [what, pick] of [
  ['cheapest (SLO ignored)', (r) => r.cheapest],
  ['cheapest meeting the SLO', (r) => r.cheapestMeetingSlo],
]) {
  const found = flips(pick);
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
