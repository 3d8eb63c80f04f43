import { z } from 'zod';
import { ApprovalTimeoutAction } from '../action';
import { Duration } from '../duration';
import { Party } from '../party';
import { stepBase } from './step-base';

/**
 * How approvers decide. A role or team counts as one approver for `any` and `sequence` (one of
 * its members decides); for `quorum` and `all`, as the members the directory lists for it.
 */
export const ApprovalMode = z.enum(['any', 'all', 'quorum', 'sequence']);
export type ApprovalMode = z.infer<typeof ApprovalMode>;

/** A decision by approvers; its outcome (`approved`, `rejected`, `timed_out`) is visible to later steps. */
export const ApprovalStep = z.strictObject({
  type: z.literal('approval'),
  ...stepBase,
  title: z.string().min(1).max(200).optional(),
  instructions: z.string().max(5000).optional(),
  approvers: z.array(Party).min(1).max(50),
  mode: ApprovalMode.describe(
    'any: first decision wins; all: everyone; quorum: `quorum` approvals; sequence: in order',
  ),
  quorum: z.int().min(1).max(1000).optional().describe('approvals needed; only with mode quorum'),
  allowDelegation: z.boolean().optional().describe('whether an approver may delegate; default no'),
  remindEvery: Duration.optional(),
  timeout: z
    .strictObject({ after: Duration, then: ApprovalTimeoutAction.optional() })
    .optional()
    .describe('without `then`, the outcome is timed_out and the flow goes on'),
});
export type ApprovalStep = z.infer<typeof ApprovalStep>;
