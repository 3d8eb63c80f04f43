import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../../src/logger';
import { defaultCacheDir, ensureTemporalCli } from '../../src/temporal/cli-binary';

async function fakeExecutable(dir: string, name = 'temporal'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await fs.writeFile(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

describe('finding the Temporal CLI', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-cli-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('prefers a temporal on PATH to the cache', async () => {
    const onPath = await fakeExecutable(path.join(root, 'path-bin'));
    await fakeExecutable(path.join(root, 'cache', 'bin'));
    const env = { PATH: path.join(root, 'path-bin') };
    await expect(
      ensureTemporalCli({ logger, env, cacheDir: path.join(root, 'cache') }),
    ).resolves.toBe(onPath);
  });

  it('uses the cached build when PATH has none', async () => {
    const cached = await fakeExecutable(path.join(root, 'cache', 'bin'));
    const env = { PATH: path.join(root, 'empty') };
    await expect(
      ensureTemporalCli({ logger, env, cacheDir: path.join(root, 'cache') }),
    ).resolves.toBe(cached);
  });

  it('skips a file on PATH that is not executable', async () => {
    await fs.mkdir(path.join(root, 'path-bin'));
    await fs.writeFile(path.join(root, 'path-bin', 'temporal'), 'not a program', { mode: 0o644 });
    const cached = await fakeExecutable(path.join(root, 'cache', 'bin'));
    const env = { PATH: path.join(root, 'path-bin') };
    await expect(
      ensureTemporalCli({ logger, env, cacheDir: path.join(root, 'cache') }),
    ).resolves.toBe(cached);
  });

  it('names a TEMPORAL_CLI_PATH that is not an executable', async () => {
    const env = { TEMPORAL_CLI_PATH: path.join(root, 'missing') };
    await expect(ensureTemporalCli({ logger, env })).rejects.toThrow(
      `TEMPORAL_CLI_PATH=${path.join(root, 'missing')} is not an executable file`,
    );
  });

  it('fails with the reason when it can neither download nor build', async () => {
    const env = { PATH: path.join(root, 'empty'), GOROOT: path.join(root, 'no-go') };
    await expect(
      ensureTemporalCli({ logger, env, cacheDir: path.join(root, 'cache'), download: false }),
    ).rejects.toThrow(`no Go toolchain (go on PATH or in ${path.join(root, 'no-go')})`);
  });

  it('keeps its cache outside the repository, under ~/.cache/plainflow by default', () => {
    expect(defaultCacheDir({ HOME: '/home/ann' })).toBe(
      path.join(os.homedir(), '.cache', 'plainflow'),
    );
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache' })).toBe('/var/cache/plainflow');
    expect(defaultCacheDir({ PLAINFLOW_CACHE_DIR: '/opt/pf' })).toBe('/opt/pf');
  });
});
