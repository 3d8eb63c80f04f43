import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../src/activities';
import { verifyAuditChain } from '../src/db/audit-chain';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createTestDatabase } from './helpers/database';
import { withKey } from './helpers/identity';
import { eventually, startTestStack, type TestStack } from './helpers/stack';

interface Backend {
  url: string;
  poolSize: number;
  stop(): Promise<void>;
}

async function realPostgres(): Promise<Backend> {
  const db = await createTestDatabase();
  return { url: db.url, poolSize: 4, stop: () => db.drop() };
}

async function embeddedPglite(): Promise<Backend> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-pglite-'));
  const pg = await startEmbeddedPostgres(dir);
  return {
    url: pg.url,
    poolSize: 1,
    async stop() {
      await pg.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

interface RunView {
  id: string;
  temporalStatus: string;
  flowName: string | null;
  flowStatus: string | null;
  workItem: {
    id: string;
    title: string;
    requester: string;
    priority: string;
    fields: Record<string, unknown>;
    auditEvents: { seq: number; action: string; actor: string }[];
  } | null;
}

describe.each([
  ['real PostgreSQL', realPostgres],
  ['embedded PGlite', embeddedPglite],
])('a run on %s', (_name, makeBackend) => {
  let backend: Backend;
  let stack: TestStack;

  beforeAll(async () => {
    backend = await makeBackend();
    stack = await startTestStack(backend.url, backend.poolSize);
  });

  afterAll(async () => {
    await stack?.stop();
    await backend?.stop();
  });

  // Runs are requested by whoever the key belongs to.
  const post = async (requester: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.apiUrl}/runs`, {
      method: 'POST',
      headers: { ...withKey(await stack.keyFor(requester)), ...headers },
      body: JSON.stringify(body),
    });

  const completedRun = (id: string) =>
    eventually(async () => {
      const res = await fetch(`${stack.apiUrl}/runs/${id}`, { headers: withKey(stack.adminKey) });
      expect(res.status).toBe(200);
      const view = (await res.json()) as RunView;
      return view.temporalStatus === 'COMPLETED' ? view : undefined;
    });

  it('POST /runs starts a workflow that opens a work item with its audit event', async () => {
    const res = await post('ann@example.com', {
      title: 'New laptop',
      priority: 'high',
      fields: { amount: 1200, vendor: 'Acme' },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(res.headers.get('location')).toBe(`/runs/${id}`);

    const view = await completedRun(id);
    expect(view).toMatchObject({
      flowName: 'intake',
      flowStatus: 'completed',
      workItem: {
        title: 'New laptop',
        requester: 'ann@example.com',
        priority: 'high',
        fields: { amount: 1200, vendor: 'Acme' },
        auditEvents: [{ seq: 1, action: 'work_item.created', actor: 'ann@example.com' }],
      },
    });

    const items = await stack.prisma.workItem.findMany({
      where: { workflowId: id },
      include: { auditEvents: { orderBy: { seq: 'asc' } } },
    });
    expect(items).toHaveLength(1);
    expect(items[0]!.auditEvents).toHaveLength(1);
    expect(verifyAuditChain(items[0]!.auditEvents)).toEqual({ ok: true });
  });

  it('keeps the run findable by its search attributes', async () => {
    const res = await post('bob@example.com', { title: 'Badge' });
    const { id } = (await res.json()) as { id: string };
    const view = await completedRun(id);
    const query = `FlowName = 'intake' AND FlowStatus = 'completed' AND WorkItemId = '${view.workItem!.id}'`;
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const run of stack.temporal.workflow.list({ query })) ids.push(run.workflowId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([id]);
  });

  it('answers a retried POST with the same Idempotency-Key with the same run', async () => {
    const key = `order-${Date.now()}`;
    const body = { title: 'Chair' };
    const first = await post('cy@example.com', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    await completedRun(id);
    const again = await post('cy@example.com', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ id, created: true });
    expect(await stack.prisma.workItem.count({ where: { workflowId: id } })).toBe(1);
  });

  it('writes one work item and one audit event when the activity is retried', async () => {
    const { createWorkItem } = createActivities({
      prisma: stack.prisma,
      clock: { now: () => new Date('2026-01-05T09:00:00Z') },
    });
    const input = {
      workflowId: `retry-${Date.now()}`,
      flowName: 'intake',
      title: 'Retried',
      requester: 'dee@example.com',
      priority: 'normal',
      fields: {},
    };
    const first = await createWorkItem(input);
    const second = await createWorkItem(input);
    expect(second).toEqual(first);
    expect(await stack.prisma.workItem.count({ where: { workflowId: input.workflowId } })).toBe(1);
    expect(await stack.prisma.auditEvent.count({ where: { workItemId: first.workItemId } })).toBe(
      1,
    );
  });
});
