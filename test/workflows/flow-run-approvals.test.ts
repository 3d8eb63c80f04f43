import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { ApprovalStep, Step } from '../../src/dsl';
import { decideUpdate, stateQuery, type DecideRequest } from '../../src/workflows';
import { eventually } from '../helpers/stack';
import {
  flowWith,
  itReplaysEveryRun,
  REQUESTER,
  startRun,
  useInterpreterStack,
  waitingOn,
  workStore,
  type RunHandle,
} from './interpreter-harness';

const decide = (handle: RunHandle, request: DecideRequest) =>
  handle.executeUpdate(decideUpdate, { args: [request] });

/** An approval followed by steps that record what later conditions see. */
function approvalFlow(approval: Omit<ApprovalStep, 'type' | 'id'>, name = 'approval-flow') {
  const after: Step[] = [
    {
      type: 'if',
      id: 'seen',
      condition: 'approved',
      then: [{ type: 'set', id: 'mark_ok', fields: { ok: true } }],
      else: [{ type: 'set', id: 'mark_not_ok', fields: { ok: false } }],
    },
  ];
  return flowWith([{ type: 'approval', id: 'review', ...approval }, ...after], name);
}

const manager = { type: 'manager' } as const;
const cfo = { type: 'role', role: 'cfo' } as const;
const legal = { type: 'team', team: 'legal' } as const;

