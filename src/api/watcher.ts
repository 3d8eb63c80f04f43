import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { computePaces, flowVersions } from '../insights/at-risk';
import { movesThrough } from '../insights/rebalance';
import { DEFAULT_IDLE_HOURS, watchPlan, watchRound } from '../insights/watch';
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
 * `POST /watcher/run` (admins): a watch round now, the one the schedule's `watchWorkflow` runs,
 * answering what it did; with `dryRun=true` what it would do, changing nothing. The round runs
 * here, without a workflow: each flag and prompt is written once by its key, and each move is an
 * Update whose id is its key, so it cannot double what a scheduled round does at the same time.
 */
export function watcherRouter({
  prisma,
  temporal,
  watchIdleHours = DEFAULT_IDLE_HOURS,
}: {
  prisma: PrismaClient;
  temporal: Client;
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
      res.json({ dryRun, raised: 0, prompted: 0, moved: 0, refused: [], ...plan });
      return;
    }
    const round = await watchRound(
      prisma,
      new Date(),
      flowOf,
      movesThrough(temporal),
      watchIdleHours,
    );
    res.json({ dryRun, ...round });
  });
  return router;
}
