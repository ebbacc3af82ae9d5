// An alternative's capacity as resolved (Fargate, an EC2 fleet, or a cluster of capacity
// providers), checked against the tasks that must run on it: Fargate sizes and OS/arch rules,
// instance types that exist and hold the task, strategies, placement constraints, Spot settings.

import {
  APP_RUNNER_LIMITS,
  appRunnerRateCard,
  CatalogError,
  EC2_SPOT_DEFAULT_PRICE_FRACTION,
  LAMBDA_LIMITS,
  lambdaRateCard,
  EKS_FARGATE_POD_OVERHEAD_MIB,
  SPOT_BAND_LABELS,
  SPOT_BAND_MIDPOINTS,
  SPOT_DEFAULT_BAND,
  closestNames,
  INSTANCE_TYPES,
  instanceType,
  instanceTypePrice,
  MANAGED_INSTANCES_FEE,
  FARGATE_SIZES,
  isValidFargateSize,
  nearestFargateSizes,
  smallestFargateSizeAtLeast,
  spotHazardPerHour,
  type InstanceType,
} from '../catalog/index.js';
import { describeDistribution, distributionReach, type DistributionSpec } from '../engine/index.js';
import { FieldError } from '../domain/errors.js';
import { parseMemberOf } from '../domain/member-of.js';
import { parseCron } from '../domain/cron.js';
import type { ContainerInstance } from '../domain/instance.js';
import type { AppRunnerCapacity, AsgProviderSpec, Capacity, ClusterSpec, FargateProviderSpec, FleetScheduledActionSpec, LambdaCapacity, PlacementConstraint, PlacementStep, SpotSpec, TaskSize } from '../domain/scenario.js';
import { registeredMemoryMiB } from '../domain/scenario.js';
import { APP_RUNNER_DEFAULTS, LAMBDA_DEFAULTS, defaultInstanceLaunch } from '../domain/lifecycle.js';
import { DEFAULTS, checkEphemeralStorage, formatSize, resolveDistribution, type Issues } from './defaults.js';
import type { DistributionInput, ScenarioParsed } from './schema.js';
import { checkEksFargatePod, checkEksNodeFit, karpenterGroups, resolveDaemonSets, resolveNodeProvisioner, resolveVpcCni } from './resolve-eks.js';

function checkFargateTask(task: TaskSize, spot: boolean, at: string, issues: Issues): void {
  const { cpuUnits, memoryMiB, os, arch, ephemeralStorageGiB } = task;
  if (task.gpus > 0) {
    issues.push({ path: `${at}.task.gpu`, message: 'Fargate has no GPUs: a GPU task cannot run on Fargate', value: task.gpus, allowed: 'an EC2 alternative with a GPU instance type (e.g. g4dn.xlarge), or gpu: 0' });
    return;
  }
  if (!isValidFargateSize(cpuUnits, memoryMiB, os)) {
    const nearest = nearestFargateSizes(cpuUnits, memoryMiB, FARGATE_SIZES.length)
      .filter((s) => isValidFargateSize(s.cpuUnits, s.memoryMiB, os))
      .slice(0, 3)
      .map((s) => formatSize(s.cpuUnits, s.memoryMiB));
    const why =
      os === 'windows' && cpuUnits < 1024
        ? 'is too small: Windows tasks on Fargate need at least 1 vCPU'
        : os === 'windows' && isValidFargateSize(cpuUnits, memoryMiB, 'linux')
          ? 'is not a valid Fargate CPU/memory combination for Windows, which runs at 1, 2 and 4 vCPU (8 and 16 vCPU are Linux only)'
          : 'is not a valid Fargate CPU/memory combination';
    issues.push({
      path: `${at}.task`,
      message: `${formatSize(cpuUnits, memoryMiB)} ${why}`,
      value: { cpu: cpuUnits, memory: memoryMiB },
      allowed: `nearest valid sizes: ${nearest.join(', ')}`,
    });
  }
  if (os === 'windows' && arch === 'arm64') {
    issues.push({ path: `${at}.task.arch`, message: 'Fargate runs Windows only on x86_64', value: arch, allowed: 'x86_64' });
  }
  if (spot && os === 'windows') {
    issues.push({ path: `${at}.task.os`, message: 'Fargate Spot does not run Windows tasks', value: os, allowed: 'linux' });
  }
  // ECS takes ephemeralStorage.sizeInGiB as an integer (API_EphemeralStorage, aws-facts §1.5).
  checkEphemeralStorage(ephemeralStorageGiB, DEFAULTS.maxEphemeralStorageGiB, 'Fargate ephemeral storage is out of range', `${at}.task.ephemeralStorage`, issues);
}

/**
 * ECS's default for a service's tasks: spread on attribute:ecs.availability-zone, nothing else
 * ("For tasks running as part of an Amazon ECS service, the task placement strategy is spread
 * using the attribute:ecs.availability-zone", task-placement-strategies.html, read 2026-12-07).
 */
const ECS_SERVICE_DEFAULT_PLACEMENT: PlacementStep[] = [{ type: 'spread', field: 'az' }];

