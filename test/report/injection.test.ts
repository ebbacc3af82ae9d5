// Scenario text is data, never markup: a CSV cell that a spreadsheet would run as a formula is
// neutralised (OWASP's leading quote), and names, descriptions and paths in report.md cannot
// open HTML, links, code spans, headings or new table cells. Expected cells are written out by
// hand from those rules.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, parseScenario } from '../../src/index.js';
import { eventsCsv, loadSavedResult, renderMarkdownReport, writeReports } from '../../src/report/index.js';
import { csvText, csvTextValue } from '../../src/report/csv-text.js';
import { tempDir } from './helpers.js';

describe('csvText', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2 tasks', `"'-2 tasks"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ["'quoted", `"''quoted"`], // one more quote, so reading back is exact
    ['plain text', 'plain text'],
    ['a,b', '"a,b"'], // quoted as csv-stringify quotes
    ['x=1', 'x=1'], // only the first character matters
  ])('%j → %s', (text, cell) => {
    expect(csvText(text)).toBe(cell);
  });

  it('reads back exactly, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const [[cell]] = parse(`${csvText(text)}\n`, { relax_column_count: true }) as string[][];
        expect(csvTextValue(cell ?? '')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

const HOSTILE_NAME = '=HYPERLINK("http://evil","open") <img src=x onerror=alert(1)> | x';
const scenario = `name: "<script>alert(1)</script> [x](javascript:alert(1))"
description: "# Not a heading\\n- not a list\\n\\n> not a quote | nor a cell ![](http://tracker/pixel)"
horizon: 1h
workload: { rps: { type: constant, rps: 50 } }
service: { task: { cpu: 0.5 vCPU, memory: 1 GB }, desiredCount: 1, taskCapacity: 60, deployments: [{ at: 10m, type: rolling }] }
alternatives:
  - name: '${HOSTILE_NAME.replace(/'/g, "''")}'
    capacity: { type: fargate }
`;

describe('a hostile scenario in the report files', () => {
  const result = compare(parseScenario(scenario, 'dir/`odd|name`.yaml'));

  it('events.csv: the alternative name is a text cell, not a formula, and reads back as written', async () => {
    const csv = eventsCsv(result);
    const rows = parse(csv) as string[][];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row[0]).toBe(`'${HOSTILE_NAME}`);
    const dir = tempDir('capsim-injection-');
    await writeReports(result, join(dir, 'r'), { formats: ['json', 'csv'] });
    expect(loadSavedResult(join(dir, 'r', 'results.json')).alternatives[0].events).toEqual(result.alternatives[0].events);
    expect(readFileSync(join(dir, 'r', 'events.csv'), 'utf8')).toBe(csv);
  });

  const md = renderMarkdownReport(result);

  it('report.md: no HTML tag, link or image from the scenario', () => {
    expect(md).not.toMatch(/(?<!\\)<(script|img)/); // only escaped: \<script
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('[x\\](javascript:alert(1))');
    expect(md).toContain('![\\](http://tracker/pixel)');
  });

  it('report.md: the description cannot start a heading, list or quote', () => {
    const lines = md.split('\n');
    expect(lines).toContain('\\# Not a heading');
    expect(lines).toContain('\\- not a list');
    expect(lines.some((l) => l.startsWith('\\> not a quote \\| nor a cell'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('# '))).toHaveLength(1); // the report's own title
  });

  it('report.md: a path with a backtick and a pipe stays one code span in one table cell', () => {
    const row = md.split('\n').find((l) => l.startsWith('| Scenario |'))!;
    expect(row).toContain('(``dir/`odd\\|name`.yaml``)');
    // cells are split by pipes that are not escaped: two cells, as in every row of that table
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(2);
  });

  it('report.md: the alternative name is escaped wherever it appears', () => {
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\> \\| x');
  });
});
