import { setTimeout as sleep } from 'node:timers/promises';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';

/** How long `/ready` waits for each dependency. */
const READY_CHECK_MS = 2_000;

/** Whether `check` answers within the limit: 'ok', or 'unavailable' (details stay in the server). */
async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  const timeout = sleep(READY_CHECK_MS, 'timeout' as const);
  const outcome = await Promise.race([check().then(() => 'ok' as const), timeout]).catch(
    () => 'failed' as const,
  );
  return outcome === 'ok' ? 'ok' : 'unavailable';
}

/**
 * `GET /health`: the process is up. `GET /ready`: the work store and Temporal both answer
 * (200), or which does not (503). Neither needs a credential, so probes can call them.
 */
export function healthRouter({ temporal, prisma }: { temporal: Client; prisma: PrismaClient }) {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/ready', async (_req, res) => {
    const [database, temporalService] = await Promise.all([
      probe(() => prisma.$queryRaw`SELECT 1`),
      probe(() =>
        temporal.withDeadline(Date.now() + READY_CHECK_MS, () =>
          temporal.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const ready = database === 'ok' && temporalService === 'ok';
    res.status(ready ? 200 : 503).json({ ready, checks: { database, temporal: temporalService } });
  });

  return router;
}
