import type { CompareOperator, Expression, LiteralValue, Outcome } from './ast';
import { isDateText } from './type-check';

/** A decision recorded for an approval (approved/rejected) or a handoff (accepted = approved). */
export type Decision = 'approved' | 'rejected';

/** What a finished approval, handoff, task or wait left behind for later conditions. */
export interface StepOutcome {
  readonly decision?: Decision;
  readonly timedOut?: boolean;
}

/** What a condition can see while a run executes. */
export interface EvaluationContext {
  /** The work item's fields, including `status` and `priority`. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The decision of the most recent approval or handoff. */
  readonly lastDecision?: Decision;
  /** Whether the most recent wait, task, approval or handoff ran past its time limit. */
  readonly lastTimedOut?: boolean;
  /** Outcomes by step id, for `<step_id>.approved` and friends. */
  readonly outcomes?: Readonly<Record<string, StepOutcome>>;
}

type Value = LiteralValue | undefined;

/**
 * Evaluates a parsed condition, deterministically and without side effects. A missing
 * field makes comparisons false, except `!=` and `not in`, which it satisfies.
 */
export function evaluateCondition(expression: Expression, context: EvaluationContext): boolean {
  return evaluate(expression, context) === true;
}

/** Evaluates any expression node to its value (undefined for a missing field). */
export function evaluate(expression: Expression, context: EvaluationContext): Value {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'field':
      return readField(context.fields, expression.name);
    case 'outcome':
      return outcomeHolds(expression.outcome, expression.step, context);
    case 'not':
      return !evaluateCondition(expression.operand, context);
    case 'logical': {
      const left = evaluateCondition(expression.left, context);
      // Short-circuit like any reader would expect; evaluation is pure either way.
      if (expression.operator === 'and') {
        return left && evaluateCondition(expression.right, context);
      }
      return left || evaluateCondition(expression.right, context);
    }
    case 'compare':
      return compare(
        expression.operator,
        evaluate(expression.left, context),
        evaluate(expression.right, context),
      );
    case 'in': {
      const value = evaluate(expression.value, context);
      if (value === undefined) return expression.negated;
      const found = expression.list.some((item) => compare('==', value, item.value));
      return expression.negated ? !found : found;
    }
  }
}

function readField(fields: Readonly<Record<string, unknown>>, name: string): Value {
  // Own keys only, so a field called "constructor" cannot reach Object.prototype.
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

function outcomeHolds(
  outcome: Outcome,
  step: string | undefined,
  context: EvaluationContext,
): boolean {
  const recorded: StepOutcome | undefined =
    step === undefined
      ? { decision: context.lastDecision, timedOut: context.lastTimedOut }
      : context.outcomes && Object.hasOwn(context.outcomes, step)
        ? context.outcomes[step]
        : undefined;
  if (!recorded) return false;
  if (outcome === 'timed_out') return recorded.timedOut === true;
  return recorded.decision === outcome;
}

function compare(operator: CompareOperator, left: Value, right: Value): boolean {
  if (left === undefined || right === undefined) return operator === '!=';
  const order = orderOf(left, right);
  switch (operator) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order !== undefined && order > 0;
    case '>=':
      return order !== undefined && order >= 0;
    case '<':
      return order !== undefined && order < 0;
    case '<=':
      return order !== undefined && order <= 0;
  }
}

// Negative, zero or positive like a comparator; undefined when the values do not compare.
function orderOf(left: LiteralValue, right: LiteralValue): number | undefined {
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'boolean' && typeof right === 'boolean') {
    return left === right ? 0 : undefined;
  }
  if (typeof left === 'string' && typeof right === 'string') {
    if (isDateText(left) && isDateText(right)) {
      return Math.sign(Date.parse(left) - Date.parse(right));
    }
    return left === right ? 0 : undefined;
  }
  return undefined;
}
