// Installs what a fresh clone lacks before `npm start` / `npm test`: npm packages, the
// generated Prisma client and the built web app; with --browser (`npm test`), Debian's Chromium
// for the browser tests. Node built-ins only, since it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (...parts) => path.join(root, ...parts);
const digest = (...files) => {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
};
const stamp = (file) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');

function run(command, args, env = process.env) {
  if (spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status === 0) return;
  console.error(`plainflow: ${command} ${args.join(' ')} failed`);
  process.exit(1);
}

// Reinstall exactly when the lockfile's content changed: file times move whenever git checks out.
const lockHash = digest(rel('package-lock.json'));
const installedStamp = rel('node_modules', '.plainflow-lock-sha256');
if (stamp(installedStamp) !== lockHash) {
  console.error('plainflow: installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(installedStamp, `${lockHash}\n`);
}

// `prisma generate` works offline once PRISMA_SCHEMA_ENGINE_BINARY names an existing file; it
// only needs the engine for migrations, which Plainflow applies itself when the engine is missing.
const schemaHash = digest(rel('prisma', 'schema.prisma'), rel('package-lock.json'));
const generatedStamp = rel('src', 'generated', '.schema-sha256');
if (stamp(generatedStamp) !== schemaHash || !existsSync(rel('src', 'generated', 'prisma'))) {
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const placeholder = path.join(os.tmpdir(), 'plainflow-no-schema-engine');
    mkdirSync(path.dirname(placeholder), { recursive: true });
    writeFileSync(placeholder, '');
    env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
  }
  console.error('plainflow: generating the Prisma client');
  run(process.execPath, [rel('node_modules', 'prisma', 'build', 'index.js'), 'generate'], env);
  writeFileSync(generatedStamp, `${schemaHash}\n`);
}

// The web app (web/, built by Vite into web/dist): rebuilt when its sources, the compiler module
// it shares (how an answer goes into the text) or the lockfile change.
const webFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'dist')
    .flatMap((entry) =>
      entry.isDirectory() ? webFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    )
    .sort();
const webHash = digest(
  ...webFiles(rel('web')),
  rel('src', 'nl-compiler', 'diagnostic.ts'),
  rel('package-lock.json'),
);
const builtStamp = rel('web', 'dist', '.source-sha256');
if (stamp(builtStamp) !== webHash) {
  console.error('plainflow: building the web app');
  run(process.execPath, [
    rel('node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    'web',
    '--logLevel',
    'warn',
  ]);
  writeFileSync(builtStamp, `${webHash}\n`);
}

// The browser tests drive Debian's Chromium (playwright-core does not bring one).
const CHROMIUM = '/usr/bin/chromium';
if (process.argv.includes('--browser') && !existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) {
    console.error(
      `plainflow: the browser tests need Chromium at ${CHROMIUM}: apt-get install chromium`,
    );
    process.exit(1);
  }
  console.error('plainflow: installing Chromium (apt-get install chromium)');
  const quiet = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env: quiet })
      .status !== 0
  ) {
    run('apt-get', ['update', '-q'], quiet);
    run('apt-get', ['install', '-y', '-q', 'chromium'], quiet);
  }
}
