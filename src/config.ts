import path from 'node:path';
import { z } from 'zod';
import type { BootstrapSettings } from './auth/bootstrap';
import {
  DEFAULT_SCHEDULE_REQUESTER,
  DEFAULT_TEMPORAL_CALL_MS,
  type ScheduleSettings,
} from './schedules/schedule-options';

/** Requests per API key when nothing is configured: 20 a second on average, bursts of 100. */
export const DEFAULT_RATE_LIMIT = { perSecond: 20, burst: 100 };

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Environment variables Plainflow reads; each is documented in the README. */
export const Config = z.object({
  PORT: port(3000),
  PLAINFLOW_HOST: z.string().min(1).default('127.0.0.1'),
  PLAINFLOW_ADMIN_EMAIL: z.email().default('admin@plainflow.local'),
  PLAINFLOW_ADMIN_KEY: z.string().min(24).max(200).optional(),
  PLAINFLOW_RATE_LIMIT: z.coerce.number().positive().default(DEFAULT_RATE_LIMIT.perSecond),
  PLAINFLOW_RATE_BURST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT.burst),
  DATABASE_URL: z.string().url().optional(),
  PLAINFLOW_DATA_DIR: z.string().min(1).default('.data'),
  PLAINFLOW_TASK_QUEUE: z.string().min(1).default('plainflow'),
  PLAINFLOW_SCHEDULE_REQUESTER: z.email().default(DEFAULT_SCHEDULE_REQUESTER),
  PLAINFLOW_PGLITE_PORT: port(0),
  PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(DEFAULT_TEMPORAL_CALL_MS),
  PLAINFLOW_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PLAINFLOW_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  PLAINFLOW_WORKER_CACHED_RUNS: z.coerce.number().int().min(0).max(100_000).optional(),
  PLAINFLOW_WATCH_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  PLAINFLOW_WATCH_IDLE_HOURS: z.coerce.number().positive().max(8_760).default(24),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
});
export type Config = z.infer<typeof Config>;

/** Parses the environment, naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return { ...parsed.data, PLAINFLOW_DATA_DIR: path.resolve(parsed.data.PLAINFLOW_DATA_DIR) };
}

/** What the schedule code needs of the configuration: task queue, requester, call timeout. */
export function scheduleSettingsOf(config: Config): ScheduleSettings {
  return {
    taskQueue: config.PLAINFLOW_TASK_QUEUE,
    requester: config.PLAINFLOW_SCHEDULE_REQUESTER,
    callTimeoutMs: config.PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS,
  };
}

/** Who the first administrator is, and the key configured for them (see `bootstrapAdmin`). */
export function bootstrapSettingsOf(config: Config): BootstrapSettings {
  return {
    adminEmail: config.PLAINFLOW_ADMIN_EMAIL,
    ...(config.PLAINFLOW_ADMIN_KEY === undefined ? {} : { adminKey: config.PLAINFLOW_ADMIN_KEY }),
  };
}

/** The API's limit per key, from `PLAINFLOW_RATE_LIMIT` and `PLAINFLOW_RATE_BURST`. */
export function rateLimitOf(config: Config): { perSecond: number; burst: number } {
  return { perSecond: config.PLAINFLOW_RATE_LIMIT, burst: config.PLAINFLOW_RATE_BURST };
}

/** The watcher's schedule: minutes between rounds, hours idle before a prompt. */
export function watcherSettingsOf(config: Config): { minutes: number; idleHours: number } {
  return { minutes: config.PLAINFLOW_WATCH_MINUTES, idleHours: config.PLAINFLOW_WATCH_IDLE_HOURS };
}
