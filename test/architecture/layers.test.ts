// The layering of docs/architecture.md, checked against the code's own imports: a module imports
// only from floors below its own (or from its own folder), and no files import each other in a
// circle. The floors are written here once; the architecture page's table must match them.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

/** From the ground up. Rooms on one floor are peers: they do not import each other. */
export const FLOORS: readonly (readonly string[])[] = [
  ['engine'],
  ['catalog'],
  ['domain'],
  ['workload', 'billing', 'metrics', 'scenario', 'report'],
  ['capacity'],
  ['service'],
  ['scaling'],
  ['run'],
  ['cli', 'bench', 'index.ts'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of every source file, as src-relative paths of .ts files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      targets.push(relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
    }
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

const roomOf = (path: string): string => path.split('/')[0];

function floorOf(room: string): number {
  const floor = FLOORS.findIndex((rooms) => rooms.includes(room));
  if (floor < 0) throw new Error(`src/${room} is on no floor: add it to FLOORS in test/architecture/layers.test.ts and to docs/architecture.md`);
  return floor;
}

/** Strongly connected components with more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return found;
}

describe('layering (docs/architecture.md)', () => {
  const graph = importGraph();

  it('every import points to a lower floor or stays in its own folder', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = roomOf(file);
      for (const target of targets) {
        const to = roomOf(target);
        if (to === from) continue;
        if (floorOf(to) >= floorOf(from)) upward.push(`src/${file} imports src/${target} (${to} is not below ${from})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no files import each other in a circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('finds an upward import and a circle when there is one (the check can fail)', () => {
    const bad = new Map([
      ['engine/a.ts', ['run/b.ts']],
      ['run/b.ts', ['engine/a.ts']],
    ]);
    expect(floorOf('run')).toBeGreaterThan(floorOf('engine'));
    expect(circles(bad)).toEqual([['engine/a.ts', 'run/b.ts']]);
  });

  it('docs/architecture.md lists the same floors', () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => ({ floor: Number(m[1]), rooms: m[2].split(',').map((r) => r.trim().replace(/`/g, '').replace(/\/$/, '')) }));
    expect(rows.map((r) => r.floor)).toEqual(FLOORS.map((_, i) => i));
    expect(rows.map((r) => r.rooms)).toEqual(FLOORS.map((rooms) => [...rooms]));
  });
});
