import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import type { Logger } from '../logger';
import { customSearchAttributeKeys } from '../workflows/search-attributes';

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

/** The `--search-attribute` type names of the Temporal CLI. */
const cliTypeName: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

export interface DevServerOptions {
  cliPath: string;
  logger: Logger;
  ip?: string;
  port: number;
  /** Web UI port; `null` runs the server headless. */
  uiPort: number | null;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFile?: string;
  namespace?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

/** The `temporal server start-dev` arguments, with Plainflow's search attributes registered. */
export function devServerArgs(options: DevServerOptions): string[] {
  const ip = options.ip ?? '127.0.0.1';
  return [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(options.port),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'error',
    ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...customSearchAttributeKeys.flatMap((key) => [
      '--search-attribute',
      `${key.name}=${cliTypeName[key.type]}`,
    ]),
  ];
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a dev server an earlier, hard-killed Plainflow left running on the same database file
 * (it would hold the port and the file). The pid file says which process that is.
 */
async function stopLeftover(pidFile: string, logger: Logger): Promise<void> {
  const pid = Number(await fs.readFile(pidFile, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('start-dev')) return;
  logger.warn({ leftoverPid: pid }, 'stopping a Temporal dev server left over from an earlier run');
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`temporal exited (${child.signalCode ?? child.exitCode})`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`Temporal dev server at ${address} not ready: ${String(lastError)}`);
}

/** Starts `temporal server start-dev` and resolves once it answers; `stop()` ends it. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { logger } = options;
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const pidFile = options.dbFile ? `${options.dbFile}.pid` : null;
  if (pidFile) {
    await fs.mkdir(path.dirname(pidFile), { recursive: true });
    await stopLeftover(pidFile, logger);
  }

  // Its own process group, so Ctrl-C reaches Plainflow first and the server is stopped last.
  const child = spawn(options.cliPath, devServerArgs(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // The start of the output says why the server failed; the end, where it stopped.
  let head = '';
  let tail = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (head.length < 4000) head += text.slice(0, 4000 - head.length);
    else tail = (tail + text).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  if (pidFile && child.pid) await fs.writeFile(pidFile, String(child.pid));

  const address = `${ip}:${options.port}`;
  try {
    await waitUntilServing(address, namespace, child);
  } catch (err) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw new Error(`${(err as Error).message}\n${head}${tail ? `\n…\n${tail}` : ''}`);
  }
  logger.debug({ address, pid: child.pid }, 'Temporal dev server ready');

  return {
    address,
    uiUrl: options.uiPort === null ? null : `http://${ip}:${options.uiPort}`,
    async stop() {
      process.removeListener('exit', killOnExit);
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      if (pidFile) await fs.rm(pidFile, { force: true });
    },
  };
}
