import { loadConfig } from '../config';
import { logger } from '../logger';
import { migrateDatabase } from './migrate';

/** `npm run migrate`: brings `DATABASE_URL` up to date, for deployments that run it once. */
async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) throw new Error('DATABASE_URL is required to migrate');
  await migrateDatabase(DATABASE_URL, logger);
  logger.info('database is up to date');
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'migration failed');
  process.exitCode = 1;
});
