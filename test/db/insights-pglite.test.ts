import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { flowInsights } from '../../src/api/insights';
import { workload } from '../../src/api/workload';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { atRisk, computePaces, flowVersions } from '../../src/insights/at-risk';
import { watchPlan } from '../../src/insights/watch';
import { logger } from '../../src/logger';

const HOUR = 60 * 60 * 1000;

// The insights' SQL (percentile_cont, FILTER, GROUPING SETS, date_trunc) on the embedded store
// `npm start` uses by default, with a small history whose answers are known.
describe('insights on embedded PGlite', () => {
  let dir = '';
  let pg: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  const now = new Date();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-pglite-insights-'));
    pg = await startEmbeddedPostgres(dir);
    await migrateDatabase(pg.url, logger);
    prisma = createPrisma(pg.url, 1);
    const flow = await prisma.flowDefinition.create({ data: { name: 'lite', ownerTeam: 'ops' } });
    const version = await prisma.flowVersion.create({
      data: { flowId: flow.id, version: 1, definition: {} },
    });
    // Five closed reviews that waited 1, 2, 3, 4 and 5 h; one open, due an hour ago.
    for (let i = 1; i <= 6; i += 1) {
      const opened = new Date(now.getTime() - 10 * HOUR);
      const item = await prisma.workItem.create({
        data: {
          workflowId: `lite-${i}`,
          flowName: 'lite',
          flowVersionId: version.id,
          title: `lite ${i}`,
          requester: 'ann@example.com',
          createdAt: opened,
          closedAt: i <= 5 ? new Date(opened.getTime() + i * HOUR) : null,
        },
      });
      await prisma.task.create({
        data: {
          workItemId: item.id,
          kind: 'approval',
          stepPath: 'review',
          title: 'Review',
          assignee: 'person:bo@example.com',
          status: i <= 5 ? 'done' : 'open',
          idempotencyKey: `lite-${i}`,
          createdAt: opened,
          completedAt: i <= 5 ? new Date(opened.getTime() + i * HOUR) : null,
          dueAt: i <= 5 ? null : new Date(now.getTime() - HOUR),
        },
      });
    }
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const store = () => {
    if (!prisma) throw new Error('not started');
    return prisma;
  };

  it('answers flow insights, at-risk work, workload and a watch plan', async () => {
    const insights = await flowInsights(
      store(),
      'lite',
      new Date(now.getTime() - 24 * HOUR),
      new Date(now.getTime() + HOUR),
      now,
    );
    expect(insights.runs).toEqual([{ version: 1, started: 6, finished: 5, open: 1 }]);
    expect(insights.steps).toEqual([
      expect.objectContaining({
        step: 'review',
        finished: 5,
        open: 1,
        overdue: 1,
        waitMs: { p50: 3 * HOUR, p95: Math.round(4.8 * HOUR) },
      }),
    ]);
    const paces = await computePaces(store(), now);
    const risk = await atRisk(store(), now, { limit: 10 }, paces, flowVersions(store()));
    expect(risk.items).toEqual([
      expect.objectContaining({
        runId: 'lite-6',
        reason: 'overdue',
        pace: { ms: 3 * HOUR, basis: 'step', samples: 5 },
      }),
    ]);
    const load = await workload(store(), now, { limit: 10 });
    expect(load.people).toEqual([
      expect.objectContaining({ email: 'bo@example.com', open: 1, overdue: 1 }),
    ]);
    const plan = await watchPlan(store(), now, paces, flowVersions(store()), 8);
    expect(plan.flags.map((f) => [f.runId, f.reason, f.recipients])).toEqual([
      ['lite-6', 'overdue', ['person:bo@example.com', 'team:ops']],
    ]);
    expect(plan.prompts.map((p) => p.runId)).toEqual(['lite-6']);
  });
});
