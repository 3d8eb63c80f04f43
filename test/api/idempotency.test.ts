import { createHash } from 'node:crypto';
import { keyDigest } from '../../src/api/idempotency';
import { canonicalJson } from '../../src/db/audit-chain';
import { decideUpdate, stateQuery } from '../../src/workflows';
import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

type Json = Record<string, unknown>;

/**
 * A POST with an optional Idempotency-Key, and what of its answer these tests look at; a string
 * body is sent as the JSON text it is.
 */
async function postTo(
  apiUrl: string,
  key: string,
  path: string,
  body: unknown,
  idempotencyKey?: string,
) {
  const res = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: {
      ...withKey(key),
      ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Json,
  };
}

describe('Idempotency-Key on the routes that create', () => {
  const { stack } = useTestStack();

  const post = (key: string, path: string, body: unknown, idempotencyKey?: string) =>
    postTo(stack().apiUrl, key, path, body, idempotencyKey);
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

describe('Idempotency-Key on step actions', () => {
  const { stack } = useTestStack();
  const approver = 'vera@example.com';

  const post = (key: string, path: string, body: unknown, idempotencyKey?: string) =>
    postTo(stack().apiUrl, key, path, body, idempotencyKey);
  const decisionsOf = (runId: string) =>
    stack().prisma.auditEvent.count({
      where: { workItem: { workflowId: runId }, action: 'approval.decided' },
    });

  /** A run of `flow` waiting on Vera's approval. */
  const waitingRun = async (flow: string) => {
    const started = await post(stack().adminKey, `/flows/${flow}/runs`, { fields: { amount: 1 } });
    const id = String(started.body.id);
    // Waiting as the run has it: its task row is written a moment before the run takes it in.
    await eventually(async () => {
      const state = await stack().temporal.workflow.getHandle(id).query(stateQuery);
      return state.current.some((step) => step.stepId === 'approve') ? true : undefined;
    });
    return id;
  };

  beforeAll(async () => {
    const approve = {
      type: 'approval' as const,
      id: 'approve',
      approvers: [{ type: 'person' as const, email: approver }],
      mode: 'any' as const,
    };
    const then = {
      type: 'task' as const,
      id: 'file',
      title: 'File',
      assignee: { type: 'requester' as const },
    };
    for (const flow of [
      flowWith([approve, then], 'approve-then-file'),
      flowWith([approve], 'approve-last'),
    ]) {
      expect((await post(stack().adminKey, '/flows', { flow })).status).toBe(201);
    }
  });

  it('takes one decision for retries, sequential or at once, each answered with it', async () => {
    const vera = await stack().keyFor(approver);
    const id = await waitingRun('approve-then-file');
    const path = `/runs/${id}/steps/approve/decide`;
    const body = { decision: 'approve', comment: 'fine' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(vera, path, body, 'decision-1')),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.decisions).toEqual(answers[0]?.body.decisions);
    }
    const again = await post(vera, path, body, 'decision-1');
    expect(again).toMatchObject({ status: 200, replayed: 'true', body: answers[0]?.body });
    expect(await decisionsOf(id)).toBe(1);
    // Another body under the same key is refused; another key is a second decision, refused by the run.
    const changed = await post(vera, path, { decision: 'reject' }, 'decision-1');
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ code: 'idempotency_key_reused' });
    const second = await post(vera, path, body, 'decision-2');
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'action_rejected' });
    expect(await decisionsOf(id)).toBe(1);
  });

  it('answers a malformed body with 400 before taking the key, which stays free for the right one', async () => {
    const vera = await stack().keyFor(approver);
    const id = await waitingRun('approve-then-file');
    const path = `/runs/${id}/steps/approve/decide`;
    // Nested deeper than a recursive walk of the body could go.
    const deep = `{"decision":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    for (const body of [{ decision: 'maybe' }, deep]) {
      const refused = await post(vera, path, body, 'decision-after-typo');
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_body' });
    }
    const right = await post(vera, path, { decision: 'approve' }, 'decision-after-typo');
    expect(right).toMatchObject({ status: 200, replayed: null });
    expect(await decisionsOf(id)).toBe(1);
  });

  it.each(['approve-then-file', 'approve-last'])(
    'answers a retry whose first request sent the update but died before answering (%s)',
    async (flow) => {
      const vera = await stack().keyFor(approver);
      const id = await waitingRun(flow);
      const path = `/runs/${id}/steps/approve/decide`;
      const body = { decision: 'reject' };
      // What a first request leaves when its API dies after sending the update: the key taken,
      // no answer kept, and the update (its id from the key) taken by the run.
      const user = await stack().prisma.user.findUniqueOrThrow({ where: { email: approver } });
      const record = { userId: user.id, route: `POST ${path}`, key: 'lost-answer' };
      await stack().prisma.idempotencyRecord.create({
        data: {
          ...record,
          requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        },
      });
      const first = await stack()
        .temporal.workflow.getHandle(id)
        .executeUpdate(decideUpdate, {
          args: [
            {
              stepId: 'approve',
              actor: approver,
              actorParties: [`person:${approver}`],
              decision: 'reject',
            },
          ],
          updateId: keyDigest(record),
        });
      const retry = await post(vera, path, body, 'lost-answer');
      expect(retry.status).toBe(200);
      expect(retry.body.decisions).toEqual(JSON.parse(JSON.stringify(first.decisions)));
      expect(await decisionsOf(id)).toBe(1);
    },
  );
});
