/** The outcomes a condition can test: bare for the most recent step, or `<step_id>.<outcome>`. */
export const Outcome = {
  approved: 'approved',
  rejected: 'rejected',
  timed_out: 'timed_out',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The comparison operators. */
export type CompareOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A constant in an expression. */
export type LiteralValue = string | number | boolean;

interface Located {
  /** Offset of the node's first character in the source. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

/** A number, string or boolean constant. */
export interface LiteralNode extends Located {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

/** A field of the work item, by snake_case name. */
export interface FieldNode extends Located {
  readonly kind: 'field';
  readonly name: string;
}

/** `approved` / `rejected` / `timed_out`, of the most recent step or of the step named `step`. */
export interface OutcomeNode extends Located {
  readonly kind: 'outcome';
  readonly outcome: Outcome;
  readonly step?: string;
}

/** `not <operand>`. */
export interface NotNode extends Located {
  readonly kind: 'not';
  readonly operand: Expression;
}

/** `<left> and <right>`, `<left> or <right>`. */
export interface LogicalNode extends Located {
  readonly kind: 'logical';
  readonly operator: 'and' | 'or';
  readonly left: Expression;
  readonly right: Expression;
}

/** `<left> <op> <right>` with a comparison operator. */
export interface CompareNode extends Located {
  readonly kind: 'compare';
  readonly operator: CompareOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** `<value> in [a, b]` or `<value> not in [a, b]`. */
export interface InNode extends Located {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly value: Expression;
  readonly list: readonly LiteralNode[];
}

/** A parsed condition. */
export type Expression =
  LiteralNode | FieldNode | OutcomeNode | NotNode | LogicalNode | CompareNode | InNode;

/** A problem in an expression, located by character offsets into its source. */
export interface ExpressionError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Calls `visit` on every node of an expression, parents first. */
export function walkExpression(node: Expression, visit: (node: Expression) => void): void {
  visit(node);
  switch (node.kind) {
    case 'literal':
    case 'field':
    case 'outcome':
      return;
    case 'not':
      walkExpression(node.operand, visit);
      return;
    case 'logical':
    case 'compare':
      walkExpression(node.left, visit);
      walkExpression(node.right, visit);
      return;
    case 'in':
      walkExpression(node.value, visit);
      for (const item of node.list) walkExpression(item, visit);
      return;
  }
}
