import fs from 'node:fs';
import path from 'node:path';

interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const root = path.resolve(__dirname, '..');
const readJson = (file: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };
const manifest = readJson('package.json') as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where npm would find `name` for the package at `from`: its own node_modules, then its parents'. */
function resolved(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

describe('package-lock.json', () => {
  it('holds every optional platform package, so that npm ci accepts it on any machine', () => {
    const missing: string[] = [];
    for (const [location, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        if (!resolved(location, name)) missing.push(`${location || '<root>'} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('locks one version of every Prisma package, the one package.json pins', () => {
    const pinned = manifest.dependencies.prisma;
    const prismaVersions = new Set(
      Object.entries(lock.packages)
        .filter(([location]) =>
          /node_modules\/(prisma|@prisma\/(client|adapter-pg|get-dmmf|config|engines))$/.test(
            location,
          ),
        )
        .map(([, pkg]) => pkg.version),
    );
    expect([...prismaVersions]).toEqual([pinned]);
    for (const name of ['@prisma/client', '@prisma/adapter-pg']) {
      expect(manifest.dependencies[name]).toBe(pinned);
    }
  });

  it("states the Node versions Prisma's own engines field requires", () => {
    const prisma = lock.packages['node_modules/prisma'] as LockedPackage & {
      engines?: { node: string };
    };
    expect(manifest.engines.node).toBe(prisma.engines?.node);
  });
});
