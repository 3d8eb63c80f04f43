import type { Logger } from './logger';

const FORCE_EXIT_MS = 30_000;

/**
 * Runs `stop` once on the first SIGINT or SIGTERM. Ctrl-C may arrive twice (from the terminal
 * and relayed by tsx), so later signals are ignored; a stop that hangs is cut off after 30s.
 */
export function onShutdownSignal(logger: Logger, stop: () => unknown): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error(`still stopping after ${FORCE_EXIT_MS / 1000}s: exiting`);
      process.exit(1);
    }, FORCE_EXIT_MS).unref();
    Promise.resolve()
      .then(stop)
      .then(
        () => logger.info('stopped'),
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exitCode = 1;
        },
      );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
