import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  applyMigrations,
  MIGRATIONS_DIR,
  MigrationError,
  readMigrations,
} from '../../src/db/migrate';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the real migrations plus `extra` ones, in a temporary folder. */
async function migrationsDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-migrations-'));
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await fs.mkdir(path.join(dir, name));
    await fs.writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('the migration applier', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it("applies every migration once and records it in Prisma's _prisma_migrations", async () => {
    const migrations = await readMigrations();
    expect(await applyMigrations(db.url, logger)).toEqual(migrations.map((m) => m.name));

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const first = migrations[0]!;
    const sql = await fs.readFile(path.join(MIGRATIONS_DIR, first.name, 'migration.sql'));
    expect(rows[0]).toMatchObject({
      migration_name: first.name,
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
    });
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    expect(await applyMigrations(db.url, logger)).toEqual([]);
  });

  it('applies each migration once when several processes start together', async () => {
    await Promise.all([1, 2, 3].map(() => applyMigrations(db.url, logger)));
    const rows = await query<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM "_prisma_migrations"',
    );
    expect(Number(rows[0]!.n)).toBe((await readMigrations()).length);
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const dir = await migrationsDir({ '29990101000000_extra': 'CREATE TABLE extra (id int);' });
    await applyMigrations(db.url, logger, dir);
    await fs.appendFile(path.join(dir, '29990101000000_extra', 'migration.sql'), '\n-- edited');
    await expect(applyMigrations(db.url, logger, dir)).rejects.toThrow(
      /29990101000000_extra was changed after it was applied/,
    );
  });

  it('rolls a failing migration back entirely and names it', async () => {
    const dir = await migrationsDir({
      '29990101000000_broken': 'CREATE TABLE half (id int);\nSELECT * FROM no_such_table;',
    });
    const run = applyMigrations(db.url, logger, dir);
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    const half = await query(db.url, "SELECT 1 FROM pg_class WHERE relname = 'half'");
    expect(half).toEqual([]);
    const recorded = await query(
      db.url,
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`,
    );
    expect(recorded).toEqual([]);
  });

  it('refuses a database migrated by newer code', async () => {
    const dir = await migrationsDir({ '29990101000000_newer': 'SELECT 1;' });
    await applyMigrations(db.url, logger, dir);
    await expect(applyMigrations(db.url, logger)).rejects.toThrow(
      /migrations this code does not know: 29990101000000_newer/,
    );
  });

  it('refuses to go on past a migration that failed under prisma migrate deploy', async () => {
    await applyMigrations(db.url, logger);
    await query(
      db.url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', 'z_failed')`,
    );
    await expect(applyMigrations(db.url, logger)).rejects.toThrow(/z_failed failed earlier/);
  });
});
