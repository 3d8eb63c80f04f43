import type { FlowRun } from './flow-run';
import type { FlowRunResume, ResumePath } from './resume';
import type { FlowRunState } from './run-state';

/** Thrown by a repeat at a round boundary to unwind the run, which then continues as a new one. */
export class ContinueRun extends Error {
  constructor(
    readonly path: ResumePath,
    readonly round: number,
  ) {
    super(`continue as new at round ${round}`);
    this.name = 'ContinueRun';
  }
}

/** What a run hands to the run it continues as: where to pick up, and all it remembers. */
export function resumeOf(
  run: FlowRun,
  at: ContinueRun,
  startedAt: number,
  deadlinePassed: boolean,
): FlowRunResume {
  return {
    path: at.path,
    round: at.round,
    state: JSON.parse(JSON.stringify(run.state)) as FlowRunState,
    workItemId: run.workItemId,
    visits: run.visitCounts(),
    events: [...run.events],
    ...(run.lastDecision === undefined ? {} : { lastDecision: run.lastDecision }),
    ...(run.lastTimedOut === undefined ? {} : { lastTimedOut: run.lastTimedOut }),
    startedAt,
    deadlinePassed,
  };
}
