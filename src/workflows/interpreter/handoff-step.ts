import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import type { HandoffStep, HandoffTimeoutAction, StepOutcome } from '../../dsl';
import { isoOrUndefined, type FlowRun } from './flow-run';
import { closeRow, handRowTo } from './row-limit';
import { StepAssignee } from './assignment';
import type { AcceptHandoffRequest } from './messages';
import { waitWithLimits } from './wait-with-limits';
import { activities, summarized } from './work-store';

/**
 * A handoff: the work item moves to a party once they accept (`acceptHandoff`); until then the
 * previous holder keeps it (`assignee`). Accepted counts as `approved`, declined as `rejected`;
 * `accept.then` applies when nobody accepted in time. A team in the directory is a queue its
 * members `claim` from, and the member who accepts becomes the holder; the receiver may `reassign`.
 */
export async function runHandoffStep(run: FlowRun, step: HandoffStep): Promise<void> {
  const key = run.nextKey(step.id);
  const title = run.render(step.note ?? `Take over: ${run.state.flowName}`);
  const receiver = await StepAssignee.open(run, step.to, key, step.id);
  let deadline = step.accept ? run.after(step.accept.within) : undefined;
  const limit = step.accept ? ` — accept within ${step.accept.within}` : '';
  const { taskId } = await summarized(
    activities.openTask,
    `handoff to ${receiver.token}${limit}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey: `${key}:handoff`,
    kind: 'handoff',
    stepPath: step.id,
    title,
    assignee: receiver.token,
    dueAt: isoOrUndefined(deadline),
  });
  let answer: boolean | undefined;
  let recorded = false;
  let expired = false;
  let limitPassed = false;
  // The flow deadline escalated the handoff: its own limit no longer applies.
  let handedOver = false;
  let expiries = 0;
  const show = () =>
    run.setCurrent({
      stepId: step.id,
      type: 'handoff',
      pending: [receiver.token],
      dueAt: isoOrUndefined(deadline),
    });

  const refusal = (request: AcceptHandoffRequest): string | undefined => {
    if (answer !== undefined || expired) return `step ${step.id} is not waiting any more`;
    if (!receiver.mayAct(request)) {
      return `${request.actor} may not accept ${step.id}: it is handed to ${receiver.token}`;
    }
    if (request.accept !== undefined && typeof request.accept !== 'boolean') {
      return 'accept must be true or false';
    }
    if (
      request.comment !== undefined &&
      (typeof request.comment !== 'string' || request.comment.length > 5000)
    ) {
      return 'comment must be text of at most 5000 characters';
    }
    return undefined;
  };

  const validateAccept = (request: AcceptHandoffRequest) => {
    const problem = refusal(request);
    if (problem) throw new Error(problem);
  };

  const accept = async (request: AcceptHandoffRequest) => {
    const problem = refusal(request);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'NotWaiting');
    const accepted = request.accept !== false;
    answer = accepted;
    run.clearCurrent(step.id);
    // A member answering for a team's queue claims it on the way (and holds it once accepted).
    if (receiver.isQueue) await receiver.claim(request.actor, taskId, isoOrUndefined(deadline));
    await summarized(
      activities.completeTask,
      `${step.id} ${accepted ? 'accepted' : 'declined'} by ${request.actor}`,
    )({
      workItemId: run.workItemId,
      taskId,
      idempotencyKey: `${key}:answered`,
      actor: request.actor,
      decision: accepted ? 'approved' : 'rejected',
      comment: request.comment,
      holder: accepted ? receiver.token : undefined,
    });
    if (accepted) run.state.holder = receiver.token;
    run.state.decisions.push({
      stepId: step.id,
      actor: request.actor,
      decision: accepted ? 'accepted' : 'declined',
      at: new Date(Date.now()).toISOString(),
      ...(request.comment === undefined ? {} : { comment: request.comment }),
    });
    recorded = true;
  };

  // `byDeadline`: the flow deadline's escalation, which is no time out of the handoff's own limit.
  const unaccepted = async (action: HandoffTimeoutAction | undefined, byDeadline = false) => {
    if (!byDeadline) limitPassed = true;
    expiries += 1;
    const actionKey = `${key}:accept#${expiries}`;
    const row = { run, stepId: step.id, taskId, actionKey };
    switch (action?.type) {
      case undefined:
      case 'cancel':
        expired = true;
        await closeRow(row, action !== undefined, 'not accepted in time', 'handoff.timed_out');
        return undefined;
      case 'escalate':
      case 'reassign': {
        // `assignee` is still the previous holder here, so reassigning to it hands the work back.
        await receiver.handTo(action.to, actionKey);
        // Answered while the directory answered: there is nothing to hand over any more.
        if (answer !== undefined || expired) return undefined;
        const next =
          action.type === 'reassign' && step.accept ? run.after(step.accept.within) : undefined;
        deadline = next;
        show();
        await handRowTo(row, action.type, receiver.token, next);
        return next;
      }
      case 'notify':
        deadline = undefined;
        show();
        await run.notify(
          step.id,
          actionKey,
          'timeout',
          action.to.map((party) => run.token(party)),
          run.render(action.message ?? `Nobody has accepted the handoff "${title}" yet.`),
        );
        return undefined;
    }
  };

  const waiting = () => answer === undefined && !expired;
  show();
  run.waiting.set(step.id, {
    validateAccept,
    accept,
    escalate: async (action) => {
      if (answer !== undefined || expired) return;
      // Runs recorded before this patch treated the deadline like the handoff's own limit passing.
      const byDeadline = patched('deadline-escalation');
      handedOver = byDeadline;
      await unaccepted(action, byDeadline);
    },
    ...receiver.updates(taskId, () => isoOrUndefined(deadline), waiting, show),
  });
  try {
    await waitWithLimits(run, {
      done: () => answer !== undefined || expired,
      describe: () => `handoff to ${receiver.token}`,
      limitText: step.accept && `accept within ${step.accept.within}`,
      deadline,
      expire: () => (handedOver ? Promise.resolve(undefined) : unaccepted(step.accept?.then)),
    });
    if (answer !== undefined) await condition(() => recorded);
  } finally {
    run.waiting.delete(step.id);
    run.clearCurrent(step.id);
  }
  const outcome: StepOutcome =
    answer === undefined
      ? { timedOut: limitPassed }
      : { decision: answer ? 'approved' : 'rejected', timedOut: limitPassed };
  run.recordOutcome(step.id, outcome, step.accept !== undefined, true);
}
