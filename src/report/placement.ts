// Why tasks could not be placed, per alternative: each distinct cause (a full subnet, no instance
// with room, instances still launching …) with how many placements failed for it, so a report says
// why and not only how often. From the result's uncapped `placementFailures`; a result saved
// before that existed reads the causes off its recorded placement-failed events (capped, so what
// they do not cover is counted as such).

import { placementFailureCounts, type AlternativeResult, type ComparisonResult, type PlacementFailureCount } from '../domain/result.js';
import { formatCount } from './format.js';

const UNPLACED = /^task \d+ unplaced: /;

/** The causes of an alternative's placement failures, most frequent first; empty when none failed. */
export function placementFailureReasons(alt: AlternativeResult): PlacementFailureCount[] {
  if (alt.placementFailures) return alt.placementFailures;
  const total = alt.eventCounts['placement-failed'] ?? 0;
  if (total === 0) return [];
  const byReason = new Map<string, number>();
  for (const e of alt.events) {
    if (e.kind !== 'placement-failed') continue;
    const reason = e.detail.replace(UNPLACED, '');
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const out = placementFailureCounts(byReason);
  const listed = out.reduce((n, r) => n + r.count, 0);
  if (listed < total) out.push({ reason: 'not in the recorded events (the event log is capped)', count: total - listed });
  return out;
}

/** `2 × nodes: no free subnet IP for the pod (VPC CNI, WARM_ENI_TARGET=1); 1 × od: instances are still launching`. */
function placementReasonsText(reasons: readonly PlacementFailureCount[]): string {
  return reasons.map((r) => `${formatCount(r.count)} × ${r.reason}`).join('; ');
}

/** One line per alternative whose tasks could not all be placed: its name and the causes. */
export function placementFailureLines(result: ComparisonResult): { alt: string; text: string }[] {
  return result.alternatives.flatMap((a) => {
    const reasons = placementFailureReasons(a);
    return reasons.length > 0 ? [{ alt: a.name, text: placementReasonsText(reasons) }] : [];
  });
}

/** The lead-in of the list (every format). */
export const PLACEMENT_FAILURES_LEAD = 'Why placement failed (how many times for each cause; an unplaced task waits, counted as pending, and is retried when capacity frees):';
