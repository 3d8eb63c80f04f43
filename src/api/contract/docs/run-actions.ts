import { z } from 'zod';
import { FlowStatus } from '../../../dsl';
import type { ErrorCode } from '../../errors';
import {
  AcceptBody,
  ClaimBody,
  CompleteBody,
  DecideBody,
  DelegateBody,
  EventBody,
  ReassignBody,
} from '../../run-actions';
import { CancelRunRequest } from '../../run-request';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

/**
 * The errors of a step action: a bad body or key, a key reused for another body, or a run that
 * is gone, ended or refused it.
 */
const STEP_ERRORS: ErrorCode[] = [
  ...SIGNED_IN_ERRORS,
  ...BODY_ERRORS,
  'invalid_header',
  'idempotency_key_reused',
  'run_not_found',
  'run_closed',
  'action_rejected',
  'temporal_unavailable',
];

const RunId = z.string().max(300).describe("the run's id (its workflow id)");
const runParams = z.strictObject({ id: RunId });
const stepParams = z.strictObject({
  id: RunId,
  stepId: z.string().max(64).describe('the id of the step the run waits on'),
});

const FlowStatusSchema = z.enum(FlowStatus);

/** A step the run is waiting on, and who must act on it now (`CurrentStep`). */
const CurrentStepSchema = z.strictObject({
  stepId: z.string(),
  type: z.enum(['task', 'approval', 'handoff', 'wait']),
  pending: z.array(z.string()).describe('party tokens; empty for a wait'),
  dueAt: Instant.optional().describe("the step's time limit, if it has one now"),
});

/** A decision or completion the run recorded (`DecisionRecord`). */
const DecisionRecordSchema = z.strictObject({
  stepId: z.string(),
  actor: z.string().describe('an email, a party token, or `plainflow` for a time limit'),
  decision: z.enum(['approved', 'rejected', 'completed', 'accepted', 'declined']),
  comment: z.string().optional(),
  at: Instant,
  byTimeout: z.boolean().optional().describe('set when a time limit decided, not a person'),
});

/** A run's state as its `state` query and its step actions answer it (`FlowRunState`). */
export const FlowRunStateSchema = z.strictObject({
  flowName: z.string(),
  flowVersion: z.string(),
  status: FlowStatusSchema,
  workItemId: z.string().nullable(),
  requester: z.string(),
  holder: z.string().nullable().describe('set by an accepted handoff; null means the requester'),
  current: z.array(CurrentStepSchema),
  pendingAssignees: z.array(z.string()),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  workStatus: z.string(),
  priority: z.string(),
  outcomes: z.record(
    z.string(),
    z.strictObject({
      decision: z.enum(['approved', 'rejected']).optional(),
      timedOut: z.boolean().optional(),
    }),
  ),
  decisions: z.array(DecisionRecordSchema),
  subflows: z
    .record(
      z.string(),
      z.strictObject({ workflowId: z.string(), flowName: z.string(), status: FlowStatusSchema }),
    )
    .optional()
    .describe('the runs `subflow` steps started, by step id'),
});

const RUN_ID = 'run-5f2c9e1a-8b7d-4c3e-9a10-2b4c6d8e0f12';

/** A run of a laptop request waiting on the CFO's approval, its quote filled in. */
const stateExample: z.infer<typeof FlowRunStateSchema> = {
  flowName: 'laptop-request',
  flowVersion: '2',
  status: 'running',
  workItemId: '7d3e2b1a-9c8f-4e6d-a5b4-3c2d1e0f9a8b',
  requester: 'ann@example.com',
  holder: null,
  current: [
    {
      stepId: 'review',
      type: 'approval',
      pending: ['role:cfo'],
      dueAt: '2025-03-07T17:00:00.000Z',
    },
  ],
  pendingAssignees: ['role:cfo'],
  fields: { amount: 900, quote_id: 'Q-1' },
  workStatus: 'open',
  priority: 'normal',
  outcomes: {},
  decisions: [
    {
      stepId: 'fill',
      actor: 'ann@example.com',
      decision: 'completed',
      comment: 'done',
      at: '2025-03-06T10:12:44.512Z',
    },
  ],
};

/** The CFO's approval of that run. */
const approved = {
  stepId: 'review',
  actor: 'cfo@example.com',
  decision: 'approved',
  comment: 'Within budget',
  at: '2025-03-06T11:02:09.031Z',
} as const;

const newState = { description: "The run's new state", schema: FlowRunStateSchema };

