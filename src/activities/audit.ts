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

/** Appends an event to the work item's hash chain, inside the caller's transaction. */
export async function appendAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry) {
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
