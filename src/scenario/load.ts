// Reads a scenario file (YAML or JSON), validates it against the schema and resolves it. Every
// problem found is reported at once, each with file:line:column, the field path, the bad value
// and what is allowed.

import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ScenarioError, formatPath, type ScenarioIssue } from '../domain/errors.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from '../domain/scenario.js';

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '(file)', message: `cannot read the scenario file: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file);
}

/** Parses scenario text; `file` names it in messages. */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '(syntax)', message: `YAML syntax error: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ path: '(top level)', message: 'a scenario must be a mapping of fields', value: raw, allowed: 'name, horizon, workload, service, alternatives, ...' }]);
  }
  return validateScenario(raw, file, doc, lineCounter);
}

/** Validates an already-parsed object (e.g. from the library API). */
export function validateScenario(raw: unknown, file = '<inline>', doc?: Document, lineCounter?: LineCounter): Scenario {
  const locate = (path: readonly PropertyKey[]): Pick<ScenarioIssue, 'line' | 'column'> => {
    if (!doc || !lineCounter) return {};
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    throw new ScenarioError(file, result.error.issues.map((issue) => toIssue(issue, raw, locate)));
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

function toIssue(issue: z.core.$ZodIssue, raw: unknown, locate: (p: readonly PropertyKey[]) => Pick<ScenarioIssue, 'line' | 'column'>): ScenarioIssue {
  const path = issue.path as PropertyKey[];
  const value = valueAt(raw, path);
  const out: ScenarioIssue = { path: formatPath(path), message: issue.message, ...locate(path) };
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined) {
    out.message = `missing required field (${issue.message.replace(/^Invalid input: /, '')})`;
    return out;
  }
  if (issue.code !== 'unrecognized_keys') out.value = value;
  if (issue.code === 'invalid_value') out.allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
  if (issue.code === 'custom' && issue.params?.allowed) out.allowed = String(issue.params.allowed);
  return out;
}
