import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../src/activities';
import { INVALID_DATA } from '../../src/activities/bad-data';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

describe('activities given a value the database refuses', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
    activities = createActivities({ prisma, clock: { now: () => new Date() } });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const item = (workflowId: string, title: string, fields = {}) => ({
    workflowId,
    flowName: 'test-flow',
    title,
    requester: 'ann@example.com',
    priority: 'normal',
    fields,
  });

  /** The failure `work` ends with, which must be InvalidData and not retried. */
  const refused = async (work: Promise<unknown>) => {
    const failure: unknown = await work.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: INVALID_DATA, nonRetryable: true });
    return failure instanceof Error ? failure.message : '';
  };

  it('fails non-retryably on a NUL in a text column, and writes nothing', async () => {
    const message = await refused(activities.createWorkItem(item('wf-nul', 'Laptop\u0000')));
    expect(message).toMatch(/^createWorkItem: the database refused the input: .*SQLSTATE 22021/);
    expect(await prisma.workItem.count({ where: { workflowId: 'wf-nul' } })).toBe(0);
  });

  it('fails non-retryably on a NUL or a lone surrogate in a JSON column', async () => {
    expect(
      await refused(activities.createWorkItem(item('wf-json', 'Laptop', { note: 'a\u0000b' }))),
    ).toMatch(/SQLSTATE 22P05/);
    expect(
      await refused(activities.createWorkItem(item('wf-pair', 'Laptop', { note: 'a\ud800b' }))),
    ).toMatch(/SQLSTATE 22P02/);
    expect(await prisma.workItem.count()).toBe(0);
  });

  it('fails non-retryably on a NUL in a decision comment, leaving the task open', async () => {
    const { workItemId } = await activities.createWorkItem(item('wf-task', 'Laptop'));
    const { taskId } = await activities.openTask({
      workItemId,
      idempotencyKey: 'wf-task:review',
      kind: 'approval',
      stepPath: 'review',
      title: 'Review',
      assignee: 'role:cfo',
    });
    await refused(
      activities.completeTask({
        workItemId,
        taskId,
        idempotencyKey: 'wf-task:decided',
        actor: 'cfo@example.com',
        decision: 'approved',
        comment: 'fine\u0000',
      }),
    );
    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task.status).toBe('open');
  });

  it('passes other failures (here: no such task) through as they are', async () => {
    const failure: unknown = await activities
      .completeTask({
        workItemId: randomUUID(),
        taskId: randomUUID(),
        idempotencyKey: 'k',
        actor: 'ann@example.com',
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toMatchObject({ type: INVALID_DATA });
  });
});
