import { defaultPayloadConverter } from '@temporalio/common';
import type { ApprovalStep } from '../../src/dsl';
import { decideUpdate, type FlowRunState } from '../../src/workflows';
import { eventually } from '../helpers/stack';
import {
  early,
  flowWith,
  itReplaysEveryRun,
  startRun,
  useInterpreterStack,
  waitingOn,
  workStore,
} from './interpreter-harness';

const manager = { type: 'manager' } as const;
const director = { type: 'role', role: 'finance-director' } as const;

/** An approval by the manager with the given limit, then a branch on its outcome. */
function timedApproval(extra: Partial<ApprovalStep>) {
  return flowWith([
    { type: 'approval', id: 'review', approvers: [manager], mode: 'any', ...extra },
    {
      type: 'if',
      id: 'seen',
      condition: 'timed_out',
      then: [{ type: 'set', id: 'mark_late', fields: { late: true } }],
      else: [{ type: 'set', id: 'mark_on_time', fields: { late: false } }],
    },
  ]);
}

describe('the flow interpreter: approval time limits and reminders', () => {
  const stack = useInterpreterStack();

  // Every scenario starts at once, so their one- and two-second limits run out together.
  const finish = (result: FlowRunState) => ({ result, store: workStore(stack(), result) });

  const noAction = early(async () => {
    const handle = await startRun(stack(), timedApproval({ timeout: { after: 'PT1S' } }));
    return finish(await handle.result());
  });

  const escalated = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({ timeout: { after: 'PT1S', then: { type: 'escalate', to: director } } }),
    );
    const waiting = await waitingOn(handle, 'review', ['role:finance-director']);
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'review', actor: 'role:finance-director', decision: 'approve' }],
    });
    return { waiting, handle, ...finish(await handle.result()) };
  });

  const reassigned = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({
        timeout: {
          after: 'PT2S',
          then: { type: 'reassign', to: { type: 'person', email: 'bob@example.com' } },
        },
      }),
    );
    const waiting = await waitingOn(handle, 'review', ['person:bob@example.com']);
    // The old approver lost the decision with the reassignment.
    const refused = await handle
      .executeUpdate(decideUpdate, {
        args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'review', actor: 'bob@example.com', decision: 'reject' }],
    });
    return { waiting, refused, ...finish(await handle.result()) };
  });

  const autoApproved = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({ timeout: { after: 'PT1S', then: { type: 'approve' } } }),
    );
    return finish(await handle.result());
  });

  const autoRejected = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({ timeout: { after: 'PT1S', then: { type: 'reject' } } }),
    );
    return finish(await handle.result());
  });

  const reminded = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({ timeout: { after: 'PT1S', then: { type: 'remind' } } }),
    );
    const storeHas = async () => {
      const item = await stack().prisma.workItem.findUnique({
        where: { workflowId: handle.workflowId },
        include: { notifications: true },
      });
      return (item?.notifications.length ?? 0) > 0 ? item : undefined;
    };
    await eventually(storeHas);
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
    });
    return finish(await handle.result());
  });

  const notified = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({
        timeout: {
          after: 'PT1S',
          then: {
            type: 'notify',
            to: [{ type: 'team', team: 'hr' }],
            message: 'Still open: {{amount}}',
          },
        },
      }),
    );
    // Past the limit the approval keeps waiting, with no limit left.
    await waitingOn(handle, 'review', ['manager']);
    await eventually(async () => {
      const n = await stack().prisma.notification.count({
        where: { workItem: { workflowId: handle.workflowId } },
      });
      return n > 0 ? n : undefined;
    });
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
    });
    return finish(await handle.result());
  });

  const cancelled = early(async () => {
    const handle = await startRun(
      stack(),
      timedApproval({ timeout: { after: 'PT1S', then: { type: 'cancel' } } }),
    );
    return finish(await handle.result());
  });

  const remindedEvery = early(async () => {
    // No time limit here, so no `timed_out` branch either (verify refuses one).
    const handle = await startRun(
      stack(),
      flowWith([
        { type: 'approval', id: 'review', approvers: [manager], mode: 'any', remindEvery: 'PT1S' },
      ]),
    );
    await eventually(async () => {
      const n = await stack().prisma.notification.count({
        where: { workItem: { workflowId: handle.workflowId } },
      });
      return n >= 2 ? n : undefined;
    });
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepId: 'review', actor: 'manager', decision: 'approve' }],
    });
    return finish(await handle.result());
  });

  it('without an action, times out with outcome timed_out and goes on', async () => {
    const { result, store } = await noAction();
    const item = await store;
    expect(result).toMatchObject({
      status: 'completed',
      outcomes: { review: { timedOut: true } },
      fields: { late: true },
    });
    expect(result.outcomes.review).not.toHaveProperty('decision');
    expect(item.tasks.map((t) => t.status)).toEqual(['expired']);
    expect(item.actions).toEqual([
      'work_item.created',
      'approval.requested',
      'approval.timed_out',
      'approval.completed',
      'work_item.updated',
      'work_item.closed',
    ]);
  });

  it('escalate: hands the decision to the escalation party, who decides', async () => {
    const { result, store, waiting } = await escalated();
    expect(waiting.current).toEqual([
      { stepId: 'review', type: 'approval', pending: ['role:finance-director'] },
    ]);
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: true });
    const item = await store;
    expect(item.tasks.map((t) => [t.assignee, t.status, t.decision])).toEqual([
      ['manager', 'escalated', null],
      ['role:finance-director', 'done', 'approved'],
    ]);
    expect(item.actions.filter((a) => a.startsWith('approval.'))).toEqual([
      'approval.requested',
      'approval.escalated',
      'approval.requested',
      'approval.decided',
      'approval.completed',
    ]);
  });

  it('labels its timers and activities with summaries an admin can read in the Web UI', async () => {
    const { handle } = await escalated();
    const history = await handle.fetchHistory();
    const summaries = (history.events ?? []).flatMap((event) => {
      const summary = event.userMetadata?.summary;
      return summary ? [defaultPayloadConverter.fromPayload<string>(summary)] : [];
    });
    expect(summaries).toEqual([
      'open work item "Test request"',
      'approval by manager — timeout PT1S',
      'approval by manager — timeout PT1S',
      // The escalation party is looked up in the directory like a new approver.
      'members of role:finance-director',
      'review: escalate to role:finance-director',
      'approval by role:finance-director',
      'review approved by role:finance-director',
      'review: approved',
      'set mark_late',
      'close work item: completed',
    ]);
  });

  it('reassign: moves the decision to another party and restarts the limit', async () => {
    const { result, store, waiting, refused } = await reassigned();
    expect(waiting.current[0]?.dueAt).toEqual(expect.any(String));
    expect(refused).toBeDefined();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: true });
    const item = await store;
    expect(item.tasks.map((t) => [t.assignee, t.status, t.decision, t.decidedBy])).toEqual([
      ['manager', 'reassigned', null, null],
      ['person:bob@example.com', 'done', 'rejected', 'bob@example.com'],
    ]);
    expect(item.actions.filter((a) => a === 'approval.reassigned')).toHaveLength(1);
  });

  it('approve: decides the approval as approved when nobody did', async () => {
    const { result, store } = await autoApproved();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: true });
    expect(result.decisions).toEqual([
      expect.objectContaining({ actor: 'plainflow', decision: 'approved', byTimeout: true }),
    ]);
    const item = await store;
    expect(item.tasks.map((t) => t.status)).toEqual(['expired']);
    expect(item.auditEvents.find((e) => e.action === 'approval.timed_out')?.data).toMatchObject({
      then: 'approve',
      decision: 'approved',
    });
  });

  it('reject: decides the approval as rejected when nobody did', async () => {
    const { result } = await autoRejected();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: true });
  });

  it('remind: reminds the pending approver and keeps waiting for the decision', async () => {
    const { result, store } = await reminded();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: true });
    const item = await store;
    expect(item.notifications.map((n) => [n.kind, n.recipient])).toEqual([['reminder', 'manager']]);
  });

  it('notify: tells other parties and keeps waiting for the decision', async () => {
    const { result, store } = await notified();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: true });
    const item = await store;
    expect(item.notifications.map((n) => [n.kind, n.recipient, n.message])).toEqual([
      ['timeout', 'team:hr', 'Still open: 500'],
    ]);
  });

  it('cancel: ends the run as cancelled and cancels the open request', async () => {
    const { result, store } = await cancelled();
    expect(result.status).toBe('cancelled');
    const item = await store;
    expect(item.status).toBe('cancelled');
    expect(item.tasks.map((t) => t.status)).toEqual(['cancelled']);
    expect(item.actions).toEqual([
      'work_item.created',
      'approval.requested',
      'approval.timed_out',
      'work_item.closed',
    ]);
  });

  it('remindEvery: sends a reminder each period while the decision is pending', async () => {
    const { result, store } = await remindedEvery();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: false });
    const item = await store;
    expect(item.notifications.length).toBeGreaterThanOrEqual(2);
    expect(item.actions.filter((a) => a === 'notification.queued')).toHaveLength(
      item.notifications.length,
    );
    expect(new Set(item.notifications.map((n) => `${n.kind} ${n.recipient}`))).toEqual(
      new Set(['reminder manager']),
    );
  });

  itReplaysEveryRun();
});
