import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CallStep, Flow } from '../../src/dsl';
import { stateQuery } from '../../src/workflows';
import { startReceiver, type Receiver } from '../helpers/receiver';
import {
  flowWith,
  itReplaysEveryRun,
  startRun,
  useInterpreterStack,
  workStore,
  type RunHandle,
} from './interpreter-harness';

describe('the flow interpreter: call steps to allow-listed destinations', () => {
  let receiver: Receiver;
  const previousAllowList = process.env.PLAINFLOW_CALL_ALLOWLIST;

  beforeAll(async () => {
    receiver = await startReceiver((request, seen) => {
      if (request.path.startsWith('/api/flaky')) {
        return seen.length < 2 ? { status: 503, body: 'busy' } : { status: 200, body: '{"ok":1}' };
      }
      if (request.path.startsWith('/api/bad')) return { status: 400, body: '{"error":"no"}' };
      if (request.path.startsWith('/api/down')) return { status: 503, body: 'down' };
      if (request.path.startsWith('/api/hang')) return null;
      return { status: 201, body: JSON.stringify({ id: 42, echo: 'x'.repeat(3000) }) };
    });
    // The worker reads the operator's allow-list when it starts (the stack starts next).
    process.env.PLAINFLOW_CALL_ALLOWLIST = `${receiver.url}/api`;
  });
  const stack = useInterpreterStack();
  afterAll(async () => {
    if (previousAllowList === undefined) delete process.env.PLAINFLOW_CALL_ALLOWLIST;
    else process.env.PLAINFLOW_CALL_ALLOWLIST = previousAllowList;
    await receiver?.close();
  });

  const callFlow = (call: Omit<CallStep, 'type' | 'id'>): Flow => ({
    ...flowWith([
      { type: 'call', id: 'push', ...call },
      { type: 'set', id: 'after', fields: { ok: true } },
    ]),
    destinations: [
      { name: 'crm', url: `${receiver.url}/api` },
      { name: 'internal', url: `${receiver.url}/internal` },
    ],
  });

  const quickRetries = { maxAttempts: 3, backoff: 'PT1S' };

  /** The run's failure, which must be a `FlowFailed`. */
  async function failureOf(handle: RunHandle): Promise<ApplicationFailure> {
    const error: unknown = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('FlowFailed');
    return cause as ApplicationFailure;
  }

  /** The closed work item of a failed run, and its `call.failed` event's error. */
  async function failedItem(handle: RunHandle) {
    const state = await handle.query(stateQuery);
    expect(state.status).toBe('failed');
    const item = await workStore(stack(), state);
    expect(item.status).toBe('failed');
    expect(item.actions).toEqual(['work_item.created', 'call.failed', 'work_item.closed']);
    const event = item.auditEvents.find((e) => e.action === 'call.failed');
    return { item, error: String((event?.data as { error?: unknown }).error) };
  }

  it('sends the rendered request with an Idempotency-Key and records call.succeeded', async () => {
    const handle = await startRun(
      stack(),
      callFlow({
        method: 'POST',
        destination: 'crm',
        path: '/deals/{{vendor}}',
        payload: '{"vendor": "{{vendor}}", "amount": {{amount}}}',
      }),
      { amount: 1200, vendor: 'Acme "Co"/1' },
    );
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', fields: { ok: true } });
    const [request, ...others] = receiver.to('/api/deals');
    expect(others).toEqual([]);
    expect(request).toMatchObject({ method: 'POST', path: '/api/deals/Acme%20%22Co%22%2F1' });
    expect(JSON.parse(request?.body ?? '')).toEqual({ vendor: 'Acme "Co"/1', amount: 1200 });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(`${handle.workflowId}:push:1:call`);
    const item = await workStore(stack(), result);
    expect(item.actions).toEqual([
      'work_item.created',
      'call.succeeded',
      'work_item.updated',
      'work_item.closed',
    ]);
    const data = item.auditEvents[1]?.data as Record<string, unknown>;
    expect(data).toMatchObject({ step: 'push', destination: 'crm', status: 201 });
    expect(String(data.body)).toHaveLength(2000);
  });

  it('retries a 503 with backoff and records one success; each attempt has the same key', async () => {
    const handle = await startRun(
      stack(),
      callFlow({ method: 'PUT', destination: 'crm', path: '/flaky', retries: quickRetries }),
    );
    const result = await handle.result();
    expect(result.status).toBe('completed');
    const attempts = receiver.to('/api/flaky');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['idempotency-key']))).toEqual(
      new Set([`${handle.workflowId}:push:1:call`]),
    );
    const item = await workStore(stack(), result);
    expect(item.actions.filter((a) => a === 'call.succeeded')).toHaveLength(1);
    expect(item.auditEvents[1]?.data).toMatchObject({ status: 200, body: '{"ok":1}' });
  });

  it('does not retry a 400: the run fails at once, its item closed as failed', async () => {
    const handle = await startRun(
      stack(),
      callFlow({ method: 'POST', destination: 'crm', path: '/bad', retries: quickRetries }),
    );
    const failure = await failureOf(handle);
    expect(failure.message).toMatch(/^step push: HttpClientError: POST crm \/bad answered 400/);
    expect(receiver.to('/api/bad')).toHaveLength(1);
    const { error } = await failedItem(handle);
    expect(error).toContain('answered 400: {"error":"no"}');
  });

  it('ends the run as failed when every attempt fails, with the last error', async () => {
    const handle = await startRun(
      stack(),
      callFlow({
        method: 'DELETE',
        destination: 'crm',
        path: '/down',
        retries: { maxAttempts: 2, backoff: 'PT1S' },
      }),
    );
    const failure = await failureOf(handle);
    expect(failure.message).toContain('HttpServerError: DELETE crm /down answered 503: down');
    expect(receiver.to('/api/down')).toHaveLength(2);
    const { item } = await failedItem(handle);
    expect(item.fields).not.toHaveProperty('ok');
  });

  it('gives up an attempt after the step timeout and retries it', async () => {
    const handle = await startRun(
      stack(),
      callFlow({
        method: 'GET',
        destination: 'crm',
        path: '/hang',
        timeout: 'PT1S',
        retries: { maxAttempts: 2, backoff: 'PT1S' },
      }),
    );
    const failure = await failureOf(handle);
    expect(failure.message).toBe(
      'step push: HttpNetworkError: GET crm /hang failed: no answer within 1000ms',
    );
    expect(receiver.to('/api/hang')).toHaveLength(2);
    await failedItem(handle);
  });

  it('refuses a path that leaves the destination, sending nothing', async () => {
    const handle = await startRun(
      stack(),
      callFlow({ method: 'GET', destination: 'crm', path: '/{{vendor}}/internal/secrets' }),
      { amount: 1, vendor: '..' },
    );
    const failure = await failureOf(handle);
    expect(failure.message).toContain('DestinationNotAllowed');
    expect(failure.message).toContain('leaves destination "crm"');
    expect(receiver.to('/internal')).toEqual([]);
    await failedItem(handle);
  });

  it("refuses a flow destination outside the operator's allow-list, sending nothing", async () => {
    const handle = await startRun(
      stack(),
      callFlow({ method: 'GET', destination: 'internal', path: '/secrets' }),
    );
    const failure = await failureOf(handle);
    expect(failure.message).toContain(
      `DestinationNotAllowed: destination "internal" (${receiver.url}/internal) is not on the operator's allow-list`,
    );
    expect(receiver.to('/internal')).toEqual([]);
    await failedItem(handle);
  });

  it('refuses a flow whose call names a destination it does not declare', async () => {
    const flow = callFlow({ method: 'GET', destination: 'billing', path: '/x' });
    const handle = await startRun(stack(), flow);
    const error: unknown = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('InvalidFlow');
    expect(cause.message).toContain('destination "billing" is not on the allow-list');
  });

  itReplaysEveryRun();
});
