import type { Client } from '@temporalio/client';
import { stateQuery } from '../../src/workflows';

/** A run that neither waits on a person nor has ended, and why it looks stuck. */
export interface StuckRun {
  workflowId: string;
  type: string;
  reason: string;
}

/** How many runs the task queue saw, by Temporal status. */
export type RunCounts = Record<string, number>;

// More attempts than this and an activity is retrying a fault that will not go away by itself.
const MAX_HEALTHY_ATTEMPTS = 3;

/** Every run on `taskQueue`, counted by status. */
export async function countRuns(temporal: Client, taskQueue: string): Promise<RunCounts> {
  const counts: RunCounts = {};
  for await (const run of temporal.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    counts[run.status.name] = (counts[run.status.name] ?? 0) + 1;
  }
  return counts;
}

/** Why the runs on `taskQueue` that failed failed: their failure messages, counted. */
export async function failureReasons(temporal: Client, taskQueue: string): Promise<RunCounts> {
  const reasons: RunCounts = {};
  for await (const run of temporal.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Failed'`,
  })) {
    const history = await temporal.workflow.getHandle(run.workflowId).fetchHistory();
    const failed = history.events?.at(-1)?.workflowExecutionFailedEventAttributes?.failure;
    const reason = `${failed?.applicationFailureInfo?.type ?? '?'}: ${failed?.message ?? ''}`.slice(
      0,
      120,
    );
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

/** Why the open run `workflowId` is not settled (waiting on a person), or undefined if it is. */
async function unsettled(
  temporal: Client,
  workflowId: string,
  type: string,
): Promise<string | undefined> {
  const handle = temporal.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return undefined;
  const retrying = description.raw.pendingActivities?.find(
    (a) => (a.attempt ?? 0) > MAX_HEALTHY_ATTEMPTS,
  );
  if (retrying) {
    const failure = retrying.lastFailure?.message ?? 'no failure recorded';
    return `activity ${retrying.activityType?.name ?? '?'} at attempt ${retrying.attempt}: ${failure}`;
  }
  const task = description.raw.pendingWorkflowTask;
  if ((task?.attempt ?? 0) > MAX_HEALTHY_ATTEMPTS) {
    return `workflow task failing, attempt ${task?.attempt}`;
  }
  if ((description.raw.pendingActivities?.length ?? 0) > 0) return 'activities still running';
  // A parent waiting on its subflow's run: the child is on the same queue and checked itself.
  if ((description.raw.pendingChildren?.length ?? 0) > 0) return undefined;
  if (type !== 'flowRunWorkflow') return `a ${type} still running with nothing pending`;
  const state = await handle.query(stateQuery);
  return state.current.length > 0 ? undefined : 'waiting on no step';
}

/**
 * The runs on `taskQueue` still open and not waiting on a person after up to `settleMs` for work
 * in flight to finish: an activity retrying for ever, a workflow task failing over and over, or
 * a run that waits on nothing.
 */
export async function stuckRuns(
  temporal: Client,
  taskQueue: string,
  settleMs: number,
): Promise<StuckRun[]> {
  const deadline = Date.now() + settleMs;
  let open: { workflowId: string; type: string }[] = [];
  for await (const run of temporal.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
  })) {
    open.push({ workflowId: run.workflowId, type: run.type });
  }
  for (;;) {
    const stuck: StuckRun[] = [];
    // A few at a time: hundreds of describes at once would only queue up in the server.
    for (let i = 0; i < open.length; i += 16) {
      const verdicts = await Promise.all(
        open.slice(i, i + 16).map(async (run) => ({
          ...run,
          reason: await unsettled(temporal, run.workflowId, run.type),
        })),
      );
      stuck.push(...verdicts.filter((v): v is StuckRun => v.reason !== undefined));
    }
    if (stuck.length === 0 || Date.now() > deadline) return stuck;
    open = stuck;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
