import type { IntakeField } from '../../dsl';
import type { FieldValue } from './messages';

/**
 * Why the values do not fill the form, or undefined if they do: every required field present,
 * values scalar and of the field's kind, no field the form does not declare.
 */
export function formProblem(
  form: readonly IntakeField[] | undefined,
  values: Record<string, FieldValue> | undefined,
): string | undefined {
  const given = values ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) return 'fields must be an object';
  const declared = new Map((form ?? []).map((field) => [field.name, field]));
  for (const [name, value] of Object.entries(given)) {
    const field = declared.get(name);
    if (!field) return `the form has no field "${name}"`;
    if (value === null) continue;
    const kind = field.type === 'number' || field.type === 'money' ? 'number' : undefined;
    const expected = kind ?? (field.type === 'boolean' ? 'boolean' : 'string');
    if (typeof value !== expected) return `field "${name}" must be a ${expected}`;
    if (field.type === 'choice' && !field.options.includes(String(value))) {
      return `field "${name}" must be one of ${field.options.join(', ')}`;
    }
  }
  for (const field of declared.values()) {
    if (
      field.optional !== true &&
      (given[field.name] === undefined || given[field.name] === null)
    ) {
      return `the form needs field "${field.name}"`;
    }
  }
  return undefined;
}
