import { z } from 'zod';
import { CalendarDate, DateTime } from '../date-time';
import { Duration } from '../duration';
import { EventName, FieldName } from '../names';
import { stepBase } from './step-base';

/** Pause for a duration. */
export const WaitForDuration = z.strictObject({ type: z.literal('duration'), duration: Duration });
export type WaitForDuration = z.infer<typeof WaitForDuration>;

/** Pause until a fixed date-time, or a date (midnight in the flow's time zone). */
export const WaitForDate = z.strictObject({
  type: z.literal('date'),
  at: z.union([DateTime, CalendarDate]),
});
export type WaitForDate = z.infer<typeof WaitForDate>;

/** Pause until the date held in a `date` field of the work item. */
export const WaitForField = z.strictObject({ type: z.literal('field'), field: FieldName });
export type WaitForField = z.infer<typeof WaitForField>;

/** Pause until a named external event arrives; past `timeout` the outcome is `timed_out`. */
export const WaitForEvent = z.strictObject({
  type: z.literal('event'),
  event: EventName,
  timeout: Duration.optional(),
});
export type WaitForEvent = z.infer<typeof WaitForEvent>;

/** What a wait step waits for. */
export const WaitFor = z.discriminatedUnion('type', [
  WaitForDuration,
  WaitForDate,
  WaitForField,
  WaitForEvent,
]);
export type WaitFor = z.infer<typeof WaitFor>;

/** A pause: a duration, until a date or a field's date, or for an external event. */
export const WaitStep = z.strictObject({ type: z.literal('wait'), ...stepBase, for: WaitFor });
export type WaitStep = z.infer<typeof WaitStep>;
