import type { EndStatus, FlowStatus } from '../../dsl';

/** Thrown inside the interpreter to unwind every step when the run ends early (`end`, `cancel`, a failed call). */
export class FlowEnded extends Error {
  constructor(
    readonly status: EndStatus | typeof FlowStatus.failed,
    /** Why a `failed` run failed; the workflow fails with it as a `FlowFailed` reason. */
    readonly reason?: string,
  ) {
    super(reason === undefined ? `flow ended: ${status}` : `flow ${status}: ${reason}`);
    this.name = 'FlowEnded';
  }
}
