// The time charts: offered load vs serving capacity and p95 latency against the SLO as small
// multiples (one panel per alternative), cumulative cost with every alternative on one axis.

import { max } from 'd3';
import { formatCount, formatShare, formatUsd } from '../format.js';
import type { LegendItem } from './axes.js';
import { THEME, WIDTH, text, type ChartInput, type SvgChart } from './primitives.js';
import { panelChart, referenceLine, spreadLabels, timeChart, type Panel, type TimeLayer } from './timechart.js';

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
  const demandLayers: TimeLayer[] = demand
    ? [
        { kind: 'band', color: THEME.offeredBand, t: demand.t, y: demand.offeredRpsMax, y0: demand.offeredRps, opacity: 0.9 },
        { kind: 'area', color: THEME.offeredBand, t: demand.t, y: demand.offeredRps, opacity: 0.45 },
        { kind: 'line', color: THEME.offered, t: demand.t, y: demand.offeredRps, width: 1.2 },
      ]
    : [];
  // One panel per alternative: capacities that agree most of the time would hide each other in one plot.
  const panels: Panel[] = input.ranked.map((alt) => {
    const d = input.display.get(alt.name)!;
    const dropped = alt.requests.dropped;
    return {
      alt: alt.name,
      label: `${alt.name} · ${dropped > 0 ? `dropped ${formatCount(dropped)} requests (${formatShare(alt.slo.droppedShare)})` : 'dropped none'}`,
      color: input.color(alt.name),
      layers: [...demandLayers, { kind: 'line', alt: alt.name, color: input.color(alt.name), t: d.t, y: d.servingCapacityRps, step: true, width: 1.6 }],
    };
  });
  const items: LegendItem[] = [
    { label: 'offered load (mean)', color: THEME.offered, swatch: 'line' },
    { label: 'busiest minute', color: THEME.offeredBand, swatch: 'rect' },
    { label: 'serving capacity (the panel’s colour)', color: THEME.muted, swatch: 'line' },
  ];
  return panelChart({
    file: 'load.svg',
    title: 'Offered load vs serving capacity',
    subtitle: `One panel per alternative: the same demand (grey) against its serving capacity; ${bucketNote(input)}.`,
    yLabel: 'requests per second (rps)',
    horizonSeconds: input.result.scenario.horizonSeconds,
    panels,
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
        text(end + 8, ys[i], `${formatUsd(a.cost.totalUsd)} ${a.name}`, { baseline: 'middle', fill: input.color(a.name), weight: 'bold', size: 11, maxWidth: WIDTH - end - 16 }),
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
  const panels: Panel[] = input.ranked.map((alt) => {
    const d = input.display.get(alt.name)!;
    return {
      alt: alt.name,
      label: `${alt.name} · p95 over the run ${formatCount(alt.slo.latencyP95Ms)} ms · over target in ${formatShare(alt.slo.minutesOverShare)} of minutes`,
      color: input.color(alt.name),
      layers: [{ kind: 'line', alt: alt.name, color: input.color(alt.name), t: d.t, y: d.latencyP95Ms.map((v) => Math.min(v, yMax)), width: 1.4 }],
      overlay: (_x, y, frame) => [referenceLine(y(slo), frame, `SLO ${formatCount(slo)} ms`)],
    };
  });
  return panelChart({
    file: 'latency.svg',
    title: 'p95 latency vs SLO',
    subtitle: `One panel per alternative: worst p95 latency in each point (${bucketNote(input)})${clipped ? `; above ${formatCount(yMax)} ms drawn at the top` : ''}.`,
    yLabel: 'p95 latency (ms)',
    horizonSeconds: input.result.scenario.horizonSeconds,
    panels,
    yMax,
    legend: [
      { label: 'p95 latency (the panel’s colour)', color: THEME.muted, swatch: 'line' as const },
      { label: `SLO target ${formatCount(slo)} ms`, color: THEME.bad, swatch: 'dash' },
    ],
  });
}
