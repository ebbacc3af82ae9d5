// timeseries.parquet (only with `--parquet`): the series as one long table for DuckDB, pandas or
// Polars, values exactly as the run holds them. Row groups never span alternatives and hold at
// most ROWS_PER_GROUP minutes, so memory stays bounded however long or wide the run.

import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { ComparisonResult } from '../domain/result.js';
import { SERIES_COLUMNS, SERIES_FIELDS, isFloat64Field, minuteSeconds } from '../domain/series.js';

export const PARQUET_FILE = 'timeseries.parquet';

/** Rows per row group: ~91 days of minutes, ~12 MB of values before compression. */
export const ROWS_PER_GROUP = 131_072;

const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 3 + SERIES_FIELDS.length },
  { name: 'alternative', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'minute', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 't_seconds', type: 'INT32', repetition_type: 'REQUIRED' },
  ...SERIES_FIELDS.map((f): SchemaElement => ({ name: SERIES_COLUMNS[f], type: isFloat64Field(f) ? 'DOUBLE' : 'FLOAT', repetition_type: 'REQUIRED' })),
];

/** The bytes written since the last call, copied (the writer reuses its buffer). */
function take(writer: ByteWriter): Uint8Array {
  const bytes = new Uint8Array(writer.getBuffer());
  writer.index = 0;
  return bytes;
}

/**
 * timeseries.parquet in chunks of bytes, one per row group plus the footer. Float columns are
 * BYTE_STREAM_SPLIT (their bytes grouped by significance, which compresses: ~55 MiB for a year
 * of four alternatives, against 72 MiB plain) and carry no min/max statistics (computing them
 * took half the write time, and nobody filters row groups on a latency); minutes and seconds are
 * DELTA_BINARY_PACKED; everything is Snappy-compressed. One page per column chunk.
 */
export function* timeseriesParquetChunks(result: ComparisonResult): Generator<Uint8Array> {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: SCHEMA,
    createdBy: `capsim ${result.capsimVersion}`,
    kvMetadata: [
      { key: 'capsim.scenario', value: result.scenario.name },
      { key: 'capsim.seed', value: String(result.scenario.seed) },
    ],
  });
  for (const alt of result.alternatives) {
    const s = alt.series;
    for (let start = 0; start < s.minutes; start += ROWS_PER_GROUP) {
      const rows = Math.min(ROWS_PER_GROUP, s.minutes - start);
      const minute = new Int32Array(rows);
      const seconds = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        minute[i] = start + i;
        seconds[i] = minuteSeconds(start + i);
      }
      const columnData: ColumnSource[] = [
        { name: 'alternative', data: new Array<string>(rows).fill(alt.name) },
        { name: 'minute', data: minute, encoding: 'DELTA_BINARY_PACKED' },
        { name: 't_seconds', data: seconds, encoding: 'DELTA_BINARY_PACKED' },
        ...SERIES_FIELDS.map((f): ColumnSource => ({ name: SERIES_COLUMNS[f], data: s[f].subarray(start, start + rows), encoding: 'BYTE_STREAM_SPLIT', statistics: false })),
      ];
      void parquet.write({ columnData, rowGroupSize: rows, pageSize: 0 });
      yield take(writer);
    }
  }
  void parquet.finish();
  yield take(writer);
}
