import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
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

  it('builds with go install into the cache, saying it is still working while the build runs', async () => {
    // A stand-in `go` that takes a while, then installs an executable where GOBIN says.
    const goBin = path.join(root, 'go-bin');
    await fs.mkdir(goBin, { recursive: true });
    await fs.writeFile(
      path.join(goBin, 'go'),
      '#!/bin/sh\nsleep 1\nprintf "#!/bin/sh\\n" > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"\n',
      { mode: 0o755 },
    );
    const lines: string[] = [];
    const captured = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const built = await ensureTemporalCli({
      logger: captured,
      env: { PATH: `${goBin}:/usr/bin:/bin` },
      cacheDir: path.join(root, 'cache'),
      download: false,
      progressEveryMs: 200,
    });
    expect(built).toBe(path.join(root, 'cache', 'bin', 'temporal'));
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages[0]).toMatch(/^building the Temporal CLI with go install/);
    expect(
      messages.filter((m) => /^still building the Temporal CLI \(\d+ s so far\)$/.test(m)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(messages.at(-1)).toBe('built the Temporal CLI');
  });

  it('keeps its cache outside the repository, under ~/.cache/plainflow by default', () => {
    expect(defaultCacheDir({ HOME: '/home/ann' })).toBe(
      path.join(os.homedir(), '.cache', 'plainflow'),
    );
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache' })).toBe('/var/cache/plainflow');
    expect(defaultCacheDir({ PLAINFLOW_CACHE_DIR: '/opt/pf' })).toBe('/opt/pf');
  });
});
