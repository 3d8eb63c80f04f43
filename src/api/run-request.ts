import { z } from 'zod';

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The body of `POST /runs`. */
export const StartRunRequest = z
  .object({
    title: z.string().trim().min(1).max(500),
    requester: z.email(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    fields: z.record(z.string().min(1).max(100), FieldValue).default({}),
  })
  .strict();
export type StartRunRequest = z.infer<typeof StartRunRequest>;

/** `Idempotency-Key`: a retried POST with the same key returns the same run. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'letters, digits and . _ : - only, at most 200');
