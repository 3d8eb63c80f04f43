import type { RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { ApiError } from '../api/errors';
import type { PrismaClient } from '../db/prisma';
import { principalOf, type Principal } from './principal';
import { hasRole, UserRoleName, type UserRole } from './roles';
import { hashSecret } from './secrets';

/** The session cookie's name. */
export const SESSION_COOKIE = 'plainflow_session';

/** `last_used_at` is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Finds who a request acts as: an API key in `Authorization: Bearer <key>`, or a session cookie
 * from `POST /auth/session`. No credential is 401 `unauthenticated`; a wrong, revoked or
 * expired one, or a disabled user, is 401 `invalid_credential`.
 */
export function authenticate({ prisma }: { prisma: PrismaClient }): RequestHandler {
  return async (req, res, next) => {
    const authorization = req.get('authorization');
    const sessionToken = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
    let principal: Principal;
    if (authorization !== undefined) {
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
      if (!match?.[1]) {
        throw new ApiError('invalid_credential', 'Authorization must be "Bearer <API key>"');
      }
      principal = await principalOfKey(prisma, match[1]);
    } else if (sessionToken) {
      principal = await principalOfSession(prisma, sessionToken);
    } else {
      res.set('WWW-Authenticate', 'Bearer realm="plainflow"');
      throw new ApiError(
        'unauthenticated',
        'This route needs an API key (Authorization: Bearer <key>) or a session',
      );
    }
    res.locals.principal = principal;
    next();
  };
}

/** The principal of an API key; records when the key was last used. */
export async function principalOfKey(prisma: PrismaClient, token: string): Promise<Principal> {
  const key = await prisma.apiKey.findUnique({
    where: { hash: hashSecret(token) },
    include: { user: true },
  });
  if (!key || key.revokedAt !== null) {
    throw new ApiError('invalid_credential', 'The API key is not valid or has been revoked');
  }
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return toPrincipal(key.user, key.id, 'key');
}

/** The principal of a session token; 401 `invalid_credential` when it expired or its key was revoked. */
export async function principalOfSession(prisma: PrismaClient, token: string): Promise<Principal> {
  const session = await prisma.session.findUnique({
    where: { hash: hashSecret(token) },
    include: { user: true },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) {
    throw new ApiError('invalid_credential', 'The session has expired; sign in again');
  }
  const key = await prisma.apiKey.findUnique({ where: { id: session.apiKeyId } });
  if (!key || key.revokedAt !== null) {
    throw new ApiError('invalid_credential', 'The key this session signed in with was revoked');
  }
  return toPrincipal(session.user, session.apiKeyId, 'session');
}

function toPrincipal(
  user: { id: string; email: string; role: string; disabledAt: Date | null },
  apiKeyId: string,
  via: Principal['via'],
): Principal {
  const role = UserRoleName.safeParse(user.role);
  if (user.disabledAt !== null || !role.success) {
    throw new ApiError('invalid_credential', `The user ${user.email} is disabled`);
  }
  return { userId: user.id, email: user.email, role: role.data, apiKeyId, via };
}

/** Refuses (403 `forbidden`) a principal whose role does not include `needed`. */
export function requireRole(needed: UserRole): RequestHandler {
  return (_req, res, next) => {
    if (!hasRole(principalOf(res).role, needed)) {
      throw new ApiError('forbidden', `This needs the ${needed} role`);
    }
    next();
  };
}
