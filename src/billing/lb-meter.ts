// The load balancer in front of the service (domain/extras.ts `LoadBalancerSpec`): its hours and
// its capacity units (LCU for an ALB, NLCU for an NLB) from the traffic the run simulated.
//
// Per clock hour of the horizon, from the requests offered in its minutes (the load balancer
// handles every request, also those the tasks drop), with the scenario's byte and connection
// assumptions:
//   new connections/s   = requests/s ÷ requestsPerConnection
//   active connections  = new connections/s × connectionSeconds
//   processed GB/hour   = requests × (requestBytes + responseBytes) / 10⁹, scaled to an hour
//   rule evaluations/s  = requests/s × max(0, rulesPerRequest − free rules)
//   capacity units      = the largest of each figure ÷ what one unit holds (catalog LB_CAPACITY_UNITS)
// An hour's rates are its averages (AWS measures new connections and rule evaluations as hourly
// averages; active connections are taken as the hour's average too, not its peak minute). A last
// partial hour is measured over its own seconds and billed as a whole unit-hour, as AWS bills
// "per LCU-hour (or partial hour)". The hourly fee: count × hours, each partial hour as a full hour.
// Processed GB are decimal (10⁹ bytes): AWS's own example reads 300 KB/s as 1.08 GB per hour.
// LCU-hours are summed as floats and kept to 6 decimals before they are priced once.
// By clock hour: the hourly fee each hour; capacity units spread by each hour's units (their sum is
// rounded once, so an hour's share is its units × the rate to within that rounding).

import { LB_CAPACITY_UNITS } from '../catalog/index.js';
import type { LoadBalancerSpec } from '../domain/extras.js';
import type { LineItem } from '../domain/result.js';
import type { ClockHours, HourlyDrivers } from './hourly.js';
import { Dec } from './money.js';
import type { OtherRateQuote } from './quote.js';

/** Requests per minute of the run (the load model's minutes), read once the run is over. */
export interface MinuteTraffic {
  offered: ArrayLike<number>;
  served: ArrayLike<number>;
}

export interface LbRates {
  hour: OtherRateQuote;
  unit: OtherRateQuote;
}

/** One hour's capacity units by dimension, and the largest. */
export interface HourUnits {
  newConnections: number;
  activeConnections: number;
  processedBytes: number;
  ruleEvaluations: number;
  units: number;
}

const DIMENSIONS = ['newConnections', 'activeConnections', 'processedBytes', 'ruleEvaluations'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** Capacity units for `requests` over `seconds` (≤ 3600), by the spec's assumptions. */
export function hourUnits(spec: LoadBalancerSpec, requests: number, seconds: number): HourUnits {
  const unit = LB_CAPACITY_UNITS[spec.type];
  const rps = requests / seconds;
  const newPerSecond = rps / spec.requestsPerConnection;
  const gbPerHour = ((requests * (spec.requestBytes + spec.responseBytes)) / 1e9) * (3600 / seconds);
  const rules = Math.max(0, spec.rulesPerRequest - unit.freeRulesPerRequest);
  const u = {
    newConnections: newPerSecond / unit.newConnectionsPerSecond,
    activeConnections: (newPerSecond * spec.connectionSeconds) / unit.activeConnections,
    processedBytes: gbPerHour / unit.processedGbPerHour,
    ruleEvaluations: (rps * rules) / unit.ruleEvaluationsPerSecond,
  };
  return { ...u, units: Math.max(u.newConnections, u.activeConnections, u.processedBytes, u.ruleEvaluations) };
}

export class LoadBalancerMeter {
  private traffic: MinuteTraffic | null = null;

  constructor(
    private readonly spec: LoadBalancerSpec,
    private readonly rates: LbRates,
    private readonly horizonSeconds: number,
  ) {}

  /** Takes the run's minutes once the run is over. */
  finish(_horizon: number, traffic?: MinuteTraffic): void {
    this.traffic = traffic ?? null;
  }

  /** Capacity units of each clock hour of the horizon. */
  hours(): HourUnits[] {
    const offered = this.traffic?.offered ?? [];
    const out: HourUnits[] = [];
    for (let start = 0; start < this.horizonSeconds; start += 3600) {
      const seconds = Math.min(3600, this.horizonSeconds - start);
      let requests = 0;
      const first = start / 60;
      const last = Math.min(offered.length, first + 60);
      for (let m = first; m < last; m++) requests += offered[m];
      out.push(hourUnits(this.spec, requests, seconds));
    }
    return out;
  }

  hourly(clock: ClockHours): HourlyDrivers {
    const { type, count } = this.spec;
    return new Map([
      [`lb.${type}.hours`, { kind: 'usd', usd: this.rates.hour.hourlyForRun(clock, count) }],
      [`lb.${type}.capacity-units`, { kind: 'share', weights: this.hours().map((h) => h.units) }],
    ]);
  }

  lineItems(): LineItem[] {
    const { type, count } = this.spec;
    const name = type === 'alb' ? 'Application Load Balancer' : 'Network Load Balancer';
    const unitName = type === 'alb' ? 'LCU' : 'NLCU';
    const hours = this.hours();
    let unitHours = 0;
    const leading = new Map<Dimension, number>();
    for (const h of hours) {
      unitHours += h.units;
      if (h.units > 0) {
        const lead = DIMENSIONS.find((d) => h[d] === h.units)!;
        leading.set(lead, (leading.get(lead) ?? 0) + 1);
      }
    }
    const led = [...leading.entries()].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${n} h ${LABELS[d]}`);
    return [
      this.rates.hour.lineItem(`lb.${type}.hours`, `${name} (${count}), hours`, this.rates.hour.hoursFor(this.horizonSeconds).times(count), 'load-balancer-hours'),
      this.rates.unit.lineItem(
        `lb.${type}.capacity-units`,
        `${name} capacity units (${unitName}: largest dimension each hour${led.length > 0 ? `; led by ${led.join(', ')}` : ''})`,
        new Dec(unitHours.toFixed(6)),
        `${unitName}-hours`,
      ),
    ];
  }
}

const LABELS: Record<Dimension, string> = {
  newConnections: 'new connections',
  activeConnections: 'active connections',
  processedBytes: 'processed bytes',
  ruleEvaluations: 'rule evaluations',
};
