import type { Decision, Flow, RepeatStep, Step } from '../../dsl';
import type { FlowRunState } from './run-state';

/**
 * Where a continued run picks up: a step index in each sequence, and between two indices the
 * arm of the `if` step taken (`[2, 'else', 0]` is the first step of the else arm of step 2).
 */
export type ResumePath = (number | 'then' | 'else')[];

/** What a run carries into the run it continues as: its place in a repeat and its memory. */
export interface FlowRunResume {
  /** The path to the repeat step the new run resumes. */
  path: ResumePath;
  /** The round of the repeat the new run starts with (2 or more). */
  round: number;
  state: FlowRunState;
  workItemId: string;
  /** Visits per step id, so idempotency keys never repeat across runs. */
  visits: Record<string, number>;
  /** Named events received and not consumed yet. */
  events: string[];
  lastDecision?: Decision;
  lastTimedOut?: boolean;
  /** When the first run of the chain started (ms), for the flow deadline. */
  startedAt: number;
  /** Whether the flow deadline has already passed and its action was taken. */
  deadlinePassed?: boolean;
}

/**
 * The path to the repeat step `stepId`, if a run can continue-as-new there: every step above it
 * is an `if` (or the flow itself). Under a parallel branch or another repeat there is no such
 * path, since the new run could not restore the other branches or the outer round.
 */
export function resumePathTo(steps: readonly Step[], stepId: string): ResumePath | undefined {
  for (const [index, step] of steps.entries()) {
    if (step.id === stepId) return step.type === 'repeat' ? [index] : undefined;
    if (step.type !== 'if') continue;
    const inThen = resumePathTo(step.then, stepId);
    if (inThen) return [index, 'then', ...inThen];
    const inElse = step.else ? resumePathTo(step.else, stepId) : undefined;
    if (inElse) return [index, 'else', ...inElse];
  }
  return undefined;
}

/** The repeat step a resume path leads to, or why it leads nowhere. */
export function repeatAt(steps: readonly Step[], path: readonly unknown[]): RepeatStep | string {
  let sequence: readonly Step[] = steps;
  for (let at = 0; at < path.length; at += 2) {
    const index = path[at];
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      return `path[${at}] must be a step index`;
    }
    const step = sequence[index];
    if (step === undefined) return `path[${at}]: there is no step ${index}`;
    if (at === path.length - 1) {
      return step.type === 'repeat' ? step : `path ends at ${step.id} (${step.type}), not a repeat`;
    }
    const arm = path[at + 1];
    if (step.type !== 'if') return `path[${at}]: ${step.id} (${step.type}) is not an if step`;
    const steps = arm === 'then' ? step.then : arm === 'else' ? step.else : undefined;
    if (steps === undefined) return `path[${at + 1}] must be an arm of ${step.id} (then or else)`;
    sequence = steps;
  }
  return 'path must not be empty';
}

/** What is wrong with a resume input for `flow`; empty if nothing. */
export function resumeProblems(flow: Flow, resume: unknown): string[] {
  if (typeof resume !== 'object' || resume === null || Array.isArray(resume)) {
    return ['resume must be an object'];
  }
  const given = resume as Partial<Record<keyof FlowRunResume, unknown>>;
  const problems: string[] = [];
  let repeat: RepeatStep | undefined;
  if (!Array.isArray(given.path)) {
    problems.push('resume.path must be an array');
  } else {
    const found = repeatAt(flow.steps, given.path);
    if (typeof found === 'string') problems.push(`resume.path: ${found}`);
    else repeat = found;
  }
  if (typeof given.round !== 'number' || !Number.isInteger(given.round) || given.round < 2) {
    problems.push('resume.round must be an integer of at least 2');
  } else if (repeat && given.round > repeat.maxIterations) {
    problems.push(`resume.round must be at most ${repeat.maxIterations} (${repeat.id}'s cap)`);
  }
  if (typeof given.workItemId !== 'string' || given.workItemId === '') {
    problems.push('resume.workItemId must be the run’s work item id');
  }
  if (!isRecord(given.state) || !isRecord(given.state.fields) || !isRecord(given.state.outcomes)) {
    problems.push('resume.state must be a run state with fields and outcomes');
  } else if (given.state.status !== 'running') {
    problems.push('resume.state.status must be running');
  }
  if (
    !isRecord(given.visits) ||
    !Object.values(given.visits).every((n) => Number.isInteger(n) && (n as number) > 0)
  ) {
    problems.push('resume.visits must map step ids to positive visit counts');
  }
  if (!Array.isArray(given.events) || !given.events.every((e) => typeof e === 'string')) {
    problems.push('resume.events must be a list of event names');
  }
  if (typeof given.startedAt !== 'number' || !Number.isFinite(given.startedAt)) {
    problems.push('resume.startedAt must be an instant in ms');
  }
  if (
    given.lastDecision !== undefined &&
    !['approved', 'rejected'].includes(given.lastDecision as string)
  ) {
    problems.push('resume.lastDecision must be approved or rejected');
  }
  for (const flag of ['lastTimedOut', 'deadlinePassed'] as const) {
    if (given[flag] !== undefined && typeof given[flag] !== 'boolean') {
      problems.push(`resume.${flag} must be true or false`);
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
