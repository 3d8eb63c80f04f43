import { z } from 'zod';
import { Fields, oneLine } from './safe-text';

/** The body of `POST /runs`. */
export const StartRunRequest = z
  .object({
    title: z.string().trim().min(1).max(500).check(oneLine),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    fields: Fields.default({}),
  })
  .strict();
export type StartRunRequest = z.infer<typeof StartRunRequest>;

/** `Idempotency-Key`: a retried POST with the same key returns the same run. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'letters, digits and . _ : - only, at most 200');

/** The body of `POST /runs/:id/cancel`: why, for the audit trail. */
export const CancelRunRequest = z.strictObject({
  reason: z.string().trim().min(1).max(500).check(oneLine).optional(),
});
