// Shared by the report tests: the fixture written once per file, and a reader for displayed numbers.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComparisonResult } from '../../src/domain/result.js';
import { resultsJson } from '../../src/report/json.js';
import { makeFixture, makeJobsFixture } from './fixture.js';

let cached: ComparisonResult | undefined;
/** The fixture (built once per test file; treat as read-only). */
export function fixture(): ComparisonResult {
  return (cached ??= makeFixture());
}

let cachedJobs: ComparisonResult | undefined;
/** The jobs-only fixture: the same alternatives running batch jobs, no service. */
export function jobsFixture(): ComparisonResult {
  return (cachedJobs ??= makeJobsFixture());
}

const made: string[] = [];
// Reports of the fixture are ~10 MB each: remove this file's temporary directories when it ends.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `capsim-${prefix}-`));
  made.push(dir);
  return dir;
}

/** results.json as a reader would see it. */
export function savedJson(result: ComparisonResult): any {
  return JSON.parse(resultsJson(result));
}

/**
 * The number a cell shows and the precision it shows it with: `$1,234.56` → 1234.56 ± 0.005,
 * `48%` → 0.48 ± 0.005, `3 (0.015%)` → 3 ± 0.5 (the first number). Null for a dash.
 */
export function displayed(text: string): { value: number; halfUnit: number } | null {
  const m = /-?[\d,]*\.?\d+/.exec(text.replace(/<0\.001/, '0.001'));
  if (!m || text.trim() === '—') return null;
  const digits = m[0].replace(/,/g, '');
  const decimals = digits.includes('.') ? digits.split('.')[1].length : 0;
  const percent = text.slice(m.index + m[0].length).startsWith('%');
  const scale = percent ? 0.01 : 1;
  return { value: Number(digits) * scale, halfUnit: (0.5 * 10 ** -decimals) * scale };
}

