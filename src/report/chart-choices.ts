// What the cost-vs-SLO charts plot, decided once from the result so the SVG, the HTML page and
// report.md's caption agree: the vertical axis (share of minutes over the SLO, or the run's p95
// latency when every alternative sits at 0 % of minutes over), and, with replications, the mean
// and 95 % confidence half-width of each figure; the jobs scatter's point likewise.

import { hasMeanCostRates, judgedCostRates, judgedMinutesOverShare, type AlternativeResult, type ComparisonResult } from '../domain/result.js';
import { servesRequests } from './columns.js';
import { formatCount } from './format.js';

/** A figure with its 95 % confidence half-width (null without replications). */
export interface Figure {
  value: number;
  ci95: number | null;
}

const hasReps = (a: AlternativeResult) => a.replications !== null && a.replications.n > 1;

/**
 * Monthly cost: the run's, or with replications the mean over them with its interval (the
 * figure the table shows). A result saved before the mean was recorded scales the mean total by
 * the run's month-to-total ratio (730 h over the horizon), as the charts did then.
 */
export function monthlyCost(a: AlternativeResult): Figure {
  if (!hasReps(a)) return { value: a.cost.usdPerMonth, ci95: null };
  const month = a.replications!.usdPerMonth;
  if (month) return { value: month.mean, ci95: month.ci95 };
  if (a.cost.totalUsd === 0) return { value: a.cost.usdPerMonth, ci95: null };
  const perMonth = a.cost.usdPerMonth / a.cost.totalUsd;
  return { value: a.replications!.totalUsd.mean * perMonth, ci95: a.replications!.totalUsd.ci95 * perMonth };
}

/** Total cost over the run, with the replications' interval. */
export function totalCost(a: AlternativeResult): Figure {
  return hasReps(a) ? { value: a.replications!.totalUsd.mean, ci95: a.replications!.totalUsd.ci95 } : { value: a.cost.totalUsd, ci95: null };
}

export interface ScatterAxis {
  metric: 'minutesOver' | 'latencyP95';
  /** Axis label. */
  label: string;
  /** One sentence for report.md's caption and the HTML card. */
  caption: string;
  /** A shorter one for the SVG's subtitle line. */
  subtitle: string;
  /** Value in axis units (percent of minutes, or ms). */
  value(a: AlternativeResult): Figure;
}

/** The share of minutes over target, as the ranking judges it (the mean with replications). */
function minutesOverPct(a: AlternativeResult): Figure {
  return { value: judgedMinutesOverShare(a) * 100, ci95: hasReps(a) ? a.replications!.minutesOverShare.ci95 * 100 : null };
}

function latencyP95(a: AlternativeResult): Figure {
  return hasReps(a) ? { value: a.replications!.latencyP95Ms.mean, ci95: a.replications!.latencyP95Ms.ci95 } : { value: a.slo.latencyP95Ms, ci95: null };
}

/**
 * The vertical axis of the cost-vs-SLO scatter. When every alternative that serves requests was
 * over target in 0 % of minutes, that axis would put every mark on one line and tell nothing, so
 * it shows the run's p95 latency (the 95th percentile of the per-minute p95) instead, and the
 * caption says why.
 */
export function sloScatterAxis(result: ComparisonResult): ScatterAxis {
  const serving = result.alternatives.filter(servesRequests);
  const ci = serving.some(hasReps) ? ' Bars: 95% confidence intervals over the replications.' : '';
  if (serving.length > 0 && serving.every((a) => minutesOverPct(a).value === 0)) {
    const target = formatCount(result.scenario.sloLatencyP95Ms);
    return {
      metric: 'latencyP95',
      label: 'p95 latency over the run (ms)',
      caption: `Every alternative was within the SLO in every minute (0% of minutes over), so the vertical axis is each run's p95 latency instead (the dashed line is the ${target} ms target): lower and further left is better.${ci}`,
      subtitle: 'Every alternative was within the SLO in every minute, so: monthly cost against the run’s p95 latency.',
      value: latencyP95,
    };
  }
  return {
    metric: 'minutesOver',
    label: 'minutes over SLO (% of minutes)',
    caption: `Monthly cost against the share of minutes whose p95 latency exceeded the target (or that dropped requests): lower and further left is better; a cross misses the SLO.${ci}`,
    subtitle: 'Monthly cost against the share of minutes over the p95 target; lower and further left is better.',
    value: minutesOverPct,
  };
}

/** The jobs scatter's caption (report.md and the page). */
export function jobsScatterCaption(result: ComparisonResult): string {
  const ci = result.alternatives.some(hasReps) ? ' Bars: 95% confidence intervals over the replications.' : '';
  return `Cost per completed job against the p95 wait for a task: lower and further left is better.${ci}`;
}

/**
 * The jobs scatter's point: cost per completed job as the table shows it (judgedCostRates: the
 * mean with replications) against the p95 wait for a task, with replications the mean over them
 * too, each with its 95 % half-width; null without a completed job. A result saved before the
 * means were recorded plots replication 0's figures for what it lacks.
 */
export function jobsScatterPoint(a: AlternativeResult): { x: Figure; y: Figure } | null {
  const perJob = a.jobs ? judgedCostRates(a).usdPerJob : null;
  if (perJob === null || !a.jobs) return null;
  const r = hasReps(a) ? a.replications! : null;
  const xCi = r && hasMeanCostRates(a) && r.usdPerJob ? r.usdPerJob.ci95 : null;
  const wait = r?.jobWaitP95Seconds;
  const y: Figure = wait ? { value: wait.mean, ci95: wait.ci95 } : { value: a.jobs.waitP95Seconds, ci95: null };
  return { x: { value: perJob, ci95: xCi }, y };
}