/** Decisions on runs of deployed flows: step actions, events, the run's state, cancelling. */
export const runActionRoutes: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/complete',
    tag: 'Run actions',
    summary: 'Complete a task, filling in its form',
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: CompleteBody,
    bodyExample: { fields: { quote_id: 'Q-1' }, comment: 'done' },
    responses: { 200: { ...newState, example: stateExample } },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/decide',
    tag: 'Run actions',
    summary: 'Approve or reject an approval',
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: DecideBody,
    bodyExample: { decision: 'approve', comment: 'Within budget' },
    responses: {
      200: {
        ...newState,
        example: {
          ...stateExample,
          decisions: [...stateExample.decisions, approved],
        },
      },
    },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/accept',
    tag: 'Run actions',
    summary: 'Accept a handoff (or decline it with `accept: false`)',
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: AcceptBody,
    bodyExample: { accept: true },
    responses: {
      200: {
        ...newState,
        example: {
          ...stateExample,
          holder: 'person:bob@example.com',
          current: [{ stepId: 'pass', type: 'handoff', pending: ['person:bob@example.com'] }],
          pendingAssignees: ['person:bob@example.com'],
          decisions: [
            ...stateExample.decisions,
            approved,
            {
              stepId: 'pass',
              actor: 'bob@example.com',
              decision: 'accepted',
              at: '2025-03-06T11:30:00.000Z',
            },
          ],
        },
      },
    },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/claim',
    tag: 'Run actions',
    summary: "Take a team's task as yours",
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: ClaimBody,
    bodyExample: {},
    responses: {
      200: {
        ...newState,
        example: {
          ...stateExample,
          current: [{ stepId: 'fill', type: 'task', pending: ['person:cy@example.com'] }],
          pendingAssignees: ['person:cy@example.com'],
          fields: { amount: 900 },
          decisions: [],
        },
      },
    },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/delegate',
    tag: 'Run actions',
    summary: 'Hand your part of an approval to someone else',
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: DelegateBody,
    bodyExample: { to: 'dan@example.com', comment: 'Dan covers while I am away' },
    responses: {
      200: {
        ...newState,
        example: {
          ...stateExample,
          current: [{ stepId: 'review', type: 'approval', pending: ['person:dan@example.com'] }],
          pendingAssignees: ['person:dan@example.com'],
        },
      },
    },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/steps/:stepId/reassign',
    tag: 'Run actions',
    summary: 'Give a waiting task to another party or person',
    access: 'member',
    params: stepParams,
    idempotent: true,
    body: ReassignBody,
    bodyExample: { to: 'person:carol@example.com', comment: 'Carol has the quote' },
    responses: {
      200: {
        ...newState,
        example: {
          ...stateExample,
          current: [{ stepId: 'fill', type: 'task', pending: ['person:carol@example.com'] }],
          pendingAssignees: ['person:carol@example.com'],
          fields: { amount: 900 },
          decisions: [],
        },
      },
    },
    errors: STEP_ERRORS,
  },
  {
    method: 'post',
    path: '/runs/:id/events',
    tag: 'Run actions',
    summary: 'Send a named event to a run that waits for it',
    access: 'member',
    params: runParams,
    body: EventBody,
    bodyExample: { name: 'contract.signed' },
    responses: {
      202: {
        description: 'The event was delivered to the run',
        schema: z.strictObject({ id: z.string(), event: z.string(), delivered: z.literal(true) }),
        example: { id: RUN_ID, event: 'contract.signed', delivered: true },
      },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      ...BODY_ERRORS,
      'run_not_found',
      'run_closed',
      'not_a_flow_run',
      'unknown_event',
      'temporal_unavailable',
    ],
  },
  {
    method: 'get',
    path: '/runs/:id/state',
    tag: 'Run actions',
    summary: "Show a run's state: the steps it waits on and who must act, its fields and decisions",
    access: 'member',
    params: runParams,
    responses: {
      200: { description: "The run's state", schema: FlowRunStateSchema, example: stateExample },
    },
    errors: [...SIGNED_IN_ERRORS, 'run_not_found', 'not_a_flow_run', 'temporal_unavailable'],
  },
  {
    method: 'post',
    path: '/runs/:id/cancel',
    tag: 'Run actions',
    summary: 'Cancel a run (its requester while nothing is decided, an admin any time)',
    description:
      'The request is audited as `run.cancel_requested` with the reason; the run then closes its work item as cancelled.',
    access: 'member',
    params: runParams,
    body: CancelRunRequest,
    bodyExample: { reason: 'Ordered through another supplier' },
    responses: {
      202: {
        description: 'The cancellation was sent to the run',
        schema: z.strictObject({ id: z.string(), cancelling: z.literal(true) }),
        example: { id: RUN_ID, cancelling: true },
      },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      ...BODY_ERRORS,
      'run_not_found',
      'run_closed',
      'forbidden',
      'action_rejected',
      'temporal_unavailable',
    ],
  },
];
