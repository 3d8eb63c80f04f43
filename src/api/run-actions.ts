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
  type Acting,
  type FlowRunState,
} from '../workflows';
import { actingParties } from '../auth/acting-parties';
import { principalOf } from '../auth/principal';
import type { PrismaClient } from '../db/prisma';
import { awaitedEvents, parseFlow } from '../dsl';
import type { Prisma } from '../generated/prisma/client';
import { ApiError } from './errors';
import { answerOnce } from './idempotency';
import { issuesOf } from './issues';
import { parseInput } from './parse-input';
import { Fields, manyLines, oneLine } from './safe-text';
import { assertMayReadStartedRun } from './viewer';

const Comment = z.string().max(5000).check(manyLines).optional();

/** The body of `POST /runs/:id/steps/:stepId/complete`. */
export const CompleteBody = z.strictObject({
  fields: Fields.optional(),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/decide`. */
export const DecideBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/accept`; `accept: false` declines. */
export const AcceptBody = z.strictObject({
  accept: z.boolean().optional(),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/claim`: a member takes the team's task. */
export const ClaimBody = z.strictObject({});

/** The body of `POST /runs/:id/steps/:stepId/delegate`: `to` is the delegate's email. */
export const DelegateBody = z.strictObject({
  to: z.email().max(320),
  comment: Comment,
});

/** The body of `POST /runs/:id/steps/:stepId/reassign`: `to` is a party token or an email. */
export const ReassignBody = z.strictObject({
  to: z.string().trim().min(1).max(320).check(oneLine),
  comment: Comment,
});

/** The body of `POST /runs/:id/events`. */
export const EventBody = z.strictObject({
  name: z.string().trim().min(1).max(200).check(oneLine),
});

/** Sends a step action's update; with an `updateId`, Temporal takes it once however often sent. */
type SendAction = (
  handle: WorkflowHandle,
  stepId: string,
  acting: Acting,
  updateId: string | undefined,
) => Promise<FlowRunState>;

/** One action people take on a waiting step: its path, and its body checked into the update. */
interface StepAction {
  path: string;
  /** The body parsed (or a 400 naming what is wrong), ready to send. */
  accept(body: unknown): SendAction;
}

function stepAction<B extends object>(
  path: string,
  schema: z.ZodType<B>,
  update: UpdateDefinition<FlowRunState, [B & Acting & { stepId: string }]>,
): StepAction {
  return {
    path,
    accept: (raw) => {
      const body = parseInput(schema, raw, `The ${path} request`);
      return (handle, stepId, acting, updateId) =>
        handle.executeUpdate(update, {
          args: [{ ...body, ...acting, stepId }],
          ...(updateId === undefined ? {} : { updateId }),
        });
    },
  };
}

/** Every step action, one entry each: `POST /runs/:id/steps/:stepId/<path>`. */
export const STEP_ACTIONS: readonly StepAction[] = [
  stepAction('complete', CompleteBody, completeTaskUpdate),
  stepAction('decide', DecideBody, decideUpdate),
  stepAction('accept', AcceptBody, acceptHandoffUpdate),
  stepAction<object>('claim', ClaimBody, claimUpdate),
  stepAction('delegate', DelegateBody, delegateUpdate),
  stepAction('reassign', ReassignBody, reassignUpdate),
];

/**
 * Decisions on runs of deployed flows: the step actions (a Workflow Update each, answering with
 * the run's new state), named events, and the run's state.
 */
export function runActionsRouter({
  temporal,
  prisma,
}: {
  temporal: Client;
  prisma: PrismaClient;
}): Router {
  const router = Router();
  const handleOf = (req: Request<{ id: string }>) => temporal.workflow.getHandle(req.params.id);

  for (const action of STEP_ACTIONS) {
    router.post(`/runs/:id/steps/:stepId/${action.path}`, async (req, res) => {
      const handle = handleOf(req);
      const principal = principalOf(res);
      // Checked before the key is taken: a malformed body is answered as such, and only a
      // well-formed one is kept for comparison with its retries.
      const send = action.accept(req.body ?? {});
      // With an Idempotency-Key the update's id comes from it: a retry whose first answer was
      // lost (the API died after sending the update) gets the one decision the run took.
      await answerOnce(
        prisma,
        req,
        res,
        principal,
        async (keyDigest) => {
          const acting: Acting = {
            actor: principal.email,
            actorParties: await actingParties(prisma, principal.email, handle.workflowId),
          };
          const state = await explained(handle, () =>
            send(handle, req.params.stepId, acting, keyDigest),
          );
          return { status: 200, body: state as unknown as Prisma.InputJsonObject };
        },
        'rerun',
      );
    });
  }

  router.post('/runs/:id/events', async (req, res) => {
    const body = EventBody.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The event is not valid', issuesOf(body.error));
    }
    const handle = handleOf(req);
    const { name } = body.data;
    const state = await explained(handle, () => handle.query(stateQuery));
    const awaited = await awaitedEventsOf(prisma, state.flowName, state.flowVersion);
    if (awaited && !awaited.includes(name)) {
      const which = awaited.length > 0 ? `it waits for ${awaited.join(', ')}` : 'it waits for none';
      throw new ApiError(
        'unknown_event',
        `Flow "${state.flowName}" version ${state.flowVersion} has no step waiting for the event "${name}" (${which})`,
      );
    }
    await explained(handle, () => handle.signal(eventSignal, { name }));
    res.status(202).json({ id: handle.workflowId, event: body.data.name, delivered: true });
  });

  router.get('/runs/:id/state', async (req, res) => {
    const handle = handleOf(req);
    await assertMayReadStartedRun(prisma, principalOf(res), handle.workflowId);
    res.json(await explained(handle, () => handle.query(stateQuery)));
  });

  return router;
}

/** The events a stored flow version waits for; undefined when the version is not stored here. */
async function awaitedEventsOf(
  prisma: PrismaClient,
  flowName: string,
  version: string,
): Promise<string[] | undefined> {
  const number = Number(version);
  if (!Number.isInteger(number)) return undefined;
  const row = await prisma.flowVersion.findFirst({
    where: { flow: { name: flowName }, version: number },
    select: { definition: true },
  });
  const parsed = row ? parseFlow(row.definition) : undefined;
  return parsed?.ok ? awaitedEvents(parsed.flow.steps) : undefined;
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
