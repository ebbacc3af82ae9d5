// The invariants the audit checks on one finished run: what the result says, against itself and
// against what the probe saw happen. Each check returns human-readable violations (empty: holds).
// Quantities the result rounds (series to 4 decimals and 6 significant digits, requests to whole numbers) are compared
// with tolerances that match that rounding and nothing looser.

import { Decimal } from 'decimal.js';
import type { AlternativeResult, LineItem } from '../../src/index.js';
import type { Alternative, Scenario } from '../../src/domain/scenario.js';
import { clusterOf } from '../../src/capacity/cluster-spec.js';
import { eksFargatePodSize } from '../../src/capacity/eks.js';
import { TaskState } from '../../src/domain/task.js';
import type { ProbeLog, TaskRecord } from './probe.js';
import { SERIES_FIELDS } from '../../src/domain/series.js';

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
/** Sums of the hourly ledger, which must add up at any precision. */
const X = Decimal.clone({ precision: 1000 });

const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();

/**
 * What storing a value in the series may lose beyond its decimals: float32 columns keep six
 * significant digits (docs/reports.md), half a unit of the sixth is at most 5e-6 of the value,
 * and float32 itself rounds by less than 6e-8 of it.
 */
const stored = (v: number) => 6e-6 * Math.abs(v);

export interface RunContext {
  scenario: Scenario;
  alt: Alternative;
  result: AlternativeResult;
  log: ProbeLog;
}

function hasCommitments(alt: Alternative): boolean {
  return alt.commitments.reservedInstances.length > 0 || alt.commitments.savingsPlans.length > 0;
}

// ---- money ----------------------------------------------------------------------------------

/**
 * The hourly ledger (costs.csv): one row of hours per line item, in the line items' order; each
 * item's hours add up to its usdExact exactly; the cumulative cost at each whole hour's end is the
 * running sum of the hours, to 4 decimals.
 */
export function checkHourlyLedger(scenario: Scenario, result: AlternativeResult): string[] {
  const ledger = result.hourlyCosts;
  if (!ledger) return ['no hourlyCosts on a full run'];
  const out: string[] = [];
  const hours = Math.ceil(scenario.horizonSeconds / 3600);
  if (ledger.hours !== hours) out.push(`hourlyCosts.hours ${ledger.hours}, the horizon has ${hours} clock hours`);
  const ids = result.cost.lineItems.map((li) => li.id);
  if (ledger.items.map((i) => i.id).join() !== ids.join()) out.push(`hourlyCosts items ${ledger.items.map((i) => i.id).join()} ≠ line items ${ids.join()}`);
  const byHour = Array.from({ length: hours }, () => new X(0));
  ledger.items.forEach((item, k) => {
    if (item.usd.length !== hours) out.push(`hourlyCosts ${item.id}: ${item.usd.length} hours, not ${hours}`);
    const sum = item.usd.reduce((s, u, h) => {
      byHour[h] = byHour[h].plus(u);
      return s.plus(u);
    }, new X(0));
    const li = result.cost.lineItems[k];
    if (li && !sum.eq(li.usdExact)) out.push(`hourlyCosts ${item.id}: hours add up to ${sum.toFixed()}, usdExact is ${li.usdExact}`);
  });
  const cum = result.series.cumulativeUsd;
  let running = new X(0);
  for (let h = 0; h < hours; h++) {
    running = running.plus(byHour[h]);
    const m = Math.min(cum.length, Math.ceil(Math.min((h + 1) * 3600, scenario.horizonSeconds) / 60)) - 1;
    const want = running.toDecimalPlaces(4, Decimal.ROUND_HALF_CEIL).toNumber();
    if (m >= 0 && cum[m] !== want) {
      out.push(`series.cumulativeUsd at the end of hour ${h} (minute ${m}) is ${cum[m]}, the ledger's running sum ${running.toFixed()} is ${want}`);
      break;
    }
  }
  return out;
}

function isFee(li: LineItem): boolean {
  return li.id.startsWith('ec2.ri-fee.') || li.id.startsWith('sp.commitment.');
}

/** Every line item priced consistently; the total is their exact sum rounded once; no negative amounts. */
export function checkMoney({ scenario, result }: RunContext): string[] {
  const out: string[] = [];
  const items = result.cost.lineItems;
  const ids = new Set<string>();
  let exact = new D(0);
  for (const li of items) {
    if (ids.has(li.id)) out.push(`line item id ${li.id} appears twice`);
    ids.add(li.id);
    const q = new D(li.quantity);
    const p = new D(li.usdPerUnit);
    const e = new D(li.usdExact);
    exact = exact.plus(e);
    if (q.isNeg() || p.isNeg() || e.isNeg()) out.push(`${li.id}: negative quantity/rate/amount (${li.quantity} × ${li.usdPerUnit} = ${li.usdExact})`);
    if (li.usd !== cents(e)) out.push(`${li.id}: usd ${li.usd} is not usdExact ${li.usdExact} rounded to the cent (${cents(e)})`);
    // quantity is printed to 6 decimals; a trace-priced Spot rate to 8.
    const tolerance = p.times(5e-7).plus(q.times(5e-9)).plus(1e-12);
    if (q.times(p).minus(e).abs().gt(tolerance)) out.push(`${li.id}: quantity ${li.quantity} × usdPerUnit ${li.usdPerUnit} = ${q.times(p).toFixed()} ≠ usdExact ${li.usdExact}`);
  }
  if (result.cost.totalUsd !== cents(exact)) out.push(`totalUsd ${result.cost.totalUsd} ≠ Σ usdExact ${exact.toFixed()} rounded once (${cents(exact)})`);
  const hours = scenario.horizonSeconds / 3600;
  const perHour = exact.toNumber() / hours;
  if (Math.abs(result.cost.usdPerHour - perHour) > 5e-5 + 1e-9 * perHour) out.push(`usdPerHour ${result.cost.usdPerHour} × ${hours} h ≠ total ${exact.toFixed()}`);
  // The cumulative cost starts at ≥ 0, never falls (no line item here is a credit), and ends at the exact bill to its 4 decimals.
  const cum = result.series.cumulativeUsd;
  for (let m = 0; m < cum.length; m++) {
    if (cum[m] < -1e-9 || (m > 0 && cum[m] < cum[m - 1] - 1e-9)) {
      out.push(`series.cumulativeUsd falls or is negative at minute ${m}: ${cum[m - 1] ?? '(start)'} → ${cum[m]} (total ${result.cost.totalUsd})`);
      break;
    }
  }
  // The bill's sum at any precision: at 60 digits, 0.02384999…9 (61 digits) would read 0.02385 and round the other way.
  const whole = items.reduce((sum, li) => sum.plus(li.usdExact), new X(0));
  const to4 = (d: Decimal) => d.toDecimalPlaces(4, Decimal.ROUND_HALF_CEIL).toNumber();
  if (cum.length > 0 && cum[cum.length - 1] !== to4(whole)) out.push(`series.cumulativeUsd ends at ${cum[cum.length - 1]}, the exact bill ${whole.toFixed()} is ${to4(whole)} to 4 decimals`);
  out.push(...checkHourlyLedger(scenario, result));
  const perMonth = (exact.toNumber() / scenario.horizonSeconds) * 730 * 3600;
  if (Math.abs(result.cost.usdPerMonth - perMonth) > 5e-3 + 1e-9 * perMonth) out.push(`usdPerMonth ${result.cost.usdPerMonth} ≠ total × 730 h / horizon = ${perMonth}`);
  const u = result.usage;
  if (u.avgPaidVcpu > 0 && Math.abs(u.idleVcpuShare - (1 - u.avgUsedVcpu / u.avgPaidVcpu)) > 1e-3 + 2e-4 / u.avgPaidVcpu) out.push(`idleVcpuShare ${u.idleVcpuShare} ≠ 1 − used ${u.avgUsedVcpu} / paid ${u.avgPaidVcpu}`);
  if (u.idleUsd < 0 || u.idleUsd > result.cost.totalUsd + 0.005) out.push(`usage.idleUsd ${u.idleUsd} outside [0, total ${result.cost.totalUsd}]`);
  if (u.idleVcpuShare > 1 + 1e-9) out.push(`idleVcpuShare ${u.idleVcpuShare} > 1`);
  if (result.requests.served > 0 && result.cost.usdPerMillionRequests === null) out.push('requests served but no usdPerMillionRequests');
  return out;
}