/** Asserts that a displayed cell is the JSON value rounded to the digits shown. */
export function shows(text: string, value: number | null): boolean {
  const d = displayed(text);
  if (d === null || value === null) return d === null && value === null;
  return Math.abs(d.value - value) <= d.halfUnit + 1e-12;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Met the SLO as judged: the mean share of minutes over target with replications, else the one run's verdict. */
function metOf(alt: any): boolean {
  return alt.replications && alt.replications.n > 1 ? alt.replications.minutesOverShare.mean <= alt.slo.maxMinutesOverShare : alt.slo.met;
}

/** The dropped share judged against the budget: the mean with replications. */
function droppedOf(alt: any): number {
  return alt.replications ? alt.replications.droppedShare.mean : alt.slo.droppedShare;
}

/** A `mean ± half-width` percentage cell against an estimate; "—" when there is none. */
function ciCell(text: string, est: { mean: number; ci95: number } | null | undefined): boolean {
  if (!est) return text.trim() === '—';
  const [mean, half] = text.split('±');
  return half !== undefined && shows(mean, est.mean) && shows(half, est.ci95);
}

/**
 * Checks one summary-table row (cells by column id, as displayed) against the alternative's
 * entry in results.json; returns the mismatches (empty when all agree). Every column shown is
 * checked; a column this function does not know is a mismatch, so a new column needs a check.
 * What the row should hold is decided here from the JSON, independently of src/report: "—"
 * where the alternative has no service, no jobs, no EC2 instances or no Spot capacity.
 */
export function rowMismatches(cells: Record<string, string>, alt: any, rank: number, budget: { maxDroppedShare: number } | null = null): string[] {
  const paren = (t: string) => /\(([^)]*)\)/.exec(t)?.[1] ?? '';
  const service = alt.requests.offered > 0;
  const ec2 = alt.capacityType === 'ec2' || alt.usage.avgInstances > 0;
  const spot = alt.capacityType === 'fargate-spot' || alt.cost.lineItems.some((li: any) => /^(ec2\.spot\.|fargate-spot\.)/.test(li.id));
  const dash = (t: string) => t.trim() === '—';
  // With replications the rates are their means (results saved before the means existed: replication 0's).
  const reps = alt.replications && alt.replications.n > 1 && alt.replications.usdPerMonth ? alt.replications : null;
  const checks: Record<string, () => boolean> = {
    rank: () => cells.rank.trim() === String(rank),
    alternative: () => cells.alternative.trim() === alt.name,
    platform: () => cells.platform.trim() === alt.platform,
    totalUsd: () => shows(cells.totalUsd, alt.cost.totalUsd) && /\.\d\d$/.test(cells.totalUsd.trim()),
    usdPerHour: () => shows(cells.usdPerHour, reps ? reps.usdPerHour.mean : alt.cost.usdPerHour),
    usdPerMonth: () => shows(cells.usdPerMonth, reps ? reps.usdPerMonth.mean : alt.cost.usdPerMonth),
    usdPerMillionRequests: () =>
      service ? shows(cells.usdPerMillionRequests, reps ? (reps.usdPerMillionRequests?.mean ?? null) : alt.cost.usdPerMillionRequests) : dash(cells.usdPerMillionRequests),
    usdPerJob: () => shows(cells.usdPerJob, alt.jobs ? (reps ? (reps.usdPerJob?.mean ?? null) : alt.jobs.usdPerJob) : null),
    avgTasks: () => shows(cells.avgTasks, alt.usage.avgTasks),
    avgPaidVcpu: () => shows(cells.avgPaidVcpu, alt.usage.avgPaidVcpu),
    avgUsedVcpu: () => shows(cells.avgUsedVcpu, alt.usage.avgUsedVcpu),
    idleVcpuShare: () => shows(cells.idleVcpuShare, alt.usage.idleVcpuShare),
    idleUsd: () => shows(cells.idleUsd, alt.usage.idleUsd) && /\.\d\d$/.test(cells.idleUsd.trim()),
    avgInstances: () => (ec2 ? shows(cells.avgInstances, alt.usage.avgInstances) : dash(cells.avgInstances)),
    interruptions: () => (spot ? shows(cells.interruptions, alt.eventCounts.interruption ?? 0) : dash(cells.interruptions)),
    jobRestarts: () => shows(cells.jobRestarts, alt.jobs ? alt.jobs.restarts : null),
    jobsCompleted: () => shows(cells.jobsCompleted, alt.jobs ? alt.jobs.completed : null),
    jobWaitP95: () => shows(cells.jobWaitP95, alt.jobs ? alt.jobs.waitP95Seconds : null),
    jobTurnaroundP95: () => shows(cells.jobTurnaroundP95, alt.jobs ? alt.jobs.turnaroundP95Seconds : null),
    latencyMean: () =>
      service ? shows(cells.latencyMean, alt.slo.latencyMeanMs) && shows(paren(cells.latencyMean), alt.slo.queueWaitMeanMs) : dash(cells.latencyMean),
    minutesOver: () =>
      service ? shows(cells.minutesOver, alt.slo.minutesOver) && shows(paren(cells.minutesOver), alt.slo.minutesOverShare) : dash(cells.minutesOver),
    dropped: () => (service ? shows(cells.dropped, alt.requests.dropped) && shows(paren(cells.dropped), alt.slo.droppedShare) : dash(cells.dropped)),
    // With replications the verdict is on the mean share of minutes over target, as the ranking judges it.
    sloMet: () => cells.sloMet.trim() === (service ? (metOf(alt) ? '✓' : '✗') : '—'),
    meanUsd: () => shows(cells.meanUsd, alt.replications?.totalUsd.mean ?? null) && shows(cells.meanUsd.split('±')[1] ?? '', alt.replications?.totalUsd.ci95 ?? null),
    minutesOverShareMean: () => ciCell(cells.minutesOverShareMean, service ? alt.replications?.minutesOverShare : null),
    droppedShareMean: () => ciCell(cells.droppedShareMean, service ? alt.replications?.droppedShare : null),
    withinDropBudget: () => cells.withinDropBudget.trim() === (service && budget ? (droppedOf(alt) <= budget.maxDroppedShare ? '✓' : '✗') : '—'),
  };
  return Object.keys(cells)
    .filter((col) => !(checks[col]?.() ?? false))
    .map((col) => `${alt.name}.${col}: "${cells[col]}"${checks[col] ? '' : ' (no check for this column)'}`);
}

/** The column ids a result's summary table should have, worked out from results.json. */
export function expectedColumnIds(json: any): string[] {
  const alts: any[] = json.alternatives;
  const service = alts.some((a) => a.requests.offered > 0);
  const jobs = alts.some((a) => a.jobs !== null);
  const ec2 = alts.some((a) => a.capacityType === 'ec2' || a.usage.avgInstances > 0);
  const spot = alts.some((a) => a.capacityType === 'fargate-spot' || (a.eventCounts.interruption ?? 0) > 0);
  const reps = alts.some((a) => a.replications && a.replications.n > 1);
  return [
    'rank', 'alternative', 'platform', 'totalUsd',
    ...(reps ? ['meanUsd'] : []),
    'usdPerHour', 'usdPerMonth',
    ...(service ? ['usdPerMillionRequests'] : []),
    ...(jobs ? ['usdPerJob'] : []),
    'avgTasks', 'avgPaidVcpu', 'avgUsedVcpu', 'idleVcpuShare', 'idleUsd',
    ...(ec2 ? ['avgInstances'] : []),
    ...(spot ? ['interruptions'] : []),
    ...(jobs ? ['jobRestarts', 'jobsCompleted', 'jobWaitP95', 'jobTurnaroundP95'] : []),
    ...(service ? ['latencyMean', 'minutesOver', 'dropped'] : []),
    ...(service && reps ? ['minutesOverShareMean', 'droppedShareMean'] : []),
    ...(service ? ['sloMet'] : []),
    ...(service && json.dropBudget ? ['withinDropBudget'] : []),
  ];
}

