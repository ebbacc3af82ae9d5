// Lambda bills worked out by hand from the us-east-1 rate card (src/catalog/functions.ts):
// requests $0.20 per million; duration x86 $0.0000166667 / arm64 $0.0000133334 per GB-second
// (first tier), tiers at 6 bn / 15 bn GB-s (x86); provisioned concurrency x86 $0.0000041667 and
// its duration $0.0000097222 per GB-second; ephemeral storage $0.0000000309 per GB-second.
// Whole runs use a constant demand and a constant duration, so every count is exact.

import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type AlternativeResult, type LineItem } from '../../src/index.js';
import { LambdaUsage, lambdaLineItems } from '../../src/billing/lambda-bill.js';
import { lambdaPlanDiscount } from '../../src/billing/commitments/lambda-plans.js';
import { scenarioText } from '../fixtures/scenario-text.js';

function item(alt: AlternativeResult | LineItem[], id: string): LineItem {
  const items = Array.isArray(alt) ? alt : alt.cost.lineItems;
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no line item ${id}; have ${items.map((i) => i.id).join(', ')}`);
  return found;
}

function run(capacity: string, opts: { horizon: string; rps: string; tick?: string }): AlternativeResult {
  return simulate(
    parseScenario(
      scenarioText({
        horizon: opts.horizon,
        tick: opts.tick ?? '1s',
        rps: opts.rps,
        task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
        desiredCount: 1,
        alternatives: [`{ name: f, capacity: ${capacity} }`],
      }),
    ),
  );
}

describe('Lambda bills, us-east-1', () => {
  it('rounds each invocation up to the millisecond and charges the request fee (x86, 512 MB)', () => {
    const alt = run('{ type: lambda, memory: 512 MB, duration: 12.3ms }', { horizon: '1h', rps: '{ type: constant, rps: 10 }' });
    // 10 rps × 3,600 s = 36,000 requests × $0.0000002 = $0.0072
    expect(item(alt, 'lambda.requests').quantity).toBe('36000');
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.0072');
    // 12.3 ms bills 13 ms: 36,000 × 0.013 s × 0.5 GB = 234 GB-s × $0.0000166667 = $0.0039000078
    expect(item(alt, 'lambda.duration').quantity).toBe('234');
    expect(item(alt, 'lambda.duration').usdExact).toBe('0.0039000078');
    // $0.0072 + $0.0039000078 = $0.0111000078 → $0.01
    expect(alt.cost.totalUsd).toBe(0.01);
    expect(alt.requests.dropped).toBe(0);
  });

  it('bills arm64 duration at its own rate (2,048 MB, 100 ms)', () => {
    const alt = run('{ type: lambda, memory: 2048 MB, arch: arm64, duration: 100ms }', { horizon: '1h', rps: '{ type: constant, rps: 100 }' });
    // 100 × 3,600 = 360,000 requests × $0.0000002 = $0.072
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.072');
    // 360,000 × 0.1 s × 2 GB = 72,000 GB-s × $0.0000133334 = $0.9600048
    expect(item(alt, 'lambda.duration').quantity).toBe('72000');
    expect(item(alt, 'lambda.duration').usdPerUnit).toBe('0.0000133334');
    expect(item(alt, 'lambda.duration').usdExact).toBe('0.9600048');
    // $0.072 + $0.9600048 = $1.0320048 → $1.03
    expect(alt.cost.totalUsd).toBe(1.03);
  });

  it('bills a batch of requests as one invocation', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 1s, batchSize: 10 }', { horizon: '1h', rps: '{ type: constant, rps: 100 }' });
    // 100 rps ÷ 10 per batch = 10 invocations/s × 3,600 s = 36,000 invocations × $0.0000002 = $0.0072
    expect(item(alt, 'lambda.requests').quantity).toBe('36000');
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.0072');
    // 36,000 × 1 s × 1 GB = 36,000 GB-s × $0.0000166667 = $0.6000012
    expect(item(alt, 'lambda.duration').usdExact).toBe('0.6000012');
    expect(alt.requests.served).toBe(360_000);
  });

  it('bills provisioned concurrency for the whole run and its invocations at the provisioned duration rate', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 100ms, provisionedConcurrency: 5 }', { horizon: '1h', rps: '{ type: constant, rps: 20 }' });
    // need = 20 rps × 0.1 s = 2 environments ≤ 5 provisioned: every invocation on a provisioned one.
    // 5 × 3,600 s × 1 GB = 18,000 GB-s × $0.0000041667 = $0.0750006
    expect(item(alt, 'lambda.provisioned-concurrency').quantity).toBe('18000');
    expect(item(alt, 'lambda.provisioned-concurrency').usdExact).toBe('0.0750006');
    // 72,000 requests × 0.1 s × 1 GB = 7,200 GB-s × $0.0000097222 = $0.06999984
    expect(item(alt, 'lambda.provisioned-duration').quantity).toBe('7200');
    expect(item(alt, 'lambda.provisioned-duration').usdExact).toBe('0.06999984');
    expect(item(alt, 'lambda.duration').quantity).toBe('0');
    // 72,000 × $0.0000002 = $0.0144; total 0.0750006 + 0.06999984 + 0.0144 = $0.15940044 → $0.16
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.0144');
    expect(alt.cost.totalUsd).toBe(0.16);
  });

  it('prices a month past the first two x86 tiers (52.56 bn GB-s)', () => {
    // 2,000 rps × 1 s at 10,240 MB = 2,000 environments (account quota raised to 3,000).
    const alt = run('{ type: lambda, memory: 10240 MB, duration: 1s, accountConcurrency: 3000 }', { horizon: '730h', tick: '60s', rps: '{ type: constant, rps: 2000 }' });
    // requests 2,000 × 2,628,000 s = 5,256,000,000 × $0.0000002 = $1,051.2
    expect(item(alt, 'lambda.requests').usdExact).toBe('1051.2');
    // GB-s = 5.256e9 × 1 s × 10 GB = 52,560,000,000
    // tier 1: 6,000,000,000 × $0.0000166667 = $100,000.2
    expect(item(alt, 'lambda.duration').quantity).toBe('6000000000');
    expect(item(alt, 'lambda.duration').usdExact).toBe('100000.2');
    // tier 2: 9,000,000,000 × $0.000015 = $135,000
    expect(item(alt, 'lambda.duration.tier2').quantity).toBe('9000000000');
    expect(item(alt, 'lambda.duration.tier2').usdExact).toBe('135000');
    // tier 3: 52.56 bn − 15 bn = 37,560,000,000 × $0.0000133334 = $500,802.504
    expect(item(alt, 'lambda.duration.tier3').quantity).toBe('37560000000');
    expect(item(alt, 'lambda.duration.tier3').usdExact).toBe('500802.504');
    // 1,051.2 + 100,000.2 + 135,000 + 500,802.504 = $736,853.904 → $736,853.90
    expect(alt.cost.totalUsd).toBe(736853.9);
  });

  it('takes the monthly free tier off requests and GB-seconds when asked', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 200ms, freeTier: true }', { horizon: '730h', tick: '60s', rps: '{ type: constant, rps: 1 }' });
    // 2,628,000 requests − 1,000,000 free = 1,628,000 × $0.0000002 = $0.3256
    expect(item(alt, 'lambda.requests').quantity).toBe('1628000');
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.3256');
    // 2,628,000 × 0.2 s × 1 GB = 525,600 GB-s − 400,000 free = 125,600 × $0.0000166667 = $2.09333752
    expect(item(alt, 'lambda.duration').quantity).toBe('125600');
    expect(item(alt, 'lambda.duration').usdExact).toBe('2.09333752');
  });

  // A run shorter than a 730-hour month stands for that share of one: the free tier is prorated,
  // so "per month" (hourly × 730) is a month's bill, not $0 (was: every block got the whole
  // allowance, and a 1-hour run at 100 rps cost $0.00).
  it('prorates the free tier of a run shorter than a month to its share of 730 h', () => {
    const alt = run('{ type: lambda, memory: 1536 MB, duration: 120ms, freeTier: true }', { horizon: '1h', rps: '{ type: constant, rps: 100 }' });
    // 1 h of 730: free requests 1,000,000 ÷ 730 = 1,369.863014 (to a millionth);
    // 100 rps × 3,600 s = 360,000 − 1,369.863014 = 358,630.136986 × $0.0000002 = $0.0717260273972
    expect(item(alt, 'lambda.requests').quantity).toBe('358630.136986');
    expect(item(alt, 'lambda.requests').usdExact).toBe('0.0717260273972');
    // free GB-s 400,000 ÷ 730 = 547.945205; 360,000 × 0.12 s × 1.5 GB = 64,800 GB-s (first tier:
    // far below 6 bn) − 547.945205 = 64,252.054795 × $0.0000166667 = $1.0708697216518265
    expect(item(alt, 'lambda.duration').quantity).toBe('64252.054795');
    expect(item(alt, 'lambda.duration').usdExact).toBe('1.0708697216518265');
    // $0.0717260273972 + $1.0708697216518265 = $1.1425957490490265 → $1.14; × 730 = $834.0948968 → $834.09,
    // the month's bill: 262.8 M − 1 M = 261.8 M requests × $0.20/M = $52.36, plus
    // (47,304,000 − 400,000) GB-s × $0.0000166667 = $781.7348968: $834.0948968.
    expect(alt.cost.totalUsd).toBe(1.14);
    expect(alt.cost.usdPerMonth).toBe(834.09);
    expect(item(alt, 'lambda.requests').description).toBe("Lambda requests, after the free tier (1,000,000 a month of 730 h, prorated: 1,369.86 for the run's 1 h)");
  });

  it('gives the last, partial month of a 731-hour run 1/730 of the allowance, not all of it', () => {
    // 731 h: a whole month (hours 0–729) and one hour (730). 1,000,000 requests of 1 ms at 1,024 MB in
    // the first, 10,000 in the last.
    const u = new LambdaUsage(731, 'x86_64', 1024, 512, 0, 731 * 3600);
    u.requests[0] = 1_000_000;
    u.onDemandMs[0] = 1_000_000;
    u.requests[730] = 10_000;
    u.onDemandMs[730] = 10_000;
    const items = lambdaLineItems(u, { region: 'us-east-1', freeTier: true });
    // Month 1: 1,000,000 − 1,000,000 free = 0. Month 2: 10,000 − 1,369.863014 = 8,630.136986 × $0.0000002 = $0.0017260273972
    expect(item(items, 'lambda.requests').quantity).toBe('8630.136986');
    expect(item(items, 'lambda.requests').usdExact).toBe('0.0017260273972');
    // Duration: 1,000 GB-s and 10 GB-s, each under its allowance (400,000 and 547.945205): nothing billed.
    expect(item(items, 'lambda.duration').quantity).toBe('0');
    // 1,000,000 + 1,369.863014 free in all
    expect(item(items, 'lambda.requests').description).toContain("prorated: 1,001,369.86 for the run's 731 h");
  });

  // Lambda stops an invocation at its timeout, at most 900 s (gettingstarted-limits), and bills it to
  // there. Exponential durations: P(X > 900) = e^(−900/mean), E[min(X, 900)] = mean × (1 − e^(−900/mean)).
  it('stops an invocation at the 900 s timeout: billed 900 s, its request failed (dropped)', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: { type: exponential, mean: 3m } }', { horizon: '1h', rps: '{ type: constant, rps: 1 }' });
    // mean 180 s (p99 180 × ln 100 = 829 s: accepted): billed mean 180 × (1 − e^−5) = 178.78717 s, so
    // 3,600 × 178.78717 × 1 GB = 643,633.81 GB-s, plus the 1 ms rounding (≈ 0.5 ms × 3,600 = 1.8 GB-s);
    // uncapped it would be 3,600 × 180 = 648,000.
    const gbs = Number(item(alt, 'lambda.duration').quantity);
    expect(gbs).toBeGreaterThan(643_633.81);
    expect(gbs).toBeLessThan(643_633.81 + 3.6);
    // timed out: 3,600 × e^−5 = 24.26 requests (the 4,096-entry table has 28 past 900 s: 24.6)
    expect(Math.abs(alt.requests.dropped - 24.26)).toBeLessThan(1);
  });

  it('bills the audit case, exponential mean 10 min, at $27.97 rather than $36.00 (when the run is given it)', () => {
    // Refused at load (its p99, 600 × ln 100 = 2,763 s, is past 900 s); a run handed it directly still caps.
    const scenario = parseScenario(
      scenarioText({ horizon: '1h', tick: '1s', rps: '{ type: constant, rps: 1 }', task: '{ cpu: 0.5 vCPU, memory: 1 GB }', desiredCount: 1, alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB, duration: 1s } }'] }),
    );
    const capacity = scenario.alternatives[0].capacity;
    if (capacity.type !== 'lambda') throw new Error('not a Lambda alternative');
    capacity.duration = { type: 'exponential', mean: 600 };
    const alt = simulate(scenario);
    // billed mean 600 × (1 − e^−1.5) = 466.12190 s; 3,600 × 466.12190 × 1 GB = 1,678,038.85 GB-s (+ ≈ 1.8 for the ms rounding)
    // × $0.0000166667 = $27.9681, + 3,600 requests × $0.0000002 = $0.00072: $27.97 (uncapped: 2,160,000 GB-s, $36.00)
    const gbs = Number(item(alt, 'lambda.duration').quantity);
    expect(gbs).toBeGreaterThan(1_678_038.85);
    expect(gbs).toBeLessThan(1_678_038.85 + 3.6);
    expect(alt.cost.totalUsd).toBe(27.97);
    // timed out: 3,600 × e^−1.5 = 803.27 requests
    expect(Math.abs(alt.requests.dropped - 803.27)).toBeLessThan(1);
  });

  it('bills INIT of each cold start (since 2025-08-01) at the on-demand rate', () => {
    // 0 rps, then 100 rps from t = 60 s: 100 × 0.1 s = 10 new environments, each one cold invocation.
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 100ms, coldStart: 250ms }', {
      horizon: '2m',
      rps: '{ type: steps, initial: 0, steps: [{ at: 60s, rps: 100 }] }',
    });
    // warm: 6,000 requests × 100 ms; the 10 cold ones bill 100 + 250 = 350 ms:
    // (6,000 × 100 + 10 × 250) ms = 602,500 ms × 1 GB = 602.5 GB-s × $0.0000166667 = $0.01004168675
    expect(item(alt, 'lambda.duration').quantity).toBe('602.5');
    expect(item(alt, 'lambda.duration').usdExact).toBe('0.01004168675');
  });

  it('bills ephemeral storage above 512 MB on the duration, and rounds provisioned time up to 5 minutes', () => {
    const u = new LambdaUsage(2, 'x86_64', 1024, 2560, 3, 3660);
    u.requests[0] = 1000;
    u.onDemandMs[0] = 40_000;
    u.provisionedMs[1] = 60_000;
    const items = lambdaLineItems(u, { region: 'us-east-1', freeTier: false });
    // (2,560 − 512) MB = 2 GB × (40 + 60) s = 200 GB-s × $0.0000000309 = $0.00000618
    expect(item(items, 'lambda.ephemeral-storage').quantity).toBe('200');
    expect(item(items, 'lambda.ephemeral-storage').usdExact).toBe('0.00000618');
    // 3,660 s rounds up to 3,900 s: 3 × 3,900 × 1 GB = 11,700 GB-s × $0.0000041667 = $0.04875039
    expect(item(items, 'lambda.provisioned-concurrency').quantity).toBe('11700');
    expect(item(items, 'lambda.provisioned-concurrency').usdExact).toBe('0.04875039');
  });

  it('a Compute Savings Plan covers Lambda duration hour by hour at its discount', () => {
    const alt = run('{ type: lambda, memory: 1024 MB, duration: 100ms }', { horizon: '1h', rps: '{ type: constant, rps: 100 }' });
    const plan = simulate(
      parseScenario(
        scenarioText({
          horizon: '1h',
          tick: '1s',
          rps: '{ type: constant, rps: 100 }',
          task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
          desiredCount: 1,
          alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB, duration: 100ms }, commitments: { savingsPlans: [{ type: compute, commitment: 0.4, discounts: { lambda: 0.17 } }] } }'],
        }),
      ),
    );
    // on-demand: 360,000 × 0.1 s × 1 GB = 36,000 GB-s × $0.0000166667 = $0.6000012; requests $0.072
    expect(alt.cost.totalUsd).toBe(0.67);
    // The $0.40 commitment pays for $0.40 ÷ 0.83 = $0.481927710843… of on-demand value; the rest
    // stays on-demand: 0.072 + 0.6000012 + 0.40 − 0.481927710843… = $0.590073489… → $0.59
    expect(item(plan, 'sp.commitment.compute').usdExact).toBe('0.4');
    expect(Number(item(plan, 'lambda.sp-covered').usdExact)).toBeCloseTo(-0.4 / 0.83, 12);
    expect(plan.cost.totalUsd).toBe(0.59);
    expect(plan.commitments.spUtilisation).toBe(1);
    // covered share 0.481927710843 ÷ 0.6000012 = 0.8032
    expect(plan.commitments.coveredShare).toBeCloseTo(0.8032, 4);
  });

  it('a 90-minute run pays 1.5 h of commitment: the last, partial clock hour is prorated', () => {
    const plan = simulate(
      parseScenario(
        scenarioText({
          horizon: '90m',
          tick: '1s',
          rps: '{ type: constant, rps: 100 }',
          task: '{ cpu: 0.5 vCPU, memory: 1 GB }',
          desiredCount: 1,
          alternatives: ['{ name: f, capacity: { type: lambda, memory: 1024 MB, duration: 100ms }, commitments: { savingsPlans: [{ type: compute, commitment: 0.4, discounts: { lambda: 0.17 } }] } }'],
        }),
      ),
    );
    // Commitment 1.5 h × $0.40 = $0.60 (not 2 h, $0.80). Hour 0 as above: $0.40 covers $0.40 ÷ 0.83
    // of its $0.6000012 of duration; hour 1 holds 1800 s of the run: $0.20 covers $0.20 ÷ 0.83 of
    // its $0.3000006. Covered $0.60 ÷ 0.83 = $0.722891566…
    const commitment = item(plan, 'sp.commitment.compute');
    expect(commitment.quantity).toBe('1.5');
    expect(commitment.usdExact).toBe('0.6');
    expect(commitment.description).toContain('last hour prorated: 1800 of 3600 s');
    expect(Number(item(plan, 'lambda.sp-covered').usdExact)).toBeCloseTo(-0.6 / 0.83, 12);
    // Requests 540,000 × $0.20/M = $0.108, duration 54,000 GB-s × $0.0000166667 = $0.9000018:
    // total 0.108 + 0.9000018 + 0.6 − 0.6/0.83 = $0.885110… → $0.89; an hour of it is the 1-hour
    // run's $0.590073…, × 730 = $430.75 a month.
    expect(plan.cost.totalUsd).toBe(0.89);
    expect(plan.cost.usdPerMonth).toBe(430.75);
    expect(plan.commitments.spUtilisation).toBe(1);
  });

  it('defaults the Lambda plan discount to AWS\'s "up to 17%" for 3 years all upfront, scaled for other terms', () => {
    expect(lambdaPlanDiscount('3y', 'all-upfront')).toBe('0.17');
    // 17 % × 26.1 % ÷ 65 % = 6.826 % → 0.0683
    expect(lambdaPlanDiscount('1y', 'no-upfront')).toBe('0.0683');
  });
});

describe('the duration tiers are monthly: a run shorter than a month crosses them at its share', () => {
  // Was an audit finding: a 1-hour run priced its whole volume in the first tier, so "per month"
  // (hourly × 730) overstated a month at high volume by 2.4 %.
  it('1 h at 300 rps × 1 s × 10 GB: the first tier holds 6 bn ÷ 730 GB-s, and per month is the 730 h bill', () => {
    const alt = run('{ type: lambda, memory: 10240 MB, duration: 1s }', { horizon: '1h', rps: '{ type: constant, rps: 300 }', tick: '60s' });
    // 300 × 3600 = 1,080,000 requests × 1 s × 10 GB = 10,800,000 GB-s in the hour.
    // First tier (0–6 bn GB-s a month) for 1/730 of a month: 6,000,000,000 / 730 = 8,219,178.082192 GB-s
    //   × $0.0000166667 = $136.986575; the rest 2,580,821.917808 × $0.000015 = $38.712329.
    // Requests 1,080,000 × $0.0000002 = $0.216. Hour: $175.914904 → per month × 730 = $128,417.88,
    // what a 730-hour run at this rate bills (the tiers then cross at 6 bn and 15 bn).
    const durations = alt.cost.lineItems.filter((i) => i.id.startsWith('lambda.duration'));
    expect(durations.map((i) => Number(i.quantity))).toEqual([8_219_178.082192, 2_580_821.917808]);
    const hour = alt.cost.lineItems.reduce((sum, i) => sum + Number(i.usdExact), 0);
    expect(hour).toBeCloseTo(136.986575 + 38.712329 + 0.216, 5);
    expect(alt.cost.usdPerMonth).toBe(128_417.88);
  });
});
