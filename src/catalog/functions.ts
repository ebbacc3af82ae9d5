// AWS Lambda and AWS App Runner rates and limits (us-east-1), each with its source and the date it
// was read. Rates are exact decimal strings per the unit in their name; `billing/` prices them.
// Left out: Lambda@Edge, SnapStart, Lambda Managed Instances, response streaming, data transfer,
// App Runner build minutes and the automatic-deployment fee.

import { CatalogError } from './errors.js';
import type { Arch } from './types.js';

const LAMBDA_PRICING = 'https://aws.amazon.com/lambda/pricing/';
/** When these pages were read; `asOf` is the date of the newest dated source (the pages themselves carry none). */
const READ = '2026-12-07';

/** One duration tier: GB-seconds of the month up to `uptoGbSeconds` (null: no ceiling) at this rate. */
export interface LambdaTier {
  uptoGbSeconds: number | null;
  usdPerGbSecond: string;
}

export interface LambdaRateCard {
  region: string;
  /** On-demand duration by architecture, tiered by the month's GB-seconds (of that architecture). */
  durationTiers: Record<Arch, LambdaTier[]>;
  usdPerRequest: string;
  /** Provisioned concurrency: the configured concurrency × memory, for the time it is enabled. */
  provisionedUsdPerGbSecond: Record<Arch, string>;
  /** Duration of invocations served by provisioned environments (instead of the on-demand rate). */
  provisionedDurationUsdPerGbSecond: Record<Arch, string>;
  /** Ephemeral storage above the free 512 MB, per GB-second of duration. */
  ephemeralUsdPerGbSecond: string;
  freeTier: { requestsPerMonth: number; gbSecondsPerMonth: number };
  source: string;
  asOf: string;
  note: string;
}

export const LAMBDA_RATE_CARDS: Record<string, LambdaRateCard> = {
  'us-east-1': {
    region: 'us-east-1',
    durationTiers: {
      x86_64: [
        { uptoGbSeconds: 6e9, usdPerGbSecond: '0.0000166667' },
        { uptoGbSeconds: 15e9, usdPerGbSecond: '0.000015' },
        { uptoGbSeconds: null, usdPerGbSecond: '0.0000133334' },
      ],
      arm64: [
        { uptoGbSeconds: 7.5e9, usdPerGbSecond: '0.0000133334' },
        { uptoGbSeconds: 18.75e9, usdPerGbSecond: '0.0000120001' },
        { uptoGbSeconds: null, usdPerGbSecond: '0.0000106667' },
      ],
    },
    usdPerRequest: '0.0000002',
    provisionedUsdPerGbSecond: { x86_64: '0.0000041667', arm64: '0.0000033334' },
    provisionedDurationUsdPerGbSecond: { x86_64: '0.0000097222', arm64: '0.0000077778' },
    ephemeralUsdPerGbSecond: '0.0000000309',
    freeTier: { requestsPerMonth: 1_000_000, gbSecondsPerMonth: 400_000 },
    source:
      `${LAMBDA_PRICING} (requests $0.20 per 1M; duration, provisioned concurrency and ephemeral storage per GB-second, US East (N. Virginia)); ` +
      'tiers: https://aws.amazon.com/blogs/compute/introducing-tiered-pricing-for-aws-lambda/ (x86 0–6 bn, 6–15 bn (−10 %), over 15 bn (−20 %); arm64 0–7.5 bn, 7.5–18.75 bn, over 18.75 bn) ' +
      'with the per-tier rates as listed at https://cloudchipr.com/blog/aws-lambda-pricing; free tier: 1M requests and 400,000 GB-seconds a month (pricing page, as quoted at ' +
      'https://raw.githubusercontent.com/api-evangelist/aws-lambda/refs/heads/main/plans/aws-lambda-plans-pricing.yml, read 2026-09-20)',
    asOf: '2026-09-20',
    note:
      `Read ${READ}; as of the dated copy of the pricing page (2026-09-20). ` +
      'The pricing page renders its rate tables client-side, so the per-GB-second figures are taken from its worked examples and the secondary pages above. ' +
      'Provisioned concurrency is billed from enabling to disabling, rounded up to 5 minutes; duration rounded up to 1 ms. The free tier does not apply to provisioned concurrency.',
  },
};

export function lambdaRateCard(region: string): LambdaRateCard {
  const card = LAMBDA_RATE_CARDS[region];
  if (!card) throw new CatalogError(`No Lambda rates for region "${region}".`, Object.keys(LAMBDA_RATE_CARDS));
  return card;
}

