import type { ResumePath } from './resume';

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
