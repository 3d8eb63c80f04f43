import { z } from 'zod';
import { HandoffTimeoutAction } from '../action';
import { Duration } from '../duration';
import { Party } from '../party';
import { stepBase } from './step-base';

/** Ownership of the work item moves to a party, who must accept it (within a time limit, if given). */
export const HandoffStep = z.strictObject({
  type: z.literal('handoff'),
  ...stepBase,
  to: Party,
  note: z.string().max(5000).optional().describe('what the new owner needs to know'),
  accept: z
    .strictObject({
      within: Duration,
      then: HandoffTimeoutAction.optional().describe('what happens if it is not accepted in time'),
    })
    .optional(),
});
export type HandoffStep = z.infer<typeof HandoffStep>;
