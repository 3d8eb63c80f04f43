import { z } from 'zod';
import { FieldName } from './names';

/** The value types a field of the work item can have. */
export const FieldType = z.enum([
  'text',
  'number',
  'money',
  'date',
  'person',
  'team',
  'choice',
  'boolean',
  'email',
  'url',
]);
export type FieldType = z.infer<typeof FieldType>;

const fieldBase = {
  name: FieldName,
  label: z.string().min(1).max(200).optional().describe('how a form shows the field'),
  optional: z
    .boolean()
    .optional()
    .describe('true if the field may be left empty; required otherwise'),
};

function simpleField<T extends Exclude<FieldType, 'choice' | 'money'>>(type: T) {
  return z.strictObject({ ...fieldBase, type: z.literal(type) });
}

/** Free text. */
export const TextField = simpleField('text');
/** A number. */
export const NumberField = simpleField('number');
/** An amount of money, a plain number in `currency` (ISO 4217, e.g. USD). */
export const MoneyField = z.strictObject({
  ...fieldBase,
  type: z.literal('money'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'a currency is an ISO 4217 code such as USD' })
    .optional(),
});
/** A calendar date (`2025-03-01`) or a date-time with offset. */
export const DateField = simpleField('date');
/** A person, by email. */
export const PersonField = simpleField('person');
/** A team, by slug. */
export const TeamField = simpleField('team');
/** One of a fixed list of options. */
export const ChoiceField = z.strictObject({
  ...fieldBase,
  type: z.literal('choice'),
  options: z.array(z.string().min(1).max(100)).min(1).max(100),
});
/** Yes or no. */
export const BooleanField = simpleField('boolean');
/** An email address. */
export const EmailField = simpleField('email');
/** A web address. */
export const UrlField = simpleField('url');

/** A typed field of an intake form or of a task's completion form. */
export const IntakeField = z
  .discriminatedUnion('type', [
    TextField,
    NumberField,
    MoneyField,
    DateField,
    PersonField,
    TeamField,
    ChoiceField,
    BooleanField,
    EmailField,
    UrlField,
  ])
  .meta({ id: 'IntakeField', description: 'a typed field of the work item' });
export type IntakeField = z.infer<typeof IntakeField>;
