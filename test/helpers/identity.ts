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
