// ECS spread: prefer the instance whose attribute value (its id, its AZ, its type) holds the
// fewest of the service's tasks. Spread by AZ is the ECS service default.
import type { ContainerInstance } from '../../domain/instance.js';
import type { PlacementContext } from './types.js';

export function spreadScore(field: 'instanceId' | 'az' | 'instanceType'): (i: ContainerInstance, _t: unknown, ctx: PlacementContext) => number {
  switch (field) {
    case 'instanceId':
      return (i, _t, ctx) => i.byService.get(ctx.service) ?? 0;
    case 'az':
      return (i, _t, ctx) => ctx.tasksInAz(i.az);
    case 'instanceType':
      return (i, _t, ctx) => ctx.tasksOnType(i.type.name);
  }
}
