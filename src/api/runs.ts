import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { FlowStatus } from '../dsl/flow-status';
import { INTAKE_FLOW_NAME, intakeWorkflow } from '../workflows';
import { FlowNameKey, FlowStatusKey } from '../workflows/search-attributes';
import { principalOf } from '../auth/principal';
import { answerOnce, startedNow } from './idempotency';
import { parseInput } from './parse-input';
import { StartRunRequest } from './run-request';
import { assertMayReadStartedRun } from './viewer';

export interface RunsDeps {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  /** The Temporal Web UI's address, for links to runs in it; none for an external cluster. */
  temporalUiUrl?: string | null;
}

/**
 * `POST /runs` starts a run; `GET /runs/:id` reports it with its work item and audit trail, to
 * those who may read it (see `readableRuns`).
 */
export function runsRouter({ temporal, prisma, taskQueue, temporalUiUrl }: RunsDeps): Router {
  const router = Router();

  router.post('/runs', async (req, res) => {
    const principal = principalOf(res);
    const body = parseInput(StartRunRequest, req.body ?? {}, 'The run request');
    await answerOnce(prisma, req, res, principal, async (keyDigest) => {
      // With a key, the id comes from it: a retry after a lost answer finds the same run.
      const workflowId = `run-${keyDigest ?? randomUUID()}`;
      const requester = principal.email;
      const created = await startedNow(keyDigest !== undefined, () =>
        temporal.workflow.start(intakeWorkflow, {
          taskQueue,
          workflowId,
          args: [{ ...body, requester }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: FlowNameKey, value: INTAKE_FLOW_NAME },
            { key: FlowStatusKey, value: FlowStatus.running },
          ],
          staticSummary: `${INTAKE_FLOW_NAME}: ${body.title}`,
          staticDetails: `Requested by ${requester}, priority ${body.priority}`,
        }),
      );
      return {
        status: created ? 201 : 200,
        body: { id: workflowId, created, links: { self: `/runs/${workflowId}` } },
        location: `/runs/${workflowId}`,
      };
    });
  });

  router.get('/runs/:id', async (req, res) => {
    const id = req.params.id;
    await assertMayReadStartedRun(prisma, principalOf(res), id);
    const description = await temporal.workflow.getHandle(id).describe();
    const workItem = await prisma.workItem.findUnique({
      where: { workflowId: id },
      include: {
        auditEvents: { orderBy: { seq: 'asc' } },
        flowVersion: { select: { version: true } },
      },
    });
    const attributes = description.typedSearchAttributes;
    res.json({
      id,
      temporalStatus: description.status.name,
      flowName: attributes.get(FlowNameKey) ?? null,
      flowVersion: workItem?.flowVersion?.version ?? null,
      temporalUi: temporalUiUrl
        ? `${temporalUiUrl}/namespaces/${encodeURIComponent(temporal.options.namespace)}/workflows/${encodeURIComponent(id)}`
        : null,
      flowStatus: attributes.get(FlowStatusKey) ?? null,
      startedAt: description.startTime,
      closedAt: description.closeTime ?? null,
      workItem: workItem && {
        id: workItem.id,
        title: workItem.title,
        status: workItem.status,
        priority: workItem.priority,
        requester: workItem.requester,
        fields: workItem.fields,
        createdAt: workItem.createdAt,
        auditEvents: workItem.auditEvents.map((e) => ({
          seq: e.seq,
          action: e.action,
          actor: e.actor,
          data: e.data,
          at: e.createdAt,
          hash: e.hash,
        })),
      },
    });
  });

  return router;
}
