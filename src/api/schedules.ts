import { Router, type Request } from 'express';
import { ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import { z } from 'zod';
import { parseFlow } from '../dsl';
import { latestFlowVersion } from '../db/flow-versions';
import type { PrismaClient } from '../db/prisma';
import { scheduleView } from '../schedules/flow-schedules';
import { scheduleIdOf } from '../schedules/schedule-options';
import { ApiError } from './errors';
import { issuesOf } from './issues';

export interface SchedulesDeps {
  temporal: Client;
  prisma: PrismaClient;
}

/** The body of `POST /flows/:name/schedule/pause` and `/resume`: why, shown as the schedule's note. */
export const ScheduleNoteRequest = z
  .object({ note: z.string().trim().min(1).max(500).optional() })
  .strict();

/**
 * `GET /flows/:name/schedule` shows a flow's schedule; `POST .../pause`, `.../resume` and
 * `.../trigger` (start a run now, even if one is running) act on it; `DELETE` removes it until
 * the next deploy of a scheduled version. 409 when the latest version has no schedule trigger.
 */
export function schedulesRouter({ temporal, prisma }: SchedulesDeps): Router {
  const router = Router();

  const scheduleOf = async (req: Request<{ name: string }>): Promise<ScheduleHandle> => {
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
    return temporal.schedule.getHandle(scheduleIdOf(name));
  };

  const noteOf = (req: Request): string | undefined => {
    const body = ScheduleNoteRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The request is not valid', issuesOf(body.error));
    }
    return body.data.note;
  };

  const show = async (name: string, handle: ScheduleHandle) =>
    scheduleView(name, await handle.describe());

  router.get('/flows/:name/schedule', async (req, res) => {
    res.json(await show(req.params.name, await scheduleOf(req)));
  });

  router.post('/flows/:name/schedule/pause', async (req, res) => {
    const note = noteOf(req);
    const handle = await scheduleOf(req);
    await handle.pause(note ?? 'Paused through the API');
    res.json(await show(req.params.name, handle));
  });

  router.post('/flows/:name/schedule/resume', async (req, res) => {
    const note = noteOf(req);
    const handle = await scheduleOf(req);
    await handle.unpause(note ?? 'Resumed through the API');
    res.json(await show(req.params.name, handle));
  });

  router.post('/flows/:name/schedule/trigger', async (req, res) => {
    const handle = await scheduleOf(req);
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    res.status(202).json({ triggered: true, schedule: handle.scheduleId });
  });

  router.delete('/flows/:name/schedule', async (req, res) => {
    const handle = await scheduleOf(req);
    await handle.delete();
    res.status(204).end();
  });

  return router;
}
