import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import { evaluateCondition, parseExpression, type IfStep, type Step } from '../../dsl';
import { runApprovalStep } from './approval-step';
import { runCallStep } from './call-step';
import { FlowEnded } from './flow-ended';
import type { FlowRun } from './flow-run';
import { runHandoffStep } from './handoff-step';
import { runRepeatStep } from './repeat-step';
import type { ResumePath } from './resume';
import { runNotifyStep, runSetStep } from './simple-steps';
import { runSubflowStep } from './subflow-step';
import { runTaskStep } from './task-step';
import { runWaitStep } from './wait-step';

/** Runs steps one after another. */
export async function runSteps(run: FlowRun, steps: readonly Step[]): Promise<void> {
  for (const step of steps) await runStep(run, step);
}

/**
 * Picks a continued run up where its predecessor left: the repeat at `path` from `round`,
 * then the rest of every sequence around it; the steps before it are not run again.
 */
export async function resumeSteps(
  run: FlowRun,
  steps: readonly Step[],
  path: ResumePath,
  round: number,
): Promise<void> {
  const [index, arm, ...rest] = path;
  const at = typeof index === 'number' ? index : -1;
  const step = steps[at];
  if (step?.type === 'repeat' && arm === undefined) {
    await runRepeatStep(run, step, (body) => runSteps(run, body), round);
  } else if (step?.type === 'if' && arm === 'then') {
    await resumeSteps(run, step.then, rest, round);
  } else if (step?.type === 'if' && arm === 'else' && step.else) {
    await resumeSteps(run, step.else, rest, round);
  } else {
    throw ApplicationFailure.nonRetryable(
      `cannot resume at ${JSON.stringify(path)}`,
      'InvalidInput',
    );
  }
  await runSteps(run, steps.slice(at + 1));
}

async function runStep(run: FlowRun, step: Step): Promise<void> {
  switch (step.type) {
    case 'task':
      return runTaskStep(run, step);
    case 'approval':
      return runApprovalStep(run, step);
    case 'handoff':
      return runHandoffStep(run, step);
    case 'notify':
      return runNotifyStep(run, step);
    case 'set':
      return runSetStep(run, step);
    case 'wait':
      return runWaitStep(run, step);
    case 'if':
      return runSteps(run, chooseArm(run, step));
    case 'parallel': {
      // Branches share one scope, so an `end` in one branch stops the others' timers and activities.
      const scope = new CancellationScope();
      try {
        await scope.run(() =>
          Promise.all(step.branches.map((branch) => runSteps(run, branch.steps))),
        );
      } catch (error) {
        scope.cancel();
        throw error;
      }
      return;
    }
    case 'end':
      throw new FlowEnded(step.status);
    case 'repeat':
      return runRepeatStep(run, step, (body) => runSteps(run, body));
    case 'call':
      return runCallStep(run, step);
    case 'subflow':
      return runSubflowStep(run, step);
  }
}

function chooseArm(run: FlowRun, step: IfStep): readonly Step[] {
  const parsed = parseExpression(step.condition);
  if (!parsed.ok) {
    throw ApplicationFailure.nonRetryable(
      `step ${step.id}: ${parsed.error.message}`,
      'InvalidFlow',
    );
  }
  return evaluateCondition(parsed.expression, run.evaluationContext())
    ? step.then
    : (step.else ?? []);
}
