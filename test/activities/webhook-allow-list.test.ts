import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startReceiver, type Receiver } from '../helpers/receiver';

// Webhook endpoints are set over the API, so the operator's allow-list (PLAINFLOW_CALL_ALLOWLIST)
// also bounds where deliveries go: an endpoint outside it is never contacted, and without it no
// endpoint on a non-public address (the receiver listens on loopback) is either.

describe('webhook delivery and the operator allow-list', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let receiver: Receiver;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
    receiver = await startReceiver(() => ({ status: 204 }));
    await prisma.webhookEndpoint.create({
      data: {
        party: 'role:cfo',
        url: `${receiver.url}/hooks/cfo`,
        secret: 'cfo-secret-0123456789',
      },
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** Queues one webhook notification to role:cfo and tries to deliver it under `allowList`. */
  async function deliver(name: string, allowList: string[]) {
    const activities = createActivities({
      prisma,
      clock: { now: () => new Date() },
      callAllowList: allowList,
    });
    const { workItemId } = await activities.createWorkItem({
      workflowId: `wf-${name}`,
      flowName: 'test-flow',
      title: 'Item',
      requester: 'ann@example.com',
      priority: 'normal',
      fields: {},
    });
    await activities.queueNotification({
      workItemId,
      idempotencyKey: `${name}:notify`,
      stepPath: 'tell',
      kind: 'message',
      channel: 'webhook',
      recipients: ['role:cfo'],
      message: 'hello',
    });
    const input = { workItemId, notificationKey: `${name}:notify:role:cfo` };
    const outcome = await new MockActivityEnvironment().run(activities.deliverWebhook, input).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const row = await prisma.notification.findUniqueOrThrow({
      where: { idempotencyKey: input.notificationKey },
    });
    return { outcome, row };
  }

  it('refuses for good an endpoint outside the allow-list, without contacting it', async () => {
    const before = receiver.requests.length;
    const { outcome, row } = await deliver('outside', ['https://hooks.example.com']);
    expect('error' in outcome && outcome.error).toBeInstanceOf(ApplicationFailure);
    expect(outcome).toMatchObject({
      error: { type: 'WebhookRejected', nonRetryable: true },
    });
    expect(row.lastError).toBe(
      `webhook ${receiver.url}/hooks/cfo is not on the operator's allow-list`,
    );
    expect(receiver.requests.length).toBe(before);
  });

  it('refuses for good, without an allow-list, an endpoint on loopback, without contacting it', async () => {
    const before = receiver.requests.length;
    const { outcome, row } = await deliver('default', []);
    expect('error' in outcome && outcome.error).toBeInstanceOf(ApplicationFailure);
    expect(outcome).toMatchObject({
      error: { type: 'DestinationRefused', nonRetryable: true },
    });
    expect(row.lastError).toBe(
      `webhook ${receiver.url}/hooks/cfo refused: 127.0.0.1 is not a public address (loopback); only URLs under PLAINFLOW_CALL_ALLOWLIST may reach it`,
    );
    expect(row.status).toBe('pending');
    expect(receiver.requests.length).toBe(before);
  });

  it('delivers to an endpoint under one of its prefixes', async () => {
    const { outcome, row } = await deliver('inside', [`${receiver.url}/hooks`]);
    expect(outcome).toEqual({ value: 'delivered' });
    expect(row.status).toBe('delivered');
  });
});
