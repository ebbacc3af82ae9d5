// The Inputs section, on a real run of the golden scenario (test/golden/small.yaml); every
// expected line is read off that YAML and the defaults in docs/scenarios.md, not the output.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { curveText } from '../../src/report/inputs.js';
import { compare } from '../../src/run/compare.js';
import { parseScenario } from '../../src/scenario/load.js';
import { fixture } from './helpers.js';

const result = compare(parseScenario(readFileSync(new URL('../golden/small.yaml', import.meta.url), 'utf8'), 'small.yaml'));
// Defaults: weekendFactor 1, cooldowns 300 s, maxMinutesOver 1 %, linux/x86_64, one replication.
const SCALING = '2–12 tasks (start 3); target tracking CPU at 60% (scale-out cooldown 5 min, scale-in 5 min)';
const TASK = '0.5 vCPU / 1 GiB, linux/x86_64';

describe('Inputs section', () => {
  it('report.md gives the workload, SLO rule, horizon, seed and replications', () => {
    const md = renderMarkdownReport(result);
    const section = md.slice(md.indexOf('## Inputs'), md.indexOf('## Assumptions'));
    expect(section).toContain('| Workload | diurnal 40 rps to 220 rps, peak at 14:00, weekends × 1.00; per-minute noise σ 0.08 |');
    expect(section).toContain('| SLO | p95 latency ≤ 300 ms in at least 99% of minutes; a minute whose p95 exceeds the target, or that drops any request, counts as a miss |');
    expect(section).toContain('| Horizon | 24 h, fluid tick 1 s |');
    expect(section).toContain('| Seed and replications | seed 17; one run per alternative |');
    expect(section).toContain('| Drop budget | to be recommended, at most');
  });

  it('report.md gives each alternative its capacity, task size and scaling policies', () => {
    const md = renderMarkdownReport(result);
    expect(md).toContain(`| fargate | Fargate | ${TASK} | ${SCALING} |`);
    expect(md).toContain(`| fargate-spot-mix | ECS cluster: FARGATE; FARGATE_SPOT | ${TASK} | ${SCALING} |`);
    expect(md).toContain(`| ec2-managed-ri | ECS cluster: od: on-demand m5.large (1–8 instances) | ${TASK} | ${SCALING} |`);
  });

  it('report.html has the same rows', () => {
    const page = renderHtml(result);
    const section = page.slice(page.indexOf('<section class="card" id="inputs">'), page.indexOf('<section class="card" id="assumptions">'));
    expect(section).toContain('<tr><th class="left">Seed and replications</th><td>seed 17; one run per alternative</td></tr>');
    expect(section).toContain(`ec2-managed-ri</td><td>ECS cluster: od: on-demand m5.large (1–8 instances)</td><td>${TASK}</td><td>${SCALING}</td></tr>`);
    expect(section).toContain('a minute whose p95 exceeds the target, or that drops any request, counts as a miss');
  });

  it('shows "—" where the resolved scenario holds nothing, rather than guessing', () => {
    // The fixture's resolved scenario has no service or capacity per alternative.
    const md = renderMarkdownReport(fixture());
    const first = fixture().alternatives[0];
    expect(md).toMatch(new RegExp(`\\| ${first.name} \\| [^|]+ \\| — \\| — \\|`));
  });
});

describe('a replayed trace in the Inputs section', () => {
  it('names the file and its options', () => {
    const trace = { times: new Float64Array([0, 60]), rates: new Float64Array([10, 20]), lastIntervalSeconds: 60 };
    const base = { type: 'trace' as const, file: 'traces/api.csv', trace, interpolate: 'linear' as const, scale: 1, shiftSeconds: 0, loop: false };
    expect(curveText(base)).toBe('trace traces/api.csv (linear)');
    // 7200 s of shift reads as 2 h; 1.3 × growth; looped to the horizon
    expect(curveText({ ...base, interpolate: 'step', scale: 1.3, shiftSeconds: 7200, loop: true })).toBe('trace traces/api.csv (step, × 1.3, shifted 2 h, looped)');
  });
});
