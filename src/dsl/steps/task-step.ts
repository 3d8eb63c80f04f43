import { z } from 'zod';
import { TaskOverdueAction } from '../action';
import { Duration } from '../duration';
import { IntakeField } from '../intake-field';
import { Party } from '../party';
import { stepBase } from './step-base';

/** A piece of work for a party, optionally due within a time, with reminders and an output form. */
export const TaskStep = z.strictObject({
  type: z.literal('task'),
  ...stepBase,
  title: z.string().min(1).max(200),
  instructions: z.string().max(5000).optional(),
  assignee: Party,
  due: z
    .strictObject({
      within: Duration,
      then: TaskOverdueAction.optional().describe('what happens when the task is overdue'),
    })
    .optional(),
  remindEvery: Duration.optional().describe('remind the assignee every so often until done'),
  form: z
    .array(IntakeField)
    .max(50)
    .optional()
    .describe('fields the assignee fills in on completion; later steps can use them'),
});
export type TaskStep = z.infer<typeof TaskStep>;
