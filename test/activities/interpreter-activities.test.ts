import { createActivities } from '../../src/activities';
import { verifyAuditChain } from '../../src/db/audit-chain';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

describe('the interpreter activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 8);
    activities = createActivities({ prisma, clock: { now: () => new Date() } });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  let counter = 0;
  const newItem = async () => {
    counter += 1;
    return activities.createWorkItem({
      workflowId: `wf-${counter}`,
      flowName: 'test-flow',
      title: 'Item',
      requester: 'ann@example.com',
      priority: 'normal',
      fields: { amount: 1 },
    });
  };
  const trail = async (workItemId: string) => {
    const events = await prisma.auditEvent.findMany({
      where: { workItemId },
      orderBy: { seq: 'asc' },
    });
    expect(verifyAuditChain(events)).toEqual({ ok: true });
    return events.map((e) => e.action);
  };

  it('writes every change and its audit event once, however often it is retried', async () => {
    const { workItemId } = await newItem();
    const twice = async (call: () => Promise<unknown>) => {
      const first = await call();
      expect(await call()).toEqual(first);
    };
    await twice(() =>
      activities.updateWorkItem({
        workItemId,
        idempotencyKey: 'k:set',
        stepPath: 'set_it',
        fields: { vendor: 'Acme' },
        status: 'triage',
      }),
    );
    let taskId = '';
    await twice(async () => {
      ({ taskId } = await activities.openTask({
        workItemId,
        idempotencyKey: 'k:task',
        kind: 'approval',
        stepPath: 'review',
        title: 'Review',
        assignee: 'manager',
      }));
      return taskId;
    });
    await twice(() =>
      activities.reassignTask({
        workItemId,
        taskId,
        idempotencyKey: 'k:esc',
        to: 'role:cfo',
        reason: 'escalate',
      }),
    );
    await twice(() =>
      activities.completeTask({
        workItemId,
        taskId,
        idempotencyKey: 'k:decided',
        actor: 'role:cfo',
        decision: 'approved',
      }),
    );
    await twice(() =>
      activities.queueNotification({
        workItemId,
        idempotencyKey: 'k:notify',
        stepPath: 'tell',
        kind: 'message',
        channel: 'in_app',
        recipients: ['manager', 'role:cfo', 'manager'],
        message: 'hello',
      }),
    );
    await twice(() =>
      activities.closeTasks({
        workItemId,
        taskIds: [taskId],
        idempotencyKey: 'k:close',
        status: 'skipped',
        action: 'approval.completed',
      }),
    );
    await twice(() =>
      activities.closeWorkItem({ workItemId, idempotencyKey: 'k:closed', status: 'completed' }),
    );

    expect(await trail(workItemId)).toEqual([
      'work_item.created',
      'work_item.updated',
      'approval.requested',
      'task.escalated',
      'approval.decided',
      'notification.queued',
      'approval.completed',
      'work_item.closed',
    ]);
    const item = await prisma.workItem.findUniqueOrThrow({
      where: { id: workItemId },
      include: { tasks: true, notifications: true },
    });
    expect(item).toMatchObject({ status: 'completed', fields: { amount: 1, vendor: 'Acme' } });
    expect(item.tasks.map((t) => [t.assignee, t.status, t.decision, t.decidedBy])).toEqual([
      ['role:cfo', 'done', 'approved', 'role:cfo'],
    ]);
    expect(item.notifications.map((n) => n.recipient).sort()).toEqual(['manager', 'role:cfo']);
  });

  it('keeps one unbroken chain when changes to one item run at the same time', async () => {
    const { workItemId } = await newItem();
    // Regression: row locks that deadlocked made PostgreSQL abort one of these (40P01), which
    // rejects here; a wall-clock bound would add nothing but flakiness on a busy machine.
    await Promise.all(
      Array.from({ length: 6 }, (_unused, i) =>
        activities.openTask({
          workItemId,
          idempotencyKey: `par:${i}`,
          kind: 'approval',
          stepPath: 'review',
          title: 'Review',
          assignee: `person:p${i}@example.com`,
        }),
      ),
    );
    const actions = await trail(workItemId);
    expect(actions).toHaveLength(7);
  });
});
