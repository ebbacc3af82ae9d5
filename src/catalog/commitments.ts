// Commitment discounts by instance family, term and payment option: Reserved Instances
// (standard, convertible), EC2 Instance Savings Plans and Compute Savings Plans on EC2, and
// Compute Savings Plans on Fargate. AWS publishes rates per type and Region, not discounts; each
// card below keeps the published effective hourly rates of one type and the discount is derived
// from them (1 − effective / on-demand, on the Linux part), rounded to 4 decimals (0.01 %).
// A family without its own card uses the reference card (c5), and says so in the line's source.

import { Decimal } from 'decimal.js';
import type { Sourced } from './types.js';

export type CommitmentTermKey = '1y' | '3y';
export type PaymentOptionKey = 'no-upfront' | 'partial-upfront' | 'all-upfront';
export type CommitmentKind = 'ri-standard' | 'ri-convertible' | 'ec2-instance-sp' | 'compute-sp';

/** A published rate: upfront $ per unit for the term, plus $ per hour for every hour of it. */
export interface PublishedRate {
  upfrontUsd: string;
  hourlyUsd: string;
}

type ByTerm<T> = Record<CommitmentTermKey, Record<PaymentOptionKey, T>>;

export interface CommitmentCard extends Sourced {
  family: string;
  /** The type and Region the rates were published for. */
  instanceType: string;
  region: string;
  /** Linux on-demand $ per hour of that type in that Region (the base of every discount). */
  onDemandUsdPerHour: string;
  /** When the published rates are for Windows: the licence $ per hour in them, taken off before dividing. */
  licenseUsdPerHour?: string;
  rates: Partial<Record<CommitmentKind, ByTerm<PublishedRate>>>;
}

/** Hours of a term: 365 days a year (aws-facts §2.4: 1 y = 31,536,000 s). */
export const TERM_HOURS: Readonly<Record<CommitmentTermKey, number>> = { '1y': 8760, '3y': 26280 };

const p = (upfrontUsd: string, hourlyUsd: string): PublishedRate => ({ upfrontUsd, hourlyUsd });
const hourly = (h: string): PublishedRate => p('0', h);
const CALCULATOR =
  'AWS Pricing Calculator (https://calculator.aws/) output for c5.xlarge, Windows Server license included (RunInstances:0002), ' +
  'ap-northeast-1, shared tenancy, recorded verbatim in a public repository\'s "AWS Calculator Output" document (repository not named)';

/**
 * c5 (compute optimised, Intel): every RI standard and Savings Plans rate of c5.xlarge in
 * ap-northeast-1, from the AWS Pricing Calculator. The rates are Windows rates; the licence
 * (4 vCPU × $0.046 = $0.184/h, catalog/windows.ts) is taken off: on-demand 0.398 − 0.184 = 0.214.
 * E.g. 3-yr standard all-upfront $6950 / 26,280 h = 0.264460 → Linux 0.080460 → 1 − 0.080460 / 0.214 = 62.40 %.
 * No convertible RI figure was given.
 */
const C5: CommitmentCard = {
  family: 'c5',
  instanceType: 'c5.xlarge',
  region: 'ap-northeast-1',
  onDemandUsdPerHour: '0.214',
  licenseUsdPerHour: '0.184',
  source: CALCULATOR,
  asOf: 'undated',
  note: 'The calculator output is undated; its on-demand price (Windows 0.398 = Linux 0.214 + 0.184) matches current rates. Rates are published per Region; ap-northeast-1 discounts are applied everywhere (an assumption).',
  rates: {
    'ri-standard': {
      '1y': { 'no-upfront': hourly('0.319'), 'partial-upfront': p('1368', '0.156'), 'all-upfront': p('2714', '0') },
      '3y': { 'no-upfront': hourly('0.276'), 'partial-upfront': p('3543', '0.135'), 'all-upfront': p('6950', '0') },
    },
    'ec2-instance-sp': {
      '1y': { 'no-upfront': hourly('0.319'), 'partial-upfront': hourly('0.312'), 'all-upfront': hourly('0.31') },
      '3y': { 'no-upfront': hourly('0.276'), 'partial-upfront': hourly('0.27'), 'all-upfront': hourly('0.264') },
    },
    'compute-sp': {
      '1y': { 'no-upfront': hourly('0.361'), 'partial-upfront': hourly('0.352'), 'all-upfront': hourly('0.349') },
      '3y': { 'no-upfront': hourly('0.31'), 'partial-upfront': hourly('0.301'), 'all-upfront': hourly('0.299') },
    },
  },
};

/**
 * x2iedn (memory optimised): us-east-1 Linux x2iedn.32xlarge, on-demand $26.676/h, every RI
 * (aws-facts §2.4, which derived the discounts from the card's effective hourly rates; the rates
 * here are on-demand × (1 − that discount), so they give the same discounts back).
 */
