import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** A Plainflow script running in a process of its own. */
export interface Proc {
  child: ChildProcess;
  /** Settles when the process printed `readyText`; rejects if it exits first. */
  started: Promise<void>;
  exited: Promise<void>;
  /** What it printed on stdout and stderr so far. */
  output(): string;
}

/**
 * Starts `script` (`src/worker.ts`, `src/api/server.ts`) in a process of its own with exactly
 * `env`, with tsx as a loader rather than its CLI: the CLI runs the script in a child, which
 * SIGKILL (and a memory reading of the process) would miss. `nodeOptions` go before the loader
 * (`--max-old-space-size=512`).
 */
export function startScript(
  script: string,
  env: NodeJS.ProcessEnv,
  readyText: string,
  nodeOptions: string[] = [],
): Proc {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes(readyText)) resolve();
    });
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    void exited.then(() => reject(new Error(`${script} exited before starting:\n${output}`)));
  });
  started.catch(() => undefined);
  return { child, started, exited, output: () => output };
}
