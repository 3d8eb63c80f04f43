import { isDateText } from '../expression/type-check';
import type { IntakeField } from '../intake-field';
import type { PathSegment } from '../issue';
import type { FieldValue } from '../steps/set-step';
import { VerifyCode } from './codes';
import type { VerifyContext } from './context';
import type { Scope } from './scope';

/** Checks a `set` step writes a declared field with a value of its type. */
export function checkSetField(
  ctx: VerifyContext,
  name: string,
  value: FieldValue,
  path: readonly PathSegment[],
): void {
  const declared = ctx.fields.get(name);
  if (!declared) {
    ctx.error(
      VerifyCode.unknownField,
      `unknown field "${name}"; set only updates declared fields`,
      path,
    );
    return;
  }
  const problem = valueProblem(declared.field, value);
  if (problem) {
    ctx.error(VerifyCode.setTypeMismatch, `${name} (${declared.field.type}): ${problem}`, path);
  }
}

function valueProblem(field: IntakeField, value: FieldValue): string | undefined {
  if (value === null) return field.optional ? undefined : 'a required field cannot be cleared';
  switch (field.type) {
    case 'number':
    case 'money':
      return typeof value === 'number' ? undefined : 'expects a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expects true or false';
    case 'date':
      return typeof value === 'string' && isDateText(value)
        ? undefined
        : 'expects a date like 2025-01-31';
    case 'choice':
      return typeof value === 'string' && field.options.includes(value)
        ? undefined
        : `expects one of ${field.options.join(', ')}`;
    case 'email':
      return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
        ? undefined
        : 'expects an email';
    case 'url':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value)
        ? undefined
        : 'expects an http(s) URL';
    case 'text':
    case 'person':
    case 'team':
      return typeof value === 'string' ? undefined : 'expects text';
  }
}

/** Checks a wait names a date field that holds a value by then. */
export function checkWaitField(
  ctx: VerifyContext,
  name: string,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const declared = ctx.fields.get(name);
  if (!declared) {
    ctx.error(VerifyCode.unknownField, `unknown field "${name}"`, path);
  } else if (declared.field.type !== 'date') {
    ctx.error(
      VerifyCode.fieldNotDate,
      `field "${name}" is ${declared.field.type}, not a date`,
      path,
    );
  } else if (!scope.fields.has(name)) {
    ctx.error(
      VerifyCode.fieldUnavailable,
      `field "${name}" is only filled in by a later step`,
      path,
    );
  }
}
