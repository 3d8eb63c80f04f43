import type { FlowRunState } from '../../src/workflows';
import { flowWith } from '../workflows/interpreter-harness';
import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';

type Json = Record<string, unknown>;

describe('acting on runs of deployed flows over HTTP', () => {
  const { stack } = useTestStack();

  const keys = new Map<string, string>();
  const keyOf = async (email: string) => {
    const key = keys.get(email) ?? (await stack().keyFor(email));
    keys.set(email, key);
    return key;
  };
  /** A request by `as` (default: the admin), who is the actor of any step action. */
  const request = async (method: string, path: string, body?: unknown, as?: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(as === undefined ? stack().adminKey : await keyOf(as)),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const post = (path: string, body: unknown) => request('POST', path, body);
  const postAs = (as: string, path: string, body: unknown) => request('POST', path, body, as);
  const error = (body: Json) => body.error as { code: string; message: string; details?: unknown };

  /** The run's state once it waits on `stepId`. */
  const waitingAt = (id: string, stepId: string) =>
    eventually(async () => {
      const { status, body } = await request('GET', `/runs/${id}/state`);
      expect(status).toBe(200);
      const state = body as unknown as FlowRunState;
      return state.current.some((c) => c.stepId === stepId) ? state : undefined;
    });

  const startRun = async (): Promise<string> => {
    const res = await postAs('ann@example.com', '/flows/api-flow/runs', {
      fields: { amount: 900 },
    });
    expect(res.status).toBe(201);
    return String(res.body.id);
  };

  beforeAll(async () => {
    const flow = flowWith(
      [
        { type: 'wait', id: 'go', for: { type: 'event', event: 'go' } },
        {
          type: 'task',
          id: 'fill',
          title: 'Get a quote',
          assignee: { type: 'requester' },
          form: [{ name: 'quote_id', type: 'text' }],
        },
        { type: 'approval', id: 'review', approvers: [{ type: 'role', role: 'cfo' }], mode: 'any' },
        { type: 'handoff', id: 'pass', to: { type: 'person', email: 'bob@example.com' } },
      ],
      'api-flow',
    );
    const cfo = await request('PUT', '/directory/roles/cfo', { members: ['cfo@example.com'] });
    expect(cfo.status).toBe(201);
    const deployed = await post('/flows', { flow });
    expect(deployed).toMatchObject({ status: 201 });
  });

  it('delivers an event, then completes, decides and accepts, each answering with the new state', async () => {
    const id = await startRun();
    await waitingAt(id, 'go');
    const event = await post(`/runs/${id}/events`, { name: 'go' });
    expect(event).toEqual({ status: 202, body: { id, event: 'go', delivered: true } });

    await waitingAt(id, 'fill');
    const completed = await postAs('ann@example.com', `/runs/${id}/steps/fill/complete`, {
      fields: { quote_id: 'Q-1' },
      comment: 'done',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: 'running',
      fields: { amount: 900, quote_id: 'Q-1' },
      decisions: [{ stepId: 'fill', actor: 'ann@example.com', decision: 'completed' }],
    });

    await waitingAt(id, 'review');
    const decided = await postAs('cfo@example.com', `/runs/${id}/steps/review/decide`, {
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    expect((decided.body as unknown as FlowRunState).decisions.map((d) => d.decision)).toEqual([
      'completed',
      'approved',
    ]);

    await waitingAt(id, 'pass');
    const accepted = await postAs('bob@example.com', `/runs/${id}/steps/pass/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ holder: 'person:bob@example.com' });

    const final = await eventually(async () => {
      const { body } = await request('GET', `/runs/${id}/state`);
      return body.status === 'completed' ? body : undefined;
    });
    expect(final).toMatchObject({ status: 'completed', current: [] });
  });

  it("refuses a wrong actor, a step that is not waiting and a bad form with the run's message", async () => {
    const id = await startRun();
    await post(`/runs/${id}/events`, { name: 'go' });
    await waitingAt(id, 'fill');
    const wrongActor = await postAs('mallory@example.com', `/runs/${id}/steps/fill/complete`, {
      fields: { quote_id: 'Q-evil' },
    });
    expect(wrongActor.status).toBe(409);
    expect(error(wrongActor.body)).toEqual({
      code: 'action_rejected',
      message:
        'mallory@example.com may not complete fill: it is assigned to person:ann@example.com',
    });
    const notWaiting = await postAs('cfo@example.com', `/runs/${id}/steps/review/decide`, {
      decision: 'approve',
    });
    expect(notWaiting.status).toBe(409);
    expect(error(notWaiting.body).message).toBe('step review is not waiting');
    const badForm = await postAs('ann@example.com', `/runs/${id}/steps/fill/complete`, {
      fields: { quote_id: 12 },
    });
    expect(badForm.status).toBe(409);
    expect(error(badForm.body).message).toMatch(/^step fill: .*quote_id/);
    const state = await waitingAt(id, 'fill');
    expect(state.decisions).toEqual([]);
  });

  it('reassigns, refuses a delegation the step does not allow, and checks the delegate', async () => {
    const id = await startRun();
    await post(`/runs/${id}/events`, { name: 'go' });
    await waitingAt(id, 'fill');
    const reassigned = await postAs('ann@example.com', `/runs/${id}/steps/fill/reassign`, {
      to: 'person:carol@example.com',
      comment: 'Carol has the quote',
    });
    expect(reassigned.status).toBe(200);
    const fill = (reassigned.body as unknown as FlowRunState).current.find(
      (c) => c.stepId === 'fill',
    );
    expect(fill?.pending).toEqual(['person:carol@example.com']);
    const completed = await postAs('carol@example.com', `/runs/${id}/steps/fill/complete`, {
      fields: { quote_id: 'Q-2' },
    });
    expect(completed).toMatchObject({ status: 200, body: { fields: { quote_id: 'Q-2' } } });

    await waitingAt(id, 'review');
    const badDelegate = await postAs('cfo@example.com', `/runs/${id}/steps/review/delegate`, {
      to: 'not an email',
    });
    expect(badDelegate.status).toBe(400);
    expect(error(badDelegate.body)).toMatchObject({
      code: 'invalid_body',
      details: [expect.objectContaining({ path: 'to' })],
    });
    const refused = await postAs('cfo@example.com', `/runs/${id}/steps/review/delegate`, {
      to: 'dan@example.com',
    });
    expect(refused.status).toBe(409);
    expect(error(refused.body).message).toBe('step review does not allow delegation');
  });

  it('answers 400 naming the fields of a bad body, before asking the run', async () => {
    const id = await startRun();
    const bad = await post(`/runs/${id}/steps/review/decide`, {
      decision: 'maybe',
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(error(bad.body).code).toBe('invalid_body');
    const paths = (error(bad.body).details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['decision', '']));
    const badEvent = await post(`/runs/${id}/events`, { name: '' });
    expect(badEvent.status).toBe(400);
    expect(error(badEvent.body).details).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('refuses an event no step of the flow waits for, and still takes the awaited one', async () => {
    const id = await startRun();
    await waitingAt(id, 'go');
    const stray = await post(`/runs/${id}/events`, { name: 'launch' });
    expect(stray.status).toBe(422);
    expect(error(stray.body)).toEqual({
      code: 'unknown_event',
      message:
        'Flow "api-flow" version 1 has no step waiting for the event "launch" (it waits for go)',
    });
    expect((await post(`/runs/${id}/events`, { name: 'go' })).status).toBe(202);
    await waitingAt(id, 'fill');
  });

  it('answers 404 for an unknown run and 409 for a closed one', async () => {
    const unknown = await postAs('ann@example.com', '/runs/run-nope/steps/fill/complete', {});
    expect(unknown.status).toBe(404);
    expect(error(unknown.body)).toEqual({
      code: 'run_not_found',
      message: 'No run with id "run-nope"',
    });
    expect((await request('GET', '/runs/run-nope/state')).status).toBe(404);
    expect((await post('/runs/run-nope/events', { name: 'go' })).status).toBe(404);

    const id = await startRun();
    await waitingAt(id, 'go');
    await stack().temporal.workflow.getHandle(id).terminate('test: close the run');
    const closed = await postAs('ann@example.com', `/runs/${id}/steps/fill/complete`, {});
    expect(closed.status).toBe(409);
    expect(error(closed.body)).toEqual({
      code: 'run_closed',
      message: `Run "${id}" has ended (TERMINATED)`,
    });
    const lateEvent = await post(`/runs/${id}/events`, { name: 'go' });
    expect(lateEvent.status).toBe(409);
    expect(error(lateEvent.body).code).toBe('run_closed');
  });
});
