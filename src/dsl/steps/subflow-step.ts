import { z } from 'zod';
import { FieldName, Slug } from '../names';
import { stepBase } from './step-base';

/** Starts a run of another flow, and waits for it to finish or not. */
export const SubflowStep = z.strictObject({
  type: z.literal('subflow'),
  ...stepBase,
  flow: Slug.describe('the name of the flow to start'),
  wait: z.boolean(),
  input: z
    .record(FieldName, z.string().max(5000))
    .optional()
    .describe('intake fields of the subflow, as {{field}} templates'),
});
export type SubflowStep = z.infer<typeof SubflowStep>;