/** Reserved Instances and Savings Plans: fees as bought, never dearer than on-demand + fees, shares in [0, 1]. */
export function checkCommitments({ scenario, alt, result }: RunContext): string[] {
  const out: string[] = [];
  const c = result.commitments;
  for (const [name, v] of [
    ['coveredShare', c.coveredShare],
    ['riUtilisation', c.riUtilisation],
    ['spUtilisation', c.spUtilisation],
    ['recommendation.savingsShare', c.recommendation.savingsShare],
  ] as const) {
    if (!(v >= 0 && v <= 1 + 1e-9)) out.push(`commitments.${name} = ${v}, outside [0, 1]`);
  }
  const r = c.recommendation;
  if (r.withRecommendedUsd > r.onDemandUsd + 0.01) out.push(`the recommended commitments cost more (${r.withRecommendedUsd}) than none (${r.onDemandUsd})`);
  for (const ri of r.reservedInstances) if (ri.count < 0 || !(ri.breakEvenUtilisation >= 0 && ri.breakEvenUtilisation <= 1)) out.push(`recommended RI ${ri.instanceType}: count ${ri.count}, break-even ${ri.breakEvenUtilisation}`);
  if (!hasCommitments(alt)) {
    // The recommendation's baseline is the usage commitments could cover: on-demand EC2 and Fargate compute.
    const eligible = result.cost.lineItems.filter((li) => li.id.startsWith('ec2.on-demand.') || li.id === 'fargate.vcpu' || li.id === 'fargate.memory');
    const eligibleUsd = cents(eligible.reduce((s, li) => s.plus(li.usdExact), new D(0)));
    if (Math.abs(eligibleUsd - r.onDemandUsd) > 1e-9) out.push(`no commitments, yet the on-demand compute lines sum to ${eligibleUsd}, not the recommendation's onDemandUsd ${r.onDemandUsd}`);
    if (c.coveredShare !== 0 || c.riUtilisation !== 0 || c.spUtilisation !== 0) out.push(`no commitments, yet coverage ${c.coveredShare}, RI ${c.riUtilisation}, SP ${c.spUtilisation}`);
    return out;
  }
  // Due every clock hour of the run; the last, partial one for its seconds in the run (a cut second whole).
  const hours = Math.ceil(scenario.horizonSeconds / 3600);
  const dueHours = new D((hours - 1) * 3600 + Math.ceil(scenario.horizonSeconds - (hours - 1) * 3600)).div(3600);
  const fees = result.cost.lineItems.filter(isFee);
  let feeTotal = new D(0);
  for (const f of fees) feeTotal = feeTotal.plus(f.usdExact);
  const riCount = alt.commitments.reservedInstances.reduce((n, ri) => n + ri.count, 0);
  const riFees = fees.filter((f) => f.id.startsWith('ec2.ri-fee.'));
  const riQuantity = riFees.reduce((s, f) => s.plus(f.quantity), new D(0));
  // Each line's quantity is rounded to 6 decimals.
  if (riQuantity.minus(dueHours.times(riCount)).abs().gt(riFees.length * 5e-7)) out.push(`RI fees bill ${riQuantity.toFixed()} RI-hours, expected count ${riCount} × ${dueHours.toFixed()} hours`);
  const spFees = fees.filter((f) => f.id.startsWith('sp.commitment.'));
  const spExact = spFees.reduce((s, f) => s.plus(f.usdExact), new D(0));
  const spExpected = alt.commitments.savingsPlans.reduce((s, sp) => s.plus(new D(sp.commitmentUsdPerHour).times(dueHours)), new D(0));
  if (spExact.minus(spExpected).abs().gt('1e-40')) out.push(`Savings Plan commitments bill ${spExact.toFixed()}, expected Σ commitment × ${dueHours.toFixed()} h = ${spExpected.toFixed()}`);
  const others = result.cost.lineItems.filter((li) => !isFee(li) && !li.id.startsWith('ec2.on-demand.') && li.id !== 'fargate.vcpu' && li.id !== 'fargate.memory');
  const otherUsd = others.reduce((s, li) => s.plus(li.usdExact), new D(0));
  if (result.cost.totalUsd > r.onDemandUsd + cents(feeTotal) + cents(otherUsd) + 0.02) {
    out.push(`with commitments the bill ${result.cost.totalUsd} exceeds on-demand ${r.onDemandUsd} + fees ${feeTotal.toFixed(2)} + uncovered items ${otherUsd.toFixed(2)}`);
  }
  if (result.cost.totalUsd < cents(feeTotal) - 0.01) out.push(`the bill ${result.cost.totalUsd} is below its own fees ${feeTotal.toFixed(2)}`);
  return out;
}

