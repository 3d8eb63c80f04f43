/** How bad an issue is: errors block deploying a flow, warnings are shown to its author. */
export const Severity = {
  error: 'error',
  warning: 'warning',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** A problem found in a flow, at a JSON path such as `$.steps[2].approvers[0]`. */
export interface Issue {
  /** Stable kebab-case code, e.g. `duplicate-step-id`; schema problems start with `schema-`. */
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly severity: Severity;
  /** For expression problems: the character offset inside the expression. */
  readonly position?: number;
}

/** One step of a path into a flow document: an object key or an array index. */
export type PathSegment = string | number;

/** Formats path segments as a JSON path: `$`, `.key`, `[index]`, `["odd key"]`. */
export function jsonPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Whether any issue is an error (warnings alone do not block a flow). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === Severity.error);
}
