import { z } from 'zod';
import { textProblem, type TextKind } from '../dsl/safe-text';

const refusing = (kind: TextKind) =>
  z.superRefine<string>((text, ctx) => {
    const problem = textProblem(text, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A check for one line of text (titles, names): no control characters, no lone surrogates. */
export const oneLine = refusing('line');

/** A check for text of several lines (comments, descriptions): tab, newline and CR allowed. */
export const manyLines = refusing('lines');

/** The longest text a field value may be; longer belongs in an attachment, not a work item. */
export const FIELD_VALUE_MAX = 10_000;
const FIELD_NAME_MAX = 100;

/** A value of a work item field: a number, a boolean, null or text of several lines. */
export const FieldValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .superRefine((value, ctx) => {
    if (typeof value !== 'string') return;
    // Checked after the union, whose own issue would only say "Invalid input".
    const problem =
      value.length > FIELD_VALUE_MAX
        ? `is longer than ${FIELD_VALUE_MAX} characters`
        : textProblem(value, 'lines');
    if (problem) ctx.addIssue({ code: 'custom', message: `the value ${problem}` });
  });

/** Work item fields by name: each name one line of 1 to 100 characters, each value a {@link FieldValue}. */
export const Fields = z.record(z.string(), FieldValue).superRefine((fields, ctx) => {
  // Checked on the record, whose key issues would only say "Invalid key in record".
  for (const name of Object.keys(fields)) {
    const problem =
      name.length === 0 || name.length > FIELD_NAME_MAX
        ? `must have 1 to ${FIELD_NAME_MAX} characters`
        : textProblem(name, 'line');
    if (problem)
      ctx.addIssue({ code: 'custom', path: [name], message: `the field name ${problem}` });
  }
});
