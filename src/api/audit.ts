import { Router, type Response } from 'express';
import { principalOf } from '../auth/principal';
import { verifyAuditChain } from '../db/audit-chain';
import type { PrismaClient } from '../db/prisma';
import { assertMayReadRun, viewerOf } from './viewer';

/**
 * A run's audit trail from the work store, for those who may read the run (see `readableRuns`):
 * `GET /runs/:id/audit` lists its work item's events in order; `GET /runs/:id/audit/verify`
 * recomputes the hash chain and names the first broken link.
 */
export function auditRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  const eventsOf = async (workflowId: string, res: Response) => {
    const viewer = await viewerOf(prisma, principalOf(res));
    const { id } = await assertMayReadRun(prisma, viewer, workflowId);
    const auditEvents = await prisma.auditEvent.findMany({
      where: { workItemId: id },
      orderBy: { seq: 'asc' },
    });
    return { id, auditEvents };
  };

  router.get('/runs/:id/audit', async (req, res) => {
    const item = await eventsOf(req.params.id, res);
    res.json({
      workItemId: item.id,
      events: item.auditEvents.map((e) => ({
        seq: e.seq,
        action: e.action,
        actor: e.actor,
        data: e.data,
        at: e.createdAt,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
    });
  });

  router.get('/runs/:id/audit/verify', async (req, res) => {
    const item = await eventsOf(req.params.id, res);
    const verdict = verifyAuditChain(item.auditEvents);
    res.json({
      workItemId: item.id,
      events: item.auditEvents.length,
      ...(verdict.ok ? { ok: true } : { ok: false, brokenAt: verdict.seq, reason: verdict.reason }),
    });
  });

  return router;
}
