import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { computePaces, flowVersions } from '../insights/at-risk';
import { watchPlan } from '../insights/watch';
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
}: {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
}): Router {
  const router = Router();
  const flowOf = flowVersions(prisma);
  router.post('/watcher/run', requireRole(UserRole.admin), async (req, res) => {
    const { dryRun } = parseQuery(WatcherRunQuery, req.query);
    if (dryRun) {
      const at = new Date();
      const plan = await watchPlan(prisma, at, await computePaces(prisma, at), flowOf);
      res.json({ dryRun, raised: 0, ...plan });
      return;
    }
    const result = await temporal.workflow.execute(watchWorkflow, {
      taskQueue,
      workflowId: `plainflow-watch-round-${randomUUID()}`,
    });
    res.json({ dryRun, ...result });
  });
  return router;
}
