// What the totals leave out, so nobody reads them as the whole bill. Derived from the result
// alone: an item is listed when no line item of an alternative bills it (with the alternatives
// that lack it when some do bill it), plus what capsim never models.

import type { AlternativeResult, ComparisonResult } from '../domain/result.js';

interface Billable {
  what: string;
  /** Line-item id prefixes that bill it. */
  ids: string[];
  /** The alternatives for which it would be billed at all (default: every one). */
  applies?: (a: AlternativeResult) => boolean;
}

const usesEc2 = (a: AlternativeResult): boolean => a.capacityType === 'ec2' || a.capacityType === 'mixed' || a.cost.lineItems.some((li) => li.id.startsWith('ec2.'));

/** Billed only when the scenario turns them on (`extras`); listed when an alternative lacks them. */
const OPTIONAL: Billable[] = [
  { what: 'Load balancer (ALB/NLB hours and LCUs)', ids: ['elb.'] },
  { what: 'NAT gateways or interface VPC endpoints for image pulls and logs (hours and GB processed; scenario extras.network)', ids: ['nat.', 'vpce.'] },
  { what: 'CloudWatch Logs ingestion (scenario extras.logsGiBPerTaskHour)', ids: ['logs.'] },
  { what: 'Public IPv4 addresses of tasks or instances (scenario extras.publicIpv4)', ids: ['vpc.public-ipv4'] },
  { what: 'EBS root volumes of EC2 instances (scenario extras.ebsGiBPerInstance)', ids: ['ebs.'], applies: usesEc2 },
];

/** Never modelled by capsim. */
const NEVER = [
  'Data transfer out to the internet and between Availability Zones',
  'CloudWatch Logs storage, metrics, alarms (target tracking creates them) and Container Insights',
  'ECR image storage',
  'Taxes, support plans, free tiers and credits',
];

/** The not-costed list, one plain-text line per item (plain text). */
export function notCosted(result: ComparisonResult): string[] {
  const out: string[] = [];
  for (const item of OPTIONAL) {
    const concerned = result.alternatives.filter(item.applies ?? (() => true));
    const lacking = concerned.filter((a) => !a.cost.lineItems.some((li) => item.ids.some((id) => li.id.startsWith(id))));
    if (lacking.length === 0) continue;
    out.push(lacking.length === concerned.length ? item.what : `${item.what}: not costed for ${lacking.map((a) => a.name).join(', ')}`);
  }
  return [...out, ...NEVER];
}

/** The lead-in of the list. */
export const NOT_COSTED_LEAD = 'The totals are what capsim bills for compute and the extras the scenario turns on; they leave out:';
