import type { IntakeField } from '../intake-field';
import { Priority } from '../names';
import type { CompareNode, Expression, InNode, LiteralNode } from './ast';

/** The value types of the expression language. */
export type ValueType = 'string' | 'number' | 'boolean' | 'date';

/** What the type checker knows about a field: its value type, how to name it, its options. */
export interface FieldInfo {
  readonly valueType: ValueType;
  /** The DSL type shown in messages: `money`, `choice`, `status`... */
  readonly label: string;
  readonly options?: readonly string[];
}

/** A type error, located by offsets into the expression source. */
export interface TypeCheckError {
  readonly code: 'unknown-field' | 'type-mismatch' | 'not-an-option';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Fields every work item has, besides its intake and form fields. */
export const BUILTIN_FIELDS: ReadonlyMap<string, FieldInfo> = new Map<string, FieldInfo>([
  ['status', { valueType: 'string', label: 'status' }],
  ['priority', { valueType: 'string', label: 'priority', options: Priority.options }],
]);

/** The expression-language view of a DSL field. */
export function fieldInfo(field: IntakeField): FieldInfo {
  switch (field.type) {
    case 'number':
    case 'money':
      return { valueType: 'number', label: field.type };
    case 'date':
      return { valueType: 'date', label: field.type };
    case 'boolean':
      return { valueType: 'boolean', label: field.type };
    case 'choice':
      return { valueType: 'string', label: field.type, options: field.options };
    case 'text':
    case 'person':
    case 'team':
    case 'email':
    case 'url':
      return { valueType: 'string', label: field.type };
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** Whether a string is an ISO date or date-time, i.e. comparable with a `date` field. */
export function isDateText(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text));
}

type Typed = { type: ValueType | undefined; describe: string; info?: FieldInfo };

/** Type-checks a condition against the fields in scope: it must be a boolean, and so must and/or/not operands. */
export function checkExpression(
  expression: Expression,
  fields: ReadonlyMap<string, FieldInfo>,
): TypeCheckError[] {
  const errors: TypeCheckError[] = [];
  const report = (code: TypeCheckError['code'], message: string, node: Expression): void => {
    errors.push({ code, message, start: node.start, end: node.end });
  };

  const expectBoolean = (node: Expression, role: string): void => {
    const typed = typeOf(node);
    if (typed.type !== undefined && typed.type !== 'boolean') {
      report('type-mismatch', `${role} must be true or false, but ${typed.describe} is not`, node);
    }
  };

  // `comparing` marks an operand of a comparison, where an unknown name is often unquoted text.
  const typeOf = (node: Expression, comparing = false): Typed => {
    switch (node.kind) {
      case 'literal':
        return literalType(node);
      case 'field': {
        const info = fields.get(node.name) ?? BUILTIN_FIELDS.get(node.name);
        if (!info) {
          const hint = comparing ? ` (if you meant the text, quote it: "${node.name}")` : '';
          report('unknown-field', `unknown field "${node.name}"${hint}`, node);
          return { type: undefined, describe: node.name };
        }
        return { type: info.valueType, describe: `${node.name} (${info.label})`, info };
      }
      case 'outcome':
        return { type: 'boolean', describe: node.outcome };
      case 'not':
        expectBoolean(node.operand, 'the operand of not');
        return { type: 'boolean', describe: 'a condition' };
      case 'logical':
        expectBoolean(node.left, `each side of ${node.operator}`);
        expectBoolean(node.right, `each side of ${node.operator}`);
        return { type: 'boolean', describe: 'a condition' };
      case 'compare':
        checkCompare(node, typeOf(node.left, true), typeOf(node.right, true), report);
        return { type: 'boolean', describe: 'a comparison' };
      case 'in':
        checkIn(node, typeOf(node.value, true), report);
        return { type: 'boolean', describe: 'a comparison' };
    }
  };

  expectBoolean(expression, 'a condition');
  return errors;
}

function literalType(node: LiteralNode): Typed {
  if (typeof node.value === 'number') return { type: 'number', describe: String(node.value) };
  if (typeof node.value === 'boolean') return { type: 'boolean', describe: String(node.value) };
  return { type: 'string', describe: JSON.stringify(node.value) };
}

type Report = (code: TypeCheckError['code'], message: string, node: Expression) => void;

function checkCompare(node: CompareNode, left: Typed, right: Typed, report: Report): void {
  const leftType = asDate(left, node.left, right, report);
  const rightType = asDate(right, node.right, left, report);
  if (leftType === undefined || rightType === undefined) return;
  if (leftType !== rightType) {
    report('type-mismatch', `cannot compare ${left.describe} with ${right.describe}`, node);
    return;
  }
  const ordering = node.operator !== '==' && node.operator !== '!=';
  if (ordering && leftType !== 'number' && leftType !== 'date') {
    report(
      'type-mismatch',
      `${node.operator} compares numbers or dates, not ${left.describe}`,
      node,
    );
    return;
  }
  checkOption(left, node.right, report);
  checkOption(right, node.left, report);
}

// A string literal compared with a date is read as a date, so it must be one; undefined = no verdict.
function asDate(
  self: Typed,
  node: Expression,
  other: Typed,
  report: Report,
): ValueType | undefined {
  if (self.type === undefined || other.type === undefined) return undefined;
  if (self.type !== 'string' || other.type !== 'date' || node.kind !== 'literal') return self.type;
  if (typeof node.value === 'string' && isDateText(node.value)) return 'date';
  report('type-mismatch', `${self.describe} is not a date (write it as 2025-01-31)`, node);
  return undefined;
}

function checkOption(field: Typed, other: Expression, report: Report): void {
  const options = field.info?.options;
  if (!options || other.kind !== 'literal' || typeof other.value !== 'string') return;
  if (!options.includes(other.value)) {
    report(
      'not-an-option',
      `"${other.value}" is not an option of ${field.describe}: ${options.join(', ')}`,
      other,
    );
  }
}

function checkIn(node: InNode, value: Typed, report: Report): void {
  if (node.list.length === 0) report('type-mismatch', 'the list is empty', node);
  if (value.type === undefined) return;
  for (const item of node.list) {
    const itemType = literalType(item);
    const compatible =
      itemType.type === value.type ||
      (value.type === 'date' && typeof item.value === 'string' && isDateText(item.value));
    if (!compatible) {
      report('type-mismatch', `cannot compare ${value.describe} with ${itemType.describe}`, item);
    } else {
      checkOption(value, item, report);
    }
  }
}
