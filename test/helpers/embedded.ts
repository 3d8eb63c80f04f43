import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UserRole } from '../../src/auth/roles';
import { loadConfig, type Config } from '../../src/config';
import { freePort } from '../../src/free-port';
import { logger } from '../../src/logger';
import { startPlainflow, type Plainflow } from '../../src/plainflow';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { testTemporalCli, testWorkflowBundle } from './env';
import { withKey } from './identity';

/** Plainflow as `npm start` runs it, and keys made through its API as an admin would. */
export interface EmbeddedPlainflow {
  apiUrl: string;
  /** The Temporal Web UI the dev server serves. */
  temporalUiUrl: string | null;
  /** The key of the admin made at the first start. */
  adminKey: string;
  /** A key for `email`, made a user with `role` (default member) if new: `POST /users`, `/keys`. */
  keyFor(email: string, role?: UserRole): Promise<string>;
}

/** The configuration `npm start` has with no environment, on these ports and this data dir. */
export function embeddedConfig(dataDir: string, ports: { temporal: number; ui: number }): Config {
  return loadConfig({
    PLAINFLOW_DATA_DIR: dataDir,
    PORT: '0',
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    TEMPORAL_CLI_PATH: testTemporalCli(),
    PLAINFLOW_WORKFLOW_BUNDLE: testWorkflowBundle(),
  });
}

/**
 * Plainflow on its embedded defaults, for the file's tests: PGlite under a fresh data dir, its
 * own Temporal dev server with the Web UI, a worker and the API, as `npm start` starts them.
 */
export function useEmbeddedPlainflow(): () => EmbeddedPlainflow {
  let dataDir: string | undefined;
  let running: Plainflow | undefined;
  let embedded: EmbeddedPlainflow | undefined;

  beforeAll(async () => {
    installTemporalRuntime(logger);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-app-'));
    const ports = { temporal: await freePort(), ui: await freePort() };
    running = await startPlainflow(embeddedConfig(dataDir, ports), logger);
    const { apiUrl, createdAdminKey, temporalUiUrl } = running;
    if (!createdAdminKey) throw new Error('the first start made no admin key');
    const call = async (pathname: string, body: unknown) => {
      const res = await fetch(`${apiUrl}${pathname}`, {
        method: 'POST',
        headers: withKey(createdAdminKey),
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { key?: string } };
    };
    embedded = {
      apiUrl,
      temporalUiUrl,
      adminKey: createdAdminKey,
      async keyFor(email, role = 'member') {
        const user = await call('/users', { email, role });
        if (user.status !== 201 && user.status !== 409) {
          throw new Error(`POST /users answered ${user.status}`);
        }
        const made = await call('/keys', { name: 'browser test', email });
        if (made.status !== 201 || !made.body.key)
          throw new Error(`POST /keys answered ${made.status}`);
        return made.body.key;
      },
    };
  });

  afterAll(async () => {
    await running?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  return () => {
    if (!embedded) throw new Error('Plainflow is not started');
    return embedded;
  };
}
