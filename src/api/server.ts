import type { Server } from 'node:http';
import type { Express } from 'express';
import { adminKeyNotice, bootstrapAdmin } from '../auth/bootstrap';
import {
  bootstrapSettingsOf,
  loadConfig,
  rateLimitOf,
  scheduleSettingsOf,
  watcherSettingsOf,
} from '../config';
import { createPrisma } from '../db/prisma';
import { logger } from '../logger';
import { reconcileAtStart } from '../schedules/reconcile';
import { watcherAtStart } from '../schedules/watcher';
import { onShutdownSignal } from '../shutdown';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on `port` (a free one when 0) of `host` (by default this machine only). */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<ApiServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host, (err?: Error) => {
      if (err) {
        reject(err);
        return;
      }
      const address = server.address();
      const actual = address && typeof address === 'object' ? address.port : port;
      resolve({
        url: `http://localhost:${actual}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeErr) => (closeErr ? fail(closeErr) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Runs a standalone API server against `DATABASE_URL` and the configured Temporal cluster. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new Error('DATABASE_URL is required for a standalone API server (npm start embeds one)');
  }
  const prisma = createPrisma(config.DATABASE_URL, config.PLAINFLOW_DB_POOL_SIZE);
  const temporal = await connectClient(config.TEMPORAL_ADDRESS);
  const app = createApp({
    temporal,
    prisma,
    taskQueue: config.PLAINFLOW_TASK_QUEUE,
    watchIdleHours: config.PLAINFLOW_WATCH_IDLE_HOURS,
    scheduleRequester: config.PLAINFLOW_SCHEDULE_REQUESTER,
    temporalCallTimeoutMs: config.PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS,
    rateLimit: rateLimitOf(config),
    logger,
  });
  const { createdKey } = await bootstrapAdmin(prisma, bootstrapSettingsOf(config));
  const server = await listen(app, config.PORT, config.PLAINFLOW_HOST);
  logger.info({ url: server.url }, 'API listening');
  if (createdKey) process.stdout.write(adminKeyNotice(config.PLAINFLOW_ADMIN_EMAIL, createdKey));
  void reconcileAtStart(temporal, prisma, scheduleSettingsOf(config), logger);
  void watcherAtStart(temporal, config.PLAINFLOW_TASK_QUEUE, watcherSettingsOf(config), logger);
  onShutdownSignal(logger, async () => {
    await server.close();
    await temporal.connection.close();
    await prisma.$disconnect();
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, 'API server failed');
    process.exitCode = 1;
  });
}
