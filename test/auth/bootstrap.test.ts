import { bootstrapAdmin } from '../../src/auth/bootstrap';
import { principalOfKey } from '../../src/auth/authenticate';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

describe('the first administrator', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeEach(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 4);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('gets one new key at the first start, shown once, even when two processes start together', async () => {
    const settings = { adminEmail: 'root@example.com' };
    const [a, b] = await Promise.all([
      bootstrapAdmin(prisma, settings),
      bootstrapAdmin(prisma, settings),
    ]);
    const created = [a.createdKey, b.createdKey].filter((k) => k !== null);
    expect(created).toHaveLength(1);
    await expect(principalOfKey(prisma, created[0]!)).resolves.toMatchObject({
      email: 'root@example.com',
      role: 'admin',
    });
    expect(await bootstrapAdmin(prisma, settings)).toEqual({ createdKey: null });
    expect(await prisma.apiKey.count()).toBe(1);
  });

  it('keeps a configured key, stored only as its hash, and adds it once', async () => {
    const adminKey = 'operator-chosen-secret-0123456789';
    const settings = { adminEmail: 'ops@example.com', adminKey };
    expect(await bootstrapAdmin(prisma, settings)).toEqual({ createdKey: null });
    expect(await bootstrapAdmin(prisma, settings)).toEqual({ createdKey: null });
    const keys = await prisma.apiKey.findMany();
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toContain(adminKey.slice(8));
    await expect(principalOfKey(prisma, adminKey)).resolves.toMatchObject({
      email: 'ops@example.com',
      role: 'admin',
    });
  });
});
