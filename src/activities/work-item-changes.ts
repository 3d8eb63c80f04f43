import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';
import { jsonObject } from './json-object';

type Deps = { prisma: PrismaClient; clock: Clock };

/** A `set` step's change to the work item. */
export interface UpdateWorkItemInput {
  workItemId: string;
  idempotencyKey: string;
  stepPath: string;
  fields?: Prisma.InputJsonObject;
  status?: string;
  priority?: string;
}

/** Merges fields and sets status / priority, with a `work_item.updated` event; idempotent by key. */
export function updateWorkItemActivity(deps: Deps) {
  return async function updateWorkItem(input: UpdateWorkItemInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const item = await tx.workItem.findUniqueOrThrow({ where: { id: input.workItemId } });
      await tx.workItem.update({
        where: { id: input.workItemId },
        data: {
          fields: { ...jsonObject(item.fields), ...input.fields },
          ...(input.status === undefined ? {} : { status: input.status }),
          ...(input.priority === undefined ? {} : { priority: input.priority }),
          updatedAt: at,
        },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'work_item.updated',
        actor: SYSTEM_ACTOR,
        data: {
          step: input.stepPath,
          fields: input.fields ?? {},
          status: input.status ?? null,
          priority: input.priority ?? null,
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}

/** The end of a run: the item's final status; tasks still open are cancelled. */
export interface CloseWorkItemInput {
  workItemId: string;
  idempotencyKey: string;
  status: string;
}

/** Closes the work item and its open tasks with a `work_item.closed` event; idempotent by key. */
export function closeWorkItemActivity(deps: Deps) {
  return async function closeWorkItem(input: CloseWorkItemInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const open = await tx.task.findMany({
        where: { workItemId: input.workItemId, status: 'open' },
        select: { id: true },
      });
      await tx.task.updateMany({
        where: { id: { in: open.map((t) => t.id) } },
        data: { status: 'cancelled', completedAt: at },
      });
      await tx.workItem.update({
        where: { id: input.workItemId },
        data: { status: input.status, updatedAt: at, closedAt: at },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'work_item.closed',
        actor: SYSTEM_ACTOR,
        data: { status: input.status, cancelledTasks: open.map((t) => t.id) },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}
