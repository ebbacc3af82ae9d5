// report.html's script, part 3: the charts of whole-run figures (cost breakdown, paid vs used
// capacity, cost vs SLO), then the render loop. No template literals inside: this file is itself one.

export const CLIENT_OTHER = String.raw`
function renderBreakdown() {
  const el = document.getElementById('chart-breakdown');
  const vis = visible();
  const used = new Set();
  vis.forEach((a) => a.lineItems.forEach((li) => used.add(li.description)));
  // Keyed by description, not id: an x86 bar's fargate.vcpu is not the arm64 bar's.
  const kinds = DATA.lineItemKinds.filter((k) => used.has(k.label));
  const colorOf = new Map(DATA.lineItemKinds.map((k) => [k.label, k.color]));
  legend(el, kinds.map((k) => ({ label: k.label, color: k.color, kind: 'box' })));
  const row = 38;
  const f = frame(el, M.top + Math.max(1, vis.length) * row + M.bottom, { top: M.top, right: 90, bottom: M.bottom, left: 150 }, 'Cost breakdown by line item');
  const x = d3.scaleLinear().domain([0, d3.max(vis, (a) => a.totalUsd) || 1]).nice().range([f.left, f.right]);
  xValueAxis(f, x, 'cost over the run (USD)', fmtUsd0);
  vis.forEach((a, i) => {
    const y0 = f.top + i * row + 6, h = row - 12;
    const g = f.svg.append('g').attr('class', 'bar').attr('data-alt', a.name);
    g.append('text').attr('class', 'value-label').attr('x', f.left - 8).attr('y', y0 + h / 2).attr('dy', '0.35em')
      .attr('text-anchor', 'end').style('fill', a.color).text(a.name).call((t) => fitLabel(t, f.left - 14));
    let acc = 0;
    a.lineItems.forEach((li) => {
      g.append('rect').attr('class', 'segment').attr('data-alt', a.name).attr('data-item', li.description).attr('x', x(acc)).attr('y', y0)
        .attr('width', Math.max(0, x(acc + li.usd) - x(acc))).attr('height', h).attr('fill', colorOf.get(li.description))
        .call(tipOn, () => [a.name + ': ' + li.description, [
          ['quantity', Number(li.quantity).toLocaleString('en-US', { maximumFractionDigits: 4 }) + ' ' + li.unit],
          ['rate', '$' + li.usdPerUnit + ' per ' + li.unit.replace(/s$/, '')],
          ['amount', fmtUsd(li.usd)],
          ['share of total', a.totalUsd > 0 ? fmtPct(li.usd / a.totalUsd) : '—'],
        ]]);
      acc += li.usd;
    });
    // With replications: the mean total's 95% confidence interval as a whisker across the bar's end.
    const ci = a.total.ci95;
    if (ci) {
      const lo = x(Math.max(0, a.total.value - ci)), hi = x(a.total.value + ci), mid = y0 + h / 2;
      g.append('path').attr('class', 'ci').attr('d', 'M' + lo + ',' + mid + 'H' + hi + 'M' + lo + ',' + (mid - 6) + 'v12M' + hi + ',' + (mid - 6) + 'v12')
        .style('stroke', 'var(--text)').attr('stroke-width', 1.5).attr('fill', 'none')
        .call(tipOn, () => [a.name, [['mean over the replications', fmtUsd(a.total.value)], ['95% CI', '± ' + fmtUsd(ci)], ['this run (bar)', fmtUsd(a.totalUsd)]]]);
    }
    g.append('text').attr('class', 'value-label').attr('x', Math.max(x(acc), ci ? x(a.total.value + ci) : 0) + 6).attr('y', y0 + h / 2).attr('dy', '0.35em')
      .text(fmtUsd(a.totalUsd) + (ci ? ' (mean ' + fmtUsd(a.total.value) + ' ± ' + fmtUsd(ci) + ')' : ''))
      .call((t) => fitLabel(t, f.width - Math.max(x(acc), ci ? x(a.total.value + ci) : 0) - 12));
  });
}

function renderWaste() {
  const el = document.getElementById('chart-waste');
  const vis = visible();
  legend(el, [{ label: 'paid for', color: 'var(--band)', kind: 'box' }, { label: 'used (alternative’s colour)', color: 'var(--offered)', kind: 'box' }]);
  const panels = [
    { title: 'vCPU', paid: (a) => a.avgPaidVcpu, used: (a) => a.avgUsedVcpu, unit: 'vCPU' },
    { title: 'memory', paid: (a) => a.avgPaidMemoryGiB, used: (a) => a.avgUsedMemoryGiB, unit: 'GiB' },
  ];
  // Two panels stacked (vCPU above memory), so each gets the card's full width.
  const row = 26, plotH = Math.max(1, vis.length) * row, panelH = plotH + 52;
  const f = frame(el, M.top + panels.length * panelH, { top: M.top, right: 16, bottom: 0, left: 150 }, 'Paid vs used vCPU and memory');
  panels.forEach((p, k) => {
    const top = M.top + k * panelH, bottom = top + plotH;
    const right = f.right - 90;
    const x = d3.scaleLinear().domain([0, d3.max(vis, (a) => Math.max(p.paid(a), p.used(a))) || 1]).nice().range([f.left, right]);
    const pf = Object.assign({}, f, { right, top, bottom });
    xValueAxis(pf, x, p.title + ' (' + p.unit + ', time-averaged)', null, 5);
    vis.forEach((a, i) => {
      const y0 = top + i * row + 4, h = row - 8;
      const paid = p.paid(a), used = Math.min(p.used(a), paid), idle = paid > 0 ? 1 - used / paid : 0;
      f.svg.append('text').attr('class', 'value-label').attr('x', f.left - 8).attr('y', y0 + h / 2).attr('dy', '0.35em')
        .attr('text-anchor', 'end').style('fill', a.color).text(a.name).call((t) => fitLabel(t, f.left - 14));
      const g = f.svg.append('g').attr('class', 'bar').attr('data-alt', a.name);
      g.append('rect').attr('class', 'paid').attr('data-alt', a.name).attr('x', x(0)).attr('y', y0).attr('width', x(paid) - x(0)).attr('height', h).style('fill', 'var(--band)');
      g.append('rect').attr('class', 'used').attr('data-alt', a.name).attr('x', x(0)).attr('y', y0 + 3).attr('width', x(used) - x(0)).attr('height', h - 6).attr('fill', a.color);
      g.append('text').attr('x', x(paid) + 6).attr('y', y0 + h / 2).attr('dy', '0.35em').text(fmt1(paid) + ' · ' + fmtPct(idle) + ' idle');
      g.call(tipOn, () => [a.name + ' · ' + p.title, [
        ['paid for', fmt1(paid) + ' ' + p.unit], ['used', fmt1(used) + ' ' + p.unit], ['idle', fmtPct(idle)],
      ]]);
    });
  });
}

/** Greedy label placement: the same algorithm as svg/labels.ts, with measured text widths. */
function placeLabels(points, bounds) {
  const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const taken = points.map((p) => ({ x0: p.x - 10, y0: p.y - 10, x1: p.x + 10, y1: p.y + 10 }));
  const order = points.map((p, i) => i).sort((a, b) => points[a].y - points[b].y || points[a].x - points[b].x);
  const out = [];
  order.forEach((i) => {
    const p = points[i], w = p.width;
    const candidates = [];
    [0, -18, 18, -36, 36, -54, 54, -72, 72, -90, 90, -108, 108, -126, 126, -144, 144].forEach((dy) => {
      candidates.push({ x: p.x + 17, y: p.y + dy, anchor: 'start' }, { x: p.x - 17, y: p.y + dy, anchor: 'end' });
    });
    const box = (c) => { const x0 = c.anchor === 'start' ? c.x : c.x - w; return { x0, y0: c.y - 7, x1: x0 + w, y1: c.y + 7 }; };
    const inside = (b) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
    const pick = candidates.find((c) => inside(box(c)) && !taken.some((t) => overlaps(t, box(c)))) || candidates[0];
    taken.push(box(pick));
    out[i] = pick;
  });
  return out;
}

function renderScatter() {
  if (!DATA.service && DATA.jobs) return renderJobScatter();
  const el = document.getElementById('chart-scatter');
  const vis = visible().filter((a) => a.scatter);
  const axis = DATA.scatterAxis;
  const latency = axis.metric === 'latencyP95';
  const allowed = DATA.scenario.maxMinutesOverShare == null ? null : DATA.scenario.maxMinutesOverShare * 100;
  // The dashed reference: the SLO's allowance of minutes over, or the latency target.
  const ref = latency ? SLO : allowed;
  const refLabel = latency ? 'SLO target: p95 ≤ ' + fmtInt(SLO) + ' ms' : 'SLO allowance: ' + +(allowed || 0).toFixed(4) + '% of minutes over';
  legend(el, [{ label: 'meets the SLO', color: 'var(--muted)', kind: 'mark', mark: '●' }, { label: 'misses the SLO', color: 'var(--muted)', kind: 'mark', mark: '✕' }, { label: 'recommended', color: 'var(--good)', kind: 'mark', mark: '◯' }]
    .concat(ref == null ? [] : [{ label: refLabel, color: 'var(--bad)', kind: 'dash' }])
    .concat(DATA.replications ? [{ label: '95% CI over the replications', color: 'var(--muted)' }] : []));
  const f = frame(el, 300, { top: 14, right: 24, bottom: M.bottom, left: M.left }, latency ? 'Cost vs p95 latency' : 'Cost vs SLO');
  const xMax = d3.max(vis, (a) => a.scatter.x + (a.scatter.xCi || 0)) || 1;
  const yMax = Math.max(latency ? 1 : 0.1, ref || 0, d3.max(vis, (a) => a.scatter.y + (a.scatter.yCi || 0)) || 0);
  const x = d3.scaleLinear().domain([0, xMax * 1.1]).nice().range([f.left, f.right - 40]);
  const y = d3.scaleLinear().domain([0, yMax * 1.15]).nice().range([f.bottom - 14, f.top]);
  xValueAxis(f, x, 'cost (USD per month)', fmtUsd0);
  yAxis(f, y, axis.label, latency ? d3.format(',~r') : (v) => v + '%');
  if (ref != null) {
    f.svg.append('line').attr('class', 'slo').attr('x1', f.left).attr('x2', f.right).attr('y1', y(ref)).attr('y2', y(ref));
  }
  const labelOf = (a) => a.name + (a.name === DATA.recommended ? ' (recommended)' : '');
  const probe = f.svg.append('text').attr('class', 'value-label');
  const widthOf = (s) => { probe.text(s); return probe.node().getComputedTextLength() + 4; };
  const spots = placeLabels(vis.map((a) => ({ x: x(a.scatter.x), y: y(a.scatter.y), width: widthOf(labelOf(a)) })),
    { x0: f.left + 4, y0: f.top, x1: f.width - 8, y1: f.bottom - 2 });
  probe.remove();
  vis.forEach((a, i) => {
    const p = a.scatter;
    const cx = x(p.x), cy = y(p.y);
    const g = f.svg.append('g').attr('class', 'mark');
    ciBars(g, a, p, x, y);
    if (a.name === DATA.recommended) g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 13).attr('fill', 'none').style('stroke', 'var(--good)').attr('stroke-width', 2);
    const mark = a.met
      ? g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 7).attr('fill', a.color)
      : g.append('path').attr('d', 'M' + (cx - 6) + ',' + (cy - 6) + 'l12,12m0,-12l-12,12').attr('stroke', a.color).attr('stroke-width', 3.5);
    mark.attr('class', 'point').attr('data-alt', a.name);
    const s = spots[i];
    if (Math.abs(s.y - cy) > 3) g.append('line').attr('x1', cx).attr('y1', cy).attr('x2', s.anchor === 'start' ? s.x - 2 : s.x + 2).attr('y2', s.y).attr('stroke', a.color).attr('stroke-width', 0.8);
    const label = g.append('text').attr('class', 'value-label halo').attr('x', s.x).attr('y', s.y).attr('dy', '0.35em').attr('text-anchor', s.anchor).style('fill', a.color)
      .text(labelOf(a));
    fitLabel(label, s.anchor === 'start' ? f.width - 8 - s.x : s.x - f.left - 4);
    const ci = (v) => (v ? ' ± ' : '');
    g.call(tipOn, () => [a.name, [
      ['cost', fmtRate(p.x) + ci(p.xCi) + (p.xCi ? fmtRate(p.xCi) : '') + ' per month'],
      latency ? ['p95 latency over the run', fmtInt(p.y) + (p.yCi ? ' ± ' + fmtInt(p.yCi) : '') + ' ms'] : ['minutes over SLO', fmtPct(p.y / 100) + (p.yCi ? ' ± ' + fmtPct(p.yCi / 100) : '')],
      ['requests dropped', fmtPct(p.droppedShare)], ['SLO', a.met ? 'met ✓' : 'missed ✗'],
    ]]);
  });
}

/** A scatter mark's 95% confidence intervals (p: { x, xCi, y, yCi }): across for x, up for y; none without replications. */
function ciBars(g, a, p, x, y) {
  const cx = x(p.x), cy = y(p.y);
  if (p.xCi) g.append('path').attr('class', 'ci').attr('data-alt', a.name).attr('fill', 'none').attr('stroke', a.color).attr('stroke-width', 1.5)
    .attr('d', 'M' + x(p.x - p.xCi) + ',' + cy + 'H' + x(p.x + p.xCi) + 'M' + x(p.x - p.xCi) + ',' + (cy - 4) + 'v8M' + x(p.x + p.xCi) + ',' + (cy - 4) + 'v8');
  if (p.yCi) g.append('path').attr('class', 'ci').attr('data-alt', a.name).attr('fill', 'none').attr('stroke', a.color).attr('stroke-width', 1.5)
    .attr('d', 'M' + cx + ',' + y(Math.max(0, p.y - p.yCi)) + 'V' + y(p.y + p.yCi) + 'M' + (cx - 4) + ',' + y(Math.max(0, p.y - p.yCi)) + 'h8M' + (cx - 4) + ',' + y(p.y + p.yCi) + 'h8');
}

/** Batch jobs without a service: cost per completed job against the p95 wait for a task (with replications, the means over them). */
function renderJobScatter() {
  const el = document.getElementById('chart-scatter');
  const vis = visible().filter((a) => a.jobScatter);
  legend(el, [{ label: 'one alternative', color: 'var(--muted)', kind: 'mark', mark: '●' }, { label: 'recommended', color: 'var(--good)', kind: 'mark', mark: '◯' }]
    .concat(DATA.replications ? [{ label: '95% CI over the replications', color: 'var(--muted)' }] : []));
  const f = frame(el, 300, { top: 14, right: 24, bottom: M.bottom, left: M.left }, 'Cost per job vs wait');
  const x = d3.scaleLinear().domain([0, (d3.max(vis, (a) => a.jobScatter.x + (a.jobScatter.xCi || 0)) || 0.001) * 1.1]).nice().range([f.left, f.right - 40]);
  const y = d3.scaleLinear().domain([0, (d3.max(vis, (a) => a.jobScatter.y + (a.jobScatter.yCi || 0)) || 1) * 1.15]).nice().range([f.bottom - 14, f.top]);
  xValueAxis(f, x, 'cost per completed job (USD)', (v) => (v === 0 ? '$0' : '$' + d3.format('~g')(v)));
  yAxis(f, y, 'p95 wait for a task (s)', d3.format(',~r'));
  const labelOf = (a) => a.name + (a.name === DATA.recommended ? ' (recommended)' : '');
  const probe = f.svg.append('text').attr('class', 'value-label');
  const widthOf = (s) => { probe.text(s); return probe.node().getComputedTextLength() + 4; };
  const spots = placeLabels(vis.map((a) => ({ x: x(a.jobScatter.x), y: y(a.jobScatter.y), width: widthOf(labelOf(a)) })),
    { x0: f.left + 4, y0: f.top, x1: f.width - 8, y1: f.bottom - 2 });
  probe.remove();
  vis.forEach((a, i) => {
    const p = a.jobScatter;
    const cx = x(p.x), cy = y(p.y);
    const g = f.svg.append('g').attr('class', 'mark');
    ciBars(g, a, p, x, y);
    if (a.name === DATA.recommended) g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 13).attr('fill', 'none').style('stroke', 'var(--good)').attr('stroke-width', 2);
    g.append('circle').attr('class', 'point').attr('data-alt', a.name).attr('cx', cx).attr('cy', cy).attr('r', 7).attr('fill', a.color);
    const s = spots[i];
    if (Math.abs(s.y - cy) > 3) g.append('line').attr('x1', cx).attr('y1', cy).attr('x2', s.anchor === 'start' ? s.x - 2 : s.x + 2).attr('y2', s.y).attr('stroke', a.color).attr('stroke-width', 0.8);
    g.append('text').attr('class', 'value-label halo').attr('x', s.x).attr('y', s.y).attr('dy', '0.35em').attr('text-anchor', s.anchor).style('fill', a.color)
      .text(labelOf(a));
    g.call(tipOn, () => [a.name, [
      ['cost per job', fmtSmall(p.x) + (p.xCi ? ' ± ' + fmtSmall(p.xCi) : '')], ['p95 wait', fmt1(p.y) + (p.yCi ? ' ± ' + fmt1(p.yCi) : '') + ' s'],
      [DATA.replications ? 'p95 turnaround (replication 0)' : 'p95 turnaround', fmt1(a.jobTurnaroundP95) + ' s'],
      [DATA.replications ? 'jobs completed (replication 0)' : 'jobs completed', fmtInt(a.jobsCompleted)], ['cost per month', fmtRate(a.usdPerMonth)],
    ]]);
  });
}

const TIME_CHARTS = [renderLoad, renderLatency, renderTasks, renderCost];
function renderAll() {
  hideTip();
  if (!ALTS.length) return;
  renderOverview();
  TIME_CHARTS.forEach((render) => render());
  renderBreakdown();
  renderWaste();
  renderScatter();
}
let resizeTimer = null;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderAll, 150); });
renderAll();
document.body.setAttribute('data-rendered', 'true');
`;
