import type { Response } from 'express';
import type { UserRole } from './roles';

/** The authenticated user a request acts as. */
export interface Principal {
  userId: string;
  email: string;
  role: UserRole;
  /** The key the request (or the session it signed in with) carries. */
  apiKeyId: string;
  via: 'key' | 'session';
}

/** The principal `authenticate` put on the response; a route behind it always has one. */
export function principalOf(res: Response): Principal {
  const principal: unknown = res.locals.principal;
  if (!isPrincipal(principal)) throw new Error('route is not behind authenticate');
  return principal;
}

function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && 'userId' in value && 'email' in value;
}