/** Scheduled actions on a group: exactly one of cron / at, a valid cron, at least one of min / max / desired. */
function resolveFleetScheduled(list: { name?: string; cron?: string; at?: number; min?: number; max?: number; desired?: number }[] | undefined, path: string, issues: Issues): FleetScheduledActionSpec[] {
  return (list ?? []).map((a, i) => {
    if ((a.cron === undefined) === (a.at === undefined)) {
      issues.push({ path: `${path}[${i}]`, message: 'a scheduled action needs exactly one of cron or at', value: a, allowed: 'cron: "0 8 * * 1-5" or at: 3d' });
    }
    if (a.min === undefined && a.max === undefined && a.desired === undefined) {
      issues.push({ path: `${path}[${i}]`, message: 'a scheduled action must set min, max or desired', value: a, allowed: 'e.g. { cron: "0 8 * * 1-5", desired: 6 }' });
    }
    if (a.cron !== undefined) {
      try {
        parseCron(a.cron);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        issues.push({ path: `${path}[${i}].cron`, message: err.message, value: a.cron, allowed: err.allowed });
      }
    }
    return { name: a.name ?? `scheduled-${i + 1}`, cron: a.cron ?? null, atSeconds: a.at ?? null, minSize: a.min ?? null, maxSize: a.max ?? null, desiredCapacity: a.desired ?? null };
  });
}

function resolvePlacement(steps: string[] | undefined): PlacementStep[] {
  if (!steps) return ECS_SERVICE_DEFAULT_PLACEMENT.map((s) => ({ ...s }));
  return steps.map((step): PlacementStep => {
    if (step === 'random') return { type: 'random' };
    if (step.startsWith('spread:')) return { type: 'spread', field: step.slice(7) as 'instanceId' | 'az' | 'instanceType' };
    if (step.startsWith('kube:')) return { type: 'kube', policy: step.slice(5) as 'LeastAllocated' | 'MostAllocated' };
    return { type: 'binpack', field: step === 'binpack:cpu' ? 'cpu' : 'memory' };
  });
}

export type CapacityParsed = ScenarioParsed['alternatives'][number]['capacity'];

/** Checks one instance type against the tasks that must fit on it. */
export function checkInstanceType(name: string, tasks: { task: TaskSize; at: string }[], path: string, issues: Issues, trunking: boolean, custom?: readonly InstanceType[], reservedMemoryMiB: number | null = null): void {
  try {
    const type = instanceType(name, custom);
    // Tasks fit in the memory the instance registers with ECS, not in what is installed.
    const registeredMiB = registeredMemoryMiB({ reservedMemoryMiB }, type.memoryGiB);
    for (const { task } of tasks) {
      if (task.os === 'windows' && type.arch !== 'x86_64') {
        issues.push({ path, message: `${type.name} is ${type.arch}: Windows tasks run on x86_64 container instances only`, value: name, allowed: 'an x86_64 instance type, e.g. m5.large' });
        continue;
      }
      if (type.arch !== task.arch) {
        issues.push({ path, message: `${type.name} is ${type.arch} but the task is built for ${task.arch}`, value: name, allowed: `an ${task.arch} instance type, or set task.arch: ${type.arch} for this alternative` });
      }
      if (task.cpuUnits > type.vcpu * 1024 || task.memoryMiB > registeredMiB) {
        issues.push({
          path,
          message: `the task (${formatSize(task.cpuUnits, task.memoryMiB)}) does not fit on ${type.name} (${type.vcpu} vCPU / ${type.memoryGiB} GiB installed, ${registeredMiB} MiB registered for tasks)`,
          value: name,
          allowed: 'an instance type at least as large as the task',
        });
      }
      if (task.gpus > type.gpus) {
        issues.push({ path, message: `the task needs ${task.gpus} GPU(s) and ${type.name} has ${type.gpus}`, value: name, allowed: 'a GPU instance type, e.g. g4dn.xlarge' });
      }
    }
    if (trunking && type.trunkingTaskLimit === null) {
      issues.push({ path: path.replace(/instanceType$/, 'trunking'), message: `${type.name} does not support ENI trunking`, value: true, allowed: 'false, or an instance type that supports awsvpcTrunking' });
    }
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    // The suggestions go in `allowed` only: the catalog's own message ends in "Did you mean …?" too.
    const near = closestNames(name, err.allowed ?? [], 3);
    const message = err.message.replace(/\s*Did you mean .*$/s, '');
    issues.push({ path, message, value: name, allowed: near.length > 0 ? `did you mean ${near.join(', ')}? (capsim catalog ec2 lists all types)` : 'a type from `capsim catalog ec2`' });
  }
}

type ClusterParsed = Extract<CapacityParsed, { type: 'cluster' }>;

type SpotParsed = NonNullable<NonNullable<NonNullable<ClusterParsed['providers']>[number]['asg']>['spot']>;

