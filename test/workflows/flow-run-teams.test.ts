import { workflowCode } from '../../src/temporal/workflow-bundle';
import { testWorkflowBundle } from '../helpers/env';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Party, Step } from '../../src/dsl';
import {
  acceptHandoffUpdate,
  claimUpdate,
  completeTaskUpdate,
  decideUpdate,
  delegateUpdate,
  reassignUpdate,
  stateQuery,
} from '../../src/workflows';
import { loadHistory } from '../helpers/history-fixture';
import {
  flowWith,
  itReplaysEveryRun,
  startRun,
  useInterpreterStack,
  waitingOn,
  workStore,
  type RunHandle,
} from './interpreter-harness';
import { withKey } from '../helpers/identity';

const AL = 'al@example.com';
const BO = 'bo@example.com';
const CY = 'cy@example.com';
const OUTSIDER = 'zed@example.com';

const team = (name: string, assignment?: 'direct' | 'round_robin' | 'least_loaded'): Party =>
  assignment ? { type: 'team', team: name, assignment } : { type: 'team', team: name };
const task = (id: string, assignee: Party): Step => ({ type: 'task', id, title: id, assignee });

type Update =
  | typeof completeTaskUpdate
  | typeof claimUpdate
  | typeof decideUpdate
  | typeof delegateUpdate
  | typeof reassignUpdate
  | typeof acceptHandoffUpdate;

/** Runs an update; the message it was refused with, or undefined when it was accepted. */
async function refusal(handle: RunHandle, update: Update, request: object) {
  const error = await handle
    .executeUpdate(update as typeof claimUpdate, { args: [request as never] })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause?.message;
}

