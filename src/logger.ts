import pino from 'pino';
import pretty from 'pino-pretty';

/** `PLAINFLOW_LOG_FORMAT`: `json` always, `pretty` always, or (unset) pretty only on a terminal. */
function prettyWanted(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  const format = env.PLAINFLOW_LOG_FORMAT;
  if (format === 'json' || format === 'pretty') return format === 'pretty';
  return isTty;
}

/** A logger writing JSON lines, or human-readable lines for a person at a terminal. */
export function createLogger(env: NodeJS.ProcessEnv = process.env, isTty = !!process.stdout.isTTY) {
  const options = { name: 'plainflow', level: env.LOG_LEVEL ?? 'info' };
  if (!prettyWanted(env, isTty)) return pino(options);
  // A stream in this thread rather than a transport worker, so short-lived commands flush and exit.
  return pino(options, pretty({ colorize: isTty, translateTime: 'SYS:HH:MM:ss', sync: true }));
}

/** The process-wide structured logger; `LOG_LEVEL` sets its level. */
export const logger = createLogger();
export type Logger = pino.Logger;
