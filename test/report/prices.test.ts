// The Prices appendix and the catalog date in the header, in report.md and report.html. The
// expected rows are read off the fixture's definition (test/report/fixture.ts), not the output.

import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { fixture } from './helpers.js';

const FARGATE = 'https://aws.amazon.com/fargate/pricing/';
const ALL = ['ec2-m5-large', 'fargate-ondemand', 'fargate-spot', 'fargate-spot-lean'];
const SPOT = ['fargate-spot', 'fargate-spot-lean'];
// item → [rate, unit, source, used by (sorted)]
const EXPECTED: Record<string, [string, string, string, string[]]> = {
  'Fargate vCPU, Linux/x86_64': ['$0.000011244', 'vCPU-seconds', FARGATE, ['fargate-ondemand']],
  'Fargate memory': ['$0.000001235', 'GB-seconds', FARGATE, ['fargate-ondemand']],
  'Fargate Spot vCPU, Linux/x86_64': ['$0.0000033732', 'vCPU-seconds', FARGATE, SPOT],
  'Fargate Spot memory': ['$0.0000003705', 'GB-seconds', FARGATE, SPOT],
  'EC2 m5.large on-demand, Linux': ['$0.0000266666667', 'instance-seconds', 'aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws.go', ['ec2-m5-large']],
  'EBS gp3 root volumes, 30 GB each': ['$0.08', 'GB-months', 'https://aws.amazon.com/ebs/pricing/', ['ec2-m5-large']],
  'Public IPv4 addresses': ['$0.005', 'address-hours', 'https://aws.amazon.com/vpc/pricing/', ALL],
  'Application Load Balancer hours': ['$0.0225', 'hours', 'https://aws.amazon.com/elasticloadbalancing/pricing/', ALL],
};

function byItem(rows: string[][]): Record<string, [string, string, string, string[]]> {
  return Object.fromEntries(rows.map(([item, rate, unit, source, used]) => [item, [rate, unit, source, used.split(', ').sort()]]));
}

describe('Prices appendix', () => {
  it('report.md lists every rate once, with unit, source and the alternatives billed at it', () => {
    const md = renderMarkdownReport(fixture());
    const section = md.slice(md.indexOf('## Prices'), md.indexOf('## Files'));
    expect(section).toContain('Catalog as of 2026-09-29');
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| line item') && !l.startsWith('| ---'));
    const cells = rows.map((l) => l.slice(2, -2).split(' | ').map((c) => c.replace(/\\(.)/g, '$1')));
    expect(cells).toHaveLength(8);
    expect(byItem(cells)).toEqual(EXPECTED);
  });

  it('report.md states the catalog date in its context', () => {
    expect(renderMarkdownReport(fixture())).toContain('| Prices | catalog as of 2026-09-29; every rate with its source under Prices, below |');
  });

  it('report.html has the same appendix and the catalog date in its header', () => {
    const page = renderHtml(fixture());
    expect(page).toMatch(/<p class="meta">[^<]*· prices as of 2026-09-29 ·/);
    const table = page.slice(page.indexOf('<table class="prices">'), page.indexOf('</table>', page.indexOf('<table class="prices">')));
    const rows = [...table.matchAll(/<tr><td>(.*?)<\/tr>/g)].map((m) => [...('<td>' + m[1]).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
    expect(rows).toHaveLength(8);
    expect(byItem(rows)).toEqual(EXPECTED);
  });
});
