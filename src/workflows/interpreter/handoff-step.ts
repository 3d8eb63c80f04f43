import { ApplicationFailure, condition } from '@temporalio/workflow';
import type { HandoffStep, HandoffTimeoutAction, StepOutcome } from '../../dsl';
import { FlowEnded } from './flow-ended';
import { isoOrUndefined, type FlowRun } from './flow-run';
import type { AcceptHandoffRequest } from './messages';
import { mayActFor } from './parties';
import { waitWithLimits } from './wait-with-limits';
import { activities, summarized } from './work-store';

/**
 * A handoff: the work item moves to a party once they accept (`acceptHandoff`); until then the
 * previous holder keeps it (`assignee`). Accepted counts as `approved`, declined as `rejected`;
 * `accept.then` applies when nobody accepted in time.
 */
export async function runHandoffStep(run: FlowRun, step: HandoffStep): Promise<void> {
  const key = run.nextKey(step.id);
  const title = run.render(step.note ?? `Take over: ${run.state.flowName}`);
  let receiver = run.token(step.to);
  let deadline = step.accept ? run.after(step.accept.within) : undefined;
  const limit = step.accept ? ` — accept within ${step.accept.within}` : '';
  const { taskId } = await summarized(
    activities.openTask,
    `handoff to ${receiver}${limit}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey: `${key}:handoff`,
    kind: 'handoff',
    stepPath: step.id,
    title,
    assignee: receiver,
    dueAt: isoOrUndefined(deadline),
  });
  let answer: boolean | undefined;
  let recorded = false;
  let expired = false;
  let limitPassed = false;
  let expiries = 0;
  const show = () =>
    run.setCurrent({
      stepId: step.id,
      type: 'handoff',
      pending: [receiver],
      dueAt: isoOrUndefined(deadline),
    });

  const refusal = (request: AcceptHandoffRequest): string | undefined => {
    if (answer !== undefined || expired) return `step ${step.id} is not waiting any more`;
    if (!mayActFor(request.actor, receiver)) {
      return `${request.actor} may not accept ${step.id}: it is handed to ${receiver}`;
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
      holder: accepted ? receiver : undefined,
    });
    if (accepted) run.state.holder = receiver;
    run.state.decisions.push({
      stepId: step.id,
      actor: request.actor,
      decision: accepted ? 'accepted' : 'declined',
      at: new Date(Date.now()).toISOString(),
      ...(request.comment === undefined ? {} : { comment: request.comment }),
    });
    recorded = true;
  };

  const unaccepted = async (action: HandoffTimeoutAction | undefined) => {
    limitPassed = true;
    expiries += 1;
    const actionKey = `${key}:accept#${expiries}`;
    switch (action?.type) {
      case undefined:
      case 'cancel':
        expired = true;
        await summarized(
          activities.closeTasks,
          `${step.id}: not accepted in time`,
        )({
          workItemId: run.workItemId,
          taskIds: [taskId],
          idempotencyKey: actionKey,
          status: action ? 'cancelled' : 'expired',
          action: 'handoff.timed_out',
          data: { step: step.id, then: action?.type ?? null },
        });
        if (action) throw new FlowEnded('cancelled');
        return undefined;
      case 'escalate':
      case 'reassign': {
        // `assignee` is still the previous holder here, so reassigning to it hands the work back.
        receiver = run.token(action.to);
        const next =
          action.type === 'reassign' && step.accept ? run.after(step.accept.within) : undefined;
        deadline = next;
        show();
        await summarized(
          activities.reassignTask,
          `${step.id}: ${action.type} to ${receiver}`,
        )({
          workItemId: run.workItemId,
          taskId,
          idempotencyKey: actionKey,
          to: receiver,
          reason: action.type,
          dueAt: isoOrUndefined(next),
        });
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

  show();
  run.waiting.set(step.id, {
    validateAccept,
    accept,
    escalate: async (action) => {
      if (answer === undefined && !expired) await unaccepted(action);
    },
  });
  try {
    await waitWithLimits(run, {
      done: () => answer !== undefined || expired,
      describe: () => `handoff to ${receiver}`,
      limitText: step.accept && `accept within ${step.accept.within}`,
      deadline,
      expire: () => unaccepted(step.accept?.then),
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
