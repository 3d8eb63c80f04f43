import fs from 'node:fs/promises';

/** Stops the run's Temporal dev server and removes the bundled workflow code. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.plainflowDevServer?.stop();
  if (globalThis.plainflowTestDir) {
    await fs.rm(globalThis.plainflowTestDir, { recursive: true, force: true });
  }
}
