// timeseries.parquet read back with hyparquet (a reader that shares no code with the writer's
// encoders): the schema of docs/reports.md, and every value equal to the in-memory series, bit
// for bit as float32 (float64 for the cumulative cost). Row groups never span alternatives.

import { parquetMetadata, parquetRead } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { ComparisonResult, TimeSeries } from '../../src/domain/result.js';
import { SERIES_COLUMNS, SERIES_FIELDS, createSeries } from '../../src/domain/series.js';
import { ROWS_PER_GROUP, timeseriesParquetChunks } from '../../src/report/parquet.js';
import { fixture } from './helpers.js';

function parquetBytes(result: ComparisonResult): ArrayBuffer {
  const bytes = Buffer.concat([...timeseriesParquetChunks(result)]);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Every column of the file, whole, as hyparquet decodes it. */
async function readColumns(file: ArrayBuffer): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  await parquetRead({
    file,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const all = out.get(columnName) ?? [];
      for (let i = 0; i < columnData.length; i++) all[rowStart + i] = columnData[i];
      out.set(columnName, all);
    },
  });
  return out;
}

/** The rows of each alternative, as [first, end) in file order. */
function spans(result: ComparisonResult): [string, TimeSeries, number][] {
  let row = 0;
  return result.alternatives.map((a) => {
    const at = row;
    row += a.series.minutes;
    return [a.name, a.series, at];
  });
}

async function expectSameAsSeries(result: ComparisonResult, file: ArrayBuffer): Promise<void> {
  const columns = await readColumns(file);
  for (const [name, s, first] of spans(result)) {
    const rows = (column: string) => columns.get(column)!.slice(first, first + s.minutes);
    expect(new Set(rows('alternative'))).toEqual(new Set([name]));
    expect(rows('minute')).toEqual(Array.from({ length: s.minutes }, (_, m) => m));
    expect(rows('t_seconds')).toEqual(Array.from({ length: s.minutes }, (_, m) => m * 60));
    for (const f of SERIES_FIELDS) {
      const values = rows(SERIES_COLUMNS[f]) as number[];
      expect(f === 'cumulativeUsd' ? Float64Array.from(values) : Float32Array.from(values), `${name} ${f}`).toEqual(s[f]);
    }
  }
}

describe('timeseries.parquet', () => {
  it('holds one long table: alternative, minute, t_seconds, then each series column as FLOAT (DOUBLE for USD)', () => {
    const meta = parquetMetadata(parquetBytes(fixture()));
    const leaves = meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null, e.repetition_type]);
    expect(leaves).toEqual([
      ['alternative', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['minute', 'INT32', null, 'REQUIRED'],
      ['t_seconds', 'INT32', null, 'REQUIRED'],
      ...SERIES_FIELDS.map((f) => [SERIES_COLUMNS[f], f === 'cumulativeUsd' ? 'DOUBLE' : 'FLOAT', null, 'REQUIRED']),
    ]);
    // Four alternatives of two weeks: 4 × 20,160 rows, one row group each.
    expect(meta.num_rows).toBe(4n * 20_160n);
    expect(meta.row_groups.map((g) => g.num_rows)).toEqual([20_160n, 20_160n, 20_160n, 20_160n]);
  });

  it("reads back as the in-memory series, bit for bit", async () => {
    await expectSameAsSeries(fixture(), parquetBytes(fixture()));
  });

  it('splits a long alternative into row groups and starts a new one for the next alternative', async () => {
    const long = createSeries(2 * ROWS_PER_GROUP + 5);
    for (const f of SERIES_FIELDS) for (let m = 0; m < long.minutes; m++) long[f][m] = f === 'cumulativeUsd' ? m / 7 : Math.fround(Math.sin(m) * 1000);
    long.latencyP95Ms[3] = NaN;
    long.droppedRps[4] = -0;
    const short = createSeries(3);
    short.offeredRps.set([1.5, 2.5, 3.5]);
    const result = { capsimVersion: 'test', scenario: { name: 'long', seed: 1 }, alternatives: [{ name: 'long, "one"', series: long }, { name: 'short', series: short }] } as unknown as ComparisonResult;
    const file = parquetBytes(result);
    const groups = parquetMetadata(file).row_groups.map((g) => g.num_rows);
    expect(groups).toEqual([BigInt(ROWS_PER_GROUP), BigInt(ROWS_PER_GROUP), 5n, 3n]);
    await expectSameAsSeries(result, file);
  });
});
