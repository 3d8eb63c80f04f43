import { freePort } from '../src/free-port';
import { logger } from '../src/logger';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer, type DevServer } from '../src/temporal/dev-server';

declare global {
  var plainflowDevServer: DevServer | undefined;
}

/** One headless, in-memory Temporal dev server for the whole suite; test files read its address. */
export default async function globalSetup(): Promise<void> {
  const cliPath = await ensureTemporalCli({ logger });
  const server = await startDevServer({ cliPath, logger, port: await freePort(), uiPort: null });
  globalThis.plainflowDevServer = server;
  process.env.PLAINFLOW_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.PLAINFLOW_TEST_TEMPORAL_CLI = cliPath;
}
