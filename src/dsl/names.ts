import { z } from 'zod';

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A field of the work item: snake_case, so that expressions and templates can name it. */
export const FieldName = z
  .string()
  .max(64)
  .regex(SNAKE_CASE, { error: 'a field name is snake_case: lowercase letters, digits and _' })
  .describe('snake_case field name, e.g. "annual_spend"');
export type FieldName = z.infer<typeof FieldName>;

/** A step's stable id: the step path of its tasks and audit events, and `<id>.approved` in expressions. */
export const StepId = z
  .string()
  .max(64)
  .regex(SNAKE_CASE, { error: 'a step id is snake_case: lowercase letters, digits and _' })
  .describe('stable snake_case step id, unique in the flow, e.g. "manager_approval"');
export type StepId = z.infer<typeof StepId>;

/** A lowercase name with words joined by `-`: roles, teams, flows, destinations. */
export const Slug = z
  .string()
  .max(64)
  .regex(KEBAB_CASE, { error: 'a slug is lowercase words joined by -, e.g. "finance-director"' });
export type Slug = z.infer<typeof Slug>;

/** The name of an external event a run can wait for or be started by ("deal.closed", "signed-contract"). */
export const EventName = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, {
    error: 'an event name is lowercase words joined by -, _ or ., e.g. "signed-contract"',
  });
export type EventName = z.infer<typeof EventName>;

/** A work item status: lowercase, e.g. "triage", "in_review", "resolved". */
export const WorkStatus = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, { error: 'a status is a lowercase word, e.g. "triage"' });
export type WorkStatus = z.infer<typeof WorkStatus>;

/** How urgent a work item is; `normal` is the work store's default. */
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** Whether `text` is a snake_case identifier (field name or step id). */
export function isSnakeCase(text: string): boolean {
  return SNAKE_CASE.test(text);
}
