/** Where a run of a flow stands; mirrored in the `FlowStatus` search attribute. */
export const FlowStatus = {
  running: 'running',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
  /** A step could not be done (a `call` whose attempts all failed); the work item is closed. */
  failed: 'failed',
} as const;
export type FlowStatus = (typeof FlowStatus)[keyof typeof FlowStatus];
