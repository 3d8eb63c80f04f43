import { webhookSignature } from '../../src/activities/webhooks';
import { startReceiver, type Receiver } from '../helpers/receiver';
import {
  flowWith,
  itReplaysEveryRun,
  startRun,
  useInterpreterStack,
  workStore,
} from './interpreter-harness';
import { withKey } from '../helpers/identity';

type Json = Record<string, unknown>;

describe('the flow interpreter: webhook notifications', () => {
  let receiver: Receiver;
  const previousAllowList = process.env.PLAINFLOW_CALL_ALLOWLIST;
  beforeAll(async () => {
    receiver = await startReceiver((request, seen) => {
      if (request.path === '/hooks/flaky') return { status: seen.length === 0 ? 500 : 200 };
      if (request.path === '/hooks/gone') return { status: 410 };
      return { status: 204 };
    });
    // The receiver is on loopback, which only an allow-listed URL reaches; the worker reads the
    // list when it starts (the stack starts next).
    process.env.PLAINFLOW_CALL_ALLOWLIST = `${receiver.url}/hooks`;
  });
  const stack = useInterpreterStack();
  afterAll(async () => {
    if (previousAllowList === undefined) delete process.env.PLAINFLOW_CALL_ALLOWLIST;
    else process.env.PLAINFLOW_CALL_ALLOWLIST = previousAllowList;
    await receiver?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(stack().adminKey),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
  };
  const secret = (name: string) => `${name}-secret-0123456789`;
  const setHook = (party: string, name: string) =>
    api('PUT', `/webhooks/${encodeURIComponent(party)}`, {
      url: `${receiver.url}/hooks/${name}`,
      secret: secret(name),
    });

  it('sets, shows, replaces and removes endpoints over the API, never showing the secret', async () => {
    const created = await setHook('person:bob@example.com', 'first');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      party: 'person:bob@example.com',
      url: `${receiver.url}/hooks/first`,
    });
    expect(created.body).not.toHaveProperty('secret');
    const replaced = await setHook('person:bob@example.com', 'second');
    expect(replaced.status).toBe(200);
    const shown = await api('GET', `/webhooks/${encodeURIComponent('person:bob@example.com')}`);
    expect(shown.body).toMatchObject({ url: `${receiver.url}/hooks/second` });
    const listed = await api('GET', '/webhooks');
    expect(listed.body.webhooks).toEqual([
      expect.objectContaining({ url: `${receiver.url}/hooks/second` }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('secret-0123');
    expect((await api('DELETE', '/webhooks/person:bob@example.com')).status).toBe(204);
    const gone = await api('GET', '/webhooks/person:bob@example.com');
    expect(gone).toMatchObject({
      status: 404,
      body: {
        error: { code: 'webhook_not_found', message: 'No webhook for person:bob@example.com' },
      },
    });
    expect((await api('DELETE', '/webhooks/person:bob@example.com')).status).toBe(404);
  });

  it('refuses a bad body naming its fields, and a token that is not a party', async () => {
    const bad = await api('PUT', '/webhooks/role:cfo', { url: 'ftp://x', secret: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_body',
      details: [
        { path: 'url', message: 'an http(s) URL' },
        { path: 'secret', message: 'at least 16 characters' },
      ],
    });
    const requester = await api('PUT', '/webhooks/requester', {
      url: `${receiver.url}/x`,
      secret: secret('x'),
    });
    expect(requester.status).toBe(400);
    expect(requester.body.error).toMatchObject({ code: 'invalid_party' });
  });

  it('delivers signed webhooks, retrying a failed attempt; marks missing and refusing endpoints, and goes on', async () => {
    await setHook('role:cfo', 'cfo');
    await setHook('role:ops', 'flaky');
    await setHook('role:gone', 'gone');
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'notify',
          id: 'tell',
          channel: 'webhook',
          to: [
            { type: 'role', role: 'cfo' },
            { type: 'role', role: 'ops' },
            { type: 'role', role: 'gone' },
            { type: 'team', team: 'legal' },
          ],
          message: 'Deal with {{vendor}}',
        },
        { type: 'set', id: 'after', fields: { ok: true } },
      ]),
      { amount: 10, vendor: 'Acme' },
    );
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', fields: { ok: true } });
    const item = await workStore(stack(), result);
    const rows = Object.fromEntries(item.notifications.map((n) => [n.recipient, n]));

    const [cfoRequest, ...more] = receiver.to('/hooks/cfo');
    expect(more).toEqual([]);
    expect(cfoRequest?.headers['x-plainflow-signature']).toBe(
      webhookSignature(secret('cfo'), cfoRequest?.body ?? ''),
    );
    expect(JSON.parse(cfoRequest?.body ?? '')).toMatchObject({
      notificationId: rows['role:cfo']?.id,
      workItemId: item.id,
      kind: 'message',
      message: 'Deal with Acme',
      recipient: 'role:cfo',
    });
    expect(rows['role:cfo']).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(rows['role:cfo']?.sentAt).toBeInstanceOf(Date);

    const flaky = receiver.to('/hooks/flaky');
    expect(flaky).toHaveLength(2);
    expect(flaky[0]?.headers['idempotency-key']).toBe(flaky[1]?.headers['idempotency-key']);
    expect(rows['role:ops']).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });

    expect(receiver.to('/hooks/gone')).toHaveLength(1);
    expect(rows['role:gone']).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(rows['role:gone']?.lastError).toContain('answered 410');
    expect(rows['team:legal']).toMatchObject({
      status: 'undeliverable',
      lastError: 'no webhook endpoint for team:legal',
    });

    const count = (action: string) => item.actions.filter((a) => a === action).length;
    expect(count('notification.queued')).toBe(1);
    expect(count('notification.delivered')).toBe(2);
    expect(count('notification.undeliverable')).toBe(1);
    expect(count('notification.failed')).toBe(1);
    expect(item.actions.at(-2)).toBe('work_item.updated');
    const undeliverable = item.auditEvents.find((e) => e.action === 'notification.undeliverable');
    expect(undeliverable?.data).toMatchObject({
      notificationId: rows['team:legal']?.id,
      recipient: 'team:legal',
    });
  });

  it('keeps in-app notifications in the outbox without delivering them', async () => {
    const before = receiver.requests.length;
    const result = await (
      await startRun(
        stack(),
        flowWith([
          { type: 'notify', id: 'tell', to: [{ type: 'role', role: 'cfo' }], message: 'hi' },
        ]),
      )
    ).result();
    const item = await workStore(stack(), result);
    expect(item.notifications.map((n) => n.status)).toEqual(['pending']);
    expect(receiver.requests.length).toBe(before);
  });

  itReplaysEveryRun();
});
