// Kubernetes HPA (aws-facts §4.3): the replica formula and tolerance as a pure function, then the
// controller on a real Simulation against a fake service whose pods are ready at once (so each
// sync sees exactly the pods and utilisation a test scripts), then whole runs.

import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { HorizontalPodAutoscaler, hpaReplicas, type HpaTarget } from '../../src/scaling/hpa.js';
import type { HpaSpec } from '../../src/domain/scenario.js';
import { TaskState } from '../../src/domain/task.js';
import { desiredChanges, runService } from './run-scenario.js';

const DEFAULTS: HpaSpec = { metric: 'cpu', targetPercent: 75, tolerance: 0.1, syncPeriodSeconds: 15, scaleDownStabilizationSeconds: 300, scaleUpStabilizationSeconds: 0 };

class FakeService implements HpaTarget {
  tasks: { state: TaskState; servingSince: number }[] = [];
  pendingLaunches = 0;
  readonly decisions: { t: number; from: number; to: number; reason: string }[] = [];

  constructor(
    private readonly sim: Simulation,
    public desired: number,
  ) {
    this.resize(desired);
  }

  setDesired(n: number, reason: string): void {
    this.decisions.push({ t: this.sim.now, from: this.desired, to: n, reason });
    this.desired = n;
    this.resize(n);
  }

  /** Pods are ready at once and have a full metric window (−∞: serving since long ago). */
  private resize(n: number): void {
    this.tasks = Array.from({ length: n }, () => ({ state: TaskState.RUNNING, servingSince: -Infinity }));
  }
}

function hpa(opts: { spec?: Partial<HpaSpec>; replicas: number; min?: number; max?: number; utilisation: (t: number) => number; horizon: number }) {
  const sim = new Simulation();
  const service = new FakeService(sim, opts.replicas);
  const bounds = { minCapacity: opts.min ?? 1, maxCapacity: opts.max ?? 1000 };
  new HorizontalPodAutoscaler(sim, { ...DEFAULTS, ...opts.spec }, service, bounds, opts.utilisation, opts.horizon).start();
  sim.run(opts.horizon);
  return { service, bounds };
}

describe('the replica formula (replica_calculator)', () => {
  it('the aws-facts example: 50 replicas at 90% against 75% → ceil(50 × 90/75) = 60', () => {
    expect(hpaReplicas(50, 50, 0, 90, 75, 0.1).replicas).toBe(60);
  });

  it('tolerance 0.1: ratio 1.05 keeps the count; 1.1125 does not', () => {
    expect(hpaReplicas(10, 10, 0, 84, 80, 0.1).replicas).toBe(10); // 84/80 = 1.05, |1 − 1.05| ≤ 0.1
    expect(hpaReplicas(10, 10, 0, 76, 80, 0.1).replicas).toBe(10); // 0.95
    expect(hpaReplicas(10, 10, 0, 89, 80, 0.1).replicas).toBe(12); // 1.1125 × 10 = 11.125 → 12
    expect(hpaReplicas(10, 10, 0, 40, 80, 0.1).replicas).toBe(5); // 0.5 × 10 = 5
  });

  it('scaling up with pods not yet ready counts them at 0%', () => {
    // 2 ready at 100%, 2 starting, target 50: ratio' = 100 × 2 / 4 / 50 = 1.0 → within tolerance → 4
    expect(hpaReplicas(4, 2, 2, 100, 50, 0.1).replicas).toBe(4);
    // 2 ready at 100%, 4 starting, target 25: ratio' = 100 × 2 / 6 / 25 = 1.333 → ceil(1.333 × 6) = 8
    expect(hpaReplicas(6, 2, 4, 100, 25, 0.1).replicas).toBe(8);
    // scaling down ignores them: 2 ready at 20%, 2 starting, target 50 → ceil(0.4 × 2) = 1
    expect(hpaReplicas(4, 2, 2, 20, 50, 0.1).replicas).toBe(1);
  });
});

