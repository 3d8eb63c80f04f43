import type { Client, WorkflowHandle } from '@temporalio/client';
import { verifyAuditChain } from '../../src/db/audit-chain';
import type { PrismaClient } from '../../src/db/prisma';
import type { Flow } from '../../src/dsl';
import {
  completeTaskUpdate,
  decideUpdate,
  flowRunWorkflow,
  type FlowRunState,
} from '../../src/workflows';
import { processEnv } from './env';
import { startScript, type Proc } from './processes';

export type { Proc } from './processes';

// What the fault tests share: a flow of tasks, approvals, timers and notifications, processes to
// kill, a driver that keeps sending decisions through the faults, and the check that every run
// wrote everything exactly once.

/** Tasks, approvals, timers and notifications: every kind of write a run makes. */
export const faultFlow: Flow = {
  name: 'fault-test',
  description: 'tasks, approvals, timers and notifications for the fault tests',
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

// What each run writes, however often something fails (the parallel branches interleave).
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

/** `startScript` with a test's clean environment (`processEnv`) and `env`. */
export const startProcess = (script: string, env: Record<string, string>, readyText: string) =>
  startScript(script, processEnv(env), readyText);

/** A worker process on the task queue and database `env` names. */
export const startWorker = (env: Record<string, string>) =>
  startProcess('src/worker.ts', env, 'worker started');

export async function kill(proc: Proc): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.exited;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends an update until the run takes it: while the worker (or the server, or the database) is
 * down or the step is not open yet the call fails or is rejected, and the driver tries again. A
 * run that completed took it (a send whose answer a fault lost, then a retry the closing run
 * aborted); a run that closed any other way fails the driver. What each run wrote is checked
 * afterwards, exactly once.
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
      const status = await handle.describe().then(
        (d) => d.status.name,
        () => 'UNKNOWN',
      );
      if (status === 'COMPLETED') return;
      if ((status !== 'RUNNING' && status !== 'UNKNOWN') || Date.now() > deadline) throw error;
      await sleep(300);
    }
  }
}

/** Runs of {@link faultFlow}, started on `taskQueue`, and drivers completing their steps. */
export async function startFaultRuns(
  client: Client,
  taskQueue: string,
  count: number,
  deadline: number,
) {
  const handles: WorkflowHandle<typeof flowRunWorkflow>[] = [];
  for (let i = 0; i < count; i += 1) {
    handles.push(
      await client.workflow.start(flowRunWorkflow, {
        taskQueue,
        workflowId: `fault-${i}-${Date.now()}`,
        args: [{ flow: faultFlow, requester: 'ann@example.com', fields: { amount: i } }],
      }),
    );
  }
  const progress = { prepared: 0, reviewed: 0, failed: false };
  const drivers = handles.map(async (handle) => {
    await persist(
      handle,
      () =>
        handle.executeUpdate(completeTaskUpdate, {
          args: [{ stepId: 'prepare', actor: 'ann@example.com' }],
        }),
      deadline,
    );
    progress.prepared += 1;
    await persist(
      handle,
      () =>
        handle.executeUpdate(decideUpdate, {
          args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
        }),
      deadline,
    );
    progress.reviewed += 1;
  });
  // A driver that gives up fails the test at once rather than leaving the faults waiting.
  const driving = Promise.all(drivers);
  driving.catch(() => (progress.failed = true));
  /** Waits until `reached` holds or a driver failed. */
  const until = async (reached: () => boolean) => {
    while (!reached() && !progress.failed) await sleep(100);
  };
  return { handles, progress, driving, until };
}

/** Every run completed, and wrote each task, decision, notification and audit event once. */
export async function expectEachWrittenOnce(
  prisma: PrismaClient,
  handles: WorkflowHandle<typeof flowRunWorkflow>[],
): Promise<void> {
  const results = await Promise.all(handles.map((handle) => handle.result()));
  expect(results.map((r) => r.status)).toEqual(Array(handles.length).fill('completed'));
  const items = await prisma.workItem.findMany({
    include: {
      tasks: { orderBy: { createdAt: 'asc' } },
      notifications: true,
      auditEvents: { orderBy: { seq: 'asc' } },
    },
  });
  expect(items).toHaveLength(handles.length);
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
}
