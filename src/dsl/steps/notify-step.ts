import { z } from 'zod';
import { Party } from '../party';
import { stepBase } from './step-base';

/** Where a message goes: the in-app outbox, or each party's configured webhook. */
export const NotifyChannel = z.enum(['in_app', 'webhook']);
export type NotifyChannel = z.infer<typeof NotifyChannel>;

/** A message to parties; `{{field}}` placeholders are filled from the work item. */
export const NotifyStep = z.strictObject({
  type: z.literal('notify'),
  ...stepBase,
  to: z.array(Party).min(1).max(20),
  message: z.string().min(1).max(5000).describe('template, e.g. "Request {{vendor}} was rejected"'),
  channel: NotifyChannel.optional().describe('default in_app'),
});
export type NotifyStep = z.infer<typeof NotifyStep>;
