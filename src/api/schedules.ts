import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Client, ScheduleHandle } from '@temporalio/client';
import { z } from 'zod';
import { parseFlow, type Flow, type OverlapPolicy } from '../dsl';
import { latestFlowVersion } from '../db/flow-versions';
import type { PrismaClient } from '../db/prisma';
import { scheduleView } from '../schedules/flow-schedules';
import { reconcileCounts, reconcileFlowSchedules } from '../schedules/reconcile';
import {
  callDeadline,
  DEFAULT_SCHEDULE_REQUESTER,
  overlapPolicies,
  scheduleIdOf,
} from '../schedules/schedule-options';
import { requireRole } from '../auth/authenticate';
import { principalOf } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { ApiError } from './errors';
import { assertMayManageFlow } from './flow-access';
import { issuesOf } from './issues';
import { oneLine } from './safe-text';

export interface SchedulesDeps {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  /** The requester of scheduled runs; default {@link DEFAULT_SCHEDULE_REQUESTER}. */
  scheduleRequester?: string;
  /** How long a schedule call waits for Temporal (ms); default 10 000. */
  temporalCallTimeoutMs?: number;
}

/** How long a trigger waits for the schedule to show whether it started a run. */
const TRIGGER_SETTLE_MS = 5_000;
const TRIGGER_POLL_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a trigger did: `started` with the new run's workflow id, `skipped` when the overlap
 * policy refused it (a run is still open), or `pending` when the schedule showed neither
 * within 5 seconds (a buffered start, or a slow server).
 */
export interface TriggerResult {
  schedule: string;
  overlap: OverlapPolicy;
  outcome: 'started' | 'skipped' | 'pending';
  workflowId: string | null;
}

/**
 * Triggers the schedule now under the flow's overlap policy. The SDK's trigger returns
 * nothing, so the schedule is described before and after: a newly taken action names the run.
 */
async function triggerWithPolicy(handle: ScheduleHandle, flow: Flow): Promise<TriggerResult> {
  const overlap = (flow.trigger.type === 'schedule' && flow.trigger.overlap) || 'skip';
  const before = (await handle.describe()).info;
  const seen = new Set(before.recentActions.map((action) => action.action.workflow.workflowId));
  await handle.trigger(overlapPolicies[overlap]);
  const result = { schedule: handle.scheduleId, overlap };
  const deadline = Date.now() + TRIGGER_SETTLE_MS;
  for (;;) {
    const { info } = await handle.describe();
    const fresh = info.recentActions
      .map((action) => action.action.workflow.workflowId)
      .filter((id) => !seen.has(id));
    if (fresh.length > 0) {
      return { ...result, outcome: 'started', workflowId: fresh[fresh.length - 1] ?? null };
    }
    if (info.numActionsSkippedOverlap > before.numActionsSkippedOverlap) {
      return { ...result, outcome: 'skipped', workflowId: null };
    }
    if (Date.now() >= deadline) return { ...result, outcome: 'pending', workflowId: null };
    await sleep(TRIGGER_POLL_MS);
  }
}

/** The body of `POST /flows/:name/schedule/pause` and `/resume`: why, shown as the schedule's note. */
export const ScheduleNoteRequest = z
  .object({ note: z.string().trim().min(1).max(500).check(oneLine).optional() })
  .strict();

/**
 * `GET /flows/:name/schedule` shows a flow's schedule; `POST .../pause`, `.../resume` and
 * `.../trigger` (start a run now, under the flow's overlap policy) act on it; `DELETE` removes it
 * until the next deploy of a scheduled version or reconciliation. 409 when the latest version has
 * no schedule trigger. `POST /schedules/reconcile` (admin) makes every schedule match its flow.
 */
export function schedulesRouter({
  temporal,
  prisma,
  taskQueue,
  scheduleRequester = DEFAULT_SCHEDULE_REQUESTER,
  temporalCallTimeoutMs,
}: SchedulesDeps): Router {
  const router = Router();
  const settings = {
    taskQueue,
    requester: scheduleRequester,
    callTimeoutMs: temporalCallTimeoutMs,
  };
  // Each route's calls to Temporal share one deadline: a server that does not answer is a 503.
  const bounded = <T>(work: () => Promise<T>): Promise<T> =>
    temporal.withDeadline(callDeadline(settings), work);

  const scheduledFlowOf = async (req: Request<{ name: string }>): Promise<Flow> => {
    const name = req.params.name;
    const row = await latestFlowVersion(prisma, name);
    const parsed = row ? parseFlow(row.definition) : undefined;
    if (!parsed?.ok) throw new ApiError('flow_not_found', `No flow named "${name}"`);
    if (parsed.flow.trigger.type !== 'schedule') {
      throw new ApiError(
        'no_schedule_trigger',
        `Flow "${name}" (version ${parsed.flow.version}) has a ${parsed.flow.trigger.type} trigger, not a schedule`,
      );
    }
    return parsed.flow;
  };

  const scheduleOf = async (req: Request<{ name: string }>): Promise<ScheduleHandle> =>
    temporal.schedule.getHandle(scheduleIdOf((await scheduledFlowOf(req)).name));

  const noteOf = (req: Request): string | undefined => {
    const body = ScheduleNoteRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The request is not valid', issuesOf(body.error));
    }
    return body.data.note;
  };

  // Changing a schedule is changing its flow: admins, or the author who created the flow.
  const managesFlow = async (req: Request<{ name: string }>, res: Response, next: NextFunction) => {
    await assertMayManageFlow(prisma, principalOf(res), req.params.name);
    next();
  };

  const show = async (name: string, handle: ScheduleHandle) =>
    scheduleView(name, await bounded(() => handle.describe()));

  router.get('/flows/:name/schedule', async (req, res) => {
    res.json(await show(req.params.name, await scheduleOf(req)));
  });

  router.post('/flows/:name/schedule/pause', managesFlow, async (req, res) => {
    const note = noteOf(req);
    const handle = await scheduleOf(req);
    await bounded(() => handle.pause(note ?? 'Paused through the API'));
    res.json(await show(req.params.name, handle));
  });

  router.post('/flows/:name/schedule/resume', managesFlow, async (req, res) => {
    const note = noteOf(req);
    const handle = await scheduleOf(req);
    await bounded(() => handle.unpause(note ?? 'Resumed through the API'));
    res.json(await show(req.params.name, handle));
  });

  router.post('/flows/:name/schedule/trigger', managesFlow, async (req, res) => {
    const flow = await scheduledFlowOf(req);
    const handle = temporal.schedule.getHandle(scheduleIdOf(flow.name));
    const result = await bounded(() => triggerWithPolicy(handle, flow));
    res.status(result.outcome === 'skipped' ? 200 : 202).json(result);
  });

  router.post('/schedules/reconcile', requireRole(UserRole.admin), async (_req, res) => {
    const summary = await reconcileFlowSchedules(temporal, prisma, settings);
    res.json({ ...reconcileCounts(summary), schedules: summary });
  });

  router.delete('/flows/:name/schedule', managesFlow, async (req, res) => {
    const handle = await scheduleOf(req);
    await bounded(() => handle.delete());
    res.status(204).end();
  });

  return router;
}
