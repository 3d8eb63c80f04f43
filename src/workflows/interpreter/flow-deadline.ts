import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { EscalateAction, FlowDeadline } from '../../dsl';
import type { FlowRun } from './flow-run';
import { activities, summarized } from './work-store';

/** The flow deadline's timer and what it did. */
export interface DeadlineWatch {
  /** Whether the deadline passed and its action was taken (also in an earlier run of the chain). */
  readonly passed: boolean;
  /** Whether the deadline's action was to cancel the run. */
  readonly cancelledRun: boolean;
  /** Stops the timer; waits for an action under way to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the flow deadline's timer from the run's start. When it passes: `cancel` (the default)
 * cancels the steps' scope, so the run ends as cancelled; `notify` queues a message and goes on;
 * `escalate` hands every pending task, approval and handoff to the party (or tells the party,
 * if nothing is pending), ending their own time limits. Each is audited as `flow.deadline_passed`.
 */
export function watchDeadline(
  run: FlowRun,
  deadline: FlowDeadline,
  startedAt: number,
  alreadyPassed: boolean,
  cancelSteps: () => void,
): DeadlineWatch {
  const action = deadline.then ?? { type: 'cancel' as const };
  const state = { passed: alreadyPassed, cancelledRun: false };
  const timer = new CancellationScope();
  const key = `${run.workflowId}:deadline`;

  const act = async (): Promise<void> => {
    state.passed = true;
    switch (action.type) {
      case 'cancel':
        state.cancelledRun = true;
        cancelSteps();
        await passed({ then: 'cancel' });
        return;
      case 'notify':
        await passed({ then: 'notify' });
        await run.notify(
          'deadline',
          `${key}:notify`,
          'timeout',
          action.to.map((party) => run.token(party)),
          run.render(action.message ?? `"${run.state.flowName}" is past its deadline.`),
        );
        return;
      case 'escalate':
        await escalate(action);
        return;
    }
  };

  const escalate = async (escalation: EscalateAction): Promise<void> => {
    const to = run.token(escalation.to);
    const steps = [...run.waiting].filter(([, step]) => step.escalate !== undefined);
    await passed({ then: 'escalate', to, steps: steps.map(([stepId]) => stepId) });
    for (const [, step] of steps) await step.escalate?.(escalation);
    if (steps.length === 0) {
      await run.notify(
        'deadline',
        `${key}:escalate`,
        'timeout',
        [to],
        `"${run.state.flowName}" is past its deadline and is yours now.`,
      );
    }
  };

  const passed = (data: Record<string, string | string[]>) =>
    summarized(
      activities.recordRunEvent,
      `deadline ${deadline.within} passed: ${action.type}`,
    )({
      workItemId: run.workItemId,
      idempotencyKey: `${key}:passed`,
      action: 'flow.deadline_passed',
      data: { within: deadline.within, ...data },
    });

  const acting = alreadyPassed
    ? Promise.resolve()
    : timer
        .run(async () => {
          const due = run.after(deadline.within, startedAt);
          if (due > Date.now()) {
            await sleep(due - Date.now(), { summary: `flow deadline ${deadline.within}` });
          }
        })
        .then(
          () => CancellationScope.nonCancellable(act),
          (error: unknown) => {
            // Stopped before it passed: the run ended (or continued) in time.
            if (!isCancellation(error)) throw error;
          },
        );
  // Observed here so a failure surfaces through stop(), not as an unhandled rejection.
  acting.catch(() => undefined);

  return {
    get passed() {
      return state.passed;
    },
    get cancelledRun() {
      return state.cancelledRun;
    },
    async stop() {
      timer.cancel();
      await acting;
    },
  };
}
