import { z } from 'zod';
import { FieldName, Priority, WorkStatus } from '../names';
import { stepBase } from './step-base';

/** A value a `set` step writes into a field; null clears an optional field. */
export const FieldValue = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/** Updates fields, the status or the priority of the work item. */
export const SetStep = z
  .strictObject({
    type: z.literal('set'),
    ...stepBase,
    fields: z.record(FieldName, FieldValue).optional(),
    status: WorkStatus.optional(),
    priority: Priority.optional(),
  })
  .refine(
    (step) =>
      step.status !== undefined ||
      step.priority !== undefined ||
      Object.keys(step.fields ?? {}).length > 0,
    {
      message: 'a set step changes at least one of fields, status, priority',
      params: { code: 'empty-set' },
    },
  );
export type SetStep = z.infer<typeof SetStep>;
