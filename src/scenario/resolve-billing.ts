// What an alternative is billed at beyond its compute: rate overrides, commitments (Reserved
// Instances, Savings Plans) and extras; and the load-time checks that every rate a run will
// need exists in the catalog for the region or is given in the scenario.

import { CatalogError, EC2_PRICE_REGIONS, FARGATE_REGIONS, INSTANCE_TYPES, OTHER_RATES, closestNames, instanceType, instanceTypePrice, otherRate, type InstanceType, type Rate } from '../catalog/index.js';
import { requiredRates, validateExtras, withExtrasDefaults, type ExtrasSpec } from '../domain/extras.js';
import { MissingFargateRates, fargateRates, fargateRatesToAdd, missingFargateRatesText } from '../domain/rates.js';
import { hasInstanceGroups, type Alternative, type Capacity, type RateOverrides } from '../domain/scenario.js';
import type { Issues } from './defaults.js';
import { checkInstanceType } from './resolve-capacity.js';
import type { ExtrasParsed, RateInput, ScenarioParsed } from './schema.js';

type CommitmentsParsed = NonNullable<ScenarioParsed['alternatives'][number]['commitments']>;

/** `os`: the alternative's tasks' OS, the platform its RIs are bought for unless they say. */
export function resolveCommitments(c: CommitmentsParsed | undefined, os: 'linux' | 'windows', at: string, issues: Issues, custom?: readonly InstanceType[]): Alternative['commitments'] {
  const reservedInstances = (c?.reservedInstances ?? []).map((ri, i) => {
    checkInstanceType(ri.instanceType, [], `${at}.reservedInstances[${i}].instanceType`, issues, false, custom);
    const platform = ri.platform ?? os;
    if (platform === 'windows' && ri.sizeFlexible === true) {
      issues.push({
        path: `${at}.reservedInstances[${i}].sizeFlexible`,
        message: 'AWS makes only regional Linux/Unix RIs (default tenancy) size-flexible: a Windows RI covers its own instance type only (aws-facts §2.4)',
        value: true,
        allowed: 'sizeFlexible: false (or left out) on a Windows RI, or platform: linux',
      });
    }
    return {
      platform,
      instanceType: ri.instanceType,
      count: ri.count,
      term: ri.term ?? '1y',
      payment: ri.payment ?? 'no-upfront',
      offeringClass: ri.offeringClass ?? 'standard',
      ...(ri.effectiveUsdPerHour !== undefined ? { effectiveUsdPerHour: ri.effectiveUsdPerHour } : {}),
      ...(ri.sizeFlexible !== undefined ? { sizeFlexible: ri.sizeFlexible } : {}),
    };
  });
  const savingsPlans = (c?.savingsPlans ?? []).map((sp, i) => {
    if ((sp.type === 'ec2-instance') !== (sp.family !== undefined)) {
      issues.push({ path: `${at}.savingsPlans[${i}].family`, message: 'an EC2 Instance plan needs a family, and a Compute plan takes none', value: sp.family, allowed: 'family: m5 with type: ec2-instance; no family with type: compute' });
    }
    if (Number(sp.commitment) < 0.001) issues.push({ path: `${at}.savingsPlans[${i}].commitment`, message: 'a Savings Plan commits at least $0.001 per hour', value: sp.commitment, allowed: '0.001 to 5000 (US dollars per hour)' });
    return {
      type: sp.type,
      ...(sp.family !== undefined ? { family: sp.family } : {}),
      commitmentUsdPerHour: sp.commitment,
      term: sp.term ?? '1y',
      payment: sp.payment ?? 'no-upfront',
      ...(sp.discounts ? { discounts: sp.discounts } : {}),
    };
  });
  return { reservedInstances, savingsPlans };
}

/**
 * Scenario-level extras with the alternative's on top. None at all means no extra line items,
 * except that an EKS cluster always pays its control plane. EBS applies only where there are
 * instances. Every rate the meters will need is quoted now, so a region without one fails here.
 */
