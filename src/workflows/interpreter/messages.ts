import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FlowRunState } from './run-state';

/** A value of a work item field, as intake and task forms carry it. */
export type FieldValue = string | number | boolean | null;

/**
 * Who acts on a step: the API sends the signed-in user's email and the parties the directory
 * says they hold now (`role:cfo`, `team:legal`, `manager` of this run's requester). A Temporal
 * client may name a party token as the actor itself (Temporal access is an operator's).
 */
export interface Acting {
  /** An email, a party token, or {@link WATCHER_ACTOR}. */
  actor: string;
  actorParties?: string[];
}

/**
 * The actor of the watcher's rebalancing: it may reassign any waiting task or handoff (never
 * claim, complete or decide). No signed-in user is named so: the API's actors are emails.
 */
export const WATCHER_ACTOR = 'watcher';

/** Completes the task a step is waiting on; `fields` fill the task's form. */
export interface CompleteTaskRequest extends Acting {
  stepId: string;
  fields?: Record<string, FieldValue>;
  comment?: string;
}

/** One approver's decision on the approval a step is waiting on. */
export interface DecideRequest extends Acting {
  stepId: string;
  decision: 'approve' | 'reject';
  comment?: string;
}

/** The receiver of a handoff accepts it (default) or declines it. */
export interface AcceptHandoffRequest extends Acting {
  stepId: string;
  accept?: boolean;
  comment?: string;
}

/** A team member takes a task or handoff from the team's queue; then only they may complete it. */
export interface ClaimRequest extends Acting {
  stepId: string;
}

/** A pending approver hands their vote to another person (`to`, an email). */
export interface DelegateRequest extends Acting {
  stepId: string;
  to: string;
  comment?: string;
}

/** Whoever must act on a task, approval or handoff hands it to another party (`to`, a token). */
export interface ReassignRequest extends Acting {
  stepId: string;
  to: string;
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

/** Claims a team's task or handoff for the acting member; validated, returns the new state. */
export const claimUpdate = defineUpdate<FlowRunState, [ClaimRequest]>('claim');

/** Delegates a pending approver's vote (steps with `allowDelegation`); returns the new state. */
export const delegateUpdate = defineUpdate<FlowRunState, [DelegateRequest]>('delegate');

/** Hands a waiting task, approval request or handoff to another party; returns the new state. */
export const reassignUpdate = defineUpdate<FlowRunState, [ReassignRequest]>('reassign');

/** Delivers a named external event to the run. */
export const eventSignal = defineSignal<[FlowEvent]>('event');

/** The run's current steps, pending people, outcomes and decisions. */
export const stateQuery = defineQuery<FlowRunState>('state');
