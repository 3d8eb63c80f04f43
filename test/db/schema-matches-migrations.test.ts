import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { applyMigrations } from '../../src/db/migrate';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { actualSchema } from '../helpers/database-catalog';
import { expectedSchema, SCHEMA_PATH } from '../helpers/prisma-expected-schema';
import type { SchemaShape } from '../helpers/schema-shape';

describe('the migrated database', () => {
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const expected = expectedSchema(schemaText);
  let db: TestDatabase;
  let onPostgres: SchemaShape;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations(db.url, logger);
    onPostgres = await actualSchema(db.url);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('has every model of schema.prisma as a table, with its keys and relations', () => {
    expect(Object.keys(expected.tables).sort()).toEqual([
      'api_keys',
      'audit_events',
      'directory_changes',
      'directory_groups',
      'directory_members',
      'directory_people',
      'flow_definitions',
      'flow_versions',
      'idempotency_records',
      'notifications',
      'sessions',
      'tasks',
      'team_assignments',
      'users',
      'webhook_endpoints',
      'work_items',
    ]);
    expect(expected.indexes).toContain(
      'audit_events unique (work_item_id, seq) audit_events_work_item_id_seq_key',
    );
    expect(expected.foreignKeys).toContain(
      'tasks (work_item_id) -> work_items (id) on delete Cascade on update Cascade tasks_work_item_id_fkey',
    );
  });

  it('matches schema.prisma on real PostgreSQL: tables, columns, types, nullability, indexes', () => {
    expect(onPostgres).toEqual(expected);
  });

  it('matches schema.prisma on embedded PGlite', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-pglite-'));
    const pg = await startEmbeddedPostgres(dir);
    try {
      await applyMigrations(pg.url, logger);
      expect(await actualSchema(pg.url)).toEqual(expected);
    } finally {
      await pg.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a column',
      '  holder        String?',
      '  holder        String?\n  archived      Boolean @default(false)',
    ],
    ['a nullability', '  title         String\n', '  title         String?\n'],
    ['an index', '  @@index([requester])', '  @@index([requester, status])'],
    ['a type', '  seq            Int', '  seq            BigInt'],
  ])('notices when schema.prisma changes %s the migrations lack', (_what, from, to) => {
    expect(schemaText).toContain(from);
    expect(onPostgres).not.toEqual(expectedSchema(schemaText.replace(from, to)));
  });
});
