import { workflowCode } from '../../src/temporal/workflow-bundle';
import { testWorkflowBundle } from '../helpers/env';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Flow, FlowDeadline, Step } from '../../src/dsl';
import {
  acceptHandoffUpdate,
  completeTaskUpdate,
  decideUpdate,
  stateQuery,
} from '../../src/workflows';
import { loadHistory } from '../helpers/history-fixture';
import {
  early,
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
const OUTSIDER = 'zed@example.com';

const rr = { type: 'team', team: 'esc-rr', assignment: 'round_robin' } as const;
const board = { type: 'role', role: 'esc-board' } as const;

const withDeadline = (steps: Step[], deadline: FlowDeadline): Flow => ({
  ...flowWith(steps),
  deadline,
});

type Update = typeof completeTaskUpdate | typeof decideUpdate | typeof acceptHandoffUpdate;

/** Runs an update; the message it was refused with, or undefined when it was accepted. */
async function refusal(handle: RunHandle, update: Update, request: object) {
  const error = await handle
    .executeUpdate(update as typeof completeTaskUpdate, { args: [request as never] })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause?.message;
}

/** The run's state once `stepId` waits on a single party that `pick` accepts. */
async function waitingOnOne(handle: RunHandle, stepId: string, pick: (token: string) => boolean) {
  for (let i = 0; i < 100; i += 1) {
    const state = await handle.query(stateQuery);
    const pending = state.current.find((c) => c.stepId === stepId)?.pending ?? [];
    if (pending.length === 1 && pick(pending[0] ?? '')) return pending[0] ?? '';
    await delay(100);
  }
  throw new Error(`step ${stepId} never waited on the expected party`);
}

describe('the flow interpreter: escalations resolve through the directory', () => {
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
    await put('teams', 'esc-rr', [AL, BO]);
    await put('roles', 'esc-board', [AL, BO]);
  });

  // A task due within 1s that escalates to a round-robin team.
  const taskToTeam = early(async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'task',
          id: 'fix',
          title: 'Fix',
          assignee: { type: 'person', email: OUTSIDER },
          due: { within: 'PT1S', then: { type: 'escalate', to: rr } },
        },
      ]),
    );
    const member = await waitingOnOne(
      handle,
      'fix',
      (token) => token === `person:${AL}` || token === `person:${BO}`,
    );
    const email = member.slice('person:'.length);
    const other = email === AL ? BO : AL;
    const refusedTeam = await refusal(handle, completeTaskUpdate, {
      stepId: 'fix',
      actor: 'team:esc-rr',
    });
    const refusedOther = await refusal(handle, completeTaskUpdate, { stepId: 'fix', actor: other });
    const refusedOld = await refusal(handle, completeTaskUpdate, {
      stepId: 'fix',
      actor: OUTSIDER,
    });
    const accepted = await refusal(handle, completeTaskUpdate, { stepId: 'fix', actor: email });
    const result = await handle.result();
    return { member, refusedTeam, refusedOther, refusedOld, accepted, result };
  });

  // An approval timing out after 1s that escalates to a role with members.
  const approvalToRole = early(async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'approval',
          id: 'sign',
          approvers: [{ type: 'person', email: OUTSIDER }],
          mode: 'any',
          timeout: { after: 'PT1S', then: { type: 'escalate', to: board } },
        },
      ]),
    );
    await waitingOn(handle, 'sign', ['role:esc-board']);
    const decide = (actor: string) =>
      refusal(handle, decideUpdate, { stepId: 'sign', actor, decision: 'approve' });
    const refusedToken = await decide('role:esc-board');
    const refusedOld = await decide(OUTSIDER);
    const accepted = await decide(BO);
    const result = await handle.result();
    return { refusedToken, refusedOld, accepted, result };
  });

  // A handoff not accepted within 1s that reassigns to a round-robin team.
  const handoffToTeam = early(async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        {
          type: 'handoff',
          id: 'pass',
          to: { type: 'person', email: OUTSIDER },
          accept: { within: 'PT1S', then: { type: 'reassign', to: rr } },
        },
      ]),
    );
    const member = await waitingOnOne(
      handle,
      'pass',
      (token) => token === `person:${AL}` || token === `person:${BO}`,
    );
    const refusedTeam = await refusal(handle, acceptHandoffUpdate, {
      stepId: 'pass',
      actor: 'team:esc-rr',
    });
    const accepted = await refusal(handle, acceptHandoffUpdate, {
      stepId: 'pass',
      actor: member.slice('person:'.length),
    });
    const result = await handle.result();
    return { member, refusedTeam, accepted, result };
  });

  // The flow deadline (1s) escalates a task whose own limit (4s) would cancel the run.
  const deadlineOverTask = early(async () => {
    const handle = await startRun(
      stack(),
      withDeadline(
        [
          {
            type: 'task',
            id: 'review',
            title: 'Review',
            assignee: { type: 'person', email: OUTSIDER },
            due: { within: 'PT4S', then: { type: 'cancel' } },
          },
        ],
        { within: 'PT1S', then: { type: 'escalate', to: board } },
      ),
    );
    const escalated = await waitingOn(handle, 'review', ['role:esc-board']);
    // Past the task's own limit: had it still run, the run would be cancelled by now.
    await delay(5000);
    const later = await handle.query(stateQuery);
    const refusedToken = await refusal(handle, completeTaskUpdate, {
      stepId: 'review',
      actor: 'role:esc-board',
    });
    const accepted = await refusal(handle, completeTaskUpdate, { stepId: 'review', actor: AL });
    const result = await handle.result();
    return { escalated, later, refusedToken, accepted, result };
  });

  // The flow deadline (1s) escalates an approval whose own limit (4s) would reject it.
  const deadlineOverApproval = early(async () => {
    const handle = await startRun(
      stack(),
      withDeadline(
        [
          {
            type: 'approval',
            id: 'ok',
            approvers: [{ type: 'person', email: OUTSIDER }],
            mode: 'any',
            timeout: { after: 'PT4S', then: { type: 'reject' } },
          },
        ],
        { within: 'PT1S', then: { type: 'escalate', to: board } },
      ),
    );
    await waitingOn(handle, 'ok', ['role:esc-board']);
    await delay(5000);
    const later = await handle.query(stateQuery);
    const accepted = await refusal(handle, decideUpdate, {
      stepId: 'ok',
      actor: BO,
      decision: 'approve',
    });
    const result = await handle.result();
    return { later, accepted, result };
  });

  it('a task escalated by its due limit to a round-robin team goes to a member, who alone completes it', async () => {
    const { member, refusedTeam, refusedOther, refusedOld, accepted, result } = await taskToTeam();
    expect(refusedTeam).toBe(`team:esc-rr may not complete fix: it is assigned to ${member}`);
    expect(refusedOther).toMatch(/may not complete fix: it is assigned to person:/);
    expect(refusedOld).toBe(`${OUTSIDER} may not complete fix: it is assigned to ${member}`);
    expect(accepted).toBeUndefined();
    expect(result.outcomes.fix).toEqual({ timedOut: true });
    const store = await workStore(stack(), result);
    expect(store.actions).toEqual([
      'work_item.created',
      'task.opened',
      'team.assigned',
      'task.escalated',
      'task.completed',
      'work_item.closed',
    ]);
    expect(store.auditEvents.find((e) => e.action === 'team.assigned')?.data).toMatchObject({
      step: 'fix',
      team: 'team:esc-rr',
      strategy: 'round_robin',
      assignee: member,
    });
    expect(store.auditEvents.find((e) => e.action === 'task.escalated')?.data).toMatchObject({
      to: member,
    });
    expect(store.tasks.map((t) => [t.assignee, t.decidedBy])).toEqual([
      [member, member.slice('person:'.length)],
    ]);
  });

  it('an approval escalated by its timeout to a role with members accepts only a member', async () => {
    const { refusedToken, refusedOld, accepted, result } = await approvalToRole();
    expect(refusedToken).toMatch(/^role:esc-board is not a pending approver of sign/);
    expect(refusedOld).toMatch(new RegExp(`^${OUTSIDER} is not a pending approver of sign`));
    expect(accepted).toBeUndefined();
    expect(result.outcomes.sign).toEqual({ decision: 'approved', timedOut: true });
    const store = await workStore(stack(), result);
    expect(store.actions).toContain('approval.escalated');
    expect(store.tasks.map((t) => [t.assignee, t.status, t.decidedBy])).toEqual([
      [`person:${OUTSIDER}`, 'escalated', null],
      ['role:esc-board', 'done', BO],
    ]);
  });

  it('a handoff reassigned by its accept limit to a round-robin team goes to a member', async () => {
    const { member, refusedTeam, accepted, result } = await handoffToTeam();
    expect(refusedTeam).toBe(`team:esc-rr may not accept pass: it is handed to ${member}`);
    expect(accepted).toBeUndefined();
    expect(result.holder).toBe(member);
    const store = await workStore(stack(), result);
    const picks = store.auditEvents.filter((e) => e.action === 'team.assigned');
    expect(picks.map((e) => e.data)).toEqual([
      expect.objectContaining({ step: 'pass', strategy: 'round_robin', assignee: member }),
    ]);
    expect(store.actions).toContain('task.reassigned');
  });

  it('the deadline escalates a task: not timed out, its own limit no longer fires, only members act', async () => {
    const { escalated, later, refusedToken, accepted, result } = await deadlineOverTask();
    expect(escalated.current[0]?.dueAt).toBeUndefined();
    expect(later.status).toBe('running');
    expect(later.current.map((c) => [c.stepId, c.pending])).toEqual([
      ['review', ['role:esc-board']],
    ]);
    expect(refusedToken).toBe(
      'role:esc-board may not complete review: it is assigned to role:esc-board',
    );
    expect(accepted).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.outcomes.review).toEqual({ timedOut: false });
    const store = await workStore(stack(), result);
    expect(store.actions).toEqual([
      'work_item.created',
      'task.opened',
      'flow.deadline_passed',
      'task.escalated',
      // The role's members are a queue: completing claims on the way.
      'task.claimed',
      'task.completed',
      'work_item.closed',
    ]);
    expect(store.tasks.map((t) => [t.assignee, t.status, t.decidedBy, t.dueAt])).toEqual([
      [`person:${AL}`, 'done', AL, null],
    ]);
  });

  it('the deadline escalates an approval: its own limit does not reject it, not timed out', async () => {
    const { later, accepted, result } = await deadlineOverApproval();
    expect(later.status).toBe('running');
    expect(later.current.map((c) => c.pending)).toEqual([['role:esc-board']]);
    expect(accepted).toBeUndefined();
    expect(result.outcomes.ok).toEqual({ decision: 'approved', timedOut: false });
    const store = await workStore(stack(), result);
    expect(store.actions).not.toContain('approval.timed_out');
    expect(store.actions).toContain('approval.escalated');
  });

  it('replays a history recorded before escalations looked parties up', async () => {
    // Recorded by the code before `escalation-assignment` / `deadline-escalation`: a round-robin
    // team task (so `team-assignment` is on), then the deadline escalated a task whose own limit
    // escalated it again (timed out), and a due limit escalated to the team's bare token.
    const fixture = path.join(
      __dirname,
      '../fixtures/histories/escalations-before-directory-lookup.json',
    );
    const history = loadHistory(fixture);
    expect(history.events.length).toBeGreaterThan(20);
    await expect(
      Worker.runReplayHistory(
        { ...workflowCode(testWorkflowBundle()), replayName: 'before-escalations' },
        history,
        'escalations-before-directory-lookup',
      ),
    ).resolves.toBeUndefined();
  });

  itReplaysEveryRun();
});
