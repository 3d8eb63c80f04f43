import { Router } from 'express';
import { parse as parseCookies } from 'cookie';
import { groupsOf } from '../auth/acting-parties';
import {
  principalOfKey,
  principalOfSession,
  requireRole,
  SESSION_COOKIE,
} from '../auth/authenticate';
import { principalOf } from '../auth/principal';
import { hasRole, UserRole } from '../auth/roles';
import { hashSecret, newApiKey, newSessionToken } from '../auth/secrets';
import type { PrismaClient } from '../db/prisma';
import type { ApiKey, User } from '../generated/prisma/client';
import { ApiError } from './errors';
import {
  CreateKeyRequest,
  CreateUserRequest,
  EmailParam,
  KeyIdParam,
  SignInRequest,
  UpdateUserRequest,
} from './identity-request';
import { decodeCursor, NameCursor, PageQuery, pageOf, TimeCursor } from './pages';
import { parseInput, parsePathParam, parseQuery } from './parse-input';

/** How long a signed-in session lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

interface IdentityDeps {
  prisma: PrismaClient;
}

/** Signing in and out: the only identity routes that need no credential to reach. */
export function signInRouter({ prisma }: IdentityDeps): Router {
  const router = Router();

  router.post('/auth/session', async (req, res) => {
    const { key } = parseInput(SignInRequest, req.body ?? {}, 'The sign-in');
    const principal = await principalOfKey(prisma, key);
    const session = newSessionToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    // Sessions are made here, so expired ones are cleared here too.
    await prisma.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await prisma.session.create({
      data: {
        hash: session.hash,
        userId: principal.userId,
        apiKeyId: principal.apiKeyId,
        expiresAt,
      },
    });
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      expires: expiresAt,
    });
    res.status(201).json({ email: principal.email, role: principal.role, expiresAt });
  });

  // Whether the browser is signed in, without a 401 when it is not: the web app asks first.
  router.get('/auth/session', async (req, res) => {
    const token = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (!token) {
      res.json({ signedIn: false });
      return;
    }
    try {
      const principal = await principalOfSession(prisma, token);
      res.json({ signedIn: true, email: principal.email, role: principal.role });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      res.json({ signedIn: false, reason: err.message });
    }
  });

  router.delete('/auth/session', async (req, res) => {
    const token = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (token) await prisma.session.deleteMany({ where: { hash: hashSecret(token) } });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return router;
}

/**
 * Users and their API keys: `GET /me`; admins create, list and change users; anyone makes and
 * revokes their own keys (admins anyone's). A key is shown once, when it is made.
 */
export function identityRouter({ prisma }: IdentityDeps): Router {
  const router = Router();

  router.get('/me', async (_req, res) => {
    const principal = principalOf(res);
    res.json({
      email: principal.email,
      role: principal.role,
      via: principal.via,
      groups: await groupsOf(prisma, principal.email),
    });
  });

  router.post('/users', requireRole(UserRole.admin), async (req, res) => {
    const body = parseInput(CreateUserRequest, req.body ?? {}, 'The user');
    const exists = () => new ApiError('user_exists', `There is already a user ${body.email}`);
    if (await prisma.user.findUnique({ where: { email: body.email } })) throw exists();
    const user = await prisma.user.create({ data: body }).catch((err: unknown) => {
      // Another request made the same user between the look-up and the insert.
      throw (err as { code?: unknown }).code === 'P2002' ? exists() : err;
    });
    res.status(201).location(`/users/${user.email}`).json(shownUser(user));
  });

  router.get('/users', requireRole(UserRole.admin), async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NameCursor);
    const rows = await prisma.user.findMany({
      where: after === undefined ? {} : { email: { gt: after } },
      orderBy: { email: 'asc' },
      take: query.limit + 1,
    });
    const page = pageOf(rows, query.limit, (user) => user.email);
    res.json({ users: page.items.map(shownUser), nextCursor: page.nextCursor });
  });

  router.patch('/users/:email', requireRole(UserRole.admin), async (req, res) => {
    const email = parsePathParam(EmailParam, req.params.email, 'email');
    const body = parseInput(UpdateUserRequest, req.body ?? {}, 'The change');
    const { count } = await prisma.user.updateMany({
      where: { email },
      data: {
        ...(body.role ? { role: body.role } : {}),
        ...(body.disabled === undefined ? {} : { disabledAt: body.disabled ? new Date() : null }),
      },
    });
    if (count === 0) throw new ApiError('user_not_found', `There is no user ${email}`);
    if (body.disabled) {
      await prisma.session.deleteMany({ where: { user: { email } } });
    }
    res.json(shownUser(await prisma.user.findUniqueOrThrow({ where: { email } })));
  });

  router.post('/keys', async (req, res) => {
    const principal = principalOf(res);
    const body = parseInput(CreateKeyRequest, req.body ?? {}, 'The key');
    const email = body.email ?? principal.email;
    if (email !== principal.email && !hasRole(principal.role, UserRole.admin)) {
      throw new ApiError('forbidden', 'Only an admin makes keys for someone else');
    }
    const user = await prisma.user.findUnique({ where: { email } });
    if (!user) throw new ApiError('user_not_found', `There is no user ${email}`);
    const secret = newApiKey();
    const key = await prisma.apiKey.create({
      data: { userId: user.id, name: body.name, prefix: secret.prefix, hash: secret.hash },
    });
    res
      .status(201)
      .location(`/keys/${key.id}`)
      .json({ ...shownKey(key, email), key: secret.token });
  });

  router.get('/keys', async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const principal = principalOf(res);
    const everyone = hasRole(principal.role, UserRole.admin);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursor);
    const rows = await prisma.apiKey.findMany({
      where: {
        AND: [
          everyone ? {} : { userId: principal.userId },
          after === undefined
            ? {}
            : {
                OR: [
                  { createdAt: { gt: after.at } },
                  { createdAt: after.at, id: { gt: after.id } },
                ],
              },
        ],
      },
      include: { user: { select: { email: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    const page = pageOf(rows, query.limit, (k) => ({ at: k.createdAt, id: k.id }));
    res.json({
      keys: page.items.map((k) => shownKey(k, k.user.email)),
      nextCursor: page.nextCursor,
    });
  });

  router.delete('/keys/:id', async (req, res) => {
    const principal = principalOf(res);
    const id = parsePathParam(KeyIdParam, req.params.id, 'id');
    const key = await prisma.apiKey.findUnique({ where: { id }, include: { user: true } });
    const mayRevoke =
      key !== null && (key.userId === principal.userId || hasRole(principal.role, UserRole.admin));
    if (!key || !mayRevoke)
      throw new ApiError('api_key_not_found', `There is no key ${id} of yours`);
    const revoked = await prisma.apiKey.update({
      where: { id },
      data: { revokedAt: key.revokedAt ?? new Date() },
    });
    await prisma.session.deleteMany({ where: { apiKeyId: id } });
    res.json(shownKey(revoked, key.user.email));
  });

  return router;
}

function shownUser(user: User) {
  return {
    email: user.email,
    role: user.role,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}

function shownKey(key: ApiKey, email: string) {
  return {
    id: key.id,
    name: key.name,
    email,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
