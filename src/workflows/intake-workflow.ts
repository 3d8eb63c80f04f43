import {
  defineQuery,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, CreateWorkItemInput } from '../activities';
import { FlowStatus } from '../dsl/flow-status';
import { FlowStatusKey, WorkItemIdKey } from './search-attributes';

/** The flow name of runs started without a deployed flow: open a work item and record it. */
export const INTAKE_FLOW_NAME = 'intake';

export type IntakeInput = Omit<CreateWorkItemInput, 'workflowId' | 'flowName'>;

/** What a run reports about itself (query `runState`, and the workflow's result). */
export interface RunState {
  status: FlowStatus;
  workItemId: string | null;
}

export const runStateQuery = defineQuery<RunState>('runState');

const { createWorkItem } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A database outage is transient: keep retrying with backoff until it returns.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Opens the run's work item in the work store, with its audit event. */
export async function intakeWorkflow(input: IntakeInput): Promise<RunState> {
  const state: RunState = { status: FlowStatus.running, workItemId: null };
  setHandler(runStateQuery, () => state);

  const { workItemId } = await createWorkItem({
    ...input,
    workflowId: workflowInfo().workflowId,
    flowName: INTAKE_FLOW_NAME,
  });
  state.workItemId = workItemId;
  state.status = FlowStatus.completed;
  upsertSearchAttributes([
    { key: WorkItemIdKey, value: workItemId },
    { key: FlowStatusKey, value: FlowStatus.completed },
  ]);
  return state;
}
