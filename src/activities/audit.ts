import type { Prisma } from '../generated/prisma/client';
import { auditHash } from '../db/audit-chain';

export interface AuditEntry {
  workItemId: string;
  action: string;
  actor: string;
  data: Prisma.InputJsonObject;
  /** Unique per change, so a retried activity cannot write the event twice. */
  idempotencyKey: string;
  at: Date;
}

/** The actor of changes Plainflow makes by itself (timeouts, reminders, closing a run). */
export const SYSTEM_ACTOR = 'plainflow';

/** Appends an event to the work item's hash chain, inside the caller's transaction. */
export async function appendAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry) {
  // Concurrent changes to one item (parallel decisions) take turns, so the chain never forks;
  // NO KEY UPDATE, since inserting a row that references the item already holds KEY SHARE.
  await tx.$queryRaw`SELECT "id" FROM "work_items" WHERE "id" = ${entry.workItemId}::uuid FOR NO KEY UPDATE`;
  const last = await tx.auditEvent.findFirst({
    where: { workItemId: entry.workItemId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const link = {
    workItemId: entry.workItemId,
    seq: (last?.seq ?? 0) + 1,
    action: entry.action,
    actor: entry.actor,
    data: entry.data,
    createdAt: entry.at,
    prevHash: last?.hash ?? null,
  };
  return tx.auditEvent.create({
    data: { ...link, idempotencyKey: entry.idempotencyKey, hash: auditHash(link) },
  });
}

/**
 * Whether the change keyed `idempotencyKey` was already made: a change and its audit event
 * commit together, so the event's presence means a retry has nothing left to do.
 */
export async function auditedAlready(
  tx: Prisma.TransactionClient,
  idempotencyKey: string,
): Promise<boolean> {
  const found = await tx.auditEvent.findUnique({ where: { idempotencyKey }, select: { id: true } });
  return found !== null;
}