describe('the flow interpreter: people and teams', () => {
  const stack = useInterpreterStack();

  const put = async (kind: 'teams' | 'roles', name: string, members: string[]) => {
    const res = await fetch(`${stack().apiUrl}/directory/${kind}/${name}`, {
      method: 'PUT',
      headers: withKey(stack().adminKey),
      body: JSON.stringify({ members }),
    });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    await put('teams', 'rr', [CY, AL, BO]);
    await put('teams', 'll', [AL, BO, CY]);
    await put('teams', 'queue', [AL, BO]);
    await put('teams', 'empty', []);
    await put('roles', 'board', [AL, BO, CY]);
    await put('roles', 'fin', [AL]);
  });

  const audit = async (handle: RunHandle) => {
    const state = await handle.query(stateQuery);
    return workStore(stack(), state);
  };

  it('goes round a round-robin team: three tasks go to three members in order', async () => {
    const rr = team('rr', 'round_robin');
    const handle = await startRun(
      stack(),
      flowWith([task('one', rr), task('two', rr), task('three', rr)]),
    );
    for (const [stepId, email] of [
      ['one', AL],
      ['two', BO],
      ['three', CY],
    ] as const) {
      await waitingOn(handle, stepId, [`person:${email}`]);
      expect(await refusal(handle, completeTaskUpdate, { stepId, actor: 'team:rr' })).toBe(
        `team:rr may not complete ${stepId}: it is assigned to person:${email}`,
      );
      expect(await refusal(handle, completeTaskUpdate, { stepId, actor: email })).toBeUndefined();
    }
    const result = await handle.result();
    const store = await workStore(stack(), result);
    expect(store.tasks.map((t) => [t.stepPath, t.assignee, t.decidedBy])).toEqual([
      ['one', `person:${AL}`, AL],
      ['two', `person:${BO}`, BO],
      ['three', `person:${CY}`, CY],
    ]);
    const picks = store.auditEvents.filter((e) => e.action === 'team.assigned').map((e) => e.data);
    expect(picks).toEqual([
      expect.objectContaining({
        step: 'one',
        team: 'team:rr',
        strategy: 'round_robin',
        assignee: `person:${AL}`,
      }),
      expect.objectContaining({ step: 'two', strategy: 'round_robin', assignee: `person:${BO}` }),
      expect.objectContaining({ step: 'three', strategy: 'round_robin', assignee: `person:${CY}` }),
    ]);
  });

  it('gives a least-loaded team task to the member with the fewest open tasks', async () => {
    const seedItem = await stack().prisma.workItem.create({
      data: { workflowId: 'seed-load', flowName: 'seed', title: 'Seed', requester: AL },
    });
    let n = 0;
    const seed = (email: string, count: number) =>
      Promise.all(
        Array.from({ length: count }, () =>
          stack().prisma.task.create({
            data: {
              workItemId: seedItem.id,
              kind: 'task',
              stepPath: 'seed',
              title: 'Seed',
              assignee: `person:${email}`,
              idempotencyKey: `seed-load:${(n += 1)}`,
            },
          }),
        ),
      );
    await seed(AL, 2);
    await seed(BO, 1);
    await seed(CY, 2);
    const handle = await startRun(stack(), flowWith([task('setup', team('ll', 'least_loaded'))]));
    await waitingOn(handle, 'setup', [`person:${BO}`]);
    const store = await audit(handle);
    expect(store.auditEvents.find((e) => e.action === 'team.assigned')?.data).toMatchObject({
      strategy: 'least_loaded',
      assignee: `person:${BO}`,
    });
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'setup', actor: BO }),
    ).toBeUndefined();
    await handle.result();
  });

  it('keeps a direct team task a queue: a member claims it, others and outsiders are refused', async () => {
    const queue = team('queue');
    const handle = await startRun(stack(), flowWith([task('first', queue), task('second', queue)]));
    await waitingOn(handle, 'first', ['team:queue']);
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'first', actor: 'team:queue' }),
    ).toBe('team:queue may not complete first: it is assigned to team:queue');
    expect(await refusal(handle, claimUpdate, { stepId: 'first', actor: OUTSIDER })).toBe(
      `${OUTSIDER} may not claim first: not a member of team:queue`,
    );
    expect(await refusal(handle, claimUpdate, { stepId: 'first', actor: AL })).toBeUndefined();
    const claimed = await waitingOn(handle, 'first', [`person:${AL}`]);
    expect(claimed.pendingAssignees).toEqual([`person:${AL}`]);
    const attributes = (await handle.describe()).searchAttributes;
    expect(attributes.PendingAssignees).toEqual([`person:${AL}`]);
    expect(await refusal(handle, claimUpdate, { stepId: 'first', actor: BO })).toBe(
      `step first is not a team queue to claim from: it is assigned to person:${AL}`,
    );
    expect(await refusal(handle, completeTaskUpdate, { stepId: 'first', actor: BO })).toBe(
      `${BO} may not complete first: it is assigned to person:${AL}`,
    );
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'first', actor: AL }),
    ).toBeUndefined();
    // Completing without a claim claims on the way.
    await waitingOn(handle, 'second', ['team:queue']);
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'second', actor: BO }),
    ).toBeUndefined();
    const store = await workStore(stack(), await handle.result());
    expect(store.actions).toEqual([
      'work_item.created',
      'task.opened',
      'task.claimed',
      'task.completed',
      'task.opened',
      'task.claimed',
      'task.completed',
      'work_item.closed',
    ]);
    expect(
      store.auditEvents.filter((e) => e.action === 'task.claimed').map((e) => [e.actor, e.data]),
    ).toEqual([
      [AL, expect.objectContaining({ step: 'first', from: 'team:queue', to: `person:${AL}` })],
      [BO, expect.objectContaining({ step: 'second', from: 'team:queue', to: `person:${BO}` })],
    ]);
    expect(store.tasks.map((t) => [t.assignee, t.decidedBy])).toEqual([
      [`person:${AL}`, AL],
      [`person:${BO}`, BO],
    ]);
  });

  it('refuses to claim a task that is not a team queue', async () => {
    const handle = await startRun(stack(), flowWith([task('solo', { type: 'person', email: AL })]));
    await waitingOn(handle, 'solo', [`person:${AL}`]);
    expect(await refusal(handle, claimUpdate, { stepId: 'solo', actor: AL })).toBe(
      `step solo is not a team queue to claim from: it is assigned to person:${AL}`,
    );
    expect(await refusal(handle, claimUpdate, { stepId: 'nope', actor: AL })).toBe(
      'step nope is not waiting',
    );
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'solo', actor: AL }),
    ).toBeUndefined();
    await handle.result();
  });

  it('needs two distinct members for a quorum of 2 over a role with members', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'approval',
          id: 'vote',
          approvers: [{ type: 'role', role: 'board' }],
          mode: 'quorum',
          quorum: 2,
        },
      ]),
    );
    await waitingOn(handle, 'vote', [`person:${AL}`, `person:${BO}`, `person:${CY}`]);
    expect(
      await refusal(handle, decideUpdate, {
        stepId: 'vote',
        actor: 'role:board',
        decision: 'approve',
      }),
    ).toMatch(/^role:board is not a pending approver of vote/);
    expect(
      await refusal(handle, decideUpdate, { stepId: 'vote', actor: AL, decision: 'approve' }),
    ).toBeUndefined();
    expect(
      await refusal(handle, decideUpdate, { stepId: 'vote', actor: AL, decision: 'approve' }),
    ).toBe(`${AL} has already decided vote`);
    const midway = await handle.query(stateQuery);
    expect(midway.current[0]?.pending).toEqual([`person:${BO}`, `person:${CY}`]);
    expect(
      await refusal(handle, decideUpdate, { stepId: 'vote', actor: CY, decision: 'approve' }),
    ).toBeUndefined();
    const result = await handle.result();
    expect(result.outcomes.vote).toEqual({ decision: 'approved', timedOut: false });
    const store = await workStore(stack(), result);
    const byAssignee = [...store.tasks].sort((a, b) => a.assignee.localeCompare(b.assignee));
    expect(byAssignee.map((t) => [t.assignee, t.status])).toEqual([
      [`person:${AL}`, 'done'],
      [`person:${BO}`, 'skipped'],
      [`person:${CY}`, 'done'],
    ]);
  });

  it('lets a pending approver delegate when the step allows it, and refuses otherwise', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'approval',
          id: 'sign',
          approvers: [
            { type: 'role', role: 'fin' },
            { type: 'person', email: CY },
          ],
          mode: 'all',
          allowDelegation: true,
        },
        { type: 'approval', id: 'strict', approvers: [{ type: 'person', email: AL }], mode: 'any' },
      ]),
    );
    await waitingOn(handle, 'sign', [`person:${AL}`, `person:${CY}`]);
    const delegate = (actor: string, to: string) =>
      refusal(handle, delegateUpdate, { stepId: 'sign', actor, to });
    expect(await delegate(OUTSIDER, BO)).toMatch(
      new RegExp(`^${OUTSIDER} is not a pending approver of sign`),
    );
    expect(await delegate(AL, AL)).toBe(`${AL} may not delegate to themselves`);
    expect(await delegate(AL, CY)).toBe(`${CY} is already an approver of sign`);
    expect(await delegate(AL, 'not an email')).toBe(
      'to must be the email of the person to delegate to',
    );
    expect(
      await refusal(handle, delegateUpdate, {
        stepId: 'sign',
        actor: AL,
        to: BO,
        comment: 'on leave',
      }),
    ).toBeUndefined();
    await waitingOn(handle, 'sign', [`person:${BO}`, `person:${CY}`]);
    expect(
      await refusal(handle, decideUpdate, { stepId: 'sign', actor: AL, decision: 'approve' }),
    ).toMatch(new RegExp(`^${AL} is not a pending approver of sign`));
    expect(
      await refusal(handle, decideUpdate, { stepId: 'sign', actor: BO, decision: 'approve' }),
    ).toBeUndefined();
    expect(
      await refusal(handle, decideUpdate, { stepId: 'sign', actor: CY, decision: 'approve' }),
    ).toBeUndefined();
    await waitingOn(handle, 'strict', [`person:${AL}`]);
    expect(await refusal(handle, delegateUpdate, { stepId: 'strict', actor: AL, to: BO })).toBe(
      'step strict does not allow delegation',
    );
    expect(
      await refusal(handle, decideUpdate, { stepId: 'strict', actor: AL, decision: 'approve' }),
    ).toBeUndefined();
    const result = await handle.result();
    expect(result.outcomes.sign).toEqual({ decision: 'approved', timedOut: false });
    const store = await workStore(stack(), result);
    const delegated = store.auditEvents.find((e) => e.action === 'approval.delegated');
    expect(delegated?.actor).toBe(AL);
    expect(delegated?.data).toMatchObject({
      step: 'sign',
      to: `person:${BO}`,
      comment: 'on leave',
    });
    expect(store.tasks.find((t) => t.decidedBy === BO)?.assignee).toBe(`person:${BO}`);
  });

  it('reassigns a task, an approval request and a handoff; the time limit keeps running', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'task',
          id: 'fix',
          title: 'Fix',
          assignee: { type: 'person', email: CY },
          due: { within: 'PT10M' },
        },
        { type: 'approval', id: 'ok', approvers: [{ type: 'person', email: CY }], mode: 'any' },
        { type: 'handoff', id: 'pass', to: { type: 'person', email: CY } },
      ]),
    );
    const before = await waitingOn(handle, 'fix', [`person:${CY}`]);
    const reassign = (stepId: string, actor: string, to: string) =>
      refusal(handle, reassignUpdate, { stepId, actor, to });
    expect(await reassign('fix', AL, 'team:queue')).toBe(
      `${AL} may not reassign fix: it is assigned to person:${CY}`,
    );
    expect(await reassign('fix', CY, 'nonsense')).toBe(
      'to must be a party token such as person:ann@example.com, role:cfo or team:it-ops',
    );
    expect(await reassign('fix', CY, `person:${CY}`)).toBe(`person:${CY} already has fix`);
    expect(await reassign('fix', CY, 'team:queue')).toBeUndefined();
    const after = await waitingOn(handle, 'fix', ['team:queue']);
    expect(after.current[0]?.dueAt).toBe(before.current[0]?.dueAt);
    expect(await refusal(handle, completeTaskUpdate, { stepId: 'fix', actor: CY })).toBe(
      `${CY} may not complete fix: it is assigned to team:queue`,
    );
    expect(await refusal(handle, completeTaskUpdate, { stepId: 'fix', actor: BO })).toBeUndefined();

    await waitingOn(handle, 'ok', [`person:${CY}`]);
    expect(await reassign('ok', BO, `person:${AL}`)).toMatch(
      new RegExp(`^${BO} is not a pending approver of ok`),
    );
    expect(await reassign('ok', CY, `person:${AL}`)).toBeUndefined();
    await waitingOn(handle, 'ok', [`person:${AL}`]);
    expect(
      await refusal(handle, decideUpdate, { stepId: 'ok', actor: AL, decision: 'approve' }),
    ).toBeUndefined();

    await waitingOn(handle, 'pass', [`person:${CY}`]);
    expect(await reassign('pass', CY, 'role:fin')).toBeUndefined();
    await waitingOn(handle, 'pass', ['role:fin']);
    expect(await refusal(handle, acceptHandoffUpdate, { stepId: 'pass', actor: 'role:fin' })).toBe(
      'role:fin may not accept pass: it is handed to role:fin',
    );
    expect(
      await refusal(handle, acceptHandoffUpdate, { stepId: 'pass', actor: AL }),
    ).toBeUndefined();
    const result = await handle.result();
    expect(result.holder).toBe(`person:${AL}`);
    const store = await workStore(stack(), result);
    expect(
      store.auditEvents.filter((e) => e.action === 'task.reassigned').map((e) => [e.actor, e.data]),
    ).toEqual([
      [CY, expect.objectContaining({ step: 'fix', from: `person:${CY}`, to: 'team:queue' })],
      [CY, expect.objectContaining({ step: 'ok', from: `person:${CY}`, to: `person:${AL}` })],
      [CY, expect.objectContaining({ step: 'pass', from: `person:${CY}`, to: 'role:fin' })],
    ]);
    expect(store.tasks[0]?.dueAt?.toISOString()).toBe(before.current[0]?.dueAt);
    expect(store.actions).toContain('task.claimed');
  });

  it('keeps a team with no members a queue for the team token, and says why', async () => {
    const handle = await startRun(stack(), flowWith([task('setup', team('empty', 'round_robin'))]));
    await waitingOn(handle, 'setup', ['team:empty']);
    expect(await refusal(handle, claimUpdate, { stepId: 'setup', actor: AL })).toBe(
      'step setup is not a team queue to claim from: it is assigned to team:empty',
    );
    expect(
      await refusal(handle, completeTaskUpdate, { stepId: 'setup', actor: 'team:empty' }),
    ).toBeUndefined();
    const store = await workStore(stack(), await handle.result());
    expect(store.actions).toEqual([
      'work_item.created',
      'team.queued',
      'task.opened',
      'task.completed',
      'work_item.closed',
    ]);
    expect(store.auditEvents[1]?.data).toMatchObject({
      team: 'team:empty',
      strategy: 'round_robin',
      reason: 'team:empty has no members in the directory: the work stays a queue for the team',
    });
  });

  it('replays a history recorded before the directory existed', async () => {
    const fixture = path.join(__dirname, '../fixtures/histories/team-steps-before-directory.json');
    const history = loadHistory(fixture);
    expect(history.events.length).toBeGreaterThan(20);
    await expect(
      Worker.runReplayHistory(
        { ...workflowCode(testWorkflowBundle()), replayName: 'before-directory' },
        history,
        'team-steps-before-directory',
      ),
    ).resolves.toBeUndefined();
  });

  itReplaysEveryRun();
});