describe('HorizontalPodAutoscaler', () => {
  it('50 replicas at 90% against 75% go to 60 at the first sync (t = 15 s), with the numbers in the reason', () => {
    const { service } = hpa({ replicas: 50, utilisation: () => 90, horizon: 15 });
    expect(service.decisions).toHaveLength(1);
    expect(service.decisions[0]).toMatchObject({ t: 15, from: 50, to: 60 });
    expect(service.decisions[0].reason).toBe('HPA: cpu 90% over the last 15 s vs target 75%, ratio 1.20 × 50 ready → 60');
  });

  it('ratio 1.05 is within tolerance: no change for the whole run', () => {
    const { service } = hpa({ spec: { targetPercent: 80 }, replicas: 10, utilisation: () => 84, horizon: 600 });
    expect(service.decisions).toEqual([]);
  });

  it('utilisation is truncated to a whole percent, as the metrics client does', () => {
    // 83.9% → 83; 83/75 = 1.1067 → 10 × 1.1067 = 11.07 → 12
    const { service } = hpa({ replicas: 10, utilisation: () => 83.9, horizon: 15 });
    expect(service.decisions[0].to).toBe(12);
  });

  it('scale-up limit: 2 pods at 100% against 25% want 8 but get max(2 × 2, 2 + 4) = 6, then 12', () => {
    const { service } = hpa({ spec: { targetPercent: 25 }, replicas: 2, utilisation: () => 100, horizon: 30 });
    // t = 15: ceil(2 × 100/25) = 8; limit from the 2 replicas of 15 s ago: max(4, 6) = 6
    expect(service.decisions[0]).toMatchObject({ t: 15, from: 2, to: 6 });
    expect(service.decisions[0].reason).toContain('scale-up limited to 6 (max(100%, 4 pods) per 15 s from 2)');
    // t = 30: ceil(6 × 4) = 24; the change at t = 15 is not after 30 − 15, so the period starts
    // at 6: max(12, 10) = 12
    expect(service.decisions[1]).toMatchObject({ t: 30, from: 6, to: 12 });
  });

  it('scale-down stabilization: a dip shorter than 300 s does not scale down', () => {
    // 10 pods at 50% (target 50: ratio 1, recommendation 10) until t = 300; 20% from 315 to 585
    // (recommendation ceil(0.4 × 10) = 4), back to 50% after. Every sync in the dip still sees a
    // recommendation of 10 within the last 300 s (the one at t = 300 until t = 600).
    const { service } = hpa({ spec: { targetPercent: 50 }, replicas: 10, utilisation: (t) => (t >= 315 && t <= 585 ? 20 : 50), horizon: 1200 });
    expect(service.decisions).toEqual([]);
  });

  it('scale-down stabilization: a dip that lasts scales down once the last high recommendation is 300 s old', () => {
    // recommendations: 10 at t = 15..300, 4 from t = 315. At t = 585 the window (285, 585] still
    // holds t = 300's 10; at t = 600 the window (300, 600] holds only 4s → 10 → 4.
    const { service } = hpa({ spec: { targetPercent: 50 }, replicas: 10, utilisation: (t) => (t >= 315 ? 20 : 50), horizon: 600 });
    expect(service.decisions).toHaveLength(1);
    expect(service.decisions[0]).toMatchObject({ t: 600, from: 10, to: 4 });
  });

  it('stabilization may hold a scale-down part-way, and says so in the reason', () => {
    // 10 pods, target 50. Recommendations: t = 15 at 50% → 10; t = 30 at 40% → ceil(0.8 × 10) = 8;
    // from t = 45 at 20% → ceil(0.4 × 10) = 4. At t = 315 the window (15, 315] holds 8 and 4s →
    // 10 → 8. At t = 330 the window (30, 330] holds only 4s (ceil(0.4 × 8) = 3.2 → 4) → 8 → 4.
    const { service } = hpa({ spec: { targetPercent: 50 }, replicas: 10, utilisation: (t) => (t === 15 ? 50 : t === 30 ? 40 : 20), horizon: 400 });
    expect(service.decisions.map((d) => [d.t, d.from, d.to])).toEqual([
      [315, 10, 8],
      [330, 8, 4],
    ]);
    expect(service.decisions[0].reason).toBe(
      'HPA: cpu 20% over the last 15 s vs target 50%, ratio 0.40 × 10 ready → 4; scale-down stabilization: highest recommendation in the last 300 s is 8',
    );
  });

  it('scale-up stabilization (when set) takes the lowest recommendation in its window', () => {
    // window 30 s, 10 pods, target 50: t = 15 at 50% → rec 10; t = 30 at 100% → rec 20, but the
    // window (0, 30] holds 10 → stays 10; t = 45: window (15, 45] holds 20, 20 → 20
    const { service } = hpa({ spec: { targetPercent: 50, scaleUpStabilizationSeconds: 30 }, replicas: 10, utilisation: (t) => (t === 15 ? 50 : 100), horizon: 45 });
    expect(service.decisions).toHaveLength(1);
    expect(service.decisions[0]).toMatchObject({ t: 45, from: 10, to: 20 });
  });

  it('maxReplicas clamps, and a count above a lowered maximum is brought down at the next sync', () => {
    const sim = new Simulation();
    const service = new FakeService(sim, 50);
    const bounds = { minCapacity: 1, maxCapacity: 55 };
    new HorizontalPodAutoscaler(sim, DEFAULTS, service, bounds, () => 90, 30).start();
    sim.run(15);
    expect(service.decisions[0]).toMatchObject({ t: 15, to: 55 });
    expect(service.decisions[0].reason).toContain('clamped to maxReplicas 55');
    bounds.maxCapacity = 40; // e.g. a scheduled action
    sim.run(30);
    expect(service.decisions[1]).toMatchObject({ t: 30, from: 55, to: 40, reason: 'HPA: 55 replicas above maxReplicas 40' });
  });

  it('no metrics (no ready pod, or NaN) → no action', () => {
    expect(hpa({ replicas: 4, utilisation: () => NaN, horizon: 300 }).service.decisions).toEqual([]);
    const sim = new Simulation();
    const service = new FakeService(sim, 4);
    service.tasks = service.tasks.map(() => ({ state: TaskState.PENDING, servingSince: NaN }));
    new HorizontalPodAutoscaler(sim, DEFAULTS, service, { minCapacity: 1, maxCapacity: 10 }, () => 100, 300).start();
    sim.run(300);
    expect(service.decisions).toEqual([]);
  });
});

