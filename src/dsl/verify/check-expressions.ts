import { walkExpression, type OutcomeNode } from '../expression/ast';
import { parseExpression } from '../expression/parser';
import { BUILTIN_FIELDS, checkExpression, type FieldInfo } from '../expression/type-check';
import type { PathSegment } from '../issue';
import type { Step } from '../steps/step';
import { templatePlaceholders } from '../template';
import { VerifyCode } from './codes';
import type { VerifyContext } from './context';
import type { Scope } from './scope';

/** Parses and type-checks a condition, and checks the fields and outcomes it reads exist by then. */
export function checkCondition(
  ctx: VerifyContext,
  source: string,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    const { message, start } = parsed.error;
    ctx.error(VerifyCode.expressionSyntax, `${message} (at character ${start + 1})`, path, start);
    return;
  }
  const expression = parsed.expression;
  const declared = new Map<string, FieldInfo>();
  for (const [name, field] of ctx.fields) declared.set(name, field.info);
  for (const error of checkExpression(expression, declared)) {
    const code =
      error.code === 'unknown-field' ? VerifyCode.unknownField : VerifyCode.expressionType;
    ctx.error(code, `${error.message} (at character ${error.start + 1})`, path, error.start);
  }
  walkExpression(expression, (node) => {
    if (node.kind === 'field' && !fieldAvailable(ctx, node.name, scope)) {
      ctx.error(
        VerifyCode.fieldUnavailable,
        `field "${node.name}" is only filled in by a later step (${ctx.fields.get(node.name)?.stepId ?? '?'})`,
        path,
        node.start,
      );
    }
    if (node.kind === 'outcome') checkOutcome(ctx, node, path, scope);
  });
  if (expression.kind === 'literal') {
    ctx.warning(
      VerifyCode.constantCondition,
      `the condition is always ${String(expression.value)}`,
      path,
    );
  }
}

function fieldAvailable(ctx: VerifyContext, name: string, scope: Scope): boolean {
  return !ctx.fields.has(name) || scope.fields.has(name);
}

function checkOutcome(
  ctx: VerifyContext,
  node: OutcomeNode,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const report = (
    code: typeof VerifyCode.unknownStep | typeof VerifyCode.outcomeUnavailable,
    message: string,
  ) => ctx.error(code, `${message} (at character ${node.start + 1})`, path, node.start);
  if (node.step === undefined) {
    if (node.outcome === 'timed_out' && !scope.limited) {
      report(
        VerifyCode.outcomeUnavailable,
        'timed_out needs an earlier wait, task, approval or handoff with a time limit',
      );
    } else if (node.outcome !== 'timed_out' && !scope.decision) {
      report(VerifyCode.outcomeUnavailable, `${node.outcome} needs an earlier approval or handoff`);
    }
    return;
  }
  const declared = ctx.steps.get(node.step);
  if (!declared) {
    report(VerifyCode.unknownStep, `unknown step "${node.step}"`);
    return;
  }
  const problem = outcomeProblem(declared.step, node);
  if (problem) report(VerifyCode.outcomeUnavailable, problem);
  else if (!scope.finished.has(node.step)) {
    report(VerifyCode.outcomeUnavailable, `step "${node.step}" has not run at this point`);
  }
}

function outcomeProblem(step: Step, node: OutcomeNode): string | undefined {
  const name = `step "${node.step ?? ''}"`;
  if (node.outcome !== 'timed_out') {
    return step.type === 'approval' || step.type === 'handoff'
      ? undefined
      : `${name} is a ${step.type}; only approvals and handoffs are ${node.outcome}`;
  }
  const limited =
    (step.type === 'task' && step.due !== undefined) ||
    (step.type === 'approval' && step.timeout !== undefined) ||
    (step.type === 'handoff' && step.accept !== undefined) ||
    (step.type === 'wait' && step.for.type === 'event' && step.for.timeout !== undefined);
  return limited ? undefined : `${name} has no time limit, so it never times out`;
}

/** Checks the `{{field}}` placeholders of a template name fields that hold a value by then. */
export function checkTemplate(
  ctx: VerifyContext,
  template: string,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  for (const placeholder of templatePlaceholders(template)) {
    const { name, start } = placeholder;
    if (!placeholder.valid) {
      ctx.error(
        VerifyCode.badPlaceholder,
        `"{{${name}}}" does not name a field (snake_case)`,
        path,
        start,
      );
    } else if (!ctx.fields.has(name) && !BUILTIN_FIELDS.has(name)) {
      ctx.error(
        VerifyCode.unknownPlaceholder,
        `"{{${name}}}" names no field of the flow`,
        path,
        start,
      );
    } else if (!fieldAvailable(ctx, name, scope)) {
      ctx.error(
        VerifyCode.fieldUnavailable,
        `"{{${name}}}" is only filled in by a later step (${ctx.fields.get(name)?.stepId ?? '?'})`,
        path,
        start,
      );
    }
  }
}