describe('the flow interpreter: approvals', () => {
  const stack = useInterpreterStack();

  it('mode any: the first approval decides, is recorded once and is visible to a later if', async () => {
    const handle = await startRun(stack(), approvalFlow({ approvers: [manager], mode: 'any' }));
    await waitingOn(handle, 'review', ['manager']);
    const returned = await decide(handle, {
      stepId: 'review',
      actor: 'manager',
      decision: 'approve',
      comment: 'fine by me',
    });
    expect(returned.decisions).toEqual([
      expect.objectContaining({ stepId: 'review', actor: 'manager', decision: 'approved' }),
    ]);
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'completed',
      outcomes: { review: { decision: 'approved', timedOut: false } },
      fields: { ok: true },
    });
    const item = await workStore(stack(), result);
    expect(
      item.tasks.map((t) => [t.kind, t.assignee, t.status, t.decision, t.decidedBy, t.comment]),
    ).toEqual([['approval', 'manager', 'done', 'approved', 'manager', 'fine by me']]);
    expect(item.actions).toEqual([
      'work_item.created',
      'approval.requested',
      'approval.decided',
      'approval.completed',
      'work_item.updated',
      'work_item.closed',
    ]);
  });

  it('mode any: a rejection decides it as rejected', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo], mode: 'any' }),
    );
    await waitingOn(handle, 'review', ['manager', 'role:cfo']);
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'reject' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: false });
    expect(result.fields).toMatchObject({ ok: false });
    const item = await workStore(stack(), result);
    expect(item.tasks.map((t) => [t.assignee, t.status, t.decision])).toEqual(
      expect.arrayContaining([
        ['manager', 'skipped', null],
        ['role:cfo', 'done', 'rejected'],
      ]),
    );
  });

  it('refuses decisions by someone not pending, on a step not waiting, twice, or malformed', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo], mode: 'all' }),
    );
    const state = await waitingOn(handle, 'review', ['manager', 'role:cfo']);
    const refused = async (request: DecideRequest, message: string) => {
      const error = await decide(handle, request).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((error as WorkflowUpdateFailedError).cause?.message).toContain(message);
    };
    await refused(
      { stepId: 'review', actor: 'mallory@example.com', decision: 'approve' },
      'mallory@example.com is not a pending approver of review',
    );
    await refused(
      { stepId: 'elsewhere', actor: 'manager', decision: 'approve' },
      'step elsewhere is not waiting',
    );
    await refused(
      { stepId: 'review', actor: 'manager', decision: 'maybe' as 'approve' },
      'decision must be "approve" or "reject"',
    );
    await decide(handle, { stepId: 'review', actor: 'manager', decision: 'approve' });
    await refused(
      { stepId: 'review', actor: 'manager', decision: 'reject' },
      'manager has already decided review',
    );
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'approve' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: false });
    // A closed run takes no decisions at all.
    await expect(
      decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'approve' }),
    ).rejects.toThrow();

    // Refused decisions leave no trace in the work store.
    const item = await workStore(stack(), result);
    expect(item.workflowId).toBe(handle.workflowId);
    expect(state.workItemId).toBe(item.id);
    expect(item.actions.filter((a) => a === 'approval.decided')).toHaveLength(2);
    expect(item.tasks).toHaveLength(2);
  });

  it('mode all: waits for every approver and shows who is still pending', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [{ type: 'requester' }, cfo, legal], mode: 'all' }),
    );
    await waitingOn(handle, 'review', [`person:${REQUESTER}`, 'role:cfo', 'team:legal']);
    // The requester acts by their email.
    await decide(handle, { stepId: 'review', actor: REQUESTER, decision: 'approve' });
    const middle = await decide(handle, {
      stepId: 'review',
      actor: 'team:legal',
      decision: 'approve',
    });
    expect(middle.pendingAssignees).toEqual(['role:cfo']);
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'approve' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: false });
    expect(result.decisions.map((d) => d.actor)).toEqual([REQUESTER, 'team:legal', 'role:cfo']);
  });

  it('mode all: one rejection rejects and closes the other requests', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo, legal], mode: 'all' }),
    );
    await waitingOn(handle, 'review', ['manager', 'role:cfo', 'team:legal']);
    await decide(handle, { stepId: 'review', actor: 'manager', decision: 'approve' });
    await decide(handle, { stepId: 'review', actor: 'team:legal', decision: 'reject' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: false });
    const item = await workStore(stack(), result);
    expect(item.tasks.find((t) => t.assignee === 'role:cfo')?.status).toBe('skipped');
  });

  it('mode quorum: approves at k approvals, even after a rejection', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo, legal], mode: 'quorum', quorum: 2 }),
    );
    await waitingOn(handle, 'review', ['manager', 'role:cfo', 'team:legal']);
    await decide(handle, { stepId: 'review', actor: 'manager', decision: 'approve' });
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'reject' });
    await decide(handle, { stepId: 'review', actor: 'team:legal', decision: 'approve' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: false });
  });

  it('mode quorum: rejects as soon as k approvals are out of reach', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo, legal], mode: 'quorum', quorum: 2 }),
    );
    await waitingOn(handle, 'review', ['manager', 'role:cfo', 'team:legal']);
    await decide(handle, { stepId: 'review', actor: 'manager', decision: 'reject' });
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'reject' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: false });
    const item = await workStore(stack(), result);
    expect(item.tasks.find((t) => t.assignee === 'team:legal')?.status).toBe('skipped');
  });

  it('mode sequence: asks one approver at a time, in order', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo], mode: 'sequence' }),
    );
    await waitingOn(handle, 'review', ['manager']);
    await expect(
      decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'approve' }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    const next = await decide(handle, { stepId: 'review', actor: 'manager', decision: 'approve' });
    expect(next.pendingAssignees).toEqual(['role:cfo']);
    await decide(handle, { stepId: 'review', actor: 'role:cfo', decision: 'approve' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'approved', timedOut: false });
    const item = await workStore(stack(), result);
    expect(item.tasks.map((t) => [t.assignee, t.decision])).toEqual([
      ['manager', 'approved'],
      ['role:cfo', 'approved'],
    ]);
  });

  it('mode sequence: a rejection ends the sequence as rejected', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow({ approvers: [manager, cfo], mode: 'sequence' }),
    );
    await waitingOn(handle, 'review', ['manager']);
    await decide(handle, { stepId: 'review', actor: 'manager', decision: 'reject' });
    const result = await handle.result();
    expect(result.outcomes.review).toEqual({ decision: 'rejected', timedOut: false });
    const item = await workStore(stack(), result);
    expect(item.tasks).toHaveLength(1);
  });

  it('closes the work item as cancelled when an admin cancels the run', async () => {
    const handle = await startRun(stack(), approvalFlow({ approvers: [cfo], mode: 'any' }));
    const waiting = await waitingOn(handle, 'review', ['role:cfo']);
    await handle.cancel();
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes.FlowStatus).toEqual(['cancelled']);
    expect(attributes.PendingAssignees ?? []).toEqual([]);
    const item = await workStore(stack(), waiting);
    expect(item.status).toBe('cancelled');
    expect(item.tasks.map((t) => t.status)).toEqual(['cancelled']);
    expect(item.actions).toEqual(['work_item.created', 'approval.requested', 'work_item.closed']);
  });

  it('lists running approvals through the visibility API by FlowName and PendingAssignees', async () => {
    const handle = await startRun(
      stack(),
      approvalFlow(
        { approvers: [{ type: 'role', role: 'finance-director' }], mode: 'any' },
        'visible-approval',
      ),
    );
    await waitingOn(handle, 'review', ['role:finance-director']);
    const query = `FlowName = 'visible-approval' AND PendingAssignees = 'role:finance-director' AND ExecutionStatus = 'Running'`;
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const run of stack().temporal.workflow.list({ query })) ids.push(run.workflowId);
      return ids.includes(handle.workflowId) ? ids : undefined;
    });
    expect(found).toContain(handle.workflowId);
    await decide(handle, { stepId: 'review', actor: 'role:finance-director', decision: 'approve' });
    await handle.result();
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes.PendingAssignees ?? []).toEqual([]);
    expect(attributes.FlowStatus).toEqual(['completed']);
    expect((await handle.query(stateQuery)).current).toEqual([]);
  });

  itReplaysEveryRun();
});
