// Generators and the invariant for the scenario fuzzer: valid scenarios (the shipped ones and the
// test fixtures) mutated the way people and tools break files — wrong types, extreme numbers,
// NaN and infinities, unknown keys, deleted fields, empty and duplicated lists, deep nesting,
// unicode, typos in units and enum values — as objects and as YAML text. Every case must end in
// a valid scenario or a ScenarioError whose every line names the file and the field; anything
// else (another exception, a stack trace, a generic message, a slow case) fails the property.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ScenarioError } from '../../src/domain/errors.js';
import { parseScenario, validateScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/domain/scenario.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const FUZZ_FILE = 'fuzz.yaml';
/** CAPSIM_FUZZ_SCALE=10 runs ten times the cases (a longer campaign by hand; CI runs 1). */
export const SCALE = Math.max(1, Number(process.env.CAPSIM_FUZZ_SCALE ?? 1) || 1);
export const runs = (n: number) => Math.round(n * SCALE);
/** A hang guard for a whole property (its cases take ~15 s together on the 2-core machine). */
export const FILE_TIMEOUT_MS = 150_000 * SCALE;
/** A hang guard, not a performance test: ~1,000 × a typical case on a loaded 2-core machine. */
export const CASE_BOUND_MS = 5_000;

export const BASE_FILES = [
  'scenarios/web-api.yaml',
  'scenarios/spiky-api.yaml',
  'scenarios/batch-jobs.yaml',
  'scenarios/ec2-vs-fargate.yaml',
  'scenarios/eks.yaml',
  'test/golden/small.yaml',
  'test/fixtures/cli/good.yaml',
];
export const BASE_TEXTS = BASE_FILES.map((f) => readFileSync(join(ROOT, f), 'utf8'));
export const BASE_OBJECTS = BASE_TEXTS.map((t) => parseYaml(t) as Record<string, unknown>);

type Path = (string | number)[];

/** Every position in the tree (the root excluded), in a fixed order. */
function positions(node: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(node)) node.forEach((v, i) => (out.push([...path, i]), positions(v, [...path, i], out)));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.push([...path, k]), positions(v, [...path, k], out);
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  return node;
}

/** Values people and tools put where they do not belong. */
const NASTY = [
  NaN, Infinity, -Infinity, 1e300, -1e300, 1e20, 2 ** 53 + 2, -1, 0, -0, 0.5, 1.5, 1e-300, 10_000_000,
  '', ' ', '0', '-1', 'NaN', '.nan', '1e300', '1e999', '-5s', '0s', '0 rps', '1e20s', '100y', '100 rsp', '5 parsecs', '0.3 vCPU', '6 GB', 'diurnl',
  'fargte', 'linx', '∞', '１００', '100\u00a0rps', '\u0000', '\u202e', '𝟘𝟙', '=HYPERLINK("x")', '<script>', '${x}', '*', '&a', '!tag', 'memberOf(nothing)',
  null, true, false, [], {}, [[]], [{}], { type: 'constant' }, { type: 'expression', expr: '1:10000000' }, { type: 'expression', expr: 'createUnit("x")' },
];

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number)) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 200 }).map(deep) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4 }) },
);

/** A typo in a string: a character deleted, doubled, swapped or replaced. */
function typo(s: string, at: number, c: string): string {
  if (s.length === 0) return c;
  const i = at % s.length;
  switch (at % 4) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + s[i] + s.slice(i);
    case 2:
      return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s + c;
    default:
      return s.slice(0, i) + c + s.slice(i + 1);
  }
}

export interface Mutation {
  kind: 'replace' | 'delete' | 'unknownKey' | 'typo' | 'emptyList' | 'duplicate' | 'wrap';
  pick: number;
  value: unknown;
  char: string;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'delete', 'unknownKey', 'typo', 'typo', 'emptyList', 'duplicate', 'wrap'),
  pick: fc.nat(),
  value: valueArb,
  char: fc.constantFrom('x', ' ', '.', '-', '%', 'é', '0', '/', ':'),
});

/** A copy of `base` with the mutations applied (each to a position chosen by `pick`). */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(base);
  for (const m of mutations) {
    const all = positions(root);
    if (all.length === 0) break;
    const path = all[m.pick % all.length];
    const parent = parentOf(root, path);
    const key = path[path.length - 1];
    const current = parent[key];
    switch (m.kind) {
      case 'replace':
        parent[key] = structuredClone(m.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'unknownKey':
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) (current as Record<string, unknown>)[`extra${m.char}`] = structuredClone(m.value);
        else parent[key] = { [`${String(key)}${m.char}`]: current };
        break;
      case 'typo':
        parent[key] = typeof current === 'string' ? typo(current, m.pick, m.char) : typeof current === 'number' ? typo(String(current), m.pick, m.char) : current;
        break;
      case 'emptyList':
        if (Array.isArray(current)) parent[key] = [];
        else if (current !== null && typeof current === 'object') parent[key] = {};
        break;
      case 'duplicate':
        if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[m.pick % current.length])); // duplicate names, providers, …
        else if (Array.isArray(parent)) parent.push(structuredClone(current));
        break;
      case 'wrap':
        parent[key] = [current];
        break;
    }
  }
  return root;
}

