// report.html's script, part 1: state (hidden alternatives, zoomed time range), formatting,
// tooltip, legends, chart frames and axes, the time-range brush and the alternative toggles.
// Plain browser JavaScript kept as a string (the page inlines it); it runs against the d3 global.
// No template literals inside: this file is itself one.

export const CLIENT_CORE = String.raw`
'use strict';
const DATA = JSON.parse(document.getElementById('capsim-data').textContent);
const ALTS = DATA.alternatives;
const H = DATA.scenario.horizonSeconds;
const SLO = DATA.scenario.sloLatencyP95Ms;
const DAYS = H >= 2 * 86400;
const DIV = DAYS ? 86400 : 3600;
const TIME_LABEL = DAYS ? 'time since start (days)' : 'time since start (hours)';
const BUCKET_NOTE = DATA.bucketMinutes > 1 ? ' (' + DATA.bucketMinutes + '-minute point)' : '';
const state = { hidden: new Set(), domain: null };
const M = { top: 10, right: 24, bottom: 44, left: 68 };
let uid = 0;

const fmtUsd = d3.format('$,.2f');
const fmtUsd0 = d3.format('$,.0f');
const fmtInt = d3.format(',.0f');
const fmt1 = d3.format(',.1f');
function fmtRate(v) { return v == null ? '—' : Math.abs(v) >= 1 || v === 0 ? fmtUsd(v) : '$' + v.toFixed(4); }
/** Like fmtRate, with three significant digits below a cent (costs per job). */
function fmtSmall(v) {
  if (v == null) return '—';
  const a = Math.abs(v);
  return a >= 0.01 || a === 0 ? fmtRate(v) : '$' + Number(a.toPrecision(3)).toFixed(Math.max(4, 2 - Math.floor(Math.log10(a))));
}
function fmtPct(share) {
  const p = share * 100;
  if (p === 0) return '0%';
  const a = Math.abs(p);
  const text = p.toFixed(a >= 10 ? 0 : a >= 1 ? 1 : a >= 0.1 ? 2 : 3);
  return (Number(text) === 0 ? '<0.001' : text) + '%';
}
function pad2(n) { return (n < 10 ? '0' : '') + n; }
function fmtTime(sec) {
  const d = Math.floor(sec / 86400), r = sec - d * 86400;
  return 'day ' + d + ', ' + pad2(Math.floor(r / 3600)) + ':' + pad2(Math.floor((r % 3600) / 60));
}

function visible() { return ALTS.filter((a) => !state.hidden.has(a.name)); }
function timeDomain() { return state.domain || [0, H]; }

// ---- tooltip -------------------------------------------------------------------------------
const tip = d3.select('body').append('div').attr('class', 'tooltip').attr('role', 'status');
function showTip(event, title, rows) {
  tip.selectAll('*').remove();
  tip.append('div').attr('class', 'tt-title').text(title);
  if (rows && rows.length) {
    const table = tip.append('table');
    rows.forEach((r) => {
      const tr = table.append('tr');
      const td = tr.append('td');
      if (r[2]) td.append('span').attr('class', 'swatch').style('background', r[2]);
      td.append('span').text(r[0]);
      tr.append('td').text(r[1]);
    });
  }
  const node = tip.node();
  const w = node.offsetWidth, h = node.offsetHeight;
  let x = event.clientX + 14, y = event.clientY + 14;
  if (x + w > window.innerWidth - 8) x = event.clientX - w - 14;
  if (y + h > window.innerHeight - 8) y = event.clientY - h - 14;
  tip.style('left', Math.max(4, x) + 'px').style('top', Math.max(4, y) + 'px').style('opacity', 1);
}
function hideTip() { tip.style('opacity', 0); }
function tipOn(sel, content) {
  sel.on('pointerenter pointermove', function (event, d) { const c = content.call(this, d); showTip(event, c[0], c[1]); })
     .on('pointerleave', hideTip);
}

// ---- legends, frames, axes -----------------------------------------------------------------
function legend(container, items) {
  const div = d3.select(container).select('.legend');
  div.selectAll('*').remove();
  items.forEach((it) => {
    const span = div.append('span');
    const key = span.append('span').attr('class', 'key ' + (it.kind || 'line'));
    if (it.kind === 'box') key.style('background', it.color);
    else if (it.kind === 'mark') key.style('color', it.color).text(it.mark);
    else key.style('border-top-color', it.color);
    span.append('span').text(it.label);
  });
}

function frame(container, height, margin, title) {
  const plot = d3.select(container).select('.plot');
  plot.selectAll('*').remove();
  const width = Math.max(360, Math.floor(plot.node().getBoundingClientRect().width));
  const svg = plot.append('svg').attr('width', width).attr('height', height)
    .attr('viewBox', '0 0 ' + width + ' ' + height).attr('role', 'img');
  svg.append('title').text(title);
  const clip = 'clip' + (++uid);
  svg.append('clipPath').attr('id', clip).append('rect')
    .attr('x', margin.left).attr('y', margin.top - 2)
    .attr('width', Math.max(0, width - margin.left - margin.right)).attr('height', Math.max(0, height - margin.top - margin.bottom + 4));
  return { svg, width, height, left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom, clip: 'url(#' + clip + ')' };
}

function timeScale(f) {
  const dom = timeDomain();
  return d3.scaleLinear().domain([dom[0] / DIV, dom[1] / DIV]).range([f.left, f.right]);
}
function timeTickFormat(x) {
  const span = (x.domain()[1] - x.domain()[0]) * DIV;
  if (!DAYS || span >= 3 * 86400) return d3.format('~g');
  return (v) => { const s = fmtTime(Math.round(v * DIV)); return s.replace('day ', 'd').replace(',', ''); };
}
/** Zoomed in to less than three days: ticks on round clock times (5 min … 12 h) instead of fractions of a day. */
const CLOCK_STEPS = [300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
function timeTicks(x, count) {
  const t0 = x.domain()[0] * DIV, t1 = x.domain()[1] * DIV;
  if (!DAYS || t1 - t0 >= 3 * 86400) return x.ticks(count);
  const step = CLOCK_STEPS.find((s) => (t1 - t0) / s <= count) || 86400;
  const out = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t / DIV);
  return out;
}
function xTimeAxis(f, x, bottom, withLabel) {
  const ticks = Math.max(2, Math.floor((f.right - f.left) / 70));
  f.svg.append('g').attr('class', 'axis x-axis').attr('transform', 'translate(0,' + bottom + ')')
    .call(d3.axisBottom(x).tickValues(timeTicks(x, ticks)).tickFormat(withLabel ? timeTickFormat(x) : '').tickSizeOuter(0));
  if (withLabel) {
    f.svg.append('text').attr('class', 'axis-label').attr('x', (f.left + f.right) / 2).attr('y', bottom + 34)
      .attr('text-anchor', 'middle').text(TIME_LABEL);
  }
}
function xValueAxis(f, x, label, format, ticks) {
  f.svg.append('g').attr('class', 'grid').attr('transform', 'translate(0,' + f.top + ')')
    .call(d3.axisBottom(x).ticks(ticks || 6).tickSize(f.bottom - f.top).tickFormat(''))
    .call((g) => g.select('.domain').remove());
  f.svg.append('g').attr('class', 'axis x-axis').attr('transform', 'translate(0,' + f.bottom + ')')
    .call(d3.axisBottom(x).ticks(ticks || 6).tickFormat(format || null).tickSizeOuter(0));
  f.svg.append('text').attr('class', 'axis-label').attr('x', (f.left + f.right) / 2).attr('y', f.bottom + 34)
    .attr('text-anchor', 'middle').text(label);
}
function yAxis(f, y, label, format, ticks, top, bottom) {
  const t = ticks || 5;
  f.svg.append('g').attr('class', 'grid').attr('transform', 'translate(' + f.left + ',0)')
    .call(d3.axisLeft(y).ticks(t).tickSize(-(f.right - f.left)).tickFormat(''))
    .call((g) => g.select('.domain').remove());
  f.svg.append('g').attr('class', 'axis y-axis').attr('transform', 'translate(' + f.left + ',0)')
    .call(d3.axisLeft(y).ticks(t).tickFormat(format || null).tickSizeOuter(0));
  const mid = ((top == null ? f.top : top) + (bottom == null ? f.bottom : bottom)) / 2;
  f.svg.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)')
    .attr('x', -mid).attr('y', f.left - 50).attr('text-anchor', 'middle').text(label);
}

/**
 * Keeps an SVG text inside maxWidth pixels: measured, cut with an ellipsis when longer, and the
 * whole text kept as its <title> (the browser's tooltip). Returns the selection.
 */
function fitLabel(sel, maxWidth) {
  const node = sel.node();
  if (!node || maxWidth <= 0) return sel;
  const full = node.textContent;
  if (node.getComputedTextLength() <= maxWidth) return sel;
  let lo = 0, hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    node.textContent = full.slice(0, mid).trimEnd() + '…';
    if (node.getComputedTextLength() <= maxWidth) lo = mid; else hi = mid - 1;
  }
  node.textContent = full.slice(0, lo).trimEnd() + '…';
  sel.classed('cut', true).append('title').text(full);
  return sel;
}

// ---- series helpers ------------------------------------------------------------------------
/** Index range [lo, hi) of the points that can show in the current time domain. */
function span(t) {
  const dom = timeDomain();
  const lo = Math.max(0, d3.bisectRight(t, dom[0]) - 1);
  const hi = Math.min(t.length, d3.bisectLeft(t, dom[1]) + 1);
  return d3.range(lo, hi);
}
function maxOf(values, idx) { let m = 0; for (const i of idx) if (values[i] > m) m = values[i]; return m; }
/** The point whose bucket holds second sec. */
function bucketAt(t, sec) { return Math.max(0, Math.min(t.length - 1, d3.bisectRight(t, sec) - 1)); }
function linePath(x, y, t, values, idx, step, cap) {
  return d3.line().x((i) => x(t[i] / DIV)).y((i) => y(cap == null ? values[i] : Math.min(values[i], cap)))
    .curve(step ? d3.curveStepAfter : d3.curveLinear)(idx);
}
function hover(f, x, top, bottom, onMove) {
  const rule = f.svg.append('line').attr('class', 'rule').attr('y1', top).attr('y2', bottom).style('display', 'none');
  return f.svg.append('rect').attr('class', 'hover').attr('x', f.left).attr('y', top)
    .attr('width', f.right - f.left).attr('height', bottom - top).attr('fill', 'transparent')
    .on('pointermove', (event) => {
      const mx = d3.pointer(event)[0];
      rule.attr('x1', mx).attr('x2', mx).style('display', null);
      onMove(event, x.invert(mx) * DIV);
    })
    .on('pointerleave', () => { rule.style('display', 'none'); hideTip(); })
    .on('dblclick', () => setDomain(null));
}
/** Spreads label positions so none is closer than gap to the next; returns new positions. */
function spread(ys, gap, lo, hi) {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 0; k < order.length; k++) order[k].y = Math.max(order[k].y, lo, k ? order[k - 1].y + gap : -Infinity);
  for (let k = order.length - 1; k >= 0; k--) order[k].y = Math.min(order[k].y, hi, k < order.length - 1 ? order[k + 1].y - gap : Infinity);
  const out = []; order.forEach((o) => { out[o.i] = o.y; }); return out;
}

// ---- time range brush and toggles ----------------------------------------------------------
let overview = null;
function renderOverview() {
  const el = document.getElementById('chart-overview');
  if (!el || !ALTS.length) return;
  const f = frame(el, 70, { top: 6, right: M.right, bottom: 24, left: M.left }, 'Time range selector');
  const x = d3.scaleLinear().domain([0, H / DIV]).range([f.left, f.right]);
  const s = ALTS[0].series;
  // The demand every alternative faces; without a service, the first alternative's running tasks.
  const v = DATA.service ? s.offeredMax : s.running;
  const y = d3.scaleLinear().domain([0, d3.max(v) || 1]).range([f.bottom, f.top]);
  f.svg.append('path').attr('class', 'band')
    .attr('d', d3.area().x((i) => x(s.t[i] / DIV)).y0(f.bottom).y1((i) => y(v[i])).curve(DATA.service ? d3.curveLinear : d3.curveStepAfter)(d3.range(s.t.length)));
  f.svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.bottom + ')')
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((f.right - f.left) / 60))).tickFormat(d3.format('~g')).tickSizeOuter(0));
  const brush = d3.brushX().extent([[f.left, f.top], [f.right, f.bottom]]).on('end', (event) => {
    if (!event.sourceEvent) return;
    const sel = event.selection;
    setDomain(sel && sel[1] - sel[0] > 2 ? [Math.max(0, x.invert(sel[0]) * DIV), Math.min(H, x.invert(sel[1]) * DIV)] : null, true);
  });
  const g = f.svg.append('g').attr('class', 'brush').call(brush);
  if (state.domain) g.call(brush.move, [x(state.domain[0] / DIV), x(state.domain[1] / DIV)]);
  overview = { g, brush };
}

function setDomain(domain, fromBrush) {
  state.domain = domain;
  if (!fromBrush && overview) overview.g.call(overview.brush.move, null);
  d3.select('#reset-zoom').property('disabled', !domain);
  d3.select('#zoom-state').text(domain ? 'showing ' + fmtTime(domain[0]) + ' – ' + fmtTime(domain[1]) : 'showing the whole run; drag on the strip to zoom');
  TIME_CHARTS.forEach((render) => render());
}

d3.selectAll('input.alt-toggle').on('change', function () {
  const name = this.getAttribute('data-alt');
  if (this.checked) state.hidden.delete(name); else state.hidden.add(name);
  d3.selectAll('tr[data-alt]').classed('alt-hidden', function () { return state.hidden.has(this.getAttribute('data-alt')); });
  renderAll();
});
d3.select('#reset-zoom').on('click', () => setDomain(null));
`;
