import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import { evaluateCondition, parseExpression, type IfStep, type Step } from '../../dsl';
import { runApprovalStep } from './approval-step';
import { runCallStep } from './call-step';
import { FlowEnded } from './flow-ended';
import type { FlowRun } from './flow-run';
import { runHandoffStep } from './handoff-step';
import { runNotifyStep, runSetStep } from './simple-steps';
import { runTaskStep } from './task-step';
import { runWaitStep } from './wait-step';

/** The step types this interpreter runs; a flow with any other is refused up front. */
export const SUPPORTED_STEP_TYPES: ReadonlySet<Step['type']> = new Set([
  'task',
  'approval',
  'handoff',
  'notify',
  'set',
  'wait',
  'if',
  'parallel',
  'end',
  'call',
]);

/** Runs steps one after another. */
export async function runSteps(run: FlowRun, steps: readonly Step[]): Promise<void> {
  for (const step of steps) await runStep(run, step);
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
    case 'call':
      return runCallStep(run, step);
    case 'repeat':
    case 'subflow':
      throw ApplicationFailure.nonRetryable(
        `step ${step.id}: ${step.type} steps are not supported yet`,
        'UnsupportedFlow',
      );
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
