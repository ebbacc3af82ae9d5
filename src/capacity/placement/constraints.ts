// ECS placement constraints: distinctInstance (at most one task of the service per instance) and
// memberOf (a cluster-query expression over instance attributes, parsed in domain/member-of.ts).

import type { PlacementConstraint } from '../../domain/scenario.js';
import { parseMemberOf, type Predicate } from '../../domain/member-of.js';

/** A filter for the instances a task of `service` may be placed on. */
export function constraintFilter(constraints: readonly PlacementConstraint[], service: string): Predicate {
  const predicates: Predicate[] = constraints.map((c) => (c.type === 'distinctInstance' ? (i) => (i.byService.get(service) ?? 0) === 0 : parseMemberOf(c.expression)));
  return (i) => predicates.every((p) => p(i));
}
