import { createApp } from '../../src/api/app';
import { listen, type ApiServer } from '../../src/api/server';
import { logger } from '../../src/logger';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

// The worker refuses such calls at delivery; the API says so when they are set up.
describe('destinations on private addresses, when webhooks and flows are set up', () => {
  const { stack } = useTestStack();
  const servers: ApiServer[] = [];

  const apiWith = async (callAllowList: string[]) => {
    const { temporal, prisma, taskQueue } = stack();
    const api = await listen(createApp({ temporal, prisma, taskQueue, logger, callAllowList }), 0);
    servers.push(api);
    return (method: string, path: string, body: unknown) =>
      fetch(`${api.url}${path}`, {
        method,
        headers: withKey(stack().adminKey),
        body: JSON.stringify(body),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
      }));
  };

  afterAll(async () => {
    for (const api of servers) await api.close();
  });

  const withDestination = (name: string, url: string) => ({
    ...flowWith([{ type: 'call', id: 'ping', method: 'POST', destination: 'crm' }], name),
    destinations: [{ name: 'crm', url }],
  });

  it('refuses loopback, private and metadata URLs by default, naming them', async () => {
    const call = await apiWith([]);
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://169.254.169.254/',
    ]) {
      const hook = await call('PUT', '/webhooks/role:ops', { url, secret: 'x'.repeat(16) });
      expect(hook.status).toBe(400);
      expect(hook.body).toMatchObject({
        error: { code: 'destination_refused', details: [{ path: 'url' }] },
      });
    }
    const flow = await call('POST', '/flows', {
      flow: withDestination('private-crm', 'http://10.1.2.3'),
    });
    expect(flow.status).toBe(400);
    expect(flow.body).toMatchObject({
      error: { code: 'destination_refused', details: [{ path: 'flow.destinations.0.url' }] },
    });
    expect(await stack().prisma.webhookEndpoint.count()).toBe(0);
    expect(await stack().prisma.flowDefinition.count({ where: { name: 'private-crm' } })).toBe(0);
  });

  it('takes them when the operator allow-lists them', async () => {
    const call = await apiWith(['http://127.0.0.1:9/', 'http://10.1.2.3']);
    const hook = await call('PUT', '/webhooks/role:ops', {
      url: 'http://127.0.0.1:9/hook',
      secret: 'x'.repeat(16),
    });
    expect(hook.status).toBe(201);
    const flow = await call('POST', '/flows', {
      flow: withDestination('allowed-crm', 'http://10.1.2.3'),
    });
    expect(flow.status).toBe(201);
  });
});
