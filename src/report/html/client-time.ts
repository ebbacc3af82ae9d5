// report.html's script, part 2: the charts over time (load vs capacity and p95 latency vs SLO
// as one panel per alternative, tasks with event markers, cumulative cost). All follow the zoomed time range and hide
// unticked alternatives. No template literals inside: this file is itself one.

export const CLIENT_TIME = String.raw`
/**
 * Small multiples: one panel per visible alternative on shared time and value axes, so lines that
 * agree most of the time (capacities, p95 latencies) do not hide each other. draw(panel, a, x, y,
 * pf) draws one alternative's marks; hoverRows(a, sec) fills the tooltip.
 */
function panels(el, title, yLabel, yFormat, top, heading, draw, hoverRows) {
  const vis = visible();
  const panelPlot = 84, head = 22, gap = 12;
  const n = Math.max(1, vis.length);
  const height = M.top + n * (head + panelPlot + gap) - gap + M.bottom;
  const f = frame(el, height, M, title);
  const x = timeScale(f);
  vis.forEach((a, p) => {
    const p0 = M.top + p * (head + panelPlot + gap);
    const pt = p0 + head, pb = pt + panelPlot;
    const y = d3.scaleLinear().domain([0, top]).nice().range([pb, pt]);
    const panel = f.svg.append('g').attr('class', 'panel').attr('data-alt', a.name);
    const pf = Object.assign({}, f, { svg: panel, top: pt, bottom: pb });
    yAxis(pf, y, p === Math.floor((n - 1) / 2) ? yLabel : '', yFormat, 3);
    xTimeAxis(pf, x, pb, p === n - 1);
    fitLabel(panel.append('text').attr('class', 'panel-title').attr('x', f.left).attr('y', p0 + 14).style('fill', a.color).text(heading(a)), f.right - f.left);
    const g = panel.append('g').attr('clip-path', f.clip);
    draw(g, a, x, y, pf);
    hover(pf, x, pt, pb, (event, sec) => showTip(event, a.name + ' at ' + fmtTime(sec) + BUCKET_NOTE, hoverRows(a, sec)));
  });
  if (!vis.length) f.svg.append('text').attr('x', f.left).attr('y', f.top + 20).text('No alternative selected.');
}

function renderLoad() {
  const el = document.getElementById('chart-load');
  if (!el) return;
  const vis = visible();
  legend(el, [
    { label: 'offered load (mean)', color: 'var(--offered)' },
    { label: 'busiest minute', color: 'var(--band)', kind: 'box' },
    { label: 'serving capacity (the panel’s colour)', color: 'var(--muted)' },
  ]);
  const d = ALTS[0].series;
  const idx = span(d.t);
  const top = (Math.max(maxOf(d.offeredMax, idx), d3.max(vis, (a) => maxOf(a.series.capacity, span(a.series.t))) || 0) || 1) * 1.05;
  panels(el, 'Offered load vs serving capacity', 'requests per second (rps)', d3.format('~s'), top,
    (a) => a.name + ' · ' + (a.droppedShare > 0 ? 'dropped ' + fmtPct(a.droppedShare) + ' of requests' : 'dropped none'),
    (g, a, x, y, pf) => {
      g.append('path').attr('class', 'band').style('opacity', 0.45)
        .attr('d', d3.area().x((i) => x(d.t[i] / DIV)).y0(pf.bottom).y1((i) => y(d.offered[i]))(idx));
      g.append('path').attr('class', 'band')
        .attr('d', d3.area().x((i) => x(d.t[i] / DIV)).y0((i) => y(d.offered[i])).y1((i) => y(d.offeredMax[i]))(idx));
      g.append('path').attr('class', 'offered').style('stroke-width', 1.2).attr('d', linePath(x, y, d.t, d.offered, idx));
      const s = a.series;
      g.append('path').attr('class', 'series').attr('data-alt', a.name).attr('fill', 'none')
        .attr('stroke', a.color).attr('stroke-width', 1.7).attr('d', linePath(x, y, s.t, s.capacity, span(s.t), true));
    },
    (a, sec) => {
      const i = bucketAt(d.t, sec), s = a.series, j = bucketAt(s.t, sec);
      return [['offered (mean)', fmtInt(d.offered[i]) + ' rps', 'var(--offered)'], ['busiest minute', fmtInt(d.offeredMax[i]) + ' rps', 'var(--band)'],
        ['capacity', fmtInt(s.capacity[j]) + ' rps' + (s.dropped[j] > 0 ? ' · dropping up to ' + fmtInt(s.dropped[j]) + ' rps' : ''), a.color]];
    });
}

function renderLatency() {
  const el = document.getElementById('chart-latency');
  if (!el) return;
  const vis = visible();
  legend(el, [{ label: 'p95 latency (the panel’s colour)', color: 'var(--muted)' }, { label: 'SLO target ' + fmtInt(SLO) + ' ms', color: 'var(--bad)', kind: 'dash' }]);
  const peak = d3.max(vis, (a) => maxOf(a.series.p95, span(a.series.t))) || SLO;
  const cap = Math.min(Math.max(peak * 1.05, SLO * 1.5), SLO * 4);
  panels(el, 'p95 latency vs SLO', 'p95 latency (ms)', d3.format(',~r'), cap,
    (a) => a.name + ' · p95 over the run ' + fmtInt(a.latencyP95Ms) + ' ms · over target in ' + fmtPct(a.minutesOverShare) + ' of minutes',
    (g, a, x, y, pf) => {
      const s = a.series;
      g.append('path').attr('class', 'series').attr('data-alt', a.name).attr('fill', 'none')
        .attr('stroke', a.color).attr('stroke-width', 1.4).attr('d', linePath(x, y, s.t, s.p95, span(s.t), false, y.domain()[1]));
      pf.svg.append('line').attr('class', 'slo').attr('x1', pf.left).attr('x2', pf.right).attr('y1', y(SLO)).attr('y2', y(SLO));
      pf.svg.append('text').attr('class', 'slo-label halo').attr('x', pf.right - 4).attr('y', y(SLO) - 4).attr('text-anchor', 'end').text('SLO ' + fmtInt(SLO) + ' ms');
    },
    (a, sec) => { const s = a.series, j = bucketAt(s.t, sec); return [['worst p95', fmtInt(s.p95[j]) + ' ms' + (s.p95[j] > SLO ? ' ✗' : ''), a.color]]; });
}

// Lanes above each panel, top to bottom. Spot interruptions get the top lane to themselves, a
// larger mark and a red rule through the panel, so they never hide among scaling marks.
const EVENT_STYLE = {
  interruption: { label: 'Spot interruption', color: 'var(--bad)', symbol: d3.symbolCross, mark: '✚', lane: 0, size: 64 },
  scaling: { label: 'scaling action', color: 'var(--accent)', symbol: d3.symbolTriangle, mark: '▲', lane: 1 },
  deployment: { label: 'deployment', color: 'var(--text)', symbol: d3.symbolDiamond, mark: '◆', lane: 1 },
  'instance-launch': { label: 'instance launch', color: 'var(--good)', symbol: d3.symbolSquare, mark: '■', lane: 2 },
  'instance-terminate': { label: 'instance terminate', color: 'var(--instances)', symbol: d3.symbolSquare, mark: '■', lane: 2 },
  'placement-failed': { label: 'placement failed', color: 'var(--starting)', symbol: d3.symbolCircle, mark: '●', lane: 3 },
};
const TASK_SERIES = [
  { key: 'desired', label: 'desired', color: 'var(--desired)', dash: true },
  { key: 'starting', label: 'starting / draining', color: 'var(--starting)' },
  { key: 'pending', label: 'pending (unplaced)', color: 'var(--pending)' },
  { key: 'instances', label: 'EC2 instances', color: 'var(--instances)' },
];

function renderTasks() {
  const el = document.getElementById('chart-tasks');
  const vis = visible();
  const kinds = new Set();
  vis.forEach((a) => a.events.forEach((e) => kinds.add(e[1])));
  legend(el, [{ label: 'running', color: 'var(--offered)', kind: 'box' }]
    .concat(TASK_SERIES.map((s) => ({ label: s.label, color: s.color, kind: s.dash ? 'dash' : 'line' })))
    .concat(Object.keys(EVENT_STYLE).filter((k) => kinds.has(k)).map((k) => ({ label: EVENT_STYLE[k].label, color: EVENT_STYLE[k].color, kind: 'mark', mark: EVENT_STYLE[k].mark }))));
  const panelPlot = 96, head = 52, gap = 14;
  const n = Math.max(1, vis.length);
  const height = M.top + n * (head + panelPlot + gap) - gap + M.bottom;
  // EC2 instances get their own axis on the right: an instance holds several tasks.
  let instTop = 0;
  vis.forEach((a) => { instTop = Math.max(instTop, maxOf(a.series.instances, span(a.series.t))); });
  const f = frame(el, height, { top: M.top, right: instTop > 0 ? 64 : M.right, bottom: M.bottom, left: M.left }, 'Tasks over time');
  const x = timeScale(f);
  let top = 1;
  vis.forEach((a) => {
    const s = a.series, idx = span(s.t);
    top = Math.max(top, maxOf(s.running, idx), maxOf(s.desired, idx), maxOf(s.pending, idx), maxOf(s.starting, idx));
  });
  vis.forEach((a, p) => {
    const s = a.series, idx = span(s.t);
    const p0 = M.top + p * (head + panelPlot + gap);
    const pt = p0 + head, pb = pt + panelPlot;
    const y = d3.scaleLinear().domain([0, top * 1.05]).nice().range([pb, pt]);
    const y2 = d3.scaleLinear().domain([0, Math.max(1, instTop) * 1.05]).nice().range([pb, pt]);
    const panel = f.svg.append('g').attr('class', 'panel').attr('data-alt', a.name);
    const pf = Object.assign({}, f, { svg: panel, top: pt, bottom: pb });
    yAxis(pf, y, 'tasks', d3.format('~s'), 3);
    if (instTop > 0) {
      panel.append('g').attr('class', 'axis y-axis instances-axis').attr('transform', 'translate(' + f.right + ',0)')
        .call(d3.axisRight(y2).ticks(3).tickFormat(d3.format('~s')).tickSizeOuter(0)).style('color', 'var(--instances)');
      panel.append('text').attr('class', 'axis-label').attr('transform', 'rotate(90)').attr('x', (pt + pb) / 2).attr('y', -(f.right + 44))
        .attr('text-anchor', 'middle').style('fill', 'var(--instances)').text('instances');
    }
    xTimeAxis(pf, x, pb, p === n - 1);
    const title = panel.append('text').attr('class', 'panel-title').attr('x', f.left).attr('y', p0 + 12).style('fill', a.color)
      .text(a.name + ' · ' + a.platform + ' · avg ' + fmt1(a.avgTasks) + ' tasks, max ' + fmtInt(a.maxTasks) +
        (a.interruptions > 0 ? ' · ' + fmtInt(a.interruptions) + ' Spot interruption' + (a.interruptions === 1 ? '' : 's') : '') +
        (a.eventsTruncated ? ' · markers: ' + fmtInt(a.events.length) + ' of ' + fmtInt(a.eventsTotal) + ' events (all interruptions and deployments)' : ''));
    fitLabel(title, f.right - f.left);
    const g = panel.append('g').attr('clip-path', f.clip);
    g.append('path').attr('class', 'series').attr('data-alt', a.name).attr('fill', a.color).attr('fill-opacity', 0.35)
      .attr('stroke', a.color).attr('stroke-width', 1)
      .attr('d', d3.area().x((i) => x(s.t[i] / DIV)).y0(pb).y1((i) => y(s.running[i])).curve(d3.curveStepAfter)(idx));
    TASK_SERIES.forEach((ts) => {
      if (ts.key !== 'desired' && ts.key !== 'starting' && !(d3.max(s[ts.key]) > 0)) return;
      g.append('path').attr('class', 'line-' + ts.key).attr('data-alt', a.name).attr('fill', 'none').style('stroke', ts.color)
        .attr('stroke-width', ts.key === 'instances' ? 1.6 : 1.1).attr('stroke-dasharray', ts.dash ? '5 3' : null)
        .attr('d', linePath(x, ts.key === 'instances' ? y2 : y, s.t, s[ts.key], idx, true));
    });
    hover(pf, x, pt, pb, (event, sec) => {
      const j = bucketAt(s.t, sec);
      const rows = [['running', fmt1(s.running[j]), a.color]].concat(TASK_SERIES.filter((ts) => ts.key !== 'instances' || d3.max(s.instances) > 0)
        .map((ts) => [ts.label, fmt1(s[ts.key][j]), ts.color]));
      showTip(event, a.name + ' at ' + fmtTime(s.t[j]) + BUCKET_NOTE, rows);
    });
    // Event markers in lanes under the panel title; deployments also get a line through the plot.
    const dom = timeDomain();
    const shown = a.events.filter((e) => e[0] >= dom[0] && e[0] <= dom[1]);
    const marks = panel.append('g').attr('class', 'events');
    shown.filter((e) => e[1] === 'deployment').forEach((e) => {
      marks.append('line').attr('x1', x(e[0] / DIV)).attr('x2', x(e[0] / DIV)).attr('y1', pt).attr('y2', pb)
        .style('stroke', 'var(--text)').attr('stroke-dasharray', '2 3').attr('stroke-opacity', 0.6);
    });
    shown.filter((e) => e[1] === 'interruption').forEach((e) => {
      marks.append('line').attr('class', 'interruption-rule').attr('x1', x(e[0] / DIV)).attr('x2', x(e[0] / DIV)).attr('y1', p0 + 22).attr('y2', pb)
        .style('stroke', 'var(--bad)').attr('stroke-width', 1).attr('stroke-opacity', 0.55);
    });
    marks.selectAll('path').data(shown).join('path')
      .attr('class', 'event').attr('data-alt', a.name).attr('data-kind', (e) => e[1])
      .attr('transform', (e) => 'translate(' + x(e[0] / DIV) + ',' + (p0 + 22 + 8 * ((EVENT_STYLE[e[1]] || EVENT_STYLE.scaling).lane)) + ')')
      .attr('d', (e) => d3.symbol((EVENT_STYLE[e[1]] || EVENT_STYLE.scaling).symbol, (EVENT_STYLE[e[1]] || {}).size || 26)())
      .style('fill', (e) => (EVENT_STYLE[e[1]] || EVENT_STYLE.scaling).color)
      .call(tipOn, (e) => [a.name + ' · ' + e[1] + ' at ' + fmtTime(e[0]), [[e[2], '']]]);
  });
  if (!vis.length) f.svg.append('text').attr('x', f.left).attr('y', f.top + 20).text('No alternative selected.');
}

function renderCost() {
  const el = document.getElementById('chart-cost');
  const vis = visible();
  legend(el, vis.map((a) => ({ label: a.name, color: a.color })));
  const f = frame(el, 300, { top: M.top, right: 190, bottom: M.bottom, left: M.left }, 'Cumulative cost');
  const x = timeScale(f);
  const top = d3.max(vis, (a) => maxOf(a.series.cumUsd, span(a.series.t))) || 1;
  const y = d3.scaleLinear().domain([0, top * 1.05]).nice().range([f.bottom, f.top]);
  yAxis(f, y, 'cumulative cost (USD)', fmtUsd0);
  xTimeAxis(f, x, f.bottom, true);
  const g = f.svg.append('g').attr('clip-path', f.clip);
  vis.slice().reverse().forEach((a) => {
    const s = a.series;
    g.append('path').attr('class', 'series').attr('data-alt', a.name).attr('fill', 'none')
      .attr('stroke', a.color).attr('stroke-width', 2).attr('d', linePath(x, y, s.t, s.cumUsd, span(s.t)));
  });
  // End labels carry the exact billed total, not the approximate curve.
  const atEnd = timeDomain()[1] >= H - 1;
  const ys = spread(vis.map((a) => y(atEnd ? a.series.cumUsd[a.series.cumUsd.length - 1] : a.series.cumUsd[bucketAt(a.series.t, timeDomain()[1])])), 15, f.top, f.bottom);
  vis.forEach((a, i) => {
    f.svg.append('text').attr('class', 'value-label').attr('x', f.right + 8).attr('y', ys[i]).attr('dy', '0.35em').style('fill', a.color)
      .text(atEnd ? fmtUsd(a.totalUsd) + ' ' + a.name : a.name)
      .call((t) => fitLabel(t, f.width - f.right - 12));
  });
  hover(f, x, f.top, f.bottom, (event, sec) => {
    const rows = vis.map((a) => { const j = bucketAt(a.series.t, sec); return [a.name, '≈ ' + fmtUsd(a.series.cumUsd[j]), a.color]; });
    showTip(event, 'cost accrued by ' + fmtTime(sec), rows);
  });
}
`;
