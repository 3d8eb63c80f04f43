import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The real PostgreSQL tests create their databases in (`PLAINFLOW_TEST_ADMIN_DATABASE_URL`). */
export const ADMIN_DATABASE_URL =
  process.env.PLAINFLOW_TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the real PostgreSQL server, dropped again by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `plainflow_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