describe('whole runs', () => {
  it('cpu: 600 rps on 2 tasks of 60 rps, target 50% → 4, 8, 16, 22, waiting for new pods to report', () => {
    const alt = runService({ rps: 600, desiredCount: 2, horizon: '15m', autoscaling: 'minCapacity: 1\nmaxCapacity: 40\nhpa: { metric: cpu, target: 50 }' });
    // Tasks start in 30 s and count as ready pods (with a CPU sample) one sync period after.
    // t = 15: 2 ready at 100% (120 rps of capacity, 600 offered) → ceil(2 × 2) = 4 (limit 6).
    // t = 30, 45: 2 ready at 100% + 2 not ready at 0% → ratio 100 × 2/4 / 50 = 1.0 → no change
    //   (the new tasks run from t = 45, and are ready pods from t = 60).
    // t = 60: 4 ready at 100% → 8.  t = 75..90: 4 + 4 not ready → 1.0 → no change.
    // t = 105: 8 ready at 100% → 16 (limit max(16, 12) = 16).
    // t = 150: 16 ready since 135. Window 135–150: the backlog built while 8 tasks served 480 of
    //   600 rps was at its limit of 100 per task = 800 requests; 16 tasks (960 rps) serve
    //   600 × 15 + 800 = 9,800 of 960 × 15 = 14,400 → 68.06% → 68 → 1.36 × 16 = 21.76 → 22.
    // After: 22 tasks at 600/1,320 = 45.45% → 45 → ratio 0.9, within tolerance: stays 22.
    expect(desiredChanges(alt.events)).toEqual(['15 desired 2 → 4', '60 desired 4 → 8', '105 desired 8 → 16', '150 desired 16 → 22']);
  });

  it('memory: 50% used against a 75% target scales in, one stabilization window at a time', () => {
    const alt = runService({ rps: 60, desiredCount: 6, horizon: '15m', memoryUtilization: '50%', autoscaling: 'minCapacity: 1\nmaxCapacity: 10\nhpa: { metric: memory, target: 75 }' });
    // Every task uses 50% of its memory. t = 15: ceil(6 × 50/75) = 4, and a new HPA has no
    // history to hold it back → 4. Then ceil(4 × 2/3) = ceil(2.67) = 3 from t = 30, held by the
    // 4 of t = 15 until t = 315 → 3; then ceil(3 × 2/3) = 2 from t = 330, held by the 3 of
    // t = 315 until t = 615 → 2; then ceil(2 × 2/3) = 2: stays.
    expect(desiredChanges(alt.events)).toEqual(['15 desired 6 → 4', '315 desired 4 → 3', '615 desired 3 → 2']);
  });
});
