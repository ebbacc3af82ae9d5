// What the totals leave out, so nobody reads them as the whole bill. Each item is listed only
// where it is really missing: for the alternatives it concerns (EBS only where there are EC2
// instances, a load balancer only in front of a service, ...), when their line items do not bill
// it, naming those alternatives when others are billed for it. The resolved scenario in the result
// says what each alternative is and which network path it declared; without it (an older or
// hand-made result) the line items and the result's own figures stand in.

import type { AlternativeResult, ComparisonResult } from '../domain/result.js';
import { hasInstanceGroups, type Alternative } from '../domain/scenario.js';
import { resolvedAlternatives } from './inputs.js';

/** What the list needs to know of one alternative. */
interface Facts {
  name: string;
  /** Containers (ECS, EKS; Fargate or EC2), or a Lambda function or App Runner service (their extras are never metered). */
  kind: 'container' | 'lambda' | 'app-runner';
  servesRequests: boolean;
  hasJobs: boolean;
  hasInstances: boolean;
  eks: boolean;
  /** The declared network path of image pulls and logs (`none` without extras); undefined when the result does not say. */
  networkPath: string | undefined;
  billed: (prefix: string) => boolean;
}

interface Item {
  what: string;
  applies: (f: Facts) => boolean;
  costed: (f: Facts) => boolean;
}

const never = (): boolean => false;

/** In list order: the extras a scenario can turn on, then what capsim never bills. */
const ITEMS: Item[] = [
  {
    what: 'Load balancer in front of the service (ALB/NLB hours and capacity units; scenario extras.loadBalancer)',
    // App Runner's price includes its load balancing.
    applies: (f) => f.servesRequests && f.kind !== 'app-runner',
    costed: (f) => f.billed('lb.'),
  },
  {
    what: 'NAT gateways or interface VPC endpoints through which tasks pull images and send logs (hours and GB processed; scenario extras.network)',
    applies: (f) => f.kind === 'container',
    // `public`: the tasks' or instances' own public IPv4 addresses carry the traffic (billed as such).
    costed: (f) => (f.networkPath === undefined ? f.billed('nat.') || f.billed('vpce.') || f.billed('vpc.public-ipv4') : ['nat', 'vpc-endpoints', 'public'].includes(f.networkPath)),
  },
  {
    what: 'Public IPv4 addresses of the NAT gateways (their Elastic IPs) and of internet-facing load balancers',
    applies: (f) => f.billed('nat.hours') || f.billed('lb.'),
    costed: never,
  },
  { what: 'CloudWatch Logs ingestion (scenario extras.logsGiBPerTaskHour)', applies: () => true, costed: (f) => f.billed('logs.') },
  { what: 'EBS root volumes of the EC2 instances (scenario extras.ebsGiBPerInstance)', applies: (f) => f.hasInstances, costed: (f) => f.billed('ebs.') },
  { what: 'EKS control plane (scenario extras.eksClusters)', applies: (f) => f.eks, costed: (f) => f.billed('eks.control-plane') },
  {
    what: 'Data transfer out to the internet, the responses to clients (scenario extras.dataTransfer.internetEgressBytesPerRequest)',
    applies: (f) => f.servesRequests,
    costed: (f) => f.billed('transfer.internet.'),
  },
  {
    what: 'Data transfer between Availability Zones for calls to other services (scenario extras.dataTransfer.serviceBytesPerRequest)',
    applies: (f) => f.servesRequests,
    costed: (f) => f.billed('transfer.cross-az.services'),
  },
  { what: 'Data transfer of batch jobs (capsim bills transfer per request served only)', applies: (f) => f.hasJobs, costed: never },
  { what: 'CloudWatch Logs storage, metrics, alarms (target tracking creates them) and Container Insights', applies: () => true, costed: never },
  { what: 'ECR image storage', applies: () => true, costed: never },
  { what: 'Taxes, support plans, free tiers and credits', applies: () => true, costed: never },
];

function factsOf(a: AlternativeResult, resolved: Partial<Alternative> | undefined): Facts {
  const ids = a.cost.lineItems.map((li) => li.id);
  const billed = (prefix: string) => ids.some((id) => id.startsWith(prefix));
  const c = resolved?.capacity && typeof resolved.capacity === 'object' ? resolved.capacity : undefined;
  const type = c?.type ?? a.capacityType;
  return {
    name: a.name,
    kind: type === 'lambda' || type === 'app-runner' ? type : 'container',
    servesRequests: a.requests.offered > 0,
    hasJobs: a.jobs !== null,
    // Any sign of an instance: the capacity declares a fleet or a group, or instances ran or were billed.
    hasInstances: (c !== undefined && hasInstanceGroups(c)) || a.usage.avgInstances > 0 || billed('ec2.'),
    eks: c !== undefined ? c.type === 'cluster' && c.orchestrator === 'eks' : billed('eks.control-plane') || a.platform.startsWith('EKS'),
    networkPath: resolved && 'extras' in resolved ? (resolved.extras?.network?.path ?? 'none') : undefined,
    billed,
  };
}

/** The not-costed list, one plain-text line per item. */
export function notCosted(result: ComparisonResult): string[] {
  const resolved = resolvedAlternatives(result);
  const facts = result.alternatives.map((a) => factsOf(a, resolved.find((r) => r?.name === a.name)));
  const out: string[] = [];
  for (const item of ITEMS) {
    const concerned = facts.filter(item.applies);
    const lacking = concerned.filter((f) => !item.costed(f));
    if (lacking.length === 0) continue;
    out.push(lacking.length === concerned.length ? item.what : `${item.what}: not costed for ${lacking.map((f) => f.name).join(', ')}`);
  }
  return out;
}

/** The lead-in of the list. */
export const NOT_COSTED_LEAD = 'The totals are what capsim bills for compute and the extras the scenario turns on; they leave out:';
