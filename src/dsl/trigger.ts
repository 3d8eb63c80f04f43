import { z } from 'zod';
import { DateTime } from './date-time';
import { Duration } from './duration';
import { IntakeField } from './intake-field';
import { EventName } from './names';

/** Started by hand or by an API call, with no intake form. */
export const ManualTrigger = z.strictObject({ type: z.literal('manual') });
export type ManualTrigger = z.infer<typeof ManualTrigger>;

/** Started when a request comes in: an intake form, an API call, or an event from another system. */
export const RequestTrigger = z.strictObject({
  type: z.literal('request'),
  fields: z.array(IntakeField).max(100),
  event: EventName.optional().describe(
    'an external event that also starts a run, e.g. "deal.closed"',
  ),
});
export type RequestTrigger = z.infer<typeof RequestTrigger>;

/** What a schedule does when a run is still going at the next start (Temporal's overlap policies). */
export const OverlapPolicy = z.enum([
  'skip',
  'buffer_one',
  'buffer_all',
  'cancel_other',
  'terminate_other',
  'allow_all',
]);
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

/** How late a start missed while the workflow service was down may still happen, by default. */
export const DEFAULT_CATCH_UP_WINDOW = 'PT1H';

/**
 * Started on a schedule: a cron expression or a fixed interval, in a time zone (default UTC).
 * `catchUpWindow` (default {@link DEFAULT_CATCH_UP_WINDOW}): a start missed during an outage
 * still happens when the service is back if it is at most that late; older ones are dropped.
 */
export const ScheduleTrigger = z
  .strictObject({
    type: z.literal('schedule'),
    cron: z.string().min(1).max(200).optional().describe('five fields: min hour dom month dow'),
    every: Duration.optional().describe('a fixed interval, instead of cron'),
    timeZone: z.string().min(1).max(64).optional().describe('IANA zone, e.g. "Europe/London"'),
    start: DateTime.optional(),
    end: DateTime.optional(),
    overlap: OverlapPolicy.optional().describe('default skip'),
    catchUpWindow: Duration.optional().describe(
      'how late a start missed during an outage may still happen; at least PT10S, default PT1H',
    ),
  })
  .superRefine((trigger, ctx) => {
    if ((trigger.cron === undefined) === (trigger.every === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a schedule has either `cron` or `every`, not both and not neither',
        path: ['cron'],
        params: { code: 'schedule-recurrence' },
      });
    }
  });
export type ScheduleTrigger = z.infer<typeof ScheduleTrigger>;

/** How runs of a flow start. */
export const Trigger = z
  .discriminatedUnion('type', [ManualTrigger, RequestTrigger, ScheduleTrigger])
  .meta({ id: 'Trigger' });
export type Trigger = z.infer<typeof Trigger>;
