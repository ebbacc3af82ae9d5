// The report library: every format is a pure function of a ComparisonResult.

export { renderTable, renderMarkdownTable, renderMarkdownSummary, renderMarkdownLineItems } from './table.js';
export {
  SUMMARY_COLUMNS,
  LINE_ITEM_COLUMNS,
  COMMITMENT_COLUMNS,
  summaryColumns,
  eventColumns,
  resultHolds,
  summaryRows,
  recommendationSentence,
  pairedText,
  type Column,
  type ResultHolds,
  type SummaryRow,
} from './columns.js';
export { timeseriesCsv, timeseriesCsvChunks, eventsCsv, SERIES_COLUMNS } from './csv.js';
export { parseTimeseriesCsv } from './csv-read.js';
export { costsCsv, costsCsvChunks, parseCostsCsv, COSTS_FILE } from './costs-csv.js';
export { timeseriesParquetChunks, PARQUET_FILE } from './parquet.js';
export { resultsJson, loadSavedResult, loadResultsJson, ReportLoadError, type SavedResult, RESULTS_FILE, TIMESERIES_FILE, EVENTS_FILE } from './json.js';
export { renderSvgCharts, svgChartFiles, SVG_CHARTS, CHARTS_DIR, type SvgChart } from './svg/index.js';
export { renderMarkdownReport } from './markdown.js';
export { renderHtml } from './html.js';
export { downsample, DEFAULT_MAX_POINTS, type DisplaySeries } from '../domain/downsample.js';
export { writeReports, checkOutDir, planReport, OutputDirError, WriteAborted, ALL_FORMATS, type ReportFormat, type ReportFile, type WriteOptions } from './write.js';
