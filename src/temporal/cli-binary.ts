import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger';

/** The CLI release that `go install` accepts (newest tag without a `replace` directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const DOWNLOAD_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 30 * 60_000;
const BUILD_PROGRESS_MS = 15_000;

export interface TemporalCliOptions {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Where a downloaded or built CLI is kept, outside the repository. */
  cacheDir?: string;
  /** Skip the official download (for machines known to have no internet). */
  download?: boolean;
  /** How often a build in progress says it is still working; default 15 s. */
  progressEveryMs?: number;
}

/** The cache shared by every clone on this machine: `$PLAINFLOW_CACHE_DIR` or `~/.cache/plainflow`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLAINFLOW_CACHE_DIR) return path.resolve(env.PLAINFLOW_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'plainflow');
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const exeName = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/** The first executable `name` on `PATH`, if any. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, exeName(name));
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}): ${stderr}`));
    });
  });
}

function downloadUrl(): string | null {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[
    process.platform as string
  ];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  if (!platform || !arch) return null;
  return `https://temporal.download/cli/archive/latest?platform=${platform}&arch=${arch}`;
}

async function downloadCli(binDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const url = downloadUrl();
  if (!url || process.platform === 'win32') throw new Error('no download for this platform');
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`download answered HTTP ${response.status}`);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-temporal-'));
  try {
    const archive = path.join(tmp, 'temporal.tar.gz');
    await fs.writeFile(archive, Buffer.from(await response.arrayBuffer()));
    await run('tar', ['-xzf', archive, '-C', tmp], env, DOWNLOAD_TIMEOUT_MS);
    const target = path.join(binDir, exeName('temporal'));
    await fs.copyFile(path.join(tmp, exeName('temporal')), `${target}.partial`);
    await fs.chmod(`${target}.partial`, 0o755);
    await fs.rename(`${target}.partial`, target);
    return target;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function buildCli(binDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const goRoot = env.GOROOT ?? '/usr/local/go';
  const go = (await findOnPath('go', env)) ?? path.join(goRoot, 'bin', exeName('go'));
  if (!(await isExecutable(go))) throw new Error(`no Go toolchain (go on PATH or in ${goRoot})`);
  await run(go, ['install', TEMPORAL_CLI_MODULE], { ...env, GOBIN: binDir }, BUILD_TIMEOUT_MS);
  return path.join(binDir, exeName('temporal'));
}

/**
 * Finds a Temporal CLI: `$TEMPORAL_CLI_PATH`, then `temporal` on PATH, then the cache, then the
 * official download, then `go install` into the cache. Returns the executable's path.
 */
export async function ensureTemporalCli(options: TemporalCliOptions): Promise<string> {
  const env = options.env ?? process.env;
  const { logger } = options;
  if (env.TEMPORAL_CLI_PATH) {
    if (await isExecutable(env.TEMPORAL_CLI_PATH)) return env.TEMPORAL_CLI_PATH;
    throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
  }
  const onPath = await findOnPath('temporal', env);
  if (onPath) return onPath;

  const binDir = path.join(options.cacheDir ?? defaultCacheDir(env), 'bin');
  const cached = path.join(binDir, exeName('temporal'));
  if (await isExecutable(cached)) return cached;
  await fs.mkdir(binDir, { recursive: true });

  if (options.download !== false) {
    try {
      logger.info('downloading the Temporal CLI');
      return await downloadCli(binDir, env);
    } catch (err) {
      logger.info({ reason: String(err) }, 'Temporal CLI download not possible; building it');
    }
  }
  logger.info(`building the Temporal CLI with go install ${TEMPORAL_CLI_MODULE} (a few minutes)`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  // The first build is silent for minutes; say it is still working.
  const progress = setInterval(
    () => logger.info(`still building the Temporal CLI (${seconds()} s so far)`),
    options.progressEveryMs ?? BUILD_PROGRESS_MS,
  );
  try {
    const built = await buildCli(binDir, env);
    logger.info({ seconds: seconds(), path: built }, 'built the Temporal CLI');
    return built;
  } finally {
    clearInterval(progress);
  }
}