/** Lambda limits and rules that shape scaling and billing. */
export const LAMBDA_LIMITS = {
  /** Default concurrent executions per account and region (a soft quota). */
  accountConcurrency: 1000,
  /** New execution environments per function: 1,000 every 10 seconds, refilled continuously. */
  scalingBurst: 1000,
  scalingRefillPerSecond: 100,
  minMemoryMiB: 128,
  maxMemoryMiB: 10_240,
  /** Memory at which a function has the equivalent of one full vCPU. */
  memoryMiBPerVcpu: 1769,
  freeEphemeralMiB: 512,
  maxEphemeralMiB: 10_240,
  /** Billing granularity of duration and of INIT. */
  durationGranularityMs: 1,
  /** Provisioned concurrency time is rounded up to this. */
  provisionedGranularitySeconds: 300,
  /**
   * An on-demand environment's INIT phase is limited to 10 s: one that has not finished by then
   * is stopped, and Lambda retries INIT at the first invocation under the function's timeout
   * (lambda-runtime-environment: "The Init phase is limited to 10 seconds. If all three tasks do
   * not complete within 10 seconds, Lambda retries the Init phase at the time of the first function
   * invocation with the configured function timeout"; read 2026-12-07). Provisioned environments,
   * which capsim starts warm, are not subject to it.
   */
  initPhaseLimitSeconds: 10,
  /**
   * Concurrency the account keeps unreserved for functions without reserved concurrency: a
   * function may reserve, or (without a reservation, drawing on the unreserved pool) provision,
   * at most the account's concurrency minus this.
   */
  minUnreservedConcurrency: 100,
  /** Maximum invocation timeout. */
  maxTimeoutSeconds: 900,
  source:
    'https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html ("for each function, your concurrency scaling rate is 1,000 execution environment instances every 10 seconds"; ' +
    '"Lambda makes a best attempt to refill your concurrency scaling rate continuously"; throttled requests fail with 429); ' +
    'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (1,000 concurrent executions, memory 128 MB–10,240 MB, ephemeral storage 512 MB–10,240 MB, timeout 900 s); ' +
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (1,769 MB = one vCPU); ' +
    'INIT: https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/ ("Effective August 1, 2025 … INIT phase … billed"); ' +
    'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html ("The Init phase is limited to 10 seconds. If all three tasks do not complete within 10 seconds, Lambda retries the Init phase at the time of the first function invocation with the configured function timeout"; ' +
    '"The 10-second timeout doesn\'t apply to functions that are using provisioned concurrency or SnapStart … 130 seconds or the configured function timeout (maximum 900 seconds), whichever is higher"); ' +
    'unreserved minimum: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html ("You can reserve up to the Unreserved account concurrency value that is shown, minus 100 for functions that don\'t have reserved concurrency"), ' +
    'https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html ("You can\'t allocate more provisioned concurrency than reserved concurrency for a function"; provisioned concurrency "counts towards a function\'s reserved concurrency and Regional quotas"), ' +
    'and PutProvisionedConcurrencyConfig refusing a function without a reservation with "Specified ConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value" (as reported in anomalyco/sst#5829, 2025-05-23)',
  asOf: '2025-08-01',
  note: `Read ${READ}; the docs pages are undated, the newest dated rule is the INIT billing change effective 2025-08-01.`,
} as const;

/** App Runner: provisioned instances pay memory; active instances pay vCPU and memory. */
export interface AppRunnerRateCard {
  region: string;
  provisionedUsdPerGbHour: string;
  activeUsdPerVcpuHour: string;
  activeUsdPerGbHour: string;
  source: string;
  asOf: string;
  note: string;
}

export const APP_RUNNER_RATE_CARDS: Record<string, AppRunnerRateCard> = {
  'us-east-1': {
    region: 'us-east-1',
    provisionedUsdPerGbHour: '0.007',
    activeUsdPerVcpuHour: '0.064',
    activeUsdPerGbHour: '0.007',
    source:
      'https://aws.amazon.com/apprunner/pricing/ (provisioned container instances $0.007/GB-hour; active container instances $0.064/vCPU-hour and $0.007/GB-hour; ' +
      '"US East (N. Virginia), US East (Ohio), US West (Oregon), and Europe (Ireland)"; Tokyo $0.009/GB-hour)',
    asOf: '2026-04-30',
    note:
      `Read ${READ}; the pricing page is undated (rates unchanged since launch), dated by the availability change. ` +
      'Availability: App Runner closed to new customers on 2026-04-30 (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html, as quoted in ' +
      'https://dev.to/gyorgy/migrating-off-aws-app-runner-before-the-april-30-deadline-5g8m); existing services keep running at these rates, and AWS points new ones to ECS Express Mode.',
  },
};

export function appRunnerRateCard(region: string): AppRunnerRateCard {
  const card = APP_RUNNER_RATE_CARDS[region];
  if (!card) throw new CatalogError(`No App Runner rates for region "${region}".`, Object.keys(APP_RUNNER_RATE_CARDS));
  return card;
}

/** App Runner instance sizes (vCPU, GB) and auto scaling bounds. */
export const APP_RUNNER_LIMITS = {
  sizes: [
    { cpuUnits: 256, memoryMiB: 512 },
    { cpuUnits: 256, memoryMiB: 1024 },
    { cpuUnits: 512, memoryMiB: 1024 },
    { cpuUnits: 1024, memoryMiB: 2048 },
    { cpuUnits: 1024, memoryMiB: 3072 },
    { cpuUnits: 1024, memoryMiB: 4096 },
    { cpuUnits: 2048, memoryMiB: 4096 },
    { cpuUnits: 2048, memoryMiB: 6144 },
    { cpuUnits: 4096, memoryMiB: 8192 },
    { cpuUnits: 4096, memoryMiB: 10240 },
    { cpuUnits: 4096, memoryMiB: 12288 },
  ],
  defaultMaxConcurrency: 100,
  maxConcurrency: 200,
  defaultMinInstances: 1,
  defaultMaxInstances: 25,
  maxInstances: 25,
  source:
    'https://docs.aws.amazon.com/apprunner/latest/dg/manage-autoscaling.html (max concurrency, min size, max size; "When the number of concurrent requests exceeds this quota, App Runner scales up"); ' +
    'https://docs.aws.amazon.com/apprunner/latest/api/API_InstanceConfiguration.html (CPU/memory combinations); defaults 100 / 1 / 25 from the default auto scaling configuration',
  asOf: 'undated',
  note: `undated docs pages, read ${READ}`,
} as const;