// ---- billing, recomputed from what happened ----------------------------------------------

function billedSeconds(from: number, to: number, stopped: boolean, minimum: number): number {
  const elapsed = Math.ceil(to - from - 1e-9);
  return stopped ? Math.max(minimum, elapsed) : Math.max(0, elapsed);
}

function lineSeconds(items: readonly LineItem[], id: string): number | null {
  const li = items.find((i) => i.id === id);
  if (!li) return null;
  return Number(li.quantity) * (li.unit.endsWith('-hours') ? 3600 : 1);
}

/**
 * Fargate: every task that reached PENDING on a Fargate provider is billed from then to STOPPED
 * (at least the minimum) or to the horizon; EC2: every instance from launch to its end (60 s
 * minimum), except Spot instances EC2 interrupted within their first hour.
 */
export function checkBilling({ scenario, alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  if (hasCommitments(alt)) return out; // covered usage is re-priced; the on-demand lines shrink
  const horizon = scenario.horizonSeconds;
  const spec = clusterOf(alt.capacity, scenario.region);
  const windows = (alt.service ?? alt.jobs!).task.os === 'windows';
  const minimum = windows ? 300 : 60;
  const vcpuSeconds = new Map<string, number>();
  const memSeconds = new Map<string, number>();
  for (const r of log.tasks.values()) {
    if (Number.isNaN(r.pendingAt) || r.instanceId >= 0) continue;
    const stopped = !Number.isNaN(r.stoppedAt);
    const s = billedSeconds(r.pendingAt, stopped ? r.stoppedAt : horizon, stopped, minimum);
    const size = spec.orchestrator === 'eks' ? eksFargatePodSize(r.task.size) : r.task.size;
    const key = r.provider === 'FARGATE_SPOT' ? 'fargate-spot' : 'fargate';
    if (r.provider !== 'FARGATE' && r.provider !== 'FARGATE_SPOT') out.push(`task ${r.service}#${r.task.id} billed on Fargate with provider "${r.provider}"`);
    vcpuSeconds.set(key, (vcpuSeconds.get(key) ?? 0) + (s * size.cpuUnits) / 1024);
    memSeconds.set(key, (memSeconds.get(key) ?? 0) + (s * size.memoryMiB) / 1024);
  }
  for (const key of ['fargate', 'fargate-spot']) {
    const expected = vcpuSeconds.get(key) ?? 0;
    const billed = lineSeconds(result.cost.lineItems, `${key}.vcpu`);
    if (billed === null) {
      if (expected > 0) out.push(`${expected} vCPU-seconds ran on ${key} but there is no ${key}.vcpu line item`);
      continue;
    }
    if (Math.abs(billed - expected) > 0.01) out.push(`${key}.vcpu bills ${billed} vCPU-seconds; the tasks that reached PENDING add up to ${expected}`);
    const mem = lineSeconds(result.cost.lineItems, `${key}.memory`) ?? 0;
    if (Math.abs(mem - (memSeconds.get(key) ?? 0)) > 0.01) out.push(`${key}.memory bills ${mem} GB-seconds; the tasks add up to ${memSeconds.get(key) ?? 0}`);
  }
  const instanceSeconds = new Map<string, number>();
  for (const r of log.instances.values()) {
    const i = r.instance;
    const ended = !Number.isNaN(r.endedAt);
    const key = `${i.purchase === 'spot' ? 'spot' : 'on-demand'}.${i.type.name}`;
    let s: number;
    // EC2 bills from running (pending is free), never later than the end.
    const from = Math.min(ended ? r.endedAt : horizon, i.runningAt ?? r.launchedAt);
    if (ended && r.reason === 'spot-interruption' && i.purchase === 'spot' && r.endedAt - from < 3600) s = 0;
    else s = billedSeconds(from, ended ? r.endedAt : horizon, ended, 60);
    instanceSeconds.set(key, (instanceSeconds.get(key) ?? 0) + s);
  }
  for (const [key, expected] of instanceSeconds) {
    const billed = lineSeconds(result.cost.lineItems, `ec2.${key}`);
    if (billed === null) {
      if (expected > 0) out.push(`${expected} instance-seconds of ${key} ran but there is no ec2.${key} line item`);
      continue;
    }
    if (Math.abs(billed - expected) > 0.01) out.push(`ec2.${key} bills ${billed} instance-seconds; the instances' launches and ends add up to ${expected}`);
  }
  for (const li of result.cost.lineItems) {
    if (li.id.startsWith('ec2.') && !instanceSeconds.has(li.id.slice(4)) && Number(li.quantity) > 0) out.push(`line item ${li.id} bills ${li.quantity} but no such instance ran`);
  }
  return out;
}

// ---- requests, capacity, latency ------------------------------------------------------------

/** The number of serving tasks in force at each tick start (right-continuous), from the probe. */
function servingAt(log: ProbeLog): (t: number) => number {
  const changes = log.servingChanges;
  const times: number[] = [];
  const counts: number[] = [];
  let n = 0;
  for (const c of changes) {
    n += c.serving ? 1 : -1;
    if (times.length > 0 && times[times.length - 1] === c.t) counts[counts.length - 1] = n;
    else {
      times.push(c.t);
      counts.push(n);
    }
  }
  return (t) => {
    let lo = 0;
    let hi = times.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= t) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k < 0 ? 0 : counts[k];
  };
}

