// `npm run bench [section …] [--json out.json] [--compare old.json] [--tolerance 0.15]`:
// benchmarks that run as a script, each reporting against a bound or an exact figure measured in
// the same run. The bare-loop bound always runs first; `--compare` reads a saved `--json` and
// flags figures that got slower by more than the tolerance, each taken as a multiple of its own
// run's bound, so a busier or slower machine does not read as a slowdown. Exit code: 1 when a
// correctness check fails, 3 when `--compare` finds a slowdown, 2 for bad arguments.

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BOUND_KEY, boundSection } from './bound.js';
import { e2eSection } from './e2e.js';
import { mmcSection } from './mmc.js';
import { parallelSection, year4Section, year50Section } from './scale.js';
import { Report, type BenchSection, type Figure } from './section.js';
import { sweepSection } from './sweep.js';
import { traceSection } from './trace.js';

/** Run by default, in this order (after the bound). */
export const sections: BenchSection[] = [mmcSection, e2eSection, year4Section, parallelSection, sweepSection, traceSection];
/** Run only when named (long, or heavy on memory). */
const optional: BenchSection[] = [year50Section];

export interface SavedBench {
  capsimBench: 1;
  figures: Record<string, Figure>;
}

export function runSections(names: readonly string[], report = new Report()): boolean {
  const known = [...sections, ...optional];
  const unknown = names.filter((n) => !known.some((s) => s.name === n) && n !== boundSection.name);
  if (unknown.length > 0) throw new BenchArgumentError(`unknown bench section(s): ${unknown.join(', ')}; known: ${known.map((s) => s.name).join(', ')}`);
  const chosen = names.length === 0 ? sections : known.filter((s) => names.includes(s.name));
  let ok = true;
  for (const section of [boundSection, ...chosen]) {
    report.heading(`${section.name}: ${section.title}`);
    if (!section.run(report)) ok = false;
  }
  return ok;
}

export class BenchArgumentError extends Error {}

/** A figure as a multiple of its run's bound: seconds × bound (work units), or rate ÷ bound. */
function normalised(f: Figure, bound: number): number {
  return f.better === 'lower' ? f.value * bound : f.value / bound;
}

export interface Slowdown {
  key: string;
  /** Relative slowdown after normalising, e.g. 0.2 = 20 % slower. */
  slowdown: number;
}

/** Normalised figures present in both runs whose slowdown exceeds `tolerance`. */
export function compareBench(old: SavedBench, now: SavedBench, tolerance: number): { slowdowns: Slowdown[]; lines: string[] } {
  const oldBound = old.figures[BOUND_KEY]?.value;
  const newBound = now.figures[BOUND_KEY]?.value;
  if (!oldBound || !newBound) throw new BenchArgumentError(`both runs need the bound figure ${BOUND_KEY}`);
  const lines: string[] = [];
  const slowdowns: Slowdown[] = [];
  for (const [key, f] of Object.entries(now.figures)) {
    const o = old.figures[key];
    if (!f.normalised || !o) continue;
    const a = normalised(o, oldBound);
    const b = normalised(f, newBound);
    const slowdown = f.better === 'lower' ? b / a - 1 : a / b - 1;
    const flag = slowdown > tolerance ? 'SLOWER' : slowdown < -tolerance ? 'faster' : 'same';
    lines.push(`  ${key.padEnd(36)} ${(slowdown * 100).toFixed(1).padStart(7)} %  ${flag}`);
    if (slowdown > tolerance) slowdowns.push({ key, slowdown });
  }
  return { slowdowns, lines };
}

function parseArgs(argv: readonly string[]): { names: string[]; json?: string; compare?: string; tolerance: number } {
  const names: string[] = [];
  let json: string | undefined;
  let compare: string | undefined;
  let tolerance = 0.15;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new BenchArgumentError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = value();
    else if (a === '--compare') compare = value();
    else if (a === '--tolerance') {
      tolerance = Number(value());
      if (!(tolerance >= 0 && tolerance < 10)) throw new BenchArgumentError('--tolerance must be a fraction ≥ 0, e.g. 0.15 for 15 %');
    } else if (a.startsWith('--')) throw new BenchArgumentError(`unknown option ${a}; known: --json FILE, --compare FILE, --tolerance FRACTION`);
    else names.push(a);
  }
  return { names, json, compare, tolerance };
}

function readSaved(file: string): SavedBench {
  let data: SavedBench;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as SavedBench;
  } catch (err) {
    throw new BenchArgumentError(`${file}: cannot read a saved bench (${(err as Error).message})`);
  }
  if (data?.capsimBench !== 1 || typeof data.figures !== 'object') throw new BenchArgumentError(`${file}: not a file written by npm run bench -- --json`);
  return data;
}

function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  const old = args.compare ? readSaved(args.compare) : null;
  const report = new Report();
  const ok = runSections(args.names, report);
  const saved: SavedBench = { capsimBench: 1, figures: report.figures };
  if (args.json) writeFileSync(args.json, `${JSON.stringify(saved, null, 2)}\n`);
  if (!old) return ok ? 0 : 1;
  const { slowdowns, lines } = compareBench(old, saved, args.tolerance);
  report.heading(`compared with ${args.compare} (normalised by each run's bare-loop bound; tolerance ${(args.tolerance * 100).toFixed(0)} %)`);
  for (const line of lines) report.note(line.trim());
  if (!ok) return 1;
  return slowdowns.length > 0 ? 3 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof BenchArgumentError ? 2 : 1;
  }
}
