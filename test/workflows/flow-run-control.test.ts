import { workflowCode } from '../../src/temporal/workflow-bundle';
import { testWorkflowBundle } from '../helpers/env';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Flow, FlowDeadline, Step } from '../../src/dsl';
import { storeFlowVersion } from '../../src/db/flow-versions';
import {
  acceptHandoffUpdate,
  completeTaskUpdate,
  decideUpdate,
  eventSignal,
  flowRunWorkflow,
  type CompleteTaskRequest,
  type FlowRunState,
} from '../../src/workflows';
import { eventually } from '../helpers/stack';
import {
  early,
  flowWith,
  itReplaysEveryRun,
  REQUESTER,
  startRun,
  useInterpreterStack,
  waitingOn,
  workStore,
  type RunHandle,
} from './interpreter-harness';

const complete = (handle: RunHandle, request: CompleteTaskRequest) =>
  handle.executeUpdate(completeTaskUpdate, { args: [request] });

const cfo = { type: 'role', role: 'cfo' } as const;
const director = { type: 'role', role: 'director' } as const;

const withDeadline = (steps: Step[], deadline: FlowDeadline): Flow => ({
  ...flowWith(steps),
  deadline,
});

/** Why a run failed: the ApplicationFailure behind its WorkflowFailedError. */
async function failureOf(handle: RunHandle) {
  const failure = await handle.result().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  return (failure as WorkflowFailedError).cause;
}

