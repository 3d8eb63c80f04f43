import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { FlowStatus } from '../dsl/flow-status';
import { INTAKE_FLOW_NAME, intakeWorkflow } from '../workflows';
import { FlowNameKey, FlowStatusKey } from '../workflows/search-attributes';
import { principalOf } from '../auth/principal';
import { ApiError } from './errors';
import { issuesOf } from './issues';
import { IdempotencyKey, StartRunRequest } from './run-request';

export interface RunsDeps {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
}

/** `POST /runs` starts a run; `GET /runs/:id` reports it with its work item and audit trail. */
export function runsRouter({ temporal, prisma, taskQueue }: RunsDeps): Router {
  const router = Router();

  router.post('/runs', async (req, res) => {
    const body = StartRunRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The run request is not valid', issuesOf(body.error));
    }
    const keyHeader = req.get('Idempotency-Key');
    const key = keyHeader === undefined ? undefined : IdempotencyKey.safeParse(keyHeader);
    if (key && !key.success) {
      throw new ApiError('invalid_header', 'Idempotency-Key is not valid', issuesOf(key.error));
    }
    const workflowId = `run-${key?.data ?? randomUUID()}`;
    const requester = principalOf(res).email;
    try {
      await temporal.workflow.start(intakeWorkflow, {
        taskQueue,
        workflowId,
        args: [{ ...body.data, requester }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: FlowNameKey, value: INTAKE_FLOW_NAME },
          { key: FlowStatusKey, value: FlowStatus.running },
        ],
        staticSummary: `${INTAKE_FLOW_NAME}: ${body.data.title}`,
        staticDetails: `Requested by ${requester}, priority ${body.data.priority}`,
      });
    } catch (err) {
      if (key && err instanceof WorkflowExecutionAlreadyStartedError) {
        res
          .status(200)
          .json({ id: workflowId, created: false, links: { self: `/runs/${workflowId}` } });
        return;
      }
      throw err;
    }
    res
      .status(201)
      .location(`/runs/${workflowId}`)
      .json({ id: workflowId, created: true, links: { self: `/runs/${workflowId}` } });
  });

  router.get('/runs/:id', async (req, res) => {
    const id = req.params.id;
    const description = await temporal.workflow.getHandle(id).describe();
    const workItem = await prisma.workItem.findUnique({
      where: { workflowId: id },
      include: { auditEvents: { orderBy: { seq: 'asc' } } },
    });
    const attributes = description.typedSearchAttributes;
    res.json({
      id,
      temporalStatus: description.status.name,
      flowName: attributes.get(FlowNameKey) ?? null,
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
