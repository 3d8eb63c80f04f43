import { ApplicationFailure } from '@temporalio/workflow';
import { parseFlow, Severity, verifyFlow, type Flow } from '../../dsl';
import type { FieldValue } from './messages';
import { resumeProblems, type FlowRunResume } from './resume';

/** What starts a run of a flow: the flow itself (pinning the run to its version) and the intake. */
export interface FlowRunInput {
  flow: Flow;
  /** Shown as `FlowVersion`; default: the flow's own version number. */
  flowVersion?: string;
  /** The requester's email. */
  requester: string;
  fields: Record<string, FieldValue>;
  title?: string;
  /**
   * The history length past which a repeat continues as a new run at its next round boundary;
   * default {@link DEFAULT_HISTORY_LIMIT}. Tests set a small one.
   */
  historyLimit?: number;
  /** Set by the run this one continues: where to pick up and what it carried. */
  resume?: FlowRunResume;
  /**
   * The work item's id, chosen by the starter (the API), which then also started the run with
   * its search attributes (`FlowName`, `FlowVersion`, `FlowStatus`, `WorkItemId`): the run
   * creates its item with this id and upserts none of them at its start.
   */
  workItemId?: string;
}

/** The default history length at which a repeat continues as a new run. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** The flow parsed and verified, or a non-retryable `InvalidFlow`. */
export function checkedFlow(json: unknown): Flow {
  const parsed = parseFlow(json);
  const issues = parsed.ok
    ? verifyFlow(parsed.flow).filter((issue) => issue.severity === Severity.error)
    : parsed.errors;
  if (!parsed.ok || issues.length > 0) {
    const summary = issues.map((i) => `${i.path} ${i.code}: ${i.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(
      `the flow is not valid: ${summary}`,
      'InvalidFlow',
      issues,
    );
  }
  return parsed.flow;
}

/** Checks the intake, or fails with a non-retryable `InvalidInput`. */
export function checkInput(input: FlowRunInput): void {
  const problems: string[] = [];
  if (typeof input.requester !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(input.requester)) {
    problems.push('requester must be an email');
  }
  if (typeof input.fields !== 'object' || input.fields === null || Array.isArray(input.fields)) {
    problems.push('fields must be an object');
  } else {
    for (const [name, value] of Object.entries(input.fields)) {
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        problems.push(`field ${name} must be a string, number, boolean or null`);
      }
    }
  }
  const limit = input.historyLimit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    problems.push('historyLimit must be a positive integer');
  }
  const id = input.workItemId;
  if (id !== undefined && (typeof id !== 'string' || !UUID.test(id))) {
    problems.push('workItemId must be a UUID');
  }
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(problems.join('; '), 'InvalidInput', problems);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A continued run's `resume`, checked against its flow, or a non-retryable `InvalidInput`. */
export function checkedResume(flow: Flow, resume: unknown): FlowRunResume {
  const problems = resumeProblems(flow, resume);
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(problems.join('; '), 'InvalidInput', problems);
  }
  return resume as FlowRunResume;
}
