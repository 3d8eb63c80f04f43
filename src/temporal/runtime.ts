import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

const pinoLevel = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<LogLevel, string>;

/**
 * Routes the Temporal SDK's worker and activity logs into our logger, from WARN up unless
 * `TEMPORAL_LOG_LEVEL` says otherwise. Call once, before the first worker or connection.
 */
export function installTemporalRuntime(logger: Logger): void {
  Runtime.install({
    // Plainflow stops its workers itself, in order, on SIGINT/SIGTERM.
    shutdownSignals: [],
    logger: temporalLogger(logger),
  });
}

/** The Temporal SDK's logger interface over ours, from WARN up unless `TEMPORAL_LOG_LEVEL` says otherwise. */
export function temporalLogger(logger: Logger): DefaultLogger {
  const level = (process.env.TEMPORAL_LOG_LEVEL?.toUpperCase() ?? 'WARN') as LogLevel;
  const child = logger.child({ component: 'temporal' });
  return new DefaultLogger(level, (entry) => {
    child[pinoLevel[entry.level]](entry.meta ?? {}, entry.message);
  });
}
