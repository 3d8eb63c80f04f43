import { z } from 'zod';
import { StepId } from '../names';

/** The stretch of source English a step was compiled from, as character offsets [start, end). */
export const Span = z
  .strictObject({ start: z.int().min(0), end: z.int().min(0) })
  .refine((span) => span.end >= span.start, {
    message: 'a span ends at or after its start',
    path: ['end'],
    params: { code: 'bad-span' },
  });
export type Span = z.infer<typeof Span>;

/** The keys every step has: a stable id and, when compiled from English, its span. */
export const stepBase = {
  id: StepId,
  span: Span.optional(),
};
