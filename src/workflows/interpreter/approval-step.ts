import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import {
  parseParty,
  type ApprovalStep,
  type ApprovalTimeoutAction,
  type Decision,
} from '../../dsl';
import { activities, summarized } from './work-store';
import { approvalOutcome, pendingSlots, type ApprovalPanel } from './approval-tally';
import { FlowEnded } from './flow-ended';
import { isoOrUndefined, type FlowRun } from './flow-run';
import {
  approverSlots,
  assignParty,
  escalationParty,
  reassignTargetProblem,
  throwing,
} from './assignment';
import type { Acting, DecideRequest, DelegateRequest, ReassignRequest } from './messages';
import { mayActFor, personToken } from './parties';
import { waitWithLimits } from './wait-with-limits';

/**
 * An approval: one approval task per approver (in a sequence, one at a time), decisions through
 * the `decide` update, reminders every `remindEvery`, and the timeout action when the limit passes.
 * Its outcome (`approved`, `rejected`, `timed_out`) is recorded for later conditions. Members of
 * a role or team in the directory decide by email; a pending approver may `reassign` their
 * request, or `delegate` it to a person when the step has `allowDelegation`.
 */
export async function runApprovalStep(run: FlowRun, step: ApprovalStep): Promise<void> {
  const key = run.nextKey(step.id);
  const title = run.render(step.title ?? `Approval: ${step.id}`);
  let panelNo = 0;
  // The members of each group approver the directory knows, by token, as the step opened.
  const members = new Map<string, string[]>();
  const assigned = await Promise.all(
    step.approvers.map((party, i) =>
      assignParty(run, party, `${key}:approver#${i}:assign`, step.id),
    ),
  );
  let panel: ApprovalPanel = {
    mode: step.mode,
    quorum: step.quorum,
    tokens: approverSlots(step.mode, assigned, members),
    taskIds: [],
    votes: [],
  };
  let deadline = step.timeout ? run.after(step.timeout.after) : undefined;
  let forced: Decision | undefined;
  let expired = false;
  let limitPassed = false;
  // The flow deadline escalated the approval: its own limit no longer applies.
  let handedOver = false;
  let inFlight = 0;
  let expiries = 0;
  let handedOn = 0;

  const slotKey = (n: number, slot: number) => `${key}:p${n}:approver#${slot}`;
  const outcome = () => forced ?? approvalOutcome(panel);
  const done = () => outcome() !== undefined || expired;
  const pendingTokens = () => pendingSlots(panel).map((slot) => panel.tokens[slot] ?? '');
  const pendingSlotOf = (acting: Acting) =>
    pendingSlots(panel).find((slot) => {
      const token = panel.tokens[slot] ?? '';
      return mayActFor(acting, token, members.get(token));
    });
  const notPending = (actor: string) =>
    `${actor} is not a pending approver of ${step.id} (pending: ${pendingTokens().join(', ')})`;
  const show = () =>
    run.setCurrent({
      stepId: step.id,
      type: 'approval',
      pending: done() ? [] : pendingTokens(),
      dueAt: isoOrUndefined(deadline),
    });

  const openSlot = async (target: ApprovalPanel, n: number, slot: number) => {
    const token = target.tokens[slot] ?? '';
    const limit = deadline !== undefined && step.timeout ? ` — timeout ${step.timeout.after}` : '';
    const { taskId } = await summarized(
      activities.openTask,
      `approval by ${token}${limit}`,
    )({
      workItemId: run.workItemId,
      idempotencyKey: slotKey(n, slot),
      kind: 'approval',
      stepPath: step.id,
      title,
      assignee: token,
      dueAt: isoOrUndefined(deadline),
    });
    target.taskIds[slot] = taskId;
  };

  // The approver slot a decision is for, or why it is refused.
  const slotFor = (request: DecideRequest): number | string => {
    if (done()) return `step ${step.id} is not waiting for decisions`;
    if (typeof request.actor !== 'string' || request.actor === '') return 'actor is required';
    if (request.decision !== 'approve' && request.decision !== 'reject') {
      return 'decision must be "approve" or "reject"';
    }
    if (
      request.comment !== undefined &&
      (typeof request.comment !== 'string' || request.comment.length > 5000)
    ) {
      return 'comment must be text of at most 5000 characters';
    }
    if (panel.votes.some((vote) => vote.actor === request.actor)) {
      return `${request.actor} has already decided ${step.id}`;
    }
    const slot = pendingSlotOf(request);
    if (slot === undefined) return notPending(request.actor);
    return slot;
  };

  const validateDecide = (request: DecideRequest) => {
    const slot = slotFor(request);
    if (typeof slot === 'string') throw new Error(slot);
  };

  const decide = async (request: DecideRequest) => {
    // Re-checked here: an update validated before an earlier one ran may no longer apply.
    const slot = slotFor(request);
    if (typeof slot === 'string') throw ApplicationFailure.nonRetryable(slot, 'NotWaiting');
    const target = panel;
    const n = panelNo;
    const decision: Decision = request.decision === 'approve' ? 'approved' : 'rejected';
    target.votes.push({ slot, actor: request.actor, decision });
    inFlight += 1;
    show();
    try {
      await summarized(
        activities.completeTask,
        `${step.id} ${decision} by ${request.actor}`,
      )({
        workItemId: run.workItemId,
        taskId: target.taskIds[slot] ?? '',
        idempotencyKey: `${slotKey(n, slot)}:decided`,
        actor: request.actor,
        decision,
        comment: request.comment,
      });
      run.state.decisions.push({
        stepId: step.id,
        actor: request.actor,
        decision,
        at: new Date(Date.now()).toISOString(),
        ...(request.comment === undefined ? {} : { comment: request.comment }),
      });
      const next = slot + 1;
      if (
        target.mode === 'sequence' &&
        target === panel &&
        !done() &&
        next < target.tokens.length
      ) {
        await openSlot(target, n, next);
        const opened = target.taskIds[next];
        if (target !== panel && opened !== undefined) {
          // Escalated while this request was being opened: it is nobody's to decide any more.
          await summarized(
            activities.closeTasks,
            `${step.id}: moot request`,
          )({
            workItemId: run.workItemId,
            taskIds: [opened],
            idempotencyKey: `${slotKey(n, next)}:moot`,
            status: 'skipped',
            action: 'approval.closed',
            data: { step: step.id },
          });
        }
        show();
      }
    } finally {
      inFlight -= 1;
    }
  };

  const delegateProblem = (request: DelegateRequest): string | undefined => {
    if (done()) return `step ${step.id} is not waiting for decisions`;
    if (step.allowDelegation !== true) return `step ${step.id} does not allow delegation`;
    if (typeof request.to !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(request.to)) {
      return 'to must be the email of the person to delegate to';
    }
    if (pendingSlotOf(request) === undefined) return notPending(request.actor);
    if (request.to === request.actor) return `${request.actor} may not delegate to themselves`;
    if (
      pendingSlotOf({ actor: request.to }) !== undefined ||
      panel.votes.some((v) => v.actor === request.to)
    ) {
      return `${request.to} is already an approver of ${step.id}`;
    }
    if (
      request.comment !== undefined &&
      (typeof request.comment !== 'string' || request.comment.length > 5000)
    ) {
      return 'comment must be text of at most 5000 characters';
    }
    return undefined;
  };

  const reassignProblem = (request: ReassignRequest): string | undefined => {
    if (done()) return `step ${step.id} is not waiting for decisions`;
    if (pendingSlotOf(request) === undefined) return notPending(request.actor);
    return reassignTargetProblem(run, request, pendingTokens());
  };

  // Moves the actor's pending request to `to`, audited as `reason` by the actor.
  const handOn = async (
    request: DelegateRequest | ReassignRequest,
    reason: 'delegate' | 'reassign',
    target: () => Promise<string>,
  ) => {
    handedOn += 1;
    const handKey = `${key}:handed#${handedOn}`;
    const to = await target();
    const slot = pendingSlotOf(request);
    if (slot === undefined) {
      throw ApplicationFailure.nonRetryable(notPending(request.actor), 'NotWaiting');
    }
    panel.tokens[slot] = to;
    show();
    await summarized(
      activities.reassignTask,
      `${step.id}: ${reason} to ${to} by ${request.actor}`,
    )({
      workItemId: run.workItemId,
      taskId: panel.taskIds[slot] ?? '',
      idempotencyKey: handKey,
      to,
      reason,
      actor: request.actor,
      comment: request.comment,
      dueAt: isoOrUndefined(deadline),
    });
  };

  const delegate = async (request: DelegateRequest) => {
    const problem = delegateProblem(request);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'NotWaiting');
    await handOn(request, 'delegate', () => Promise.resolve(personToken(request.to)));
  };

  const reassign = async (request: ReassignRequest) => {
    const problem = reassignProblem(request);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'NotWaiting');
    const party = parseParty(request.to) ?? { type: 'person', email: request.to };
    await handOn(request, 'reassign', async () => {
      const next = await assignParty(run, party, `${key}:handed#${handedOn}:assign`, step.id);
      if (next.members) members.set(next.token, next.members);
      return next.token;
    });
  };

  const closePanel = (status: string, action: string, data: Record<string, string | null>) =>
    summarized(
      activities.closeTasks,
      `${step.id}: ${action}`,
    )({
      workItemId: run.workItemId,
      taskIds: panel.taskIds.filter((id): id is string => id !== undefined),
      idempotencyKey: `${key}:timeout#${expiries}`,
      status,
      action,
      data: { step: step.id, ...data },
    });

  // `byDeadline`: the flow deadline's escalation, which is no time out of the approval's own limit.
  const timeout = async (
    action: ApprovalTimeoutAction | undefined,
    byDeadline = false,
  ): Promise<number | undefined> => {
    if (!byDeadline) limitPassed = true;
    expiries += 1;
    switch (action?.type) {
      case undefined:
      case 'cancel':
        expired = true;
        show();
        await closePanel(action ? 'cancelled' : 'expired', 'approval.timed_out', {
          then: action?.type ?? null,
        });
        if (action) throw new FlowEnded('cancelled');
        return undefined;
      case 'approve':
      case 'reject': {
        const decision: Decision = action.type === 'approve' ? 'approved' : 'rejected';
        forced = decision;
        show();
        await closePanel('expired', 'approval.timed_out', { then: action.type, decision });
        run.state.decisions.push({
          stepId: step.id,
          actor: 'plainflow',
          decision,
          at: new Date(Date.now()).toISOString(),
          byTimeout: true,
        });
        return undefined;
      }
      case 'escalate':
      case 'reassign': {
        const assigned = await escalationParty(
          run,
          action.to,
          `${key}:timeout#${expiries}`,
          step.id,
        );
        // Decided while the directory answered: there is nothing to hand over any more.
        if (done()) return undefined;
        const to = assigned.token;
        if (assigned.members) members.set(to, assigned.members);
        const previous = panel;
        // Switched first, so nobody on the old panel can decide while the tasks move.
        panel = { mode: 'any', quorum: undefined, tokens: [to], taskIds: [], votes: [] };
        panelNo += 1;
        const next =
          action.type === 'reassign' && step.timeout ? run.after(step.timeout.after) : undefined;
        deadline = next;
        show();
        await summarized(
          activities.closeTasks,
          `${step.id}: ${action.type} to ${to}`,
        )({
          workItemId: run.workItemId,
          taskIds: previous.taskIds.filter((id): id is string => id !== undefined),
          idempotencyKey: `${key}:timeout#${expiries}`,
          status: action.type === 'escalate' ? 'escalated' : 'reassigned',
          action: action.type === 'escalate' ? 'approval.escalated' : 'approval.reassigned',
          data: { step: step.id, to },
        });
        await openSlot(panel, panelNo, 0);
        show();
        return next;
      }
      case 'remind':
        deadline = undefined;
        show();
        await run.notify(
          step.id,
          `${key}:timeout#${expiries}`,
          'reminder',
          pendingTokens(),
          `Waiting for your decision: ${title}`,
        );
        return undefined;
      case 'notify':
        deadline = undefined;
        show();
        await run.notify(
          step.id,
          `${key}:timeout#${expiries}`,
          'timeout',
          action.to.map((party) => run.token(party)),
          run.render(action.message ?? `No decision yet on "${title}".`),
        );
        return undefined;
    }
  };

  const first = step.mode === 'sequence' ? [0] : panel.tokens.map((_token, slot) => slot);
  await Promise.all(first.map((slot) => openSlot(panel, 0, slot)));
  show();
  run.waiting.set(step.id, {
    validateDecide,
    decide,
    escalate: async (action) => {
      if (done()) return;
      // Runs recorded before this patch treated the deadline like the approval's own limit passing.
      const byDeadline = patched('deadline-escalation');
      handedOver = byDeadline;
      await timeout(action, byDeadline);
    },
    validateDelegate: throwing(delegateProblem),
    delegate,
    validateReassign: throwing(reassignProblem),
    reassign,
  });
  try {
    await waitWithLimits(run, {
      done,
      describe: () => `approval by ${pendingTokens().join(', ')}`,
      limitText: step.timeout && `timeout ${step.timeout.after}`,
      deadline,
      remindEvery: step.remindEvery,
      remind: async (round) => {
        const pending = pendingTokens();
        if (pending.length === 0) return;
        await run.notify(
          step.id,
          `${key}:remind#${round}`,
          'reminder',
          pending,
          `Reminder: ${title}`,
        );
      },
      expire: () => (handedOver ? Promise.resolve(undefined) : timeout(step.timeout?.then)),
    });
    await condition(() => inFlight === 0);
  } finally {
    run.waiting.delete(step.id);
    run.clearCurrent(step.id);
  }
  const decision = outcome();
  await summarized(
    activities.closeTasks,
    `${step.id}: ${decision ?? 'timed_out'}`,
  )({
    workItemId: run.workItemId,
    taskIds: panel.taskIds.filter((id): id is string => id !== undefined),
    idempotencyKey: `${key}:completed`,
    status: 'skipped',
    action: 'approval.completed',
    data: { step: step.id, outcome: decision ?? 'timed_out' },
  });
  run.recordOutcome(
    step.id,
    { ...(decision ? { decision } : {}), timedOut: limitPassed },
    step.timeout !== undefined,
    true,
  );
}
