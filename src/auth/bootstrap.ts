import type { PrismaClient } from '../db/prisma';
import { UserRole } from './roles';
import { newApiKey, secretOf } from './secrets';

/** Who the first administrator is, and the key an operator configured for them, if any. */
export interface BootstrapSettings {
  adminEmail: string;
  /** `PLAINFLOW_ADMIN_KEY`: kept as a key of the admin; without it one is made at the first start. */
  adminKey?: string;
}

/** What bootstrapping did: a new key (to be shown once) only when none could be used before. */
export interface Bootstrap {
  createdKey: string | null;
}

/**
 * Makes sure someone can administer Plainflow. A configured key is stored (hashed) for the admin;
 * without one, an admin key is created when no admin has a usable key, and returned so the caller
 * prints it once. Serialised by an advisory lock, so two processes starting together make one.
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  settings: BootstrapSettings,
): Promise<Bootstrap> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('plainflow.bootstrap-admin'))`;
    const usable = { revokedAt: null, user: { role: UserRole.admin, disabledAt: null } };
    const configured = settings.adminKey === undefined ? undefined : secretOf(settings.adminKey);
    if (configured) {
      if (await tx.apiKey.findUnique({ where: { hash: configured.hash } })) {
        return { createdKey: null };
      }
    } else if ((await tx.apiKey.count({ where: usable })) > 0) {
      return { createdKey: null };
    }
    const admin = await tx.user.upsert({
      where: { email: settings.adminEmail },
      create: { email: settings.adminEmail, role: UserRole.admin },
      update: { role: UserRole.admin, disabledAt: null },
    });
    const secret = configured ?? newApiKey();
    await tx.apiKey.create({
      data: {
        userId: admin.id,
        name: configured ? 'PLAINFLOW_ADMIN_KEY' : 'bootstrap',
        prefix: secret.prefix,
        hash: secret.hash,
      },
    });
    return { createdKey: configured ? null : secret.token };
  });
}

/** The lines that show a new admin key, once, at the first start. */
export function adminKeyNotice(email: string, key: string): string {
  return [
    '',
    `An admin API key for ${email} was created. It is shown only now: store it safely.`,
    `  ${key}`,
    '  Use it as "Authorization: Bearer <key>"; make keys for people with POST /users and POST /keys.',
    '  Lost it? Start with PLAINFLOW_ADMIN_KEY=<a new secret of 24+ characters> to add one.',
    '',
  ].join('\n');
}
