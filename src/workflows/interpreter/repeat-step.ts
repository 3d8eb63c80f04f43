import { ApplicationFailure, sleep, workflowInfo } from '@temporalio/workflow';
import { evaluateCondition, parseExpression, type RepeatStep, type Step } from '../../dsl';
import { ContinueRun } from './continue-run';
import { isoOrUndefined, type FlowRun } from './flow-run';
import { resumePathTo } from './resume';
import { activities, summarized } from './work-store';

/**
 * A repeat: runs the body, then, until `until` holds, waits `every` and runs it again, at most
 * `maxIterations` rounds (reaching the cap is audited as `repeat.limit_reached`). Where the run
 * can resume it (no parallel or repeat above), a long history continues the run as a new one
 * between rounds. Each round's steps get fresh idempotency keys through their visits.
 */
export async function runRepeatStep(
  run: FlowRun,
  step: RepeatStep,
  runBody: (steps: readonly Step[]) => Promise<void>,
  firstRound = 1,
): Promise<void> {
  const parsed = parseExpression(step.until);
  if (!parsed.ok) {
    throw ApplicationFailure.nonRetryable(
      `step ${step.id}: ${parsed.error.message}`,
      'InvalidFlow',
    );
  }
  const path = resumePathTo(run.flow.steps, step.id);
  for (let round = firstRound; ; round += 1) {
    await runBody(step.steps);
    if (evaluateCondition(parsed.expression, run.evaluationContext())) return;
    if (round >= step.maxIterations) {
      await summarized(
        activities.recordRunEvent,
        `${step.id}: gave up after ${round} rounds`,
      )({
        workItemId: run.workItemId,
        idempotencyKey: `${run.nextKey(step.id)}:limit_reached`,
        action: 'repeat.limit_reached',
        data: { step: step.id, rounds: round, until: step.until },
      });
      return;
    }
    const next = run.after(step.every);
    run.setCurrent({ stepId: step.id, type: 'wait', pending: [], dueAt: isoOrUndefined(next) });
    await sleep(Math.max(next - Date.now(), 1), {
      summary: `repeat ${step.id} — next round in ${step.every}`,
    });
    run.clearCurrent(step.id);
    if (path && historyTooLong(run)) throw new ContinueRun(path, round + 1);
  }
}

function historyTooLong(run: FlowRun): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > run.historyLimit;
}
