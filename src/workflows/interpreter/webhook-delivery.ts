import { ActivityFailure, isCancellation, patched } from '@temporalio/workflow';
import type { FlowRun } from './flow-run';
import { activities, summarized } from './work-store';

/** Delivery attempts per webhook notification (backoff 1s, 2s, 4s, … up to a minute). */
export const WEBHOOK_ATTEMPTS = 5;

/**
 * Delivers the `webhook` notifications queued under `queueKey`, one per recipient, in parallel.
 * A recipient without an endpoint is marked undeliverable, and one whose attempts all fail is
 * marked failed: both are audited, and the run goes on either way.
 */
export async function deliverWebhooks(
  run: FlowRun,
  queueKey: string,
  recipients: readonly string[],
): Promise<void> {
  // Runs started before webhooks were delivered recorded no delivery activities.
  if (!patched('webhook-delivery')) return;
  await Promise.all(
    [...new Set(recipients)].map(async (recipient) => {
      const notificationKey = `${queueKey}:${recipient}`;
      const input = { workItemId: run.workItemId, notificationKey };
      try {
        await activities.deliverWebhook.executeWithOptions(
          {
            summary: `webhook to ${recipient}`,
            startToCloseTimeout: '30 seconds',
            retry: {
              maximumAttempts: WEBHOOK_ATTEMPTS,
              initialInterval: '1 second',
              backoffCoefficient: 2,
              maximumInterval: '1 minute',
              nonRetryableErrorTypes: ['WebhookRejected', 'NotificationNotFound'],
            },
          },
          [input],
        );
      } catch (error) {
        if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
        await summarized(
          activities.recordWebhookFailure,
          `webhook to ${recipient} failed`,
        )({ ...input, error: error.cause?.message ?? error.message });
      }
    }),
  );
}
