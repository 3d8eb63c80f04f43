import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from './activities';
import { systemClock, type Clock } from './activities/clock';
import { parseAllowList } from './activities/destinations';
import { loadConfig } from './config';
import { createPrisma, type PrismaClient } from './db/prisma';
import { logger } from './logger';
import { onShutdownSignal } from './shutdown';
import { connectWorker } from './temporal/connection';
import { installTemporalRuntime } from './temporal/runtime';
import { workflowCode } from './temporal/workflow-bundle';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  clock?: Clock;
  /**
   * URL prefixes `call` steps and webhooks may reach, non-public addresses included (the rest
   * reach public ones only); default: `PLAINFLOW_CALL_ALLOWLIST`.
   */
  callAllowList?: readonly string[];
  /** A prebuilt workflow bundle (`npm run build:workflows`); default: bundle the sources now. */
  workflowBundlePath?: string;
  /** How many runs the worker keeps in memory between their tasks (`maxCachedWorkflows`). */
  cachedRuns?: number;
}

/** A worker that runs Plainflow's workflows and activities on one task queue. */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...workflowCode(deps.workflowBundlePath),
    ...(deps.cachedRuns === undefined ? {} : { maxCachedWorkflows: deps.cachedRuns }),
    activities: createActivities({
      prisma: deps.prisma,
      clock: deps.clock ?? systemClock,
      callAllowList: deps.callAllowList ?? parseAllowList(process.env.PLAINFLOW_CALL_ALLOWLIST),
    }),
  });
}

/** Runs a standalone worker against `DATABASE_URL` and the configured Temporal cluster. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new Error('DATABASE_URL is required for a standalone worker (npm start embeds one)');
  }
  installTemporalRuntime(logger);
  const prisma = createPrisma(config.DATABASE_URL, config.PLAINFLOW_DB_POOL_SIZE);
  const { connection, namespace } = await connectWorker(config.TEMPORAL_ADDRESS);
  const worker = await createWorker({
    connection,
    namespace,
    taskQueue: config.PLAINFLOW_TASK_QUEUE,
    prisma,
    workflowBundlePath: config.PLAINFLOW_WORKFLOW_BUNDLE,
    cachedRuns: config.PLAINFLOW_WORKER_CACHED_RUNS,
  });
  logger.info({ taskQueue: config.PLAINFLOW_TASK_QUEUE, namespace }, 'worker started');
  onShutdownSignal(logger, () => worker.shutdown());
  try {
    await worker.run();
  } finally {
    await connection.close();
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, 'worker failed');
    process.exitCode = 1;
  });
}
