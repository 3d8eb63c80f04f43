import { createActivities } from '../../src/activities';
import { verifyAuditChain } from '../../src/db/audit-chain';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

describe('resolving groups and assigning team members', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createActivities>;
  let workItemId = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 8);
    activities = createActivities({ prisma, clock: { now: () => new Date() } });
    ({ workItemId } = await activities.createWorkItem({
      workflowId: 'wf-teams',
      flowName: 'test-flow',
      title: 'Item',
      requester: 'ann@example.com',
      priority: 'normal',
      fields: {},
    }));
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const group = (kind: string, name: string, members: string[]) =>
    prisma.directoryGroup.create({
      data: { kind, name, members: { create: members.map((email) => ({ email })) } },
    });
  const resolve = (
    key: string,
    name: string,
    strategy: 'direct' | 'round_robin' | 'least_loaded',
    kind: 'team' | 'role' = 'team',
  ) =>
    activities.resolveGroup({
      workItemId,
      idempotencyKey: key,
      stepPath: 'setup',
      kind,
      name,
      strategy,
    });
  const events = async (action: string) => {
    const all = await prisma.auditEvent.findMany({
      where: { workItemId },
      orderBy: { seq: 'asc' },
    });
    expect(verifyAuditChain(all)).toEqual({ ok: true });
    return all.filter((e) => e.action === action);
  };

  it('goes round the team in order, and wraps around', async () => {
    await group('team', 'rr', ['cy@example.com', 'al@example.com', 'bo@example.com']);
    const picks = [];
    for (const n of [1, 2, 3, 4])
      picks.push((await resolve(`rr#${n}`, 'rr', 'round_robin')).assignee);
    expect(picks).toEqual(['al@example.com', 'bo@example.com', 'cy@example.com', 'al@example.com']);
    const assigned = await events('team.assigned');
    expect(assigned.map((e) => e.data)).toContainEqual({
      step: 'setup',
      team: 'team:rr',
      strategy: 'round_robin',
      assignee: 'person:bo@example.com',
      members: ['al@example.com', 'bo@example.com', 'cy@example.com'],
    });
  });

  it('returns the same member when an assignment is retried with its key', async () => {
    await group('team', 'retry', ['al@example.com', 'bo@example.com']);
    const first = await resolve('retry#1', 'retry', 'round_robin');
    const again = await resolve('retry#1', 'retry', 'round_robin');
    expect(again).toEqual(first);
    expect(first).toEqual({
      members: ['al@example.com', 'bo@example.com'],
      assignee: 'al@example.com',
    });
    expect(await prisma.teamAssignment.count({ where: { idempotencyKey: 'retry#1' } })).toBe(1);
    expect((await resolve('retry#2', 'retry', 'round_robin')).assignee).toBe('bo@example.com');
  });

  it('picks the member with the fewest open tasks, ties to the first email', async () => {
    await group('team', 'll', ['al@ll.example', 'bo@ll.example', 'cy@ll.example']);
    let seeded = 0;
    const open = (assignee: string, n: number, status = 'open') =>
      Promise.all(
        Array.from({ length: n }, (_x, i) =>
          prisma.task.create({
            data: {
              workItemId,
              kind: 'task',
              stepPath: 'seed',
              title: 'Seed',
              assignee,
              status,
              idempotencyKey: `seed:${(seeded += 1)}:${i}`,
            },
          }),
        ),
      );
    await open('person:al@ll.example', 2);
    await open('person:bo@ll.example', 1);
    await open('person:cy@ll.example', 1);
    await open('person:cy@ll.example', 3, 'done');
    expect((await resolve('ll#1', 'll', 'least_loaded')).assignee).toBe('bo@ll.example');
    await open('person:bo@ll.example', 1);
    expect((await resolve('ll#2', 'll', 'least_loaded')).assignee).toBe('cy@ll.example');
  });

  it('keeps a team without members a queue, and says why in the audit trail', async () => {
    await group('team', 'empty', []);
    expect(await resolve('empty#1', 'empty', 'round_robin')).toEqual({
      members: [],
      assignee: null,
    });
    expect(await resolve('ghost#1', 'ghost', 'least_loaded')).toEqual({
      members: null,
      assignee: null,
    });
    expect(await resolve('ghost#2', 'ghost', 'direct')).toEqual({ members: null, assignee: null });
    const queued = await events('team.queued');
    expect(queued.map((e) => (e.data as { reason: string }).reason)).toEqual([
      'team:empty has no members in the directory: the work stays a queue for the team',
      'team:ghost is not in the directory: the work stays a queue for the team',
    ]);
  });

  it('looks up a role without picking anyone', async () => {
    await group('role', 'cfo', ['fin@example.com', 'ceo@example.com']);
    expect(await resolve('cfo#1', 'cfo', 'direct', 'role')).toEqual({
      members: ['ceo@example.com', 'fin@example.com'],
      assignee: null,
    });
    expect(await resolve('nobody#1', 'nobody', 'direct', 'role')).toEqual({
      members: null,
      assignee: null,
    });
  });
});
