// Installs what a fresh clone lacks before `npm start` / `npm test`: npm packages and the
// generated Prisma client. Node built-ins only, since it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
