import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { logger } from '../../src/logger';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

type Access = 'public' | 'member' | 'author' | 'admin';

/** Every route with the least role that reaches it; bodies are harmless (mostly refused later). */
const ROUTES: [method: string, path: string, access: Access][] = [
  ['GET', '/health', 'public'],
  ['GET', '/ready', 'public'],
  ['GET', '/openapi.json', 'public'],
  ['GET', '/docs', 'public'],
  ['GET', '/docs/init.js', 'public'],
  ['GET', '/app', 'public'],
  ['GET', '/auth/session', 'public'],
  ['GET', '/inbox', 'member'],
  ['GET', '/runs', 'member'],
  ['GET', '/runs/run-none/timeline', 'member'],
  ['GET', '/flows', 'member'],
  ['GET', '/flows/none/versions', 'member'],
  ['GET', '/flows/none/versions/1', 'member'],
  ['GET', '/flows/none/diff?from=1&to=2', 'member'],
  ['POST', '/compile', 'member'],
  ['POST', '/auth/session', 'public'],
  ['DELETE', '/auth/session', 'public'],
  ['GET', '/me', 'member'],
  ['POST', '/keys', 'member'],
  ['GET', '/keys', 'member'],
  ['DELETE', `/keys/${randomUUID()}`, 'member'],
  ['POST', '/users', 'admin'],
  ['GET', '/users', 'admin'],
  ['PATCH', '/users/nobody@example.com', 'admin'],
  ['POST', '/runs', 'member'],
  ['GET', '/runs/run-none', 'member'],
  ['GET', '/runs/run-none/state', 'member'],
  ['GET', '/runs/run-none/audit', 'member'],
  ['GET', '/runs/run-none/audit/verify', 'member'],
  ['POST', '/runs/run-none/events', 'member'],
  ['POST', '/runs/run-none/cancel', 'member'],
  ['POST', '/runs/run-none/steps/s/complete', 'member'],
  ['POST', '/runs/run-none/steps/s/decide', 'member'],
  ['POST', '/runs/run-none/steps/s/accept', 'member'],
  ['POST', '/runs/run-none/steps/s/claim', 'member'],
  ['POST', '/runs/run-none/steps/s/delegate', 'member'],
  ['POST', '/runs/run-none/steps/s/reassign', 'member'],
  ['POST', '/flows', 'author'],
  ['GET', '/flows/none', 'member'],
  ['GET', '/flows/none/insights', 'author'],
  ['GET', '/insights/workload', 'author'],
  ['GET', '/insights/at-risk', 'author'],
  ['GET', '/insights/flags', 'author'],
  ['POST', '/watcher/run?dryRun=true', 'admin'],
  ['POST', '/flows/none/runs', 'member'],
  ['GET', '/flows/none/schedule', 'member'],
  ['POST', '/flows/none/schedule/pause', 'author'],
  ['POST', '/flows/none/schedule/resume', 'author'],
  ['POST', '/flows/none/schedule/trigger', 'author'],
  ['DELETE', '/flows/none/schedule', 'author'],
  ['POST', '/schedules/reconcile', 'admin'],
  ['GET', '/directory/teams', 'member'],
  ['GET', '/directory/teams/none', 'member'],
  ['PUT', '/directory/teams/none', 'admin'],
  ['GET', '/directory/roles', 'member'],
  ['GET', '/directory/roles/none', 'member'],
  ['PUT', '/directory/roles/none', 'admin'],
  ['GET', '/directory/people/nobody@example.com', 'member'],
  ['PUT', '/directory/people/nobody@example.com', 'admin'],
  ['GET', '/webhooks', 'admin'],
  ['GET', '/webhooks/role:none', 'admin'],
  ['PUT', '/webhooks/role:none', 'admin'],
  ['DELETE', '/webhooks/role:none', 'admin'],
];

const RANK: Record<Access, number> = { public: -1, member: 0, author: 1, admin: 2 };

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}

/** Every `METHOD path` the app registers, found by walking its routers. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (layers: RouteLayer[]) => {
    for (const layer of layers) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouteLayer[] } }).router.stack);
  return found.sort();
}

/** `/runs/run-none/steps/s/decide` as the app registers it: `/runs/:id/steps/:stepId/decide`. */
function pattern(path: string): string {
  return path
    .replace(/^\/runs\/run-none/, '/runs/:id')
    .replace('/steps/s/', '/steps/:stepId/')
    .replace(/\?.*$/, '')
    .replace(/^\/flows\/none\/versions\/1$/, '/flows/:name/versions/:version')
    .replace(/^\/flows\/none/, '/flows/:name')
    .replace(/^\/keys\/[0-9a-f-]{36}$/, '/keys/:id')
    .replace(/^\/users\/[^/]+$/, '/users/:email')
    .replace(/^\/directory\/(teams|roles)\/none$/, '/directory/$1/:name')
    .replace(/^\/directory\/people\/[^/]+$/, '/directory/people/:email')
    .replace(/^\/webhooks\/[^/]+$/, '/webhooks/:party');
}

