// The thread that writes timeseries.csv while the main thread simulates, on a run in one process
// (started and fed by `TimeseriesWriter`, timeseries-writer.ts, which must stay in this directory:
// it finds this file beside itself). It writes the header, then takes each
// alternative's packed series in order: sends back its chart points first (the charts wait for
// them), then appends its rows. It knows nothing of the scenario and simulates nothing. The file
// is opened and closed by the main thread, which hands over its descriptor.
//
// It keeps nothing of an alternative: the packed columns are the main thread's own, in shared
// memory, and are unpacked a window of minutes at a time into arrays made once (the thread holds
// a few MB, where an unpacked year of one alternative is ~60 MB).

import { parentPort, workerData } from 'node:worker_threads';
import { downsampleColumns } from '../domain/downsample.js';
import { columnWindow, seriesWindow } from '../domain/series-store.js';
import { SERIES_FIELDS, type SeriesField } from '../domain/series.js';
import { alternativeCsvChunks, chunkBuffer, timeseriesCsvHeader, writeWhole } from './csv.js';
import type { TimeseriesReply, TimeseriesRequest, TimeseriesThreadData } from './timeseries-writer.js';

/** Minutes unpacked at a time for the rows: 1.7 MB of arrays, ~16 chunks of rows for a year. */
const WINDOW_MINUTES = 16_384;

const port = parentPort!;
const { fd } = workerData as TimeseriesThreadData;
/** Every chunk of rows is written from this one buffer: written whole before the next is made. */
const buffer = chunkBuffer();
const window = Object.fromEntries(SERIES_FIELDS.map((f) => [f, new Float32Array(WINDOW_MINUTES)])) as Record<SeriesField, Float32Array>;
/** One column of a whole alternative, for its chart points (each column is read whole in turn). */
let column = new Float32Array(0);

writeWhole(fd, timeseriesCsvHeader());

port.on('message', (msg: TimeseriesRequest) => {
  if (msg.type === 'end') {
    port.postMessage({ type: 'done' } satisfies TimeseriesReply);
    port.close();
    return;
  }
  const { minutes, columns } = msg.series;
  if (column.length < minutes) column = new Float32Array(minutes);
  const display = downsampleColumns(minutes, (f) => columnWindow(columns[f], 0, minutes, column));
  port.postMessage({ type: 'display', alt: msg.alt, display } satisfies TimeseriesReply);
  for (let from = 0; from < minutes; from += WINDOW_MINUTES) {
    const series = seriesWindow(msg.series, from, Math.min(minutes, from + WINDOW_MINUTES), window);
    for (const chunk of alternativeCsvChunks({ name: msg.name, series }, buffer, from)) writeWhole(fd, chunk);
  }
  port.postMessage({ type: 'written', alt: msg.alt } satisfies TimeseriesReply);
});
