import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { migrateDatabase } from '../src/db/migrate';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { logger } from '../src/logger';
import { connectClient } from '../src/temporal/connection';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { testTemporalAddress } from './helpers/env';
import {
  expectEachWrittenOnce,
  kill,
  sleep,
  startFaultRuns,
  startWorker,
  type Proc,
} from './helpers/faults';

// Crash safety: 50 runs go through tasks, approvals, timers and notifications while the worker
// process is SIGKILLed twice and restarted. Every run must still complete, and the work store
// must hold each task, decision, notification and audit event exactly once.

const RUNS = 50;

describe('crash safety', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let client: Client;
  let current: Proc | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
    client = await connectClient(testTemporalAddress());
  });

  afterAll(async () => {
    if (current) await kill(current);
    await client?.connection.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('completes 50 runs through two SIGKILLs of the worker, writing everything exactly once', async () => {
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      PLAINFLOW_TASK_QUEUE: `crash-${randomUUID()}`,
      PLAINFLOW_DB_POOL_SIZE: '4',
    };
    current = startWorker(env);
    await current.started;
    const closedRuns = () => prisma.workItem.count({ where: { status: { not: 'open' } } });
    const { handles, progress, driving, until } = await startFaultRuns(
      client,
      env.PLAINFLOW_TASK_QUEUE,
      RUNS,
      Date.now() + 240_000,
    );

    // First crash while tasks are being completed, the second while approvals and timers run.
    await until(() => progress.prepared >= RUNS / 5);
    const atFirstCrash = await closedRuns();
    await kill(current);
    await sleep(1_000);
    current = startWorker(env);
    await current.started;
    await until(() => progress.reviewed >= RUNS / 2);
    const atSecondCrash = await closedRuns();
    await kill(current);
    await sleep(1_000);
    current = startWorker(env);
    await current.started;

    await driving;
    // Both crashes hit while runs were still open.
    expect(atFirstCrash).toBeLessThan(RUNS);
    expect(atSecondCrash).toBeLessThan(RUNS);
    await expectEachWrittenOnce(prisma, handles);
  }, 300_000);
});
