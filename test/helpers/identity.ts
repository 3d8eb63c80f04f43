import { newApiKey } from '../../src/auth/secrets';
import type { UserRole } from '../../src/auth/roles';
import type { PrismaClient } from '../../src/db/prisma';

/** The email of the admin every test stack starts with. */
export const TEST_ADMIN = 'admin@example.com';

/** A new API key for `email` (made a user with `role` if they are not one yet), straight in the store. */
export async function keyFor(
  prisma: PrismaClient,
  email: string,
  role: UserRole = 'member',
): Promise<string> {
  const user = await prisma.user.upsert({
    where: { email },
    create: { email, role },
    update: {},
  });
  const secret = newApiKey();
  await prisma.apiKey.create({
    data: { userId: user.id, name: 'test', prefix: secret.prefix, hash: secret.hash },
  });
  return secret.token;
}

/** Headers of a JSON request made with `key`. */
export function withKey(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/** An answer of the API: its status and JSON body (`{}` for none). */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Calls the API of `stack()` as a user: `as(email, method, path, body?)`, with a member key made
 * for each email the first time (`'admin'` uses the stack's admin key).
 */
export function actingAs(
  stack: () => { apiUrl: string; adminKey: string; keyFor(email: string): Promise<string> },
) {
  const keys = new Map<string, string>();
  return async (
    email: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer> => {
    let key = email === 'admin' ? stack().adminKey : keys.get(email);
    if (key === undefined) {
      key = await stack().keyFor(email);
      keys.set(email, key);
    }
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(key),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  };
}
