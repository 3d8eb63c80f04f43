import fs from 'node:fs/promises';
import path from 'node:path';
import { bootstrapAdmin } from './auth/bootstrap';
import {
  bootstrapSettingsOf,
  rateLimitOf,
  scheduleSettingsOf,
  watcherSettingsOf,
  type Config,
} from './config';
import { createApp } from './api/app';
import { listen } from './api/server';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { migrateDatabase } from './db/migrate';
import { reconcileAtStart } from './schedules/reconcile';
import { watcherAtStart } from './schedules/watcher';
import { createPrisma } from './db/prisma';
import type { Logger } from './logger';
import { ensureTemporalCli } from './temporal/cli-binary';
import { connectClient, connectWorker } from './temporal/connection';
import { startDevServer } from './temporal/dev-server';
import { createWorker } from './worker';

/** A running Plainflow: where to reach it, and how to stop it. */
export interface Plainflow {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  embeddedDatabase: boolean;
  /** An admin key made at this start because none existed: to be shown once. */
  createdAdminKey: string | null;
  stop(): Promise<void>;
}

/**
 * Starts the work store (PGlite under the data dir unless DATABASE_URL is set), migrates it,
 * starts a Temporal dev server (unless TEMPORAL_ADDRESS is set), a worker and the API.
 * Whatever started is stopped again, in reverse order, if a later part fails.
 */
export async function startPlainflow(config: Config, logger: Logger): Promise<Plainflow> {
  const stops: (() => Promise<unknown>)[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.reverse()) {
        await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
      }
    })();
    return stopping;
  };
  try {
    await fs.mkdir(config.PLAINFLOW_DATA_DIR, { recursive: true });

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(
        path.join(config.PLAINFLOW_DATA_DIR, 'pglite'),
        config.PLAINFLOW_PGLITE_PORT,
      );
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    await migrateDatabase(databaseUrl, logger);
    // PGlite serves one session at a time, so the embedded store gets a pool of one.
    const prisma = createPrisma(
      databaseUrl,
      config.DATABASE_URL ? config.PLAINFLOW_DB_POOL_SIZE : 1,
    );
    stops.push(() => prisma.$disconnect());
    const { createdKey } = await bootstrapAdmin(prisma, bootstrapSettingsOf(config));

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const cliPath = await ensureTemporalCli({ logger });
      const devServer = await startDevServer({
        cliPath,
        logger,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        dbFile: path.join(config.PLAINFLOW_DATA_DIR, 'temporal', 'temporal.db'),
      });
      stops.push(() => devServer.stop());
      temporalAddress = devServer.address;
      temporalUiUrl = devServer.uiUrl;
    }

    const { connection, namespace } = await connectWorker(temporalAddress);
    stops.push(() => connection.close());
    const worker = await createWorker({
      connection,
      namespace,
      taskQueue: config.PLAINFLOW_TASK_QUEUE,
      prisma,
      workflowBundlePath: config.PLAINFLOW_WORKFLOW_BUNDLE,
      cachedRuns: config.PLAINFLOW_WORKER_CACHED_RUNS,
    });
    const workerRun = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await workerRun;
    });

    const temporal = await connectClient(temporalAddress);
    stops.push(() => temporal.connection.close());
    const app = createApp({
      temporal,
      prisma,
      taskQueue: config.PLAINFLOW_TASK_QUEUE,
      temporalUiUrl,
      watchIdleHours: config.PLAINFLOW_WATCH_IDLE_HOURS,
      scheduleRequester: config.PLAINFLOW_SCHEDULE_REQUESTER,
      temporalCallTimeoutMs: config.PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS,
      rateLimit: rateLimitOf(config),
      logger,
    });
    const api = await listen(app, config.PORT, config.PLAINFLOW_HOST);
    stops.push(() => api.close());
    void reconcileAtStart(temporal, prisma, scheduleSettingsOf(config), logger);
    void watcherAtStart(temporal, config.PLAINFLOW_TASK_QUEUE, watcherSettingsOf(config), logger);

    return {
      apiUrl: api.url,
      temporalAddress,
      temporalUiUrl,
      databaseUrl,
      embeddedDatabase: !config.DATABASE_URL,
      createdAdminKey: createdKey,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
