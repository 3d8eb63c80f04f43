// Installs what a fresh clone lacks before `npm start` / `npm test`: npm packages and the
// generated Prisma client. Node built-ins only, since it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (...parts) => path.join(root, ...parts);
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(command, args, env = process.env) {
  if (spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status === 0) return;
  console.error(`plainflow: ${command} ${args.join(' ')} failed`);
  process.exit(1);
}

// npm writes node_modules/.package-lock.json on every install: older than the lockfile means stale.
const installed = rel('node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(installed) < mtime(rel('package-lock.json'))) {
  console.error('plainflow: installing npm packages (npm ci)');
  // A registry mirror without other platforms' optional binaries makes `npm ci` refuse the
  // lockfile; `npm install` installs the same locked versions there.
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' });
  process.stderr.write(ci.stdout ?? '');
  if (ci.status !== 0) {
    const reason = (ci.stderr ?? '').split('\n').find((l) => l.startsWith('npm error')) ?? '';
    console.error(`plainflow: npm ci failed (${reason}); installing with npm install`);
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

// `prisma generate` works offline once PRISMA_SCHEMA_ENGINE_BINARY names an existing file; it
// only needs the engine for migrations, which Plainflow applies itself when the engine is missing.
const client = rel('src', 'generated', 'prisma', 'client.ts');
if (mtime(client) < mtime(rel('prisma', 'schema.prisma'))) {
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const placeholder = path.join(os.tmpdir(), 'plainflow-no-schema-engine');
    mkdirSync(path.dirname(placeholder), { recursive: true });
    writeFileSync(placeholder, '');
    env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
  }
  console.error('plainflow: generating the Prisma client');
  run(process.execPath, [rel('node_modules', 'prisma', 'build', 'index.js'), 'generate'], env);
}
