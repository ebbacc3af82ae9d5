// The terminal table fits the terminal: at 80, 100 and 160 columns no line is wider than the
// terminal, the deciding columns come first, and every column and cell of the one-block table is
// still there, in some block, equal to results.json.

import { describe, expect, it } from 'vitest';
import { summaryColumns } from '../../src/report/columns.js';
import { clip, renderTable, terminalWidth, wrapText } from '../../src/report/table.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import type { ComparisonResult } from '../../src/domain/result.js';
import { fixture, jobsFixture, rowMismatches, savedJson, withReplicationsAndBudget } from './helpers.js';

/** Display width in code points (the table prints ✓ ✗ — … ×, one column each). */
const cols = (line: string) => [...line].length;

/** The fixture with a 40-character alternative name and a long platform. */
function longNames(): ComparisonResult {
  const r = structuredClone(fixture());
  const old = r.ranking[0];
  const name = 'fargate-arm64-with-a-very-long-name-0040';
  expect(name).toHaveLength(40);
  const alt = r.alternatives.find((a) => a.name === old)!;
  alt.name = name;
  alt.platform = 'ECS FARGATE base 2 w1 + FARGATE_SPOT w3, tasks 1 vCPU/2 GB, arm64, 30 GiB ephemeral storage';
  r.ranking = r.ranking.map((n) => (n === old ? name : n));
  if (r.recommended === old) r.recommended = name;
  return r;
}

const CASES: [string, () => ComparisonResult][] = [
  ['web service on Fargate, Fargate Spot and EC2', fixture],
  ['batch jobs only', jobsFixture],
  ['replications and a drop budget', withReplicationsAndBudget],
  ['long names', longNames],
];

interface Block {
  headers: string[];
  rows: string[][];
}

/** The summary table's blocks: a header line starting with "#", a units line, then ranked rows. */
function blocks(text: string): Block[] {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => l.startsWith('Line items'));
  const out: Block[] = [];
  for (let i = 0; i < end; i++) {
    if (!lines[i].startsWith('#  ')) continue;
    const block: Block = { headers: lines[i].split(/\s{2,}/), rows: [] };
    for (let k = i + 1; k < end && lines[k].trim() !== ''; k++) if (/^\s*\d+\s{2}/.test(lines[k])) block.rows.push(lines[k].trim().split(/\s{2,}/));
    out.push(block);
  }
  return out;
}

