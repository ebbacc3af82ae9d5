// ECS's memberOf constraint: a small cluster-query expression over instance attributes, e.g.
//   attribute:ecs.instance-type =~ m5.*
//   attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and attribute:ecs.cpu-architecture == x86_64
// Operators: ==, !=, =~ (wildcard * and ?), !~, in [..], not in [..]; joined by `and` / `or`
// (`and` binds tighter). Attributes: ecs.instance-type, ecs.availability-zone,
// ecs.cpu-architecture, ecs.os-type, ecs.instance-family, capacity-provider.
// The scenario layer parses it to report a bad one at load time; placement evaluates it.

import { FieldError } from './errors.js';
import type { ContainerInstance } from './instance.js';

export type Predicate = (i: ContainerInstance) => boolean;

const ATTRIBUTES: Record<string, (i: ContainerInstance) => string> = {
  'ecs.instance-type': (i) => i.type.name,
  'ecs.instance-family': (i) => i.type.family,
  'ecs.availability-zone': (i) => i.az,
  'ecs.cpu-architecture': (i) => (i.type.arch === 'arm64' ? 'arm64' : 'x86_64'),
  'ecs.os-type': () => 'linux',
  'capacity-provider': (i) => i.provider,
};

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function comparison(text: string): Predicate {
  const m = /^\s*attribute:([\w.-]+)\s*(==|!=|=~|!~|not in|in)\s*(.+?)\s*$/.exec(text);
  if (!m) throw new FieldError(`cannot read the memberOf term "${text.trim()}"`, 'attribute:<name> ==|!=|=~|!~ <value>, or attribute:<name> in [a, b]');
  const [, name, op, raw] = m;
  const get = ATTRIBUTES[name];
  if (!get) throw new FieldError(`unknown attribute "${name}"`, Object.keys(ATTRIBUTES).join(', '));
  if (op === 'in' || op === 'not in') {
    const list = /^\[(.*)\]$/.exec(raw);
    if (!list) throw new FieldError(`"${op}" needs a list like [a, b], got "${raw}"`, '[value, value, ...]');
    const values = new Set(list[1].split(',').map((v) => v.trim()).filter((v) => v !== ''));
    return op === 'in' ? (i) => values.has(get(i)) : (i) => !values.has(get(i));
  }
  const value = raw.replace(/^["']|["']$/g, '');
  switch (op) {
    case '==':
      return (i) => get(i) === value;
    case '!=':
      return (i) => get(i) !== value;
    case '=~': {
      const re = wildcard(value);
      return (i) => re.test(get(i));
    }
    default: {
      const re = wildcard(value);
      return (i) => !re.test(get(i));
    }
  }
}

export function parseMemberOf(expression: string): Predicate {
  const anyOf = expression.split(/\s+or\s+/).map((clause) => clause.split(/\s+and\s+/).map(comparison));
  return (i) => anyOf.some((all) => all.every((p) => p(i)));
}

