// Reads a scenario file (YAML or JSON), validates it against the schema and resolves it. Every
// problem found is reported at once, each with file:line:column, the field path, the bad value
// and what is allowed.

import { readFileSync, statSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ScenarioError, formatPath, type ScenarioIssue } from '../domain/errors.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema } from './schema.js';
import { didYouMean } from './units.js';
import { secondPassDespite } from './salvage.js';
import type { Scenario } from '../domain/scenario.js';

/** Larger than any scenario needs (the shipped ones are a few KB); refused before it is read. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** Deeper than any scenario needs (about 8 levels); deeper input could exhaust the parser's stack. */
export const MAX_NESTING = 64;

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_BYTES) {
      throw new ScenarioError(file, [{ path: '(file)', message: `the file is ${formatBytes(size)}, too large for a scenario`, allowed: `at most ${formatBytes(MAX_SCENARIO_BYTES)}` }]);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError(file, [{ path: '(file)', message: `cannot read the scenario file: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** A YAML library message without its position (we print our own) or advice meant for programmers. */
function yamlMessage(e: YAMLError): string {
  const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (e.code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document; a scenario is one document: remove the "---" line that starts the second, or split the file';
  if (e.code === 'TAG_RESOLVE_FAILED') return `${first.replace(/^Unresolved tag/, 'unsupported YAML tag')}; a scenario uses plain values, no tags`;
  if (/Maximum call stack/i.test(first)) return tooDeep();
  return `YAML syntax error: ${first.replace(/; please use [^;]*$/, '')}`;
}

function tooDeep(): string {
  return `lists and mappings nest more than ${MAX_NESTING} levels deep; a scenario needs fewer than 10`;
}

/**
 * Depth of `[` / `{` nesting in the text, outside quotes and comments: a cheap look before the
 * parser, which recurses per level. Returns the offset where MAX_NESTING is passed, or -1.
 */
function flowTooDeep(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

/** Depth of the parsed node tree (block nesting as well as flow), without recursion. */
function nodeTooDeep(doc: Document): Node | null {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > MAX_NESTING) return node;
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1]);
          stack.push([item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return null;
}

/** Parses scenario text; `file` names it in messages. */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  if (typeof text !== 'string') throw new ScenarioError(file, [{ path: '(file)', message: 'the scenario text must be a string', value: typeof text }]);
  const lineCounter = new LineCounter();
  const syntax = (message: string, offset: number): ScenarioError => {
    const pos = lineCounter.linePos(offset);
    return new ScenarioError(file, [{ path: '(syntax)', message, line: pos.line, column: pos.col }]);
  };
  const deepAt = flowTooDeep(text);
  if (deepAt >= 0) {
    // The line counter learns line starts from a parse; count them here instead.
    const before = text.slice(0, deepAt);
    const line = before.split('\n').length;
    throw new ScenarioError(file, [{ path: '(syntax)', message: tooDeep(), line, column: deepAt - before.lastIndexOf('\n') }]);
  }
  // logLevel 'error': the library's own warnings (e.g. on collection keys) would reach stderr as advice to programmers.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    // One stack overflow shows up as many errors; say it once.
    const seen = new Set<string>();
    const issues = problems.flatMap((e) => {
      const message = yamlMessage(e);
      if (seen.has(message) && message === tooDeep()) return [];
      seen.add(message);
      const pos = lineCounter.linePos(e.pos[0]);
      return [{ path: '(syntax)', message, line: pos.line, column: pos.col }];
    });
    throw new ScenarioError(file, issues);
  }
  const deep = nodeTooDeep(doc);
  if (deep) throw syntax(tooDeep(), deep.range?.[0] ?? 0);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /^Excessive alias/.test(err.message)) {
      throw new ScenarioError(file, [{ path: '(syntax)', message: 'YAML aliases (*name) expand to too many values, as in an "alias bomb"', allowed: 'aliases that repeat a value a few times, or the values written out' }]);
    }
    if (err instanceof ReferenceError && /^Unresolved alias/.test(err.message)) {
      throw new ScenarioError(file, [{ path: '(syntax)', message: `${err.message.replace(/^Unresolved alias/, 'a YAML alias has no anchor')}`, allowed: 'an anchor (&name) before each alias (*name)' }]);
    }
    throw err;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ path: '(top level)', message: 'a scenario must be a mapping of fields', value: raw, allowed: 'name, horizon, workload, service, alternatives, ...' }]);
  }
  return validateScenario(raw, file, doc, lineCounter);
}

/** yaml's own guard against alias bombs (its default; it weighs each alias by what it expands to). */
const MAX_ALIAS_COUNT = 100;

/** Validates an already-parsed object (e.g. from the library API). */
export function validateScenario(raw: unknown, file = '<inline>', doc?: Document, lineCounter?: LineCounter): Scenario {
  const locate = (path: readonly PropertyKey[], key?: string): Pick<ScenarioIssue, 'line' | 'column'> => {
    if (!doc || !lineCounter) return {};
    if (key !== undefined) {
      // An unknown field: the position of its own key, not of the map that holds it.
      const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
      const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) {
        const pos = lineCounter.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    const nodeAt = (p: readonly PropertyKey[]) => {
      const node = doc.getIn(p as unknown[], true) as { range?: [number, number, number] } | undefined;
      return node && typeof node === 'object' && node.range ? node : undefined;
    };
    // An alternative's merged service or jobs: the field is often only in the top-level section.
    const inherited = path[0] === 'alternatives' && (path[2] === 'service' || path[2] === 'jobs') && !nodeAt(path) ? nodeAt(path.slice(2)) : undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = inherited ?? nodeAt(path.slice(0, n));
      if (node) {
        const pos = lineCounter.linePos(node.range![0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const first = firstPerField(result.error.issues.flatMap(unwrapUnion).map((issue) => toIssue(issue, raw, locate)));
    const second = secondPassDespite(raw, file).map((issue) => ({ ...locate(pathKeys(issue.path)), ...issue }));
    throw new ScenarioError(file, [...first, ...second]);
  }
  const issues: ScenarioIssue[] = [];
  const scenario = resolveScenario(result.data, file, issues);
  if (issues.length > 0) {
    throw new ScenarioError(
      file,
      issues.map((issue) => ({ ...locate(pathKeys(issue.path)), ...issue })),
    );
  }
  return scenario;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** `alternatives[2].capacity.instanceType` → ['alternatives', 2, 'capacity', 'instanceType']. */
function pathKeys(path: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(part[2] !== undefined ? Number(part[2]) : part[1]);
  return keys;
}

type ZodIssue = z.core.$ZodIssue;

/** One problem per field: the schema's checks run in order, and the first says the most. */
function firstPerField(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}

/** A union branch that failed only because the value has another type (the branch does not apply). */
function mismatch(branch: readonly ZodIssue[]): boolean {
  return branch.every(
    (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value' || (i.code === 'invalid_union' && i.errors.length > 0 && i.errors.every(mismatch))),
  );
}

/**
 * A union's issue, replaced by the issues of the one branch that applies to the value, so a bad
 * field inside an rps curve or a distribution is named at its own path ("workload.rps.rps: NaN …")
 * instead of the whole union's summary. With no single branch applying, the union's own message
 * (which lists the accepted forms) stands.
 */
function unwrapUnion(issue: ZodIssue): ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const applies = issue.errors.filter((branch) => !mismatch(branch));
  if (applies.length !== 1) return [issue];
  return applies[0].flatMap((inner) => {
    const path = [...issue.path, ...inner.path];
    // A value the branch could not read at all: its own message, and the union's accepted forms.
    if (inner.path.length === 0 && inner.code === 'custom') return [{ ...inner, path, params: { ...inner.params, allowed: issue.message } }];
    return unwrapUnion({ ...inner, path } as ZodIssue);
  });
}

const KIND: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping of fields' };

/** What a missing field takes: the schema's own description, or its kind in words (not "expected string, received undefined"). */
function missingWhat(message: string): string {
  const m = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  if (m) return KIND[m[1]] ?? m[1];
  return message.replace(/^Invalid input: /, '');
}

function nonFiniteText(x: number): string {
  return Number.isNaN(x) ? 'NaN (.nan) is not a number' : `${x > 0 ? '' : 'minus '}infinity (.inf) is not a number`;
}

function toIssue(issue: ZodIssue, raw: unknown, locate: (p: readonly PropertyKey[], key?: string) => Pick<ScenarioIssue, 'line' | 'column'>): ScenarioIssue {
  const path = issue.path as PropertyKey[];
  const value = valueAt(raw, path);
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const out: ScenarioIssue = { path: formatPath(path), message: issue.message, ...locate(path, unknownKey) };
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined) {
    out.message = `missing required field (${missingWhat(issue.message)})`;
    return out;
  }
  if (issue.code !== 'unrecognized_keys') out.value = value;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // YAML's .nan and .inf: say so, and keep what the field takes.
    out.message = nonFiniteText(value);
    if (!/^Invalid input/.test(issue.message)) out.allowed = issue.message;
    return out;
  }
  if (issue.code === 'invalid_value') {
    out.allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
    if (typeof value === 'string') out.allowed += didYouMean(value, issue.values.map(String));
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator' && typeof value === 'string') {
    out.message += didYouMean(value, (issue as { options?: unknown[] }).options?.map(String) ?? []);
  }
  if (issue.code === 'custom' && issue.params?.allowed) out.allowed = String(issue.params.allowed);
  return out;
}
