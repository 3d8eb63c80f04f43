// `npm run bench:inbox`: GET /inbox over HTTP on a seeded work store: 100,000 work items, 10,000
// of them open with an open task each (on a person, a role, a team or `manager`), the rest closed
// with their done tasks; 2,000 people in 100 roles and teams, each with a manager. Many viewers
// ask for their inbox in turn; the latency of each answer is measured at the client. The store
// is a new database on the local PostgreSQL server (PLAINFLOW_TEST_ADMIN_DATABASE_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end. Then an admin asks for
// each flow's insights, its at-risk work, all at-risk work and the workload, in turn. Exits 1
// when the inbox's p99 is over 20 ms or an insight's over 50 ms.
import { performance } from 'node:perf_hooks';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import { createApp } from '../src/api/app';
import { listen } from '../src/api/server';
import { newApiKey } from '../src/auth/secrets';
import { migrateDatabase } from '../src/db/migrate';
import { createPrisma } from '../src/db/prisma';
import { parseFlow } from '../src/dsl';
import { logger } from '../src/logger';
import { createTestDatabase } from '../test/helpers/database';

const ITEMS = 100_000;
const OPEN = 10_000;
const PEOPLE = 2_000;
const GROUPS = 50;
const FLOWS = 20;
const VIEWERS = 40;
const REQUESTS = 2_000;
const TARGET_P99_MS = 20;
const INSIGHTS_REQUESTS = 400;
const INSIGHTS_TARGET_P99_MS = 50;

