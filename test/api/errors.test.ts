import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startTestStack, type TestStack } from '../helpers/stack';
import { withKey } from '../helpers/identity';

describe('the API on bad input', () => {
  let db: TestDatabase;
  let stack: TestStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startTestStack(db.url, 2);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const postRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.apiUrl}/runs`, {
      method: 'POST',
      headers: { ...withKey(stack.adminKey), ...headers },
      body,
    });

  async function expectError(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    const body = (await res.json()) as {
      error: { code: string; message: string; details?: unknown };
    };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    return body.error;
  }

  it('rejects a body that is not JSON with 400 invalid_json', async () => {
    await expectError(await postRaw('{"title": '), 400, 'invalid_json');
  });

  it('names every invalid or unknown field of a run request', async () => {
    const error = await expectError(
      await postRaw(JSON.stringify({ requester: 'not-an-email', colour: 'red', priority: 'asap' })),
      400,
      'invalid_body',
    );
    const paths = (error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['', 'priority', 'title']);
  });

  it('rejects a malformed Idempotency-Key header', async () => {
    const body = JSON.stringify({ title: 'x' });
    await expectError(
      await postRaw(body, { 'Idempotency-Key': 'has spaces' }),
      400,
      'invalid_header',
    );
  });

  it('answers 409 not_a_flow_run for the step state and events of an intake run', async () => {
    const started = await postRaw(JSON.stringify({ title: 'Laptop' }));
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const auth = withKey(stack.adminKey);
    await expectError(
      await fetch(`${stack.apiUrl}/runs/${id}/state`, { headers: auth }),
      409,
      'not_a_flow_run',
    );
    await expectError(
      await fetch(`${stack.apiUrl}/runs/${id}/events`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'go-ahead' }),
      }),
      409,
      'not_a_flow_run',
    );
  });

  it('answers 404 run_not_found for a run that does not exist', async () => {
    await expectError(
      await fetch(`${stack.apiUrl}/runs/run-missing`, { headers: withKey(stack.adminKey) }),
      404,
      'run_not_found',
    );
  });

  it('answers 404 not_found for an unknown route', async () => {
    await expectError(
      await fetch(`${stack.apiUrl}/nothing-here`, { headers: withKey(stack.adminKey) }),
      404,
      'not_found',
    );
  });
});