function resolveSpot(s: SpotParsed | undefined, defaultPrice: number): SpotSpec {
  const band = s?.band ?? SPOT_DEFAULT_BAND;
  const fromBand = spotHazardPerHour(band);
  const labels = SPOT_BAND_LABELS;
  return {
    interruptionsPerHour: s?.interruptionsPerHour ?? fromBand,
    interruptionBasis:
      s?.interruptionsPerHour !== undefined
        ? `given: ${s.interruptionsPerHour} per hour`
        : `Spot advisor band ${band} (${labels[band]} a month; midpoint ${SPOT_BAND_MIDPOINTS[band] * 100}% over 730 h)`,
    priceFraction: s?.price ?? defaultPrice,
    priceTrace: (s?.priceTrace ?? []).map((p) => ({ atSeconds: p.at, fraction: p.price })).sort((a, b) => a.atSeconds - b.atSeconds),
    shortages: (s?.shortages ?? []).map((p) => ({ fromSeconds: p.from, toSeconds: p.to, instanceTypes: p.instanceTypes ?? [] })).sort((a, b) => a.fromSeconds - b.fromSeconds),
  };
}

function resolveCluster(c: ClusterParsed, region: string, at: string, issues: Issues, windows = false, custom?: readonly InstanceType[]): ClusterSpec {
  const orchestrator = c.orchestrator ?? 'ecs';
  const karpenterAsked = c.nodeProvisioner !== undefined && c.nodeProvisioner !== false && c.nodeProvisioner.type === 'karpenter';
  if (c.providers === undefined && !karpenterAsked) {
    issues.push({ path: `${at}.capacity.providers`, message: 'a cluster needs its capacity providers', value: undefined, allowed: 'providers: [{ name: FARGATE }] or an Auto Scaling group provider; on EKS, or nodeProvisioner: { type: karpenter, instanceTypes: [...] }' });
  }
  if (orchestrator !== 'eks') {
    for (const key of ['daemonSets', 'vpcCni', 'nodeProvisioner'] as const) {
      if (c[key] !== undefined) issues.push({ path: `${at}.capacity.${key}`, message: `${key} applies to EKS clusters only`, value: c[key], allowed: 'orchestrator: eks, or remove it' });
    }
  }
  const providers = (c.providers ?? []).map((p, i): AsgProviderSpec | FargateProviderSpec => {
    const where = `${at}.capacity.providers[${i}]`;
    if (p.name === 'FARGATE' || p.name === 'FARGATE_SPOT') {
      if (p.asg) issues.push({ path: `${where}.asg`, message: `${p.name} is a reserved Fargate provider and takes no Auto Scaling group`, value: p.asg, allowed: 'remove asg, or give the provider another name' });
      return { kind: 'fargate', name: p.name, spot: p.name === 'FARGATE_SPOT' ? resolveSpot(p.spot, 0) : null };
    }
    if (!p.asg) {
      issues.push({ path: `${where}.asg`, message: `provider ${p.name} needs an Auto Scaling group`, value: undefined, allowed: 'asg: { instanceTypes: [m5.large], max: 10 }, or name FARGATE / FARGATE_SPOT' });
      return { kind: 'fargate', name: 'FARGATE', spot: null };
    }
    const a = p.asg;
    const min = a.min ?? 0;
    const desired = a.desired ?? min;
    if (a.max < min || desired < min || desired > a.max) {
      issues.push({ path: `${where}.asg`, message: 'the group needs min ≤ desired ≤ max', value: { min, desired, max: a.max }, allowed: 'min ≤ desired ≤ max' });
    }
    const ms = a.managedScaling;
    const purchase = a.purchase ?? 'on-demand';
    if (a.spot && purchase !== 'spot') issues.push({ path: `${where}.asg.spot`, message: 'spot settings on an on-demand group', value: a.spot, allowed: 'purchase: spot, or no spot section' });
    return {
      kind: 'asg',
      name: p.name,
      instanceTypes: a.instanceTypes,
      allocation: a.allocation ?? 'prioritized',
      purchase,
      spot: purchase === 'spot' ? resolveSpot(a.spot, EC2_SPOT_DEFAULT_PRICE_FRACTION) : null,
      minSize: min,
      maxSize: a.max,
      desiredSize: desired,
      prewarmed: a.prewarmed ?? true,
      // Windows container instances boot far slower (catalog/windows.ts).
      launchLatency: a.launchLatency === undefined ? defaultInstanceLaunch(windows ? 'windows' : 'linux') : resolveDistribution(a.launchLatency as DistributionInput, 0),
      reservedCpuUnits: a.reservedCpu ?? 0,
      reservedMemoryMiB: a.reservedMemory ?? null,
      // ECS_ENABLE_SPOT_INSTANCE_DRAINING is off unless set (AWS's default); on EKS the node is
      // cordoned and drained at the notice (managed node groups, the Node Termination Handler).
      spotInstanceDraining: a.spotInstanceDraining ?? orchestrator === 'eks',
      scheduled: resolveFleetScheduled(a.scheduled, `${where}.asg.scheduled`, issues),
      managedScaling:
        ms === false
          ? null
          : {
              targetCapacityPercent: ms?.targetCapacity ?? 100,
              minimumScalingStepSize: ms?.minimumScalingStepSize ?? 1,
              maximumScalingStepSize: ms?.maximumScalingStepSize ?? 10000,
              instanceWarmupSeconds: ms?.instanceWarmupPeriod ?? 300,
            },
      managedTerminationProtection: a.managedTerminationProtection ?? true,
      ...(orchestrator === 'eks' ? { eksAmiReservation: a.reservedCpu === undefined && a.reservedMemory === undefined } : {}),
    };
  });
  const nodeProvisioner = orchestrator === 'eks' ? resolveNodeProvisioner(c, providers.filter((p) => p.kind === 'asg').map((p) => p.name), at, issues) : null;
  if (nodeProvisioner?.type === 'karpenter') {
    providers.push(...karpenterGroups(c, nodeProvisioner, (sp) => resolveSpot(sp, EC2_SPOT_DEFAULT_PRICE_FRACTION), custom));
    nodeProvisioner.instanceTypes.forEach((name, k) => checkInstanceType(name, [], `${at}.capacity.nodeProvisioner.instanceTypes[${k}]`, issues, false, custom));
  }
  const names = providers.map((p) => p.name);
  const strategy = (c.strategy ?? [{ provider: names[0], base: 0, weight: 1 }]).map((s) => ({ provider: s.provider, base: s.base ?? 0, weight: s.weight ?? 1 }));
  strategy.forEach((s, i) => {
    if (!names.includes(s.provider)) issues.push({ path: `${at}.capacity.strategy[${i}].provider`, message: 'no such provider in this cluster', value: s.provider, allowed: names.join(', ') });
  });
  if (strategy.filter((s) => s.base > 0).length > 1) issues.push({ path: `${at}.capacity.strategy`, message: 'only one provider in a strategy may have a base', value: strategy.map((s) => s.base), allowed: 'base on one provider' });
  if (strategy.every((s) => s.weight === 0) && strategy.every((s) => s.base === 0)) issues.push({ path: `${at}.capacity.strategy`, message: 'every weight is 0: no task could be placed', value: 0, allowed: 'a weight of at least 1 on some provider' });
  const kinds = new Set(strategy.flatMap((s) => providers.filter((p) => p.name === s.provider).map((p) => p.kind)));
  if (kinds.size > 1) issues.push({ path: `${at}.capacity.strategy`, message: 'a capacity provider strategy holds Fargate providers or Auto Scaling group providers, not both (AWS rule)', value: strategy.map((s) => s.provider), allowed: 'FARGATE/FARGATE_SPOT only, or ASG providers only' });
  const subnets = c.subnets ?? defaultSubnets(region);
  subnets.forEach((sn, i) => {
    if (sn.ips === 0) issues.push({ path: `${at}.capacity.subnets[${i}].ips`, message: 'a subnet with no free IP can hold no instance or task', value: 0, allowed: 'at least 1 (a /28 subnet has 11 free), or leave the subnet out' });
  });
  checkMemberOf(c.constraints ?? [], providers, subnets, at, issues, custom);
  return {
    type: 'cluster',
    orchestrator,
    providers,
    strategy,
    placement: c.placement ? resolvePlacement(c.placement) : orchestrator === 'eks' ? [{ type: 'kube', policy: 'LeastAllocated' }] : resolvePlacement(undefined),
    constraints: (c.constraints ?? []).map((k, i): PlacementConstraint => {
      if (k === 'distinctInstance') return { type: 'distinctInstance' };
      const expression = k.slice('memberOf('.length, -1).trim();
      try {
        parseMemberOf(expression);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        issues.push({ path: `${at}.capacity.constraints[${i}]`, message: err.message, value: k, allowed: err.allowed });
      }
      return { type: 'memberOf', expression };
    }),
    networkMode: c.networkMode ?? 'awsvpc',
    trunking: c.trunking ?? false,
    prefixDelegation: c.prefixDelegation ?? false,
    subnets,
    ...(orchestrator === 'eks' ? { daemonSets: resolveDaemonSets(c, at, issues), vpcCni: resolveVpcCni(c), nodeProvisioner } : {}),
  };
}

