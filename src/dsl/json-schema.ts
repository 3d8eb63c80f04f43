import { z } from 'zod';
import { Flow } from './flow';

/** Options of {@link flowJsonSchema}. */
export interface FlowJsonSchemaOptions {
  /** `input` (default) describes what a writer may send; `output` what parsing yields. */
  readonly io?: 'input' | 'output';
}

/** The JSON Schema (draft 2020-12) of a flow document, generated from the zod schema. */
export function flowJsonSchema(options: FlowJsonSchemaOptions = {}): Record<string, unknown> {
  return z.toJSONSchema(Flow, { target: 'draft-2020-12', io: options.io ?? 'input' });
}
