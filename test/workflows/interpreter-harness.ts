import { workflowCode } from '../../src/temporal/workflow-bundle';
import { testWorkflowBundle } from '../helpers/env';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { verifyAuditChain } from '../../src/db/audit-chain';
import type { Flow, Step } from '../../src/dsl';
import {
  flowRunWorkflow,
  stateQuery,
  type FlowRunInput,
  type FlowRunState,
} from '../../src/workflows';
import { eventually, useTestStack, type TestStack } from '../helpers/stack';

export const REQUESTER = 'ann@example.com';

/** A real PostgreSQL database and a worker on its own task queue, for one test file. */
export function useInterpreterStack(): () => TestStack {
  return useTestStack(4).stack;
}

/** A request flow with `amount` and optional fields for the tests around the given steps. */
export function flowWith(steps: Step[], name = 'test-flow'): Flow {
  return {
    name,
    description: 'a flow for interpreter tests',
    version: 3,
    ownerTeam: 'ops',
    trigger: {
      type: 'request',
      fields: [
        { name: 'amount', type: 'number' },
        { name: 'vendor', type: 'text', optional: true },
        // Fields the tests' set steps and forms write; a flow may only set declared fields.
        { name: 'size', type: 'text', optional: true },
        { name: 'x', type: 'number', optional: true },
        { name: 'due_on', type: 'date', optional: true },
        ...['late', 'left', 'right', 'joined', 'reached', 'waited', 'ok'].map((name) => ({
          name,
          type: 'boolean' as const,
          optional: true,
        })),
      ],
    },
    steps,
  };
}

export type RunHandle = WorkflowHandle<typeof flowRunWorkflow>;

// Every run a test file starts, for the replay check at its end.
const startedRuns: RunHandle[] = [];

/** Starts a run of `flow` on the stack's task queue; `extra` adds to its input (`historyLimit`). */
export async function startRun(
  stack: TestStack,
  flow: Flow,
  fields: Record<string, string | number | boolean | null> = { amount: 500 },
  extra: Partial<FlowRunInput> = {},
): Promise<RunHandle> {
  const handle = await stack.temporal.workflow.start(flowRunWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: `flow-run-${randomUUID()}`,
    args: [{ flow, requester: REQUESTER, fields, title: 'Test request', ...extra }],
  });
  startedRuns.push(handle);
  return handle;
}

/**
 * A last test: the recorded history of every closed run the file started replays against the
 * current workflow code without a non-determinism error.
 */
export function itReplaysEveryRun(): void {
  it('replays the recorded history of every run above deterministically', async () => {
    const histories = [];
    for (const handle of startedRuns) {
      const { status } = await handle.describe();
      if (status.name === 'RUNNING') continue;
      histories.push({ workflowId: handle.workflowId, history: await handle.fetchHistory() });
    }
    expect(histories.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const replays = Worker.runReplayHistories(
      { ...workflowCode(testWorkflowBundle()), replayName: 'interpreter' },
      histories,
    );
    for await (const replay of replays) {
      if (replay.error) failures.push(`${replay.workflowId}: ${String(replay.error)}`);
    }
    expect(failures).toEqual([]);
  });
}

/** The run's state once `stepId` waits on exactly `pending`. */
export function waitingOn(handle: RunHandle, stepId: string, pending: string[]) {
  return eventually(async () => {
    const state = await handle.query(stateQuery);
    const step = state.current.find((c) => c.stepId === stepId);
    return step && JSON.stringify(step.pending) === JSON.stringify(pending) ? state : undefined;
  });
}

/** The work item of a run with its tasks, notifications and audit trail, the chain verified. */
export async function workStore(stack: TestStack, state: FlowRunState) {
  const item = await stack.prisma.workItem.findUniqueOrThrow({
    where: { id: state.workItemId ?? '' },
    include: {
      tasks: { orderBy: { createdAt: 'asc' } },
      notifications: { orderBy: [{ createdAt: 'asc' }, { recipient: 'asc' }] },
      auditEvents: { orderBy: { seq: 'asc' } },
    },
  });
  expect(verifyAuditChain(item.auditEvents)).toEqual({ ok: true });
  return { ...item, actions: item.auditEvents.map((e) => e.action) };
}

/** Starts work right away and hands back its promise later, so slow timers overlap. */
export function early<T>(work: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  beforeAll(() => {
    started = work();
    // Observed here so a failure surfaces in its own test, not as an unhandled rejection.
    started.catch(() => undefined);
  });
  return () => {
    if (!started) throw new Error('not started');
    return started;
  };
}
