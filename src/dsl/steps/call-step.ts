import { z } from 'zod';
import { Duration } from '../duration';
import { Slug } from '../names';
import { stepBase } from './step-base';

/** The HTTP methods a call step may use. */
export const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** An HTTP request to a named destination on the allow-list, retried on failure. */
export const CallStep = z.strictObject({
  type: z.literal('call'),
  ...stepBase,
  method: HttpMethod,
  destination: Slug.describe('the name of an allow-listed destination (its base URL)'),
  path: z
    .string()
    .max(2000)
    .regex(/^\//, { error: 'a path starts with /' })
    .optional()
    .describe('appended to the destination URL; may hold {{field}} placeholders'),
  payload: z
    .string()
    .max(20_000)
    .optional()
    .describe('request body template with {{field}} placeholders'),
  retries: z
    .strictObject({ maxAttempts: z.int().min(1).max(20), backoff: Duration.optional() })
    .optional(),
  timeout: Duration.optional().describe('per attempt'),
});
export type CallStep = z.infer<typeof CallStep>;