/** offered = served + dropped + backlog change, per minute and in total; served ≤ capacity; the capacity is what the serving tasks give. */
export function checkRequests({ scenario, alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  const s = result.series;
  const horizon = scenario.horizonSeconds;
  const n = Math.ceil(horizon / 60);
  if (s.minutes !== n) out.push(`series.minutes ${s.minutes}, expected ${n}`);
  for (const name of SERIES_FIELDS) {
    const arr = s[name];
    const type = name === 'cumulativeUsd' ? Float64Array : Float32Array;
    if (!(arr instanceof type) || arr.length !== n) out.push(`series.${name} is a ${arr?.constructor.name} of ${arr?.length} entries, expected a ${type.name} of ${n}`);
    else if (name !== 'cumulativeUsd') for (let m = 0; m < n; m++) if (!Number.isFinite(arr[m]) || arr[m] < 0) out.push(`series.${name}[${m}] = ${arr[m]}`);
  }
  if (out.length > 0) return out;
  const svc = alt.service;
  const width = (m: number) => Math.min(60, horizon - m * 60);
  const serving = servingAt(log);
  const dt = scenario.tickSeconds;
  let backlog = 0;
  let offeredTotal = 0;
  let storedSlack = 0; // what the series' six significant digits may have lost so far
  for (let m = 0; m < n; m++) {
    const w = width(m);
    const offered = s.offeredRps[m] * w;
    const served = s.servedRps[m] * w;
    const dropped = s.droppedRps[m] * w;
    offeredTotal += offered;
    backlog += offered - served - dropped;
    storedSlack += stored(offered) + stored(served) + stored(dropped);
    const slack = 1e-2 * (m + 1) + 1e-9 * offeredTotal + storedSlack;
    if (backlog < -slack) out.push(`minute ${m}: cumulative offered − served − dropped = ${backlog} < 0 (served or dropped requests never offered)`);
    if (scenario.mode === 'fluid' && s.servedRps[m] > s.servingCapacityRps[m] + 2e-4) out.push(`minute ${m}: served ${s.servedRps[m]} rps > capacity ${s.servingCapacityRps[m]} rps`);
    if (scenario.mode === 'fluid' && s.cpuPct[m] > 100 + 1e-3) out.push(`minute ${m}: CPU ${s.cpuPct[m]}% > 100%`);
    if (!(s.latencyP50Ms[m] <= s.latencyP95Ms[m] + 1e-3 && s.latencyP95Ms[m] <= s.latencyP99Ms[m] + 1e-3)) out.push(`minute ${m}: latency quantiles out of order ${s.latencyP50Ms[m]} / ${s.latencyP95Ms[m]} / ${s.latencyP99Ms[m]}`);
    if (svc && scenario.mode === 'fluid') {
      // The queue holds at most queueLimit per serving task (as the tick that ends the minute saw them).
      const lastTick = Math.ceil((m * 60 + w) / dt - 1e-9) - 1;
      const limit = svc.queueLimitPerTask * serving(lastTick * dt);
      if (backlog > limit + slack) out.push(`minute ${m}: backlog ${backlog} requests > queueLimit ${svc.queueLimitPerTask} × ${serving(lastTick * dt)} serving tasks`);
      if (svc.queueLimitPerTask === 0 && Math.abs(offered - served - dropped) > 1e-2 + stored(offered) + stored(served) + stored(dropped)) out.push(`minute ${m}: queueLimit 0, yet offered ${offered} ≠ served ${served} + dropped ${dropped}`);
      // Capacity: Σ over the minute's ticks of the serving tasks at the tick's start × taskCapacity.
      let capacity = 0;
      for (let t = m * 60; t < m * 60 + w - 1e-9; t += dt) capacity += serving(t) * svc.taskCapacityRps * Math.min(dt, horizon - t);
      if (Math.abs(s.servingCapacityRps[m] - capacity / w) > 1e-4 + 1e-9 * capacity + stored(capacity / w)) out.push(`minute ${m}: capacity ${s.servingCapacityRps[m]} rps, but the serving tasks give ${capacity / w} rps`);
    } else if (!svc && (s.offeredRps[m] !== 0 || s.servedRps[m] !== 0)) out.push(`minute ${m}: requests without a service`);
  }
  const r = result.requests;
  const left = r.offered - r.served - r.dropped;
  if (left < -1) out.push(`requests: offered ${r.offered} < served ${r.served} + dropped ${r.dropped}`);
  const lastTickStart = (Math.ceil(horizon / dt - 1e-9) - 1) * dt;
  if (svc && scenario.mode === 'fluid' && left > svc.queueLimitPerTask * serving(lastTickStart) + 1 + 1e-9 * r.offered) out.push(`requests: ${left} offered and neither served nor dropped, more than the queue holds at the end`);
  // SLO: a minute is over when it dropped requests or its p95 is above target.
  const target = scenario.slo.latencyP95Seconds * 1000;
  let over = 0;
  for (let m = 0; m < n; m++) if (s.droppedRps[m] > 0 || s.latencyP95Ms[m] > target) over++;
  if (over !== result.slo.minutesOver) out.push(`slo.minutesOver ${result.slo.minutesOver}, the series say ${over}`);
  if (result.slo.met !== over / n <= scenario.slo.maxMinutesOverShare) out.push(`slo.met ${result.slo.met} with ${over} of ${n} minutes over and ${scenario.slo.maxMinutesOverShare} allowed`);
  // Totals are the series' sums (to the request: the series are rounded per second).
  const total = (a: ArrayLike<number>) => {
    let sum = 0;
    for (let m = 0; m < a.length; m++) sum += a[m] * width(m);
    return sum;
  };
  for (const [name, series, value] of [
    ['offered', s.offeredRps, r.offered],
    ['served', s.servedRps, r.served],
    ['dropped', s.droppedRps, r.dropped],
  ] as const) {
    if (Math.abs(total(series) - value) > 1 + 3e-3 * n + stored(value)) out.push(`requests.${name} ${value}, the series add up to ${total(series)}`);
  }
  if (svc && scenario.mode === 'fluid') {
    // Latency: positive when requests were served, and p99 never above what a request arriving at
    // a full line could see: its wait is Erlang(places, cμ) (mean places / cμ, sd √places / cμ)
    // and its service Exp(μ); P(W + S > w + s) ≤ P(W > w) + P(S > s) = 0.005 + 0.005 with w the
    // Erlang's 99.5th percentile (below (places + 4 √places + 8) / cμ) and s = ln 200 / μ.
    const places = svc.queueLimitPerTask;
    const cap = (1000 * (places + 4 * Math.sqrt(places) + 8)) / svc.taskCapacityRps + (1000 * Math.log(200) * svc.concurrency) / svc.taskCapacityRps;
    for (let m = 0; m < n; m++) {
      if (s.servedRps[m] > 0 && !(s.latencyP50Ms[m] > 0)) out.push(`minute ${m}: requests served with p50 latency ${s.latencyP50Ms[m]} ms`);
      if (s.latencyP99Ms[m] > cap + 1e-3 + stored(cap)) out.push(`minute ${m}: p99 ${s.latencyP99Ms[m]} ms above the worst case ${cap} ms`);
    }
  }
  return out;
}

// ---- tasks and instances over time ----------------------------------------------------------

/** Per-minute average of a piecewise-constant count built from (time, delta) steps. */
function perMinute(steps: { t: number; d: number }[], horizon: number): number[] {
  const n = Math.ceil(horizon / 60);
  const integral = new Array<number>(n).fill(0);
  const sorted = [...steps].sort((a, b) => a.t - b.t);
  let value = 0;
  let since = 0;
  const accrue = (to: number) => {
    const end = Math.min(to, horizon);
    for (let from = since; from < end; ) {
      const m = Math.floor(from / 60);
      const next = Math.min(end, (m + 1) * 60);
      integral[m] += value * (next - from);
      from = next;
    }
    if (end > since) since = end;
  };
  for (const s of sorted) {
    accrue(s.t);
    value += s.d;
  }
  accrue(horizon);
  return integral.map((v, m) => v / Math.min(60, horizon - m * 60));
}

function stateSteps(log: ProbeLog, inState: (s: TaskState) => boolean, weight: (r: TaskRecord) => number = () => 1): { t: number; d: number; seq: number }[] {
  const steps: { t: number; d: number; seq: number }[] = [];
  for (const r of log.tasks.values()) {
    for (const tr of r.transitions) {
      const was = tr.from !== TaskState.STOPPED && inState(tr.from);
      const is = tr.to !== TaskState.STOPPED && inState(tr.to);
      if (was !== is) steps.push({ t: tr.t, d: is ? weight(r) : -weight(r), seq: tr.seq });
    }
  }
  return steps;
}

/** The task, instance and paid-vCPU series agree with what happened; paid ≥ used. */
export function checkTasks({ scenario, alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  const horizon = scenario.horizonSeconds;
  const s = result.series;
  const spec = clusterOf(alt.capacity, scenario.region);
  const running = perMinute(stateSteps(log, (st) => st === TaskState.RUNNING), horizon);
  const instances = perMinute(
    [...log.instances.values()].flatMap((r) => [{ t: r.launchedAt, d: 1 }, ...(Number.isNaN(r.endedAt) ? [] : [{ t: r.endedAt, d: -1 }])]),
    horizon,
  );
  const billedSize = (r: TaskRecord) => (spec.orchestrator === 'eks' && r.instanceId < 0 ? eksFargatePodSize(r.task.size) : r.task.size);
  const paid = perMinute(
    [
      ...stateSteps(log, (st) => st >= TaskState.PENDING && st <= TaskState.STOPPING, (r) => (r.instanceId < 0 ? billedSize(r).cpuUnits / 1024 : 0)),
      ...[...log.instances.values()].flatMap((r) => [{ t: r.launchedAt, d: r.instance.type.vcpu }, ...(Number.isNaN(r.endedAt) ? [] : [{ t: r.endedAt, d: -r.instance.type.vcpu }])]),
    ],
    horizon,
  );
  // Tasks that left the load balancer in a minute may have served the whole tick they left in.
  const leftIn = new Array<number>(running.length).fill(0);
  const vcpuOf = (r: TaskRecord) => r.task.size.cpuUnits / 1024;
  for (const r of log.tasks.values()) if (!Number.isNaN(r.leftServiceAt)) leftIn[Math.min(running.length - 1, Math.floor(r.leftServiceAt / 60))] += vcpuOf(r);
  let maxRunning = 0;
  let current = 0;
  for (const st of stateSteps(log, (x) => x === TaskState.RUNNING).sort((a, b) => a.seq - b.seq)) {
    current += st.d;
    maxRunning = Math.max(maxRunning, current);
  }
  for (let m = 0; m < running.length; m++) {
    if (Math.abs(s.runningTasks[m] - running[m]) > 1e-3 + stored(running[m])) out.push(`minute ${m}: runningTasks ${s.runningTasks[m]}, the tasks' states say ${running[m]}`);
    if (Math.abs(s.instances[m] - instances[m]) > 1e-3 + stored(instances[m])) out.push(`minute ${m}: instances ${s.instances[m]}, launches and terminations say ${instances[m]}`);
    if (Math.abs(s.paidVcpu[m] - paid[m]) > 1e-3 + stored(paid[m])) out.push(`minute ${m}: paidVcpu ${s.paidVcpu[m]}, billed tasks and instances say ${paid[m]}`);
    const tol = 1e-3 + stored(s.paidVcpu[m]) + (leftIn[m] * scenario.tickSeconds) / Math.min(60, horizon - m * 60);
    // Per-request mode serves exponential service times: a minute may complete more than its capacity.
    if (scenario.mode === 'fluid' && s.usedVcpu[m] > s.paidVcpu[m] + tol) out.push(`minute ${m}: used vCPU ${s.usedVcpu[m]} > paid vCPU ${s.paidVcpu[m]}`);
  }
  // Tasks per lifecycle state, and starting (= neither RUNNING nor STOPPED), as the tasks moved.
  const byState: [string, (st: TaskState) => boolean][] = [
    ['startingTasks', (st) => st !== TaskState.RUNNING],
    ['tasksProvisioning', (st) => st === TaskState.PROVISIONING],
    ['tasksPending', (st) => st === TaskState.PENDING],
    ['tasksActivating', (st) => st === TaskState.ACTIVATING],
    ['tasksDeactivating', (st) => st === TaskState.DEACTIVATING],
    ['tasksStopping', (st) => st === TaskState.STOPPING],
  ];
  for (const [name, inState] of byState) {
    const series = (s as unknown as Record<string, Float32Array | undefined>)[name];
    if (!series) continue;
    const expected = perMinute(stateSteps(log, inState), horizon);
    for (let m = 0; m < series.length; m++) {
      if (Math.abs(series[m] - expected[m]) > 1e-3 + stored(expected[m])) {
        out.push(`minute ${m}: ${name} ${series[m]}, the tasks' states say ${expected[m]}`);
        break;
      }
    }
  }
  // Desired and pending tasks are sums over the alternative's services (a web service and a job runner).
  const desiredNow = new Map(Object.entries(log.opts.initialDesired));
  const desiredSteps = [{ t: 0, d: [...desiredNow.values()].reduce((a, b) => a + b, 0) }];
  for (const d of log.desired) {
    desiredSteps.push({ t: d.t, d: d.desired - (desiredNow.get(d.service) ?? 0) });
    desiredNow.set(d.service, d.desired);
  }
  const desired = perMinute(desiredSteps, horizon);
  const waitingNow = new Map<string, number>();
  const pendingSteps: { t: number; d: number }[] = [];
  for (const w of log.waiting) {
    pendingSteps.push({ t: w.t, d: w.count - (waitingNow.get(w.service) ?? 0) });
    waitingNow.set(w.service, w.count);
  }
  const pending = perMinute(pendingSteps, horizon);
  for (let m = 0; m < running.length; m++) {
    if (Math.abs(s.desiredTasks[m] - desired[m]) > 1e-3 + stored(desired[m])) {
      out.push(`minute ${m}: desiredTasks ${s.desiredTasks[m]}, the services' desired counts add up to ${desired[m]}`);
      break;
    }
  }
  for (let m = 0; m < running.length; m++) {
    if (Math.abs(s.pendingTasks[m] - pending[m]) > 1e-3 + stored(pending[m])) {
      out.push(`minute ${m}: pendingTasks ${s.pendingTasks[m]}, the services' waiting launches add up to ${pending[m]}`);
      break;
    }
  }
  const u = result.usage;
  const leftTotal = leftIn.reduce((a, b) => a + b, 0);
  if (scenario.mode === 'fluid' && u.avgUsedVcpu > u.avgPaidVcpu + 1e-3 + (leftTotal * scenario.tickSeconds) / horizon) out.push(`usage: avgUsedVcpu ${u.avgUsedVcpu} > avgPaidVcpu ${u.avgPaidVcpu}`);
  if (u.maxTasks !== maxRunning) out.push(`usage.maxTasks ${u.maxTasks}, but at most ${maxRunning} tasks ran at once`);
  if (u.pendingTaskSeconds < 0 || u.maxPendingTasks < 0) out.push(`pending tasks negative: ${u.pendingTaskSeconds} task-s, max ${u.maxPendingTasks}`);
  const cold = [...log.tasks.values()].filter((r) => !r.warm && !Number.isNaN(r.runningAt)).length;
  if (result.startLatency.count !== cold) out.push(`startLatency.count ${result.startLatency.count}, but ${cold} tasks started cold and reached RUNNING`);
  return out;
}

/** Spot: an EC2 notice ends the instance exactly 120 s later; a task told to go is STOPPED by its deadline. */
export function checkSpot({ scenario, alt, log, result }: RunContext): string[] {
  const out: string[] = [];
  const horizon = scenario.horizonSeconds;
  for (const r of log.instances.values()) {
    if (Number.isNaN(r.noticeAt)) {
      if (r.reason === 'spot-interruption') out.push(`instance ${r.instance.id} ended as interrupted without a notice`);
      continue;
    }
    if (r.instance.purchase !== 'spot') out.push(`on-demand instance ${r.instance.id} got a Spot interruption notice`);
    const due = r.noticeAt + 120;
    if (due <= horizon) {
      if (r.endedAt !== due || r.reason !== 'spot-interruption') out.push(`instance ${r.instance.id}: notice at ${r.noticeAt}, ended at ${r.endedAt} (${r.reason}), expected spot-interruption at ${due}`);
    } else if (!Number.isNaN(r.endedAt) && r.endedAt < r.noticeAt) out.push(`instance ${r.instance.id} ended before its notice`);
  }
  const stopTimeout = (service: string) => (service === alt.jobs?.name ? alt.jobs.lifecycle : alt.service!.lifecycle).stopTimeoutSeconds;
  for (const ti of log.taskInterruptions) {
    const rec = log.tasks.get(ti.task);
    if (!rec) continue;
    if (ti.mode === 'sigterm' && rec.provider !== 'FARGATE_SPOT') out.push(`task ${rec.service}#${rec.task.id} on ${rec.provider} got a Fargate Spot SIGTERM`);
    const by = ti.mode === 'sigterm' ? Math.min(ti.deadline, ti.t + stopTimeout(rec.service)) : ti.deadline;
    if (by <= horizon && !(rec.stoppedAt <= by + 1e-9)) out.push(`task ${rec.service}#${rec.task.id}: told at ${ti.t} to stop by ${by} (${ti.reason}) in state ${TaskState[ti.stateAtNotice]}, stopped at ${rec.stoppedAt}`);
  }
  const notices = log.interruptions.length;
  if ((result.eventCounts.interruption ?? 0) !== notices) out.push(`eventCounts.interruption ${result.eventCounts.interruption ?? 0} ≠ ${notices} notices`);
  return out;
}

/** Autoscaling: desired stays in [min, max] (as scheduled actions move them); no scale-in while a deployment runs. */
export function checkScaling({ alt, log }: RunContext): string[] {
  const out: string[] = [];
  const svc = alt.service;
  for (const d of log.desired) if (d.desired < 0) out.push(`service ${d.service}: desired ${d.desired} < 0 at t=${d.t}`);
  if (alt.jobs) for (const d of log.desired) if (d.service === alt.jobs.name && d.desired > alt.jobs.maxConcurrent) out.push(`jobs: desired ${d.desired} > maxConcurrent ${alt.jobs.maxConcurrent} at t=${d.t}`);
  if (!svc) return out;
  const a = svc.autoscaling;
  // Merge desired changes and bound changes in time order (a decision is logged before its desired signal).
  let min = a?.minCapacity ?? -Infinity;
  let max = a?.maxCapacity ?? Infinity;
  const events = [...log.decisions.map((d) => ({ t: d.t, d, k: 0 })), ...log.desired.filter((x) => x.service === svc.name).map((x) => ({ t: x.t, x, k: 1 }))];
  let deploying = 0;
  let lastDesired = svc.desiredCount;
  const pending: { t: number; desired: number }[] = [];
  const flush = (upTo: number) => {
    // Checked once the instant is over (a scheduled action moves bounds, then desired, in one instant).
    while (pending.length > 0 && pending[0].t < upTo) {
      const p = pending.shift()!;
      if (a && (p.desired < min || p.desired > max)) out.push(`service ${svc.name}: desired ${p.desired} outside [${min}, ${max}] at the end of t=${p.t}`);
    }
  };
  for (const e of events.sort((x, y) => x.t - y.t)) {
    flush(e.t);
    if ('d' in e && e.d) {
      const m = /capacity bounds \[(\d+), (\d+)\]/.exec(e.d.detail);
      if (m) {
        min = Number(m[1]);
        max = Number(m[2]);
      }
      if (e.d.kind === 'deployment' && / started \(/.test(e.d.detail)) deploying++;
      if (e.d.kind === 'deployment' && / completed$/.test(e.d.detail)) deploying--;
      const change = /^desired (\d+) → (\d+): (.*)$/.exec(e.d.detail);
      if (change && deploying > 0 && Number(change[2]) < Number(change[1]) && !/^scheduled action|^HPA|moved inside/.test(change[3])) {
        out.push(`scale-in ${change[1]} → ${change[2]} at t=${e.t} during a deployment: ${change[3]}`);
      }
    } else if ('x' in e && e.x) {
      lastDesired = e.x.desired;
      if (pending.length > 0 && pending[pending.length - 1].t === e.t) pending[pending.length - 1].desired = lastDesired;
      else pending.push({ t: e.t, desired: lastDesired });
    }
  }
  flush(Infinity);
  return out;
}

/** Jobs: submitted = completed + running + queued; the jobs running are the job tasks RUNNING; restarts only from interruptions. */
export function checkJobs({ alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  const j = result.jobs;
  if (!alt.jobs) {
    if (j !== null) out.push('job stats without jobs');
    return out;
  }
  if (!j) return ['jobs in the scenario but no job stats'];
  const runningTasks = [...log.tasks.values()].filter((r) => r.service === alt.jobs!.name && r.task.state === TaskState.RUNNING).length;
  const runningJobs = j.started - j.completed;
  if (runningJobs < 0 || j.queuedAtEnd < 0) out.push(`jobs: started ${j.started}, completed ${j.completed}, queued ${j.queuedAtEnd}`);
  if (j.submitted !== j.completed + runningJobs + j.queuedAtEnd) out.push(`jobs: submitted ${j.submitted} ≠ completed ${j.completed} + running ${runningJobs} + queued ${j.queuedAtEnd}`);
  if (runningTasks !== runningJobs) out.push(`jobs: ${runningJobs} jobs running at the end but ${runningTasks} job tasks RUNNING`);
  const interrupted = log.taskInterruptions.filter((ti) => ti.task.service === alt.jobs!.name).length;
  if (j.restarts < 0 || j.restarts > interrupted) out.push(`jobs: ${j.restarts} restarts but only ${interrupted} job tasks were interrupted`);
  if (j.lostWorkSeconds < 0 || (j.restarts === 0 && j.lostWorkSeconds !== 0)) out.push(`jobs: lostWorkSeconds ${j.lostWorkSeconds} with ${j.restarts} restarts`);
  if (j.completed > 0 && j.usdPerJob !== null && Math.abs(j.usdPerJob * j.completed - result.cost.totalUsd) > 1e-5 * j.completed + 1e-9) out.push(`jobs: usdPerJob ${j.usdPerJob} × ${j.completed} ≠ total ${result.cost.totalUsd}`);
  return out;
}

/** Subnet IPs at the end: every instance and every ENI-holding task still alive holds one, nobody else. */
export function checkSubnets({ scenario, alt, log }: RunContext): string[] {
  const out: string[] = [];
  const spec = clusterOf(alt.capacity, scenario.region);
  if (log.subnets.size > 1) out.push(`${log.subnets.size} subnet pools in one run`);
  const initial = new Map<string, number>();
  for (const s of spec.subnets) initial.set(s.az, (initial.get(s.az) ?? 0) + s.ips);
  const held = new Map<string, number>();
  const hold = (az: string) => held.set(az, (held.get(az) ?? 0) + 1);
  for (const r of log.instances.values()) if (Number.isNaN(r.endedAt)) hold(r.instance.az);
  const taskIp = spec.networkMode === 'awsvpc' && spec.orchestrator === 'ecs';
  for (const r of log.tasks.values()) {
    if (r.task.state === TaskState.STOPPED) continue;
    if (r.instanceId < 0 || taskIp) hold(r.az);
  }
  // EKS: the VPC CNI's ENIs, IPs or prefixes on each node still there hold addresses too.
  for (const az of initial.keys()) held.set(az, (held.get(az) ?? 0) + (log.cluster?.cni?.addressesIn(az) ?? 0));
  for (const [subnets] of log.subnets) {
    const free = (subnets as unknown as { free: Map<string, number> }).free;
    for (const [az, n] of initial) {
      const expected = n - (held.get(az) ?? 0);
      if (free.get(az) !== expected) out.push(`subnet ${az}: ${free.get(az)} IPs free at the end, expected ${n} − ${held.get(az) ?? 0} held = ${expected}`);
    }
  }
  return out;
}

/** Events: in time order, inside the horizon; counts never below the events kept. */
export function checkEvents({ scenario, result }: RunContext): string[] {
  const out: string[] = [];
  let last = -Infinity;
  const counts: Record<string, number> = {};
  for (const e of result.events) {
    if (e.t < last - 1e-9) out.push(`event at ${e.t} after one at ${last}: ${e.kind} ${e.detail}`);
    if (e.t < 0 || e.t > scenario.horizonSeconds + 1e-9) out.push(`event outside the horizon: t=${e.t} ${e.kind} ${e.detail}`);
    last = Math.max(last, e.t);
    counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  }
  for (const [kind, n] of Object.entries(counts)) if ((result.eventCounts[kind as keyof typeof result.eventCounts] ?? 0) < n) out.push(`eventCounts.${kind} below the ${n} events kept`);
  return out;
}

function quantityOf(items: readonly LineItem[], id: string): Decimal | null {
  const li = items.find((i) => i.id === id);
  return li ? new D(li.quantity) : null;
}

/**
 * Extras recomputed from what happened: public IPv4 address-seconds (Fargate task ENIs from
 * PROVISIONING, instances from launch; 60 s minimum when released), EBS GiB-seconds per instance,
 * log GiB per RUNNING task-hour, NAT or endpoint hours for the whole horizon, pulled GB.
 */
export function checkExtras({ scenario, alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  const x = alt.extras;
  const items = result.cost.lineItems;
  const horizon = scenario.horizonSeconds;
  const spec = clusterOf(alt.capacity, scenario.region);
  const usesStartLatency = (r: TaskRecord) => (r.service === alt.jobs?.name ? false : alt.service?.startLatency !== null);
  // Every Fargate task that went through an image pull pulled its own image.
  const pullsOf = new Map<unknown, number>();
  for (const p of log.pulls) pullsOf.set(p.task, (pullsOf.get(p.task) ?? 0) + 1);
  for (const r of log.tasks.values()) {
    if (r.instanceId >= 0 || Number.isNaN(r.pendingAt) || r.warm || usesStartLatency(r)) continue;
    const n = pullsOf.get(r.task) ?? 0;
    if (n !== 1) out.push(`Fargate task ${r.service}#${r.task.id} reached PENDING and pulled its image ${n} times`);
  }
  if (!x) {
    if (items.some((li) => /^(vpc|ebs|logs|nat|vpce|eks)\./.test(li.id))) out.push('extras line items without extras');
    return out;
  }
  const close = (id: string, expected: Decimal, unitTolerance: number) => {
    const q = quantityOf(items, id);
    if (q === null) {
      if (expected.gt(unitTolerance)) out.push(`no ${id} line item, expected ${expected.toFixed(6)}`);
      return;
    }
    if (q.minus(expected).abs().gt(unitTolerance)) out.push(`${id}: quantity ${q.toFixed()}, recomputed ${expected.toFixed(9)}`);
  };
  const held = (from: number, to: number, released: boolean) => {
    const e = Math.max(0, Math.ceil(to - from - 1e-9));
    return released ? Math.max(60, e) : e;
  };
  if (x.publicIpv4) {
    let seconds = 0;
    if (x.eksClusters === 0) {
      for (const r of log.tasks.values()) if (r.instanceId < 0) seconds += held(r.launchedAt, Number.isNaN(r.stoppedAt) ? horizon : r.stoppedAt, !Number.isNaN(r.stoppedAt));
    }
    for (const r of log.instances.values()) seconds += held(r.launchedAt, Number.isNaN(r.endedAt) ? horizon : r.endedAt, !Number.isNaN(r.endedAt));
    close('vpc.public-ipv4', new D(seconds).div(3600), 1e-6);
  }
  if (x.ebsGiBPerInstance > 0 && log.instances.size > 0) {
    let gibSeconds = 0;
    for (const r of log.instances.values()) gibSeconds += x.ebsGiBPerInstance * held(r.launchedAt, Number.isNaN(r.endedAt) ? horizon : r.endedAt, !Number.isNaN(r.endedAt));
    close('ebs.gp3', new D(gibSeconds).div(730 * 3600), 1e-6);
  }
  let logsGiB = new D(0);
  if (x.logsGiBPerTaskHour > 0) {
    let ms = 0;
    for (const r of log.tasks.values()) {
      let since = NaN;
      for (const tr of r.transitions) {
        if (tr.to === TaskState.RUNNING) since = tr.t;
        else if (!Number.isNaN(since)) {
          ms += Math.max(0, Math.round((tr.t - since) * 1000));
          since = NaN;
        }
      }
      if (!Number.isNaN(since)) ms += Math.max(0, Math.round((horizon - since) * 1000));
    }
    logsGiB = new D(ms).div(3_600_000).times(String(x.logsGiBPerTaskHour));
    close('logs.ingestion', logsGiB, 1e-6);
  }
  const pulledGiB = new D(log.pulls.reduce((n, p) => n + Math.round(p.bytes), 0)).div(2 ** 30);
  const hours = Math.ceil(horizon / 3600);
  if (x.network.path === 'nat') {
    close('nat.hours', new D(hours * x.network.azs), 0);
    close('nat.processed.pulls', pulledGiB, 1e-6);
    close('nat.processed.logs', logsGiB, 1e-6);
  } else if (x.network.path === 'vpc-endpoints') {
    close('vpce.interface.hours', new D(Math.ceil(horizon - 1e-9)).div(3600).times(x.network.azs * x.network.interfaceEndpoints), 1e-6);
    close('vpce.interface.processed.logs', logsGiB, 1e-6);
    close('vpce.s3-gateway.pulls', pulledGiB, 1e-6);
  }
  if (spec.orchestrator === 'eks') close('eks.control-plane', new D(Math.ceil(horizon - 1e-9)).div(3600), 1e-6);
  return out;
}

/** EC2 Spot priced hour by hour: each billed second at its clock hour's fraction of on-demand (the 60 s minimum in the launch hour). */
export function checkSpotPrice({ scenario, alt, result, log }: RunContext): string[] {
  const out: string[] = [];
  const spec = clusterOf(alt.capacity, scenario.region);
  const horizon = scenario.horizonSeconds;
  const hours = Math.ceil(horizon / 3600);
  const expected = new Map<string, Decimal>();
  for (const r of log.instances.values()) {
    const i = r.instance;
    if (i.purchase !== 'spot') continue;
    const provider = spec.providers.find((p) => p.name === i.provider);
    if (!provider || provider.kind !== 'asg' || !provider.spot) continue;
    const spot = provider.spot;
    const ended = !Number.isNaN(r.endedAt);
    const end = ended ? r.endedAt : horizon;
    const from = Math.min(end, i.runningAt ?? r.launchedAt); // billed from running
    if (ended && r.reason === 'spot-interruption' && r.endedAt - from < 3600) continue;
    const billed = billedSeconds(from, end, ended, 60);
    const perHour = new Array<number>(hours).fill(0);
    const stop = Math.min(end, from + billed);
    for (let t = from; t < stop; ) {
      const h = Math.floor(t / 3600);
      const next = Math.min(stop, (h + 1) * 3600);
      perHour[Math.min(h, hours - 1)] += next - t;
      t = next;
    }
    perHour[Math.min(hours - 1, Math.floor(from / 3600))] += billed - (stop - from);
    const od = new D(scenario.rates.ec2[i.type.name]?.usd ?? i.type.onDemandUsdPerHour).div(3600);
    let usd = expected.get(i.type.name) ?? new D(0);
    perHour.forEach((secs, h) => {
      let f = spot.priceFraction;
      for (const p of spot.priceTrace) if (p.atSeconds <= h * 3600) f = p.fraction;
      usd = usd.plus(od.times(secs).times(String(f)));
    });
    expected.set(i.type.name, usd);
  }
  for (const [type, usd] of expected) {
    const li = result.cost.lineItems.find((l) => l.id === `ec2.spot.${type}`);
    const billed = li ? new D(li.usdExact) : new D(0);
    if (billed.minus(usd).abs().gt(1e-9)) out.push(`ec2.spot.${type}: usdExact ${billed.toFixed()}, the instances' billed seconds at each hour's Spot price give ${usd.toFixed(12)}`);
  }
  return out;
}

export const ALL_CHECKS = { checkExtras, checkSpotPrice, checkMoney, checkCommitments, checkBilling, checkRequests, checkTasks, checkSpot, checkScaling, checkJobs, checkSubnets, checkEvents };

export function runChecks(ctx: RunContext): string[] {
  const out = [...ctx.log.violations.map((v) => `probe: ${v}`)];
  for (const [name, check] of Object.entries(ALL_CHECKS)) for (const v of check(ctx)) out.push(`${name}: ${v}`);
  return out;
}
