import pino from 'pino';

/** The process-wide structured logger; `LOG_LEVEL` sets its level. */
export const logger = pino({
  name: 'plainflow',
  level: process.env.LOG_LEVEL ?? 'info',
});
export type Logger = pino.Logger;
