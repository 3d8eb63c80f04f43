/** What may have happened before a point of the flow, as the checks walk it in run order. */
export interface Scope {
  /** Fields that may hold a value: intake fields, then form fields and set targets as steps pass. */
  readonly fields: Set<string>;
  /** Ids of steps that may have finished. */
  readonly finished: Set<string>;
  /** Whether an approval or handoff may have decided (bare `approved` / `rejected`). */
  decision: boolean;
  /** Whether a step with a time limit may have run (bare `timed_out`). */
  limited: boolean;
  /** Whether a task or handoff may have given the work item a holder (`assignee`). */
  holder: boolean;
}

/** An empty scope holding the given intake fields. */
export function initialScope(fields: Iterable<string>): Scope {
  return {
    fields: new Set(fields),
    finished: new Set(),
    decision: false,
    limited: false,
    holder: false,
  };
}

/** An independent copy, for walking one arm of a branch. */
export function copyScope(scope: Scope): Scope {
  return { ...scope, fields: new Set(scope.fields), finished: new Set(scope.finished) };
}

/** What may have happened after one of several arms ran: the union of their scopes. */
export function mergeScopes(into: Scope, arms: readonly Scope[]): void {
  for (const arm of arms) {
    for (const field of arm.fields) into.fields.add(field);
    for (const id of arm.finished) into.finished.add(id);
    into.decision ||= arm.decision;
    into.limited ||= arm.limited;
    into.holder ||= arm.holder;
  }
}