export const mutatedObjectArb = fc.tuple(fc.nat({ max: BASE_OBJECTS.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 })).map(([i, ms]) => mutate(BASE_OBJECTS[i], ms));

export interface TextEdit {
  at: number;
  kind: 'insert' | 'delete' | 'duplicateLine' | 'indent' | 'replaceLine';
  text: string;
}

const YAML_BITS = [':', ': ', '- ', '[', ']', '{', '}', ',', '&a ', '*a', '!', '|', '>', '"', "'", '#', '---\n', '...\n', '\t', '  ', '\n', '? ', '%YAML 1.2\n', '<<: *a\n', '\u00a0', '\ufeff', '💥'];

export const textEditArb: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'insert', 'delete', 'duplicateLine', 'indent', 'replaceLine'),
  text: fc.oneof(fc.constantFrom(...YAML_BITS), fc.string({ maxLength: 8 })),
});

export function editText(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) {
    const i = out.length === 0 ? 0 : e.at % out.length;
    const lines = out.split('\n');
    const line = e.at % Math.max(1, lines.length);
    switch (e.kind) {
      case 'insert':
        out = out.slice(0, i) + e.text + out.slice(i);
        break;
      case 'delete':
        out = out.slice(0, i) + out.slice(i + 1 + (e.at % 7));
        break;
      case 'duplicateLine':
        lines.splice(line, 0, lines[line] ?? '');
        out = lines.join('\n');
        break;
      case 'indent':
        lines[line] = `${e.text.length % 2 ? ' ' : '  '}${lines[line] ?? ''}`;
        out = lines.join('\n');
        break;
      case 'replaceLine':
        lines[line] = e.text;
        out = lines.join('\n');
        break;
    }
  }
  return out;
}

export const editedTextArb = fc.tuple(fc.nat({ max: BASE_TEXTS.length - 1 }), fc.array(textEditArb, { minLength: 1, maxLength: 5 })).map(([i, es]) => editText(BASE_TEXTS[i], es));

/** YAML for any value, as a tool would write it (NaN as .nan); JSON when YAML cannot say it. */
export function toText(value: unknown): string {
  try {
    return stringifyYaml(value, { aliasDuplicateObjects: false }) ?? 'null';
  } catch {
    return JSON.stringify(value) ?? 'null';
  }
}

// Library warnings (process.emitWarning) reach the user's stderr: none may be emitted. Counted
// where they are emitted (the 'warning' event itself comes a tick later).
let warnings = 0;
let lastWarning = '';
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  warnings++;
  lastWarning = String(warning);
  return (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

export type Outcome = { kind: 'valid'; scenario: Scenario } | { kind: 'error'; error: ScenarioError };

/** The property: a scenario, or a ScenarioError that is clear line by line; nothing else, and not slowly. */
export function loadsCleanly(load: () => Scenario, file = FUZZ_FILE): Outcome {
  const warningsBefore = warnings;
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { kind: 'valid', scenario: load() };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw new Error(`not a ScenarioError: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    expectClear(err, file);
    outcome = { kind: 'error', error: err };
  }
  const ms = performance.now() - started;
  if (ms > CASE_BOUND_MS) throw new Error(`a case took ${Math.round(ms)} ms (bound ${CASE_BOUND_MS} ms)`);
  if (warnings !== warningsBefore) throw new Error(`a process warning was emitted (it would reach stderr): ${lastWarning}`);
  return outcome;
}

export function expectClear(err: ScenarioError, file: string): void {
  const fail = (why: string) => {
    throw new Error(`unclear error (${why}):\n${err.message}`);
  };
  if (err.file !== file) fail('names another file');
  if (err.issues.length === 0) fail('no problem listed');
  const lines = err.message.split('\n');
  if (!/^invalid scenario( \(\d+ problems\))?$/.test(lines[0])) fail('head line');
  if (lines.length !== err.issues.length + 1) fail('one line per problem');
  err.issues.forEach((issue, i) => {
    const line = lines[i + 1].trim();
    if (!line.startsWith(file)) fail('a line without the file');
    if (typeof issue.path !== 'string' || issue.path === '') fail('a problem without a field');
    if (!line.includes(`: ${issue.path}: `)) fail('a line without its field');
    if (typeof issue.message !== 'string' || issue.message.trim() === '') fail('an empty message');
    if (/^Invalid input$|\[object Object\]|\bundefined\b|^\s+at /m.test(issue.message)) fail(`a generic or broken message: ${issue.message}`);
    if (issue.allowed !== undefined && /\[object Object\]|\bundefined\b/.test(issue.allowed)) fail('a broken "allowed"');
  });
  if (/\n\s+at .*\(.*:\d+:\d+\)/.test(err.message)) fail('a stack trace');
}

export function parseText(text: string): Outcome {
  return loadsCleanly(() => parseScenario(text, FUZZ_FILE));
}

export function validateObject(value: unknown): Outcome {
  return loadsCleanly(() => validateScenario(value, FUZZ_FILE));
}
