import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

type Json = Record<string, unknown>;

describe('Idempotency-Key on the routes that create', () => {
  const { stack } = useTestStack();

  const post = async (key: string, path: string, body: unknown, idempotencyKey?: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method: 'POST',
      headers: {
        ...withKey(key),
        ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      replayed: res.headers.get('idempotent-replayed'),
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Json,
    };
  };
  const runsOf = (flowName: string) => stack().prisma.workItem.count({ where: { flowName } });

  beforeAll(async () => {
    const flow = flowWith(
      [{ type: 'task', id: 'look', title: 'Look', assignee: { type: 'requester' } }],
      'once-only',
    );
    expect((await post(stack().adminKey, '/flows', { flow })).status).toBe(201);
  });

  it('starts one run for any number of retries, sequential or at once, and replays its answer', async () => {
    const key = await stack().keyFor('ivy@example.com');
    const body = { fields: { amount: 5 } };
    const first = await post(key, '/flows/once-only/runs', body, 'order-1');
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(key, '/flows/once-only/runs', body, 'order-1')),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 201, replayed: 'true', body: first.body });
    }
    const racing = await Promise.all(
      Array.from({ length: 10 }, () => post(key, '/flows/once-only/runs', body, 'order-2')),
    );
    const ids = new Set(racing.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const r of racing.filter((r) => r.status !== 201)) {
      expect(r).toMatchObject({ status: 409, retryAfter: '1' });
      expect((r.body.error as { code: string }).code).toBe('idempotency_in_progress');
    }
    // Two keys, two runs: each opens its work item once, and nothing else appears after.
    await eventually(async () => ((await runsOf('once-only')) >= 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await runsOf('once-only')).toBe(2);
  });

  it('refuses the same key with another body with 422, and keeps keys apart per user', async () => {
    const ivy = await stack().keyFor('ivy@example.com');
    const jon = await stack().keyFor('jon@example.com');
    const first = await post(ivy, '/flows/once-only/runs', { fields: { amount: 1 } }, 'k-3');
    expect(first.status).toBe(201);
    const changed = await post(ivy, '/flows/once-only/runs', { fields: { amount: 2 } }, 'k-3');
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ code: 'idempotency_key_reused' });
    const other = await post(jon, '/flows/once-only/runs', { fields: { amount: 1 } }, 'k-3');
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    const intake = await post(ivy, '/runs', { title: 'Desk' }, 'k-3');
    expect(intake.status).toBe(201);
    const intakeChanged = await post(ivy, '/runs', { title: 'Chair' }, 'k-3');
    expect(intakeChanged.status).toBe(422);
  });

  it('keeps nothing from a refused first request, so the corrected one may use the key', async () => {
    const ivy = await stack().keyFor('ivy@example.com');
    const bad = await post(ivy, '/flows/once-only/runs', { fields: { amount: 'many' } }, 'k-4');
    expect(bad.status).toBe(400);
    const good = await post(ivy, '/flows/once-only/runs', { fields: { amount: 3 } }, 'k-4');
    expect(good).toMatchObject({ status: 201, replayed: null });
  });

  it('deploys one version for a retried deploy', async () => {
    const flow = flowWith([{ type: 'end', id: 'done', status: 'completed' }], 'deployed-once');
    const first = await post(stack().adminKey, '/flows', { flow }, 'deploy-1');
    const again = await post(stack().adminKey, '/flows', { flow }, 'deploy-1');
    expect(first.body).toMatchObject({ name: 'deployed-once', version: 1 });
    expect(again).toMatchObject({ status: 201, replayed: 'true', body: first.body });
    expect(
      await stack().prisma.flowVersion.count({ where: { flow: { name: 'deployed-once' } } }),
    ).toBe(1);
  });
});
