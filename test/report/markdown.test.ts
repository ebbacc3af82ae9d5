import { describe, expect, it } from 'vitest';
import { behaviour, renderMarkdownReport } from '../../src/report/markdown.js';
import { fixture, jobsFixture, savedJson, shows } from './helpers.js';

/** The lines of one `## Heading` section. */
function section(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start, heading).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end);
}

/** A Markdown table's body rows, cells by header (units stripped). */
function table(lines: string[]): Record<string, string>[] {
  const rows = lines.filter((l) => l.startsWith('| '));
  const head = rows[0].slice(2, -2).split(' | ').map((h) => h.replace(/ \[.*\]$/, ''));
  return rows.slice(2).map((r) => Object.fromEntries(r.slice(2, -2).split(' | ').map((c, i) => [head[i], c])));
}

describe('report.md', () => {
  const result = fixture();
  const json = savedJson(result);
  const md = renderMarkdownReport(result);

  it('has a Commitments section: coverage, utilisation when held, the recommendation, as in results.json', () => {
    const lines = section(md, 'Commitments');
    const rows = table(lines);
    expect(rows.map((r) => r.alternative)).toEqual(json.ranking);
    for (const row of rows) {
      const alt = json.alternatives.find((a: any) => a.name === row.alternative);
      const c = alt.commitments;
      expect(shows(row.covered, c.coveredShare), row.covered).toBe(true);
      // Nothing held in the fixture: utilisation is not applicable.
      expect(row['RI used']).toBe('—');
      expect(row['SP used']).toBe('—');
      expect(shows(row['on-demand'], c.recommendation.onDemandUsd)).toBe(true);
      expect(shows(row['with recommended'], c.recommendation.withRecommendedUsd)).toBe(true);
      expect(shows(row.saving, c.recommendation.onDemandUsd > 0 ? c.recommendation.savingsShare : null)).toBe(true);
      for (const ri of c.recommendation.reservedInstances) expect(row.recommended).toContain(`${ri.count} × ${ri.instanceType} RI (break-even 61.5% of hours)`);
      if (Number(c.recommendation.computeSavingsPlanUsdPerHour) > 0) expect(row.recommended).toContain(`Compute SP $${c.recommendation.computeSavingsPlanUsdPerHour}/h`);
      if (c.recommendation.reservedInstances.length === 0 && Number(c.recommendation.computeSavingsPlanUsdPerHour) === 0) expect(row.recommended).toBe('none');
    }
    // The note's caveat in one short line; the whole note once, under Assumptions.
    expect(lines).toContain("_Caveat: Sized on this run's 336 clock hours as if every hour of the 1y term looked like them._");
    const note = json.alternatives[0].commitments.recommendation.note;
    expect(md.split(note).length - 1).toBe(1);
    expect(section(md, 'Assumptions').join('\n')).toContain(note);
  });

  it('shows RI and SP utilisation for the commitments an alternative holds', () => {
    const r = structuredClone(result);
    const ec2 = r.alternatives.find((a) => a.name === 'ec2-m5-large')!;
    ec2.cost.lineItems.push({ ...ec2.cost.lineItems[0], id: 'ec2.ri-fee.m5.large', description: 'Reserved Instance m5.large × 1' });
    ec2.cost.lineItems.push({ ...ec2.cost.lineItems[0], id: 'sp.commitment.compute', description: 'Compute Savings Plan' });
    Object.assign(ec2.commitments, { coveredShare: 0.62, riUtilisation: 0.955, spUtilisation: 1 });
    const row = table(section(renderMarkdownReport(r), 'Commitments')).find((x) => x.alternative === 'ec2-m5-large')!;
    expect(row).toMatchObject({ covered: '62%', 'RI used': '96%', 'SP used': '100%' });
  });

  it('has an Events section: counts by kind per alternative, interruptions first and listed', () => {
    const lines = section(md, 'Events');
    const rows = table(lines);
    const header = Object.keys(rows[0]);
    expect(header[1]).toBe('Spot interruptions');
    const kinds: Record<string, string> = {
      'Spot interruptions': 'interruption', 'instance launches': 'instance-launch', 'instance terminations': 'instance-terminate',
      'placement failures': 'placement-failed', 'scaling actions': 'scaling', deployments: 'deployment', 'task launches': 'task-launch',
      'tasks RUNNING': 'task-running', 'tasks stopped': 'task-stopped',
    };
    for (const row of rows) {
      const alt = json.alternatives.find((a: any) => a.name === row.alternative);
      for (const [h, kind] of Object.entries(kinds)) {
        if (!(h in row)) continue;
        const spot = alt.capacityType === 'fargate-spot';
        expect(shows(row[h], kind === 'interruption' && !spot ? null : (alt.eventCounts[kind] ?? 0)), `${alt.name} ${h}: ${row[h]}`).toBe(true);
      }
    }
    // Every kind that happened has a column.
    for (const alt of json.alternatives) for (const kind of Object.keys(alt.eventCounts)) expect(Object.values(kinds)).toContain(kind);
    for (const alt of json.alternatives.filter((a: any) => (a.eventCounts.interruption ?? 0) > 0)) {
      const at = lines.findIndex((l) => l.startsWith(`- ${alt.name}: ${alt.eventCounts.interruption} Spot interruption`));
      expect(at, alt.name).toBeGreaterThan(0);
      const listed = alt.events.filter((e: any) => e.kind === 'interruption').slice(0, 5);
      listed.forEach((e: any, k: number) => {
        const day = Math.floor(e.t / 86400);
        expect(lines[at + 1 + k]).toMatch(new RegExp(`^  - day ${day}, \\d\\d:\\d\\d: `));
        expect(lines[at + 1 + k].endsWith(e.detail)).toBe(true);
      });
    }
  });

  it('does not claim the recommended alternative misses the SLO', () => {
    const rec = json.alternatives.find((a: any) => a.name === json.recommended);
    expect(md).not.toContain(`${rec.name} is cheaper`);
  });

  it('reads as a batch report when there is no service: no SLO, no request charts, jobs in the context', () => {
    const jmd = renderMarkdownReport(jobsFixture());
    expect(jmd).toContain('the cheapest per job');
    expect(jmd).not.toContain('charts/load.svg');
    expect(jmd).not.toContain('charts/latency.svg');
    expect(jmd).toContain('![Cost per job vs wait](charts/scatter.svg)');
    expect(jmd).not.toMatch(/requests offered|Requests: 0 served|misses the SLO/);
    expect(section(jmd, 'Context').join('\n')).toContain('| Jobs | 30,192 batch jobs submitted');
    expect(jmd).toContain('| SLO | none: no service');
    expect(jmd).toMatch(/- Batch jobs: 30,177 of 30,192 completed, .*; 14 restarted after an interruption, 30\.6 min of work redone\./);
  });
});

