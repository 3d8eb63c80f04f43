import type { EndStatus } from '../../dsl';

/** Thrown inside the interpreter to unwind every step when the run ends early (`end`, `cancel`). */
export class FlowEnded extends Error {
  constructor(readonly status: EndStatus) {
    super(`flow ended: ${status}`);
    this.name = 'FlowEnded';
  }
}
