// `sweep.select`: the sweep's cheapest point meeting the SLO chosen by the KN procedure with a
// feasibility check (run/sweep-kn.ts over run/selection.ts). Jobs on Fargate, costs by hand from the
// rate card; a close pair gets more replications (up to the cap), a clear loser goes at the first stage.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/errors.js';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { assembleSweep, runSweepPoints, sweep, sweepHeader } from '../../src/run/sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-select-'));
function scenario(extra: string, replications = 5): string {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `name: select
seed: 3
replications: ${replications}
horizon: 1h
jobs:
  task: { cpu: 1 vCPU, memory: 2 GB }
  arrivals: { type: poisson, rate: 600 rph }
  duration: 120s
  lifecycle: { eniProvisioning: 0s, pullOverhead: 0s, imageSize: 1 MB, containerStart: 19.98s, stopTime: 0s }
alternatives:
  - name: steady
    capacity: { type: fargate }
  - name: jittery
    capacity: { type: fargate }
    jobs: { lifecycle: { containerStart: { type: uniform, min: 0s, max: 39.96s } } }
sweep:
  parameters:
    size:
      linked:
        - { label: small, jobs.task.cpu: 1 vCPU, jobs.task.memory: 2 GB }
        - { label: large, jobs.task.cpu: 1 vCPU, jobs.task.memory: 3 GB }
${extra}`,
  );
  return file;
}

describe('a sweep selected by KN', async () => {
  // Each job is billed pull (0.02 s) + start + 120 s: steady 140 s; jittery 120.02 + U(0, 39.96) s, the same 140 s on
  // average, so the two small rows cost the same in the mean and differ by a few cents a run (seed by seed).
  // Small: 600 jobs × 140 s × (0.04048 + 2 × 0.004445) $/h / 3600 = 600 × 140 × 0.04937 / 3600 = $1.152 a run.
  // Large (3 GB) adds 600 × 140 × 0.004445 / 3600 = $0.104 a run on every seed (same jobs: CRN), its spread
  // √600 × 140 × 0.004445 / 3600 = $0.0042; KN (k = 4, n0 = 5, α/2 = 0.025 for cost: h² = 4 × ((0.05/3)^(−1/2) − 1) = 26.98)
  // puts it out at the first stage: 5 × 0.104 = 0.52 > h²S²/(2δ) = 26.98 × 0.0042² / 0.004 = 0.12.
  // The small pair's paired spread (≈ $0.006) keeps its region open far beyond the cap of 8.
  const loaded = loadSweep(scenario('  select: { confidence: 0.95, indifference: 0.002, maxReplications: 8 }'));
  const result = await sweep(loaded);
  const row = (point: number, alt: string) => result.rows.find((r) => r.point === point && r.alternative === alt)!;

  it('picks a small row and states the procedure, the confidence and δ', () => {
    expect(result.header.select).toEqual({ confidence: 0.95, indifferenceUsd: 0.002, maxReplications: 8, sloTolerance: 0.001 });
    expect(result.selected).toMatchObject({ point: 0, procedure: 'kn', pcs: 0.95, indifferenceUsd: 0.002 });
    expect(['steady', 'jittery']).toContain(result.selected!.alternative);
    expect(row(0, 'steady').totalUsd).toBeGreaterThan(1.1);
    expect(row(0, 'steady').totalUsd).toBeLessThan(1.2);
  });

  it('adds replications only to the close pair, up to the cap, and says the guarantee was not reached', () => {
    // 2 × 8 (the small pair, to the cap) + 2 × 5 (the large rows, out at the first stage) = 26
    expect([row(0, 'steady').replications, row(0, 'jittery').replications, row(1, 'steady').replications, row(1, 'jittery').replications]).toEqual([8, 8, 5, 5]);
    expect(result.selected!.replicationsSpent).toBe(26);
    expect(result.selected!.guaranteed).toBe(false);
    expect(result.selected!.note).toContain('Stopped after 8 replications (the cap)');
    const out = result.selected!.eliminated!.filter((e) => e.point === 1);
    expect(out.map((e) => [e.alternative, e.replications, e.reason])).toEqual([
      ['steady', 5, 'costlier'],
      ['jittery', 5, 'costlier'],
    ]);
  });

  it('a merge of the first-stage samples replays the procedure and stops short, saying so', async () => {
    const header = sweepHeader(loaded);
    const firstStage = await runSweepPoints(loaded);
    const merged = assembleSweep(header, firstStage);
    expect(merged.selected).toMatchObject({ procedure: 'kn', guaranteed: false, replicationsSpent: 20 });
    expect(merged.selected!.note).toContain('all the samples there were');
  });

  it('a shard cannot run the selection (it does not see the other points)', async () => {
    await expect(runSweepPoints(loaded, { shard: { index: 0, count: 2 }, selection: sweepHeader(loaded) })).rejects.toThrow(/cannot run on a shard/);
  });
});

describe('sweep.select problems', () => {
  it('needs a first stage of two replications', () => {
    expect(() => loadSweep(scenario('  select: { confidence: 0.95, indifference: 5 }', 1))).toThrow(/sweep\.select needs a first stage of 2 replications at least, the scenario has 1/);
  });

  it('needs both confidence and indifference, and a cap not below the first stage', () => {
    expect(() => loadSweep(scenario('  select: { confidence: 0.95, indifference: 5 }'), { select: { confidence: undefined } })).not.toThrow();
    expect(() => loadSweep(scenario(''), { select: { confidence: 0.9 } })).toThrow(/needs both confidence and indifference \(indifference is missing\)/);
    expect(() => loadSweep(scenario('  select: { confidence: 0.95, indifference: 5, maxReplications: 2 }'))).toThrow(/2 is below the first stage of 5 replications/);
  });

  it('a confidence of 1 is refused by the schema', () => {
    expect(() => loadSweep(scenario('  select: { confidence: 1, indifference: 5 }'))).toThrow(ScenarioError);
  });
});
