import { z } from 'zod';
import { Slug } from '../dsl';

/** The body of `POST /flows`: a flow document, or English to compile into one. */
export const DeployFlowRequest = z
  .object({
    flow: z.unknown().optional(),
    text: z.string().trim().min(1).max(20_000).optional(),
    name: Slug.optional().describe('with text: the flow name (default: from the first words)'),
    ownerTeam: Slug.optional().describe('with text: the owning team'),
  })
  .strict()
  .refine((body) => (body.flow === undefined) !== (body.text === undefined), {
    message: 'send either "flow" (a flow document) or "text" (English), not both',
  });
export type DeployFlowRequest = z.infer<typeof DeployFlowRequest>;

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The body of `POST /flows/:name/runs`. */
export const StartFlowRunRequest = z
  .object({
    requester: z.email(),
    title: z.string().trim().min(1).max(500).optional(),
    fields: z.record(z.string().min(1).max(100), FieldValue).default({}),
  })
  .strict();
export type StartFlowRunRequest = z.infer<typeof StartFlowRunRequest>;
