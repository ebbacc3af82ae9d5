import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsCsv, timeseriesCsv } from '../../src/report/csv.js';
import { loadSavedResult, resultsJson } from '../../src/report/json.js';
import { SCHEMA_VERSION } from '../../src/domain/result.js';
import { makeFixture } from './fixture.js';
import { fixture, tempDir } from './helpers.js';

function saveTo(dir: string, result = fixture()): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), resultsJson(result));
  writeFileSync(join(dir, 'timeseries.csv'), timeseriesCsv(result));
  writeFileSync(join(dir, 'events.csv'), eventsCsv(result));
  return dir;
}

describe('results.json', () => {
  it('is byte-identical for the same input, however its objects were built', () => {
    const a = resultsJson(fixture());
    expect(resultsJson(makeFixture())).toBe(a);
    // Same data, keys inserted in another order.
    const shuffled = structuredClone(fixture());
    shuffled.scenario = Object.fromEntries(Object.entries(shuffled.scenario).reverse()) as typeof shuffled.scenario;
    shuffled.alternatives = shuffled.alternatives.map((alt) => Object.fromEntries(Object.entries(alt).reverse()) as typeof alt);
    expect(resultsJson(shuffled)).toBe(a);
  });

  it('leaves out the series and keeps everything else, schemaVersion first', () => {
    const text = resultsJson(fixture());
    const json = JSON.parse(text);
    expect(Object.keys(json)[0]).toBe('schemaVersion');
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.scenario.resolved).toEqual(fixture().scenario.resolved);
    for (const alt of json.alternatives) expect(alt).not.toHaveProperty('series');
    const { series: _s, ...rest } = fixture().alternatives[0];
    expect(json.alternatives[0]).toEqual(JSON.parse(JSON.stringify(rest)));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "alternatives": [');
  });

  it('writes null for a non-finite number rather than failing the report', () => {
    const r = structuredClone(fixture());
    r.alternatives[0].startLatency.p50Seconds = NaN;
    expect(JSON.parse(resultsJson(r)).alternatives[0].startLatency.p50Seconds).toBeNull();
  });
});

describe('loadSavedResult', () => {
  it('rebuilds the full result from results.json, timeseries.csv and events.csv', () => {
    const dir = saveTo(tempDir('load'));
    const loaded = loadSavedResult(join(dir, 'results.json'));
    // Exact: the series hold values on their print grid, and each cell prints that value.
    expect(loaded).toEqual(fixture());
    expect(resultsJson(loaded)).toBe(resultsJson(fixture()));
    expect(loadSavedResult(dir)).toEqual(loaded); // the directory works too
  });

  it('round-trips awkward values: names with commas and quotes, tiny and negative numbers', () => {
    const r = structuredClone(fixture());
    const old = r.alternatives[1].name;
    r.alternatives[1].name = 'spot, "lean"\nv2';
    r.ranking = r.ranking.map((n) => (n === old ? r.alternatives[1].name : n));
    if (r.recommended === old) r.recommended = r.alternatives[1].name;
    const s = r.alternatives[1].series;
    s.cpuPct[3] = 0.1 + 0.2; // float32 0.30000001192…, printed "0.3" (3 decimals)
    s.usedVcpu[4] = 1e-21; // below the 4th decimal: printed "0"
    s.droppedRps[5] = -0;
    s.servedRps[6] = -12.345678; // float32 -12.34567832…, printed "-12.3457"
    s.offeredRps[7] = 1234567.8; // float32 1234567.75, six significant digits: "1234570"
    r.alternatives[1].events.push({ t: 1.5, kind: 'scaling', detail: 'a "quoted", multi\nline detail' });
    const loaded = loadSavedResult(saveTo(tempDir('awkward'), r));
    const back = loaded.alternatives[1].series;
    expect(back.cpuPct[3]).toBe(Math.fround(0.3));
    expect(back.usedVcpu[4]).toBe(0);
    expect(Object.is(back.droppedRps[5], -0)).toBe(true);
    expect(back.servedRps[6]).toBe(Math.fround(-12.3457));
    expect(back.offeredRps[7]).toBe(1234570);
    // Everything else, names and event text included, comes back as it was.
    s.usedVcpu[4] = 0;
    s.servedRps[6] = -12.3457;
    s.offeredRps[7] = 1234570;
    expect(loaded).toEqual(r);
  });

  it('names the file that is missing', () => {
    const dir = saveTo(tempDir('missing'));
    writeFileSync(join(dir, 'timeseries.csv'), '');
    expect(() => loadSavedResult(join(dir, 'nope.json'))).toThrow(/nope\.json: file not found/);
    const other = tempDir('missing2');
    writeFileSync(join(other, 'results.json'), resultsJson(fixture()));
    expect(() => loadSavedResult(other)).toThrow(/timeseries\.csv: file not found/);
  });

  it('names the file that is broken', () => {
    const dir = saveTo(tempDir('broken'));
    writeFileSync(join(dir, 'results.json'), '{"schemaVersion": 1, ');
    expect(() => loadSavedResult(dir)).toThrow(/results\.json: not valid JSON/);

    saveTo(dir);
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...JSON.parse(resultsJson(fixture())), schemaVersion: 99 }));
    expect(() => loadSavedResult(dir)).toThrow(/results\.json: schemaVersion 99 is not supported/);

    saveTo(dir);
    writeFileSync(join(dir, 'timeseries.csv'), 'alternative,minute\nx,0\n');
    expect(() => loadSavedResult(dir)).toThrow(/timeseries\.csv: expected the header/);

    saveTo(dir);
    const csv = timeseriesCsv(fixture()).split('\n');
    csv[5] = csv[5].replace(/,[^,]+$/, ',lots');
    writeFileSync(join(dir, 'timeseries.csv'), csv.join('\n'));
    expect(() => loadSavedResult(dir)).toThrow(/timeseries\.csv: row 6: cumulative_usd is "lots", not a number/);

    saveTo(dir);
    writeFileSync(join(dir, 'events.csv'), 'alternative,t_seconds,kind,detail\n');
    expect(() => loadSavedResult(dir)).toThrow(/events\.csv: 0 events for .* files from different runs/);
  });
});
