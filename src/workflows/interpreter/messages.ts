import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FlowRunState } from './run-state';

/** A value of a work item field, as intake and task forms carry it. */
export type FieldValue = string | number | boolean | null;

/** Completes the task a step is waiting on; `fields` fill the task's form. */
export interface CompleteTaskRequest {
  stepId: string;
  actor: string;
  fields?: Record<string, FieldValue>;
  comment?: string;
}

/** One approver's decision on the approval a step is waiting on. */
export interface DecideRequest {
  stepId: string;
  actor: string;
  decision: 'approve' | 'reject';
  comment?: string;
}

/** The receiver of a handoff accepts it (default) or declines it. */
export interface AcceptHandoffRequest {
  stepId: string;
  actor: string;
  accept?: boolean;
  comment?: string;
}

/** A named external event, for `wait` steps of type `event`. */
export interface FlowEvent {
  name: string;
}

/** Completes a waiting task; validated (step waiting, actor eligible, well-formed), returns the new state. */
export const completeTaskUpdate = defineUpdate<FlowRunState, [CompleteTaskRequest]>('completeTask');

/** Records an approval decision; validated like `completeTask`, returns the new state. */
export const decideUpdate = defineUpdate<FlowRunState, [DecideRequest]>('decide');

/** Accepts or declines a waiting handoff; validated like `completeTask`, returns the new state. */
export const acceptHandoffUpdate = defineUpdate<FlowRunState, [AcceptHandoffRequest]>(
  'acceptHandoff',
);

/** Delivers a named external event to the run. */
export const eventSignal = defineSignal<[FlowEvent]>('event');

/** The run's current steps, pending people, outcomes and decisions. */
export const stateQuery = defineQuery<FlowRunState>('state');
