import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logger';

/** The folder of SQL migrations in Prisma's layout. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

/** The advisory lock Prisma's schema engine takes while migrating; we take the same one. */
const PRISMA_MIGRATION_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** A problem that stops migration: a changed, failed or unknown migration. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `<dir>/<timestamp>_<name>/migration.sql` in name order, with Prisma's sha256 checksum. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations with the bookkeeping of `prisma migrate deploy` (`_prisma_migrations`),
 * each in its own transaction, under Prisma's advisory lock so concurrent starts apply them once.
 * Returns the names it applied.
 */
export async function applyMigrations(
  databaseUrl: string,
  logger: Logger,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATION_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const applied = new Map<string, AppliedRow>();
    for (const row of rows) {
      if (row.rolled_back_at !== null) continue;
      if (row.finished_at === null) {
        throw new MigrationError(
          `Migration ${row.migration_name} failed earlier and was not resolved; fix the database and mark it rolled back`,
        );
      }
      applied.set(row.migration_name, row);
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...applied.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new MigrationError(
        `The database has migrations this code does not know: ${unknown.join(', ')}`,
      );
    }

    const done: string[] = [];
    for (const migration of migrations) {
      const row = applied.get(migration.name);
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied (checksum differs)`,
          );
        }
        continue;
      }
      await applyOne(client, migration);
      logger.info({ migration: migration.name }, 'applied migration');
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

async function applyOne(client: Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new MigrationError(`Migration ${migration.name} failed: ${(err as Error).message}`);
  }
}

/** The Prisma schema engine, if this machine has one (the Prisma CLI cannot download it offline). */
export function findSchemaEngine(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json'));
  const bundled = ['schema-engine', `schema-engine-${process.platform}`].map((f) =>
    path.join(enginesDir, f),
  );
  return bundled.find((f) => existsSync(f)) ?? null;
}

function prismaMigrateDeploy(databaseUrl: string, engine: string): Promise<void> {
  const prismaCli = require.resolve('prisma/build/index.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: engine },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new MigrationError(`prisma migrate deploy exited ${code}`)),
    );
  });
}

/**
 * Brings the database up to date: `prisma migrate deploy` where the Prisma schema engine exists,
 * otherwise our own applier with the same bookkeeping. `PLAINFLOW_MIGRATOR=builtin|prisma` forces one.
 */
export async function migrateDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  const choice = process.env.PLAINFLOW_MIGRATOR ?? 'auto';
  const engine = choice === 'builtin' ? null : findSchemaEngine();
  if (choice === 'prisma' && !engine) {
    throw new MigrationError('PLAINFLOW_MIGRATOR=prisma but no Prisma schema engine is installed');
  }
  if (engine) {
    logger.info({ engine }, 'migrating with prisma migrate deploy');
    await prismaMigrateDeploy(databaseUrl, engine);
    return;
  }
  await applyMigrations(databaseUrl, logger);
}
