import type { PathSegment } from '../issue';
import type { Step } from '../steps/step';
import { VerifyCode } from './codes';
import { checkCondition } from './check-expressions';
import { checkStep } from './check-step';
import type { VerifyContext } from './context';
import { copyScope, initialScope, mergeScopes, type Scope } from './scope';

/** Walks the steps in run order with what may have happened so far, checking each step. */
export function checkSteps(ctx: VerifyContext): void {
  const intake =
    ctx.flow.trigger.type === 'request' ? ctx.flow.trigger.fields.map((f) => f.name) : [];
  walkSequence(ctx, ctx.flow.steps, ['steps'], initialScope(intake));
}

/** Walks one sequence; returns whether it always ends the flow. */
function walkSequence(
  ctx: VerifyContext,
  steps: readonly Step[],
  path: readonly PathSegment[],
  scope: Scope,
): boolean {
  let endedBy: Step | undefined;
  let reported = false;
  steps.forEach((step, index) => {
    const stepPath = [...path, index];
    if (endedBy && !reported) {
      reported = true;
      ctx.error(
        VerifyCode.unreachableStep,
        `step "${step.id}" never runs: the ${endedBy.type} "${endedBy.id}" before it always ends the flow`,
        stepPath,
      );
    }
    if (walkStep(ctx, step, stepPath, scope)) endedBy ??= step;
  });
  return endedBy !== undefined;
}

function walkStep(
  ctx: VerifyContext,
  step: Step,
  path: readonly PathSegment[],
  scope: Scope,
): boolean {
  checkStep(ctx, step, path, scope);
  let ends = false;
  switch (step.type) {
    case 'if': {
      checkCondition(ctx, step.condition, [...path, 'condition'], scope);
      const thenScope = copyScope(scope);
      const elseScope = copyScope(scope);
      const thenEnds = walkSequence(ctx, step.then, [...path, 'then'], thenScope);
      const elseEnds = step.else
        ? walkSequence(ctx, step.else, [...path, 'else'], elseScope)
        : false;
      // An arm that ends the flow does not reach the next step, so it adds nothing after the if.
      mergeScopes(scope, [...(thenEnds ? [] : [thenScope]), ...(elseEnds ? [] : [elseScope])]);
      ends = thenEnds && elseEnds;
      break;
    }
    case 'parallel': {
      const arms = step.branches.map(() => copyScope(scope));
      step.branches.forEach((branch, index) => {
        const arm = arms[index];
        if (arm && walkSequence(ctx, branch.steps, [...path, 'branches', index, 'steps'], arm)) {
          ends = true;
        }
      });
      mergeScopes(scope, arms);
      break;
    }
    case 'repeat': {
      const body = copyScope(scope);
      ends = walkSequence(ctx, step.steps, [...path, 'steps'], body);
      // `until` is tested after each round, so it sees what the body did.
      checkCondition(ctx, step.until, [...path, 'until'], body);
      mergeScopes(scope, [body]);
      break;
    }
    case 'end':
      ends = true;
      break;
    case 'task':
      for (const field of step.form ?? []) scope.fields.add(field.name);
      scope.holder = true;
      scope.limited ||= step.due !== undefined;
      break;
    case 'approval':
      scope.decision = true;
      scope.limited ||= step.timeout !== undefined;
      break;
    case 'handoff':
      scope.decision = true;
      scope.holder = true;
      scope.limited ||= step.accept !== undefined;
      break;
    case 'wait':
      scope.limited ||= step.for.type === 'event' && step.for.timeout !== undefined;
      break;
    case 'set':
      for (const name of Object.keys(step.fields ?? {})) scope.fields.add(name);
      break;
    case 'notify':
    case 'call':
    case 'subflow':
      break;
  }
  scope.finished.add(step.id);
  return ends;
}
