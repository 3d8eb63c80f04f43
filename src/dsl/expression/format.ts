import type { Expression, LiteralValue } from './ast';
import { RESERVED_WORDS } from './parser';

/** Options of {@link formatExpression}. */
export interface FormatExpressionOptions {
  /** Print plain-word strings without quotes (`status == resolved`), as the outline does. */
  readonly bareStrings?: boolean;
}

const PRECEDENCE = { or: 1, and: 2, not: 3, compare: 4, atom: 5 } as const;

function precedenceOf(node: Expression): number {
  switch (node.kind) {
    case 'logical':
      return PRECEDENCE[node.operator];
    case 'not':
      return PRECEDENCE.not;
    case 'compare':
    case 'in':
      return PRECEDENCE.compare;
    case 'literal':
    case 'field':
    case 'outcome':
      return PRECEDENCE.atom;
  }
}

/** Prints an expression in canonical form, with only the parentheses precedence needs. */
export function formatExpression(node: Expression, options: FormatExpressionOptions = {}): string {
  const child = (inner: Expression, minimum: number): string => {
    const text = formatExpression(inner, options);
    return precedenceOf(inner) < minimum ? `(${text})` : text;
  };
  switch (node.kind) {
    case 'literal':
      return formatLiteral(node.value, options);
    case 'field':
      return node.name;
    case 'outcome':
      return node.step === undefined ? node.outcome : `${node.step}.${node.outcome}`;
    case 'not':
      return `not ${child(node.operand, PRECEDENCE.not)}`;
    case 'logical': {
      const own = PRECEDENCE[node.operator];
      // and/or are associative, so a same-operator left child needs no parentheses.
      return `${child(node.left, own)} ${node.operator} ${child(node.right, own + 1)}`;
    }
    case 'compare':
      return `${child(node.left, PRECEDENCE.atom)} ${node.operator} ${child(node.right, PRECEDENCE.atom)}`;
    case 'in': {
      const list = node.list.map((item) => formatLiteral(item.value, options)).join(', ');
      return `${child(node.value, PRECEDENCE.atom)} ${node.negated ? 'not in' : 'in'} [${list}]`;
    }
  }
}

function formatLiteral(value: LiteralValue, options: FormatExpressionOptions): string {
  if (typeof value !== 'string') return String(value);
  const bare =
    /^[A-Za-z0-9_@.:-]+$/.test(value) && !RESERVED_WORDS.has(value) && !/^-?\d/.test(value);
  // Only quotes and backslashes are escaped, matching what the tokenizer reads back.
  return options.bareStrings && bare ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