/** Free IPs of each default subnet: a /20 less AWS's five reserved addresses (capacity/cluster-spec.ts uses the same). */
export const DEFAULT_SUBNET_IPS = 4091;

function defaultSubnets(region: string): { az: string; ips: number }[] {
  return ['a', 'b', 'c'].map((z) => ({ az: `${region}${z}`, ips: DEFAULT_SUBNET_IPS }));
}

/**
 * Each memberOf constraint, and all of them together, must admit some instance the cluster can
 * launch (a type of an Auto Scaling group provider in one of its AZs): one that admits none leaves
 * every task of the service unplaced for the whole run.
 */
function checkMemberOf(constraints: readonly string[], providers: readonly (AsgProviderSpec | FargateProviderSpec)[], subnets: readonly { az: string }[], at: string, issues: Issues, custom?: readonly InstanceType[]): void {
  const candidates: ContainerInstance[] = [];
  for (const p of providers) {
    if (p.kind !== 'asg') continue;
    for (const name of p.instanceTypes) {
      let type;
      try {
        type = instanceType(name, custom);
      } catch {
        continue; // reported by checkInstanceType
      }
      for (const { az } of subnets) candidates.push({ type, az, provider: p.name } as ContainerInstance);
    }
  }
  if (candidates.length === 0) return;
  const predicates: { i: number; admits: (c: ContainerInstance) => boolean }[] = [];
  constraints.forEach((k, i) => {
    if (!k.startsWith('memberOf(')) return;
    try {
      predicates.push({ i, admits: parseMemberOf(k.slice('memberOf('.length, -1).trim()) });
    } catch {
      // a bad term is reported where the constraint is resolved
    }
  });
  const launchable = `types ${[...new Set(candidates.map((c) => c.type.name))].join(', ')} in ${[...new Set(candidates.map((c) => c.az))].join(', ')} (providers ${[...new Set(candidates.map((c) => c.provider))].join(', ')})`;
  let single = false;
  for (const { i, admits } of predicates) {
    if (!candidates.some(admits)) {
      single = true;
      issues.push({ path: `${at}.capacity.constraints[${i}]`, message: `matches no instance the cluster can launch, so no task could ever be placed; it can launch ${launchable}`, value: constraints[i], allowed: 'a constraint some launchable instance meets' });
    }
  }
  if (!single && predicates.length > 1 && !candidates.some((c) => predicates.every((p) => p.admits(c)))) {
    issues.push({ path: `${at}.capacity.constraints`, message: `no instance the cluster can launch meets all the memberOf constraints together; it can launch ${launchable}`, value: constraints, allowed: 'constraints some launchable instance meets together' });
  }
}

