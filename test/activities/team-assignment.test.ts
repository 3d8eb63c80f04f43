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

  let seeded = 0;
  /** `n` tasks on `assignee` in the work store, open unless `status` says otherwise. */
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
  const person = (email: string, data: { capacity?: number; away?: [number, number] }) =>
    prisma.directoryPerson.create({
      data: {
        email,
        capacity: data.capacity ?? null,
        awayFrom: data.away ? new Date(Date.now() + data.away[0]) : null,
        awayUntil: data.away ? new Date(Date.now() + data.away[1]) : null,
      },
    });
  const DAY = 24 * 60 * 60 * 1000;

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

  it('passes by members who are away or at capacity, and says so in team.assigned', async () => {
    await group('team', 'cap', [
      'al@cap.example',
      'bo@cap.example',
      'cy@cap.example',
      'di@cap.example',
    ]);
    await person('al@cap.example', { away: [-DAY, DAY] });
    await person('bo@cap.example', { capacity: 2 });
    await open('person:bo@cap.example', 2);
    // Away last week, back now; at capacity 3 with one open.
    await person('cy@cap.example', { capacity: 3, away: [-7 * DAY, -DAY] });
    await open('person:cy@cap.example', 1);
    await open('person:di@cap.example', 4);
    expect((await resolve('cap#1', 'cap', 'round_robin')).assignee).toBe('cy@cap.example');
    expect((await resolve('cap#2', 'cap', 'round_robin')).assignee).toBe('di@cap.example');
    // Least loaded among those available: cy (1 open) over di (4), never bo (2 of 2) or al.
    expect((await resolve('cap#3', 'cap', 'least_loaded')).assignee).toBe('cy@cap.example');
    const assigned = (await events('team.assigned')).filter(
      (e) => (e.data as { team: string }).team === 'team:cap',
    );
    expect(assigned[0]?.data).toMatchObject({
      passedBy: [
        expect.stringMatching(/^al@cap\.example is away until /),
        'bo@cap.example is at capacity (2 of 2 open)',
      ],
    });
  });

  it('keeps the work a queue, flagged, when every member is away or at capacity; a retry stays queued', async () => {
    await group('team', 'full', ['ed@full.example', 'fa@full.example']);
    await person('ed@full.example', { capacity: 1 });
    await open('person:ed@full.example', 1);
    await person('fa@full.example', { away: [-DAY, 2 * DAY] });
    expect(await resolve('full#1', 'full', 'least_loaded')).toEqual({
      members: ['ed@full.example', 'fa@full.example'],
      assignee: null,
    });
    const queued = (await events('team.queued')).filter(
      (e) => (e.data as { team: string }).team === 'team:full',
    );
    expect(queued).toHaveLength(1);
    const data = queued[0]?.data as Record<string, string>;
    expect(data).toMatchObject({
      step: 'setup',
      team: 'team:full',
      strategy: 'least_loaded',
      flag: 'team.unavailable',
    });
    expect(data.reason).toMatch(
      /^every member of team:full is at capacity or away \(ed@full\.example is at capacity \(1 of 1 open\); fa@full\.example is away until .+\): the work stays a queue for the team$/,
    );
    // Someone is free now, but the step was queued: its retry answers the same.
    await prisma.directoryPerson.update({
      where: { email: 'ed@full.example' },
      data: { capacity: null },
    });
    expect((await resolve('full#1', 'full', 'least_loaded')).assignee).toBeNull();
    expect((await resolve('full#2', 'full', 'least_loaded')).assignee).toBe('ed@full.example');
  });
});
