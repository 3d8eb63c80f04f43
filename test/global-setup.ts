import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/free-port';
import { logger } from '../src/logger';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer, type DevServer } from '../src/temporal/dev-server';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle';

declare global {
  var plainflowDevServer: DevServer | undefined;
  var plainflowTestDir: string | undefined;
}

/**
 * One headless, in-memory Temporal dev server for the whole run, and the workflow code bundled
 * once: every worker, replay and spawned process of the run loads that bundle.
 */
export default async function globalSetup(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-test-'));
  globalThis.plainflowTestDir = dir;
  const [cliPath, bundle] = await Promise.all([
    ensureTemporalCli({ logger }),
    writeWorkflowBundle(path.join(dir, 'workflow-bundle.js'), logger),
  ]);
  const server = await startDevServer({ cliPath, logger, port: await freePort(), uiPort: null });
  globalThis.plainflowDevServer = server;
  process.env.PLAINFLOW_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.PLAINFLOW_TEST_TEMPORAL_CLI = cliPath;
  process.env.PLAINFLOW_WORKFLOW_BUNDLE = bundle;
}
