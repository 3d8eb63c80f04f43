import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { listen } from '../../src/api/server';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { connectClient, connectWorker } from '../../src/temporal/connection';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { createWorker } from '../../src/worker';
import type { UserRole } from '../../src/auth/roles';
import { createTestDatabase, type TestDatabase } from './database';
import { keyFor, TEST_ADMIN } from './identity';
import { testTemporalAddress, testWorkflowBundle } from './env';

/** A worker and an API server on the suite's Temporal server and the given database. */
export interface TestStack {
  apiUrl: string;
  /** A key of the stack's admin, {@link TEST_ADMIN}. */
  adminKey: string;
  /** A key for `email`, made a user with `role` (default member) if new. */
  keyFor(email: string, role?: UserRole): Promise<string>;
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Migrates the database and starts a worker on its own task queue and an API on a free port. */
export async function startTestStack(databaseUrl: string, poolSize: number): Promise<TestStack> {
  if (!runtimeInstalled) {
    installTemporalRuntime(logger);
    runtimeInstalled = true;
  }
  await migrateDatabase(databaseUrl, logger);
  const prisma = createPrisma(databaseUrl, poolSize);
  const adminKey = await keyFor(prisma, TEST_ADMIN, 'admin');
  const address = testTemporalAddress();
  // A task queue per stack, so test files sharing the server never steal each other's tasks.
  const taskQueue = `test-${randomUUID()}`;
  const { connection, namespace } = await connectWorker(address);
  const worker = await createWorker({
    connection,
    namespace,
    taskQueue,
    prisma,
    workflowBundlePath: testWorkflowBundle(),
  });
  const workerRun = worker.run();
  const temporal = await connectClient(address);
  // Tests send many requests with one key: the rate limit has its own test.
  const rateLimit = { perSecond: 10_000, burst: 100_000 };
  const api = await listen(
    createApp({ temporal, prisma, taskQueue, logger, rateLimit }),
    0,
    '127.0.0.1',
  );
  return {
    apiUrl: api.url,
    adminKey,
    keyFor: (email, role) => keyFor(prisma, email, role),
    prisma,
    temporal,
    taskQueue,
    async stop() {
      await api.close();
      worker.shutdown();
      await workerRun;
      await connection.close();
      await temporal.connection.close();
      await prisma.$disconnect();
    },
  };
}

/**
 * A fresh database on the real PostgreSQL and a stack on it for one test file, started in
 * `beforeAll` and stopped in `afterAll`; the accessors throw before the stack is up.
 */
export function useTestStack(poolSize = 2): { stack: () => TestStack; databaseUrl: () => string } {
  let db: TestDatabase | undefined;
  let stack: TestStack | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startTestStack(db.url, poolSize);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });
  const started = () => {
    if (!stack || !db) throw new Error('the stack is not started');
    return { stack, db };
  };
  return { stack: () => started().stack, databaseUrl: () => started().db.url };
}

/** Calls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
