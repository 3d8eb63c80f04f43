import { FlowEnded } from './flow-ended';
import { isoOrUndefined, type FlowRun } from './flow-run';
import { activities, summarized } from './work-store';

/** The task row of a task or handoff step whose own time limit has passed, and that pass's key. */
export interface RowLimit {
  run: FlowRun;
  stepId: string;
  taskId: string;
  /** The idempotency key of this pass of the limit. */
  actionKey: string;
}

/**
 * Closes the row when the limit passes with no action (`expired`, the flow goes on) or with
 * `cancel` (`cancelled`, and the run ends as cancelled); audited as `auditAction`.
 */
export async function closeRow(
  limit: RowLimit,
  cancel: boolean,
  summary: string,
  auditAction: string,
): Promise<void> {
  await summarized(
    activities.closeTasks,
    `${limit.stepId}: ${summary}`,
  )({
    workItemId: limit.run.workItemId,
    taskIds: [limit.taskId],
    idempotencyKey: limit.actionKey,
    status: cancel ? 'cancelled' : 'expired',
    action: auditAction,
    data: { step: limit.stepId, then: cancel ? 'cancel' : null },
  });
  if (cancel) throw new FlowEnded('cancelled');
}

/** Moves the row to `to` as the limit's `escalate` or `reassign`, with its next due time, if any. */
export async function handRowTo(
  limit: RowLimit,
  reason: 'escalate' | 'reassign',
  to: string,
  dueAt: number | undefined,
): Promise<void> {
  await summarized(
    activities.reassignTask,
    `${limit.stepId}: ${reason} to ${to}`,
  )({
    workItemId: limit.run.workItemId,
    taskId: limit.taskId,
    idempotencyKey: limit.actionKey,
    to,
    reason,
    dueAt: isoOrUndefined(dueAt),
  });
}
