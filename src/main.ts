import { adminKeyNotice } from './auth/bootstrap';
import { loadConfig } from './config';
import { logger } from './logger';
import { startPlainflow } from './plainflow';
import { onShutdownSignal } from './shutdown';
import { installTemporalRuntime } from './temporal/runtime';

/** `npm start`: everything in one process on the embedded defaults; Ctrl-C stops it cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(logger);
  const starting = startPlainflow(config, logger);
  // Registered before start-up finishes, so an early Ctrl-C still stops the dev server.
  onShutdownSignal(logger, async () => (await starting).stop());
  const plainflow = await starting;
  process.stdout.write(
    [
      '',
      'Plainflow is running.',
      `  Web app         ${plainflow.apiUrl}/app/   (sign in with an API key)`,
      `  API             ${plainflow.apiUrl}   (POST /flows, POST /flows/:name/runs, GET /runs/:id)`,
      `  Temporal Web UI ${plainflow.temporalUiUrl ?? '(external cluster: use its own UI)'}`,
      `  Temporal        ${plainflow.temporalAddress}`,
      `  Work store      ${plainflow.embeddedDatabase ? `embedded PGlite in ${config.PLAINFLOW_DATA_DIR}/pglite, served at ` : ''}${plainflow.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  if (plainflow.createdAdminKey) {
    process.stdout.write(adminKeyNotice(config.PLAINFLOW_ADMIN_EMAIL, plainflow.createdAdminKey));
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'Plainflow failed to start');
  process.exitCode = 1;
});
