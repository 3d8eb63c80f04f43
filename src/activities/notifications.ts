import type { PrismaClient } from '../db/prisma';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** Why a notification is sent: a notify step, a reminder, or a time limit that passed. */
export type NotificationKind = 'message' | 'reminder' | 'timeout';

/** A message to queue in the outbox, one row per recipient. */
export interface QueueNotificationInput {
  workItemId: string;
  idempotencyKey: string;
  stepPath: string;
  kind: NotificationKind;
  channel: 'in_app' | 'webhook';
  recipients: string[];
  message: string;
}

/**
 * Writes one outbox row per recipient and a `notification.queued` event in one transaction;
 * idempotent by key. Delivery (webhooks) is a separate concern that reads the outbox.
 */
export function queueNotificationActivity(deps: Deps) {
  return async function queueNotification(input: QueueNotificationInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const recipients = [...new Set(input.recipients)];
      await tx.notification.createMany({
        data: recipients.map((recipient) => ({
          workItemId: input.workItemId,
          stepPath: input.stepPath,
          kind: input.kind,
          channel: input.channel,
          recipient,
          message: input.message,
          idempotencyKey: `${input.idempotencyKey}:${recipient}`,
          createdAt: at,
        })),
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'notification.queued',
        actor: SYSTEM_ACTOR,
        data: {
          step: input.stepPath,
          kind: input.kind,
          channel: input.channel,
          recipients,
          message: input.message,
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}
