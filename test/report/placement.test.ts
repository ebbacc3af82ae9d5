// Why placement failed, in report.md, report.html and the terminal (issue #11: "a subnet that runs
// out leaves pods Pending, and the report says why"). A real one-hour run of two clusters that
// cannot place every task, for two different reasons, worked out by hand:
//  - eks-ips: one m5.large node, 20 free subnet IPs, 20 small pods. The node takes 1 IP; the VPC
//    CNI (WARM_ENI_TARGET=1) attaches ENIs of 10 addresses (9 pod IPs each, the node's own primary
//    on the first): two ENIs, 18 pod IPs, then no address for a third ENI. 2 pods fail, each for
//    a free subnet IP (test/eks/pod-ips.test.ts has the same case).
//  - ecs-enis: one m5.large in awsvpc mode without trunking: 3 ENIs − the primary = 2 task ENIs.
//    2 of the 20 tasks start warm on it; the other 18 fail for an ENI slot. CPU (20 × 50 units of
//    2,048) and memory (20 × 128 MiB) would hold them all.

import { describe, expect, it } from 'vitest';
import { compare } from '../../src/run/compare.js';
import { parseScenario } from '../../src/scenario/load.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { renderTable } from '../../src/report/table.js';
import { placementFailureReasons } from '../../src/report/placement.js';

const result = compare(
  parseScenario(
    `name: unplaced
horizon: 1h
workload: { rps: { type: constant, rps: 10 }, noise: 0 }
service: { task: { cpu: 50, memory: 128 MiB }, desiredCount: 20, taskCapacity: 50 rps }
alternatives:
  - name: eks-ips
    capacity:
      type: cluster
      orchestrator: eks
      nodeProvisioner: false
      subnets: [{ az: us-east-1a, ips: 20 }]
      providers: [{ name: nodes, asg: { instanceTypes: [m5.large], min: 1, max: 1, desired: 1 } }]
  - name: ecs-enis
    capacity: { type: cluster, providers: [{ name: od, asg: { instanceTypes: [m5.large], min: 1, max: 1, desired: 1, managedScaling: false } }] }
`,
    'unplaced.yaml',
  ),
);
const SUBNET = 'nodes: no free subnet IP for the pod (VPC CNI, WARM_ENI_TARGET=1)';
const ENIS = 'od: no instance has enough ENI/pod/port slots';
const LEAD = 'Why placement failed (how many times for each cause; an unplaced task waits, counted as pending, and is retried when capacity frees):';

describe('why placement failed', () => {
  it('the result counts each cause, uncapped', () => {
    const [eks, ecs] = result.alternatives;
    expect(eks.usage.maxTasks).toBe(18);
    expect(eks.placementFailures).toEqual([{ reason: SUBNET, count: 2 }]);
    expect(ecs.usage.maxTasks).toBe(2);
    expect(ecs.placementFailures).toEqual([{ reason: ENIS, count: 18 }]);
    // The event log keeps the figures: which AZ's subnets are out of addresses.
    expect(eks.events.find((e) => e.kind === 'placement-failed')?.detail).toMatch(/^task \d+ unplaced: nodes: no free subnet IP for the pod \(VPC CNI, WARM_ENI_TARGET=1\): 1 node\(s\) have CPU, memory and a pod slot but the subnets of us-east-1a are out of addresses$/);
  });

  it('report.md says why under the Events table', () => {
    const md = renderMarkdownReport(result);
    const events = md.slice(md.indexOf('## Events'), md.indexOf('## Alternatives'));
    expect(events).toContain(`${LEAD}\n\n- eks-ips: 2 × ${SUBNET}\n- ecs-enis: 18 × ${ENIS}\n`);
  });

  it('the terminal summary says why, wrapped to its width', () => {
    const text = renderTable(result, { color: false, width: 100 });
    expect(text).toContain(`\n  eks-ips: 2 × ${SUBNET}\n  ecs-enis: 18 × ${ENIS}\n`);
    expect(text).toContain('Why placement failed (how many times for each cause; an unplaced task waits, counted as pending, and\nis retried when capacity frees):');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('report.html lists the causes under the Events table', () => {
    const page = renderHtml(result);
    const list = page.slice(page.indexOf('<ul class="placement-failures">'), page.indexOf('</ul>', page.indexOf('<ul class="placement-failures">')));
    expect(list).toContain(`<strong>eks-ips</strong>: 2 × ${SUBNET}</li>`);
    expect(list).toContain(`<strong>ecs-enis</strong>: 18 × ${ENIS}</li>`);
  });

  it('a result saved without the counts reads the causes off its recorded events, and says what the log does not cover', () => {
    const [eks] = result.alternatives;
    const { placementFailures: _, ...older } = eks;
    const detail = `${SUBNET}: 1 node(s) have CPU, memory and a pod slot but the subnets of us-east-1a are out of addresses`;
    expect(placementFailureReasons(older)).toEqual([{ reason: detail, count: 2 }]);
    // One of the two events dropped from the log (as a capped log would): one is unaccounted for.
    const capped = { ...older, events: older.events.filter((e, i, all) => e.kind !== 'placement-failed' || all.findIndex((x) => x.kind === 'placement-failed') === i) };
    expect(placementFailureReasons(capped)).toEqual([
      { reason: detail, count: 1 },
      { reason: 'not in the recorded events (the event log is capped)', count: 1 },
    ]);
  });

  it('says nothing when every task was placed', () => {
    const fine = { ...result, alternatives: result.alternatives.map(({ placementFailures: _, ...a }) => ({ ...a, eventCounts: { ...a.eventCounts, 'placement-failed': 0 } })) };
    expect(renderMarkdownReport(fine)).not.toContain('Why placement failed');
    expect(renderTable(fine, { color: false })).not.toContain('Why placement failed');
  });
});