const X2IEDN_DISCOUNTS: Record<'ri-standard' | 'ri-convertible', ByTerm<string>> = {
  'ri-standard': {
    '1y': { 'no-upfront': '0.385', 'partial-upfront': '0.414', 'all-upfront': '0.426' },
    '3y': { 'no-upfront': '0.679', 'partial-upfront': '0.703', 'all-upfront': '0.721' },
  },
  'ri-convertible': {
    '1y': { 'no-upfront': '0.261', 'partial-upfront': '0.296', 'all-upfront': '0.31' },
    '3y': { 'no-upfront': '0.614', 'partial-upfront': '0.643', 'all-upfront': '0.65' },
  },
};

function fromDiscounts(onDemand: string, table: ByTerm<string>): ByTerm<PublishedRate> {
  const map = (t: Record<PaymentOptionKey, string>) =>
    Object.fromEntries(Object.entries(t).map(([k, d]) => [k, hourly(new Decimal(onDemand).times(new Decimal(1).minus(d)).toFixed())])) as Record<PaymentOptionKey, PublishedRate>;
  return { '1y': map(table['1y']), '3y': map(table['3y']) };
}

const X2IEDN: CommitmentCard = {
  family: 'x2iedn',
  instanceType: 'x2iedn.32xlarge',
  region: 'us-east-1',
  onDemandUsdPerHour: '26.676',
  source: 'aws-facts §2.4: vantage-sh/ec2instances.info:next/utils/mocks/ec2_single_instance.json (commit 8e64e6e), us-east-1 Linux x2iedn.32xlarge',
  asOf: '2026-07-20',
  note: 'Effective hourly rates as discounts to 0.1 % (aws-facts); no Savings Plans rates on the card.',
  rates: { 'ri-standard': fromDiscounts('26.676', X2IEDN_DISCOUNTS['ri-standard']), 'ri-convertible': fromDiscounts('26.676', X2IEDN_DISCOUNTS['ri-convertible']) },
};

/**
 * m5 (general purpose, Intel): every standard and convertible RI of us-east-1 Linux m5.large
 * (shared tenancy), from an AWS Price List API GetProducts response (SKU 6C86BEPQVG73ZGGR,
 * publication 2021-02-05) that AWS's own amazon-ec2-instance-selector keeps as a test fixture.
 * On-demand $0.096, as in the catalog (karpenter, 2026-07-20). E.g. 3-yr standard all-upfront
 * $949 / 26,280 h = 0.036111 → 1 − 0.036111 / 0.096 = 62.38 %. No Savings Plans rates: those
 * come from the c5 card (assumed). Cross-check, 2023-08-30: ec2instances.info's 1-yr standard
 * all-upfront effective rate for m5.large is 0.056393 = 494 / 8,760 (LeanerCloud/ec2-instances-info:
 * generated_instances_data.txt, commit ef5638a), so these prices were unchanged 2½ years later.
 */
const M5: CommitmentCard = {
  family: 'm5',
  instanceType: 'm5.large',
  region: 'us-east-1',
  onDemandUsdPerHour: '0.096',
  source:
    'AWS Price List API GetProducts response for m5.large, US East (N. Virginia), Linux, shared tenancy (SKU 6C86BEPQVG73ZGGR, ' +
    'publicationDate 2021-02-05T20:45:00Z; reserved terms effective 2020-04-01 (standard) and 2017-10-31 (convertible)), kept as ' +
    'aws/amazon-ec2-instance-selector:test/static/GetProducts/m5_large.json (commit 1863d05), read 2026-12-07',
  asOf: '2021-02-05',
  note:
    'Its on-demand price ($0.096) equals the catalog\'s. The 1-yr standard all-upfront rate is confirmed unchanged on 2023-08-30 ' +
    '(LeanerCloud/ec2-instances-info:generated_instances_data.txt, commit ef5638a: 0.056393/h = $494 / 8,760 h). No Savings Plans rates on the card.',
  rates: {
    'ri-standard': {
      '1y': { 'no-upfront': hourly('0.06'), 'partial-upfront': p('252', '0.029'), 'all-upfront': p('494', '0') },
      '3y': { 'no-upfront': hourly('0.041'), 'partial-upfront': p('505', '0.019'), 'all-upfront': p('949', '0') },
    },
    'ri-convertible': {
      '1y': { 'no-upfront': hourly('0.071'), 'partial-upfront': p('294', '0.034'), 'all-upfront': p('577', '0') },
      '3y': { 'no-upfront': hourly('0.049'), 'partial-upfront': p('592', '0.023'), 'all-upfront': p('1161', '0') },
    },
  },
};