/**
 * A fixed `ec2` fleet must fit the default subnets' IPs (an instance takes one): more would be cut
 * silently to what fits while the report still named the asked size. (In a cluster, a group
 * short of IPs is modelled: its launches fail and retry when an IP frees, and tasks short of one
 * wait, counted as pending.)
 */
export function checkFleetAddresses(capacity: Capacity, region: string, at: string, issues: Issues): void {
  if (capacity.type !== 'ec2') return;
  const free = defaultSubnets(region).reduce((n, sn) => n + sn.ips, 0);
  if (capacity.instances <= free) return;
  issues.push({
    path: `${at}.capacity.instances`,
    message: `not enough IP addresses: the fleet's ${capacity.instances.toLocaleString('en-US')} instances need one each, and its subnets (three /20, ${DEFAULT_SUBNET_IPS.toLocaleString('en-US')} free IPs each) have ${free.toLocaleString('en-US')}`,
    value: capacity.instances,
    allowed: `at most ${free.toLocaleString('en-US')} instances, or a cluster (type: cluster) with subnets that hold more`,
  });
}

type LambdaParsed = Extract<CapacityParsed, { type: 'lambda' }>;
type AppRunnerParsed = Extract<CapacityParsed, { type: 'app-runner' }>;


function resolveLambda(c: LambdaParsed, at: string, issues: Issues): LambdaCapacity {
  const where = `${at}.capacity`;
  const L = LAMBDA_LIMITS;
  if (c.memory < L.minMemoryMiB || c.memory > L.maxMemoryMiB) {
    issues.push({ path: `${where}.memory`, message: 'Lambda memory is out of range', value: c.memory, allowed: `${L.minMemoryMiB} MB to ${L.maxMemoryMiB} MB, in 1 MB steps` });
  }
  const ephemeral = c.ephemeralStorage ?? L.freeEphemeralMiB;
  if (ephemeral < L.freeEphemeralMiB || ephemeral > L.maxEphemeralMiB) {
    issues.push({ path: `${where}.ephemeralStorage`, message: 'Lambda ephemeral storage is out of range', value: c.ephemeralStorage, allowed: `${L.freeEphemeralMiB} MB to ${L.maxEphemeralMiB} MB` });
  }
  const account = c.accountConcurrency ?? L.accountConcurrency;
  const reserved = c.reservedConcurrency ?? null;
  const pc = c.provisionedConcurrency ?? 0;
  // AWS keeps 100 of the account's concurrency unreserved: a reservation, or provisioned
  // concurrency drawn from the unreserved pool, may take at most the account's quota less 100.
  const reservable = Math.max(0, account - L.minUnreservedConcurrency);
  const leaves = (n: number) => `would leave ${account - n} of the account's ${account} unreserved; AWS keeps at least ${L.minUnreservedConcurrency} unreserved`;
  if (reserved !== null && reserved > reservable) {
    issues.push({
      path: `${where}.reservedConcurrency`,
      message: `reserved concurrency ${reserved} ${leaves(reserved)}`,
      value: reserved,
      allowed: `0 to ${reservable} (accountConcurrency ${account} − ${L.minUnreservedConcurrency})`,
    });
  }
  if (reserved !== null && pc > reserved) {
    issues.push({ path: `${where}.provisionedConcurrency`, message: `provisioned concurrency is above the function's reserved concurrency (${reserved})`, value: pc, allowed: `0 to ${reserved} (AWS: no more provisioned than reserved concurrency)` });
  } else if (reserved === null && pc > reservable) {
    issues.push({
      path: `${where}.provisionedConcurrency`,
      message: `provisioned concurrency ${pc} without a reservation ${leaves(pc)}`,
      value: pc,
      allowed: `0 to ${reservable} (accountConcurrency ${account} − ${L.minUnreservedConcurrency}), or up to a reservedConcurrency within that`,
    });
  }
  const duration = c.duration === undefined ? null : resolveDistribution(c.duration as DistributionInput, 0);
  if (duration && duration.type === 'constant' && duration.value <= 0) {
    issues.push({ path: `${where}.duration`, message: 'a Lambda invocation lasts more than 0 and at most the 900 s timeout', value: c.duration, allowed: 'e.g. 120ms, or a distribution' });
  } else if (duration) checkDuration(duration, c.duration, `${where}.duration`, issues);
  const coldStart: DistributionSpec = c.coldStart === undefined ? { ...LAMBDA_DEFAULTS.coldStart } : resolveDistribution(c.coldStart as DistributionInput, 0);
  checkInit(coldStart, c.coldStart, `${where}.coldStart`, issues);
  const idle = c.idleReclaim ?? LAMBDA_DEFAULTS.idleReclaimSeconds;
  if (idle <= 0) issues.push({ path: `${where}.idleReclaim`, message: 'the idle reclaim time must be positive', value: c.idleReclaim, allowed: 'e.g. 10m' });
  return {
    type: 'lambda',
    memoryMiB: c.memory,
    arch: c.arch ?? 'x86_64',
    duration,
    batchSize: c.batchSize ?? 1,
    provisionedConcurrency: pc,
    reservedConcurrency: reserved,
    accountConcurrency: account,
    ephemeralStorageMiB: ephemeral,
    freeTier: c.freeTier ?? false,
    coldStart,
    idleReclaimSeconds: idle,
    onThrottle: c.onThrottle ?? 'drop',
  };
}

