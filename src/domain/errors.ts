// Errors a user sees for a bad scenario: each names the file, the field path, the bad value and
// what is allowed, so the fix is obvious without reading capsim's source.

export interface ScenarioIssue {
  /** Dotted path into the scenario, e.g. `alternatives[2].capacity.instanceType`. */
  path: string;
  message: string;
  value?: unknown;
  allowed?: string;
  /** 1-based line/column in the YAML file when known. */
  line?: number;
  column?: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(formatIssues(file, issues));
    this.name = 'ScenarioError';
  }
}

/** Thrown by unit parsers and resolvers; the loader adds the file and path. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly allowed?: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // NaN and infinities as YAML users wrote them, not as JSON's null.
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatIssues(file: string, issues: ScenarioIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.line ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
    let text = `${where}: ${issue.path}: ${issue.message}`;
    if ('value' in issue) text += ` (got ${showValue(issue.value)})`;
    if (issue.allowed) text += `; allowed: ${issue.allowed}`;
    // One line per problem, whatever a key or value holds.
    return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
  });
  const head = issues.length === 1 ? 'invalid scenario' : `invalid scenario (${issues.length} problems)`;
  return `${head}\n  ${lines.join('\n  ')}`;
}
