import { Router } from 'express';
import { verifyAuditChain } from '../db/audit-chain';
import type { PrismaClient } from '../db/prisma';
import { ApiError } from './errors';

/**
 * A run's audit trail from the work store: `GET /runs/:id/audit` lists its work item's events in
 * order; `GET /runs/:id/audit/verify` recomputes the hash chain and names the first broken link.
 */
export function auditRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  const eventsOf = async (workflowId: string) => {
    const item = await prisma.workItem.findUnique({
      where: { workflowId },
      select: { id: true, auditEvents: { orderBy: { seq: 'asc' } } },
    });
    if (!item) throw new ApiError('run_not_found', `No work item for run "${workflowId}"`);
    return item;
  };

  router.get('/runs/:id/audit', async (req, res) => {
    const item = await eventsOf(req.params.id);
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
    const item = await eventsOf(req.params.id);
    const verdict = verifyAuditChain(item.auditEvents);
    res.json({
      workItemId: item.id,
      events: item.auditEvents.length,
      ...(verdict.ok ? { ok: true } : { ok: false, brokenAt: verdict.seq, reason: verdict.reason }),
    });
  });

  return router;
}