describe('the terminal table at a given width', () => {
  for (const [name, make] of CASES) {
    for (const width of [80, 100, 160]) {
      it(`${name} at ${width} columns: no line wider, deciding columns first, every cell kept`, () => {
        const result = make();
        const json = savedJson(result);
        const text = renderTable(result, { color: false, width });
        const wide = text.split('\n').filter((l) => cols(l) > width);
        expect(wide).toEqual([]);

        const columns = summaryColumns(result);
        const idOf = new Map(columns.map((c) => [c.header, c.id]));
        const bs = blocks(text);
        expect(bs.length).toBeGreaterThan(0);
        // Every column appears exactly once, apart from the rank and name each block repeats.
        const seen = bs.flatMap((b) => b.headers.map((h) => idOf.get(h)));
        expect(seen).not.toContain(undefined);
        for (const c of columns) expect(seen.filter((id) => id === c.id).length, c.id).toBe(c.id === 'rank' || c.id === 'alternative' ? bs.length : 1);

        // The first block holds what decides: cost and, with a service, the SLO and drops.
        const first = bs[0].headers.map((h) => idOf.get(h));
        const reps = result.alternatives.some((a) => a.replications);
        const deciding = json.alternatives.some((a: any) => a.requests.offered > 0)
          ? ['alternative', reps ? 'meanUsd' : 'totalUsd', 'usdPerMonth', reps ? 'droppedShareMean' : 'dropped', 'sloMet']
          : ['alternative', 'totalUsd', 'usdPerMonth', 'usdPerJob', 'jobsCompleted'];
        if (json.dropBudget) deciding.push('withinDropBudget');
        for (const id of deciding) expect(first, id).toContain(id);

        // Put each row back together across blocks and check it against results.json.
        json.ranking.forEach((altName: string, i: number) => {
          const alt = json.alternatives.find((a: any) => a.name === altName);
          const cells: Record<string, string> = {};
          for (const b of bs) b.headers.forEach((h, k) => (cells[idOf.get(h)!] = b.rows[i][k]));
          // A cut cell ends in "…" and is the start of the full text.
          for (const [id, full] of [['alternative', alt.name], ['platform', alt.platform]] as const) {
            if (cells[id]?.endsWith('…')) {
              expect(full.startsWith(cells[id].slice(0, -1)), `${id} ${cells[id]}`).toBe(true);
              cells[id] = full;
            }
          }
          expect(rowMismatches(cells, alt, i + 1, json.dropBudget ?? null)).toEqual([]);
        });
      });
    }
  }

  it('prints one table when it fits, and splits it when it does not', () => {
    const result = fixture();
    const one = renderTable(result, { color: false });
    const natural = Math.max(...one.split('\n').filter((l) => l.startsWith('#  ')).map(cols));
    expect(blocks(renderTable(result, { color: false, width: natural }))).toHaveLength(1);
    expect(blocks(renderTable(result, { color: false, width: natural - 1 })).length).toBeGreaterThan(1);
    expect(renderTable(result, { color: false, width: natural - 1 })).toContain('--wide');
  });

  it('cuts a long name at 80 columns so the deciding columns stay on one line, and keeps it whole at 160', () => {
    const narrow = renderTable(longNames(), { color: false, width: 80 });
    const row = narrow.split('\n').find((l) => l.startsWith('1  '))!;
    // Cut with an ellipsis, never below 12 columns, never above floor(80 / 3) = 26.
    const name = row.slice(3).split(/\s{2,}/)[0];
    expect(name.endsWith('…')).toBe(true);
    expect(cols(name)).toBeGreaterThanOrEqual(12);
    expect(cols(name)).toBeLessThanOrEqual(26);
    expect('fargate-arm64-with-a-very-long-name-0040'.startsWith(name.slice(0, -1))).toBe(true);
    // 40 < floor(160 / 3) = 53: whole.
    expect(renderTable(longNames(), { color: false, width: 160 })).toMatch(/^1  fargate-arm64-with-a-very-long-name-0040  /m);
  });

  it('keeps the colour codes out of the width', () => {
    const plain = renderTable(fixture(), { color: false, width: 80 });
    const colored = renderTable(fixture(), { color: true, width: 80 });
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

describe('helpers', () => {
  it('terminalWidth: the columns of a terminal, 100 when piped', () => {
    expect(terminalWidth({ isTTY: true, columns: 123 })).toBe(123);
    expect(terminalWidth({ isTTY: false, columns: 123 })).toBe(100);
    expect(terminalWidth({})).toBe(100);
  });

  it('clip cuts to the width with an ellipsis, counting code points', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('✓✓✓✓', 3)).toBe('✓✓…');
  });

  it('wrapText breaks between words, indents, and cuts a word longer than the line', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('aaa bbb', 9, '  ')).toEqual(['  aaa bbb']);
    expect(wrapText('abcdefghijkl', 10)).toEqual(['abcdefghi…']);
  });
});

describe('the verdict notes', () => {
  it('explain the SLO and the drop budget, and ± with replications, in the terminal, report.md and report.html', () => {
    const r = withReplicationsAndBudget();
    // The fixture's budget: the first-ranked alternative's dropped share + 0.05 percentage points, declared.
    const slo = 'SLO: ✓ when p95 latency ≤ 250 ms in at least 99.9% of minutes (judged on the mean over 5 replications); a minute that drops any request counts as over target.';
    const budget = "Drop budget: ✓ when at most";
    const pm = "± is the half-width of the 95% confidence interval over 5 replications (Student's t)";
    const terminal = renderTable(r, { color: false }).replace(/\n(?=\S)/g, '\n');
    for (const text of [terminal, renderMarkdownReport(r), renderHtml(r, { maxPoints: 50 }).replace(/&#39;|&apos;/g, "'")]) {
      expect(text).toContain(slo);
      expect(text).toContain(budget);
      expect(text).toContain("(the scenario's slo.maxDroppedShare)".replace(/'/g, "'"));
      expect(text).toContain(pm);
    }
    // Without a budget or replications: the SLO note alone.
    const plain = renderTable(fixture(), { color: false });
    expect(plain).toContain('SLO: ✓ when p95 latency ≤ 250 ms in at least 99.9% of minutes; a minute that drops any request counts as over target.');
    expect(plain).not.toContain('Drop budget: ✓');
  });
});
