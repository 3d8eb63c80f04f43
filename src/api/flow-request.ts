import { z } from 'zod';
import { Slug } from '../dsl';
import { Fields, manyLines, oneLine } from './safe-text';

const EnglishText = z.string().trim().min(1).max(20_000).check(manyLines);
const FlowName = Slug.describe('the flow name (default: from the first words)');
const OwnerTeam = Slug.describe('the owning team');

/** The body of `POST /compile`: English to preview as a flow; nothing is stored. */
const AskModel = z
  .boolean()
  .describe('ask the configured model even when the grammar read everything (400 without one)');

export const CompileRequest = z.strictObject({
  text: EnglishText,
  name: FlowName.optional(),
  ownerTeam: OwnerTeam.optional(),
  llm: AskModel.optional(),
});
export type CompileRequest = z.infer<typeof CompileRequest>;

/** The body of `POST /flows`: a flow document, or English to compile into one. */
export const DeployFlowRequest = z
  .object({
    flow: z.unknown().optional(),
    text: EnglishText.optional(),
    name: FlowName.optional().describe('with text: the flow name (default: from the first words)'),
    ownerTeam: OwnerTeam.optional().describe('with text: the owning team'),
    llm: AskModel.optional(),
  })
  .strict()
  .refine((body) => (body.flow === undefined) !== (body.text === undefined), {
    message: 'send either "flow" (a flow document) or "text" (English), not both',
  })
  .refine((body) => body.llm === undefined || body.text !== undefined, {
    message: '"llm" goes with "text"',
    path: ['llm'],
  });
export type DeployFlowRequest = z.infer<typeof DeployFlowRequest>;

/** The body of `POST /flows/:name/runs`. */
export const StartFlowRunRequest = z
  .object({
    title: z.string().trim().min(1).max(500).check(oneLine).optional(),
    fields: Fields.default({}),
  })
  .strict();
export type StartFlowRunRequest = z.infer<typeof StartFlowRunRequest>;