/** The cards, by family. */
export const COMMITMENT_CARDS: Readonly<Record<string, CommitmentCard>> = { c5: C5, m5: M5, x2iedn: X2IEDN };

/**
 * Where a family has no card of its own (or its card lacks the kind): the reference card c5 (a
 * current, widely run family), then x2iedn (for convertible RIs, which c5 lacks). An assumption,
 * named in the discount's source. m5 has RIs only, so its Savings Plans come from c5.
 */
export const COMMITMENT_FALLBACK_ORDER: readonly string[] = ['c5', 'x2iedn'];

export interface CommitmentDiscount {
  /** Fraction off on-demand, exact decimal string (4 decimals). */
  discount: string;
  /** The card the figure came from, and whether it is the family's own. */
  card: CommitmentCard;
  own: boolean;
  source: string;
}

/** Effective $ per hour of a published rate: upfront spread over the term's hours + hourly. */
export function effectiveUsdPerHour(rate: PublishedRate, term: CommitmentTermKey): Decimal {
  return new Decimal(rate.upfrontUsd).div(TERM_HOURS[term]).plus(rate.hourlyUsd);
}

function derive(card: CommitmentCard, kind: CommitmentKind, term: CommitmentTermKey, payment: PaymentOptionKey): string | null {
  const rate = card.rates[kind]?.[term][payment];
  if (!rate) return null;
  const linux = effectiveUsdPerHour(rate, term).minus(card.licenseUsdPerHour ?? '0');
  return new Decimal(1).minus(linux.div(card.onDemandUsdPerHour)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed();
}

const KIND_LABEL: Record<CommitmentKind, string> = {
  'ri-standard': 'standard RI',
  'ri-convertible': 'convertible RI',
  'ec2-instance-sp': 'EC2 Instance Savings Plan',
  'compute-sp': 'Compute Savings Plan',
};

/** The default discount of a commitment on a family's EC2 usage. */
export function commitmentDiscount(kind: CommitmentKind, family: string, term: CommitmentTermKey, payment: PaymentOptionKey): CommitmentDiscount {
  const candidates = [family, ...COMMITMENT_FALLBACK_ORDER.filter((f) => f !== family)];
  for (const name of candidates) {
    if (!Object.hasOwn(COMMITMENT_CARDS, name)) continue;
    const card = COMMITMENT_CARDS[name];
    const discount = derive(card, kind, term, payment);
    if (discount === null) continue;
    const own = name === family;
    const where = `${card.instanceType} ${card.region}${card.licenseUsdPerHour ? ' (Windows rate less the licence)' : ''}`;
    const source =
      `${term} ${KIND_LABEL[kind]} ${payment} on ${family}: ${Number(new Decimal(discount).times(100).toFixed())}% off, derived from the published rate of ${where}` +
      `${own ? '' : `; assumed: ${family} has no card of its own${Object.hasOwn(COMMITMENT_CARDS, family) ? ` with ${KIND_LABEL[kind]} rates` : ''}, so the ${card.family} card is used`} (${card.source}, as of ${card.asOf})`;
    return { discount, card, own, source };
  }
  throw new Error(`catalog: no commitment card gives a ${kind} ${term} ${payment} rate`);
}

/**
 * Compute Savings Plan discount on Fargate, by term and payment. Observed: 22 % for a 1-yr
 * no-upfront plan (aws-facts §1.7, eu-west-1, vCPU and GB alike). The other terms/payments are
 * scaled from it in proportion to the x2iedn convertible-RI discounts (22 % × convertible /
 * 26.1 %), to 4 decimals, and capped at AWS's published maximum "up to 50 %" on Fargate:
 *   1y partial 22 × 29.6/26.1 = 24.95 %; 1y all 22 × 31.0/26.1 = 26.13 %;
 *   3y no 22 × 61.4/26.1 = 51.75 % → 50 %; 3y partial 54.20 % → 50 %; 3y all 54.79 % → 50 %.
 */
export const FARGATE_COMPUTE_SP_DISCOUNTS: Readonly<ByTerm<string>> = {
  '1y': { 'no-upfront': '0.22', 'partial-upfront': '0.2495', 'all-upfront': '0.2613' },
  '3y': { 'no-upfront': '0.5', 'partial-upfront': '0.5', 'all-upfront': '0.5' },
};

export const FARGATE_SP_DISCOUNT_SOURCE =
  'aws-facts §1.7: 1-yr no-upfront Compute SP on Fargate observed at 22 % ' +
  '(https://repost.aws/questions/QUrIdHDv0dTEa6OsCwdAIJQA/aws-compute-savings-plan-commitment-calculation); ' +
  'other terms scaled by the x2iedn convertible-RI ratios of §2.4, capped at the pricing page\'s "up to 50%"';
