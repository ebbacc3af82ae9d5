// Tasks over time as small multiples, one panel per alternative (overlaying four alternatives
// × four series would be unreadable): running as an area, desired dashed, starting/draining,
// pending, and instances when the alternative has any. Panels share the time and count axes.

import { max, scaleLinear } from 'd3';
import { legend, timeUnit, xAxis, yAxis, type Frame } from './axes.js';
import { formatCount } from '../format.js';
import { THEME, WIDTH, escapeXml, px, svgDocument, text, type ChartInput, type SvgChart } from './primitives.js';
import { MARGIN, layerPath, type TimeLayer } from './timechart.js';

export const TASK_SERIES = {
  running: { label: 'running', color: '#4e79a7' },
  desired: { label: 'desired', color: '#1f2328' },
  starting: { label: 'starting / draining', color: '#8250df' },
  pending: { label: 'pending (unplaced)', color: '#cf222e' },
  instances: { label: 'EC2 instances', color: '#6e7781' },
  interruption: { label: 'Spot interruption', color: THEME.bad },
} as const;

export function tasksChart(input: ChartInput): SvgChart {
  const unit = timeUnit(input.result.scenario.horizonSeconds);
  const panelHeight = 120;
  const gap = 26;
  const leg = legend(
    [
      { label: TASK_SERIES.running.label, color: TASK_SERIES.running.color, swatch: 'area' },
      { label: TASK_SERIES.desired.label, color: TASK_SERIES.desired.color, swatch: 'dash' },
      { label: TASK_SERIES.starting.label, color: TASK_SERIES.starting.color, swatch: 'line' },
      { label: TASK_SERIES.pending.label, color: TASK_SERIES.pending.color, swatch: 'line' },
      { label: TASK_SERIES.instances.label, color: TASK_SERIES.instances.color, swatch: 'line' },
      ...(input.ranked.some((a) => (a.eventCounts.interruption ?? 0) > 0)
        ? [{ label: TASK_SERIES.interruption.label, color: TASK_SERIES.interruption.color, swatch: 'cross' as const }]
        : []),
    ],
    MARGIN.left,
    62,
    WIDTH - MARGIN.left - MARGIN.right,
  );
  // Room above the first panel for its interruption crosses.
  const top = 62 + leg.height + 14;
  const n = Math.max(1, input.ranked.length);
  const height = top + n * (panelHeight + gap) + MARGIN.bottom - gap;
  // Instances get their own axis on the right of each panel: an instance holds several tasks, so
  // on the tasks axis a line of 3 instances would read as 3 tasks.
  const instancesMax = max(input.ranked, (a) => max(input.display.get(a.name)!.instances) ?? 0) ?? 0;
  const rightAxis = instancesMax > 0 ? 48 : 0;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right - rightAxis;
  const x = scaleLinear().domain([0, input.result.scenario.horizonSeconds / unit.divisor]).range([MARGIN.left, MARGIN.left + plotWidth]);
  const yMax =
    max(input.ranked, (a) => {
      const d = input.display.get(a.name)!;
      return Math.max(max(d.runningTasks) ?? 0, max(d.desiredTasks) ?? 0, max(d.pendingTasks) ?? 0);
    }) ?? 1;
  const body = [leg.svg];
  input.ranked.forEach((alt, i) => {
    const d = input.display.get(alt.name)!;
    const frame: Frame = { left: MARGIN.left, top: top + i * (panelHeight + gap), width: plotWidth, height: panelHeight };
    const y = scaleLinear().domain([0, Math.max(1, yMax) * 1.05]).range([frame.top + frame.height, frame.top]).nice();
    const color = input.color(alt.name);
    const layers: TimeLayer[] = [
      { kind: 'area', alt: alt.name, color, t: d.t, y: d.runningTasks, step: true, opacity: 0.45 },
      { kind: 'line', alt: alt.name, color, t: d.t, y: d.runningTasks, step: true, width: 1.2 },
      { kind: 'line', alt: alt.name, color: TASK_SERIES.desired.color, t: d.t, y: d.desiredTasks, step: true, dash: true, width: 1 },
      { kind: 'line', alt: alt.name, color: TASK_SERIES.starting.color, t: d.t, y: d.startingTasks, step: true, width: 1 },
    ];
    if ((max(d.pendingTasks) ?? 0) > 0) layers.push({ kind: 'line', alt: alt.name, color: TASK_SERIES.pending.color, t: d.t, y: d.pendingTasks, step: true, width: 1.2 });
    const y2 = scaleLinear().domain([0, Math.max(1, instancesMax) * 1.05]).range([frame.top + frame.height, frame.top]).nice();
    const instanceLine: TimeLayer | null =
      (max(d.instances) ?? 0) > 0 ? { kind: 'line', alt: alt.name, color: TASK_SERIES.instances.color, t: d.t, y: d.instances, step: true, width: 1.6, dash: false } : null;
    const interruptions = alt.eventCounts.interruption ?? 0;
    body.push(
      `<g class="panel" data-alt="${escapeXml(alt.name)}">`,
      yAxis(y, frame, { label: 'tasks', ticks: 3 }),
      rightAxis > 0 ? instancesAxis(y2, frame) : '',
      i === n - 1 ? xAxis(x, frame, { label: unit.label, ticks: 14 }) : bareXAxis(frame),
      ...layers.map((l) => layerPath(l, x, y, unit.divisor)),
      instanceLine ? `<g class="instances">${layerPath(instanceLine, x, y2, unit.divisor)}</g>` : '',
      interruptionMarks(alt.events.filter((e) => e.kind === 'interruption').map((e) => x(e.t / unit.divisor)), frame),
      text(
        frame.left + 8,
        frame.top + 4,
        `${alt.name} · avg ${alt.usage.avgTasks.toFixed(1)} tasks, max ${alt.usage.maxTasks}` +
          (interruptions > 0 ? ` · ${formatCount(interruptions)} Spot interruption${interruptions === 1 ? '' : 's'}` : ''),
        {
          weight: 'bold',
          fill: color,
          baseline: 'hanging',
          halo: true,
          maxWidth: plotWidth - 16,
        },
      ),
      '</g>',
    );
  });
  const title = 'Tasks over time';
  const subtitle = 'Tasks by state per alternative (pending: worst minute); EC2 instances on the right axis; red crosses: Spot interruptions.';
  return { file: 'tasks.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}

/** Each interruption: a faint red rule through the panel and a red cross just above it. */
function interruptionMarks(xs: number[], frame: Frame): string {
  if (xs.length === 0) return '';
  const c = TASK_SERIES.interruption.color;
  const top = frame.top;
  const bottom = frame.top + frame.height;
  const rules = xs.map((x) => `M${px(x)},${px(top)}V${px(bottom)}`).join('');
  const crosses = xs.map((x) => `M${px(x - 3.5)},${px(top - 9.5)}l7,7m0,-7l-7,7`).join('');
  return `<g class="interruptions"><path d="${rules}" stroke="${c}" stroke-width="1" opacity="0.45"/><path class="interruption" d="${crosses}" stroke="${c}" stroke-width="2"/></g>`;
}

function bareXAxis(frame: Frame): string {
  const y = frame.top + frame.height;
  return `<line x1="${frame.left}" x2="${frame.left + frame.width}" y1="${y}" y2="${y}" stroke="${THEME.axis}"/>`;
}

/** The instances axis on the right of a panel, in the instances' grey. */
function instancesAxis(y: ReturnType<typeof scaleLinear<number, number>>, frame: Frame): string {
  const x = frame.left + frame.width;
  const c = TASK_SERIES.instances.color;
  const parts = [`<g class="axis y-axis instances-axis"><line x1="${px(x)}" x2="${px(x)}" y1="${px(frame.top)}" y2="${px(frame.top + frame.height)}" stroke="${c}"/>`];
  for (const v of y.ticks(3)) parts.push(text(x + 6, y(v), formatCount(v), { baseline: 'middle', fill: c, size: 11 }));
  const cy = frame.top + frame.height / 2;
  parts.push(text(x + 36, cy, 'instances', { anchor: 'middle', rotate: 90, fill: c, size: 11 }), '</g>');
  return parts.join('');
}
