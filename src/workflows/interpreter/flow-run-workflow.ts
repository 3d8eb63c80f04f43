import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { FlowStatus } from '../../dsl';
import { FlowNameKey, FlowStatusKey, FlowVersionKey, WorkItemIdKey } from '../search-attributes';
import { ContinueRun, resumeOf } from './continue-run';
import { watchDeadline } from './flow-deadline';
import { FlowEnded } from './flow-ended';
import { FlowRun } from './flow-run';
import { registerMessageHandlers } from './message-handlers';
import type { FlowRunState } from './run-state';
import {
  checkedFlow,
  checkedResume,
  checkInput,
  DEFAULT_HISTORY_LIMIT,
  type FlowRunInput,
} from './run-input';
import { resumeSteps, runSteps } from './run-steps';
import { activities, summarized } from './work-store';

export type { FlowRunInput } from './run-input';

/**
 * Interprets a flow as one durable run: opens the work item, runs the steps, closes the item.
 * A long repeat continues as a new run with a `resume` input (same work item, same keys), and
 * the flow deadline's timer runs beside the steps. A bad flow or input fails at once with a
 * non-retryable `InvalidFlow` / `InvalidInput`; a run that could not do a step (a call whose
 * attempts all failed) closes its item as `failed`, then fails with a non-retryable
 * `FlowFailed` naming the step and the error (details: the state).
 */
export async function flowRunWorkflow(input: FlowRunInput): Promise<FlowRunState> {
  const flow = checkedFlow(input.flow);
  checkInput(input);
  const resume = input.resume === undefined ? undefined : checkedResume(flow, input.resume);
  const { workflowId } = workflowInfo();
  const run = new FlowRun(
    flow,
    workflowId,
    resume?.state ?? {
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
    },
  );
  run.historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (resume) {
    run.restoreVisits(resume.visits);
    run.events.push(...resume.events);
    run.lastDecision = resume.lastDecision;
    run.lastTimedOut = resume.lastTimedOut;
  }
  const snapshot = (): FlowRunState => structuredCloneState(run.state);

  registerMessageHandlers(run, snapshot);

  // A run the API started already has its search attributes and its item's id: it upserts
  // nothing here (a decision on the input, so runs recorded before keep their commands).
  const preset = input.workItemId !== undefined && input.resume === undefined;
  if (!preset) {
    upsertSearchAttributes([
      { key: FlowNameKey, value: flow.name },
      { key: FlowVersionKey, value: run.state.flowVersion },
      { key: FlowStatusKey, value: FlowStatus.running },
    ]);
  }
  const title = input.title ?? flow.name;
  // A continued run already has its work item: opening one again would be a second.
  const workItemId =
    resume?.workItemId ??
    (
      await summarized(
        activities.createWorkItem,
        `open work item "${title}"`,
      )({
        workflowId,
        ...(preset ? { id: input.workItemId } : {}),
        flowName: flow.name,
        flowVersion: flow.version,
        title,
        requester: input.requester,
        priority: 'normal',
        fields: input.fields,
      })
    ).workItemId;
  run.workItemId = workItemId;
  run.state.workItemId = workItemId;
  if (!preset) upsertSearchAttributes([{ key: WorkItemIdKey, value: workItemId }]);

  const startedAt = resume?.startedAt ?? Date.now();
  const stepsScope = new CancellationScope();
  const deadline = flow.deadline
    ? watchDeadline(run, flow.deadline, startedAt, resume?.deadlinePassed === true, () =>
        stepsScope.cancel(),
      )
    : undefined;
  let status: FlowStatus = FlowStatus.completed;
  let cancellation: Error | undefined;
  let continuing: ContinueRun | undefined;
  let failure: string | undefined;
  try {
    await stepsScope.run(() =>
      resume ? resumeSteps(run, flow.steps, resume.path, resume.round) : runSteps(run, flow.steps),
    );
  } catch (error) {
    if (error instanceof FlowEnded) {
      status = error.status;
      failure = error.reason;
    } else if (error instanceof ContinueRun) {
      continuing = error;
    } else if (isCancellation(error) && deadline?.cancelledRun) {
      status = FlowStatus.cancelled;
    } else if (isCancellation(error) && error instanceof Error) {
      // An admin cancelled the run: close the work item, then end as cancelled in Temporal too.
      status = FlowStatus.cancelled;
      cancellation = error;
    } else {
      throw error;
    }
  }
  await deadline?.stop();
  if (continuing && !deadline?.cancelledRun) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof flowRunWorkflow>({
      ...input,
      resume: resumeOf(run, continuing, startedAt, deadline?.passed === true),
    });
  }
  // The deadline cancelled the run while it was about to continue: it ends here instead.
  if (continuing) status = FlowStatus.cancelled;
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
