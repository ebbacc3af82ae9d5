// costs.csv (src/report/costs-csv.ts): the hourly ledger written with the report, read back by
// `capsim report` and checked against results.json (it cannot be recomputed from a saved run).

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlternativeResult, ComparisonResult, HourlyCosts } from '../../src/domain/result.js';
import { COSTS_FILE, ReportLoadError, costsCsv, loadSavedResult, parseCostsCsv, writeReports } from '../../src/report/index.js';
import { fixture, tempDir } from './helpers.js';

/** Two hours of a one-item ledger: an m5.large from 30 minutes in (1800 s then 3600 s × $0.096 / 3600). */
const late: HourlyCosts = { hours: 2, items: [{ id: 'ec2.on-demand.m5.large', usd: ['0.048', '0.096'] }] };

function alt(name: string, items: { id: string; usdExact: string }[], hourlyCosts?: HourlyCosts): Pick<AlternativeResult, 'name' | 'cost' | 'hourlyCosts'> {
  return {
    name,
    cost: { totalUsd: 0, usdPerHour: 0, usdPerMonth: 0, usdPerMillionRequests: null, lineItems: items.map((i) => ({ ...i, description: i.id, quantity: '0', unit: 'x', usdPerUnit: '0', usd: 0, source: 'test' })) },
    hourlyCosts,
  };
}

/** The fixture with a ledger on every alternative: each line item's usdExact in its first hour, 0 after. */
function withLedger(result: ComparisonResult): ComparisonResult {
  const hours = Math.ceil(result.scenario.horizonSeconds / 3600);
  return {
    ...result,
    alternatives: result.alternatives.map((a) => ({
      ...a,
      hourlyCosts: { hours, items: a.cost.lineItems.map((li) => ({ id: li.id, usd: Array.from({ length: hours }, (_, h) => (h === 0 ? li.usdExact : '0')) })) },
    })),
  };
}

describe('costs.csv', () => {
  it('one row per alternative, hour and line item, hour by hour, the amounts as exact text', () => {
    const text = costsCsv([alt('late', [{ id: 'ec2.on-demand.m5.large', usdExact: '0.144' }], late), alt('fee', [{ id: 'ec2.ri-fee.m5.large', usdExact: '0.12' }, { id: 'ec2.on-demand.m5.large', usdExact: '0.096' }], { hours: 2, items: [{ id: 'ec2.ri-fee.m5.large', usd: ['0.06', '0.06'] }, { id: 'ec2.on-demand.m5.large', usd: ['0.096', '0'] }] })]);
    expect(text).toBe(
      [
        'alternative,hour,line_item,usd',
        'late,0,ec2.on-demand.m5.large,0.048',
        'late,1,ec2.on-demand.m5.large,0.096',
        'fee,0,ec2.ri-fee.m5.large,0.06',
        'fee,0,ec2.on-demand.m5.large,0.096',
        'fee,1,ec2.ri-fee.m5.large,0.06',
        'fee,1,ec2.on-demand.m5.large,0',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it wrote, and a name a spreadsheet would run is neutralised both ways', () => {
    const alts = [alt('=HYPERLINK("x")', [{ id: 'ec2.on-demand.m5.large', usdExact: '0.144' }], late)];
    const text = costsCsv(alts);
    expect(text.split('\n')[1]).toBe(`"'=HYPERLINK(""x"")",0,ec2.on-demand.m5.large,0.048`);
    expect(parseCostsCsv(text, COSTS_FILE, alts, 2)).toEqual(new Map([['=HYPERLINK("x")', late]]));
  });

  it.each([
    ['hours that do not add up to usdExact', 'late,0,ec2.on-demand.m5.large,0.048\nlate,1,ec2.on-demand.m5.large,0.0961\n', /add up to 0\.1441, but results\.json has 0\.144: files from different runs\?/],
    ['a missing hour', 'late,0,ec2.on-demand.m5.large,0.048\n', /"late" has no row for ec2\.on-demand\.m5\.large in hour 1/],
    ['a second row for an hour', 'late,0,ec2.on-demand.m5.large,0.048\nlate,0,ec2.on-demand.m5.large,0.048\n', /row 3: a second row for "late", hour 0/],
    ['an hour past the run', 'late,2,ec2.on-demand.m5.large,0.048\n', /row 2: hour is "2"; allowed: a whole number from 0 to 1/],
    ['an alternative results.json lacks', 'other,0,ec2.on-demand.m5.large,0.048\n', /row 2: alternative "other" is not in results\.json/],
    ['a line item results.json lacks', 'late,0,ec2.spot.m5.large,0.048\n', /row 2: "late" has no line item "ec2\.spot\.m5\.large"/],
    ['an amount that is not a decimal', 'late,0,ec2.on-demand.m5.large,1e-3\n', /row 2: usd is "1e-3", not a decimal number/],
  ])('refuses %s, naming the file', (_what, rows, message) => {
    expect(() => parseCostsCsv(`alternative,hour,line_item,usd\n${rows}`, 'dir/costs.csv', [alt('late', [{ id: 'ec2.on-demand.m5.large', usdExact: '0.144' }])], 2)).toThrow(message);
  });
});

describe('costs.csv in a report', () => {
  it('is written with the other files when every alternative has a ledger, and read back as it was', async () => {
    const result = withLedger(fixture());
    const out = join(tempDir('costs'), 'report');
    const files = await writeReports(result, out, { formats: ['json', 'csv'] });
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['costs.csv', 'events.csv', 'results.json', 'timeseries.csv']);
    const loaded = loadSavedResult(out);
    expect(loaded.alternatives.map((a) => a.hourlyCosts)).toEqual(result.alternatives.map((a) => a.hourlyCosts));
    // results.json holds no ledger: it is the same file with or without one.
    expect(readFileSync(join(out, 'results.json'), 'utf8')).not.toContain('hourlyCosts');
    // Re-rendered, the same bytes.
    const again = join(tempDir('costs-again'), 'report');
    await writeReports(loaded, again, { formats: ['json', 'csv'] });
    expect(readFileSync(join(again, COSTS_FILE), 'utf8')).toBe(readFileSync(join(out, COSTS_FILE), 'utf8'));
  });

  it('a report saved before costs.csv existed loads without a ledger and re-renders without costs.csv', async () => {
    const out = join(tempDir('costs-old'), 'report');
    await writeReports(withLedger(fixture()), out, { formats: ['json', 'csv'] });
    rmSync(join(out, COSTS_FILE));
    const loaded = loadSavedResult(out);
    expect(loaded.alternatives.every((a) => a.hourlyCosts === undefined)).toBe(true);
    const again = join(tempDir('costs-old-again'), 'report');
    const files = await writeReports(loaded, again, { formats: ['json', 'csv'] });
    expect(files.map((f) => f.slice(again.length + 1)).sort()).toEqual(['events.csv', 'results.json', 'timeseries.csv']);
  });

  it('a costs.csv from another run is refused with the file named', async () => {
    const out = join(tempDir('costs-other'), 'report');
    await writeReports(withLedger(fixture()), out, { formats: ['json', 'csv'] });
    const file = join(out, COSTS_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    // The first row's amount changed: its item no longer adds up to results.json's usdExact.
    lines[1] = lines[1].replace(/,[^,]*$/, ',1');
    writeFileSync(file, lines.join('\n'));
    expect(() => loadSavedResult(out)).toThrow(ReportLoadError);
    expect(() => loadSavedResult(out)).toThrow(/costs\.csv: the hours of .* add up to .*files from different runs\?/);
  });
});
