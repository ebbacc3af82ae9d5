// Cost against SLO misses, one mark per alternative: the trade-off in one picture. Down and to
// the left is better; a filled circle meets the SLO, a cross does not; the recommended
// alternative is ringed.

import { scaleLinear } from 'd3';
import { judgedSloMet } from '../../domain/result.js';
import { jobsOnly, servesRequests } from '../columns.js';
import { jobsScatterPoint, monthlyCost, sloScatterAxis, type Figure } from '../chart-choices.js';
import { formatCount, formatNumber, formatShare, formatShareExact, formatUsdRate, formatUsdSmall } from '../format.js';
import { legend, xAxis, yAxis, type Frame } from './axes.js';
import { THEME, WIDTH, escapeXml, px, svgDocument, text, type ChartInput, type SvgChart } from './primitives.js';
import { placeLabels } from './labels.js';

export function scatterChart(input: ChartInput): SvgChart {
  return jobsOnly(input.result) ? jobsScatterChart(input) : sloScatterChart(input);
}

function sloScatterChart(input: ChartInput): SvgChart {
  const { result } = input;
  const axis = sloScatterAxis(result);
  const latency = axis.metric === 'latencyP95';
  const allowed = (input.ranked[0]?.slo.maxMinutesOverShare ?? NaN) * 100;
  // The dashed reference: the SLO's allowance of minutes over, or the latency target.
  const reference = latency ? result.scenario.sloLatencyP95Ms : allowed;
  const referenceLabel = latency ? `SLO target: p95 ≤ ${formatCount(reference)} ms` : `SLO allowance: ${formatShareExact(allowed / 100)} of minutes over`;
  const plotted = input.ranked.filter(servesRequests);
  const withCi = plotted.some((a) => monthlyCost(a).ci95 !== null);
  const leg = legend(
    [
      { label: 'meets the SLO', color: THEME.muted, swatch: 'dot' },
      { label: 'misses the SLO', color: THEME.muted, swatch: 'cross' },
      ...(Number.isFinite(reference) ? [{ label: referenceLabel, color: THEME.bad, swatch: 'dash' as const }] : []),
      ...(withCi ? [{ label: '95% CI over the replications', color: THEME.muted, swatch: 'line' as const }] : []),
    ],
    72,
    62,
    WIDTH - 96,
  );
  const top = 62 + leg.height + 12;
  const height = 420;
  const frame: Frame = { left: 72, top, width: WIDTH - 72 - 180, height: height - top - 56 };
  const xs = plotted.map((a) => monthlyCost(a));
  const ys = plotted.map((a) => axis.value(a));
  const costs = xs.map((f) => f.value + (f.ci95 ?? 0));
  const heights = ys.map((f) => f.value + (f.ci95 ?? 0));
  if (Number.isFinite(reference)) heights.push(reference);
  const x = scaleLinear().domain([0, Math.max(...costs, 0.01) * 1.1]).range([frame.left, frame.left + frame.width]).nice();
  const y = scaleLinear().domain([0, Math.max(...heights, 0.1) * 1.15]).range([frame.top + frame.height - 14, frame.top]).nice();
  const body = [
    leg.svg,
    yAxis(y, frame, { label: axis.label, format: latency ? (v) => formatCount(v) : (v) => `${v}%` }),
    xAxis(x, frame, { label: 'cost (USD per month)', ticks: 8, format: (v) => `$${formatCount(v)}`, grid: true }),
  ];
  if (Number.isFinite(reference)) {
    body.push(
      `<line class="reference" x1="${px(frame.left)}" x2="${px(frame.left + frame.width)}" y1="${px(y(reference))}" y2="${px(y(reference))}" stroke="${THEME.bad}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
  }
  const labelOf = (name: string) => (name === result.recommended ? `${name} (recommended)` : name);
  const placed = placeLabels(
    plotted.map((a, i) => ({ x: x(xs[i].value), y: y(ys[i].value), text: labelOf(a.name) })),
    { x0: frame.left + 4, y0: frame.top, x1: WIDTH - 8, y1: frame.top + frame.height - 2 },
  );
  plotted.forEach((alt, i) => {
    const cx = x(xs[i].value);
    const cy = y(ys[i].value);
    const spot = placed[i];
    const color = input.color(alt.name);
    const name = escapeXml(alt.name);
    const yText = latency ? `p95 latency ${formatCount(ys[i].value)} ms` : `${formatShare(ys[i].value / 100)} of minutes over SLO`;
    const tip = escapeXml(`${alt.name}: ${formatUsdRate(xs[i].value)}/month, ${yText}`);
    body.push(`<g class="mark" data-alt="${name}">`);
    body.push(...ciBars(x, y, xs[i], ys[i], color));
    if (alt.name === result.recommended) {
      body.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="13" fill="none" stroke="${THEME.good}" stroke-width="2"/>`);
    }
    body.push(
      judgedSloMet(alt)
        ? `<circle class="point" data-alt="${name}" cx="${px(cx)}" cy="${px(cy)}" r="7" fill="${color}"><title>${tip}</title></circle>`
        : `<path class="point" data-alt="${name}" d="M${px(cx - 6)},${px(cy - 6)}l12,12m0,-12l-12,12" stroke="${color}" stroke-width="3.5"><title>${tip}</title></path>`,
    );
    if (Math.abs(spot.y - cy) > 3) {
      const sx = spot.anchor === 'start' ? spot.x - 2 : spot.x + 2;
      body.push(`<line x1="${px(cx)}" y1="${px(cy)}" x2="${px(sx)}" y2="${px(spot.y)}" stroke="${color}" stroke-width="0.8"/>`);
    }
    body.push(text(spot.x, spot.y, labelOf(alt.name), { anchor: spot.anchor, baseline: 'middle', weight: 'bold', fill: color, halo: true }), '</g>');
  });
  const title = latency ? 'Cost vs p95 latency' : 'Cost vs SLO';
  return { file: 'scatter.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle: axis.subtitle, body }) };
}

