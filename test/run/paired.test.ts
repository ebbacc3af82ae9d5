// Paired differences under common random numbers (run/replications.ts `pairedDifferences`): the
// arithmetic by hand, and the comparison's `paired` block and decision sentence on a small run.

import { describe, expect, it } from 'vitest';
import { compare, parseScenario, simulate } from '../../src/index.js';
import { pairedDifferences, replicationSeed } from '../../src/run/replications.js';
import { pairedText, recommendationSentence } from '../../src/report/index.js';
import type { ReplicationSample } from '../../src/domain/result.js';

const sample = (totalUsd: number, minutesOverShare = 0, dropped = 0): ReplicationSample => ({
  totalUsd,
  minutesOverShare,
  droppedShare: 0,
  interruptions: 0,
  minutesOver: 0,
  dropped,
  latencyP95Ms: 0,
  sloMet: true,
});

describe('pairedDifferences', () => {
  it('differences replication by replication, with a t-interval on them', () => {
    // a: 10, 12, 14; b: 11, 14, 15 → b − a: 1, 2, 1; mean 4/3 = 1.333333;
    // s² = ((1/3)² + (2/3)² + (1/3)²) / 2 = (6/9) / 2 = 1/3; s = 0.5773503;
    // half-width = t(0.975, 2) × s / √3 = 4.303 × 0.5773503 / 1.7320508 = 4.303 × 0.3333333 = 1.434333
    // (two independent intervals would each be 4.303 × 2 / √3 ≈ 4.97 wide: pairing removes the shared swing)
    const p = pairedDifferences(['a', 'b'], [[sample(10, 0.1, 5), sample(12, 0.2, 7), sample(14, 0.3, 9)], [sample(11, 0.1, 3), sample(14, 0.1, 3), sample(15, 0.1, 3)]], 'a');
    expect(p.baseline).toBe('a');
    expect(p.differences).toHaveLength(1);
    const d = p.differences[0];
    expect(d.alternative).toBe('b');
    expect(d.n).toBe(3);
    expect(d.totalUsd).toEqual({ mean: 1.333333, ci95: 1.434333, min: 1, max: 2 });
    // minutes over: 0 − 0.1, 0.1 − 0.2 ... = 0, −0.1, −0.2 → mean −0.1; dropped: 3 − 5, 3 − 7, 3 − 9 = −2, −4, −6 → mean −4
    expect(d.minutesOverShare.mean).toBeCloseTo(-0.1, 9);
    expect(d.dropped.mean).toBe(-4);
    expect(d.dropped.min).toBe(-6);
  });

  it('an unknown baseline is an error', () => {
    expect(() => pairedDifferences(['a'], [[sample(1)]], 'x')).toThrow(/no alternative named "x"/);
  });
});

const text = (replications: number) => `
name: paired
seed: 9
replications: ${replications}
horizon: 6h
workload: { rps: { type: constant, rps: 80 }, noise: 0.2 }
service: { task: { cpu: 1 vCPU, memory: 2 GB }, desiredCount: 3, taskCapacity: 50 rps, queueLimit: 0 }
slo: { latencyP95: 500ms, maxMinutesOver: 100%, maxDroppedShare: 0.5 }
alternatives:
  - name: three
    capacity: { type: fargate }
  - name: four
    capacity: { type: fargate }
    service: { desiredCount: 4 }
  - name: two
    capacity: { type: fargate }
    service: { desiredCount: 2 }
`;

describe('a comparison with replications', () => {
  const scenario = parseScenario(text(4));
  const result = compare(scenario);

  it('pairs every alternative with the recommended one: two tasks, the cheapest', () => {
    // A fixed fleet on Fargate costs the same on every seed: per task-hour 3600 × (1 vCPU × $0.000011244 + 2 GB × $0.000001235)
    // = $0.0493704; 6 h: two tasks 12 × 0.0493704 = $0.5924448; three 18 × = $0.8886672; four 24 × = $1.1848896.
    // The differences are of these exact totals (not of the cent-rounded $0.59, $0.89, $1.18).
    // With no place to wait every minute turns some requests away (Erlang B: two tasks at 40 rps of
    // 50, 3 workers each of 50/3 rps, a = 2.4: B(3, 2.4) = 2.304 / 8.584 = 27 %), and noise σ 0.2 moves
    // the drops seed by seed; all three stay within the 50 % drop cap (minutes over are allowed up
    // to 100 %), so two, the cheapest, is recommended.
    expect(result.recommended).toBe('two');
    expect(result.paired?.baseline).toBe('two');
    const by = (name: string) => result.paired!.differences.find((d) => d.alternative === name)!;
    expect(result.paired!.differences.map((d) => d.alternative)).toEqual(['three', 'four']);
    // three − two = 0.8886672 − 0.5924448 = 0.2962224 → 0.296222 (6 decimals) on every seed; four − two = 0.5924448 → 0.592445
    expect(by('three').totalUsd).toEqual({ mean: 0.296222, ci95: 0, min: 0.296222, max: 0.296222 });
    expect(by('four').totalUsd.mean).toBeCloseTo(0.592445, 9);
    expect(by('four').n).toBe(4);
  });

  it('the dropped difference is the mean of per-seed differences of runs made on their own', () => {
    const runs = (name: string) => [0, 1, 2, 3].map((k) => simulate(scenario, { alternative: name, seed: replicationSeed(9, k) }).requests.dropped);
    const two = runs('two');
    const four = runs('four');
    const diffs = four.map((v, k) => v - two[k]);
    const d = result.paired!.differences.find((x) => x.alternative === 'four')!;
    expect(d.dropped.mean).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / 4, 6);
    // four tasks never drop more than two on the same demand
    expect(d.dropped.max).toBeLessThanOrEqual(0);
    expect(d.dropped.mean).toBeLessThan(0);
  });

  it('the decision sentence states the paired difference with its interval', () => {
    const s = recommendationSentence(result);
    // 0.296222 shown to the cent
    expect(s).toContain('Paired over 4 replications (common random numbers), three costs $0.30 more than two over the run, 95% CI [$0.30, $0.30].');
    expect(pairedText(result, 'two')).toBeNull();
  });

  it('one replication: no paired block', () => {
    expect(compare(parseScenario(text(1))).paired).toBeUndefined();
  });
});
