import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../src/activities';
import { verifyAuditChain } from '../../src/db/audit-chain';
import { storeFlowVersion } from '../../src/db/flow-versions';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { flowWith } from '../workflows/interpreter-harness';

describe('the activities behind repeats, subflows and the flow deadline', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 4);
    activities = createActivities({ prisma, clock: { now: () => new Date() } });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('records a run event once on the work item’s chain, however often it is retried', async () => {
    const { workItemId } = await activities.createWorkItem({
      workflowId: 'wf-events',
      flowName: 'test-flow',
      title: 'Item',
      requester: 'ann@example.com',
      priority: 'normal',
      fields: {},
    });
    const event = {
      workItemId,
      idempotencyKey: 'wf-events:kid:1:subflow.started',
      action: 'subflow.started',
      data: { step: 'kid', child: 'wf-events:kid:1' },
    };
    await activities.recordRunEvent(event);
    await activities.recordRunEvent(event);
    const events = await prisma.auditEvent.findMany({
      where: { workItemId },
      orderBy: { seq: 'asc' },
    });
    expect(verifyAuditChain(events)).toEqual({ ok: true });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['work_item.created', 'ann@example.com'],
      ['subflow.started', 'plainflow'],
    ]);
    expect(events[1]?.data).toEqual(event.data);
  });

  it('loads the latest deployed version of a flow', async () => {
    await storeFlowVersion(prisma, flowWith([{ type: 'set', id: 'one', fields: { x: 1 } }], 'kid'));
    await storeFlowVersion(prisma, flowWith([{ type: 'set', id: 'two', fields: { x: 2 } }], 'kid'));
    const loaded = await activities.loadFlowVersion({ name: 'kid' });
    expect(loaded).toMatchObject({ version: 2, definition: { name: 'kid', version: 2 } });
    expect(loaded.definition).toMatchObject({ steps: [{ id: 'two' }] });
  });

  it('fails non-retryably with FlowNotFound for a flow never deployed', async () => {
    const failure = await activities.loadFlowVersion({ name: 'nobody' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'FlowNotFound',
      nonRetryable: true,
      message: 'no flow named "nobody" is deployed',
    });
  });
});
