import type { z } from 'zod';
import { Flow } from './flow';
import { jsonPath, Severity, type Issue, type PathSegment } from './issue';
import { textProblem } from './safe-text';

/** The result of {@link parseFlow}: the typed flow, or schema errors with their paths. */
export type ParseFlowResult = { ok: true; flow: Flow } | { ok: false; errors: Issue[] };

/** How deeply a flow document may nest (objects and arrays); real flows stay far below. */
export const MAX_DOCUMENT_DEPTH = 200;

/** Checks untrusted JSON against the flow schema; never throws. */
export function parseFlow(json: unknown): ParseFlowResult {
  // Refused up front: the recursive schema and checks would otherwise exhaust the stack.
  if (exceedsDepth(json, MAX_DOCUMENT_DEPTH)) {
    const message = `the document nests deeper than ${MAX_DOCUMENT_DEPTH} levels`;
    return {
      ok: false,
      errors: [{ code: 'schema-too-deep', message, path: '$', severity: Severity.error }],
    };
  }
  let result: ReturnType<typeof Flow.safeParse>;
  try {
    result = Flow.safeParse(json);
  } catch (error) {
    // Only exotic inputs (throwing getters, proxies) get here; JSON never does.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ code: 'schema-unreadable', message, path: '$', severity: Severity.error }],
    };
  }
  // Refused here, not when a run first writes the text: PostgreSQL stores no NUL or lone surrogate.
  const textIssues = unstorableText(json);
  if (result.success && textIssues.length === 0) return { ok: true, flow: result.data };
  return {
    ok: false,
    errors: [...textIssues, ...(result.success ? [] : result.error.issues.map(toIssue))],
  };
}

/** Turns a zod issue into a flow issue; refinements carry their own code in `params.code`. */
export function toIssue(issue: z.core.$ZodIssue): Issue {
  const path = issue.path.map((key): PathSegment => (typeof key === 'number' ? key : String(key)));
  const custom = issue.code === 'custom' ? customCode(issue.params) : undefined;
  return {
    code: custom ?? `schema-${issue.code.replaceAll('_', '-')}`,
    message: describe(issue),
    path: jsonPath(path),
    severity: Severity.error,
  };
}

function customCode(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || !('code' in params)) return undefined;
  return typeof params.code === 'string' ? params.code : undefined;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `missing: expected ${issue.expected}`;
  }
  return issue.message;
}

// Iterative, so that measuring a hostile document cannot overflow the stack either.
function exceedsDepth(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() ?? [undefined, 0];
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) pending.push([child, depth + 1]);
  }
  return false;
}

// Every string and key PostgreSQL cannot store; the depth was checked, so the walk ends.
function unstorableText(root: unknown): Issue[] {
  const issues: Issue[] = [];
  const refuse = (path: PathSegment[], message: string) =>
    issues.push({
      code: 'schema-invalid-text',
      message,
      path: jsonPath(path),
      severity: Severity.error,
    });
  const pending: [unknown, PathSegment[]][] = [[root, []]];
  while (pending.length > 0) {
    const [value, path] = pending.pop() ?? [undefined, []];
    if (typeof value === 'string') {
      const problem = textProblem(value, 'stored');
      if (problem) refuse(path, `the text ${problem}`);
    } else if (Array.isArray(value)) {
      // Pushed last to first, so that the issues come out in document order.
      for (let i = value.length - 1; i >= 0; i -= 1) pending.push([value[i], [...path, i]]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value).reverse()) {
        const problem = textProblem(key, 'stored');
        if (problem) refuse(path, `the key ${JSON.stringify(key)} ${problem}`);
        pending.push([child, [...path, key]]);
      }
    }
  }
  return issues;
}
