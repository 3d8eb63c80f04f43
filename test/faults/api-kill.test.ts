import { randomUUID } from 'node:crypto';
import { verifyAuditChain } from '../../src/db/audit-chain';
import { migrateDatabase } from '../../src/db/migrate';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import type { Flow } from '../../src/dsl';
import { freePort } from '../../src/free-port';
import { logger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { testTemporalAddress } from '../helpers/env';
import { kill, sleep, startProcess, startWorker, type Proc } from '../helpers/faults';
import { withKey } from '../helpers/identity';
import { eventually } from '../helpers/stack';

// The API dies between sending a decision's Update and answering it: 50 approvals are decided
// while the worker is paused (so each Update waits on the run), the API is SIGKILLed with every
// request unanswered, the worker resumes, and each client retries on a new API process with the
// same Idempotency-Key. Each gets the one decision its run took, and nothing is written twice.

const RUNS = 50;
const APPROVER = 'vic@example.com';

const flow: Flow = {
  name: 'api-kill',
  description: 'one approval, then word to the requester',
  version: 1,
  ownerTeam: 'ops',
  trigger: { type: 'request', fields: [] },
  steps: [
    {
      type: 'approval',
      id: 'approve',
      approvers: [{ type: 'person', email: APPROVER }],
      mode: 'any',
    },
    { type: 'notify', id: 'told', to: [{ type: 'requester' }], message: 'Approved' },
  ],
};

describe('the API killed between a decision and its answer', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const procs: Proc[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
  });

  afterAll(async () => {
    for (const proc of procs) {
      proc.child.kill('SIGCONT');
      await kill(proc);
    }
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('answers each retry with the one decision the run took', async () => {
    const adminKey = `fault-admin-${randomUUID()}`;
    const port = await freePort();
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      PLAINFLOW_TASK_QUEUE: `fault-api-${randomUUID()}`,
      PLAINFLOW_ADMIN_KEY: adminKey,
      PLAINFLOW_RATE_BURST: '10000',
      PORT: String(port),
    };
    const startApi = async () => {
      const api = startProcess('src/api/server.ts', env, 'API listening');
      procs.push(api);
      await api.started;
      return api;
    };
    const worker = startWorker(env);
    procs.push(worker);
    let api = await startApi();
    await worker.started;
    const call = async (
      key: string,
      method: string,
      path: string,
      body?: unknown,
      idem?: string,
    ) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { ...withKey(key), ...(idem ? { 'Idempotency-Key': idem } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    expect((await call(adminKey, 'POST', '/flows', { flow })).status).toBe(201);
    expect(
      (await call(adminKey, 'POST', '/users', { email: APPROVER, role: 'member' })).status,
    ).toBe(201);
    const approverKey = String(
      (await call(adminKey, 'POST', '/keys', { name: 'vic', email: APPROVER })).body.key,
    );
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      ids.push(String((await call(adminKey, 'POST', '/flows/api-kill/runs', {})).body.id));
    }
    const openApprovals = () =>
      prisma.task.count({ where: { stepPath: 'approve', status: 'open' } });
    await eventually(async () => ((await openApprovals()) === RUNS ? true : undefined), 60_000);

    // The worker pauses: each decision's Update reaches Temporal and waits for the run.
    worker.child.kill('SIGSTOP');
    const decide = (id: string) =>
      call(
        approverKey,
        'POST',
        `/runs/${id}/steps/approve/decide`,
        { decision: 'approve' },
        `decide-${id}`,
      );
    const unanswered = ids.map((id) =>
      decide(id).then(
        () => 'answered',
        () => 'lost',
      ),
    );
    // Each request has taken its key (the record waits for its answer) and sent its Update.
    await eventually(async () =>
      (await prisma.idempotencyRecord.count({ where: { status: null } })) === RUNS
        ? true
        : undefined,
    );
    await sleep(1_000);
    await kill(api);
    expect(await Promise.all(unanswered)).toEqual(Array(RUNS).fill('lost'));
    expect(await openApprovals()).toBe(RUNS);
    worker.child.kill('SIGCONT');

    api = await startApi();
    const retries = await Promise.all(ids.map((id) => decide(id)));
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      const decisions = retry.body.decisions as {
        stepId: string;
        actor: string;
        decision: string;
      }[];
      expect(decisions).toEqual([
        expect.objectContaining({ stepId: 'approve', actor: APPROVER, decision: 'approved' }),
      ]);
    }

    await eventually(
      async () =>
        (await prisma.workItem.count({ where: { status: 'completed' } })) === RUNS
          ? true
          : undefined,
      60_000,
    );
    const items = await prisma.workItem.findMany({
      include: { tasks: true, notifications: true, auditEvents: { orderBy: { seq: 'asc' } } },
    });
    expect(items).toHaveLength(RUNS);
    for (const item of items) {
      expect(verifyAuditChain(item.auditEvents)).toEqual({ ok: true });
      expect(item.auditEvents.map((e) => e.action)).toEqual([
        'work_item.created',
        'approval.requested',
        'approval.decided',
        'approval.completed',
        'notification.queued',
        'work_item.closed',
      ]);
      expect(item.tasks.map((t) => [t.stepPath, t.status, t.decision, t.decidedBy])).toEqual([
        ['approve', 'done', 'approved', APPROVER],
      ]);
      expect(item.notifications).toHaveLength(1);
    }
  }, 240_000);
});