export function resolveExtras(base: ExtrasParsed | undefined, over: ExtrasParsed | undefined, capacity: Capacity, region: string, rates: RateOverrides, at: string, issues: Issues): ExtrasSpec | null {
  const eks = capacity.type === 'cluster' && capacity.orchestrator === 'eks';
  if (!base && !over && !eks) return null;
  const azs = capacity.type === 'cluster' ? new Set(capacity.subnets.map((s) => s.az)).size : 3;
  const keyByKey = <T extends object>(a: T | undefined, b: T | undefined) => (a || b ? { ...a, ...b } : undefined);
  // `eksExtendedSupport` alone prices the control plane: it does not switch on the other extras.
  const supportOnly = eks && Object.keys({ ...base, ...over }).every((key) => key === 'eksExtendedSupport');
  const merged =
    (base || over) && !supportOnly
      ? {
          ...base,
          ...over,
          network: { azs, ...base?.network, ...over?.network },
          loadBalancer: keyByKey(base?.loadBalancer, over?.loadBalancer),
          dataTransfer: keyByKey(base?.dataTransfer, over?.dataTransfer),
        }
      : { ebsGiBPerInstance: 0, network: { azs, path: 'none' as const }, ...(base?.eksExtendedSupport || over?.eksExtendedSupport ? { eksExtendedSupport: true } : {}) };
  const spec = withExtrasDefaults({ ...merged, eksClusters: eks ? 1 : 0 });
  if (!hasInstanceGroups(capacity)) spec.ebsGiBPerInstance = 0;
  const problems = validateExtras(spec);
  for (const problem of problems) issues.push({ path: at, message: problem, value: merged, allowed: 'see docs/scenarios.md, extras' });
  if (eks && spec.network.path === 'public' && capacity.providers.some((p) => p.kind === 'fargate')) {
    issues.push({ path: `${at}.network.path`, message: 'EKS Fargate pods get no public IP, so the public network path cannot serve them', value: 'public', allowed: 'nat or vpc-endpoints' });
  }
  if (problems.length === 0) {
    try {
      for (const name of requiredRates(spec)) otherRate(name, region, rates.other[name]);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({ path: at, message: err.message, value: region, allowed: 'a region with these rates (us-east-1), or the rates under rates.other' });
    }
  }
  return spec;
}

function toRate(input: RateInput): Rate {
  if (typeof input === 'string') return { usd: input, per: 'hour' };
  if ('usdPerSecond' in input) return { usd: input.usdPerSecond, per: 'second' };
  return { usd: input.usdPerHour, per: 'hour' };
}

export function resolveRates(input: ScenarioParsed['rates']): RateOverrides {
  const out: RateOverrides = { fargate: {}, ec2: {}, other: {} };
  for (const [name, usd] of Object.entries(input?.other ?? {}).sort(([a], [b]) => a.localeCompare(b))) (out.other as Record<string, string>)[name] = usd;
  const fargate = input?.fargate;
  if (fargate) {
    for (const key of ['linuxX86', 'linuxArm', 'windowsX86', 'spotLinuxX86', 'spotLinuxArm'] as const) {
      const dims = fargate[key];
      if (!dims) continue;
      const entry: Partial<Record<'vcpu' | 'memoryGb' | 'osLicenseVcpu', Rate>> = {};
      if (dims.vcpu !== undefined) entry.vcpu = toRate(dims.vcpu);
      if (dims.memoryGb !== undefined) entry.memoryGb = toRate(dims.memoryGb);
      if (dims.osLicenseVcpu !== undefined) entry.osLicenseVcpu = toRate(dims.osLicenseVcpu);
      out.fargate[key] = entry;
    }
    if (fargate.spotFraction !== undefined) out.fargateSpotFraction = fargate.spotFraction;
    if (fargate.ephemeralStorageGbAbove20 !== undefined) out.fargateEphemeralGbAbove20 = toRate(fargate.ephemeralStorageGbAbove20);
  }
  for (const [name, rate] of Object.entries(input?.ec2 ?? {}).sort(([a], [b]) => a.localeCompare(b))) out.ec2[name] = toRate(rate);
  return out;
}

/** Names under rates.other that the catalog does not know. */
export function checkOtherRateNames(rates: RateOverrides, issues: Issues): void {
  for (const name of Object.keys(rates.other)) {
    if (!(name in OTHER_RATES)) issues.push({ path: `rates.other.${name}`, message: 'no such rate', value: name, allowed: Object.keys(OTHER_RATES).join(', ') });
  }
}

/**
 * Every EC2 type an alternative runs has an on-demand price for the region, or one given under
 * rates.ec2; and every type named under rates.ec2 exists.
 */
