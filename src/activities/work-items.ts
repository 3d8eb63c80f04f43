import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { appendAuditEvent } from './audit';
import type { Clock } from './clock';

/** What a run needs to open its work item. */
export interface CreateWorkItemInput {
  /** The item's id when the starter chose it; default a new one. */
  id?: string;
  workflowId: string;
  flowName: string;
  /** The version of the flow the run follows; the item links to it when the store holds it. */
  flowVersion?: number;
  title: string;
  requester: string;
  priority: string;
  fields: Prisma.InputJsonObject;
}

export interface WorkItemRef {
  workItemId: string;
}

/**
 * Creates the run's work item and its `work_item.created` audit event in one transaction.
 * Idempotent by workflow id: a retry returns the item the first attempt created.
 */
export function createWorkItemActivity(deps: { prisma: PrismaClient; clock: Clock }) {
  return async function createWorkItem(input: CreateWorkItemInput): Promise<WorkItemRef> {
    return deps.prisma.$transaction(async (tx) => {
      const existing = await tx.workItem.findUnique({
        where: { workflowId: input.workflowId },
        select: { id: true },
      });
      if (existing) return { workItemId: existing.id };
      const at = deps.clock.now();
      const version =
        input.flowVersion === undefined
          ? null
          : await tx.flowVersion.findFirst({
              where: { flow: { name: input.flowName }, version: input.flowVersion },
              select: { id: true },
            });
      const item = await tx.workItem.create({
        data: {
          ...(input.id === undefined ? {} : { id: input.id }),
          workflowId: input.workflowId,
          flowName: input.flowName,
          flowVersionId: version?.id ?? null,
          title: input.title,
          requester: input.requester,
          priority: input.priority,
          fields: input.fields,
          createdAt: at,
          updatedAt: at,
        },
      });
      await appendAuditEvent(tx, {
        workItemId: item.id,
        action: 'work_item.created',
        actor: input.requester,
        data: { title: input.title, priority: input.priority, fields: input.fields },
        idempotencyKey: `${input.workflowId}:work_item.created`,
        at,
      });
      return { workItemId: item.id };
    });
  };
}
