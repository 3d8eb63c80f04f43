import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { eventSignal, flowRunWorkflow, stateQuery } from '../../src/workflows';
import { eventually } from '../helpers/stack';
import {
  flowWith,
  itReplaysEveryRun,
  REQUESTER,
  startRun,
  useInterpreterStack,
  waitingOn,
  workStore,
} from './interpreter-harness';

describe('the flow interpreter: fields, messages, branches and ends', () => {
  const stack = useInterpreterStack();

  it('sets fields, status and priority and queues a notification, each with one audit event', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'set',
          id: 'triage',
          fields: { vendor: 'Acme' },
          status: 'triage',
          priority: 'high',
        },
        {
          type: 'notify',
          id: 'tell',
          to: [{ type: 'requester' }, { type: 'role', role: 'cfo' }],
          message: 'Request from {{vendor}} for {{amount}}',
        },
      ]),
    );
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'completed',
      fields: { amount: 500, vendor: 'Acme' },
      workStatus: 'completed',
      priority: 'high',
      current: [],
    });
    const item = await workStore(stack(), result);
    expect(item).toMatchObject({
      status: 'completed',
      priority: 'high',
      fields: { amount: 500, vendor: 'Acme' },
    });
    expect(item.actions).toEqual([
      'work_item.created',
      'work_item.updated',
      'notification.queued',
      'work_item.closed',
    ]);
    expect(item.notifications.map((n) => [n.recipient, n.message, n.status, n.kind])).toEqual([
      [`person:${REQUESTER}`, 'Request from Acme for 500', 'pending', 'message'],
      ['role:cfo', 'Request from Acme for 500', 'pending', 'message'],
    ]);
  });

  it('takes the then arm when the condition holds and the else arm when it does not', async () => {
    const flow = flowWith([
      {
        type: 'if',
        id: 'large',
        condition: 'amount > 1000 and vendor == "Acme"',
        then: [{ type: 'set', id: 'mark_large', fields: { size: 'large' } }],
        else: [{ type: 'set', id: 'mark_small', fields: { size: 'small' } }],
      },
    ]);
    const large = await (await startRun(stack(), flow, { amount: 5000, vendor: 'Acme' })).result();
    const small = await (await startRun(stack(), flow, { amount: 50, vendor: 'Acme' })).result();
    expect(large.fields).toMatchObject({ size: 'large' });
    expect(small.fields).toMatchObject({ size: 'small' });
  });

  it('ends the run at an end step with its status, skipping the steps after it', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'if',
          id: 'too_small',
          condition: 'amount < 10',
          then: [{ type: 'end', id: 'stop', status: 'rejected' }],
        },
        { type: 'set', id: 'never', fields: { reached: true } },
      ]),
      { amount: 5 },
    );
    const result = await handle.result();
    expect(result.status).toBe('rejected');
    expect(result.fields).not.toHaveProperty('reached');
    const item = await workStore(stack(), result);
    expect(item.status).toBe('rejected');
    expect(item.actions).toEqual(['work_item.created', 'work_item.closed']);
  });

  it('fails a run of an invalid flow with a non-retryable InvalidFlow before writing anything', async () => {
    const flow = flowWith([{ type: 'set', id: 'bad', fields: { x: 1 } }]);
    const broken = { ...flow, steps: [{ type: 'set', id: 'Bad Id' }] };
    const handle = await startRun(stack(), broken as never);
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'InvalidFlow', nonRetryable: true });
    expect(await stack().prisma.workItem.count({ where: { workflowId: handle.workflowId } })).toBe(
      0,
    );
  });

  it('fails a run with bad input with a non-retryable InvalidInput naming the problems', async () => {
    const handle = await stack().temporal.workflow.start(flowRunWorkflow, {
      taskQueue: stack().taskQueue,
      workflowId: `flow-run-bad-input-${Date.now()}`,
      args: [
        {
          flow: flowWith([{ type: 'set', id: 'one', fields: { x: 1 } }]),
          requester: 'not an email',
          fields: { amount: { nested: true } as never },
        },
      ],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause?.message).toBe(
      'requester must be an email; field amount must be a string, number, boolean or null',
    );
  });

  it('waits for a duration before going on', async () => {
    const started = Date.now();
    const handle = await startRun(
      stack(),
      flowWith([
        { type: 'wait', id: 'pause', for: { type: 'duration', duration: 'PT2S' } },
        { type: 'set', id: 'after', fields: { waited: true } },
      ]),
    );
    const during = await eventually(async () => {
      const state = await handle.query(stateQuery);
      return state.current.length > 0 ? state : undefined;
    });
    expect(during.current).toMatchObject([{ stepId: 'pause', type: 'wait', pending: [] }]);
    expect(Date.parse(during.current[0]?.dueAt ?? '')).toBeGreaterThan(started);
    const result = await handle.result();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(result.fields).toMatchObject({ waited: true });
  });

  it('waits until the date held in a field, and not at all for a date already past', async () => {
    const flow = flowWith([
      { type: 'wait', id: 'until_due', for: { type: 'field', field: 'due_on' } },
      { type: 'wait', id: 'long_ago', for: { type: 'date', at: '2020-01-01' } },
      { type: 'set', id: 'after', fields: { waited: true } },
    ]);
    const started = Date.now();
    const dueOn = new Date(started + 1500).toISOString();
    const result = await (await startRun(stack(), flow, { amount: 1, due_on: dueOn })).result();
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(dueOn));
    expect(result.fields).toMatchObject({ waited: true });
  });

  it('goes on when the awaited event arrives, and timed_out stays false', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'wait',
          id: 'paid',
          for: { type: 'event', event: 'payment-received', timeout: 'PT30S' },
        },
        {
          type: 'if',
          id: 'check',
          condition: 'timed_out',
          then: [{ type: 'set', id: 'late', fields: { late: true } }],
          else: [{ type: 'set', id: 'on_time', fields: { late: false } }],
        },
      ]),
    );
    await handle.signal(eventSignal, { name: 'something-else' });
    await handle.signal(eventSignal, { name: 'payment-received' });
    const result = await handle.result();
    expect(result.fields).toMatchObject({ late: false });
    expect(result.outcomes).toEqual({ paid: { timedOut: false } });
  });

  it('gives up waiting for an event at its timeout with outcome timed_out', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'wait',
          id: 'paid',
          for: { type: 'event', event: 'payment-received', timeout: 'PT1S' },
        },
        {
          type: 'if',
          id: 'check',
          condition: 'paid.timed_out',
          then: [{ type: 'end', id: 'give_up', status: 'cancelled' }],
        },
      ]),
    );
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'cancelled', outcomes: { paid: { timedOut: true } } });
  });

  it('runs parallel branches at the same time and joins when all are done', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'parallel',
          id: 'both',
          branches: [
            {
              steps: [
                { type: 'wait', id: 'slow', for: { type: 'duration', duration: 'PT2S' } },
                { type: 'set', id: 'left', fields: { left: true } },
              ],
            },
            {
              steps: [
                { type: 'wait', id: 'slower', for: { type: 'duration', duration: 'PT2S' } },
                { type: 'set', id: 'right', fields: { right: true } },
              ],
            },
          ],
        },
        { type: 'set', id: 'joined', fields: { joined: true } },
      ]),
    );
    const result = await handle.result();
    expect(result.fields).toMatchObject({ left: true, right: true, joined: true });
    // Both waits overlap: the history starts both timers before either fires, however busy
    // the machine is.
    const kinds = ((await handle.fetchHistory()).events ?? []).flatMap((event) =>
      event.timerStartedEventAttributes
        ? ['started']
        : event.timerFiredEventAttributes
          ? ['fired']
          : [],
    );
    expect(kinds).toEqual(['started', 'started', 'fired', 'fired']);
  });

  it('ends the whole run when one parallel branch reaches an end, stopping the others', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'parallel',
          id: 'race',
          branches: [
            {
              steps: [
                { type: 'wait', id: 'stop_signal', for: { type: 'event', event: 'stop' } },
                { type: 'end', id: 'stop_now', status: 'cancelled' },
              ],
            },
            {
              steps: [
                { type: 'wait', id: 'long', for: { type: 'duration', duration: 'PT1H' } },
                { type: 'set', id: 'never', fields: { reached: true } },
              ],
            },
            {
              steps: [
                {
                  type: 'approval',
                  id: 'review',
                  approvers: [{ type: 'role', role: 'cfo' }],
                  mode: 'any',
                },
              ],
            },
          ],
        },
      ]),
    );
    await waitingOn(handle, 'review', ['role:cfo']);
    await handle.signal(eventSignal, { name: 'stop' });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'cancelled', current: [], pendingAssignees: [] });
    expect(result.fields).not.toHaveProperty('reached');
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes.PendingAssignees ?? []).toEqual([]);
    const item = await workStore(stack(), result);
    expect(item.tasks.map((t) => [t.kind, t.status])).toEqual([['approval', 'cancelled']]);
    expect(item.actions).toEqual(['work_item.created', 'approval.requested', 'work_item.closed']);
  });

  it('keeps FlowName, FlowVersion, WorkItemId and FlowStatus searchable', async () => {
    const handle = await startRun(
      stack(),
      flowWith([{ type: 'set', id: 'one', fields: { x: 1 } }], 'searchable-flow'),
    );
    const result = await handle.result();
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes).toMatchObject({
      FlowName: ['searchable-flow'],
      FlowVersion: ['3'],
      WorkItemId: [result.workItemId],
      FlowStatus: ['completed'],
    });
  });

  itReplaysEveryRun();
});
