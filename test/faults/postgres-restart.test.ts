import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { connectClient } from '../../src/temporal/connection';
import { testTemporalAddress } from '../helpers/env';
import {
  expectEachWrittenOnce,
  kill,
  startFaultRuns,
  startWorker,
  type Proc,
} from '../helpers/faults';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster';

// PostgreSQL goes down at once (an immediate stop: no clean shutdown, crash recovery on start)
// while activities write, and comes back three seconds later. Writes that failed are retried;
// transactions cut short leave nothing; every run completes, writing everything exactly once.

const RUNS = 50;

describe('a PostgreSQL restart', () => {
  let cluster: PgCluster;
  let prisma: PrismaClient;
  let client: Client;
  let worker: Proc | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    await migrateDatabase(cluster.url, logger);
    prisma = createPrisma(cluster.url, 2);
    client = await connectClient(testTemporalAddress());
  });

  afterAll(async () => {
    if (worker) await kill(worker);
    await client?.connection.close();
    await prisma?.$disconnect();
    await cluster?.destroy();
  });

  it('completes 50 runs through a restart of the database server, writing everything once', async () => {
    const env = {
      DATABASE_URL: cluster.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      PLAINFLOW_TASK_QUEUE: `fault-postgres-${randomUUID()}`,
      PLAINFLOW_DB_POOL_SIZE: '4',
    };
    worker = startWorker(env);
    await worker.started;
    const { handles, progress, driving, until } = await startFaultRuns(
      client,
      env.PLAINFLOW_TASK_QUEUE,
      RUNS,
      Date.now() + 240_000,
    );

    await until(() => progress.prepared >= RUNS / 3);
    const openAtRestart = await prisma.workItem.count({ where: { status: 'open' } });
    await cluster.restart(3_000);

    await driving;
    expect(openAtRestart).toBeGreaterThan(0);
    expect(worker.child.exitCode).toBeNull();
    // Activities did meet the outage, and were retried.
    expect(worker.output()).toMatch(/Activity failed/);
    await expectEachWrittenOnce(prisma, handles);
  }, 300_000);
});
