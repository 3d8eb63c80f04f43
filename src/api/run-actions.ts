import { Router, type Request } from 'express';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  acceptHandoffUpdate,
  claimUpdate,
  completeTaskUpdate,
  decideUpdate,
  delegateUpdate,
  eventSignal,
  reassignUpdate,
  stateQuery,
  type FlowRunState,
} from '../workflows';
import { ApiError } from './errors';
import { issuesOf } from './issues';

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Actor = z.string().trim().min(1).max(320).describe('party token or email of who acts');
const Comment = z.string().max(5000).optional();

/** The body of `POST /runs/:id/steps/:stepId/complete`. */
export const CompleteBody = z.strictObject({
  actor: Actor,
  fields: z.record(z.string().min(1).max(100), FieldValue).optional(),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/decide`. */
export const DecideBody = z.strictObject({
  actor: Actor,
  decision: z.enum(['approve', 'reject']),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/accept`; `accept: false` declines. */
export const AcceptBody = z.strictObject({
  actor: Actor,
  accept: z.boolean().optional(),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/claim`: a member takes the team's task. */
export const ClaimBody = z.strictObject({ actor: Actor });

/** The body of `POST /runs/:id/steps/:stepId/delegate`: `to` is the delegate's email. */
export const DelegateBody = z.strictObject({
  actor: Actor,
  to: z.email().max(320),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/reassign`: `to` is a party token or an email. */
export const ReassignBody = z.strictObject({
  actor: Actor,
  to: z.string().trim().min(1).max(320),
  comment: Comment,
});

/** The body of `POST /runs/:id/events`. */
export const EventBody = z.strictObject({ name: z.string().trim().min(1).max(200) });

/** One action people take on a waiting step: its path, its body and the update it sends. */
interface StepAction {
  path: string;
  run(handle: WorkflowHandle, stepId: string, body: unknown): Promise<FlowRunState>;
}

function stepAction<B extends object>(
  path: string,
  body: z.ZodType<B>,
  update: UpdateDefinition<FlowRunState, [B & { stepId: string }]>,
): StepAction {
  return {
    path,
    run: (handle, stepId, raw) => {
      const parsed = body.safeParse(raw);
      if (!parsed.success) {
        throw new ApiError(
          'invalid_body',
          `The ${path} request is not valid`,
          issuesOf(parsed.error),
        );
      }
      return handle.executeUpdate(update, { args: [{ ...parsed.data, stepId }] });
    },
  };
}

/** Every step action, one entry each: `POST /runs/:id/steps/:stepId/<path>`. */
export const STEP_ACTIONS: readonly StepAction[] = [
  stepAction('complete', CompleteBody, completeTaskUpdate),
  stepAction('decide', DecideBody, decideUpdate),
  stepAction('accept', AcceptBody, acceptHandoffUpdate),
  stepAction('claim', ClaimBody, claimUpdate),
  stepAction('delegate', DelegateBody, delegateUpdate),
  stepAction('reassign', ReassignBody, reassignUpdate),
];

/**
 * Decisions on runs of deployed flows: the step actions (a Workflow Update each, answering with
 * the run's new state), named events, and the run's state.
 */
export function runActionsRouter({ temporal }: { temporal: Client }): Router {
  const router = Router();
  const handleOf = (req: Request<{ id: string }>) => temporal.workflow.getHandle(req.params.id);

  for (const action of STEP_ACTIONS) {
    router.post(`/runs/:id/steps/:stepId/${action.path}`, async (req, res) => {
      const handle = handleOf(req);
      const state = await explained(handle, () =>
        action.run(handle, req.params.stepId, req.body ?? {}),
      );
      res.json(state);
    });
  }

  router.post('/runs/:id/events', async (req, res) => {
    const body = EventBody.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The event is not valid', issuesOf(body.error));
    }
    const handle = handleOf(req);
    await explained(handle, () => handle.signal(eventSignal, { name: body.data.name }));
    res.status(202).json({ id: handle.workflowId, event: body.data.name, delivered: true });
  });

  router.get('/runs/:id/state', async (req, res) => {
    const handle = handleOf(req);
    res.json(await explained(handle, () => handle.query(stateQuery)));
  });

  return router;
}

/**
 * Runs `work` against a run, turning Temporal's answers into API errors: an update the run
 * refused is `action_rejected` with the run's own message; a run that is gone is
 * `run_not_found`, one that has ended `run_closed`.
 */
async function explained<T>(handle: WorkflowHandle, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new ApiError('action_rejected', err.cause?.message ?? err.message);
    }
    if (err instanceof WorkflowNotFoundError) {
      const status = await handle.describe().then(
        (d) => d.status.name,
        () => undefined,
      );
      if (status === undefined) {
        throw new ApiError('run_not_found', `No run with id "${handle.workflowId}"`);
      }
      if (status !== 'RUNNING') {
        throw new ApiError('run_closed', `Run "${handle.workflowId}" has ended (${status})`);
      }
    }
    throw err;
  }
}
