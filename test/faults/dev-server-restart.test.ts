import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { freePort } from '../../src/free-port';
import { logger } from '../../src/logger';
import { connectClient } from '../../src/temporal/connection';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { testTemporalCli } from '../helpers/env';
import {
  expectEachWrittenOnce,
  kill,
  sleep,
  startFaultRuns,
  startWorker,
  type Proc,
} from '../helpers/faults';

// The Temporal dev server stops mid-way (while tasks are completed, approvals decided and timers
// run) and starts again on the same database file and port. The worker and the client find it
// again by themselves; every run completes, writing everything exactly once.

const RUNS = 50;

describe('a Temporal dev server restart', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let dir: string;
  let server: DevServer | undefined;
  let client: Client | undefined;
  let worker: Proc | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainflow-fault-temporal-'));
  });

  afterAll(async () => {
    if (worker) await kill(worker);
    await client?.connection.close();
    await server?.stop();
    await prisma?.$disconnect();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('completes 50 runs through a stop and start of the server, writing everything once', async () => {
    const options = {
      cliPath: testTemporalCli(),
      logger,
      port: await freePort(),
      uiPort: null,
      dbFile: path.join(dir, 'temporal.db'),
    };
    server = await startDevServer(options);
    client = await connectClient(server.address);
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: server.address,
      PLAINFLOW_TASK_QUEUE: `fault-temporal-${randomUUID()}`,
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
    const openAtStop = await prisma.workItem.count({ where: { status: 'open' } });
    await server.stop();
    await sleep(2_000);
    server = await startDevServer(options);

    await driving;
    expect(openAtStop).toBeGreaterThan(0);
    // The worker lived through it: it was never restarted.
    expect(worker.child.exitCode).toBeNull();
    await expectEachWrittenOnce(prisma, handles);
  }, 300_000);
});
