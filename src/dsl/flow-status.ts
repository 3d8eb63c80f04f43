/** Where a run of a flow stands; mirrored in the `FlowStatus` search attribute. */
export const FlowStatus = {
  running: 'running',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
} as const;
export type FlowStatus = (typeof FlowStatus)[keyof typeof FlowStatus];
