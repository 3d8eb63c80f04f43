import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { HandoffStep, Step } from '../../src/dsl';
import {
  acceptHandoffUpdate,
  completeTaskUpdate,
  type AcceptHandoffRequest,
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

const answer = (handle: RunHandle, request: AcceptHandoffRequest) =>
  handle.executeUpdate(acceptHandoffUpdate, { args: [request] });

const procurement = { type: 'team', team: 'procurement' } as const;

/** A handoff to procurement, then a task for whoever holds the work item. */
function handoffFlow(extra: Partial<HandoffStep> = {}, after: Step[] = []) {
  return flowWith([
    { type: 'handoff', id: 'to_procurement', to: procurement, note: 'Order {{vendor}}', ...extra },
    ...after,
  ]);
}

const holderTask: Step = {
  type: 'task',
  id: 'place_order',
  title: 'Place the order',
  assignee: { type: 'assignee' },
};

describe('the flow interpreter: handoffs', () => {
  const stack = useInterpreterStack();
  const finish = (result: FlowRunState) => ({ result, store: workStore(stack(), result) });

  const unanswered = early(async () => {
    const handle = await startRun(stack(), handoffFlow({ accept: { within: 'PT1S' } }));
    return finish(await handle.result());
  });

  const handedBack = early(async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({
        accept: { within: 'PT1S', then: { type: 'reassign', to: { type: 'assignee' } } },
      }),
    );
    // Before any accepted handoff the requester holds the item, so the work comes back to them.
    await waitingOn(handle, 'to_procurement', [`person:${REQUESTER}`]);
    await answer(handle, { stepId: 'to_procurement', actor: REQUESTER });
    return finish(await handle.result());
  });

  const escalated = early(async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({
        accept: {
          within: 'PT1S',
          then: { type: 'escalate', to: { type: 'role', role: 'procurement-manager' } },
        },
      }),
    );
    await waitingOn(handle, 'to_procurement', ['role:procurement-manager']);
    await answer(handle, { stepId: 'to_procurement', actor: 'role:procurement-manager' });
    return finish(await handle.result());
  });

  const notified = early(async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({
        accept: { within: 'PT1S', then: { type: 'notify', to: [{ type: 'manager' }] } },
      }),
    );
    await eventually(async () => {
      const n = await stack().prisma.notification.count({
        where: { workItem: { workflowId: handle.workflowId } },
      });
      return n > 0 ? n : undefined;
    });
    await answer(handle, { stepId: 'to_procurement', actor: 'team:procurement' });
    return finish(await handle.result());
  });

  const cancelled = early(async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({ accept: { within: 'PT1S', then: { type: 'cancel' } } }),
    );
    return finish(await handle.result());
  });

  it('moves the work item to the receiver once accepted; assignee then means the new holder', async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({}, [
        holderTask,
        {
          type: 'if',
          id: 'accepted_check',
          condition: 'to_procurement.approved',
          then: [{ type: 'set', id: 'mark_ok', fields: { ok: true } }],
        },
      ]),
      { amount: 10, vendor: 'Acme' },
    );
    await waitingOn(handle, 'to_procurement', ['team:procurement']);
    const refused = await answer(handle, { stepId: 'to_procurement', actor: 'team:sales' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(
      'team:sales may not accept to_procurement: it is handed to team:procurement',
    );
    const accepted = await answer(handle, { stepId: 'to_procurement', actor: 'team:procurement' });
    expect(accepted.holder).toBe('team:procurement');
    await waitingOn(handle, 'place_order', ['team:procurement']);
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ stepId: 'place_order', actor: 'team:procurement' }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({
      holder: 'team:procurement',
      outcomes: { to_procurement: { decision: 'approved', timedOut: false } },
      fields: { ok: true },
    });
    const item = await workStore(stack(), result);
    expect(item.holder).toBe('team:procurement');
    expect(item.tasks.map((t) => [t.kind, t.title, t.assignee, t.status, t.decision])).toEqual([
      ['handoff', 'Order Acme', 'team:procurement', 'done', 'approved'],
      ['task', 'Place the order', 'team:procurement', 'done', null],
    ]);
    expect(item.actions).toEqual([
      'work_item.created',
      'handoff.requested',
      'handoff.accepted',
      'task.opened',
      'task.completed',
      'work_item.updated',
      'work_item.closed',
    ]);
  });

  it('a declined handoff leaves the holder unchanged and counts as rejected', async () => {
    const handle = await startRun(
      stack(),
      handoffFlow({}, [
        {
          type: 'if',
          id: 'declined_check',
          condition: 'rejected',
          then: [{ type: 'end', id: 'stop', status: 'rejected' }],
        },
      ]),
    );
    await waitingOn(handle, 'to_procurement', ['team:procurement']);
    await answer(handle, {
      stepId: 'to_procurement',
      actor: 'team:procurement',
      accept: false,
      comment: 'not ours',
    });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'rejected', holder: null });
    const item = await workStore(stack(), result);
    expect(item.holder).toBeNull();
    expect(item.actions).toContain('handoff.declined');
  });

  it('not accepted in time without an action: outcome timed_out, holder unchanged', async () => {
    const { result, store } = await unanswered();
    expect(result.outcomes.to_procurement).toEqual({ timedOut: true });
    expect(result.holder).toBeNull();
    const item = await store;
    expect(item.tasks.map((t) => t.status)).toEqual(['expired']);
    expect(item.actions).toContain('handoff.timed_out');
  });

  it('reassign to assignee: hands the work back to the previous holder', async () => {
    const { result, store } = await handedBack();
    expect(result.holder).toBe(`person:${REQUESTER}`);
    const item = await store;
    expect(item.tasks.map((t) => [t.assignee, t.status, t.decidedBy])).toEqual([
      [`person:${REQUESTER}`, 'done', REQUESTER],
    ]);
    expect(item.actions.filter((a) => a === 'task.reassigned')).toHaveLength(1);
  });

  it('escalate: hands the handoff to the escalation party, who accepts', async () => {
    const { result, store } = await escalated();
    expect(result.holder).toBe('role:procurement-manager');
    expect(result.outcomes.to_procurement).toEqual({ decision: 'approved', timedOut: true });
    const item = await store;
    expect(item.actions).toContain('task.escalated');
    expect(item.actions).toContain('handoff.accepted');
  });

  it('notify: tells the parties and keeps waiting for the receiver', async () => {
    const { result, store } = await notified();
    expect(result.holder).toBe('team:procurement');
    const item = await store;
    expect(item.notifications.map((n) => [n.kind, n.recipient])).toEqual([['timeout', 'manager']]);
  });

  it('cancel: ends the run as cancelled', async () => {
    const { result, store } = await cancelled();
    expect(result.status).toBe('cancelled');
    expect((await store).tasks.map((t) => t.status)).toEqual(['cancelled']);
  });

  itReplaysEveryRun();
});