/**
 * report.html's decision-table columns: those that decide first (who, the cost the ranking uses,
 * per month, per job, jobs done, minutes over, drops, the verdicts), then the rest, each group in
 * the table's order, so a screenshot of a table wider than its card still shows what decides.
 */
export function expectedHtmlColumnIds(json: any): string[] {
  const reps = json.alternatives.some((a: any) => a.replications && a.replications.n > 1);
  const deciding = new Set(['rank', 'alternative', reps ? 'meanUsd' : 'totalUsd', 'usdPerMonth', 'usdPerJob', 'jobsCompleted', 'minutesOver', 'dropped', 'minutesOverShareMean', 'droppedShareMean', 'sloMet', 'withinDropBudget']);
  const all = expectedColumnIds(json);
  return [...all.filter((id) => deciding.has(id)), ...all.filter((id) => !deciding.has(id))];
}

let cachedArm: ComparisonResult | undefined;
/**
 * The fixture with its first-ranked alternative on arm64: its line items keep their ids
 * (`fargate.vcpu`, ...) but their descriptions say Linux/ARM64, as a Graviton alternative's do.
 */
export function armFirstFixture(): ComparisonResult {
  if (cachedArm) return cachedArm;
  const base = fixture();
  const first = base.ranking[0];
  const alternatives = base.alternatives.map((a) =>
    a.name !== first ? a : { ...a, platform: a.platform.replace('x86_64', 'ARM64'), cost: { ...a.cost, lineItems: a.cost.lineItems.map((li) => ({ ...li, description: li.description.replace('Linux/x86_64', 'Linux/ARM64') })) } },
  );
  return (cachedArm = { ...base, alternatives });
}

/**
 * The fixture with five replications and a drop budget: hand-made estimates (mean = the run's
 * figure + a step, half-widths chosen so the ± text is checkable) and a budget that the first
 * alternative meets and the rest do not.
 */
export function withReplicationsAndBudget(): ComparisonResult {
  const r = structuredClone(fixture());
  r.alternatives.forEach((alt, k) => {
    const est = (mean: number, ci95: number) => ({ mean, ci95, min: mean - ci95, max: mean + ci95 });
    alt.replications = {
      n: 5,
      totalUsd: est(alt.cost.totalUsd + 1.25, 3.5 + k),
      minutesOverShare: est(alt.slo.minutesOverShare, 0.0002),
      droppedShare: est(alt.slo.droppedShare + 0.001 * k, 0.0005),
      interruptions: est(0, 0),
      minutesOver: est(alt.slo.minutesOver, 1),
      dropped: est(alt.requests.dropped, 10),
      latencyP95Ms: est(100, 5),
      sloMetShare: 1,
    };
  });
  const first = r.alternatives.find((a) => a.name === r.ranking[0])!;
  r.dropBudget = { maxDroppedShare: first.slo.droppedShare + 0.0005, basis: 'scenario', best: null };
  return r;
}

/** A 40-character name, for the tests that labels stay inside their card. */
export const LONG_NAME = 'fargate-arm64-with-a-very-long-name-0040';

let cachedCharts: ComparisonResult | undefined;
/**
 * The fixture made hard to chart: the first-ranked alternative has a 40-character name and a long
 * platform, every alternative is within the SLO in every minute (so the scatter must switch to
 * p95 latency), each has a different run p95 (100, 110, … ms), and five replications give CIs.
 */
export function chartsFixture(): ComparisonResult {
  if (cachedCharts) return cachedCharts;
  const r = withReplicationsAndBudget();
  const old = r.ranking[0];
  r.alternatives.forEach((a, k) => {
    a.slo = { ...a.slo, minutesOver: 0, minutesOverShare: 0, met: true, latencyP95Ms: 100 + 10 * k };
    a.replications!.minutesOverShare = { mean: 0, ci95: 0, min: 0, max: 0 };
    a.replications!.latencyP95Ms = { mean: 100 + 10 * k, ci95: 4, min: 96 + 10 * k, max: 104 + 10 * k };
    if (a.name === old) {
      a.name = LONG_NAME;
      a.platform = 'ECS FARGATE base 2 w1 + FARGATE_SPOT w3, tasks 1 vCPU/2 GB, arm64, 30 GiB ephemeral storage, with a long description';
    }
  });
  r.ranking = r.ranking.map((n) => (n === old ? LONG_NAME : n));
  if (r.recommended === old) r.recommended = LONG_NAME;
  return (cachedCharts = r);
}