/** Confidence intervals of a mark: a horizontal bar for the x figure, a vertical one for the y figure (none without replications). */
function ciBars(x: (v: number) => number, y: (v: number) => number, fx: Figure, fy: Figure, color: string): string[] {
  const cx = x(fx.value);
  const cy = y(fy.value);
  const out: string[] = [];
  const xCi = fx.ci95;
  const yCi = fy.ci95;
  if (xCi !== null && xCi > 0) out.push(`<path class="ci" d="M${px(x(fx.value - xCi))},${px(cy)}H${px(x(fx.value + xCi))}M${px(x(fx.value - xCi))},${px(cy - 4)}v8M${px(x(fx.value + xCi))},${px(cy - 4)}v8" stroke="${color}" stroke-width="1.5" fill="none"/>`);
  if (yCi !== null && yCi > 0) out.push(`<path class="ci" d="M${px(cx)},${px(y(Math.max(0, fy.value - yCi)))}V${px(y(fy.value + yCi))}M${px(cx - 4)},${px(y(Math.max(0, fy.value - yCi)))}h8M${px(cx - 4)},${px(y(fy.value + yCi))}h8" stroke="${color}" stroke-width="1.5" fill="none"/>`);
  return out;
}

/**
 * Batch jobs without a service have no latency SLO: cost per completed job against the p95 wait
 * for a task (what too little capacity costs the jobs). Down and to the left is better.
 */
function jobsScatterChart(input: ChartInput): SvgChart {
  const { result } = input;
  // Cost per job as the table shows it and the p95 wait: the means over replications when there are some.
  const plotted = input.ranked.flatMap((alt) => {
    const point = jobsScatterPoint(alt);
    return point ? [{ alt, ...point }] : [];
  });
  const withCi = plotted.some((p) => p.x.ci95 !== null || p.y.ci95 !== null);
  const leg = legend(
    [
      { label: 'one alternative (colours as in the table)', color: THEME.muted, swatch: 'dot' },
      { label: 'recommended (ringed)', color: THEME.good, swatch: 'dot' },
      ...(withCi ? [{ label: '95% CI over the replications', color: THEME.muted, swatch: 'line' as const }] : []),
    ],
    72,
    62,
    WIDTH - 96,
  );
  const top = 62 + leg.height + 12;
  const height = 420;
  const frame: Frame = { left: 72, top, width: WIDTH - 72 - 180, height: height - top - 56 };
  const reach = (f: Figure) => f.value + (f.ci95 ?? 0);
  const x = scaleLinear().domain([0, Math.max(...plotted.map((p) => reach(p.x)), 1e-6) * 1.1]).range([frame.left, frame.left + frame.width]).nice();
  const y = scaleLinear().domain([0, Math.max(...plotted.map((p) => reach(p.y)), 1) * 1.15]).range([frame.top + frame.height - 14, frame.top]).nice();
  const body = [
    leg.svg,
    yAxis(y, frame, { label: 'p95 wait for a task (s)' }),
    xAxis(x, frame, { label: 'cost per completed job (USD)', ticks: 8, format: (v) => (v === 0 ? '$0' : `$${Number(v.toPrecision(6))}`), grid: true }),
  ];
  const labelOf = (name: string) => (name === result.recommended ? `${name} (recommended)` : name);
  const placed = placeLabels(
    plotted.map((p) => ({ x: x(p.x.value), y: y(p.y.value), text: labelOf(p.alt.name) })),
    { x0: frame.left + 4, y0: frame.top, x1: WIDTH - 8, y1: frame.top + frame.height - 2 },
  );
  plotted.forEach(({ alt, x: perJob, y: wait }, i) => {
    const cx = x(perJob.value);
    const cy = y(wait.value);
    const spot = placed[i];
    const color = input.color(alt.name);
    const name = escapeXml(alt.name);
    const tip = escapeXml(`${alt.name}: ${formatUsdSmall(perJob.value)} per job, p95 wait ${formatNumber(wait.value, 1)} s`);
    body.push(`<g class="mark" data-alt="${name}">`, ...ciBars(x, y, perJob, wait, color));
    if (alt.name === result.recommended) body.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="13" fill="none" stroke="${THEME.good}" stroke-width="2"/>`);
    body.push(`<circle class="point" data-alt="${name}" cx="${px(cx)}" cy="${px(cy)}" r="7" fill="${color}"><title>${tip}</title></circle>`);
    if (Math.abs(spot.y - cy) > 3) {
      const sx = spot.anchor === 'start' ? spot.x - 2 : spot.x + 2;
      body.push(`<line x1="${px(cx)}" y1="${px(cy)}" x2="${px(sx)}" y2="${px(spot.y)}" stroke="${color}" stroke-width="0.8"/>`);
    }
    body.push(text(spot.x, spot.y, labelOf(alt.name), { anchor: spot.anchor, baseline: 'middle', weight: 'bold', fill: color, halo: true }), '</g>');
  });
  const title = 'Cost per job vs wait';
  const subtitle = 'Cost per completed job against the p95 wait for a task; lower and further left is better.';
  return { file: 'scatter.svg', title, svg: svgDocument({ width: WIDTH, height, title, subtitle, body }) };
}
