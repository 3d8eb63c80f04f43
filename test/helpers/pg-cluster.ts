import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/free-port';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own, which it may stop and start while work goes on. */
export interface PgCluster {
  url: string;
  /** Stops the server at once (`-m immediate`: no clean shutdown, recovery on start) and starts it. */
  restart(downMs: number): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Creates and starts a cluster in a temporary directory with the installed server's `initdb`
 * and `pg_ctl` (from `pg_config --bindir`). PostgreSQL refuses to run as root, so as root the
 * cluster belongs to, and runs as, the `postgres` user.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bindir = (await run('pg_config', ['--bindir'])).stdout.trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainflow-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bindir, tool), ...args])
      : run(path.join(bindir, tool), args);
  const data = path.join(dir, 'data');
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    pg('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = () => pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async destroy() {
      await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
