import { createHash } from 'node:crypto';

/** The fields of an audit event its hash covers. */
export interface AuditLink {
  workItemId: string;
  seq: number;
  action: string;
  actor: string;
  data: unknown;
  createdAt: Date;
  prevHash: string | null;
}

/** JSON with object keys sorted at every depth, so equal data always hashes alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The sha256 of an event chained to the one before it. */
export function auditHash(link: AuditLink): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        prevHash: link.prevHash,
        workItemId: link.workItemId,
        seq: link.seq,
        action: link.action,
        actor: link.actor,
        data: link.data,
        createdAt: link.createdAt.toISOString(),
      }),
    )
    .digest('hex');
}

export type ChainVerdict = { ok: true } | { ok: false; seq: number; reason: string };

/** Checks that a work item's events, in `seq` order, form an unbroken hash chain. */
export function verifyAuditChain(events: readonly (AuditLink & { hash: string })[]): ChainVerdict {
  let prev: string | null = null;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1) return { ok: false, seq: event.seq, reason: 'gap in sequence' };
    if (event.prevHash !== prev) return { ok: false, seq: event.seq, reason: 'broken link' };
    if (auditHash(event) !== event.hash) return { ok: false, seq: event.seq, reason: 'altered' };
    prev = event.hash;
  }
  return { ok: true };
}
