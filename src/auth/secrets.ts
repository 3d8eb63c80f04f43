import { createHash, randomBytes } from 'node:crypto';

/** Every API key starts with this, so a leaked one is easy to recognise and scan for. */
export const API_KEY_PREFIX = 'pf_';

/** A new secret: the token handed out once, its hash (all that is stored) and a short prefix. */
export interface NewSecret {
  token: string;
  hash: string;
  prefix: string;
}

/** A random API key (`pf_` + 43 characters, 256 bits). */
export function newApiKey(): NewSecret {
  return secretOf(`${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`);
}

/** A random session token for the session cookie. */
export function newSessionToken(): NewSecret {
  return secretOf(randomBytes(32).toString('base64url'));
}

/** The stored form of a key or session token named in a request. */
export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The secret for an existing token, as when an operator configures the bootstrap key. */
export function secretOf(token: string): NewSecret {
  return { token, hash: hashSecret(token), prefix: token.slice(0, API_KEY_PREFIX.length + 6) };
}
