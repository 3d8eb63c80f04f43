import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { FlowStatus } from '../../dsl';
import { FlowNameKey, FlowStatusKey, FlowVersionKey, WorkItemIdKey } from '../search-attributes';
import { FlowEnded } from './flow-ended';
import { FlowRun } from './flow-run';
import { registerMessageHandlers } from './message-handlers';
import type { FlowRunState } from './run-state';
import { checkedFlow, checkInput, type FlowRunInput } from './run-input';
import { runSteps } from './run-steps';
import { activities, summarized } from './work-store';

export type { FlowRunInput } from './run-input';

/**
 * Interprets a flow as one durable run: opens the work item, runs the steps, closes the item.
 * A bad flow or input fails at once with a non-retryable `InvalidFlow` / `InvalidInput`; a run
 * that could not do a step (a call whose attempts all failed) closes its item as `failed`, then
 * fails with a non-retryable `FlowFailed` naming the step and the error (details: the state).
 */
export async function flowRunWorkflow(input: FlowRunInput): Promise<FlowRunState> {
  const flow = checkedFlow(input.flow);
  checkInput(input);
  const { workflowId } = workflowInfo();
  const run = new FlowRun(flow, workflowId, {
    flowName: flow.name,
    flowVersion: input.flowVersion ?? String(flow.version),
    status: FlowStatus.running,
    workItemId: null,
    requester: input.requester,
    holder: null,
    current: [],
    pendingAssignees: [],
    fields: { ...input.fields },
    workStatus: 'open',
    priority: 'normal',
    outcomes: {},
    decisions: [],
  });
  const snapshot = (): FlowRunState => structuredCloneState(run.state);

  registerMessageHandlers(run, snapshot);

  upsertSearchAttributes([
    { key: FlowNameKey, value: flow.name },
    { key: FlowVersionKey, value: run.state.flowVersion },
    { key: FlowStatusKey, value: FlowStatus.running },
  ]);
  const title = input.title ?? flow.name;
  const { workItemId } = await summarized(
    activities.createWorkItem,
    `open work item "${title}"`,
  )({
    workflowId,
    flowName: flow.name,
    title,
    requester: input.requester,
    priority: 'normal',
    fields: input.fields,
  });
  run.workItemId = workItemId;
  run.state.workItemId = workItemId;
  upsertSearchAttributes([{ key: WorkItemIdKey, value: workItemId }]);

  let status: FlowStatus = FlowStatus.completed;
  let cancellation: Error | undefined;
  let failure: string | undefined;
  try {
    await runSteps(run, flow.steps);
  } catch (error) {
    if (error instanceof FlowEnded) {
      status = error.status;
      failure = error.reason;
    } else if (isCancellation(error) && error instanceof Error) {
      // An admin cancelled the run: close the work item, then end as cancelled in Temporal too.
      status = FlowStatus.cancelled;
      cancellation = error;
    } else {
      throw error;
    }
  }
  run.waiting.clear();
  run.clearAllCurrent();
  await CancellationScope.nonCancellable(async () => {
    await summarized(
      activities.closeWorkItem,
      `close work item: ${status}`,
    )({
      workItemId,
      idempotencyKey: `${workflowId}:closed`,
      status,
    });
    run.state.status = status;
    run.state.workStatus = status;
    run.publishStatus();
    await condition(allHandlersFinished);
  });
  if (cancellation !== undefined) throw cancellation;
  if (status === FlowStatus.failed) {
    throw ApplicationFailure.nonRetryable(failure ?? 'a step failed', 'FlowFailed', snapshot());
  }
  return snapshot();
}

// Query and update results are copies, so callers never hold the run's live objects.
function structuredCloneState(state: FlowRunState): FlowRunState {
  return JSON.parse(JSON.stringify(state)) as FlowRunState;
}
