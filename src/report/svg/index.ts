// Every static chart of a result, as SVG documents for charts/ beside report.md.

import type { ComparisonResult } from '../../domain/result.js';
import { resultHolds } from '../columns.js';
import { breakdownChart, wasteChart } from './bar-charts.js';
import { chartInput, type ChartInput, type SvgChart } from './primitives.js';
import { scatterChart } from './scatter.js';
import { tasksChart } from './tasks.js';
import { costChart, latencyChart, loadChart } from './time-charts.js';

export type { SvgChart } from './primitives.js';

export const CHARTS_DIR = 'charts';

/** The charts, keyed by file name, in the order report.md shows them. */
export const SVG_CHARTS: Record<string, (input: ChartInput) => SvgChart> = {
  'scatter.svg': scatterChart,
  'breakdown.svg': breakdownChart,
  'load.svg': loadChart,
  'latency.svg': latencyChart,
  'tasks.svg': tasksChart,
  'cost.svg': costChart,
  'waste.svg': wasteChart,
};

/** Charts about requests; a result without a service (batch jobs only) has nothing to draw in them. */
const SERVICE_CHARTS = new Set(['load.svg', 'latency.svg']);

/** The chart files this result gets, in report.md's order. */
export function svgChartFiles(result: ComparisonResult): string[] {
  const service = resultHolds(result).service;
  return Object.keys(SVG_CHARTS).filter((file) => service || !SERVICE_CHARTS.has(file));
}

export function renderSvgCharts(result: ComparisonResult, opts: { maxPoints?: number } = {}): SvgChart[] {
  const input = chartInput(result, opts.maxPoints);
  return svgChartFiles(result).map((file) => SVG_CHARTS[file](input));
}