/** How far a distribution reaches when that is past Lambda's 900 s timeout; null when it is not, or when the distribution is invalid (the distribution check names that). */
function reachPastTimeout(spec: DistributionSpec): ReturnType<typeof distributionReach> | null {
  try {
    const reach = distributionReach(spec);
    return reach.value > LAMBDA_LIMITS.maxTimeoutSeconds ? reach : null;
  } catch {
    return null;
  }
}

/**
 * An INIT longer than Lambda's 10 s INIT phase is retried inside the first invocation, under the
 * function's timeout, which is at most 900 s (`maxTimeoutSeconds`): the cold-start distribution may
 * not reach past that (its largest draw, or its 99th percentile when it has none). An invalid
 * distribution is left to the distribution check, which names what is wrong with it.
 */
function checkInit(spec: DistributionSpec, given: unknown, path: string, issues: Issues): void {
  const reach = reachPastTimeout(spec);
  if (!reach) return;
  const max = LAMBDA_LIMITS.maxTimeoutSeconds;
  const what = reach.bound === 'max' ? (spec.type === 'constant' ? 'an INIT of' : 'INIT draws up to') : 'INIT with a 99th percentile of';
  issues.push({
    path,
    message: `${what} ${+reach.value.toFixed(3)} s (${describeDistribution(spec)}) cannot finish: an INIT past Lambda's ${LAMBDA_LIMITS.initPhaseLimitSeconds} s INIT phase is retried inside the first invocation, which may run at most ${max} s`,
    value: given,
    allowed: `an INIT of at most ${max} s (every draw for constant, uniform and empirical; the 99th percentile for exponential, normal and lognormal); one over ${LAMBDA_LIMITS.initPhaseLimitSeconds} s also costs the stopped ${LAMBDA_LIMITS.initPhaseLimitSeconds} s first attempt`,
  });
}

/**
 * An invocation runs at most the function's timeout, itself at most 900 s (`maxTimeoutSeconds`):
 * the duration may not reach past it (its largest draw, or its 99th percentile when it has none),
 * as for INIT. Within that, the run stops a rarer longer draw at 900 s (service/lambda.ts). An
 * invalid distribution is left to the distribution check.
 */
function checkDuration(spec: DistributionSpec, given: unknown, path: string, issues: Issues): void {
  const reach = reachPastTimeout(spec);
  if (!reach) return;
  const max = LAMBDA_LIMITS.maxTimeoutSeconds;
  const what = reach.bound === 'max' ? (spec.type === 'constant' ? 'an invocation of' : 'invocations of up to') : 'invocations with a 99th percentile of';
  const verb = spec.type === 'constant' ? 'runs' : 'run';
  issues.push({
    path,
    message: `${what} ${+reach.value.toFixed(3)} s (${describeDistribution(spec)}) ${verb} past Lambda's maximum timeout of ${max} s`,
    value: given,
    allowed: `a duration of more than 0 and at most ${max} s (every draw for constant, uniform and empirical; the 99th percentile for exponential, normal and lognormal, whose rarer longer draws time out at ${max} s and are billed ${max} s)`,
  });
}

function resolveAppRunner(c: AppRunnerParsed, at: string, issues: Issues): AppRunnerCapacity {
  const where = `${at}.capacity`;
  const A = APP_RUNNER_LIMITS;
  if (!A.sizes.some((s) => s.cpuUnits === c.cpu && s.memoryMiB === c.memory)) {
    issues.push({
      path: where,
      message: `${formatSize(c.cpu, c.memory)} is not an App Runner instance size`,
      value: { cpu: c.cpu, memory: c.memory },
      allowed: A.sizes.map((s) => formatSize(s.cpuUnits, s.memoryMiB)).join(', '),
    });
  }
  const min = c.minInstances ?? A.defaultMinInstances;
  const max = c.maxInstances ?? A.defaultMaxInstances;
  if (max < min) issues.push({ path: `${where}.maxInstances`, message: 'maxInstances is below minInstances', value: max, allowed: `at least ${min}` });
  return {
    type: 'app-runner',
    cpuUnits: c.cpu,
    memoryMiB: c.memory,
    minInstances: min,
    maxInstances: max,
    maxConcurrency: c.maxConcurrency ?? A.defaultMaxConcurrency,
    scaleOutSeconds: c.scaleOutTime ?? APP_RUNNER_DEFAULTS.scaleOutSeconds,
    scaleInSeconds: c.scaleInDelay ?? APP_RUNNER_DEFAULTS.scaleInSeconds,
  };
}

