import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../src/free-port';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { processEnv, testTemporalAddress } from './helpers/env';
import { eventually } from './helpers/stack';
import { withKey } from './helpers/identity';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Proc {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function start(script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [tsx, script], {
    cwd: root,
    env: processEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

describe('the worker and the API as separate processes', () => {
  let db: TestDatabase;
  const procs: Proc[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await db?.drop();
  });

  it('each start on their own against DATABASE_URL and TEMPORAL_ADDRESS and stop on SIGTERM', async () => {
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      PLAINFLOW_TASK_QUEUE: `standalone-${randomUUID()}`,
      // An operator-configured admin key, as a deployment sets it.
      PLAINFLOW_ADMIN_KEY: `standalone-admin-${randomUUID()}`,
    };
    const migrate = start('src/db/migrate-cli.ts', env);
    expect(await migrate.exit).toBe(0);

    const port = await freePort();
    const worker = start('src/worker.ts', env);
    const api = start('src/api/server.ts', { ...env, PORT: String(port) });
    procs.push(worker, api);
    const apiUrl = `http://localhost:${port}`;
    await eventually(async () => {
      const res = await fetch(`${apiUrl}/health`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 30_000);

    const posted = await fetch(`${apiUrl}/runs`, {
      method: 'POST',
      headers: withKey(env.PLAINFLOW_ADMIN_KEY),
      body: JSON.stringify({ title: 'From a separate API' }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    await eventually(async () => {
      const res = await fetch(`${apiUrl}/runs/${id}`, {
        headers: withKey(env.PLAINFLOW_ADMIN_KEY),
      });
      const view = (await res.json()) as {
        temporalStatus: string;
      };
      return view.temporalStatus === 'COMPLETED' ? view : undefined;
    }, 30_000);

    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
    expect(await api.exit).toBe(0);
    expect(worker.output()).toContain('worker started');
  });

  it('refuses to start a worker without DATABASE_URL, naming it', async () => {
    const worker = start('src/worker.ts', { TEMPORAL_ADDRESS: testTemporalAddress() });
    procs.push(worker);
    expect(await worker.exit).toBe(1);
    expect(worker.output()).toContain('DATABASE_URL is required for a standalone worker');
  });
});
