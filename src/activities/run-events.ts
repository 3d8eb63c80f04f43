import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** Something the run did that changes no row by itself: a subflow started, a repeat gave up. */
export interface RecordRunEventInput {
  workItemId: string;
  idempotencyKey: string;
  /** The audit action, e.g. `subflow.started`, `repeat.limit_reached`. */
  action: string;
  data: Prisma.InputJsonObject;
}

/** Appends one audit event to the work item's chain; idempotent by key. */
export function recordRunEventActivity(deps: Deps) {
  return async function recordRunEvent(input: RecordRunEventInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: input.action,
        actor: SYSTEM_ACTOR,
        data: input.data,
        idempotencyKey: input.idempotencyKey,
        at: deps.clock.now(),
      });
    });
  };
}