describe('the flow interpreter: repeats, subflows and the flow deadline', () => {
  const stack = useInterpreterStack();

  const chased = early(async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'repeat',
          id: 'chase',
          every: 'PT1S',
          until: 'fixed == true',
          maxIterations: 5,
          steps: [
            {
              type: 'task',
              id: 'check',
              title: 'Is it fixed?',
              assignee: cfo,
              form: [{ name: 'fixed', type: 'boolean' }],
            },
          ],
        },
        { type: 'set', id: 'after', fields: { reached: true } },
      ]),
    );
    await waitingOn(handle, 'check', ['role:cfo']);
    await complete(handle, { stepId: 'check', actor: 'role:cfo', fields: { fixed: false } });
    // The second round opens a new task once the pause between rounds is over.
    const second = await eventually(async () => {
      const state = await handle.query('state');
      const waiting = (state as FlowRunState).current.find((c) => c.stepId === 'check');
      return waiting && (state as FlowRunState).decisions.length === 1 ? state : undefined;
    });
    await complete(handle, { stepId: 'check', actor: 'role:cfo', fields: { fixed: true } });
    return { second, result: await handle.result() };
  });

  const capped = early(async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'repeat',
          id: 'poll',
          every: 'PT1S',
          until: 'x > 5',
          maxIterations: 3,
          steps: [{ type: 'set', id: 'bump', fields: { x: 1 } }],
        },
        { type: 'set', id: 'after', fields: { reached: true } },
      ]),
    );
    return handle.result();
  });

  const continued = early(async () => {
    const handle = await startRun(
      stack(),
      withDeadline(
        [
          { type: 'set', id: 'before', fields: { size: 'before' } },
          {
            type: 'if',
            id: 'big',
            condition: 'amount > 100',
            then: [
              {
                type: 'repeat',
                id: 'remind',
                every: 'PT1S',
                until: 'x > 100',
                maxIterations: 6,
                steps: [
                  {
                    type: 'notify',
                    id: 'nudge',
                    to: [{ type: 'requester' }],
                    message: 'Still open: {{vendor}}',
                  },
                  { type: 'set', id: 'count', fields: { x: 1 } },
                ],
              },
            ],
          },
          { type: 'set', id: 'after', fields: { reached: true } },
        ],
        { within: 'PT2S', then: { type: 'notify', to: [director] } },
      ),
      { amount: 500, vendor: 'Acme' },
      { historyLimit: 20 },
    );
    return { handle, result: await handle.result() };
  });

  it('repeats its body until the condition holds, with fresh keys each round', async () => {
    const { second, result } = await chased();
    expect((second as FlowRunState).current).toMatchObject([
      { stepId: 'check', pending: ['role:cfo'] },
    ]);
    expect(result).toMatchObject({ status: 'completed', fields: { fixed: true, reached: true } });
    const item = await workStore(stack(), result);
    expect(
      item.tasks.map((t) => [t.status, t.idempotencyKey.split(':').slice(-3).join(':')]),
    ).toEqual([
      ['done', 'check:1:task'],
      ['done', 'check:2:task'],
    ]);
    expect(item.actions).not.toContain('repeat.limit_reached');
  });

  it('stops at maxIterations, audits that it gave up, and goes on', async () => {
    const result = await capped();
    expect(result).toMatchObject({ status: 'completed', fields: { x: 1, reached: true } });
    const item = await workStore(stack(), result);
    expect(item.actions).toEqual([
      'work_item.created',
      'work_item.updated',
      'work_item.updated',
      'work_item.updated',
      'repeat.limit_reached',
      'work_item.updated',
      'work_item.closed',
    ]);
    const gaveUp = item.auditEvents.find((e) => e.action === 'repeat.limit_reached');
    expect(gaveUp?.data).toEqual({ step: 'poll', rounds: 3, until: 'x > 5' });
  });

  it('continues as new between rounds when the history grows, without duplicating anything', async () => {
    const { handle, result } = await continued();
    const runs = await eventually(async () => {
      const found = [];
      for await (const run of stack().temporal.workflow.list({
        query: `WorkflowId = "${handle.workflowId}"`,
      })) {
        found.push(run);
      }
      return found.length >= 3 && found.some((r) => r.status.name === 'COMPLETED')
        ? found.sort((a, b) => a.startTime.getTime() - b.startTime.getTime())
        : undefined;
    });
    const first = stack().temporal.workflow.getHandle(handle.workflowId, runs[0]?.runId);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    const statuses = runs.map((r) => r.status.name);
    expect(statuses.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 'COMPLETED')).toHaveLength(1);

    expect(result).toMatchObject({
      status: 'completed',
      fields: { size: 'before', x: 1, reached: true },
    });
    expect(await stack().prisma.workItem.count({ where: { workflowId: handle.workflowId } })).toBe(
      1,
    );
    const item = await workStore(stack(), result);
    const count = (action: string) => item.actions.filter((a) => a === action).length;
    expect(count('work_item.created')).toBe(1);
    expect(count('work_item.closed')).toBe(1);
    expect(count('repeat.limit_reached')).toBe(1);
    // before, six rounds of count, after; one nudge per round; the deadline passed once.
    expect(count('work_item.updated')).toBe(8);
    expect(count('flow.deadline_passed')).toBe(1);
    const nudges = item.notifications.filter((n) => n.stepPath === 'nudge');
    expect(nudges).toHaveLength(6);
    expect(new Set(nudges.map((n) => n.idempotencyKey)).size).toBe(6);
    expect(item.notifications.filter((n) => n.recipient === 'role:director')).toHaveLength(1);

    // The first run of the chain replays too (the harness replays the last one).
    const history = await first.fetchHistory();
    await Worker.runReplayHistory(
      { ...workflowCode(testWorkflowBundle()), replayName: 'first-run' },
      history,
    );
  });

  it('rejects a continued run whose resume path leads to no repeat, before writing anything', async () => {
    const flow = flowWith([
      { type: 'set', id: 'one', fields: { x: 1 } },
      {
        type: 'repeat',
        id: 'loop',
        every: 'PT1S',
        until: 'x > 0',
        maxIterations: 3,
        steps: [{ type: 'set', id: 'two', fields: { x: 2 } }],
      },
    ]);
    const handle = await startRun(
      stack(),
      flow,
      { amount: 5 },
      {
        resume: {
          path: [0],
          round: 2,
          state: {} as FlowRunState,
          workItemId: 'not-there',
          visits: {},
          events: [],
          startedAt: Date.now(),
        },
      },
    );
    const cause = await failureOf(handle);
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause?.message).toBe(
      'resume.path: path ends at one (set), not a repeat; resume.state must be a run state with fields and outcomes',
    );
    expect(await stack().prisma.workItem.count({ where: { workflowId: handle.workflowId } })).toBe(
      0,
    );
  });

  describe('subflows', () => {
    const childFlow = flowWith(
      [
        { type: 'set', id: 'mark', fields: { size: 'child' } },
        {
          type: 'if',
          id: 'too_big',
          condition: 'amount > 100',
          then: [{ type: 'end', id: 'refuse', status: 'rejected' }],
        },
      ],
      'child-flow',
    );
    const waitingChild = flowWith(
      [{ type: 'wait', id: 'hold', for: { type: 'event', event: 'go' } }],
      'waiting-child',
    );
    const callingChild: Flow = {
      ...flowWith(
        [
          {
            type: 'call',
            id: 'ping',
            method: 'POST',
            destination: 'billing',
            retries: { maxAttempts: 1 },
          },
        ],
        'calling-child',
      ),
      // Nothing listens on port 9 here: the one attempt fails and the child ends as failed.
      destinations: [{ name: 'billing', url: 'http://127.0.0.1:9' }],
    };
    beforeAll(async () => {
      await storeFlowVersion(stack().prisma, childFlow);
      await storeFlowVersion(stack().prisma, waitingChild);
      await storeFlowVersion(stack().prisma, callingChild);
      await storeFlowVersion(
        stack().prisma,
        flowWith(
          [{ type: 'subflow', id: 'lost', flow: 'never-deployed', wait: true }],
          'lost-child',
        ),
      );
    });

    it('starts the child, waits for it, and records its final status', async () => {
      const handle = await startRun(
        stack(),
        flowWith([
          {
            type: 'subflow',
            id: 'kid',
            flow: 'child-flow',
            wait: true,
            input: { amount: '{{amount}}', vendor: 'for {{vendor}}' },
          },
          { type: 'set', id: 'mark_left', fields: { left: true } },
        ]),
        { amount: 500, vendor: 'Acme' },
      );
      const result = await handle.result();
      const childId = `${handle.workflowId}:kid:1`;
      expect(result).toMatchObject({
        status: 'completed',
        fields: { left: true },
        subflows: { kid: { workflowId: childId, flowName: 'child-flow', status: 'rejected' } },
      });
      const parent = await workStore(stack(), result);
      expect(parent.actions).toEqual([
        'work_item.created',
        'subflow.started',
        'subflow.finished',
        'work_item.updated',
        'work_item.closed',
      ]);
      expect(parent.auditEvents.find((e) => e.action === 'subflow.finished')?.data).toMatchObject({
        step: 'kid',
        child: childId,
        status: 'rejected',
      });

      const child = stack().temporal.workflow.getHandle(childId);
      const childResult = (await child.result()) as FlowRunState;
      expect(childResult).toMatchObject({ status: 'rejected', requester: REQUESTER });
      const description = await child.describe();
      expect(description.raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe(
        handle.workflowId,
      );
      expect(description.searchAttributes).toMatchObject({ FlowName: ['child-flow'] });
      expect(description.taskQueue).toBe(stack().taskQueue);
      const childItem = await workStore(stack(), childResult);
      expect(childItem).toMatchObject({
        status: 'rejected',
        requester: REQUESTER,
        fields: { amount: 500, vendor: 'for Acme', size: 'child' },
      });
    });

    it('starts a child without waiting, and the child runs on after the parent ends', async () => {
      const handle = await startRun(
        stack(),
        flowWith([
          { type: 'subflow', id: 'kid', flow: 'waiting-child', wait: false },
          { type: 'set', id: 'after', fields: { reached: true } },
        ]),
      );
      const result = await handle.result();
      const childId = `${handle.workflowId}:kid:1`;
      expect(result).toMatchObject({
        status: 'completed',
        fields: { reached: true },
        subflows: { kid: { workflowId: childId, status: 'running' } },
      });
      const parent = await workStore(stack(), result);
      expect(parent.actions).toEqual([
        'work_item.created',
        'subflow.started',
        'work_item.updated',
        'work_item.closed',
      ]);
      const child = stack().temporal.workflow.getHandle(childId);
      expect((await child.describe()).status.name).toBe('RUNNING');
      await child.signal(eventSignal, { name: 'go' });
      expect(await child.result()).toMatchObject({ status: 'completed' });
    });

    it('cancels a child it waits for when the parent’s deadline cancels the parent', async () => {
      const handle = await startRun(
        stack(),
        withDeadline([{ type: 'subflow', id: 'kid', flow: 'waiting-child', wait: true }], {
          within: 'PT1S',
        }),
      );
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled' });
      const child = stack().temporal.workflow.getHandle(`${handle.workflowId}:kid:1`);
      expect((await child.describe()).status.name).toBe('CANCELLED');
      const childItem = await stack().prisma.workItem.findUniqueOrThrow({
        where: { workflowId: child.workflowId },
      });
      expect(childItem.status).toBe('cancelled');
      const parent = await workStore(stack(), result);
      expect(parent.actions).toEqual([
        'work_item.created',
        'subflow.started',
        'flow.deadline_passed',
        'work_item.closed',
      ]);
    });

    it('fails the parent with FlowNotFound when the child flow is not deployed', async () => {
      const handle = await startRun(
        stack(),
        flowWith([{ type: 'subflow', id: 'kid', flow: 'never-deployed', wait: true }]),
      );
      const cause = await failureOf(handle);
      expect(cause).toMatchObject({ type: 'FlowNotFound', nonRetryable: true });
      expect(cause?.message).toBe('step kid: no flow named "never-deployed" is deployed');
    });

    it('fails the parent with the failure type of a child that failed, and audits it', async () => {
      const handle = await startRun(
        stack(),
        flowWith([{ type: 'subflow', id: 'kid', flow: 'lost-child', wait: true }]),
      );
      const cause = await failureOf(handle);
      const childId = `${handle.workflowId}:kid:1`;
      expect(cause).toMatchObject({ type: 'FlowNotFound', nonRetryable: true });
      expect(cause?.message).toBe(
        `step kid: subflow lost-child (${childId}) failed: step lost: no flow named "never-deployed" is deployed`,
      );
      const item = await stack().prisma.workItem.findUniqueOrThrow({
        where: { workflowId: handle.workflowId },
        include: { auditEvents: { orderBy: { seq: 'asc' } } },
      });
      expect(item.auditEvents.map((e) => e.action)).toEqual([
        'work_item.created',
        'subflow.started',
        'subflow.failed',
      ]);
      expect(item.auditEvents[2]?.data).toMatchObject({ child: childId, type: 'FlowNotFound' });
    });

    it('fails the parent with the child flow’s own failure type when the child fails', async () => {
      const handle = await startRun(
        stack(),
        flowWith([{ type: 'subflow', id: 'kid', flow: 'calling-child', wait: true }]),
      );
      const cause = await failureOf(handle);
      expect(cause).toMatchObject({ type: 'FlowFailed', nonRetryable: true });
      expect(cause?.message).toContain('step kid: subflow calling-child');
      expect(cause?.message).toContain('ping');
    });
  });

  describe('the flow deadline', () => {
    const cancelled = early(async () => {
      const handle = await startRun(
        stack(),
        withDeadline(
          [
            { type: 'task', id: 'review', title: 'Review', assignee: cfo },
            { type: 'set', id: 'after', fields: { reached: true } },
          ],
          { within: 'PT2S' },
        ),
      );
      return handle.result();
    });

    const notified = early(async () => {
      const handle = await startRun(
        stack(),
        withDeadline(
          [
            { type: 'wait', id: 'hold', for: { type: 'event', event: 'go' } },
            { type: 'set', id: 'after', fields: { reached: true } },
          ],
          { within: 'PT1S', then: { type: 'notify', to: [director], message: 'Late: {{amount}}' } },
        ),
      );
      const queued = await eventually(async () => {
        const count = await stack().prisma.notification.count({
          where: { workItem: { workflowId: handle.workflowId } },
        });
        return count > 0 ? count : undefined;
      });
      await handle.signal(eventSignal, { name: 'go' });
      return { queued, result: await handle.result() };
    });

    const escalated = early(async () => {
      const handle = await startRun(
        stack(),
        withDeadline(
          [
            { type: 'task', id: 'review', title: 'Review {{amount}}', assignee: cfo },
            { type: 'set', id: 'after', fields: { reached: true } },
          ],
          { within: 'PT1S', then: { type: 'escalate', to: director } },
        ),
      );
      await waitingOn(handle, 'review', ['role:director']);
      const refused = await complete(handle, { stepId: 'review', actor: 'role:cfo' }).catch(
        (e: unknown) => e,
      );
      await complete(handle, { stepId: 'review', actor: 'role:director' });
      return { refused, result: await handle.result() };
    });

    const escalatedAll = early(async () => {
      const handle = await startRun(
        stack(),
        withDeadline(
          [
            {
              type: 'parallel',
              id: 'both',
              branches: [
                { steps: [{ type: 'approval', id: 'sign', approvers: [cfo], mode: 'any' }] },
                { steps: [{ type: 'handoff', id: 'pass', to: cfo }] },
              ],
            },
          ],
          { within: 'PT1S', then: { type: 'escalate', to: director } },
        ),
      );
      await waitingOn(handle, 'sign', ['role:director']);
      await waitingOn(handle, 'pass', ['role:director']);
      await handle.executeUpdate(decideUpdate, {
        args: [{ stepId: 'sign', actor: 'role:director', decision: 'approve' }],
      });
      await handle.executeUpdate(acceptHandoffUpdate, {
        args: [{ stepId: 'pass', actor: 'role:director' }],
      });
      return handle.result();
    });

    const escalatedIdle = early(async () => {
      const handle = await startRun(
        stack(),
        withDeadline([{ type: 'wait', id: 'pause', for: { type: 'duration', duration: 'PT2S' } }], {
          within: 'PT1S',
          then: { type: 'escalate', to: director },
        }),
      );
      return handle.result();
    });

    it('cancel: ends the run as cancelled, closing its open task and the work item', async () => {
      const result = await cancelled();
      expect(result).toMatchObject({ status: 'cancelled', current: [], pendingAssignees: [] });
      expect(result.fields).not.toHaveProperty('reached');
      const item = await workStore(stack(), result);
      expect(item.status).toBe('cancelled');
      expect(item.tasks.map((t) => [t.stepPath, t.status])).toEqual([['review', 'cancelled']]);
      expect(item.actions).toEqual([
        'work_item.created',
        'task.opened',
        'flow.deadline_passed',
        'work_item.closed',
      ]);
    });

    it('notify: tells the parties and goes on', async () => {
      const { queued, result } = await notified();
      expect(queued).toBe(1);
      expect(result).toMatchObject({ status: 'completed', fields: { reached: true } });
      const item = await workStore(stack(), result);
      expect(item.notifications.map((n) => [n.recipient, n.kind, n.message])).toEqual([
        ['role:director', 'timeout', 'Late: 500'],
      ]);
      expect(item.actions).toContain('flow.deadline_passed');
    });

    it('escalate: the party takes over the pending task and completes it', async () => {
      const { refused, result } = await escalated();
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause?.message).toContain(
        'it is assigned to role:director',
      );
      expect(result).toMatchObject({ status: 'completed', fields: { reached: true } });
      const item = await workStore(stack(), result);
      expect(item.tasks.map((t) => [t.assignee, t.status, t.decidedBy])).toEqual([
        ['role:director', 'done', 'role:director'],
      ]);
      expect(item.actions).toEqual([
        'work_item.created',
        'task.opened',
        'flow.deadline_passed',
        'task.escalated',
        'task.completed',
        'work_item.updated',
        'work_item.closed',
      ]);
      const passed = item.auditEvents.find((e) => e.action === 'flow.deadline_passed');
      expect(passed?.data).toMatchObject({
        then: 'escalate',
        to: 'role:director',
        steps: ['review'],
      });
    });

    it('escalate: pending approvals and handoffs in parallel branches move to the party too', async () => {
      const result = await escalatedAll();
      expect(result).toMatchObject({
        status: 'completed',
        holder: 'role:director',
        outcomes: { sign: { decision: 'approved' }, pass: { decision: 'approved' } },
      });
      const item = await workStore(stack(), result);
      // The branches open their tasks concurrently, so their order is not fixed.
      expect(item.tasks.map((t) => [t.kind, t.assignee, t.status].join(' ')).sort()).toEqual([
        'approval role:cfo escalated',
        'approval role:director done',
        'handoff role:director done',
      ]);
      const passed = item.auditEvents.find((e) => e.action === 'flow.deadline_passed');
      expect((passed?.data as { steps: string[] }).steps.sort()).toEqual(['pass', 'sign']);
    });

    it('escalate with nothing pending tells the party instead', async () => {
      const result = await escalatedIdle();
      expect(result.status).toBe('completed');
      const item = await workStore(stack(), result);
      expect(item.notifications.map((n) => [n.recipient, n.kind])).toEqual([
        ['role:director', 'timeout'],
      ]);
    });
  });

  it('fails a run started with a bad historyLimit as InvalidInput', async () => {
    const handle = await stack().temporal.workflow.start(flowRunWorkflow, {
      taskQueue: stack().taskQueue,
      workflowId: `flow-run-bad-limit-${Date.now()}`,
      args: [
        {
          flow: flowWith([{ type: 'set', id: 'one', fields: { x: 1 } }]),
          requester: REQUESTER,
          fields: { amount: 1 },
          historyLimit: 0,
        },
      ],
    });
    const cause = await failureOf(handle);
    expect(cause).toMatchObject({
      type: 'InvalidInput',
      message: 'historyLimit must be a positive integer',
    });
  });

  itReplaysEveryRun();
});
