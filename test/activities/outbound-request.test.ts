import type { LookupAddress } from 'node:dns';
import { ApplicationFailure } from '@temporalio/common';
import { callDestinationActivity } from '../../src/activities/http-call';
import { checkOutboundAddresses, sendOutbound } from '../../src/activities/outbound-request';
import { startReceiver, type Receiver } from '../helpers/receiver';

/** A resolver answering from a fixed table, counting the names it was asked for. */
function fakeResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve = (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const addresses = (table[hostname] ?? []).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    return Promise.resolve(addresses);
  };
  return { asked, resolve };
}

/** Why a check or a send refused its destination, or undefined when it did not. */
const refusal = (answer: object): string | undefined =>
  'refused' in answer && typeof answer.refused === 'string' ? answer.refused : undefined;

describe('checking where an outbound request would go', () => {
  const noAllowList = { allowList: [] };

  it('refuses a host name that resolves to loopback, naming name, address and range', async () => {
    const checked = await checkOutboundAddresses(new URL('http://localhost:8080/x'), noAllowList);
    expect(refusal(checked)).toMatch(
      /^localhost \((127\.0\.0\.1|::1)\) is not a public address \(loopback\); only URLs under PLAINFLOW_CALL_ALLOWLIST may reach it$/,
    );
  });

  it('refuses a name if any of its addresses is not public, whichever comes first', async () => {
    const { resolve } = fakeResolver({
      'rebind.test': ['93.184.216.34', '169.254.169.254'],
      'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
    const checked = await checkOutboundAddresses(new URL('https://rebind.test/'), {
      allowList: [],
      resolve,
    });
    expect(refusal(checked)).toContain('rebind.test (169.254.169.254) is not a public address');
    const allowed = await checkOutboundAddresses(new URL('https://public.test/'), {
      allowList: [],
      resolve,
    });
    expect(allowed).toEqual({
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
  });

  it('refuses literal addresses without looking anything up, however they are spelled', async () => {
    const { asked, resolve } = fakeResolver({});
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/']) {
      const checked = await checkOutboundAddresses(new URL(url), { allowList: [], resolve });
      expect(refusal(checked)).toContain('(loopback)');
    }
    const metadata = new URL('http://[fd00:ec2::254]/latest');
    expect(refusal(await checkOutboundAddresses(metadata, noAllowList))).toContain(
      'fd00:ec2::254 is not a public address (cloud metadata)',
    );
    expect(asked).toEqual([]);
  });

  it('lets an allow-listed URL reach a non-public address, but only under its prefix', async () => {
    const allowList = ['http://127.0.0.1:9/api'];
    expect(
      await checkOutboundAddresses(new URL('http://127.0.0.1:9/api/deals'), { allowList }),
    ).toEqual({ addresses: [{ address: '127.0.0.1', family: 4 }] });
    const outside = await checkOutboundAddresses(new URL('http://127.0.0.1:9/admin'), {
      allowList,
    });
    expect(refusal(outside)).toContain('127.0.0.1 is not a public address');
  });

  it('refuses schemes other than http and https', async () => {
    expect(await checkOutboundAddresses(new URL('file:///etc/passwd'), noAllowList)).toEqual({
      refused: 'file: URLs are not called, only http and https',
    });
  });

  it('fails, rather than refuses, a name that does not resolve', async () => {
    const { resolve } = fakeResolver({});
    await expect(
      checkOutboundAddresses(new URL('http://nowhere.test/'), { allowList: [], resolve }),
    ).rejects.toThrow('nowhere.test has no address');
  });
});

describe('sending outbound requests to a local receiver', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver((request) =>
      request.path === '/api/moved'
        ? { status: 302, body: '' }
        : { status: 201, body: JSON.stringify({ id: 7, echo: 'é'.repeat(50) }) },
    );
  });
  afterAll(() => receiver?.close());

  const request = { method: 'POST', headers: {}, body: '{"a":1}', timeoutMs: 5000 };

  it('does not contact a loopback receiver by default', async () => {
    const before = receiver.requests.length;
    const answer = await sendOutbound(
      new URL(`${receiver.url}/api/x`),
      { ...request, maxBodyChars: 100 },
      { allowList: [] },
    );
    expect(refusal(answer)).toContain('(loopback)');
    expect(receiver.requests.length).toBe(before);
  });

  it('connects to the address it checked, never looking the name up again', async () => {
    const { asked, resolve } = fakeResolver({ 'crm.test': ['127.0.0.1'] });
    const origin = `http://crm.test:${receiver.port}`;
    const answer = await sendOutbound(
      new URL(`${origin}/api/deals`),
      { ...request, maxBodyChars: 20 },
      { allowList: [`${origin}/api`], resolve },
    );
    // crm.test has no DNS entry, so the request got here through the checked address alone.
    expect(answer).toEqual({ status: 201, body: '{"id":7,"echo":"éééé' });
    expect(asked).toEqual(['crm.test']);
    const [received] = receiver.to('/api/deals');
    expect(received?.headers.host).toBe(`crm.test:${receiver.port}`);
    expect(received?.headers['content-length']).toBe('7');
    expect(received?.body).toBe('{"a":1}');
  });

  it('hands back a redirect without following it', async () => {
    const answer = await sendOutbound(
      new URL(`${receiver.url}/api/moved`),
      { ...request, maxBodyChars: 0 },
      { allowList: [receiver.url] },
    );
    expect(answer).toEqual({ status: 302, body: '' });
  });
});

describe('a call step towards a loopback destination', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"ok":true}' }));
  });
  afterAll(() => receiver?.close());

  const input = (url: string) => ({
    idempotencyKey: 'wf:push:1:call',
    method: 'POST',
    destination: 'crm',
    destinations: [{ name: 'crm', url }],
    path: '/deals',
    payload: '{"amount":1}',
    timeoutMs: 5000,
  });

  /** What the call came to: its result, or the failure it threw. */
  const attempt = (allowList: string[] | undefined, url: string) =>
    callDestinationActivity(allowList === undefined ? {} : { callAllowList: allowList })(
      input(url),
    ).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );

  it('is refused for good without an allow-list, and nothing reaches the receiver', async () => {
    for (const url of [`${receiver.url}/api`, `http://localhost:${receiver.port}/api`]) {
      const outcome = await attempt(undefined, url);
      expect('error' in outcome && outcome.error).toBeInstanceOf(ApplicationFailure);
      expect(outcome).toMatchObject({ error: { type: 'DestinationRefused', nonRetryable: true } });
      expect('error' in outcome && String(outcome.error)).toMatch(
        /POST crm \/deals refused: .* is not a public address \(loopback\)/,
      );
    }
    expect(receiver.requests).toEqual([]);
  });

  it('goes through when the operator allow-lists the destination', async () => {
    const outcome = await attempt([`${receiver.url}/api`], `${receiver.url}/api`);
    expect(outcome).toEqual({ value: { status: 200, body: '{"ok":true}' } });
    expect(receiver.to('/api/deals')).toHaveLength(1);
  });
});
