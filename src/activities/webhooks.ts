import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PrismaClient } from '../db/prisma';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';
import { allowedByOperator } from './destinations';
import { sendOutbound, type OutboundRefusal, type OutboundResponse } from './outbound-request';

type Deps = { prisma: PrismaClient; clock: Clock; callAllowList?: readonly string[] };

/** The header carrying `sha256=<hex HMAC-SHA256 of the body under the endpoint's secret>`. */
export const SIGNATURE_HEADER = 'X-Plainflow-Signature';
const DELIVERY_TIMEOUT_MS = 10_000;

/** The signature header's value for `body` under `secret`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** One queued `webhook` notification row, by the key it was queued with (queue key + recipient). */
export interface DeliverWebhookInput {
  workItemId: string;
  notificationKey: string;
}

/** What became of a webhook notification. */
export type WebhookOutcome = 'delivered' | 'undeliverable';

/**
 * POSTs a webhook notification, signed, to its recipient's endpoint and marks the row delivered
 * (time, attempts) with `notification.delivered`; a recipient without an endpoint marks it
 * undeliverable with `notification.undeliverable`. Idempotent: a finished row is not resent.
 * A non-2xx answer or a network error fails the attempt (4xx other than 408/429 and redirects
 * for good); so does, for good and uncontacted, an endpoint outside the operator's allow-list or
 * one on a non-public address that the allow-list does not name (`DestinationRefused`).
 */
export function deliverWebhookActivity(deps: Deps) {
  return async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookOutcome> {
    const row = await deps.prisma.notification.findUnique({
      where: { idempotencyKey: input.notificationKey },
    });
    if (!row) {
      throw ApplicationFailure.nonRetryable(
        `no notification queued with key ${input.notificationKey}`,
        'NotificationNotFound',
      );
    }
    if (row.status === 'delivered' || row.status === 'undeliverable') return row.status;
    const endpoint = await deps.prisma.webhookEndpoint.findUnique({
      where: { party: row.recipient },
    });
    if (!endpoint) {
      await finish(deps, input, row.id, {
        status: 'undeliverable',
        action: 'notification.undeliverable',
        lastError: `no webhook endpoint for ${row.recipient}`,
        data: { recipient: row.recipient, reason: `no webhook endpoint for ${row.recipient}` },
      });
      return 'undeliverable';
    }
    const { attempt } = Context.current().info;
    const allowList = deps.callAllowList ?? [];
    // Endpoints are set over the API: when the operator has an allow-list, they stay inside it.
    if (!allowedByOperator(new URL(endpoint.url), allowList)) {
      throw await failedAttempt(
        deps,
        row.id,
        attempt,
        `webhook ${endpoint.url} is not on the operator's allow-list`,
        'WebhookRejected',
      );
    }
    const body = JSON.stringify({
      notificationId: row.id,
      workItemId: row.workItemId,
      kind: row.kind,
      message: row.message,
      recipient: row.recipient,
      step: row.stepPath,
      queuedAt: row.createdAt.toISOString(),
    });
    const request = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': row.id,
        [SIGNATURE_HEADER]: webhookSignature(endpoint.secret, body),
      },
      body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxBodyChars: 0,
    };
    let answer: OutboundResponse | OutboundRefusal;
    try {
      answer = await sendOutbound(new URL(endpoint.url), request, { allowList });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw await failedAttempt(
        deps,
        row.id,
        attempt,
        `webhook ${endpoint.url}: ${reason}`,
        'WebhookFailed',
      );
    }
    if ('refused' in answer) {
      throw await failedAttempt(
        deps,
        row.id,
        attempt,
        `webhook ${endpoint.url} refused: ${answer.refused}`,
        'DestinationRefused',
      );
    }
    const answered = answer.status;
    if (answered < 200 || answered >= 300) {
      const retryable = answered >= 500 || answered === 408 || answered === 429;
      const redirect = answered >= 300 && answered < 400 ? ' (redirects are not followed)' : '';
      throw await failedAttempt(
        deps,
        row.id,
        attempt,
        `webhook ${endpoint.url} answered ${answered}${redirect}`,
        retryable ? 'WebhookFailed' : 'WebhookRejected',
      );
    }
    await finish(deps, input, row.id, {
      status: 'delivered',
      action: 'notification.delivered',
      attempts: attempt,
      data: { recipient: row.recipient, url: endpoint.url, status: answered, attempts: attempt },
    });
    return 'delivered';
  };
}

/** A webhook notification whose delivery attempts all failed. */
export interface RecordWebhookFailureInput {
  workItemId: string;
  notificationKey: string;
  error: string;
}

/** Marks the row failed with `notification.failed` and the last error; idempotent. */
export function recordWebhookFailureActivity(deps: Deps) {
  return async function recordWebhookFailure(input: RecordWebhookFailureInput): Promise<void> {
    const row = await deps.prisma.notification.findUniqueOrThrow({
      where: { idempotencyKey: input.notificationKey },
    });
    await finish(deps, input, row.id, {
      status: 'failed',
      action: 'notification.failed',
      lastError: input.error,
      data: { recipient: row.recipient, error: input.error, attempts: row.attempts },
    });
  };
}

interface Ending {
  status: 'delivered' | 'undeliverable' | 'failed';
  action: string;
  attempts?: number;
  lastError?: string;
  data: Record<string, string | number>;
}

async function finish(
  deps: Deps,
  input: { workItemId: string; notificationKey: string },
  notificationId: string,
  ending: Ending,
): Promise<void> {
  const key = `${input.notificationKey}:${ending.status}`;
  await deps.prisma.$transaction(async (tx) => {
    if (await auditedAlready(tx, key)) return;
    const at = deps.clock.now();
    await tx.notification.update({
      where: { id: notificationId },
      data: {
        status: ending.status,
        lastError: ending.lastError ?? null,
        ...(ending.attempts === undefined ? {} : { attempts: ending.attempts }),
        ...(ending.status === 'delivered' ? { sentAt: at } : {}),
      },
    });
    await appendAuditEvent(tx, {
      workItemId: input.workItemId,
      action: ending.action,
      actor: SYSTEM_ACTOR,
      data: { notificationId, ...ending.data },
      idempotencyKey: key,
      at,
    });
  });
}

async function failedAttempt(
  deps: Deps,
  notificationId: string,
  attempt: number,
  message: string,
  type: 'WebhookFailed' | 'WebhookRejected' | 'DestinationRefused',
): Promise<ApplicationFailure> {
  await deps.prisma.notification.update({
    where: { id: notificationId },
    data: { attempts: attempt, lastError: message },
  });
  // A failed exchange may go through next time; a rejection or a refusal would not.
  return type === 'WebhookFailed'
    ? ApplicationFailure.retryable(message, type)
    : ApplicationFailure.nonRetryable(message, type);
}
