import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from '../free-port';

/** An embedded PostgreSQL (PGlite) served on the wire protocol, so `pg` clients use it unchanged. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) the PGlite database in `dataDir` and serves it on 127.0.0.1:`port`
 * (a free port when 0). PGlite has one session: use a pool of one connection.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  await fs.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir });
  const listenPort = port === 0 ? await freePort() : port;
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: listenPort });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${listenPort}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