describe('report.md: what is not costed', () => {
  // The fixture bills a load balancer (lb.alb.hours) and public IPv4 for every alternative and EBS
  // for its EC2 one; no logs, no data transfer, no EKS. Its resolved scenario has no extras, so
  // the line items decide: the public IPv4 line stands for the network path.
  const ALWAYS = [
    'CloudWatch Logs storage, metrics, alarms (target tracking creates them) and Container Insights',
    'ECR image storage',
    'Taxes, support plans, free tiers and credits',
  ];

  it('lists what the alternatives are not billed for, and what capsim never models', () => {
    const md = renderMarkdownReport(fixture());
    const section = md.slice(md.indexOf('**Not costed.**'));
    const items = section.split('\n\n')[1].split('\n').map((l) => l.replace(/^- /, ''));
    expect(items).toEqual([
      'Public IPv4 addresses of the NAT gateways (their Elastic IPs) and of internet-facing load balancers',
      'CloudWatch Logs ingestion (scenario extras.logsGiBPerTaskHour)',
      'Data transfer out to the internet, the responses to clients (scenario extras.dataTransfer.internetEgressBytesPerRequest)',
      'Data transfer between Availability Zones for calls to other services (scenario extras.dataTransfer.serviceBytesPerRequest)',
      ...ALWAYS,
    ]);
  });

  it('names the alternatives that lack an item some others are billed for', () => {
    const base = fixture();
    const [first, ...rest] = base.alternatives;
    const noLb = { ...first, cost: { ...first.cost, lineItems: first.cost.lineItems.filter((li) => !li.id.startsWith('lb.')) } };
    const md = renderMarkdownReport({ ...base, alternatives: [noLb, ...rest] });
    expect(md).toContain(`- Load balancer in front of the service (ALB/NLB hours and capacity units; scenario extras.loadBalancer): not costed for ${first.name}\n`);
  });
});

describe('task start latency with no start', () => {
  // Was a bug: a fleet whose tasks never started printed "p50 NaN s, p95 NaN s over 0 starts".
  it('says no task started instead of NaN', () => {
    const alt = fixture().alternatives[0];
    const none = { ...alt, startLatency: { ...alt.startLatency, count: 0, p50Seconds: NaN, p95Seconds: NaN } };
    const lines = behaviour(none).join('\n');
    expect(lines).toContain('Task start latency: no task started during the run');
    expect(lines).not.toContain('NaN');
  });
});
