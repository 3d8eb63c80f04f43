import { randomUUID } from 'node:crypto';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { flowVersions } from '../../src/insights/at-risk';
import { rebalancePlan } from '../../src/insights/rebalance';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { flowWith } from '../workflows/interpreter-harness';

const ZOE = 'zoe@example.com';
const YAN = 'yan@example.com';

describe('planning the watcher moves when nobody can take the work', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let versionId = '';
  let n = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 4);
    const flow = await prisma.flowDefinition.create({ data: { name: 'desk', ownerTeam: 'ops' } });
    const definition = {
      ...flowWith(
        [
          {
            type: 'task',
            id: 'answer',
            title: 'Answer',
            assignee: { type: 'team', team: 'desk', assignment: 'least_loaded' },
          },
        ],
        'desk',
      ),
      rebalance: true,
    };
    versionId = (
      await prisma.flowVersion.create({ data: { flowId: flow.id, version: 1, definition } })
    ).id;
    await prisma.directoryGroup.create({
      data: { kind: 'team', name: 'desk', members: { create: [{ email: ZOE }, { email: YAN }] } },
    });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** An open `answer` task on `email`, opened `minutesAgo`. */
  const holding = async (email: string, minutesAgo: number) => {
    n += 1;
    const item = await prisma.workItem.create({
      data: {
        workflowId: `desk-${n}`,
        flowName: 'desk',
        flowVersionId: versionId,
        title: `desk #${n}`,
        requester: 'req@example.com',
      },
    });
    await prisma.task.create({
      data: {
        id: randomUUID(),
        workItemId: item.id,
        kind: 'task',
        stepPath: 'answer',
        title: 'Answer',
        assignee: `person:${email}`,
        idempotencyKey: `desk-${n}`,
        createdAt: new Date(Date.now() - minutesAgo * 60_000),
      },
    });
    return item.workflowId;
  };

  it('lists only the excess of someone over capacity as staying, newest first', async () => {
    // Zoe holds 5 with a capacity of 3; Yan is at his capacity of 1: two of Zoe's must move, and
    // no one can take them.
    const zoe = [];
    for (let i = 0; i < 5; i += 1) zoe.push(await holding(ZOE, 50 - i));
    await holding(YAN, 60);
    await prisma.directoryPerson.create({ data: { email: ZOE, capacity: 3 } });
    await prisma.directoryPerson.create({ data: { email: YAN, capacity: 1 } });
    const plan = await rebalancePlan(prisma, new Date(), flowVersions(prisma));
    expect(plan.moves).toEqual([]);
    expect(plan.stays.map((s) => [s.runId, s.from])).toEqual([
      [zoe[4], `person:${ZOE}`],
      [zoe[3], `person:${ZOE}`],
    ]);
    expect(plan.stays[0]?.because).toBe(
      `${ZOE} holds 5 open tasks, over a capacity of 3; no other member of team:desk is available`,
    );

    // Yan gets room for one: the newest moves to him, the next stays.
    await prisma.directoryPerson.update({ where: { email: YAN }, data: { capacity: 2 } });
    const next = await rebalancePlan(prisma, new Date(), flowVersions(prisma));
    expect(next.moves.map((m) => [m.runId, m.to])).toEqual([[zoe[4], `person:${YAN}`]]);
    expect(next.stays.map((s) => s.runId)).toEqual([zoe[3]]);
  });
});
