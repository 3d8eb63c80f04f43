import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import type { TaskOverdueAction, TaskStep } from '../../dsl';
import { activities, summarized } from './work-store';
import { isoOrUndefined, type FlowRun } from './flow-run';
import { closeRow, handRowTo } from './row-limit';
import { formProblem } from './form-values';
import type { CompleteTaskRequest } from './messages';
import { StepAssignee } from './assignment';
import { waitWithLimits } from './wait-with-limits';

/**
 * A task for one party: opens a task row, waits for `completeTask` by an eligible actor,
 * reminds every `remindEvery`, and applies the `due` action when the limit passes. A team in
 * the directory is a queue its members `claim` from (or one member, by its strategy); whoever
 * may complete the task may `reassign` it.
 */
export async function runTaskStep(run: FlowRun, step: TaskStep): Promise<void> {
  const key = run.nextKey(step.id);
  const title = run.render(step.title);
  const assignee = await StepAssignee.open(run, step.assignee, key, step.id);
  let deadline = step.due ? run.after(step.due.within) : undefined;
  const limit = step.due ? ` — due within ${step.due.within}` : '';
  const { taskId } = await summarized(
    activities.openTask,
    `task for ${assignee.token}${limit}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey: `${key}:task`,
    kind: 'task',
    stepPath: step.id,
    title,
    assignee: assignee.token,
    dueAt: isoOrUndefined(deadline),
  });
  let claimed: CompleteTaskRequest | undefined;
  let recorded = false;
  let expired = false;
  let limitPassed = false;
  // The flow deadline escalated the task: its own limit no longer applies.
  let handedOver = false;
  let expiries = 0;
  const show = () =>
    run.setCurrent({
      stepId: step.id,
      type: 'task',
      pending: [assignee.token],
      dueAt: isoOrUndefined(deadline),
    });

  const waiting = () => !claimed && !expired;
  const validateComplete = (request: CompleteTaskRequest) => {
    if (claimed || expired) throw new Error(`step ${step.id} is not waiting any more`);
    if (!assignee.mayAct(request)) {
      throw new Error(
        `${request.actor} may not complete ${step.id}: it is assigned to ${assignee.token}`,
      );
    }
    const problem = formProblem(step.form, request.fields);
    if (problem) throw new Error(`step ${step.id}: ${problem}`);
  };

  const complete = async (request: CompleteTaskRequest) => {
    // Re-checked here: a second update validated before this one ran must not complete it twice.
    if (claimed || expired) {
      throw ApplicationFailure.nonRetryable(
        `step ${step.id} is not waiting any more`,
        'NotWaiting',
      );
    }
    claimed = request;
    run.clearCurrent(step.id);
    // A member completing a team's queued task claims it on the way.
    if (assignee.isQueue) await assignee.claim(request.actor, taskId, isoOrUndefined(deadline));
    await summarized(
      activities.completeTask,
      `${step.id} completed by ${request.actor}`,
    )({
      workItemId: run.workItemId,
      taskId,
      idempotencyKey: `${key}:completed`,
      actor: request.actor,
      comment: request.comment,
      fields: request.fields,
    });
    run.mergeFields(request.fields);
    run.state.decisions.push({
      stepId: step.id,
      actor: request.actor,
      decision: 'completed',
      at: new Date(Date.now()).toISOString(),
      ...(request.comment === undefined ? {} : { comment: request.comment }),
    });
    recorded = true;
  };

  // `byDeadline`: the flow deadline's escalation, which is no time out of the task's own limit.
  const overdue = async (
    action: TaskOverdueAction | undefined,
    byDeadline = false,
  ): Promise<number | undefined> => {
    if (!byDeadline) limitPassed = true;
    expiries += 1;
    const actionKey = `${key}:due#${expiries}`;
    const row = { run, stepId: step.id, taskId, actionKey };
    switch (action?.type) {
      case undefined:
      case 'cancel':
        expired = true;
        await closeRow(row, action !== undefined, 'overdue', 'task.timed_out');
        return undefined;
      case 'escalate':
      case 'reassign': {
        await assignee.handTo(action.to, actionKey);
        // Completed while the directory answered: there is nothing to hand over any more.
        if (!waiting()) return undefined;
        const next =
          action.type === 'reassign' && step.due ? run.after(step.due.within) : undefined;
        await handRowTo(row, action.type, assignee.token, next);
        deadline = next;
        show();
        return next;
      }
      case 'notify':
        await run.notify(
          step.id,
          actionKey,
          'timeout',
          action.to.map((party) => run.token(party)),
          run.render(action.message ?? `The task "${title}" is overdue.`),
        );
        deadline = undefined;
        show();
        return undefined;
      case 'remind':
        await run.notify(step.id, actionKey, 'reminder', [assignee.token], `Overdue: ${title}`);
        deadline = undefined;
        show();
        return undefined;
    }
  };

  show();
  run.waiting.set(step.id, {
    validateComplete,
    complete,
    escalate: async (action) => {
      if (claimed || expired) return;
      // Runs recorded before this patch treated the deadline like the task's own limit passing.
      const byDeadline = patched('deadline-escalation');
      handedOver = byDeadline;
      await overdue(action, byDeadline);
    },
    ...assignee.updates(taskId, () => isoOrUndefined(deadline), waiting, show),
  });
  try {
    await waitForTask();
  } finally {
    run.waiting.delete(step.id);
    run.clearCurrent(step.id);
  }
  if (step.due) run.recordOutcome(step.id, { timedOut: limitPassed }, true, false);

  async function waitForTask(): Promise<void> {
    await waitWithLimits(run, {
      done: () => claimed !== undefined || expired,
      describe: () => `task "${title}" for ${assignee.token}`,
      limitText: step.due && `due within ${step.due.within}`,
      deadline,
      remindEvery: step.remindEvery,
      remind: (round) =>
        run.notify(
          step.id,
          `${key}:remind#${round}`,
          'reminder',
          [assignee.token],
          `Reminder: ${title}`,
        ),
      expire: () => (handedOver ? Promise.resolve(undefined) : overdue(step.due?.then)),
    });
    if (claimed) await condition(() => recorded);
  }
}
