import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { verifyAuditChain } from '../src/db/audit-chain';
import { migrateDatabase } from '../src/db/migrate';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import type { Flow } from '../src/dsl';
import { logger } from '../src/logger';
import { connectClient } from '../src/temporal/connection';
import {
  completeTaskUpdate,
  decideUpdate,
  flowRunWorkflow,
  type FlowRunState,
} from '../src/workflows';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { processEnv, testTemporalAddress } from './helpers/env';

// Crash safety: 50 runs go through tasks, approvals, timers and notifications while the worker
// process is SIGKILLed twice and restarted. Every run must still complete, and the work store
// must hold each task, decision, notification and audit event exactly once.

const RUNS = 50;
const root = path.resolve(__dirname, '..');

const crashFlow: Flow = {
  name: 'crash-test',
  description: 'tasks, approvals, timers and notifications for the crash test',
  version: 1,
  ownerTeam: 'ops',
  trigger: { type: 'request', fields: [{ name: 'amount', type: 'number' }] },
  steps: [
    { type: 'task', id: 'prepare', title: 'Prepare {{amount}}', assignee: { type: 'requester' } },
    {
      type: 'parallel',
      id: 'checks',
      branches: [
        {
          steps: [
            {
              type: 'approval',
              id: 'review',
              approvers: [{ type: 'manager' }],
              mode: 'any',
            },
          ],
        },
        {
          steps: [
            { type: 'wait', id: 'cool_off', for: { type: 'duration', duration: 'PT1S' } },
            {
              type: 'notify',
              id: 'heads_up',
              to: [{ type: 'role', role: 'cfo' }],
              message: 'Sign-off for {{amount}} is coming',
            },
          ],
        },
      ],
    },
    {
      type: 'approval',
      id: 'signoff',
      approvers: [{ type: 'role', role: 'cfo' }],
      mode: 'any',
      timeout: { after: 'PT2S', then: { type: 'approve' } },
    },
    {
      type: 'notify',
      id: 'done',
      to: [{ type: 'requester' }],
      message: 'Request {{amount}} went through',
    },
  ],
};

// What each run writes, however often the worker dies (the parallel branches interleave).
const EXPECTED_ACTIONS = [
  'work_item.created',
  'task.opened',
  'task.completed',
  'approval.requested',
  'notification.queued',
  'approval.decided',
  'approval.completed',
  'approval.requested',
  'approval.timed_out',
  'approval.completed',
  'notification.queued',
  'work_item.closed',
];

interface WorkerProcess {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<void>;
}

function startWorker(env: Record<string, string>): WorkerProcess {
  // tsx as a loader, not its CLI: the CLI runs the script in a child, which SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: processEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.includes('worker started')) resolve();
    });
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    void exited.then(() => reject(new Error(`the worker exited before starting:\n${output}`)));
  });
  started.catch(() => undefined);
  return { child, started, exited };
}

async function kill(worker: WorkerProcess): Promise<void> {
  worker.child.kill('SIGKILL');
  await worker.exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends an update until the run takes it: while the worker is down or the step is not open yet
 * the call fails or is rejected, and the driver tries again. A run that completed took it (a
 * send whose answer a crash lost, then a retry the closing run aborted); a run that closed any
 * other way fails the driver. What each run wrote is checked afterwards, exactly once.
 */
async function persist(
  handle: WorkflowHandle<typeof flowRunWorkflow>,
  send: () => Promise<FlowRunState>,
  deadline: number,
): Promise<void> {
  for (;;) {
    try {
      await send();
      return;
    } catch (error) {
      const { status } = await handle.describe();
      if (status.name === 'COMPLETED') return;
      if (status.name !== 'RUNNING' || Date.now() > deadline) throw error;
      await sleep(300);
    }
  }
}

describe('crash safety', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let client: Client;
  let current: WorkerProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, logger);
    prisma = createPrisma(db.url, 2);
    client = await connectClient(testTemporalAddress());
  });

  afterAll(async () => {
    if (current) await kill(current);
    await client?.connection.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('completes 50 runs through two SIGKILLs of the worker, writing everything exactly once', async () => {
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      PLAINFLOW_TASK_QUEUE: `crash-${randomUUID()}`,
      PLAINFLOW_DB_POOL_SIZE: '4',
    };
    current = startWorker(env);
    await current.started;

    const handles: WorkflowHandle<typeof flowRunWorkflow>[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      handles.push(
        await client.workflow.start(flowRunWorkflow, {
          taskQueue: env.PLAINFLOW_TASK_QUEUE,
          workflowId: `crash-${i}-${randomUUID()}`,
          args: [{ flow: crashFlow, requester: 'ann@example.com', fields: { amount: i } }],
        }),
      );
    }

    const closedRuns = () => prisma.workItem.count({ where: { status: { not: 'open' } } });
    const deadline = Date.now() + 240_000;
    let prepared = 0;
    let reviewed = 0;
    const drivers = handles.map(async (handle) => {
      await persist(
        handle,
        () =>
          handle.executeUpdate(completeTaskUpdate, {
            args: [{ stepId: 'prepare', actor: 'ann@example.com' }],
          }),
        deadline,
      );
      prepared += 1;
      await persist(
        handle,
        () =>
          handle.executeUpdate(decideUpdate, {
            args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
          }),
        deadline,
      );
      reviewed += 1;
    });

    // A driver that gives up fails the test at once rather than leaving the crashes waiting.
    const driving = Promise.all(drivers);
    let driverFailed = false;
    driving.catch(() => (driverFailed = true));
    const until = async (reached: () => boolean) => {
      while (!reached() && !driverFailed) await sleep(100);
    };

    // First crash while tasks are being completed, the second while approvals and timers run.
    await until(() => prepared >= RUNS / 5);
    const atFirstCrash = await closedRuns();
    await kill(current);
    await sleep(1_000);
    current = startWorker(env);
    await current.started;
    await until(() => reviewed >= RUNS / 2);
    const atSecondCrash = await closedRuns();
    await kill(current);
    await sleep(1_000);
    current = startWorker(env);
    await current.started;

    await driving;
    // Both crashes hit while runs were still open.
    expect(atFirstCrash).toBeLessThan(RUNS);
    expect(atSecondCrash).toBeLessThan(RUNS);
    const results = await Promise.all(handles.map((handle) => handle.result()));
    expect(results.map((r) => r.status)).toEqual(Array(RUNS).fill('completed'));

    const items = await prisma.workItem.findMany({
      include: {
        tasks: { orderBy: { createdAt: 'asc' } },
        notifications: true,
        auditEvents: { orderBy: { seq: 'asc' } },
      },
    });
    expect(items).toHaveLength(RUNS);
    for (const item of items) {
      expect(verifyAuditChain(item.auditEvents)).toEqual({ ok: true });
      expect(item.status).toBe('completed');
      const actions = item.auditEvents.map((e) => e.action);
      expect([...actions].sort()).toEqual([...EXPECTED_ACTIONS].sort());
      expect([actions[0], actions.at(-1)]).toEqual(['work_item.created', 'work_item.closed']);
      expect(item.tasks.map((t) => [t.stepPath, t.status, t.decision, t.decidedBy])).toEqual([
        ['prepare', 'done', null, 'ann@example.com'],
        ['review', 'done', 'approved', 'manager'],
        // The time limit approved it: the row expired, the audit trail says approval.timed_out.
        ['signoff', 'expired', null, null],
      ]);
      expect(item.notifications.map((n) => n.stepPath).sort()).toEqual(['done', 'heads_up']);
    }
  }, 300_000);
});