describe('who may call which route', () => {
  const { stack } = useTestStack();
  const keys: Partial<Record<Access, string>> = {};

  beforeAll(async () => {
    keys.member = await stack().keyFor('member@example.com', 'member');
    keys.author = await stack().keyFor('author@example.com', 'author');
    keys.admin = stack().adminKey;
  });

  it('covers every route the app registers', () => {
    const app = createApp({
      temporal: stack().temporal,
      prisma: stack().prisma,
      taskQueue: stack().taskQueue,
      logger,
    });
    const covered = [...new Set(ROUTES.map(([method, path]) => `${method} ${pattern(path)}`))];
    expect(covered.sort()).toEqual(registeredRoutes(app));
  });

  it.each(ROUTES)(
    '%s %s: 401 without a key, 403 below %s, reached from there',
    async (method, path, access) => {
      const call = (headers: Record<string, string>) =>
        fetch(`${stack().apiUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"unexpected": true}' }),
        });
      const anonymous = await call({});
      if (access === 'public') {
        expect(anonymous.status).not.toBe(401);
      } else {
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      }
      for (const role of ['member', 'author', 'admin'] as const) {
        const res = await call(withKey(keys[role]!));
        const { status } = res;
        if (RANK[role] >= RANK[access]) {
          expect([role, status]).not.toEqual([role, 401]);
          expect([role, status]).not.toEqual([role, 403]);
        } else {
          expect([role, status]).toEqual([role, 403]);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        }
        expect(status).toBeLessThan(500);
      }
    },
  );

  it('refuses a wrong, malformed or revoked key with 401 invalid_credential', async () => {
    const me = (authorization: string) =>
      fetch(`${stack().apiUrl}/me`, { headers: { authorization } });
    for (const authorization of ['Bearer pf_not-a-key', 'Basic abc', 'Bearer']) {
      const res = await me(authorization);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_credential',
      );
    }
    const key = await stack().keyFor('leaver@example.com');
    expect((await me(`Bearer ${key}`)).status).toBe(200);
    const listed = (await (
      await fetch(`${stack().apiUrl}/keys`, { headers: withKey(key) })
    ).json()) as { keys: { id: string }[] };
    const revoke = await fetch(`${stack().apiUrl}/keys/${listed.keys[0]!.id}`, {
      method: 'DELETE',
      headers: withKey(key),
    });
    expect(revoke.status).toBe(200);
    expect((await me(`Bearer ${key}`)).status).toBe(401);
  });

  it('signs in with a key for a session cookie, and signs out', async () => {
    const key = await stack().keyFor('browser@example.com', 'author');
    const signIn = await fetch(`${stack().apiUrl}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(signIn.status).toBe(201);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^plainflow_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0]!;
    const session = (headers: Record<string, string> = {}) =>
      fetch(`${stack().apiUrl}/auth/session`, { headers }).then((res) => res.json());
    expect(await session()).toEqual({ signedIn: false });
    expect(await session({ cookie })).toEqual({
      signedIn: true,
      email: 'browser@example.com',
      role: 'author',
    });
    const me = await fetch(`${stack().apiUrl}/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({
      email: 'browser@example.com',
      role: 'author',
      via: 'session',
    });
    const out = await fetch(`${stack().apiUrl}/auth/session`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${stack().apiUrl}/me`, { headers: { cookie } })).status).toBe(401);
    expect(await session({ cookie })).toEqual({
      signedIn: false,
      reason: 'The session has expired; sign in again',
    });
    const wrong = await fetch(`${stack().apiUrl}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'pf_wrong' }),
    });
    expect(wrong.status).toBe(401);
  });

  it('shows a new key once, keeps only its hash, and records when it was last used', async () => {
    const admin = withKey(stack().adminKey);
    const user = await fetch(`${stack().apiUrl}/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'newcomer@example.com' }),
    });
    expect(user.status).toBe(201);
    expect(await user.json()).toMatchObject({ email: 'newcomer@example.com', role: 'member' });
    const made = await fetch(`${stack().apiUrl}/keys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'laptop', email: 'newcomer@example.com' }),
    });
    expect(made.status).toBe(201);
    const { key, id } = (await made.json()) as { key: string; id: string };
    expect(key).toMatch(/^pf_[A-Za-z0-9_-]{43}$/);
    const stored = await stack().prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored)).not.toContain(key.slice(3));
    expect(stored.lastUsedAt).toBeNull();
    const mine = await fetch(`${stack().apiUrl}/keys`, { headers: withKey(key) });
    const listed = (await mine.json()) as { keys: Record<string, unknown>[] };
    expect(listed.keys).toEqual([expect.objectContaining({ id, name: 'laptop', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const used = await stack().prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    const forOthers = await fetch(`${stack().apiUrl}/keys`, {
      method: 'POST',
      headers: withKey(key),
      body: JSON.stringify({ name: 'sneaky', email: 'admin@example.com' }),
    });
    expect(forOthers.status).toBe(403);
  });
});