function flowDocument(n: number) {
  const flow = {
    name: `bench-${n}`,
    description: 'a seeded flow',
    version: 1,
    ownerTeam: 'ops',
    trigger: { type: 'request', fields: [] },
    steps: [
      n % 2 === 0
        ? {
            type: 'approval',
            id: 'approve',
            approvers: [{ type: 'role', role: 'r1' }],
            mode: 'any',
            allowDelegation: true,
          }
        : {
            type: 'task',
            id: 'do',
            title: 'Do it',
            assignee: { type: 'team', team: 't1' },
            form: [{ name: 'result', type: 'text' }],
          },
    ],
  };
  const parsed = parseFlow(flow);
  if (!parsed.ok) throw new Error(`seed flow does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.flow;
}

async function seed(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (let n = 0; n < FLOWS; n++) {
      const flow = flowDocument(n);
      await db.query(
        `WITH f AS (INSERT INTO flow_definitions (id, name) VALUES (gen_random_uuid(), $1) RETURNING id)
         INSERT INTO flow_versions (id, flow_id, version, definition) SELECT gen_random_uuid(), f.id, 1, $2 FROM f`,
        [flow.name, JSON.stringify(flow)],
      );
    }
    await db.query(`
      INSERT INTO directory_people (email, manager)
      SELECT 'p' || i || '@bench.local', 'p' || (i / 10) || '@bench.local' FROM generate_series(1, ${PEOPLE}) i;
      INSERT INTO directory_groups (id, kind, name)
      SELECT gen_random_uuid(), k, substr(k, 1, 1) || g FROM generate_series(1, ${GROUPS}) g, unnest(ARRAY['role', 'team']) k;
      INSERT INTO directory_members (group_id, email)
      SELECT g.id, 'p' || (((substr(g.name, 2)::int * 37 + m) % ${PEOPLE}) + 1) || '@bench.local'
      FROM directory_groups g, generate_series(1, 40) m;
      INSERT INTO work_items (id, workflow_id, flow_name, flow_version_id, title, status, requester, created_at, updated_at, closed_at)
      SELECT gen_random_uuid(), 'run-bench-' || i, f.name, v.id, 'Item ' || i,
             CASE WHEN i <= ${OPEN} THEN 'open' ELSE 'completed' END,
             'p' || ((i * 7919) % ${PEOPLE} + 1) || '@bench.local',
             now() - (i || ' minutes')::interval, now(),
             CASE WHEN i <= ${OPEN} THEN NULL ELSE now() END
      FROM generate_series(1, ${ITEMS}) i
      JOIN flow_definitions f ON f.name = 'bench-' || (i % ${FLOWS})
      JOIN flow_versions v ON v.flow_id = f.id;
      INSERT INTO tasks (id, work_item_id, kind, step_path, title, assignee, status, due_at, idempotency_key, created_at, completed_at)
      SELECT gen_random_uuid(), w.id,
             (CASE WHEN f.n % 2 = 0 THEN 'approval' ELSE 'task' END)::task_kind,
             CASE WHEN f.n % 2 = 0 THEN 'approve' ELSE 'do' END,
             'Work on ' || w.title,
             CASE r % 20
               WHEN 0 THEN 'manager'
               WHEN 1 THEN 'role:r' || (r % ${GROUPS} + 1)
               WHEN 2 THEN 'role:r' || (r % ${GROUPS} + 1)
               WHEN 3 THEN 'team:t' || (r % ${GROUPS} + 1)
               WHEN 4 THEN 'team:t' || (r % ${GROUPS} + 1)
               ELSE 'person:p' || (r % ${PEOPLE} + 1) || '@bench.local'
             END,
             CASE WHEN w.closed_at IS NULL THEN 'open' ELSE 'done' END,
             CASE WHEN r % 3 = 0 THEN w.created_at + interval '2 days' END,
             'bench-' || w.id, w.created_at,
             CASE WHEN w.closed_at IS NULL THEN NULL ELSE now() END
      FROM (SELECT w.*, row_number() OVER () * 104729 AS r FROM work_items w) w
      JOIN (SELECT name, substr(name, 7)::int AS n FROM flow_definitions) f ON f.name = w.flow_name;
      ANALYZE;
    `);
  } finally {
    await db.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const url = database.url;
  const prisma = createPrisma(url, 8);
  // The inbox never calls Temporal: a client that would connect on first use, which never comes.
  const temporal = new TemporalClient({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  try {
    await migrateDatabase(url, logger);
    const seeding = performance.now();
    await seed(url);
    const seededMs = performance.now() - seeding;
    const viewers: { email: string; key: string }[] = [];
    for (let v = 1; v <= VIEWERS; v++) {
      const email = `p${v * 7}@bench.local`;
      const secret = newApiKey();
      const user = await prisma.user.create({ data: { email, role: 'member' } });
      await prisma.apiKey.create({
        data: { userId: user.id, name: 'bench', prefix: secret.prefix, hash: secret.hash },
      });
      viewers.push({ email, key: secret.token });
    }
    const app = createApp({
      temporal,
      prisma,
      taskQueue: 'bench',
      logger,
      rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    });
    const server = await listen(app, 0, '127.0.0.1');
    const timed = async (path: string, key: string) => {
      const started = performance.now();
      const res = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return { res, started };
    };
    const ask = async (viewer: { key: string }) => {
      const { res, started } = await timed('/inbox', viewer.key);
      const body = (await res.json()) as { total: number };
      if (res.status !== 200) throw new Error(`inbox answered ${res.status}`);
      return { ms: performance.now() - started, total: body.total };
    };
    for (const viewer of viewers) await ask(viewer);
    const times: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { ms, total } = await ask(viewers[i % viewers.length]!);
      times.push(ms);
      totals.push(total);
    }
    const adminKey = newApiKey();
    const admin = await prisma.user.create({ data: { email: 'admin@bench.local', role: 'admin' } });
    await prisma.apiKey.create({
      data: { userId: admin.id, name: 'bench', prefix: adminKey.prefix, hash: adminKey.hash },
    });
    /** Latencies of `INSIGHTS_REQUESTS` GETs of `pathOf(i)`, after one unmeasured round. */
    const measure = async (pathOf: (i: number) => string) => {
      const measured: number[] = [];
      for (let i = 0; i < FLOWS + INSIGHTS_REQUESTS; i++) {
        const { res, started } = await timed(pathOf(i), adminKey.token);
        await res.json();
        if (res.status !== 200) throw new Error(`${pathOf(i)} answered ${res.status}`);
        if (i >= FLOWS) measured.push(performance.now() - started);
      }
      return measured.sort((a, b) => a - b);
    };
    const figures = (measured: number[]) => ({
      p50: Number(percentile(measured, 50).toFixed(2)),
      p95: Number(percentile(measured, 95).toFixed(2)),
      p99: Number(percentile(measured, 99).toFixed(2)),
    });
    const insights = {
      flow: figures(await measure((i) => `/flows/bench-${i % FLOWS}/insights`)),
      atRiskOfFlow: figures(await measure((i) => `/insights/at-risk?flow=bench-${i % FLOWS}`)),
      atRisk: figures(await measure(() => '/insights/at-risk')),
      workload: figures(await measure(() => '/insights/workload')),
    };
    await server.close();
    times.sort((a, b) => a - b);
    const [items, open] = await Promise.all([
      prisma.workItem.count(),
      prisma.task.count({ where: { status: 'open' } }),
    ]);
    const result = {
      workItems: items,
      openTasks: open,
      tasks: await prisma.task.count(),
      seededSeconds: Number((seededMs / 1000).toFixed(1)),
      viewers: viewers.length,
      requests: REQUESTS,
      waitingPerViewer: { min: Math.min(...totals), max: Math.max(...totals) },
      ms: {
        p50: Number(percentile(times, 50).toFixed(2)),
        p95: Number(percentile(times, 95).toFixed(2)),
        p99: Number(percentile(times, 99).toFixed(2)),
        max: Number(times[times.length - 1]!.toFixed(2)),
      },
      targetP99Ms: TARGET_P99_MS,
      insights: {
        flows: FLOWS,
        itemsPerFlow: ITEMS / FLOWS,
        requests: INSIGHTS_REQUESTS,
        ms: insights,
        targetP99Ms: INSIGHTS_TARGET_P99_MS,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (result.ms.p99 > TARGET_P99_MS) process.exitCode = 1;
    if (Object.values(insights).some((f) => f.p99 > INSIGHTS_TARGET_P99_MS)) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await temporal.connection.close();
    await database.drop();
  }
}

void main();
