// Every static chart of a result, as SVG documents for charts/ beside report.md.

import type { ComparisonResult } from '../../run/result.js';
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

export function renderSvgCharts(result: ComparisonResult, opts: { maxPoints?: number } = {}): SvgChart[] {
  const input = chartInput(result, opts.maxPoints);
  return Object.values(SVG_CHARTS).map((chart) => chart(input));
}
