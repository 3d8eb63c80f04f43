import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { computePaces, flowVersions } from '../insights/at-risk';
import { DEFAULT_IDLE_HOURS, watchPlan } from '../insights/watch';
import { watchWorkflow } from '../workflows';
import { parseQuery } from './parse-input';

/** The query of `POST /watcher/run`. */
export const WatcherRunQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false)
    .describe('true: answer what a round would do, and change nothing'),
});

/**
 * `POST /watcher/run` (admins): a watch round now, as the schedule runs it (a `watchWorkflow`),
 * answering what it did; with `dryRun=true` what it would do, changing nothing.
 */
export function watcherRouter({
  temporal,
  prisma,
  taskQueue,
  watchIdleHours = DEFAULT_IDLE_HOURS,
}: {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  /** As the schedule's rounds have it (`PLAINFLOW_WATCH_IDLE_HOURS`). */
  watchIdleHours?: number;
}): Router {
  const router = Router();
  const flowOf = flowVersions(prisma);
  router.post('/watcher/run', requireRole(UserRole.admin), async (req, res) => {
    const { dryRun } = parseQuery(WatcherRunQuery, req.query);
    if (dryRun) {
      const at = new Date();
      const paces = await computePaces(prisma, at);
      const plan = await watchPlan(prisma, at, paces, flowOf, watchIdleHours);
      res.json({ dryRun, raised: 0, prompted: 0, ...plan });
      return;
    }
    const result = await temporal.workflow.execute(watchWorkflow, {
      taskQueue,
      workflowId: `plainflow-watch-round-${randomUUID()}`,
      args: [{ idleHours: watchIdleHours }],
    });
    res.json({ dryRun, ...result });
  });
  return router;
}
