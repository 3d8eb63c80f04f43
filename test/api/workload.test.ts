import { randomUUID } from 'node:crypto';
import type { PersonLoad, TeamLoad } from '../../src/api/workload';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;

interface Workload {
  at: string;
  totalPeople: number;
  people: PersonLoad[];
  teams: TeamLoad[];
}

describe('GET /insights/workload', () => {
  const { stack } = useTestStack();
  const now = Date.now();
  /** Open tasks seeded per assignee token, each with its due time (null: none). */
  const seeded = new Map<string, (number | null)[]>();

  const get = async (path: string, key?: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      headers: withKey(key ?? stack().adminKey),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const { prisma } = stack();
    await prisma.directoryGroup.create({
      data: {
        kind: 'team',
        name: 'desk',
        members: { create: ['al', 'bo', 'cy'].map((n) => ({ email: `${n}@desk.example` })) },
      },
    });
    await prisma.directoryPerson.createMany({
      data: [
        { email: 'al@desk.example', capacity: 3 },
        {
          email: 'bo@desk.example',
          capacity: 10,
          awayFrom: new Date(now - HOUR),
          awayUntil: new Date(now + 48 * HOUR),
        },
        { email: 'cy@desk.example' },
        // Not in a team and holding nothing, but with a capacity: listed with no work.
        { email: 'di@solo.example', capacity: 5 },
      ],
    });
    const item = await prisma.workItem.create({
      data: { workflowId: `wl-${randomUUID()}`, flowName: 'wl', title: 'w', requester: 'r@x.io' },
    });
    const due = (hours: number | null) => (hours === null ? null : now + hours * HOUR);
    const plan: [string, (number | null)[]][] = [
      ['person:al@desk.example', [due(-2), due(5), null]],
      ['person:bo@desk.example', [due(30)]],
      ['person:ed@elsewhere.example', [due(-1), due(-3), due(20), null, null]],
      ['team:desk', [due(-5), due(2)]],
    ];
    const tasks = [];
    for (const [assignee, dues] of plan) {
      seeded.set(assignee, dues);
      for (const [i, dueAt] of dues.entries()) {
        tasks.push({
          workItemId: item.id,
          kind: 'task' as const,
          stepPath: 's',
          title: 't',
          assignee,
          idempotencyKey: `wl:${assignee}:${i}`,
          dueAt: dueAt === null ? null : new Date(dueAt),
        });
      }
    }
    // Closed work counts for nobody.
    tasks.push({
      workItemId: item.id,
      kind: 'task' as const,
      stepPath: 's',
      title: 't',
      assignee: 'person:cy@desk.example',
      idempotencyKey: 'wl:done',
      status: 'done',
      dueAt: new Date(now - HOUR),
    });
    await prisma.task.createMany({ data: tasks });
  });

  /** What the seeded tasks hold for `token`, counted at `at`. */
  const expectedLoad = (token: string, at: number) => {
    const dues = seeded.get(token) ?? [];
    return {
      open: dues.length,
      overdue: dues.filter((d) => d !== null && d < at).length,
      dueSoon: dues.filter((d) => d !== null && d >= at && d < at + 24 * HOUR).length,
    };
  };

  it('shows each person’s open, overdue and due-soon work against capacity, most loaded first', async () => {
    const { status, body } = await get('/insights/workload');
    expect(status).toBe(200);
    const answer = body as unknown as Workload;
    const at = Date.parse(answer.at);
    const person = (email: string, capacity: number | null, available: boolean, away = false) => ({
      email,
      ...expectedLoad(`person:${email}`, at),
      capacity,
      away: away
        ? {
            from: new Date(now - HOUR).toISOString(),
            until: new Date(now + 48 * HOUR).toISOString(),
          }
        : null,
      available,
    });
    // al holds 3 of 3 (unavailable), bo is away, ed has no directory entry.
    expect(answer.people).toEqual([
      person('ed@elsewhere.example', null, true),
      person('al@desk.example', 3, false),
      person('bo@desk.example', 10, false, true),
      person('cy@desk.example', null, true),
      person('di@solo.example', 5, true),
    ]);
    expect(answer.totalPeople).toBe(5);
    expect(answer.teams).toEqual([
      {
        team: 'team:desk',
        members: 3,
        available: 1,
        queue: expectedLoad('team:desk', at),
        membersOpen: 4,
        capacity: null,
      },
    ]);
  });

  it('narrows to one team, limits the people shown, and refuses what it cannot answer', async () => {
    const team = await get('/insights/workload?team=desk&limit=2');
    expect(team.status).toBe(200);
    const answer = team.body as unknown as Workload;
    expect(answer.people.map((p) => p.email)).toEqual(['al@desk.example', 'bo@desk.example']);
    expect(answer.totalPeople).toBe(3);
    expect(answer.teams.map((t) => t.team)).toEqual(['team:desk']);
    const unknown = await get('/insights/workload?team=nobody');
    expect([unknown.status, unknown.body.error]).toEqual([
      404,
      expect.objectContaining({ code: 'group_not_found' }),
    ]);
    const tooMany = await get('/insights/workload?limit=5000');
    expect([tooMany.status, tooMany.body.error]).toEqual([
      400,
      expect.objectContaining({ code: 'invalid_query' }),
    ]);
    const member = await get('/insights/workload', await stack().keyFor('mo@example.com'));
    expect(member.status).toBe(403);
  });
});