export function checkEc2Prices(alternatives: readonly Alternative[], rates: RateOverrides, region: string, issues: Issues, custom: readonly InstanceType[] = []): void {
  alternatives.forEach((alt, i) => {
    const c = alt.capacity;
    const types: { name: string; path: string }[] =
      c.type === 'ec2'
        ? [{ name: c.instanceType, path: `alternatives[${i}].capacity.instanceType` }]
        : c.type === 'cluster'
          ? c.providers.flatMap((p, k) => (p.kind === 'asg' ? p.instanceTypes.map((name, j) => ({ name, path: `alternatives[${i}].capacity.providers[${k}].asg.instanceTypes[${j}]` })) : []))
          : [];
    for (const { name, path } of types) {
      // Overridden, declared by the scenario with its own price, or already reported as unknown.
      if (rates.ec2[name] || custom.some((t) => t.name === name) || !INSTANCE_TYPES.some((t) => t.name === name)) continue;
      try {
        instanceTypePrice(name, region);
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        issues.push({
          path,
          message: `no on-demand price for ${name} in ${region} in the catalog`,
          value: name,
          allowed: `a region with EC2 prices (${EC2_PRICE_REGIONS.join(', ')}), or a price under rates.ec2.${name}`,
        });
      }
    }
  });
  for (const name of Object.keys(rates.ec2)) {
    try {
      instanceType(name, custom);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      const near = closestNames(name, err.allowed ?? [], 3);
      issues.push({ path: `rates.ec2.${name}`, message: err.message, value: name, allowed: near.length > 0 ? `did you mean ${near.join(', ')}?` : undefined });
    }
  }
}

/**
 * Every Fargate rate an alternative will be billed at is on the region's card or given under
 * rates.fargate (a region without a card: all of them). A gap is reported at the field to add
 * when the scenario has a rates.fargate section, else at the region (no card) or the alternative.
 * With other issues, an alternative may be half-resolved: only missing rates are reported then.
 */
export function checkFargateRates(alternatives: readonly Alternative[], rates: RateOverrides, region: string, file: string, issues: Issues): void {
  const hadIssues = issues.length > 0;
  const gaps: { at: string; err: MissingFargateRates }[] = [];
  alternatives.forEach((alt, i) => {
    const c = alt.capacity;
    const spots = c.type === 'fargate' ? [c.spot] : c.type === 'cluster' && c.orchestrator === 'ecs' ? c.providers.flatMap((p) => (p.kind === 'fargate' ? [p.spot !== null] : [])) : c.type === 'cluster' ? c.providers.flatMap((p) => (p.kind === 'fargate' ? [false] : [])) : [];
    for (const spot of spots) {
      try {
        fargateRates({ region, rates, file }, alt, spot);
      } catch (err) {
        if (err instanceof MissingFargateRates) gaps.push({ at: `alternatives[${i}].capacity`, err });
        else if (!hadIssues) issues.push({ path: `alternatives[${i}].capacity`, message: (err as Error).message, value: region, allowed: 'a region with these Fargate rates, or the rates under rates.fargate' });
      }
    }
  });
  if (gaps.length === 0) return;
  const givesFargate = Object.keys(rates.fargate).length > 0 || rates.fargateSpotFraction !== undefined || rates.fargateEphemeralGbAbove20 !== undefined;
  const hasCard = gaps[0].err.hasCard;
  const withCards = `a region with a Fargate rate card (${FARGATE_REGIONS.join(', ')})`;
  if (!hasCard && !givesFargate) {
    // Nothing given for a region without a card (often a misspelt region): one issue at the region, with everything its alternatives need.
    const paths = [...new Set(gaps.flatMap((g) => g.err.paths))];
    const who = [...new Set(gaps.map((g) => g.err.who))];
    const add = fargateRatesToAdd(paths, gaps.some((g) => g.err.spotFractionWouldDo));
    issues.push({ path: 'region', message: missingFargateRatesText(region, false, who, paths), value: region, allowed: `${withCards}, or add ${add}` });
    return;
  }
  for (const { at, err } of gaps) {
    const path = givesFargate ? err.paths[0] : at;
    const message = missingFargateRatesText(region, err.hasCard, [err.who], err.paths);
    if (issues.some((o) => o.path === path && o.message === message)) continue;
    issues.push({ path, message, value: region, allowed: `add ${fargateRatesToAdd(err.paths, err.spotFractionWouldDo)}${err.hasCard ? '' : `, or use ${withCards}`}` });
  }
}