/** Checks the alternative's capacity against each of its task definitions (service, jobs). */
type ManagedParsed = Extract<CapacityParsed, { type: 'managed-instances' }>;

/** `c6i.*`, `m6*.*`, `m5.large`: a glob over type names (`*` any run of characters). */
function typePattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * ECS Managed Instances as a cluster of one Auto Scaling group provider: the catalog types that
 * match the attributes (or, with none, the general-purpose ones, as AWS picks "the most
 * cost-optimized general-purpose" types), that run the tasks' architecture and hold the largest
 * task (GPU types only for GPU tasks), cheapest first; a launch takes the cheapest (`lowest-price`). Managed scaling on, tasks
 * spread by AZ then binpacked by memory ("placing multiple smaller tasks on larger instances").
 */
function resolveManagedInstances(c: ManagedParsed, tasks: { task: TaskSize; at: string }[], region: string, at: string, issues: Issues, custom: readonly InstanceType[] = []): ClusterSpec {
  const where = `${at}.capacity`;
  const patterns = (c.instanceTypes ?? []).map(typePattern);
  // Registered memory: AWS's rule (registeredMemoryMiB) unless the scenario gives a figure.
  const reserved = c.reservedMemory ?? null;
  const attributes = c.instanceTypes !== undefined || c.vcpu !== undefined || c.memoryGiB !== undefined;
  // The scenario's own types are candidates like the catalog's (and named first when equal in price).
  const candidates = [...custom, ...INSTANCE_TYPES.filter((t) => !custom.some((own) => own.name === t.name))];
  const matches = candidates.filter((t) => {
    if (patterns.length > 0 && !patterns.some((p) => p.test(t.name))) return false;
    if (!attributes && t.category !== 'general') return false;
    // Burstable types only when named: EC2 attribute-based selection leaves them out by default (BurstablePerformance: excluded).
    if (patterns.length === 0 && t.category === 'burstable') return false;
    if (c.vcpu?.min !== undefined && t.vcpu < c.vcpu.min) return false;
    if (c.vcpu?.max !== undefined && t.vcpu > c.vcpu.max) return false;
    if (c.memoryGiB?.min !== undefined && t.memoryGiB < c.memoryGiB.min) return false;
    if (c.memoryGiB?.max !== undefined && t.memoryGiB > c.memoryGiB.max) return false;
    // GPU types only for GPU tasks (attribute-based selection leaves accelerators out unless asked).
    const gpus = Math.max(0, ...tasks.map(({ task }) => task.gpus));
    if ((gpus === 0) !== (t.gpus === 0)) return false;
    return tasks.every(({ task }) => t.arch === task.arch && t.vcpu * 1024 >= task.cpuUnits && registeredMemoryMiB({ reservedMemoryMiB: reserved }, t.memoryGiB) >= task.memoryMiB && t.gpus >= task.gpus);
  });
  let priced = matches;
  try {
    priced = [...matches].sort((a, b) => Number(instanceTypePrice(a.name, region, 'linux', custom)) - Number(instanceTypePrice(b.name, region, 'linux', custom)) || a.name.localeCompare(b.name));
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
  }
  if (priced.length === 0) {
    issues.push({
      path: where,
      message: 'no catalog instance type matches these attributes, runs the task architecture and holds the largest task',
      value: { instanceTypes: c.instanceTypes, vcpu: c.vcpu, memoryGiB: c.memoryGiB },
      allowed: `wider attributes, or types from the catalog (capsim catalog): e.g. ${INSTANCE_TYPES.slice(0, 4).map((t) => t.name).join(', ')}`,
    });
  }
  const min = c.min ?? 0;
  const desired = c.desired ?? min;
  if (c.max < min || desired < min || desired > c.max) issues.push({ path: where, message: 'managed instances need min ≤ desired ≤ max', value: { min, desired, max: c.max }, allowed: 'min ≤ desired ≤ max' });
  const range = (r: { min?: number; max?: number } | undefined, unit: string) => (r ? `${unit} ${r.min ?? 0}–${r.max ?? '∞'}` : null);
  const selection = [c.instanceTypes?.join('/') ?? null, range(c.vcpu, 'vCPU'), range(c.memoryGiB, 'GiB'), attributes ? null : 'general purpose'].filter((x) => x !== null).join(', ');
  const name = 'managed-instances';
  const share = c.managementFee === undefined ? MANAGED_INSTANCES_FEE.shareOfOnDemand : String(c.managementFee);
  return {
    type: 'cluster',
    orchestrator: 'ecs',
    managedInstances: { provider: name, feeShareOfOnDemand: share, selection },
    providers: [
      {
        kind: 'asg',
        name,
        instanceTypes: (priced.length > 0 ? priced : INSTANCE_TYPES.slice(0, 1)).map((t) => t.name),
        allocation: 'lowest-price',
        purchase: 'on-demand',
        spot: null,
        minSize: min,
        maxSize: c.max,
        desiredSize: desired,
        prewarmed: true,
        launchLatency: defaultInstanceLaunch('linux'),
        reservedCpuUnits: 0,
        reservedMemoryMiB: reserved,
        managedScaling: { targetCapacityPercent: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupSeconds: 300 },
        managedTerminationProtection: true,
      },
    ],
    strategy: [{ provider: name, base: 0, weight: 1 }],
    placement: [{ type: 'spread', field: 'az' }, { type: 'binpack', field: 'memory' }],
    constraints: [],
    networkMode: 'awsvpc',
    trunking: false,
    prefixDelegation: false,
    subnets: c.subnets ?? defaultSubnets(region),
  };
}

export function resolveCapacity(c: CapacityParsed, tasks: { task: TaskSize; at: string }[], at: string, issues: Issues, region: string, custom?: readonly InstanceType[]): Capacity {
  if (c.type === 'managed-instances') return resolveManagedInstances(c, tasks, region, at, issues, custom);
  if (c.type === 'lambda' || c.type === 'app-runner') {
    const jobs = tasks.find((t) => t.at.endsWith('.jobs'));
    if (jobs) issues.push({ path: jobs.at, message: `batch jobs run as ECS tasks; a ${c.type} alternative serves the service only`, value: 'jobs', allowed: 'a scenario without jobs, or a fargate/ec2/cluster alternative' });
    if (!tasks.some((t) => t.at.endsWith('.service'))) issues.push({ path: `${at}.capacity`, message: `a ${c.type} alternative needs a service (and its workload)`, value: c.type, allowed: 'a service: section' });
    try {
      if (c.type === 'lambda') lambdaRateCard(region);
      else appRunnerRateCard(region);
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      issues.push({ path: 'region', message: `no ${c.type === 'lambda' ? 'Lambda' : 'App Runner'} rates for region ${region} in the catalog`, value: region, allowed: (err.allowed ?? []).join(', ') });
    }
    return c.type === 'lambda' ? resolveLambda(c, at, issues) : resolveAppRunner(c, at, issues);
  }
  if (c.type === 'cluster') {
    const cluster = resolveCluster(c, region, at, issues, tasks.some((t) => t.task.os === 'windows'), custom);
    for (const p of cluster.providers) {
      if (p.kind === 'fargate') {
        if (cluster.orchestrator === 'ecs') for (const t of tasks) checkFargateTask(t.task, p.spot !== null, t.at, issues);
        else {
          for (const t of tasks) {
            checkEksFargatePod(t.task, p.name, t.at, `${at}.capacity.providers[${cluster.providers.indexOf(p)}].name`, issues);
            if (t.task.gpus > 0) checkFargateTask(t.task, false, t.at, issues);
            else if (!smallestFargateSizeAtLeast(t.task.cpuUnits, t.task.memoryMiB + EKS_FARGATE_POD_OVERHEAD_MIB)) {
              issues.push({
                path: `${t.at}.task`,
                message: `an EKS Fargate pod of ${formatSize(t.task.cpuUnits, t.task.memoryMiB)} plus the ${EKS_FARGATE_POD_OVERHEAD_MIB} MiB kubelet overhead fits no Fargate size`,
                value: { cpu: t.task.cpuUnits, memory: t.task.memoryMiB },
                allowed: 'requests up to 16 vCPU / 119.75 GB (the largest size is 16 vCPU / 120 GB)',
              });
            }
          }
        }
        continue;
      }
      if (cluster.nodeProvisioner?.type === 'karpenter' && cluster.nodeProvisioner.instanceTypes === p.instanceTypes) continue; // checked where resolved
      p.instanceTypes.forEach((name, k) =>
        checkInstanceType(name, tasks, `${at}.capacity.providers[${cluster.providers.indexOf(p)}].asg.instanceTypes[${k}]`, issues, cluster.trunking && cluster.orchestrator === 'ecs', custom, p.reservedMemoryMiB),
      );
    }
    if (cluster.orchestrator === 'eks') checkEksNodeFit(cluster, tasks, at, issues, custom);
    return cluster;
  }
  if (c.type === 'fargate' || c.type === 'fargate-spot') {
    const spot = c.type === 'fargate-spot';
    for (const t of tasks) checkFargateTask(t.task, spot, t.at, issues);
    return { type: 'fargate', spot };
  }
  const resolved: Capacity = {
    type: 'ec2',
    instanceType: c.instanceType,
    instances: c.instances,
    placement: resolvePlacement(c.placement),
    networkMode: c.networkMode ?? 'awsvpc',
    trunking: c.trunking ?? false,
    scheduled: resolveFleetScheduled(c.scheduled, `${at}.capacity.scheduled`, issues),
  };
  checkInstanceType(c.instanceType, tasks, `${at}.capacity.instanceType`, issues, resolved.trunking, custom);
  return resolved;
}
