import { createApp } from '../../src/api/app';
import { listen, type ApiServer } from '../../src/api/server';
import { logger } from '../../src/logger';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

describe('the rate limit per API key', () => {
  const { stack } = useTestStack();
  let api: ApiServer;

  beforeAll(async () => {
    const { temporal, prisma, taskQueue } = stack();
    const app = createApp({
      temporal,
      prisma,
      taskQueue,
      logger,
      rateLimit: { perSecond: 2, burst: 3 },
    });
    api = await listen(app, 0);
  });

  afterAll(async () => {
    await api?.close();
  });

  const me = (key: string) => fetch(`${api.url}/me`, { headers: withKey(key) });

  it('lets a burst through, then answers 429 with Retry-After, and refills over time', async () => {
    const busy = await stack().keyFor('busy@example.com');
    const calm = await stack().keyFor('calm@example.com');
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await me(busy)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await me(busy);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await me(calm)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await me(busy)).status).toBe(200);
  });
});
