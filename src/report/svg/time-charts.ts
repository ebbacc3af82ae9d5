// The time charts that overlay every alternative on one axis: offered load vs serving
// capacity, cumulative cost, and p95 latency against the SLO.

import { max } from 'd3';
import { formatCount, formatUsd } from '../format.js';
import type { LegendItem } from './axes.js';
import { THEME, text, type ChartInput, type SvgChart } from './primitives.js';
import { referenceLine, spreadLabels, timeChart, type TimeLayer } from './timechart.js';

function bucketNote(input: ChartInput): string {
  const minutes = input.display.values().next().value?.bucketMinutes ?? 1;
  return minutes > 1 ? `each point is ${minutes} minutes` : 'one point per minute';
}

/** Draw order: last drawn is on top, so the best-ranked alternative goes last. */
function onTopFirst(input: ChartInput) {
  return [...input.ranked].reverse();
}

export function loadChart(input: ChartInput): SvgChart {
  const first = input.ranked[0];
  const demand = first ? input.display.get(first.name)! : undefined;
  const layers: TimeLayer[] = [];
  if (demand) {
    layers.push({ kind: 'band', color: THEME.offeredBand, t: demand.t, y: demand.offeredRpsMax, y0: demand.offeredRps, opacity: 0.9 });
    layers.push({ kind: 'area', color: THEME.offeredBand, t: demand.t, y: demand.offeredRps, opacity: 0.45 });
    layers.push({ kind: 'line', color: THEME.offered, t: demand.t, y: demand.offeredRps, width: 1.2 });
  }
  for (const alt of onTopFirst(input)) {
    const d = input.display.get(alt.name)!;
    layers.push({ kind: 'line', alt: alt.name, color: input.color(alt.name), t: d.t, y: d.servingCapacityRps, step: true, width: 1.6 });
  }
  const items: LegendItem[] = [
    { label: 'offered load (mean)', color: THEME.offered, swatch: 'line' },
    { label: 'busiest minute', color: THEME.offeredBand, swatch: 'rect' },
    ...input.ranked.map((a) => ({ label: `${a.name} capacity`, color: input.color(a.name), swatch: 'line' as const })),
  ];
  return timeChart({
    file: 'load.svg',
    title: 'Offered load vs serving capacity',
    subtitle: `Requests per second offered (grey; the same demand for every alternative) and each alternative's serving capacity; ${bucketNote(input)}.`,
    yLabel: 'requests per second (rps)',
    horizonSeconds: input.result.scenario.horizonSeconds,
    layers,
    legend: items,
  });
}

export function costChart(input: ChartInput): SvgChart {
  const layers: TimeLayer[] = onTopFirst(input).map((alt) => {
    const d = input.display.get(alt.name)!;
    return { kind: 'line', alt: alt.name, color: input.color(alt.name), t: d.t, y: d.cumulativeUsd, width: 2 };
  });
  return timeChart({
    file: 'cost.svg',
    title: 'Cumulative cost',
    subtitle: 'Cost accrued since the start; the label at the end of each line is the exact billed total.',
    yLabel: 'cumulative cost (USD)',
    yFormat: (v) => `$${formatCount(v)}`,
    horizonSeconds: input.result.scenario.horizonSeconds,
    layers,
    legend: input.ranked.map((a) => ({ label: a.name, color: input.color(a.name), swatch: 'line' })),
    rightMargin: 210,
    overlay: (x, y, frame) => {
      const end = x.range()[1];
      const ys = spreadLabels(input.ranked.map((a) => y(a.series.cumulativeUsd.at(-1) ?? a.cost.totalUsd)), 15, frame.top, frame.top + frame.height);
      return input.ranked.map((a, i) =>
        text(end + 8, ys[i], `${formatUsd(a.cost.totalUsd)} ${a.name}`, { baseline: 'middle', fill: input.color(a.name), weight: 'bold', size: 11 }),
      );
    },
  });
}

export function latencyChart(input: ChartInput): SvgChart {
  const slo = input.result.scenario.sloLatencyP95Ms;
  const peak = max(input.ranked, (a) => max(input.display.get(a.name)!.latencyP95Ms)) ?? slo;
  // Up to 4× the target: enough to see how far over a miss is without flattening the rest.
  const yMax = Math.min(Math.max(peak * 1.05, slo * 1.5), slo * 4);
  const clipped = peak > yMax;
  const layers: TimeLayer[] = onTopFirst(input).map((alt) => {
    const d = input.display.get(alt.name)!;
    return { kind: 'line', alt: alt.name, color: input.color(alt.name), t: d.t, y: d.latencyP95Ms, width: 1.4 };
  });
  return timeChart({
    file: 'latency.svg',
    title: 'p95 latency vs SLO',
    subtitle: `Worst p95 latency in each point (${bucketNote(input)})${clipped ? `; values above ${formatCount(yMax)} ms are drawn at the top edge` : ''}.`,
    yLabel: 'p95 latency (ms)',
    horizonSeconds: input.result.scenario.horizonSeconds,
    layers,
    yMax,
    legend: [
      ...input.ranked.map((a) => ({ label: a.name, color: input.color(a.name), swatch: 'line' as const })),
      { label: `SLO target ${formatCount(slo)} ms`, color: THEME.bad, swatch: 'dash' },
    ],
    overlay: (_x, y, frame) => [referenceLine(y(slo), frame, `SLO ${formatCount(slo)} ms`)],
  });
}
