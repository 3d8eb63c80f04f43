import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { appendAuditEvent } from '../activities/audit';
import { principalOf } from '../auth/principal';
import { hasRole, UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { ApiError } from './errors';
import { parseInput } from './parse-input';
import { CancelRunRequest } from './run-request';
import { assertMayReadRun, viewerOf } from './viewer';

/**
 * `POST /runs/:id/cancel`: an admin cancels any run, its requester one in which nothing has been
 * decided yet; anyone else who may see the run is refused (403), the rest get 404. The request
 * is audited (`run.cancel_requested` by the user, with the reason) and sent to Temporal as a
 * cancellation; the run then closes its work item as cancelled. An admin also cancels a run
 * stuck before its work item exists.
 */
export function runCancelRouter({
  temporal,
  prisma,
}: {
  temporal: Client;
  prisma: PrismaClient;
}): Router {
  const router = Router();

  router.post('/runs/:id/cancel', async (req, res) => {
    const principal = principalOf(res);
    const { reason } = parseInput(CancelRunRequest, req.body ?? {}, 'The cancellation');
    const handle = temporal.workflow.getHandle(req.params.id);
    const workItem = await prisma.workItem.findUnique({
      where: { workflowId: handle.workflowId },
      select: { id: true, requester: true },
    });
    if (!hasRole(principal.role, UserRole.admin)) {
      if (workItem?.requester !== principal.email) {
        // Whether a run exists is not told to someone who may not see it.
        await assertMayReadRun(prisma, await viewerOf(prisma, principal), handle.workflowId);
        throw new ApiError('forbidden', 'Only the requester of a run or an admin may cancel it');
      }
      const decided = await prisma.task.count({
        where: { workItemId: workItem.id, decidedBy: { not: null } },
      });
      if (decided > 0) {
        throw new ApiError(
          'action_rejected',
          `Run "${handle.workflowId}" has decisions already: only an admin may cancel it now`,
        );
      }
    }
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      throw new ApiError('run_closed', `Run "${handle.workflowId}" has ended (${status.name})`);
    }
    if (workItem) {
      await prisma.$transaction((tx) =>
        appendAuditEvent(tx, {
          workItemId: workItem.id,
          action: 'run.cancel_requested',
          actor: principal.email,
          data: reason === undefined ? {} : { reason },
          idempotencyKey: `${handle.workflowId}:cancel:${randomUUID()}`,
          at: new Date(),
        }),
      );
    }
    await handle.cancel();
    res.status(202).json({ id: handle.workflowId, cancelling: true });
  });

  return router;
}
