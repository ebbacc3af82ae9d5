// Regression gates for CI, written as `cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0`: each says how
// much a metric of an alternative may grow against a baseline before the check fails. Parsed here
// (the vocabulary the scenario's `thresholds:`, `capsim run --fail-on` and `capsim diff --fail-on`
// share); applied in run/gates.ts.

import { closestNames } from '../catalog/index.js';
import { FieldError } from './errors.js';

export const GATE_METRICS = {
  cost: { label: 'cost', unit: 'USD', what: 'total cost of the run' },
  sloMinutes: { label: 'minutes over SLO', unit: 'min', what: 'minutes whose p95 latency is over the SLO target or that drop requests' },
  p95: { label: 'p95 latency', unit: 'ms', what: '95th percentile over the minutes with traffic of each minute’s p95 request latency' },
  dropped: { label: 'requests dropped', unit: 'requests', what: 'requests dropped over the run' },
} as const;

export type GateMetric = keyof typeof GATE_METRICS;

export interface Gate {
  metric: GateMetric;
  /** `%`: the limit is a percentage of the baseline value; otherwise in the metric's unit. */
  relative: boolean;
  /** The change above which the gate fails (may be negative: "must fall by at least …"). */
  limit: number;
  /** As written, normalised: `cost>+5%`. */
  text: string;
}

export const GATES_ALLOWED = `comma-separated <metric>><change>, e.g. "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0"; metrics ${Object.keys(GATE_METRICS).join(', ')}; a change in the metric's unit or a percentage of the baseline`;

const ITEM = /^([A-Za-z0-9]+)\s*>\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(%?)$/;

/** Parses gates from a comma-separated string or a list of them; throws a FieldError naming the bad item. */
export function parseGates(input: string | readonly string[]): Gate[] {
  const items = (typeof input === 'string' ? [input] : input).flatMap((s) => s.split(',')).map((s) => s.trim());
  if (items.length === 0 || items.every((s) => s === '')) throw new FieldError('no gate given', GATES_ALLOWED);
  return items.map((item) => {
    const m = ITEM.exec(item);
    if (!m) throw new FieldError(`cannot read the gate "${item}"`, GATES_ALLOWED);
    const metric = m[1];
    if (!(metric in GATE_METRICS)) {
      const near = closestNames(metric, Object.keys(GATE_METRICS), 1);
      throw new FieldError(`unknown metric "${metric}" in "${item}"${near.length > 0 ? `; did you mean "${near[0]}"?` : ''}`, GATES_ALLOWED);
    }
    const limit = Number(m[2]);
    const relative = m[3] === '%';
    return { metric: metric as GateMetric, relative, limit, text: `${metric}>${limit >= 0 ? '+' : ''}${limit}${relative ? '%' : ''}` };
  });
}
